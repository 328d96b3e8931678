"""Reporting verbs: the lexicon (a data file) and finding the cues of an article.

A cue is a verb whose Stanza lemma is in the lexicon (déclarer, affirmer,
s'engager…), with the constructions the lexicon allows it (que-clause, incise,
infinitive…).  Its span runs from its first auxiliary or clitic to the verb
(« a déclaré », « a-t-il ajouté », « s'est engagé »).
"""
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from service.quotes.french import FORM_ENDINGS, FUSED_INVERSION, INVERTED_CLITIC, VERBAL_ENDINGS
from service.quotes.model import Cue
from service.quotes.parse.article import Article
from service.quotes.parse.verb_group import cue_start_word, has_reflexive, is_attributive_participle
from service.quotes.speakers import fold

DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "data" / "reporting_verbs.json"


@dataclass(frozen=True)
class VerbEntry:
    lemma: str                   # the infinitive without its clitic
    constructions: frozenset
    kind: str
    pronominal: bool             # needs a reflexive clitic (s'engager)
    particle: str = ""           # second word of a locution (faire *savoir*, mettre *en garde*)

    def allows(self, construction):
        return construction in self.constructions


def _entry(key, value):
    key = key.replace("’", "'")
    pronominal = key.startswith(("se ", "s'"))
    bare = key[3:] if key.startswith("se ") else key[2:] if key.startswith("s'") else key
    lemma, _, particle = bare.partition(" ")
    return VerbEntry(lemma, frozenset(value.get("constructions", ())), value.get("kind", "speech"),
                     pronominal, particle)


class Lexicon:
    """Reporting verbs by lemma (looked up without accents, so a guessed « considèrer » still finds
    « considérer »)."""

    def __init__(self, entries):
        self.by_lemma = {}
        self._folded = {}
        for entry in entries:
            self.by_lemma.setdefault(entry.lemma, []).append(entry)
            self._folded.setdefault(fold(entry.lemma), []).append(entry)
        # asked for every word the rules meet, mostly for the same few thousand forms
        self._entries_of = lru_cache(maxsize=20_000)(self._entries_named)

    def __len__(self):
        return sum(len(v) for v in self.by_lemma.values())

    def _entries_named(self, lemma, lower):
        """The entries the word's lemma, or a guess from its form, names, in that order."""
        candidates = []
        for candidate in lemma_and_guesses(lemma, lower):
            for entry in self._folded.get(fold(candidate), ()):
                if entry not in candidates:
                    candidates.append(entry)
        return tuple(candidates)

    def lookup(self, article, word):
        """The lexicon entry `word` instantiates in the article, or None."""
        candidates = self._entries_of(word.lemma, word.lower)
        if not candidates:
            return None
        if is_attributive_participle(article, word) or _noun_read_as_infinitive(article, word):
            return None
        if word.upos not in ("VERB", "AUX", "ADJ") and not _looks_verbal(article, word) and \
                not FUSED_INVERSION.match(word.lower) and not _before_inverted_clitic(article, word):
            return None
        reflexive = has_reflexive(article, word)
        best = None
        for entry in candidates:
            if entry.particle:
                if _particle_word(article, word, entry.particle) is not None:
                    return entry
                continue
            if entry.pronominal != reflexive:
                continue
            if best is None or (entry.pronominal and reflexive):
                best = entry
        return best


def _before_inverted_clitic(article, word):
    """« lit-on », « nuance-t-il »: a word followed by an inverted subject pronoun is a verb, whatever
    the tagger called it."""
    following = word.nbor()
    return following is not None and following.sentence == word.sentence and \
        bool(INVERTED_CLITIC.match(following.lower))


def _noun_read_as_infinitive(article, word):
    """« Mykhaïlo Podoliak, conseiller de la présidence »: an infinitive after a comma with nothing to
    govern it (no verb taking it, no « de », « à », « pour » before it) is a noun the tagger misread."""
    if word.upos != "VERB" or word.feat("VerbForm") != "Inf" or word.index == 0 or \
            word.rel not in ("advcl", "acl", "appos", "conj", "parataxis", "dep"):
        return False
    previous = article.words[word.index - 1]
    governed = word.has_dependent("mark", "case", "aux", "cop")
    return previous.text == "," and not governed


def _looks_verbal(article, word):
    """A word the tagger did not call a verb may still be one (« », juge un diplomate »), but not a noun
    set in apposition (« X, conseiller de la présidence ») or one after a determiner or a preposition
    (« le centre d'analyse »)."""
    if word.upos == "NOUN" and word.rel == "appos":
        return False
    previous = word.nbor(-1)
    if previous is not None and previous.sentence == word.sentence and previous.upos in ("DET", "ADP"):
        return False
    return word.upos not in ("PUNCT", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "NUM") and \
        word.text[:1].islower() and word.lower.endswith(VERBAL_ENDINGS)


def lemma_and_guesses(lemma, lower):
    """Stanza's lemma of a word, plus guesses from its form (lower case) in case the lemma is wrong."""
    lemma = lemma.lower().replace("’", "'")
    out = [lemma]
    form = INVERTED_CLITIC.sub("", lower)
    if form != lower:
        out.append(form)
    for suffix, repl in FORM_ENDINGS:
        if form.endswith(suffix) and len(form) > len(suffix):
            guess = form[: -len(suffix)] + repl
            if guess not in out:
                out.append(guess)
    return tuple(out)


def load_lexicon(path=None):
    data = json.loads(Path(path or DEFAULT_LEXICON).read_text(encoding="utf-8"))
    return Lexicon(_entry(k, v) for k, v in data["verbs"].items())


@cache
def default_lexicon():
    return load_lexicon()


def make_cue(article, verb, entry):
    start = cue_start_word(article, verb).start
    end = verb.end
    if entry is not None and entry.particle:
        nxt = _particle_word(article, verb, entry.particle)
        if nxt is not None:
            end = nxt.end
    return Cue(text=article.text[start:end], lemma=_display_lemma(entry, verb), start=start, end=end)


def _particle_word(article, verb, particle):
    """The last word of a locution's particle right after the verb (« fait *savoir* », « mis *en garde* »),
    past adverbs and an inverted subject pronoun (« fait-on savoir », « a-t-il fait savoir »)."""
    parts = particle.split()
    following = [w for w in article.words[verb.index + 1:verb.index + 5]
                 if w.upos != "ADV" and not (w.upos == "PRON" and w.lower.startswith("-"))]
    if [w.lower for w in following[:len(parts)]] == parts:
        return following[len(parts) - 1]
    return None


def _display_lemma(entry, verb):
    if entry is None:
        return verb.lemma
    prefix = ("s'" if re.match(r"[aeiouyhéèêàâîôû]", entry.lemma) else "se ") if entry.pronominal else ""
    return prefix + entry.lemma + (" " + entry.particle if entry.particle else "")


def span_cue(text, start, end, lemma):
    """A cue that is not a verb (selon, d'après)."""
    return Cue(text=text[start:end], lemma=lemma, start=start, end=end)


def cue_verbs(article: Article, lexicon: Lexicon) -> dict[int, VerbEntry]:
    """The reporting verbs of the article outside quotation marks: word index -> VerbEntry."""
    verbs = {}
    for word in article.words:
        entry = None if article.in_passage(word.start) else lexicon.lookup(article, word)
        if entry is not None:
            verbs[word.index] = entry
    return verbs
