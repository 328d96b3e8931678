"""The verb group of a verb: its first word (an auxiliary, a reflexive clitic, an inverted « -t-il »), its
reflexive clitic, and whether a participle only describes a noun.  Read on the parse (aux children),
else on the words before the verb.
"""
from service.quotes.french import ADVERBIAL_LOCUTIONS, AUXILIARY_FORMS, INSIDE_VERB_GROUP, REFLEXIVE, THIRD_REFLEXIVE
from service.quotes.marks import OPEN_TO_CLOSE


def is_attributive_participle(article, word):
    """« la mobilisation annoncée il y a trois semaines », « les associations dites … »: a past
    participle describing a noun reports nothing."""
    if word.feat("VerbForm") != "Part" or word.feat("Tense") == "Pres":
        return False
    if word.has_dependent("aux", "cop"):
        return False
    if _surface_group_start(article, word) is not word:     # an auxiliary the parse hung elsewhere
        return False
    return word.rel in ("acl", "amod") or word.deprel == "acl"


def has_reflexive(article, verb):
    """A third-person reflexive clitic (se, s') on the verb: « s'engager », « se féliciter »."""
    for child in verb.dependents():
        if child.lower in THIRD_REFLEXIVE and child.index < verb.index:
            return True
    before = article.words[max(0, verb.index - 3):verb.index]
    return any(w.lower in THIRD_REFLEXIVE for w in before if w.sentence == verb.sentence)


QUOTATION_MARKS = frozenset(OPEN_TO_CLOSE) | frozenset(OPEN_TO_CLOSE.values())


def cue_start_word(article, verb):
    """The first word of the verb group: auxiliary, reflexive clitic or inverted -t-il.

    Read on the parse (aux children), else on the words before the verb."""
    first = verb
    for child in verb.dependents():
        if child.index < first.index and verb.index - child.index <= 6 and (
                child.rel in ("aux", "cop") or child.lower in REFLEXIVE or child.deprel == "aux:tense") and \
                not any(w.text in QUOTATION_MARKS for w in article.words[child.index + 1:verb.index]):
            first = child       # not across a quotation mark: « « C'est trop », dit-il » is no « est … dit »
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


LONGEST_LOCUTION = max((len(words) for words in ADVERBIAL_LOCUTIONS), default=0)


def locution_length(lowered):
    """The number of words of the adverbial locution (« de son côté », « pour sa part »: data) that the
    lower-case words `lowered` start with; 0 when none."""
    for words in ADVERBIAL_LOCUTIONS:
        if tuple(lowered[:len(words)]) == words:
            return len(words)
    return 0


def after_adverbial_locution(article, index, last):
    """The index after the adverbial locution at `index`, or `index` when none starts there."""
    return index + locution_length([w.lower for w in article.words[index:min(last + 1, index + LONGEST_LOCUTION)]])
