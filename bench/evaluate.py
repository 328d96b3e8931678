"""Evaluate the engine on the seed articles against their gold file.

    python -m bench.evaluate [--verbose] [--min-f1 X] [--gold PATH] [--texts DIR] [--save PATH]

Runs the engine in-process on every article the gold file lists, writes the
answers (one JSON object per document, the service's answer shape), and prints
the table of bench/score.py (an unchanged copy of the shared scorer).
Exit status 1 when --min-f1 is given and the end-to-end F1 is below it.
"""
import argparse
import json
import sys
import time
from pathlib import Path

from bench import score

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT / "tests" / "data" / "seeds.gold.json"
DEFAULT_TEXTS = ROOT / "seeds"
DEFAULT_SAVE = ROOT / "bench" / "results" / "tmp" / "seeds.answers.json"


def answers_for(gold, texts_dir, pipeline=None):
    """{doc name: {"quotes": [...]}} from the engine, all articles parsed in one batch."""
    from service.quotes import extract_batch

    names = [doc["doc"] for doc in gold["documents"]]
    items = [((Path(texts_dir) / name).read_text(encoding="utf-8"), doc.get("date"))
             for name, doc in zip(names, gold["documents"])]
    results = extract_batch(items, pipeline=pipeline)
    return {name: {"quotes": [q.to_dict() for q in quotes]} for name, quotes in zip(names, results)}


def totals(gold, answers):
    """The scorer's figures: (detection F1, attribution, end-to-end F1)."""
    sums = dict(gold=0, pred=0, matched=0, speaker_right=0)
    for doc in gold["documents"]:
        res = score.score_document((answers.get(doc["doc"]) or {}).get("quotes", []), doc["quotes"])
        for key in sums:
            sums[key] += res[key]
    _, _, detection = score.f1(sums["matched"], sums["pred"], sums["gold"])
    _, _, end_to_end = score.f1(sums["speaker_right"], sums["pred"], sums["gold"])
    attribution = sums["speaker_right"] / sums["matched"] if sums["matched"] else 0.0
    return detection, attribution, end_to_end


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(DEFAULT_GOLD))
    ap.add_argument("--texts", default=str(DEFAULT_TEXTS))
    ap.add_argument("--save", default=str(DEFAULT_SAVE), help="where to write the answers")
    ap.add_argument("--min-f1", type=float)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)

    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    started = time.monotonic()
    answers = answers_for(gold, args.texts)
    elapsed = time.monotonic() - started
    save = Path(args.save)
    save.parent.mkdir(parents=True, exist_ok=True)
    save.write_text(json.dumps(answers, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{len(answers)} articles in {elapsed:.1f} s (models loaded included); answers in {save}")

    score_argv = ["--gold", args.gold, "--pred", str(save)]
    if args.verbose:
        score_argv.append("--verbose")
    if args.min_f1 is not None:
        score_argv += ["--min-f1", str(args.min_f1)]
    saved_argv, sys.argv = sys.argv, ["score.py"] + score_argv
    try:
        return score.main()
    finally:
        sys.argv = saved_argv


if __name__ == "__main__":
    sys.exit(main())
