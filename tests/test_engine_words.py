"""The engine's French word lists (service/data/french.json) and the queries on a parsed word (no parse)."""
import json
import re
from types import MappingProxyType

import pytest

from service.quotes import french
from service.quotes.parse.article import Article, Sentence, Word

LISTS = json.loads(french.WORDS_FILE.read_text(encoding="utf-8"))["lists"]
KINDS = ("words", "sequence", "pairs", "map", "groups")


@pytest.mark.parametrize("name", sorted(LISTS))
def test_each_list_says_what_it_holds_and_holds_one_kind_of_data(name):
    entry = LISTS[name]
    assert entry["_doc"].strip()
    assert [k for k in KINDS if k in entry] and len([k for k in KINDS if k in entry]) == 1
    for other in entry.get("include", ()):
        assert "words" in LISTS[other], f"{name} includes {other}, which is no set of words"


def test_every_list_is_read_by_the_engine():
    source = (french.WORDS_FILE.parent.parent / "quotes" / "french.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:word_set|sequence|pairs|mapping|groups)\("(\w+)"\)', source))
    included = {other for entry in LISTS.values() for other in entry.get("include", ())}
    assert set(LISTS) == read | included


def test_a_list_includes_the_words_of_the_lists_it_names():
    assert french.word_set("speaking_bodies") <= french.SPEAKING_NOUNS
    assert french.word_set("speaking_bodies") <= french.SOURCE_NOUNS
    assert french.SPEAKING_NOUNS & french.SOURCE_NOUNS == french.word_set("speaking_bodies")
    assert french.STRESSED_PRONOUNS <= french.EMPHATIC
    assert french.PASSIVE_AUXILIARIES <= french.AUXILIARY_FORMS


def test_surface_name_particles_leave_out_the_ones_that_start_a_complement():
    assert "von" in french.SURFACE_NAME_PARTICLES and "de" in french.NAME_PARTICLES
    assert "de" not in french.SURFACE_NAME_PARTICLES


def test_titles_as_name_words_have_no_dot():
    assert {"m", "mme", "dr", "me", "sir"} <= french.NAME_TITLES
    assert not any(title.endswith(".") for title in french.NAME_TITLES)
    assert {"m.", "mme", "mme."} <= french.TITLES


@pytest.mark.parametrize("form, pronoun", [("a-t-il", "il"), ("dit-elle", "elle"), ("assure-t-on", "on"),
                                           ("-t-ils", "ils")])
def test_one_pattern_reads_an_inverted_subject_pronoun(form, pronoun):
    assert french.INVERTED_CLITIC.search(form).group(1) == pronoun
    assert french.INVERTED_CLITIC_TEXT.search(form.upper()) is not None


def test_a_fused_inversion_is_a_verb_and_its_pronoun_in_one_token():
    assert french.FUSED_INVERSION.match("répond-il") and french.FUSED_INVERSION.match("nuance-t-elle")
    assert not french.FUSED_INVERSION.match("peut-être")


@pytest.mark.parametrize("text, ends", [("selon M", True), ("selon Mme", True), ("selon J", True),
                                        ("selon St", True), ("selon le ministre", False)])
def test_an_abbreviation_does_not_end_a_source_phrase(text, ends):
    assert bool(french.ENDS_WITH_ABBREVIATION.search(text)) is ends


def test_no_sentence_ends_after_an_abbreviation():
    sentence_end = re.compile(french.NOT_AFTER_ABBREVIATION + r"\.\s")
    assert not sentence_end.search("M. Peskov a dit") and not sentence_end.search("Mme. Dupont")
    assert sentence_end.search("Il est parti. Elle reste")


def _article(tokens):
    """« Le ministre a parlé »: words with heads (index of the head, -1 for the root) and relations."""
    text = " ".join(form for form, _, _ in tokens)
    article = Article(text=text, date=None, paragraphs=[(0, len(text))])
    offset = 0
    for i, (form, head, deprel) in enumerate(tokens):
        article.words.append(Word(index=i, text=form, lemma=form.lower(), upos="X", feats=MappingProxyType({}),
                                  deprel=deprel, head=head, start=offset, end=offset + len(form), sentence=0,
                                  paragraph=0, doc=article.words))
        offset += len(form) + 1
    for word in article.words:
        if word.head >= 0:
            article.words[word.head].children.append(word.index)
    article.sentences.append(Sentence(0, 0, 0, len(tokens) - 1, 0, len(text)))
    return article


def test_a_word_knows_its_head_its_dependents_and_its_neighbours():
    article = _article([("Le", 1, "det"), ("ministre", 3, "nsubj"), ("a", 3, "aux:tense"), ("parlé", -1, "root")])
    det, noun, aux, verb = article.words
    assert noun.head_word is verb and verb.head_word is None
    assert verb.dependents() == [noun, aux]
    assert verb.dependents("nsubj") == [noun] and verb.dependents("aux") == [aux]
    assert verb.has_dependent("aux") and not verb.has_dependent("obj")
    assert det.nbor() is noun and det.nbor(-1) is None and verb.nbor() is None
    assert article.subtree(noun) == [det, noun]


def test_person_nouns_pair_their_genders_so_a_description_tells_one():
    from service.quotes.parse.word_classes import _paired_gender
    for feminine, masculine in (("auteure", "auteur"), ("romancière", "romancier"), ("joueuse", "joueur"),
                                ("infirmière", "infirmier"), ("lauréate", "lauréat")):
        assert feminine in french.PERSON_NOUNS and masculine in french.PERSON_NOUNS
        assert _paired_gender(feminine) == "fem" and _paired_gender(masculine) == "masc"


def test_bodies_and_events_are_no_person_nouns():
    assert not {"ministère", "réunion", "décret", "hausse", "mesure", "propos"} & french.PERSON_NOUNS


def test_a_partitive_pronoun_heads_a_noun_phrase_read_forwards():
    from service.quotes.parse.noun_phrases import _forward_word
    un = Word(0, "un", "un", "PRON", MappingProxyType({}), "nsubj", -1, 0, 2, 0, 0)
    il = Word(0, "il", "il", "PRON", MappingProxyType({}), "nsubj", -1, 0, 2, 0, 0)
    assert _forward_word(un) and not _forward_word(il)
