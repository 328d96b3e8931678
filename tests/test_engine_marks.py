"""Passages between quotation marks, found on the text alone (no parse)."""
import pytest
from hypothesis import given, settings, strategies as st

from service.quotes.marks import find_quoted, paragraph_spans


def inner(text):
    return [text[q.start:q.end] for q in find_quoted(text)]


def test_french_guillemets_with_no_break_spaces_are_excluded_from_the_span():
    text = "Il a dit :\u00a0«\u202fNous viendrons demain\u00a0». Fin."
    assert inner(text) == ["Nous viendrons demain"]


def test_guillemets_without_inner_spaces():
    assert inner("Il a promis «une réponse ferme» lundi.") == ["une réponse ferme"]


def test_english_curly_quotes():
    assert inner("Elle a répondu “nous verrons bien” en souriant.") == ["nous verrons bien"]


def test_straight_quotes_pair_in_order():
    text = 'Il a évoqué "la paix" puis "la guerre" et "le reste".'
    assert inner(text) == ["la paix", "la guerre", "le reste"]


def test_straight_quote_glued_to_a_full_stop_still_opens():
    text = 'Fin de la phrase."Une nouvelle citation commence ici", a-t-il dit.'
    assert inner(text) == ["Une nouvelle citation commence ici"]


def test_nested_quotes_stay_inside_the_outer_passage():
    text = "« Il parle d'une \"opération spéciale\" et de ‘paix’ », a-t-elle dit."
    assert inner(text) == ["Il parle d'une \"opération spéciale\" et de ‘paix’"]


def test_guillemets_nested_in_straight_quotes():
    text = 'Il a lancé "le mot «victoire» est prématuré" hier.'
    assert inner(text) == ["le mot «victoire» est prématuré"]


def test_apostrophes_are_never_marks():
    text = "L'Ukraine et aujourd’hui l’armée n'ont rien dit."
    assert inner(text) == []


def test_quote_over_several_sentences():
    text = "« Nous avançons. Rien ne nous arrêtera. C'est certain », a-t-il dit."
    assert inner(text) == ["Nous avançons. Rien ne nous arrêtera. C'est certain"]


def test_quote_running_on_to_a_paragraph_that_reopens_with_a_guillemet():
    text = "« Premier paragraphe de la déclaration.\n\n« Second paragraphe, qui la termine », a-t-il dit."
    found = find_quoted(text)
    assert len(found) == 1
    assert text[found[0].start:found[0].end].startswith("Premier paragraphe")
    assert text[found[0].start:found[0].end].endswith("qui la termine")
    assert found[0].paragraphs == 2


def test_unclosed_mark_stops_at_the_paragraph_end():
    text = "Il a dit « nous partirons demain.\n\nLe reste de l'article n'est pas une citation."
    assert inner(text) == ["nous partirons demain."]


def test_unclosed_straight_quote_at_the_end_of_the_article():
    text = 'Premier paragraphe.\n\n"Tout est prêt pour la suite.'
    assert inner(text) == ["Tout est prêt pour la suite."]


def test_stray_closing_marks_are_ignored():
    assert inner("Un » isolé et un ” perdu.") == []


def test_empty_marks_give_nothing():
    assert inner("«» et « » et \"\"") == []


def test_paragraphs_are_lines():
    text = "Un.\nDeux.\n\n\nTrois."
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["Un.", "Deux.", "Trois."]


MARKY = st.text(alphabet=st.sampled_from(list("«»“”„\"'’‘ \u00a0\n\r\tab.,:;-") + ["\u202e", "\u200f", "😀", "\x00"]),
                max_size=300)


@settings(max_examples=600, deadline=None)
@given(st.one_of(MARKY, st.text(max_size=300)))
def test_any_text_gives_passages_that_slice_back_and_stay_in_bounds(text):
    previous_end = -1
    for q in find_quoted(text):
        assert 0 <= q.open_at < q.start < q.end <= len(text)
        assert q.close_at is None or q.end <= q.close_at < len(text)
        assert q.start >= previous_end
        previous_end = q.end
        assert text[q.start:q.end].strip()


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_unbalanced_marks_never_swallow_later_paragraphs(n):
    text = "« ouverture jamais fermée\n\n" + "Paragraphe suivant. " * n
    found = find_quoted(text)
    assert all(q.end <= text.index("\n") for q in found)


# --- linear time, whatever the marks -----------------------------------------------------------------
MARK_PIECES = st.sampled_from(["«", "»", '"', "“", "”", "„", "‘", "’", " ", "\u00a0", "a", ".", ",", "\n",
                               "\n\n", "« a » ", '" ', ' "', "x\"", "« "])
ADVERSARIAL = st.one_of(
    st.lists(MARK_PIECES, max_size=400).map("".join),
    st.tuples(st.sampled_from(['"', "« ", "“", "„", ""]), MARK_PIECES, st.integers(1, 600))
      .map(lambda t: t[0] + t[1] * t[2]),
)
LINES_PER_CHARACTER = 25


def traced_lines(function, *args):
    """The result of function(*args) and how many lines of marks.py and layout.py it ran."""
    import sys

    from service.quotes import layout, marks

    files = {marks.__file__, layout.__file__}
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename not in files:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        result = function(*args)
    finally:
        sys.settrace(None)
    return result, count


@settings(max_examples=300, deadline=None)
@given(ADVERSARIAL)
def test_marks_pair_properly_and_the_work_is_linear(text):
    found, lines = traced_lines(find_quoted, text)
    assert lines <= LINES_PER_CHARACTER * (len(text) + 10), (lines, len(text))
    previous_end = -1
    for q in found:
        assert 0 <= q.open_at < q.start < q.end <= len(text)
        assert text[q.open_at] == q.mark
        if q.close_at is not None:
            closer = {"«": "»", "“": "”", "„": "“", '"': '"'}[q.mark]
            assert q.end <= q.close_at < len(text) and text[q.close_at] == closer
            inside = text[q.open_at + 1:q.close_at]
            if q.mark == "«" and q.paragraphs == 1:     # nested « » balance inside the passage
                assert inside.count("«") == inside.count("»")
        assert q.start >= previous_end
        previous_end = q.after


def test_straight_quote_before_a_thousand_guillemet_pairs():
    text = '"' + "« a » " * 1400
    found, lines = traced_lines(find_quoted, text)
    assert [(q.open_at, q.close_at) for q in found] == [(0, None)]
    assert lines <= LINES_PER_CHARACTER * len(text)


@pytest.mark.parametrize("text", ['"' + "«" * 200_000, "«" * 200_000, '"«' * 100_000, "« " * 100_000],
                         ids=["straight-then-guillemets", "guillemets", "alternating", "spaced"])
def test_200_000_opening_marks_take_linear_time(text):
    _, lines = traced_lines(find_quoted, text)
    assert lines <= LINES_PER_CHARACTER * len(text)


# --- the reading steps before the parse: linear, and under the deadline ------------------------------
@pytest.mark.parametrize("text", ["e" + "\u0301\u0316" * 100_000, "\u0316\u0301" * 100_000,
                                  "a" * 200_000 + ".\nb", "le\n" * 66_000, ("mot " * 15 + "\n") * 3_000],
                         ids=["one-base-200k-accents", "accents-alone", "long-word-line", "short-lines", "wrapped"])
def test_reading_200_000_characters_takes_well_under_a_second_per_step(text):
    import time

    from service.quotes.reading import read

    started = time.perf_counter()
    reading = read(text)
    assert time.perf_counter() - started < 3.0      # about 0.1 s; quadratic steps took from 9 s to minutes
    assert len(reading.text) <= len(text)


@pytest.mark.parametrize("step", ["read", "find_quoted"])
def test_the_reading_steps_stop_at_the_deadline(step):
    import time

    from service.quotes.model import ProcessingTimeout
    from service.quotes.reading import read

    text = "« Une citation », a-t-il dit.\n" * 1000 + "e\u0301"
    function = read if step == "read" else find_quoted
    with pytest.raises(ProcessingTimeout):
        function(text, time.monotonic() - 1)
    function(text, time.monotonic() + 60)
