"""Any text at all: the engine never raises and every span it returns slices back to its text."""
from hypothesis import HealthCheck, given, settings, strategies as st

from service.quotes import extract
from service.quotes.marks import find_quoted

ODD = ["«", "»", "“", "”", "„", "\"", "'", "’", "‘", "\u00a0", "\u202f", "\u200f", "\u202e", "\u2028",
       "\x00", "\x1b", "\t", "\r\n", "\n\n", "😀", "👍🏽", "ﷺ", "א", "Σ", ",", ".", ":", "-t-il", " a dit ",
       " selon ", " que ", "Poutine", " M. ", "il", "a-t-elle déclaré"]
ARTICLE_LIKE = st.lists(st.one_of(st.sampled_from(ODD), st.text(max_size=12)), max_size=60).map("".join)


def check_spans(text, quotes):
    for q in quotes:
        assert text[q.start:q.end] == q.text
        assert q.type in ("direct", "indirect", "mixed")
        if q.cue is not None:
            assert text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker is not None and q.speaker.mention is not None:
            m = q.speaker.mention
            assert text[m.start:m.end] == m.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ARTICLE_LIKE, st.text(max_size=200)))
def test_engine_on_arbitrary_text(pipeline, text):
    check_spans(text, extract(text, pipeline=pipeline))


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1000, max_value=2500), st.sampled_from(["«", "\"", "a", "😀 ", "x\u00a0"]))
def test_engine_on_long_texts_without_spaces_or_full_of_marks(pipeline, size, unit):
    text = (unit * size)[:size]
    check_spans(text, extract(text, pipeline=pipeline))


@settings(max_examples=500, deadline=None)
@given(ARTICLE_LIKE)
def test_mark_finder_on_arbitrary_text(text):
    for q in find_quoted(text):
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end].strip()
