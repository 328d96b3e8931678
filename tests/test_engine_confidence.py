"""The answer's confidence: read from the calibration table, one value per kind of quotation."""
from bench.calibrate import calibrate
from service.quotes.confidence import _table, confidence
from service.quotes.model import QUOTE_TYPES, RESOLVED_BY


def test_the_table_names_only_kinds_the_engine_gives_and_shares_between_0_and_1():
    table = _table()
    for kind, value in table["kinds"].items():
        type_, how = kind.split("/")
        assert type_ in QUOTE_TYPES and (how in RESOLVED_BY or how == "none"), kind
        assert 0.0 < value <= 1.0
    assert 0.0 < table["other"] <= 1.0


def test_a_kind_missing_from_the_table_takes_the_overall_share():
    assert confidence("direct", "no-such-way") == _table()["other"]
    kind = next(iter(_table()["kinds"]))
    assert confidence(*kind.split("/")) == _table()["kinds"][kind]


def test_calibration_smooths_and_pools_rare_kinds():
    found = [({"type": "direct", "speaker": {"resolved_by": "subject"}}, True)] * 9 + \
            [({"type": "direct", "speaker": {"resolved_by": "subject"}}, False)] + \
            [({"type": "mixed", "speaker": None}, True)] * 2
    table, counts, overall = calibrate(found)
    assert table["direct/subject"] == round(10 / 12, 2) and counts["direct/subject"] == (10, 9)
    # two « mixed » with no speaker are too few: they take the share of all quotations
    assert table["mixed/none"] == round(12 / 14, 2) == overall
