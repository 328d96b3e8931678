"""Evaluate the engine on the seed articles and the development set of real articles, against their gold.

    python -m bench.evaluate [--verbose] [--set seeds|dev|all] [--min-f1 X] [--dev-dir DIR] [--save DIR]

Runs the engine in-process on every article each gold file lists (the models
loaded once), writes the answers (one JSON object per document, the service's
answer shape) and prints the table of bench/score.py (an unchanged copy of
the shared scorer, whose GUIDELINES.md lives beside it in the shared eval
folder) for the seeds, for the development set, then the figures of both
together.  The development set's articles are read where they are (DEV_DIR,
default ../shared/eval/dev): they belong to their publishers and are not
copied into the repository.  Exit status 1 when --min-f1 is given and an
end-to-end F1 is below it.
"""
import argparse
import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

from bench import score

ROOT = Path(__file__).resolve().parent.parent
SEEDS_GOLD = ROOT / "tests" / "data" / "seeds.gold.json"
SEEDS_TEXTS = ROOT / "seeds"
DEV_DIR = Path(os.environ.get("DEV_DIR") or ROOT.parent / "shared" / "eval" / "dev")
DEFAULT_SAVE = ROOT / "bench" / "results" / "tmp"


def answers_for(gold, texts_dir, pipeline=None):
    """{doc name: {"quotes": [...]}} from the engine, all articles parsed in one batch."""
    from service.quotes import extract_batch

    names = [doc["doc"] for doc in gold["documents"]]
    items = [((Path(texts_dir) / name).read_text(encoding="utf-8"), doc.get("date"))
             for name, doc in zip(names, gold["documents"])]
    results = extract_batch(items, pipeline=pipeline)
    return {name: {"quotes": [q.to_dict() for q in quotes]} for name, quotes in zip(names, results)}


def counts(gold, answers):
    """The scorer's counts summed over documents: gold, pred, matched, speaker_right."""
    sums = dict(gold=0, pred=0, matched=0, speaker_right=0)
    for doc in gold["documents"]:
        res = score.score_document((answers.get(doc["doc"]) or {}).get("quotes", []), doc["quotes"])
        for key in sums:
            sums[key] += res[key]
    return sums


def figures(sums):
    """(detection F1, attribution, end-to-end F1) of summed counts."""
    _, _, detection = score.f1(sums["matched"], sums["pred"], sums["gold"])
    _, _, end_to_end = score.f1(sums["speaker_right"], sums["pred"], sums["gold"])
    attribution = sums["speaker_right"] / sums["matched"] if sums["matched"] else 0.0
    return detection, attribution, end_to_end


def totals(gold, answers):
    """The scorer's figures: (detection F1, attribution, end-to-end F1)."""
    return figures(counts(gold, answers))


def outcomes(gold, answers):
    """(answer, right) of every quotation found that the gold rules on: right when it matches a
    required quotation and names its speaker (or, given no speaker, when it matches one); one that
    matches only an optional quotation is left out."""
    found = []
    for doc in gold["documents"]:
        preds = (answers.get(doc["doc"]) or {}).get("quotes", [])
        required = [g for g in doc["quotes"] if not g.get("optional")]
        optional = [g for g in doc["quotes"] if g.get("optional")]
        pairs = dict(score.pair_up(preds, required))
        left = [i for i in range(len(preds)) if i not in pairs]
        absorbed = {left[k] for k, _ in score.pair_up([preds[i] for i in left], optional)}
        for i, pred in enumerate(preds):
            if i not in absorbed:
                found.append((pred, i in pairs and (pred.get("speaker") is None or
                                                     score.speaker_right(pred, required[pairs[i]]))))
    return found


CONFIDENCE_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def calibration_table(found):
    """Per band of `confidence`: how many quotations, their mean confidence, the share right."""
    lines = ["confidence   quotes  mean  right"]
    for low, high in zip(CONFIDENCE_BINS, CONFIDENCE_BINS[1:]):
        band = [(pred["confidence"], ok) for pred, ok in found if low <= pred["confidence"] < high]
        if band:
            mean = sum(c for c, _ in band) / len(band)
            right = sum(ok for _, ok in band) / len(band)
            band_name = f"[{low:.1f}, {min(high, 1.0):.1f}{')' if high < 1 else ']'}"
            lines.append(f"{band_name}  {len(band):6d}  {mean:.2f}  {right:.2f}")
    return "\n".join(lines)


def eval_sets(which, dev_dir):
    """[(name, gold path, texts dir)] of the sets asked for that are present."""
    sets = []
    if which in ("seeds", "all"):
        sets.append(("seeds", SEEDS_GOLD, SEEDS_TEXTS))
    if which in ("dev", "all"):
        gold = Path(dev_dir) / "dev.gold.json"
        if gold.is_file():
            sets.append(("dev", gold, Path(dev_dir)))
        else:
            print(f"development set not found: {gold} (set DEV_DIR)", file=sys.stderr)
    return sets


def score_table(gold_path, answers_path, verbose):
    """The shared scorer's table for one set, as text, and its exit status."""
    argv = ["score.py", "--gold", str(gold_path), "--pred", str(answers_path)] + (["--verbose"] if verbose else [])
    saved_argv, sys.argv = sys.argv, argv
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            status = score.main()
    finally:
        sys.argv = saved_argv
    return out.getvalue(), status


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=("seeds", "dev", "all"), default="all")
    ap.add_argument("--dev-dir", default=str(DEV_DIR), help="the development set's folder (DEV_DIR)")
    ap.add_argument("--save", default=str(DEFAULT_SAVE), help="folder for the answers")
    ap.add_argument("--min-f1", type=float)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)

    from service.nlp import get_pipeline

    pipeline = get_pipeline()
    save = Path(args.save)
    save.mkdir(parents=True, exist_ok=True)
    together, failed, found = dict(gold=0, pred=0, matched=0, speaker_right=0), False, []
    for name, gold_path, texts in eval_sets(args.set, args.dev_dir):
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
        started = time.monotonic()
        answers = answers_for(gold, texts, pipeline=pipeline)
        answers_path = save / f"{name}.answers.json"
        answers_path.write_text(json.dumps(answers, ensure_ascii=False, indent=2), encoding="utf-8")
        table, _ = score_table(gold_path, answers_path, args.verbose)
        print(f"## {name}: {len(answers)} articles in {time.monotonic() - started:.1f} s; answers in {answers_path}\n")
        print(table)
        sums = counts(gold, answers)
        found += outcomes(gold, answers)
        together = {key: together[key] + sums[key] for key in together}
        failed |= args.min_f1 is not None and figures(sums)[2] < args.min_f1
    detection, attribution, end_to_end = figures(together)
    print(f"## together: {together['gold']} gold quotations, {together['pred']} found")
    print(f"detection F1 {detection:.3f}, attribution {attribution:.3f}, end-to-end F1 {end_to_end:.3f}")
    print("\n## confidence against the share right (a quotation of the gold with its right speaker;"
          " given no speaker, a quotation of the gold)\n")
    print(calibration_table(found))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
