"""The engine on the seed articles, scored by bench/score.py against tests/data/seeds.gold.json.

The floor is the end-to-end F1 the engine reached with the project's models;
a change that loses quotations or speakers on the seeds fails here.
"""
import json
from pathlib import Path

from bench.evaluate import answers_for, totals

ROOT = Path(__file__).resolve().parent.parent
END_TO_END_FLOOR = 0.98     # reached 1.000 with the committed models; one quote of 64 may move with a retrain
ATTRIBUTION_FLOOR = 0.98


def test_seed_scores_hold(pipeline):
    gold = json.loads((ROOT / "tests" / "data" / "seeds.gold.json").read_text(encoding="utf-8"))
    answers = answers_for(gold, ROOT / "seeds", pipeline=pipeline)
    detection, attribution, end_to_end = totals(gold, answers)
    assert end_to_end >= END_TO_END_FLOOR, (detection, attribution, end_to_end)
    assert attribution >= ATTRIBUTION_FLOOR, (detection, attribution, end_to_end)

