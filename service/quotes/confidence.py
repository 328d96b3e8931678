"""The answer's `confidence`: how often a quotation of its kind is right, measured on the gold sets.

A kind is the quotation's type and how its speaker was found (`resolved_by`, « none » for no
speaker).  service/data/confidence.json holds, for each kind, the share of such quotations the engine
got right on the seeds and the development set of real articles (a quotation of the gold with the
right speaker); `make calibrate` (bench/calibrate.py) measures it again and rewrites the file.
"""
import json
from functools import cache
from pathlib import Path
from typing import Optional

TABLE_FILE = Path(__file__).resolve().parent.parent / "data" / "confidence.json"


@cache
def _table():
    return json.loads(TABLE_FILE.read_text(encoding="utf-8"))


def confidence(type_: str, resolved_by: Optional[str]) -> float:
    """The measured share right for a quotation of this type whose speaker was found this way."""
    table = _table()
    return table["kinds"].get(f"{type_}/{resolved_by or 'none'}", table["other"])
