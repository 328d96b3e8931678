"""Archive runs through Dask (`make bench-batch`): documents per second with 1 and 2 workers.

The documents are the ~700-word articles of real French (corpus.ud_articles, UD
French-GSD test sentences), repeated with new ids up to --documents, written as a
JSON Lines file and run by `python -m service.batch`'s own code (service.batch.run)
on a local cluster of 1, then 2 worker processes of one torch thread each. For each:
the whole run (cluster start and model loading included) and the steady rate
(documents / time after every worker has its models); the speed-up of 2 workers
over 1 on the steady rate.

Writes bench/results/<YYYY-MM-DD>-batch.json and prints a markdown table with the machine.

    python -m bench.batch [--documents 48] [--workers 1,2] [--no-write]
"""
import argparse
import json
import tempfile
from pathlib import Path

from bench import corpus, report

DATE = "2024-03-01"


def write_corpus(path, count):
    """`count` corpus articles (cycled, each with its own id) as JSON Lines; their words."""
    articles = corpus.cycle(corpus.ud_articles(), count)
    words = 0
    with open(path, "w", encoding="utf-8") as out:
        for number, (name, text) in enumerate(articles):
            out.write(json.dumps({"id": f"{name}-{number:05d}", "text": text, "date": DATE},
                                 ensure_ascii=False) + "\n")
            words += corpus.word_count(text)
    return words


def measure(source, output, workers, documents):
    """One run on a fresh local cluster of `workers` processes."""
    from service.batch.run import Options, run

    partition = max(1, documents // (4 * workers))
    outcome = run(Options(input=str(source), output=str(output), workers=workers,
                          partition_documents=partition, progress=False))
    steady = outcome.elapsed_s - outcome.startup_s
    return {"workers": workers, "documents": outcome.documents, "failures": outcome.failures,
            "quotations": outcome.quotations, "partition_documents": partition,
            "elapsed_s": round(outcome.elapsed_s, 2), "startup_s": round(outcome.startup_s, 2),
            "documents_per_s": round(outcome.documents / outcome.elapsed_s, 3),
            "steady_documents_per_s": round(outcome.documents / steady, 3) if steady > 0 else None}


def table(runs, words_per_document):
    rows = [(r["workers"], r["documents"], r["elapsed_s"], r["startup_s"], r["documents_per_s"],
             r["steady_documents_per_s"], round(r["steady_documents_per_s"] * words_per_document))
            for r in runs]
    return report.markdown_table(["workers", "documents", "run s", "start-up s", "documents/s (run)",
                                  "documents/s (steady)", "words/s (steady)"], rows)


def speedups(runs):
    base = runs[0]
    return {str(r["workers"]): round(r["steady_documents_per_s"] / base["steady_documents_per_s"], 2)
            for r in runs[1:]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=48)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--no-write", dest="write", action="store_false")
    arguments = parser.parse_args(argv)
    counts = [int(n) for n in arguments.workers.split(",")]

    from service.config import Settings

    machine = report.machine(torch_threads=1)
    with tempfile.TemporaryDirectory(prefix="citations-bench-batch-") as scratch:
        source = Path(scratch) / "corpus.jsonl"
        words = write_corpus(source, arguments.documents)
        runs = [measure(source, Path(scratch) / f"out-{n}", n, arguments.documents) for n in counts]
    per_document = words / arguments.documents
    result = {"machine": machine, "models": report.models(Settings.from_env()),
              "documents": arguments.documents, "words_per_document": round(per_document, 1),
              "runs": runs, "steady_speedup_over_1_worker": speedups(runs)}
    tables = table(runs, per_document)
    tables += "\n\nSpeed-up of the steady rate over the first row: " + ", ".join(
        f"{n} workers ×{s}" for n, s in result["steady_speedup_over_1_worker"].items())
    report.publish(result, tables, f"{report.today()}-batch", write=arguments.write)
    return result


if __name__ == "__main__":
    main()
