"""A sentence's tree computed when the engine first reads it is the tree of a parse of the whole article.

The parser runs up to its BiLSTM over every sentence, in the batches Stanza's processor makes of the
whole article (service/nlp/ondemand.py); the scorers, the tree and the labels of a sentence come
later, alone or beside others.  These tests parse texts both ways with the real pipeline and compare
every word (head, relation, dependants, and the part of speech the compound-tense repair may change),
and check that a sentence left out of the first batch is computed exactly when one of its words is read.
"""
import pytest

from service.nlp import ondemand
from service.quotes.parse.parsing import new_article, parse_articles

TEXTS = [
    "« Nous ne céderons pas », a déclaré mardi la ministre de la Santé, Anne Durand, devant les "
    "députés. Elle a, une nouvelle fois, défendu sa réforme.\n"
    "Selon le syndicat, la grève sera reconduite. Oui. Le porte-parole du gouvernement a ajouté : "
    "« Le dialogue reste ouvert. »",
    "Le maire de Lyon, Paul Martin, estime que « la ville doit changer de cap ». « Nous allons "
    "construire 500 logements. » Merci ! D'après la préfecture, 3 000 personnes ont manifesté.",
    "Bien. Très bien.\nIl pleut sur la ville depuis trois jours, et les habitants s'inquiètent.",
]


def _parsed(text, pipeline, on_demand):
    ondemand.switch(pipeline, on_demand)
    try:
        return parse_articles([new_article(text)], pipeline)[0]
    finally:
        ondemand.switch(pipeline, True)


def _analysis(article):
    return [(w.text, w.upos, w.head, w.deprel, list(w.children)) for w in article.words]


@pytest.fixture(scope="module")
def on_demand(pipeline):
    if not ondemand.available(pipeline):
        pytest.skip("this parser cannot be parsed on demand (not a forward graph parser)")
    return pipeline


@pytest.mark.parametrize("text", TEXTS)
def test_trees_read_on_demand_are_those_of_the_whole_parse(on_demand, text):
    whole = _parsed(text, on_demand, False)
    lazy = _parsed(text, on_demand, True)
    assert lazy.parse_on_demand is not None and whole.parse_on_demand is None
    assert [s.first for s in lazy.sentences] == [s.first for s in whole.sentences]
    assert _analysis(lazy) == _analysis(whole)
    assert lazy.parse_on_demand.parsed == lazy.parse_on_demand.sentences == len(lazy.sentences)


def test_a_sentence_not_needed_is_parsed_when_first_read(on_demand):
    text = TEXTS[2]
    whole = _parsed(text, on_demand, False)
    lazy = _parsed(text, on_demand, True)
    demand = lazy.parse_on_demand
    waiting = [s.index for s in lazy.sentences if demand.pending(s.index)]
    assert waiting, "« Bien. Très bien. » has nothing the engine reads for sure"
    assert not demand.pending(len(lazy.sentences) - 1)
    first = lazy.sentences[waiting[0]]
    word = lazy.words[first.first]
    assert word._pending is demand
    head = word.head
    assert not demand.pending(first.index) and demand.read_later == 1
    assert head == whole.words[first.first].head
    assert _analysis(lazy) == _analysis(whole)


def test_scores_do_not_depend_on_the_sentences_beside(on_demand):
    texts = [TEXTS[0].split("\n")[0], TEXTS[1]]
    encoded = ondemand.encode(on_demand, ondemand.tag(texts, on_demand))
    together = ondemand.score(on_demand, encoded)
    alone = [ondemand.score(on_demand, [e])[0] for e in encoded]
    backwards = ondemand.score(on_demand, encoded[::-1])[::-1]
    assert together == alone == backwards
    assert [len(tree) + 1 for tree in together] == [e.length for e in encoded]


def test_closing_marks_hang_on_the_root_once_its_sentence_is_parsed(on_demand):
    text = "Il a déclaré : « Nous resterons. Nous lutterons. »"      # the tokenizer cuts « » » off alone
    whole = _parsed(text, on_demand, False)
    lazy = _parsed(text, on_demand, True)
    assert _analysis(lazy) == _analysis(whole)
    mark = lazy.words[-1]
    assert mark.text == "»" and mark.sentence == len(lazy.sentences) - 1 == 1
    assert lazy.words[mark.head].head < 0 and mark.index in lazy.words[mark.head].children


@pytest.mark.parametrize("text", TEXTS[:2])
def test_the_engine_answers_the_same_either_way(on_demand, text):
    from service.quotes import extract

    answers = {}
    for mode in (False, True):
        ondemand.switch(on_demand, mode)
        try:
            answers[mode] = [q.to_dict() for q in extract(text, pipeline=on_demand)]
        finally:
            ondemand.switch(on_demand, True)
    assert answers[True] == answers[False] and answers[True]
