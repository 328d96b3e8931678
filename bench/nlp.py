"""Time Stanza's French pipeline alone on the seed articles (`make bench-nlp`).

For each seed: the median of several parses after a warm-up, words per second,
and the share of each Stanza processor (each one run on its own, in pipeline
order, as a bulk call, the way `service.nlp.parse` runs them).  One torch thread.

    python -m bench.nlp [--repeats 5] [--threads 1] [--no-write]
"""
import argparse
import dataclasses
import sys

from bench import corpus, report
from bench.stats import ms, percentile, summarize, timed

DEFAULT_REPEATS = 5


def load(threads=1):
    """The process's Stanza pipeline, built with `threads` torch threads; returns (pipeline, settings)."""
    import torch

    from service.config import Settings
    from service.nlp import get_pipeline

    settings = dataclasses.replace(Settings.from_env(), torch_threads=threads)
    pipeline = get_pipeline(settings)
    torch.set_num_threads(threads)
    return pipeline, settings


def processor_names(pipeline):
    from stanza.pipeline.registry import PIPELINE_NAMES

    return [name for name in PIPELINE_NAMES if pipeline.processors.get(name)]


def time_processors(pipeline, text):
    """{processor: seconds} of one parse of `text`, each processor timed on its own."""
    import stanza

    docs = [stanza.Document([], text=text)]
    seconds = {}
    for name in processor_names(pipeline):
        docs, seconds[name] = timed(pipeline.processors[name].bulk_process, docs)
    return seconds


def time_parse(pipeline, text):
    """Seconds of one full parse of `text` through the service's own entry point."""
    from service.nlp import parse

    return timed(parse, [text], pipeline)[1]


class TimedPipeline:
    """A Stanza pipeline that adds up the seconds spent inside it, to split a caller's time."""

    def __init__(self, pipeline):
        self.pipeline = pipeline
        self.seconds = 0.0

    def _timed(self, function, *args, **kwargs):
        result, seconds = timed(function, *args, **kwargs)
        self.seconds += seconds
        return result

    def __call__(self, *args, **kwargs):
        return self._timed(self.pipeline, *args, **kwargs)

    def process(self, *args, **kwargs):
        return self._timed(self.pipeline.process, *args, **kwargs)

    def bulk_process(self, *args, **kwargs):
        return self._timed(self.pipeline.bulk_process, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.pipeline, name)


def shares(per_processor_runs):
    """{processor: share of the total} summed over a list of {processor: seconds}."""
    totals = {}
    for run in per_processor_runs:
        for name, seconds in run.items():
            totals[name] = totals.get(name, 0.0) + seconds
    grand = sum(totals.values()) or 1.0
    return {name: round(value / grand, 3) for name, value in totals.items()}


def measure_seed(pipeline, text, repeats):
    parses = [time_parse(pipeline, text) for _ in range(repeats)]
    words = corpus.word_count(text)
    median = percentile(parses, 50)
    return {"words": words, **summarize(parses), "words_per_s": round(words / median, 1)}


def measure(pipeline, articles, repeats):
    """Parse timings of each article, then processor shares over one more pass of each."""
    for _, text in articles:                                     # warm-up
        time_parse(pipeline, text)
    per_article = {name: measure_seed(pipeline, text, repeats) for name, text in articles}
    breakdown = shares([time_processors(pipeline, text) for _, text in articles])
    words = sum(a["words"] for a in per_article.values())
    seconds = sum(a["median_ms"] for a in per_article.values()) / 1000.0
    return {"articles": per_article, "processor_shares": breakdown,
            "total": {"words": words, "median_ms_sum": ms(seconds),
                      "words_per_s": round(words / seconds, 1)}}


def tables(result):
    rows = [(name, a["words"], a["median_ms"], a["p95_ms"], a["words_per_s"])
            for name, a in result["articles"].items()]
    total = result["total"]
    rows.append(("**all seeds**", total["words"], total["median_ms_sum"], None, total["words_per_s"]))
    per_article = report.markdown_table(["seed", "words", "parse median ms", "p95 ms", "words/s"], rows)
    shares_table = report.markdown_table(
        ["processor", "share of parse time"],
        [(name, f"{share:.1%}") for name, share in result["processor_shares"].items()])
    return per_article + "\n\n" + shares_table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="timed parses per seed")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--no-write", action="store_true", help="print only, write no JSON")
    args = parser.parse_args(argv)

    pipeline, settings = load(args.threads)
    result = {"kind": "stanza pipeline on the seeds", "repeats": args.repeats,
              "machine": report.machine(args.threads), "models": report.models(settings),
              **measure(pipeline, corpus.seed_articles(), args.repeats)}
    report.publish(result, tables(result), report.today() + "-nlp", write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
