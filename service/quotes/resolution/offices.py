"""Offices written in several ways: « le chef de la diplomatie néerlandaise » is « le ministre
néerlandais des Affaires étrangères », « le dirigeant chinois » is « le président chinois ».

The groups come from service/data/offices.json.  A description key (see
service.quotes.speakers.description_key) is read as an office of a group plus its qualifiers,
the words left once the office's words are taken out (« néerlandais »,
« chinois », « de la Commission européenne »).  Two descriptions name the same
office when they fall in the same group with the same qualifiers; adjectives
are compared without their feminine ending, since the qualifier agrees with
whichever noun the office is written with (« la diplomatie néerlandaise »).
"""
import json
from functools import lru_cache
from pathlib import Path

from service.quotes.french import OFFICE_STOP_WORDS
from service.quotes.speakers import description_key

OFFICES_FILE = Path(__file__).resolve().parents[2] / "data" / "offices.json"


def _content_words(key):
    return [w for w in key.split() if w not in OFFICE_STOP_WORDS]


@lru_cache(maxsize=1)
def office_forms():
    """(head noun, other words of the office, group number), the most specific offices first."""
    groups = json.loads(OFFICES_FILE.read_text(encoding="utf-8"))["groups"]
    forms = []
    for number, group in enumerate(groups):
        for description in group:
            words = _content_words(description_key(description))
            forms.append((words[0], frozenset(words[1:]), number))
    return sorted(forms, key=lambda form: -len(form[1]))


def masculine(word):
    """An adjective without its feminine ending (« néerlandaise » -> « neerlandais »), folded."""
    if word.endswith("enne"):
        return word[:-2]
    if len(word) > 4 and word.endswith("e") and word[-2] in "sdtnl":
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def office_of(key):
    """(group number, qualifiers) of a description key, or None when it names none of the offices."""
    words = _content_words(key)
    if not words:
        return None
    for head, others, number in office_forms():
        if words[0] == head and others <= set(words[1:]):
            qualifiers = frozenset(masculine(w) for w in words[1:] if w not in others)
            return number, qualifiers
    return None


def same_office(a, b):
    """Two description keys name the same office of the same country or organisation."""
    office_a, office_b = office_of(a), office_of(b)
    return office_a is not None and office_a == office_b and bool(office_a[1])
