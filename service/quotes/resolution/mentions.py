"""Noun phrases that can name a source: their words, the proper names in them, and what they are.

A mention is the head phrase of a subject (« le porte-parole du Kremlin »,
« M. Peskov », « Paris et Berlin »): determiners, adjectives, de-complements,
names and coordinated nouns, without relative clauses, appositions or
parentheticals.  The proper names it carries and its apposition (« , Dmitri
Peskov, ») are read separately.
"""
from dataclasses import dataclass, field

from service.quotes.french import DE, EMPHATIC, GRADING_ADVERBS, TITLE_GENDER, TITLES
from service.quotes.parse.article import Article, Word
from service.quotes.parse.word_classes import is_person_noun, is_trailing_time
from service.quotes.resolution.names import name_runs, trailing_name_run

PHRASE_RELS = {"det", "amod", "flat", "fixed", "compound", "nummod", "conj", "cc", "case", "nmod"}


@dataclass
class Phrase:
    """The words of a mention and what can be read off them."""
    words: list[Word]                                            # in text order
    head: Word
    names: list[list[Word]] = field(default_factory=list)        # runs of proper-name words
    appositions: list["Phrase"] = field(default_factory=list)    # Phrases in apposition to the head

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


def _phrase_children(article, word, depth):
    for child in word.dependents():
        rel = child.rel
        if rel == "punct" or child.deprel in ("acl:relcl",) or rel in ("appos", "acl", "parataxis", "advcl"):
            continue
        if child.lower in EMPHATIC and child.index > word.index:
            continue
        if rel == "nmod" and not _nmod_belongs(article, child, depth):
            continue
        if rel in PHRASE_RELS or _degree_of_adjective(word, child):
            yield child


def _degree_of_adjective(adjective, child):
    """« le plus haut diplomate », « la très respectée juge »: the adverb grading an adjective of the phrase."""
    return adjective.upos == "ADJ" and child.rel == "advmod" and child.lower in GRADING_ADVERBS and \
        child.index == adjective.index - 1


def _nmod_belongs(article, nmod, depth):
    """A de-complement (« du Kremlin ») or a bare name (« M. Peskov ») belongs to the phrase."""
    if depth > 3:
        return False
    cases = nmod.dependents("case")
    if not cases:
        return True
    return all(c.lower in DE for c in cases)


def phrase_words(article, head, depth=0):
    out = [head]
    for child in _phrase_children(article, head, depth):
        if child.rel == "case" and depth == 0:
            continue
        out.extend(phrase_words(article, child, depth + 1))
    return out


def contiguous(words, head):
    """The run of words around the head with no gap in the word sequence."""
    indexes = sorted({w.index for w in words})
    position = indexes.index(head.index)
    lo = hi = position
    while lo > 0 and indexes[lo - 1] == indexes[lo] - 1:
        lo -= 1
    while hi + 1 < len(indexes) and indexes[hi + 1] == indexes[hi] + 1:
        hi += 1
    return indexes[lo:hi + 1]


def _trim_edges(article, indexes, head=None):
    while indexes and (article.words[indexes[-1]].upos in ("PUNCT", "ADP", "CCONJ", "SCONJ") or
                       (indexes[-1] != getattr(head, "index", None) and
                        is_trailing_time(article.words[indexes[-1]]))):
        indexes = indexes[:-1]
    while indexes and (article.words[indexes[0]].upos in ("PUNCT", "CCONJ", "SCONJ")
                       or article.words[indexes[0]].rel == "case" or _article_of_contraction(article, indexes[0])):
        indexes = indexes[1:]
    return indexes


def _article_of_contraction(article, index):
    """« le » of « du préfet » (« de » + « le », one token): it goes with the « de » left out."""
    word = article.words[index]
    return word.upos == "DET" and index > 0 and article.words[index - 1].start == word.start and \
        article.words[index - 1].rel == "case"


def phrase_of(article: Article, head: Word) -> Phrase:
    """The mention headed by `head`, with its names and appositions."""
    words = phrase_words(article, head)
    indexes = _trim_edges(article, contiguous(words, head), head) or [head.index]
    chosen = [article.words[i] for i in indexes]
    names = name_runs(chosen)
    if not names and is_person_noun(head):
        chosen, names = _with_name_after_complements(article, chosen)
    phrase = Phrase(words=chosen, head=head, names=names)
    for child in head.dependents():
        if child.rel == "appos" or (child.rel == "nmod" and child.index > head.index
                                    and child.index not in indexes and not _has_case(article, child)):
            inner = phrase_words(article, child, 1)
            idx = _trim_edges(article, contiguous(inner, child), child) or [child.index]
            ws = [article.words[i] for i in idx]
            phrase.appositions.append(Phrase(words=ws, head=child, names=name_runs(ws)))
    return phrase


def _with_name_after_complements(article, words):
    """« l'ancienne candidate du parti aux municipales Anne Le Goff »: the description's words and the
    person's full name that the parse left out of it, when the name ends the noun phrase (then the
    verb, a comma or the sentence's end); else the words unchanged, with no name."""
    sentence = article.sentence_of(words[-1])
    stretch = list(words)
    i = words[-1].index + 1
    while i <= sentence.last and len(stretch) < len(words) + 10 and \
            article.words[i].upos in ("ADP", "DET", "NOUN", "ADJ", "PROPN"):
        stretch.append(article.words[i])
        i += 1
    run = trailing_name_run(stretch)
    return (stretch, [run]) if run else (words, [])


def _has_case(article, word):
    return word.has_dependent("case")


def title_gender(phrase):
    for w in phrase.words:
        if w.lower in TITLE_GENDER:
            return TITLE_GENDER[w.lower]
    return None


def head_noun(phrase):
    """The common noun heading a description (« ministre » in « le ministre russe de la Défense »)."""
    for w in phrase.words:
        if w.upos == "NOUN" and w.lower not in TITLES:
            return w
    return None


def description_text(article, phrase):
    """The words of a mention that are not proper names or titles: its description, if any."""
    first_name = min((run[0].index for run in phrase.names), default=None)
    words = [w for w in phrase.words if (first_name is None or w.index < first_name)
             and w.lower not in TITLES]
    if first_name is not None and first_name == phrase.words[0].index:
        words = []
    if not words or not any(w.upos == "NOUN" for w in words):
        return ""
    return article.text[words[0].start:words[-1].end]


def span_text(article, phrase):
    return article.text[phrase.start:phrase.end]


