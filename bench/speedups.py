"""Each speed-up of service/nlp measured alone: switched off and on, article by article (`make bench-speedups`).

The machines this runs on are shared: their speed drifts by a fifth and more
within minutes, more than most single speed-ups change.  So each article of
the corpus (the GSD test sentences as ~700-word articles, see bench/corpus.py)
is run through the processor a speed-up concerns, once with it off and once
with it on, alternately, for several rounds; each article counts with its
fastest run of each kind (CPU time of the process), and the table gives the
sums per 700 words.  The parse's input for that processor is prepared once
by the processors before it, all speed-ups on.  One torch thread.

    python -m bench.speedups [--rounds 7] [--articles N] [--only NAME ...] [--no-write]
"""
import argparse
import sys
import time

from bench import corpus, report
from bench.nlp import load, processor_names
from service.nlp import speedups


def timed_switches():
    """The registry's switches of speed-ups (repairs of the analysis are not timed)."""
    return [(speedup, switch) for speedup, switch in speedups.switches() if not speedup.changes_results]


def prepared_inputs(pipeline, texts, processor):
    """Each text as the processors before `processor` leave it (a list of one stanza Document); the texts
    themselves for the whole parse (processor None)."""
    import stanza

    if processor is None:
        return list(texts)
    inputs = []
    for text in texts:
        docs = [stanza.Document([], text=text)]
        for name in processor_names(pipeline):
            if name == processor:
                break
            docs = pipeline.processors[name].bulk_process(docs)
        inputs.append(docs)
    return inputs


def cpu_seconds(pipeline, processor, item):
    from service.nlp import parse

    started = time.process_time()
    if processor:
        pipeline.processors[processor].bulk_process(item)
    else:
        parse([item], pipeline)
    return time.process_time() - started


def measure(pipeline, texts, processor, switch, rounds):
    """(off, on): the sums over articles of each article's fastest run, in seconds."""
    items = prepared_inputs(pipeline, texts, processor)
    runs = {False: [[] for _ in items], True: [[] for _ in items]}
    for _ in range(rounds):
        for i, item in enumerate(items):
            for on in (False, True):
                switch(pipeline, on)
                runs[on][i].append(cpu_seconds(pipeline, processor, item))
    switch(pipeline, True)
    return tuple(sum(min(article) for article in runs[on]) for on in (False, True))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="runs of each article with each setting")
    parser.add_argument("--articles", type=int, help="use only the first N corpus articles")
    names = [switch.name for _, switch in timed_switches()]
    parser.add_argument("--only", choices=names, action="append", help="measure this speed-up (repeatable)")
    parser.add_argument("--no-write", action="store_true", help="print only, write no JSON")
    args = parser.parse_args(argv)

    pipeline, settings = load(1)
    texts = [text for _, text in corpus.ud_articles()][:args.articles]
    per_700 = 700 / sum(corpus.word_count(t) for t in texts)
    rows, results = [], {}
    for _, switch in timed_switches():
        name, processor = switch.name, switch.processor
        if args.only and name not in args.only:
            continue
        off, on = measure(pipeline, texts, processor, switch.function, args.rounds)
        results[name] = {"timed": processor or "whole parse", "off_ms_per_700_words": round(off * per_700 * 1000, 1),
                         "on_ms_per_700_words": round(on * per_700 * 1000, 1), "change": round(on / off - 1, 3)}
        rows.append((name, results[name]["timed"], results[name]["off_ms_per_700_words"],
                     results[name]["on_ms_per_700_words"], f"{on / off - 1:+.0%}"))
    result = {"kind": "speed-ups switched off and on", "rounds": args.rounds, "articles": len(texts),
              "machine": report.machine(1), "models": report.models(settings), "speedups": results}
    table = report.markdown_table(["speed-up", "timed", "off ms per 700 words", "on ms per 700 words",
                                   "change"], rows)
    report.publish(result, table, report.today() + "-speedups", write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
