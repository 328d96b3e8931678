"""Characters the models never saw (decomposed accents, soft hyphens, typeset hyphens): an article that has
them reads as the same article without them, answers cut from the posted text."""
import re
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from service.quotes import extract
from service.quotes.reading import composed, read

ARTICLE = (
    "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré mardi que la Russie n'était pas prête à négocier.\n\n"
    "« Nous ne voyons aucune base pour des discussions sérieuses », a-t-il ajouté devant la presse.\n\n"
    "Selon le ministre de la Défense, Andreï Belousov, les forces russes ont progressé près de Koupiansk."
)


def test_composed_text_maps_each_character_to_its_posted_offset():
    posted = unicodedata.normalize("NFD", "Élysée à Noël")
    text, starts = composed(posted)
    assert text == "Élysée à Noël"
    assert [posted[starts[i]] for i in range(len(text))] == [unicodedata.normalize("NFD", c)[0] for c in text]


def test_composed_text_is_returned_as_is():
    assert composed("déjà composé") == ("déjà composé", None)


def test_soft_hyphens_and_zero_width_spaces_are_left_out_and_typeset_hyphens_made_plain():
    posted = "a\u2011t\u2011il décla\u00adré au porte\u2010parole\u200b."
    text, starts = composed(posted)
    assert text == "a-t-il déclaré au porte-parole."
    assert posted[starts[text.index("ré")]:starts[text.index("ré") + 2]] == "ré"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aeEc \u00e9\u0301\u0300\u0327\u0308\n«»\u00ad\u200b\u2011-")
                                + ["\u0301\u0301", "la\n"]),
                max_size=100).map("".join))
def test_every_word_read_goes_back_to_the_same_word_posted(posted):
    reading = read(posted)
    offsets = [reading.posted_offset(i) for i in range(len(reading.text) + 1)]
    assert offsets == sorted(offsets) and offsets[-1] == len(posted)
    for word in re.finditer(r"\S+", reading.text):
        a, b = reading.posted_offset(word.start()), reading.posted_offset(word.end())
        assert composed(posted[a:b])[0] == word.group()


@pytest.mark.parametrize("variant", [
    lambda text: unicodedata.normalize("NFD", text),
    lambda text: text.replace("-t-", "\u2011t\u2011").replace("porte-parole", "porte\u2011parole"),
    lambda text: text.replace("déclaré", "décla\u00adré").replace("ajouté", "ajou\u00adté\u200b"),
], ids=["decomposed accents", "non-breaking hyphens", "soft hyphens"])
def test_an_article_with_characters_the_models_never_saw_gives_the_quotes_of_the_plain_one(pipeline, variant):
    posted = variant(ARTICLE)
    assert posted != ARTICLE
    expected = extract(ARTICLE, pipeline=pipeline)
    quotes = extract(posted, pipeline=pipeline)
    assert [(q.type, q.speaker.id, q.cue.lemma) for q in quotes] == \
           [(q.type, q.speaker.id, q.cue.lemma) for q in expected] == \
           [("indirect", "peskov", "déclarer"), ("direct", "peskov", "ajouter"), ("indirect", "belousov", "selon")]
    for q, e in zip(quotes, expected):
        assert q.text == posted[q.start:q.end] and composed(q.text)[0] == e.text
        assert q.cue.text == posted[q.cue.start:q.cue.end] and composed(q.cue.text)[0] == e.cue.text
        assert q.speaker.mention.text == posted[q.speaker.mention.start:q.speaker.mention.end]
        assert composed(q.speaker.mention.text)[0] == e.speaker.mention.text
