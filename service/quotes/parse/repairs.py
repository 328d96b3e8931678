"""Repairs of the parse where the tagger misreads a French construction the engine depends on.

Compound tenses cut by an adverbial: in « Poutine a, lui, une nouvelle fois accusé … » or « Belousov a
pour sa part promis de … » the tagger can take « a » for the main verb (« avoir » = to own), so the
participle that carries the reporting verb hangs below it with no subject.  When « avoir » tagged as a
verb is followed, after adverbials only, by a past participle in its own subtree, the participle becomes
the head of the clause and « avoir » its tense auxiliary, as in every other compound past.
"""

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
