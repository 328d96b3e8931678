"""The French words and forms the rules share: the word lists of service/data/french.json, read once,
and the patterns written on them (an inverted subject pronoun, an abbreviation before a full stop).

Each list of the file has a `_doc` saying what it holds and one of:
  words     a set of forms (`include` adds other lists' words, `except` takes some out) -> frozenset
  sequence  forms tried in order                                                     -> tuple
  pairs     [from, to] pairs tried in order                                          -> tuple of pairs
  map       form -> value                                                            -> dict
"""
import json
import re
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "french.json"


@lru_cache(maxsize=1)
def _lists():
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))["lists"]


@lru_cache(maxsize=None)
def word_set(name):
    """The set of forms a `words` list holds, with the lists it includes and without its exceptions."""
    entry = _lists()[name]
    found = set(entry["words"])
    for other in entry.get("include", ()):
        found |= word_set(other)
    return frozenset(found - set(entry.get("except", ())))


def sequence(name):
    return tuple(_lists()[name]["sequence"])


def pairs(name):
    return tuple(tuple(pair) for pair in _lists()[name]["pairs"])


def mapping(name):
    return dict(_lists()[name]["map"])


def groups(name):
    """form -> the indexes of the groups it belongs to."""
    found = {}
    for i, group in enumerate(_lists()[name]["groups"]):
        for form in group:
            found.setdefault(form, set()).add(i)
    return {form: frozenset(indexes) for form, indexes in found.items()}


# --- pronouns and determiners ------------------------------------------------------------------------
PERSONAL_PRONOUNS = {form: tuple(value) for form, value in mapping("personal_pronouns").items()}
RELATIVE_PRONOUNS = word_set("relative_pronouns")
STRESSED_PRONOUNS = word_set("stressed_pronouns")
EMPHATIC = word_set("emphatic")
LATTER = {tuple(words.split()): gender for words, gender in mapping("latter").items()}
LATTER_PRONOUNS = mapping("latter_pronouns")
WRITER_PRONOUNS = word_set("writer_pronouns")
IMPERSONAL_SUBJECTS = word_set("impersonal_subjects")
REFLEXIVE = word_set("reflexive_clitics")
THIRD_REFLEXIVE = word_set("third_person_reflexives")
OBJECT_CLITICS = word_set("object_clitics")
DETERMINERS = word_set("determiners")
DESCRIPTION_OPENERS = word_set("description_openers")
FOLDED_ARTICLES = word_set("folded_articles")
GENDERLESS_DETERMINERS = word_set("genderless_determiners")
DE = word_set("de")
QUE = word_set("que")
INF_MARKS = word_set("infinitive_marks")
NEGATION = word_set("negation")
OFFICE_STOP_WORDS = word_set("office_stop_words")

# --- verbs -----------------------------------------------------------------------------------------
PASSIVE_AUXILIARIES = word_set("passive_auxiliaries")
AUXILIARY_FORMS = word_set("auxiliary_forms")
INSIDE_VERB_GROUP = word_set("inside_verb_group")
FORM_ENDINGS = pairs("form_endings")
VERBAL_ENDINGS = sequence("verbal_endings")
ASKING_VERBS = word_set("asking_verbs")
READ_FORMS = word_set("read_forms")
READ_IN = word_set("read_in")

# --- people, titles and offices ---------------------------------------------------------------------
TITLES = word_set("titles")
# titles as the folded words of a name (speakers.name_tokens): no dot
NAME_TITLES = frozenset(title.rstrip(".") for title in TITLES) | word_set("name_titles")
TITLE_GENDER = mapping("title_gender")
PERSON_NOUNS = word_set("person_nouns")
EPICENE = word_set("epicene_nouns")
OFFICES_MASCULINE_FOR_WOMEN = word_set("offices_masculine_for_women")
ROLE_KINDS = groups("role_kinds")
GRADING_ADVERBS = word_set("grading_adverbs")
FEMININE_ENDINGS = pairs("feminine_endings")
NAME_PARTICLES = word_set("name_particles")
SURFACE_NAME_PARTICLES = word_set("surface_name_particles")
SAME_OFFICE_ADJECTIVES = word_set("same_office_adjectives")
OFFICE_LINKS = word_set("office_links")

# --- bodies, sources and speech ---------------------------------------------------------------------
SPEAKING_NOUNS = word_set("speaking_nouns")
SOURCE_NOUNS = word_set("source_nouns")
DOCUMENT_NOUNS = word_set("document_nouns")
AUTHOR_LINKS = word_set("author_links")
POSTING_PLACES = word_set("posting_places")
VOICE_NOUNS = word_set("voice_nouns")
WORDS_NOUNS = word_set("words_nouns")
SPEECH_NOUNS = word_set("speech_nouns")
WORDS_OF = word_set("words_of")
EVIDENCE_NOUNS = word_set("evidence_nouns")
WRITER_FINDINGS = word_set("writer_findings")
NOT_SOURCES = word_set("not_sources")

# --- time and the words around a clause ---------------------------------------------------------------
ADVERBIAL_TIMES = word_set("adverbial_times")
TIME_WORDS = word_set("time_words")
FEASTS = word_set("feasts")
NOUN_PHRASE_STOPS = word_set("noun_phrase_stops")
PARTITIVE_PRONOUNS = word_set("partitive_pronouns")
BEFORE_INVERTED_SUBJECT = word_set("before_inverted_subject")
TITLE_PARTICIPLES = word_set("title_participles")
RELATIVE_TIME_ADJECTIVES = word_set("relative_time_adjectives")
PLACES_OF_ON = word_set("places_of_on")
ADVERBIAL_LOCUTIONS = tuple(tuple(locution.split()) for locution in sequence("adverbial_locutions"))

# --- patterns ------------------------------------------------------------------------------------------
# « a-t-il », « dit-elle », « lit-on »: the subject pronoun inverted after its verb (group 1: the pronoun)
INVERTED_PRONOUN = r"-(?:t-)?(il|elle|ils|elles|on)"
INVERTED_CLITIC = re.compile(INVERTED_PRONOUN + r"$")                        # at the end of a word
INVERTED_CLITIC_TEXT = re.compile(INVERTED_PRONOUN + r"\b", re.IGNORECASE)   # in the text, after a verb
FUSED_INVERSION = re.compile(r"^[a-zàâçéèêëîïôöûùüÿœ]+" + INVERTED_PRONOUN + r"$")  # one token: « dit-elle »

# a full stop after these ends neither a sentence nor a source phrase (« M. Peskov », « J. Biden »,
# « Mme Dupont », « St. Louis »); nor does one after a single capital
ABBREVIATIONS = ("MM", "Mme", "Dr", "St", "Jr")
NOT_AFTER_ABBREVIATION = r"(?<!\b[A-Z])" + "".join(rf"(?<!\b{a})" for a in ABBREVIATIONS)
ENDS_WITH_ABBREVIATION = re.compile(r"(?:\b[A-Z]|" + "|".join(rf"\b{a}" for a in ABBREVIATIONS) + r")$")
