"""Runs of proper-name words, the four ways the rules read them:

- `name_runs`: in a mention's noun phrase, on the parse (a name in a de-complement is someone else's:
  « le porte-parole du Kremlin »);
- `surface_name_run`: the name a source phrase read on the words ends with (« le ministre français
  Jean Dupont »);
- `sentence_name_runs`: every name of a sentence, read on the words, for the ties between names and
  descriptions (« Jean Dupont, porte-parole de … »);
- `proper_noun_runs`: every run of proper nouns outside the marks, for « ce dernier » and pronouns.

The first three keep a particle inside a name (« Ursula von der Leyen »; on the words, « de » and its kin
start a complement instead); `name_runs` and `sentence_name_runs` split an acronym from the name after it
(« l'AFP Marie Dufour »).  `name_runs`, `sentence_name_runs` and `proper_noun_runs` are one reading,
`name_word_runs`, with what tells a name word, where a complement starts, the particles and the acronyms
as its parameters; `surface_name_run` reads a complement's capitalised words as the complement's.
"""
from typing import Callable, Collection, Literal, Sequence

from service.quotes.french import DE, DETERMINERS, NAME_PARTICLES, SURFACE_NAME_PARTICLES, TITLES
from service.quotes.parse.article import Article, Sentence, Word
from service.quotes.parse.word_classes import acronym_before_name, is_name_word, name_particle


def name_runs(words: Sequence[Word]) -> list[list[Word]]:
    """Runs of consecutive proper-name words (« Dmitri Peskov », « Jean Dupont ») naming the
    phrase itself, not a de-complement (the « Kremlin » of « le porte-parole du Kremlin »)."""
    return name_word_runs(sorted(words, key=lambda w: w.index), _parsed_name_word, _after_preposition)


def _parsed_name_word(ordered, position):
    return is_name_word(ordered[position])


def name_word_runs(words: Sequence[Word], is_name: Callable[[Sequence[Word], int], bool],
                   cannot_start: Callable[[Sequence[Word], int], bool], particles: Collection[str] = NAME_PARTICLES,
                   acronyms: Literal["apart", "dropped", "kept"] = "dropped") -> list[list[Word]]:
    """Runs of consecutive words (by index) that `is_name(words, position)` accepts, a lowercase particle
    from `particles` kept inside a name (« Ursula von der Leyen »); none starts where
    `cannot_start(words, position)` says so (a complement's name, « du Kremlin »).  A name after an
    acronym (« l'AFP Marie Dufour »): with `acronyms="apart"`, the run up to the acronym is one name and
    the name another; with "dropped", an acronym standing alone is dropped; with "kept", the run goes on."""
    runs, current = [], []
    for position, w in enumerate(words):
        joined = bool(current) and w.index == current[-1].index + 1
        if joined and name_particle(words, position, particles):
            current.append(w)
            continue
        if is_name(words, position) and (joined or not current):
            if not current and cannot_start(words, position):
                continue
            if _cut_at_acronym(current, w, acronyms):
                runs += [current] if acronyms == "apart" else []
                current = []
            current.append(w)
            continue
        runs += [current] if current else []
        current = [w] if is_name(words, position) and not cannot_start(words, position) else []
    return runs + [current] if current else runs


def _cut_at_acronym(current, word, acronyms):
    """The run is cut before `word`, a name after an acronym (see name_word_runs)."""
    if acronyms == "kept" or not current or not acronym_before_name(current[-1], word):
        return False
    return acronyms == "apart" or len(current) == 1


def _after_preposition(ordered, position):
    """The word at `position` is in a de-complement: after a preposition and a determiner, or part of a
    capitalised name that is (« de la Maison Blanche », where « Blanche » hangs on « Maison »)."""
    word = ordered[position]
    for w in reversed(ordered[max(0, position - 4):position]):
        if w.upos == "ADP" or w.rel == "case":
            return True
        if w.upos == "DET":
            continue
        if w.text[:1].isupper() and word.head == w.index and word.rel != "appos":
            word = w
            continue
        return False
    return False


def surface_name_run(words: Sequence[Word]) -> list[Word]:
    """The proper name a stretch of words ends with (« Jean Dupont » in « le ministre français Jean
    Dupont »), not one inside a de-complement (« du Kremlin »)."""
    run, in_complement = [], False
    for position, w in enumerate(words):
        if run and not in_complement and name_particle(words, position, SURFACE_NAME_PARTICLES):
            run.append(w)                       # « Ursula von der Leyen »
            continue
        capital = w.text[:1].isupper() and w.lower not in DETERMINERS and w.lower not in TITLES
        if not capital:
            run, in_complement = ([] if run else run), False
            continue
        after_link = position > 0 and words[position - 1].lower in DE | DETERMINERS and \
            words[position - 1].lower not in TITLES
        if in_complement and _name_after_complement(words, position):
            run, in_complement = [w], False     # « le secrétaire général de l'Alliance Piet Janssen »
            continue
        if in_complement or (not run and after_link):
            in_complement = True
            continue
        run.append(w)
    return run


def _name_after_complement(words, position):
    """A person's name of two words or more right after a complement (« de l'Alliance Piet Janssen »,
    « aux municipales Anne Le Goff »): the parse hangs it on the complement's name with no
    preposition, or it follows a common word of the complement."""
    w = words[position]
    following = words[position + 1] if position + 1 < len(words) else None
    if w.upos != "PROPN" or following is None or following.upos != "PROPN" and not following.text[:1].isupper():
        return False
    previous = words[position - 1]
    beside = w.rel == "appos" or (w.rel == "nmod" and w.head == previous.index and not w.has_dependent("case"))
    return beside or (previous.upos in ("NOUN", "ADJ") and not previous.text[:1].isupper())


def trailing_name_run(words: Sequence[Word]) -> list[Word]:
    """The full name (two words or more) a stretch of words ends with after a common word, as in
    « le délégué de la Belgique à l'Unesco Marc Lenoir », or []."""
    for position in range(1, len(words) - 1):
        if _name_after_complement(words, position):
            run = words[position:]
            if acronym_before_name(run[0], run[1]):
                run = run[1:]                   # « du député PS Jean Dupont »
            if len(run) >= 2 and all(w.text[:1].isupper() for w in run):
                return run
    return []


def sentence_name_runs(article: Article, sentence: Sentence) -> list[list[Word]]:
    """Runs of proper-name words of a sentence, read on the words: a tagged proper noun, or a capitalised
    noun that opens no sentence and is no title; none starts right after « de » or a determiner."""
    return name_word_runs(article.sentence_words(sentence), _surface_name_word, _after_link_word,
                          SURFACE_NAME_PARTICLES, acronyms="apart")


def _surface_name_word(words, position):
    w = words[position]
    return w.upos == "PROPN" or (w.text[:1].isupper() and w.upos in ("NOUN", "X") and w.lower not in TITLES and
                                 position > 0)


def _after_link_word(words, position):
    return position > 0 and words[position - 1].lower in DE | DETERMINERS


def proper_noun_runs(article: Article) -> list[tuple[int, str]]:
    """(start, text) of each run of consecutive proper nouns (as tagged) outside quotation marks, in text
    order: the names a « ce dernier » or a pronoun may take up."""
    def tagged(words, position):
        w = words[position]
        return (w.upos == "PROPN" or _article_in_name(article, w)) and not article.in_passage(w.start)

    def not_a_proper_noun(words, position):
        return words[position].upos != "PROPN"      # the « Le » of « Jean Le Goff » only inside a run

    runs = name_word_runs(article.words, tagged, not_a_proper_noun, particles=(), acronyms="kept")
    return [(run[0].start, article.text[run[0].start:run[-1].end]) for run in runs
            if run[-1].upos == "PROPN" and not any(ch.isdigit() or ch == "/" for w in run for ch in w.text)]


def _article_in_name(article, word):
    """« Le » of « Jean Le Goff », « Anne Le Bihan »: a capitalised article between two proper nouns."""
    if word.upos != "DET" or not word.text[:1].isupper() or not 0 < word.index < len(article.words) - 1:
        return False
    return article.words[word.index - 1].upos == "PROPN" and article.words[word.index + 1].upos == "PROPN"
