"""The engine's answers saved and compared: a behaviour lock for changes that must not change them.

    python -m bench.answers save DIR       one JSON file per article under DIR
    python -m bench.answers compare DIR    the answers now against those saved in DIR

The articles are the seeds (seeds/*.txt), the test articles (tests/articles/*.txt,
role_date.txt once more with each date the tests give it) and, when it is there,
the development set (../shared/eval/dev/*.txt).  Each is read by
service.quotes.extract, one article at a time, with one pipeline loaded once.
Two answers are the same when their JSON, once parsed, is equal; `compare` prints
every difference and exits with status 1 when there is one.

The development articles belong to their publishers: save their answers outside
the repository (for example under /tmp).
"""
import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (("seeds", ROOT / "seeds"),
           ("articles", ROOT / "tests" / "articles"),
           ("dev", ROOT.parent / "shared" / "eval" / "dev"))
EXTRA_DATES = {("articles", "role_date.txt"): ("2025-03-01", "2023-06-01")}


def articles():
    """(answer name, text, date) of every article, in a fixed order."""
    out = []
    for group, folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            out.append((f"{group}__{path.stem}", text, None))
            for date in EXTRA_DATES.get((group, path.name), ()):
                out.append((f"{group}__{path.stem}__{date}", text, date))
    return out


def answers(pipeline=None):
    """{answer name: {"quotes": [...], "speakers": [...]}} from the engine."""
    from service.nlp import get_pipeline
    from service.quotes import count_speakers, extract

    pipeline = pipeline if pipeline is not None else get_pipeline()
    out = {}
    for name, text, date in articles():
        quotes = extract(text, date=date, pipeline=pipeline)
        out[name] = {"quotes": [q.to_dict() for q in quotes],
                     "speakers": [s.to_dict() for s in count_speakers(quotes)]}
    return out


def save(folder, found):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, answer in found.items():
        (folder / f"{name}.json").write_text(json.dumps(answer, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    print(f"{len(found)} answers saved in {folder}")


def differences(saved, now):
    """Lines that say how two answers of one article differ (none when they are equal)."""
    if saved == now:
        return []
    lines = []
    before = {json.dumps(q, sort_keys=True, ensure_ascii=False) for q in saved.get("quotes", [])}
    after = {json.dumps(q, sort_keys=True, ensure_ascii=False) for q in now.get("quotes", [])}
    lines += [f"  - {q}" for q in sorted(before - after)]
    lines += [f"  + {q}" for q in sorted(after - before)]
    if saved.get("speakers") != now.get("speakers"):
        lines.append(f"  speakers: {saved.get('speakers')} -> {now.get('speakers')}")
    if not lines:
        lines.append("  the same quotes in another order")
    return lines


def compare(folder, found):
    """Prints each difference; the number of articles whose answer differs."""
    folder = Path(folder)
    saved_names = {p.stem for p in folder.glob("*.json")}
    changed = 0
    for name in sorted(saved_names - set(found)):
        print(f"{name}: saved, not read now")
        changed += 1
    for name, answer in found.items():
        path = folder / f"{name}.json"
        if not path.is_file():
            print(f"{name}: read now, not saved")
            changed += 1
            continue
        lines = differences(json.loads(path.read_text(encoding="utf-8")), answer)
        if lines:
            changed += 1
            print(f"{name}:")
            print("\n".join(lines))
    print(f"{len(found)} articles, {changed} with different answers" if changed else
          f"{len(found)} articles, answers identical")
    return changed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("action", choices=("save", "compare"))
    ap.add_argument("folder")
    args = ap.parse_args(argv)
    started = time.monotonic()
    found = answers()
    print(f"engine read {len(found)} articles in {time.monotonic() - started:.1f} s", file=sys.stderr)
    if args.action == "save":
        save(args.folder, found)
        return 0
    return 1 if compare(args.folder, found) else 0


if __name__ == "__main__":
    sys.exit(main())
