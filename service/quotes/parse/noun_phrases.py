"""Noun phrases read on the words alone, where the parse of a name or a description is not to be trusted:
forward from a word (« a répondu *le porte-parole du Kremlin* », « selon *le ministre* »), backward from
a verb group (« *Le porte-parole du Kremlin* a déclaré »), after « de » in a headline (« Réponse *du
Kremlin* : »), and the description of a person a stretch of words ends with.  The readings backwards
find a phrase's start with one scan (`_run_start`), each with the words it may hold.
"""
from typing import Optional

from service.quotes.french import (
    DE,
    DESCRIPTION_OPENERS,
    DETERMINERS,
    GRADING_ADVERBS,
    NOUN_PHRASE_STOPS,
    OFFICE_LINKS,
    PARTITIVE_PRONOUNS,
    RELATIVE_TIME_ADJECTIVES,
)
from service.quotes.parse.article import Article, Sentence, Word
from service.quotes.parse.word_classes import is_person_noun, is_time_word, is_trailing_time

NP_WORDS = ("DET", "NOUN", "PROPN", "ADJ", "NUM")
TITLE_ABBREVIATIONS = {"m.", "mme"}


def _forward_word(word):
    """A word a noun phrase read forwards may hold: not a stop word, a verb or punctuation (but « M. »,
    « Mme » and capitalised words the tagger took for verbs or adverbs)."""
    if word.upos == "PRON" and word.lower in PARTITIVE_PRONOUNS:
        return True                 # « l'un des riverains »
    if word.lower in NOUN_PHRASE_STOPS or word.upos in ("PUNCT", "VERB", "AUX", "SCONJ", "CCONJ", "PRON", "ADV"):
        return word.lower in TITLE_ABBREVIATIONS or (word.text[:1].isupper() and word.upos in ("VERB", "ADV"))
    return True


def phrase_after(article: Article, index: int, last: int) -> Optional[tuple[int, int]]:
    """(first, last) word indexes of the noun phrase starting at `index` (surface reading)."""
    i = index
    while i <= last and (_forward_word(article.words[i]) or (
            article.words[i].lower in DE and i + 1 <= last and _forward_word(article.words[i + 1])) or
            _office_complement(article, index, i, last) or _of_them(article, i, last)):
        i += 1
    end = _before_time_phrase(article, index, i - 1)
    while end >= index and (article.words[end].lower in DE | DETERMINERS and article.words[end].upos != "PRON" or
                            (end > index and is_trailing_time(article.words[end]))):
        end -= 1
    return (index, end) if end >= index else None


def _before_time_phrase(article, first, end):
    """« la députée la semaine dernière »: the last word before a time phrase closing the phrase (it dates
    the verb, it is no part of the name)."""
    words = article.words
    if end - 3 >= first and words[end].lower in RELATIVE_TIME_ADJECTIVES and is_time_word(words[end - 1]) and \
            words[end - 2].upos == "DET":
        return end - 3
    return end


def _of_them(article, i, last):
    """« d'eux » / « d'entre elles » after « l'un », « chacune »: the group the partitive pronoun takes from."""
    word = article.words[i]
    if i == 0 or article.words[i - 1].lower not in PARTITIVE_PRONOUNS and word.lower not in ("eux", "elles", "entre"):
        return False
    if word.lower in DE | {"entre"}:
        return i + 1 <= last and article.words[i + 1].lower in ("eux", "elles", "entre")
    return word.lower in ("eux", "elles") and article.words[i - 1].lower in DE | {"entre"}


def _office_complement(article, first, i, last):
    """« au Trésor » after « le secrétaire américain »: « à » and a capitalised name of a portfolio go on
    the description of an office."""
    word = article.words[i]
    if word.lower not in OFFICE_LINKS or i + 1 > last:
        return False
    following = article.words[i + 1]
    if following.upos == "DET" and i + 2 <= last:
        following = article.words[i + 2]
    return following.text[:1].isupper() and any(is_person_noun(w) for w in article.words[first:i])


def skip_determiner(article: Article, i: int, last: int) -> int:
    """`i`, or the index after it when the word there is a determiner (and not the last)."""
    return i + 1 if i < last and article.words[i].upos == "DET" else i


def _noun_phrase_word(word):
    """A determiner, noun, name, adjective or number, or « de » and its kin."""
    return word.upos in NP_WORDS or word.lower in DE


def _run_start(words, end, first, keep=_noun_phrase_word):
    """Where the run of words that `keep` accepts and that ends at `end` starts, not before `first`
    (`end + 1` when `keep` refuses the word at `end`)."""
    i = end
    while i >= first and keep(words[i]):
        i -= 1
    return i + 1


def _over_participle_phrase(article, sentence, start):
    """« Les habitants interrogés par la presse décrivent »: a subject noun phrase that ends with a
    participle and its agent starts before the participle."""
    i = start - 1
    if i - 1 < sentence.first or article.words[i].lower != "par":
        return start
    participle = article.words[i - 1]
    if participle.upos not in ("VERB", "ADJ") or participle.feat("VerbForm") != "Part":
        return start
    j = _run_start(article.words, i - 2, sentence.first)
    return j if j <= i - 2 else start


def _in_surface_noun_phrase(word):
    """A word a noun phrase read backwards from the verb may hold (« M. », « de », a capitalised word)."""
    return _noun_phrase_word(word) or word.lower in TITLE_ABBREVIATIONS or \
        word.text[:1].isupper() and word.upos not in ("ADP", "ADV", "CCONJ", "SCONJ", "PRON", "VERB", "AUX")


def _over_graded_adjective(article, sentence, start):
    """« le plus haut diplomate », « la très discrète ministre »: the adverb grading the phrase's first
    adjective, and the determiner before it, belong to the phrase."""
    if start <= sentence.first + 1 or start > sentence.last:
        return start
    adverb, determiner = article.words[start - 1], article.words[start - 2]
    if article.words[start].upos == "ADJ" and adverb.upos == "ADV" and adverb.lower in GRADING_ADVERBS and \
            determiner.upos == "DET":
        return start - 2
    return start


def phrase_start_before(article: Article, sentence: Sentence, end: int) -> int:
    """The index of the first word of the noun phrase that ends at `end` (read backwards), past a leading
    « de » or time word."""
    start = _over_participle_phrase(article, sentence,
                                    _run_start(article.words, end, sentence.first, _in_surface_noun_phrase))
    start = _over_graded_adjective(article, sentence, start)
    while start <= end and (article.words[start].lower in DE or is_time_word(article.words[start]) or
                            start > sentence.first and article.words[start - 1].start == article.words[start].start):
        start += 1          # « de », a time word, or « le » of the contraction « du »
    return start


def phrase_from(words: list[Word], start: int) -> list[Word]:
    """The words of the noun phrase that starts at offset `start` (« Dmitri Peskov » out of « Dmitri Peskov
    quelques heures plus tard », « porte-parole du Kremlin » out of « porte-parole du Kremlin lundi »)."""
    phrase = []
    for word in words:
        if word.start < start:
            continue                      # « le » of the contraction « du »
        previous = phrase[-1] if phrase else None
        after_de = previous is not None and previous.lower in DE
        if is_time_word(word) or word.upos in ("PUNCT", "VERB", "AUX", "SCONJ", "CCONJ", "ADV", "PRON") or \
                (word.upos == "ADP" and word.lower not in DE) or \
                (previous is not None and word.upos == "DET" and not after_de) or \
                (previous is not None and previous.upos == "PROPN" and word.upos not in ("PROPN", "ADP")):
            break
        phrase.append(word)
    while phrase and phrase[-1].upos in ("ADP", "DET"):
        phrase.pop()
    return phrase


def trailing_person_phrase(words: list[Word]) -> list[Word]:
    """The description a stretch of words ends with (« … a déclaré à la presse *le porte-parole de
    l'armée* »): from the determiner of its person noun to its end."""
    stretch = words[_run_start(words, len(words) - 1, 0):]
    nouns = [k for k, w in enumerate(stretch) if is_person_noun(w)]
    if not nouns:
        return []
    k = nouns[0]
    while k >= 0 and stretch[k].lower not in DESCRIPTION_OPENERS:
        k -= 1
    return stretch[k:] if k >= 0 else []
