"""Calibrate the answer's `confidence` on the seeds and the development set of real articles.

    python -m bench.calibrate [--dev-dir DIR] [--write]      (make calibrate)

A quotation's confidence is the share of the quotations of its kind — its type and how its speaker was
found (`resolved_by`, or none) — that the engine gets right on the gold sets: a quotation of the gold,
given the right speaker (for one given no speaker: a quotation of the gold). Shares are smoothed ((right
+ 1) / (n + 2)); a kind seen fewer than MIN_COUNT times takes the share of its `resolved_by` over all
types, then of its type, then of all. With --write the table goes to service/data/confidence.json, which
the engine reads; without, it is printed with the counts. The figures come from the same articles the
rules were written against: on unseen news expect them a few points lower.
"""
import argparse
import json
import sys
from pathlib import Path

from bench import evaluate

TABLE = evaluate.ROOT / "service" / "data" / "confidence.json"
MIN_COUNT = 8


def kind_of(pred):
    speaker = pred.get("speaker") or {}
    return pred["type"], speaker.get("resolved_by") or "none"


def share(outcomes):
    return (sum(ok for ok in outcomes) + 1) / (len(outcomes) + 2)


def calibrate(found):
    """{"type/resolved_by": share} for every kind seen, pooled where a kind is rare; and the counts."""
    groups = {"kind": {}, "resolved_by": {}, "type": {}}
    for pred, ok in found:
        type_, how = kind_of(pred)
        groups["kind"].setdefault((type_, how), []).append(ok)
        groups["resolved_by"].setdefault(how, []).append(ok)
        groups["type"].setdefault(type_, []).append(ok)
    overall = [ok for _, ok in found]
    table, counts = {}, {}
    for (type_, how), outcomes in sorted(groups["kind"].items()):
        pool = next(p for p in (outcomes, groups["resolved_by"][how], groups["type"][type_], overall)
                    if len(p) >= MIN_COUNT or p is overall)
        table[f"{type_}/{how}"] = round(share(pool), 2)
        counts[f"{type_}/{how}"] = (len(outcomes), sum(outcomes))
    return table, counts, round(share(overall), 2)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev-dir", default=str(evaluate.DEV_DIR))
    ap.add_argument("--write", action="store_true", help=f"write the table to {TABLE.relative_to(evaluate.ROOT)}")
    args = ap.parse_args(argv)

    from service.nlp import get_pipeline

    pipeline, found = get_pipeline(), []
    for _, gold_path, texts in evaluate.eval_sets("all", args.dev_dir):
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
        found += evaluate.outcomes(gold, evaluate.answers_for(gold, texts, pipeline=pipeline))
    table, counts, overall = calibrate(found)
    print("kind (type/resolved_by)        quotes  right  confidence")
    for kind, value in table.items():
        n, right = counts[kind]
        print(f"{kind:30s} {n:6d} {right:6d}  {value:.2f}")
    print(f"{'any other kind':30s} {len(found):6d} {sum(ok for _, ok in found):6d}  {overall:.2f}")
    if args.write:
        TABLE.write_text(json.dumps({
            "_doc": "The answer's confidence for each kind of quotation (type/resolved_by, 'none' for no speaker): "
                    "the smoothed share of that kind the engine got right (found, right speaker) on the seeds and "
                    "the development set. Written by `make calibrate` (bench/calibrate.py).",
            "kinds": table, "other": overall}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written: {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
