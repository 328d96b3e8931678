"""Reporting verbs: the lexicon (a data file) and finding the cues of an article.

A cue is a verb whose Stanza lemma is in the lexicon (déclarer, affirmer,
s'engager…), with the constructions the lexicon allows it (que-clause, incise,
infinitive…).  Its span runs from its first auxiliary or clitic to the verb
(« a déclaré », « a-t-il ajouté », « s'est engagé »).
"""
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.quotes.mentions import INVERTED_CLITIC
from service.quotes.model import Cue
from service.quotes.speakers import fold

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "reporting_verbs.json"
REFLEXIVE = {"se", "s'", "me", "m'", "te", "t'", "nous", "vous"}
THIRD_REFLEXIVE = {"se", "s'", "s’"}


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


# (ending of a form, ending of its infinitive): guesses for when the lemmatiser is wrong
FORM_ENDINGS = (("ées", "er"), ("és", "er"), ("ée", "er"), ("é", "er"), ("ant", "er"), ("ait", "er"),
                ("aient", "er"), ("e", "er"), ("es", "er"), ("ent", "er"), ("ons", "er"), ("ez", "er"),
                ("era", "er"), ("eront", "er"), ("erait", "er"), ("it", "ire"), ("ise", "ire"),
                ("is", "ire"), ("u", "re"), ("ut", "re"), ("is", "ettre"), ("et", "ettre"),
                ("ettant", "ettre"), ("u", "aître"), ("aît", "aître"), ("ait", "aître"),
                ("aissant", "aître"), ("oit", "oir"), ("oient", "oir"), ("u", "oir"), ("yant", "oir"),
                ("ient", "enir"), ("int", "enir"), ("enu", "enir"), ("it", "ir"), ("i", "ir"),
                ("issant", "ir"), ("issent", "ir"), ("ignent", "indre"), ("int", "indre"),
                ("aignant", "aindre"), ("nd", "ndre"), ("ndu", "ndre"), ("ndant", "ndre"),
                ("ndent", "ndre"), ("it", "ire"), ("isant", "ire"), ("isent", "ire"), ("elle", "eler"),
                ("ellent", "eler"), ("ette", "eter"), ("ettent", "eter"), ("ivent", "ire"), ("ivait", "ire"),
                ("ivaient", "ire"), ("ivant", "ire"), ("isait", "ire"), ("isaient", "ire"), ("iront", "ire"),
                ("ira", "ire"), ("ait", "re"), ("aient", "re"))
VERBAL_ENDINGS = ("é", "ée", "és", "ées", "ant", "er", "ir", "re", "it", "is", "u", "e", "ent", "ait")


# « dit-elle », « répond-il », « assure-t-on »: a verb and its inverted subject in one token
FUSED_INVERSION = re.compile(r"^[a-zàâçéèêëîïôöûùüÿœ]+(?:-t)?-(?:il|elle|ils|elles|on)$")


def _before_inverted_clitic(article, word):
    """« lit-on », « nuance-t-il »: a word followed by an inverted subject pronoun is a verb, whatever
    the tagger called it."""
    following = article.words[word.index + 1] if word.index + 1 < len(article.words) else None
    return following is not None and following.sentence == word.sentence and \
        bool(INVERTED_CLITIC.match(following.lower))


def _noun_read_as_infinitive(article, word):
    """« Mykhaïlo Podoliak, conseiller de la présidence »: an infinitive after a comma with nothing to
    govern it (no verb taking it, no « de », « à », « pour » before it) is a noun the tagger misread."""
    if word.upos != "VERB" or word.feat("VerbForm") != "Inf" or word.index == 0 or \
            word.rel not in ("advcl", "acl", "appos", "conj", "parataxis", "dep"):
        return False
    previous = article.words[word.index - 1]
    governed = any(article.words[c].rel in ("mark", "case", "aux", "cop") for c in word.children)
    return previous.text == "," and not governed


def _looks_verbal(article, word):
    """A word the tagger did not call a verb may still be one (« », juge un diplomate »), but not a noun
    set in apposition (« X, conseiller de la présidence ») or one after a determiner or a preposition
    (« le centre d'analyse »)."""
    if word.upos == "NOUN" and word.rel == "appos":
        return False
    previous = article.words[word.index - 1] if word.index > 0 else None
    if previous is not None and previous.sentence == word.sentence and previous.upos in ("DET", "ADP"):
        return False
    return word.upos not in ("PUNCT", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "NUM") and \
        word.text[:1].islower() and word.lower.endswith(VERBAL_ENDINGS)


def is_attributive_participle(article, word):
    """« la mobilisation annoncée il y a trois semaines », « les associations dites … »: a past
    participle describing a noun reports nothing."""
    if word.feat("VerbForm") != "Part" or word.feat("Tense") == "Pres":
        return False
    if any(article.words[c].rel in ("aux", "cop") for c in word.children):
        return False
    if _surface_group_start(article, word) is not word:     # an auxiliary the parse hung elsewhere
        return False
    return word.rel in ("acl", "amod") or word.deprel == "acl"


def lemma_and_guesses(lemma, lower):
    """Stanza's lemma of a word, plus guesses from its form (lower case) in case the lemma is wrong."""
    lemma = lemma.lower().replace("’", "'")
    out = [lemma]
    form = re.sub(r"(-t)?-(il|elle|ils|elles|on)$", "", lower)
    if form != lower:
        out.append(form)
    for suffix, repl in FORM_ENDINGS:
        if form.endswith(suffix) and len(form) > len(suffix):
            guess = form[: -len(suffix)] + repl
            if guess not in out:
                out.append(guess)
    return tuple(out)


def has_reflexive(article, verb):
    """A third-person reflexive clitic (se, s') on the verb: « s'engager », « se féliciter »."""
    for child in (article.words[c] for c in verb.children):
        if child.lower in THIRD_REFLEXIVE and child.index < verb.index:
            return True
    before = article.words[max(0, verb.index - 3):verb.index]
    return any(w.lower in THIRD_REFLEXIVE for w in before if w.sentence == verb.sentence)


def load_lexicon(path=None):
    data = json.loads(Path(path or DEFAULT_LEXICON).read_text(encoding="utf-8"))
    return Lexicon(_entry(k, v) for k, v in data["verbs"].items())


_lexicon = None


def default_lexicon():
    global _lexicon
    if _lexicon is None:
        _lexicon = load_lexicon()
    return _lexicon


AUXILIARY_FORMS = {"a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient", "avoir", "ayant",
                   "est", "sont", "était", "étaient", "sera", "seront", "serait", "seraient", "été", "eu"}
# what may stand between an auxiliary and its participle: « a, lui, une nouvelle fois accusé »
INSIDE_VERB_GROUP = {",", "lui", "elle", "eux", "elles", "lui-même", "elle-même", "une", "nouvelle", "fois",
                     "encore", "déjà", "aussi", "également", "ainsi", "pourtant", "toutefois", "ensuite",
                     "alors", "même", "d'ailleurs", "ailleurs", "d'", "de", "son", "côté", "pas", "ne", "n'",
                     "jamais", "plus", "bien", "notamment", "enfin", "donc", "néanmoins", "cependant"}


def cue_start_word(article, verb):
    """The first word of the verb group: auxiliary, reflexive clitic or inverted -t-il.

    Read on the parse (aux children), else on the words before the verb."""
    first = verb
    for child in (article.words[c] for c in verb.children):
        if child.index < first.index and verb.index - child.index <= 6 and (
                child.rel in ("aux", "cop") or child.lower in REFLEXIVE or child.deprel == "aux:tense"):
            first = child
    if first is verb:
        first = _surface_group_start(article, verb)
    return first


def _surface_group_start(article, verb):
    sentence = article.sentence_of(verb)
    first = verb
    i = verb.index - 1
    while i >= max(sentence.first, verb.index - 8):
        w = article.words[i]
        form = w.lower.lstrip("-").split("-")[0]
        if form in AUXILIARY_FORMS or w.lower.startswith("-t-") or form in THIRD_REFLEXIVE:
            first = w
        elif not (w.lower in INSIDE_VERB_GROUP or w.upos == "ADV"):
            break
        i -= 1
    while first.index < verb.index and first.lower in INSIDE_VERB_GROUP:
        first = article.words[first.index + 1]
    return first


def make_cue(article, verb, entry):
    start = cue_start_word(article, verb).start
    end = verb.end
    if entry is not None and entry.particle:
        nxt = _particle_word(article, verb, entry.particle)
        if nxt is not None:
            end = nxt.end
    return Cue(text=article.text[start:end], lemma=_display_lemma(entry, verb), start=start, end=end)


def _particle_word(article, verb, particle):
    """The last word of a locution's particle right after the verb (« fait *savoir* », « mis *en garde* »)."""
    parts = particle.split()
    following = [w for w in article.words[verb.index + 1:verb.index + 5] if w.upos != "ADV"]
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
