"""Line breaks: a hard-wrapped article reads as the same article written one paragraph per line."""
import textwrap

from hypothesis import given, settings, strategies as st

from service.quotes import extract
from service.quotes.layout import soft_breaks, unwrap

PARAGRAPHS = [
    "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré mardi que la Russie n'avait aucune intention "
    "de négocier tant que les conditions fixées par Moscou ne seraient pas remplies par Kiev.",
    "« Nous ne voyons aucune base pour des discussions sérieuses à ce stade, et nos partenaires le "
    "savent parfaitement », a-t-il ajouté lors de son point de presse quotidien, devant la presse.",
    "De son côté, le président ukrainien Volodymyr Zelensky a estimé que la pression internationale "
    "devait s'accentuer sur la Russie, qui selon lui « ne comprend que le langage de la force ».",
    "Selon le ministre de la Défense, Andreï Belousov, les forces russes ont progressé dans plusieurs "
    "secteurs du front au cours de la semaine écoulée.",
]


def wrapped(paragraphs, width, separator="\n\n"):
    """Each paragraph wrapped at `width` (one space per line break, so offsets are kept)."""
    out = [textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False) for p in paragraphs]
    assert all(len(a) == len(b) for a, b in zip(out, paragraphs))
    return separator.join(out)


def test_the_breaks_of_a_wrapped_text_become_spaces_of_the_same_length():
    text = wrapped(PARAGRAPHS, 60)
    flat = unwrap(text)
    assert len(flat) == len(text)
    assert flat == "\n\n".join(PARAGRAPHS)


def test_wrapped_paragraphs_without_blank_lines_keep_their_ends():
    text = wrapped(PARAGRAPHS, 72, separator="\n")
    assert unwrap(text) == "\n".join(PARAGRAPHS)


def test_one_paragraph_per_line_is_left_alone():
    text = "\n".join(PARAGRAPHS + ["Fin de la dépêche."])
    assert unwrap(text) == text


def test_a_heading_and_a_dateline_keep_their_line_breaks():
    text = ("Guerre en Ukraine : le Kremlin ferme la porte\nMOSCOU, 21 novembre (AFP)\n"
            "Le Kremlin a rejeté mardi toute idée de cessez-le-feu.")
    assert soft_breaks(text) == []


def test_a_line_ending_on_a_word_that_cannot_end_a_sentence_goes_on():
    text = "Le ministre a annoncé son départ à\nMoscou.\n\nUne autre phrase."
    assert unwrap(text) == "Le ministre a annoncé son départ à Moscou.\n\nUne autre phrase."


def test_a_line_opening_on_a_colon_or_in_lower_case_goes_on():
    text = "La réaction du ministre ne s'est pas fait attendre\n: « Varsovie ne cédera pas »\nrépète-t-il."
    assert unwrap(text) == text.replace("\n", " ")


def test_windows_line_breaks_become_two_spaces():
    text = "Il a dit que la\r\nguerre continuerait."
    assert unwrap(text) == "Il a dit que la  guerre continuerait."


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab cd.,:«»\n\r") + ["la ", "Le ", "\r\n", "x" * 40]), max_size=120)
       .map("".join))
def test_unwrap_only_ever_turns_line_breaks_into_spaces(text):
    flat = unwrap(text)
    assert len(flat) == len(text)
    assert all(a == b or (a in "\r\n" and b == " ") for a, b in zip(text, flat))


def test_a_wrapped_article_gives_the_quotes_of_the_flat_one(pipeline):
    flat = "\n\n".join(PARAGRAPHS)
    expected = extract(flat, pipeline=pipeline)
    assert [q.type for q in expected] == ["indirect", "direct", "mixed", "indirect"]
    for width in (60, 79):
        text = wrapped(PARAGRAPHS, width)
        quotes = extract(text, pipeline=pipeline)
        assert [(q.start, q.end, q.type, q.speaker.id, q.cue.start) for q in quotes] == \
               [(q.start, q.end, q.type, q.speaker.id, q.cue.start) for q in expected]
        for q in quotes:
            assert q.text == text[q.start:q.end]
            assert q.cue.text == text[q.cue.start:q.cue.end]
            assert q.speaker.mention.text == text[q.speaker.mention.start:q.speaker.mention.end]
