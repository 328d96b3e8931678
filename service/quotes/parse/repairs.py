"""Repairs of the parse where the tagger misreads a French construction the engine depends on.

Compound tenses cut by an adverbial: in « Poutine a, lui, une nouvelle fois accusé … » or « Belousov a
pour sa part promis de … » the tagger can take « a » for the main verb (« avoir » = to own), so the
participle that carries the reporting verb hangs below it with no subject.  When « avoir » tagged as a
verb is followed, after adverbials only, by a past participle in its own subtree, the participle becomes
the head of the clause and « avoir » its tense auxiliary, as in every other compound past.

Times of day read as verbs: in « a qualifié mardi matin sur France Bleu la manifestation de … » the tagger
can take « matin » for a participle that then governs the rest of the clause.  A time word tagged as a
verb after a day or a determiner (« mardi matin », « ce soir ») becomes the noun it is, and what hung on
it hangs on its head again.
"""
from types import MappingProxyType

from service.quotes.parse.word_classes import is_time_word

ADVERBIAL_UPOS = {"ADV", "PUNCT", "PRON", "ADP", "DET", "ADJ", "NOUN", "NUM", "PROPN", "CCONJ"}
MAX_GAP = 8         # words between the auxiliary and the participle


def _is_past_participle(word):
    return word.upos == "VERB" and word.feat("VerbForm") == "Part" and word.feat("Tense") == "Past"


def _in_subtree(article, word, root):
    node, steps = word, 0
    while node.head >= 0 and steps < 50:
        if node.head == root.index:
            return True
        node, steps = article.words[node.head], steps + 1
    return False


def _participle_after(article, have):
    """The past participle « avoir » governs through adverbials only, or None."""
    sentence = article.sentence_of(have)
    last = min(sentence.last, have.index + MAX_GAP + 1)
    for word in article.words[have.index + 1:last + 1]:
        if _is_past_participle(word):
            return word if _in_subtree(article, word, have) else None
        if word.upos not in ADVERBIAL_UPOS or word.rel in ("obj", "nsubj"):
            return None
    return None


def _rehang(article, word, new_head, deprel):
    if word.head >= 0 and word.index in article.words[word.head].children:
        article.words[word.head].children.remove(word.index)
    word.head, word.deprel = new_head, deprel
    if new_head >= 0:
        article.words[new_head].children.append(word.index)
        article.words[new_head].children.sort()


def _make_auxiliary(article, have, participle):
    head, deprel = have.head, have.deprel
    _rehang(article, participle, head, deprel)
    for child in list(have.children):
        _rehang(article, article.words[child], participle.index, article.words[child].deprel)
    _rehang(article, have, participle.index, "aux:tense")
    have.upos = "AUX"


def repair_compound_tenses(article):
    """Make « avoir » the auxiliary of the past participle the tagger hung below it."""
    for have in article.words:
        if have.upos == "VERB" and have.lemma == "avoir":
            participle = _participle_after(article, have)
            if participle is not None:
                _make_auxiliary(article, have, participle)


def _time_read_as_verb(article, word):
    previous = article.words[word.index - 1] if word.index > 0 else None
    return word.upos == "VERB" and word.head >= 0 and is_time_word(word) and word.lower == word.text.lower() and \
        previous is not None and previous.sentence == word.sentence and \
        (previous.upos == "DET" or is_time_word(previous) and previous.upos in ("NOUN", "PROPN"))


def _clause_verb_above(article, word):
    """The index of the closest verb above `word` (its objects and adjuncts are that verb's), else its head."""
    node, steps = article.words[word.head], 0
    while node.upos not in ("VERB", "AUX") and node.head >= 0 and steps < 20:
        node, steps = article.words[node.head], steps + 1
    return node.index if node.upos in ("VERB", "AUX") else word.head


def repair_times_of_day(article):
    """« mardi matin », « ce soir »: a time word the tagger took for a verb is a noun again."""
    for word in article.words:
        if not _time_read_as_verb(article, word):
            continue
        clause = _clause_verb_above(article, word)
        for child in list(word.children):
            _rehang(article, article.words[child], clause, article.words[child].deprel)
        previous = article.words[word.index - 1]
        if previous.upos == "DET":
            _rehang(article, word, word.head, "obl:mod")
            _rehang(article, previous, word.index, "det")
        else:
            _rehang(article, word, previous.index, "nmod")
        word.upos, word.feats = "NOUN", MappingProxyType({"Gender": "Masc", "Number": "Sing"})
