"""Passages between quotation marks, found on the text alone (no parse)."""
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
