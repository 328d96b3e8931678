"""Put a model trained elsewhere (a warm start's folder) in place of the one in models/fr.

    python training/promote.py STEP --from training/work/continue [--models models/fr]

Copies STEP.pt and its record in training.json; run `make models-eval` after it
to score the models and rewrite the card.  Compare the dev scores first (the
trainer's log, and `best_dev` in both training.json files): a warm start can
end below the model it started from.
"""
import argparse
import json
import shutil
import sys
from pathlib import Path


def promote(step, source, models):
    model = Path(source) / f"{step}.pt"
    if not model.is_file():
        sys.exit(f"error: {model} does not exist")
    record_file = Path(source) / "training.json"
    records = json.loads(record_file.read_text(encoding="utf-8")) if record_file.exists() else {}
    if step not in records:
        sys.exit(f"error: {record_file} has no record of {step}")
    shutil.copyfile(model, Path(models) / f"{step}.pt")
    target = Path(models) / "training.json"
    kept = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    kept[step] = records[step]
    target.write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{step}: {model} -> {Path(models) / (step + '.pt')} ({records[step].get('best_dev', '')})")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("step", choices=["tokenize", "mwt", "lemma", "pos", "depparse"])
    ap.add_argument("--from", dest="source", required=True)
    ap.add_argument("--models", default="models/fr")
    args = ap.parse_args(argv)
    promote(args.step, args.source, args.models)


if __name__ == "__main__":
    main()
