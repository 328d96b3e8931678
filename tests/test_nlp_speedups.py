"""The pipeline's speed-ups change how it computes, not what it finds.

find_cycles and process_cycle replace parts of Stanza's tree decoder: the
cycles and the decoded trees must be exactly those of Stanza's own code.  The tokenizer's
LSTMs on padded batches (service/nlp/tokenizer_lstm.py) must find the same
tokens and sentences as Stanza's packed path.  Where a speed-up computes the
same numbers in another order, the parse is compared exactly with both paths
in float32 (the parser's scorers forced to float32 for the test, whatever
QUOTES_PARSER_BF16 says), and the scores themselves are compared in each
precision: close, with the same best label except where Stanza's own two best
are within a stated margin (rounding decides such ties differently on
different CPUs).  The bfloat16 scorers (service/nlp/precision.py) and the int8
LSTMs (service/nlp/quantize.py) round: the analysis of the seed articles must
stay the same for all but a handful of words.
"""
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from stanza.models.common import chuliu_edmonds

from service.nlp import (
    collate,
    decoding,
    expansions,
    features,
    labels,
    lemmas,
    parse,
    patching,
    precision,
    products,
    quantize,
)
from service.nlp.decoding import find_cycles
from service.nlp.pipeline import load_pipeline

ARTICLES = Path(__file__).parent / "articles"


def random_scores(rng, size, ties):
    if ties:                       # small integers: many equal scores
        return rng.integers(-3, 3, size=(size, size)).astype(np.float64)
    return np.log(rng.dirichlet(np.ones(size) * 0.3, size=size) + 1e-12)


def decode_with(parts, scores):
    saved = chuliu_edmonds.tarjan, chuliu_edmonds.process_cycle
    chuliu_edmonds.tarjan, chuliu_edmonds.process_cycle = parts
    try:
        return chuliu_edmonds.chuliu_edmonds_one_root(scores.copy())
    finally:
        chuliu_edmonds.tarjan, chuliu_edmonds.process_cycle = saved


@pytest.fixture(scope="module")
def stanza_parts():
    parts = decoding.stanza_decoder_parts()
    assert parts[0] is not find_cycles
    return parts


@pytest.fixture(scope="module")
def stanza_tarjan(stanza_parts):
    return stanza_parts[0]


def test_cycles_are_stanzas(stanza_tarjan):
    rng = np.random.default_rng(7)
    for _ in range(2000):
        size = int(rng.integers(2, 50))
        heads = rng.integers(0, size, size=size)
        heads[0] = 0
        ours, theirs = find_cycles(heads), stanza_tarjan(heads)
        assert len(ours) == len(theirs)
        assert all((a == b).all() for a, b in zip(ours, theirs))


def test_known_cycles():
    assert find_cycles(np.array([0, 4, 4, 4, 0])) == []
    (cycle,) = find_cycles(np.array([0, 3, 1, 2]))
    assert cycle.tolist() == [False, True, True, True]


@pytest.mark.parametrize("ties", [False, True])
def test_trees_are_stanzas(stanza_parts, ties):
    ours = (find_cycles, decoding.process_cycle)
    rng = np.random.default_rng(11 if ties else 5)
    for _ in range(500):
        scores = random_scores(rng, int(rng.integers(2, 60)), ties)
        assert (decode_with(ours, scores) == decode_with(stanza_parts, scores)).all()


def scores_favouring_a_tree(rng, size, ties):
    """Scores whose best heads form a random one-root tree, or nearly (a few rows left to chance)."""
    scores = random_scores(rng, size, ties)
    order = rng.permutation(np.arange(1, size))
    heads = [0] * size
    heads[order[0]] = 0
    for position, word in enumerate(order[1:], start=1):
        heads[word] = order[rng.integers(0, position)]
    for word in range(1, size):
        if rng.random() > 0.05:
            scores[word, heads[word]] += 5
    return scores


@pytest.mark.parametrize("ties", [False, True])
def test_greedy_trees_are_the_decoders(stanza_parts, ties):
    rng = np.random.default_rng(23 if ties else 29)
    shortcuts = 0
    for _ in range(500):
        size = int(rng.integers(2, 60))
        scores = scores_favouring_a_tree(rng, size, ties) if rng.random() < 0.8 else random_scores(rng, size, ties)
        shortcuts += decoding.greedy_tree(scores) is not None
        assert (decoding.one_root_tree(scores.copy()) == decode_with(stanza_parts, scores)).all()
    assert shortcuts > 25           # the shortcut itself was exercised


def test_greedy_tree_refuses_ties_cycles_and_roots():
    no_tie = np.log(np.array([[1, 1, 1], [.7, 1, .3], [.2, .8, 1]]))
    assert decoding.greedy_tree(no_tie).tolist() == [0, 0, 1]
    tie = no_tie.copy()
    tie[2, 0] = tie[2, 1]
    assert decoding.greedy_tree(tie) is None
    two_roots = np.log(np.array([[1, 1, 1], [.7, 1, .3], [.8, .2, 1]]))
    assert decoding.greedy_tree(two_roots) is None
    cycle = np.log(np.array([[1, 1, 1, 1], [.1, 1, .8, .1], [.1, .8, 1, .1], [.9, .1, .2, 1]]))
    assert decoding.greedy_tree(cycle) is None


def test_bad_precision_mode_is_refused():
    with pytest.raises(ValueError, match="QUOTES_PARSER_BF16"):
        precision.use_bfloat16("half")


def cpu_flags():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


@pytest.mark.skipif(not Path("/proc/cpuinfo").is_file(), reason="reads the CPU's flags from Linux's /proc")
def test_native_bfloat16_means_the_instructions_themselves():
    """oneDNN calls bfloat16 supported on any AVX-512 CPU, where it is emulated and slower than float32."""
    assert precision.native_bfloat16() == bool(cpu_flags() & {"avx512_bf16", "amx_bf16"})


def test_weight_product_is_the_bilinear_first_half():
    from stanza.models.common.biaffine import PairwiseBilinear

    bilinear = PairwiseBilinear(7, 5, 3)
    torch.nn.init.normal_(bilinear.weight)
    rows = torch.randn(2, 4, 7)
    expected = torch.einsum("NLI,IJO->NLJO", rows, bilinear.weight)
    assert torch.allclose(precision.times_weight(rows, bilinear, torch.float32), expected, atol=1e-5)


def test_heads_product_is_the_bilinear_first_half_on_the_other_side():
    from stanza.models.common.biaffine import PairwiseBilinear

    bilinear = PairwiseBilinear(7, 5, 3)
    torch.nn.init.normal_(bilinear.weight)
    rows = torch.randn(4, 5)
    expected = torch.einsum("KJ,IJO->KIO", rows, bilinear.weight)
    assert torch.allclose(precision.heads_times_weight(rows, bilinear, torch.float32), expected, atol=1e-5)


def test_labels_at_arcs_are_the_whole_tables_at_those_arcs():
    """Heads with one dependent and with many, the root heading several words, sentences of other lengths."""
    from stanza.models.common.biaffine import PairwiseBilinear

    torch.manual_seed(3)
    bilinear = PairwiseBilinear(6, 6, 4)
    torch.nn.init.normal_(bilinear.weight)
    torch.nn.init.normal_(bilinear.bias)
    table = labels.LabelTable(torch.randn(3, 7, 6), torch.randn(3, 7, 6), bilinear, torch.float32)
    trees = [np.array([0, 0, 1, 1, 1, 1, 3]), np.array([0, 2, 0, 2]), np.array([0, 0, 0, 0, 3, 3])]
    for scores, tree, sentence in zip(table.at_arcs(trees), trees, range(3)):
        whole = table.whole(sentence, len(tree))
        expected = whole[np.arange(1, len(tree)), tree[1:]]
        assert scores.shape == expected.shape
        assert np.allclose(scores, expected, atol=1e-5)


def test_products_through_numpy_are_torchs():
    a, b = torch.randn(9, 13), torch.randn(13, 21)
    try:
        products.switch(None, True)
        through_numpy = products.matmul(a, b)
        bfloat16 = products.matmul(a.bfloat16(), b.bfloat16())
    finally:
        products.install()
    assert isinstance(through_numpy, torch.Tensor) and through_numpy.dtype == torch.float32
    assert torch.allclose(through_numpy, a @ b, atol=1e-5)
    assert bfloat16.dtype == torch.bfloat16                     # numpy has no bfloat16: torch's own


def test_numpy_blas_is_held_to_torchs_threads():
    from threadpoolctl import threadpool_info

    products.install(1)
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


@pytest.fixture
def float32_scorers(settings):
    """The parser's scorers in float32 for one test, then as the settings say."""
    precision.install("off")
    yield
    precision.install(settings.parser_bf16)


def assert_same_decisions(expected, found, atol, margin):
    """Two (items, classes) tables of log-probabilities agree: the probabilities within atol of each other,
    and each item's best class the same except where the expected table's best two log-probabilities are
    within `margin` (a tie that rounding decides)."""
    expected, found = np.asarray(expected, dtype=np.float64), np.asarray(found, dtype=np.float64)
    assert expected.shape == found.shape
    assert np.abs(np.exp(expected) - np.exp(found)).max(initial=0) <= atol
    rows = np.arange(len(expected))
    best, chosen = expected.argmax(1), found.argmax(1)
    gaps = expected[rows, best] - expected[rows, chosen]
    assert (gaps <= margin).all(), f"{int((gaps > margin).sum())} decisions differ beyond a tie"


def test_the_parse_is_the_same_through_either_library(pipeline, seed_texts, float32_scorers):
    texts = seeds_and_articles(seed_texts)
    try:
        products.switch(None, False)
        in_torch = parse_fields(pipeline, texts)
        products.switch(None, True)
        in_numpy = parse_fields(pipeline, texts)
    finally:
        products.install()
    assert in_numpy == in_torch


def seeds_and_articles(seed_texts):
    return list(seed_texts.values()) + [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]


def parse_fields(pipeline, texts):
    return [(w.upos, w.lemma, w.head, w.deprel)
            for doc in parse(texts, pipeline) for s in doc.sentences for w in s.words]


def test_bfloat16_parse_matches_float32(pipeline, settings, seed_texts):
    texts = list(seed_texts.values())
    try:
        precision.install("off")
        float32 = parse_fields(pipeline, texts)
        precision.install("on")
        bfloat16 = parse_fields(pipeline, texts)
    finally:
        precision.install(settings.parser_bf16)
    assert len(float32) == len(bfloat16)
    assert [f[:2] for f in float32] == [f[:2] for f in bfloat16]     # tagger and lemmatizer untouched
    moved = sum(a != b for a, b in zip(float32, bfloat16))
    assert moved <= len(float32) // 200, f"{moved} of {len(float32)} words parsed differently"


def test_bad_int8_mode_is_refused():
    with pytest.raises(ValueError, match="QUOTES_LSTM_INT8"):
        quantize.use_int8("sometimes")


def lstm_types(pipeline, name):
    return {type(m).__module__ for m in pipeline.processors[name]._trainer.model.modules()
            if type(m).__name__ == "LSTM"}


def test_int8_lstms_analyse_like_float32(settings, seed_texts):
    texts = list(seed_texts.values())
    float32 = load_pipeline(replace(settings, lstm_int8="off"))
    int8 = load_pipeline(replace(settings, lstm_int8="on"))
    for name in quantize.QUANTISED_PROCESSORS:
        assert lstm_types(float32, name) == {"torch.nn.modules.rnn"}
        assert lstm_types(int8, name) == {"torch.ao.nn.quantized.dynamic.modules.rnn"}
    expected, found = parse_fields(float32, texts), parse_fields(int8, texts)
    assert len(expected) == len(found)
    moved = sum(a != b for a, b in zip(expected, found))
    assert moved <= len(expected) // 100, f"{moved} of {len(expected)} words analysed differently"


def word_texts(pipeline, texts):
    return [[w.text for s in doc.sentences for w in s.words] for doc in parse(texts, pipeline)]


def test_dictionary_expansions_are_stanzas_and_skip_the_model(pipeline, seed_texts, monkeypatch):
    from stanza.pipeline.mwt_processor import MWTProcessor

    texts = list(seed_texts.values())
    rare = ["Auquel pensez-vous ? Duquel parlez-vous ?"]      # not in the dictionary: the model expands them
    ours = word_texts(pipeline, texts + rare)
    with monkeypatch.context() as patched:
        patched.setattr(MWTProcessor, "process", expansions.stanza_process())
        assert word_texts(pipeline, texts + rare) == ours
    ours = ours[:len(texts)]
    def no_model(*args, **kwargs):
        raise AssertionError("the MWT model ran although the dictionary knew every token")
    monkeypatch.setattr(pipeline.processors["mwt"].trainer, "predict", no_model)
    assert word_texts(pipeline, texts) == ours


def word_lemmas(pipeline, texts):
    return [[(w.text, w.upos, w.lemma) for s in doc.sentences for w in s.words] for doc in parse(texts, pipeline)]


def test_lemmas_are_stanzas_each_unknown_word_goes_to_the_model_once_and_names_skip_the_decoder(
        pipeline, seed_texts, monkeypatch):
    from stanza.pipeline.lemma_processor import LemmaProcessor

    texts = seeds_and_articles(seed_texts)
    texts.append("Les Zborowskiennes zborowskisent. Les Zborowskiennes zborowskisaient.")
    ours = word_lemmas(pipeline, texts)
    with monkeypatch.context() as patched:
        patched.setattr(LemmaProcessor, "process", lemmas.stanza_process())
        assert word_lemmas(pipeline, texts) == ours
    model = pipeline.processors["lemma"].trainer.model
    seen, decoded = [], []
    def counting(trainer, batch, *args):
        seen.extend(batch[-1])
        return predict(trainer, batch, *args)
    def decoding(*args, raw=None, **kwargs):
        decoded.extend(raw)
        return decode(*args, raw=raw, **kwargs)
    predict, decode = lemmas._predict, model.predict
    monkeypatch.setattr(lemmas, "_predict", counting)
    monkeypatch.setattr(model, "predict", decoding)
    assert word_lemmas(pipeline, texts[-1:] + ["Dmitri Peskov a rencontré Zelensky."]) == ours[-1:] + [[
        ("Dmitri", "PROPN", "Dmitri"), ("Peskov", "PROPN", "Peskov"), ("a", "AUX", "avoir"),
        ("rencontré", "VERB", "rencontrer"), ("Zelensky", "PROPN", "Zelensky"), (".", "PUNCT", ".")]]
    assert seen.count("Zborowskiennes") == 1 and len(seen) == len(set(seen))
    assert "zborowskisent" in decoded and set(decoded) < set(seen)      # names are copied, not decoded
    assert not {"Dmitri", "Peskov", "Zelensky"} & set(decoded)


def test_padded_tensors_are_stanzas():
    rng = np.random.default_rng(3)
    stanza_version = collate.stanza_get_long_tensor()
    for _ in range(300):
        rows = [rng.integers(0, 90, size=int(rng.integers(0, 12))).tolist() for _ in range(int(rng.integers(1, 9)))]
        rows[0].append(1)                                   # one row at least is not empty
        batch, pad = len(rows) + int(rng.integers(0, 3)), int(rng.integers(0, 3))
        ours, theirs = collate.padded_long_tensor(rows, batch, pad), stanza_version(rows, batch, pad)
        assert ours.dtype == theirs.dtype and torch.equal(ours, theirs)
    nested = [[[1, 2], [3, 4]], [[5, 6]]]                      # not plain rows: Stanza's own function
    assert torch.equal(collate.padded_long_tensor(nested, 2), stanza_version(nested, 2))


def test_remembered_vocabulary_answers_are_the_vocabularys(pipeline):
    from stanza.models.common.vocab import BaseVocab

    assert collate.remember_vocabulary_answers(pipeline) == 0          # installed once, at load
    for processor in ("pos", "depparse"):
        chars = pipeline.processors[processor].vocab["char"]
        assert "map" in chars.__dict__
        for word in ("Peskov", "a-t-il", "Zborowski", "ǅ€"):
            assert chars.map(list(word)) == BaseVocab.map(chars, list(word))
    feats = pipeline.processors["pos"].vocab["feats"]
    for unit in ("Gender=Masc|Number=Sing", "_", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"):
        ids = type(feats).unit2id(feats, unit)
        assert feats.unit2id(unit) == ids and feats.id2unit(ids) == type(feats).id2unit(feats, ids)
        feats.unit2id(unit).append(-1)                                    # callers get copies
        assert feats.unit2id(unit) == ids


def analysis_without(speedup, pipeline, texts, fields):
    """fields(pipeline, texts) with a speed-up module uninstalled, then installed again."""
    speedup.uninstall(pipeline)
    try:
        return fields(pipeline, texts)
    finally:
        assert speedup.install(pipeline), "the speed-up was not in place"


def test_labels_at_arcs_are_stanzas(pipeline, seed_texts, float32_scorers):
    texts = seeds_and_articles(seed_texts)
    ours = parse_fields(pipeline, texts)
    assert analysis_without(labels, pipeline, texts, parse_fields) == ours


def parser_batches(pipeline, texts, monkeypatch):
    """The parser's inputs for each batch of a parse of `texts`."""
    from stanza.models.depparse.model import GraphParser

    installed, batches = GraphParser.predict, []
    def recording(self, *inputs, **kwargs):
        batches.append(inputs)
        return installed(self, *inputs, **kwargs)
    with monkeypatch.context() as patched:
        patched.setattr(GraphParser, "predict", recording)
        parse(texts, pipeline)
    return batches


def arc_label_scores_both_ways(model, inputs):
    """(Stanza's, ours): the label log-probabilities of every arc of the decoded trees of one batch,
    from Stanza's whole table and from the table at the arcs."""
    import torch.nn.functional as F

    sentlens = patching.arguments(labels.stanza_predict(), (model, *inputs), {})["sentlens"]
    with torch.no_grad():
        unlabeled, whole = model.forward_scores(*inputs)[:2]
        model.deprel.deferred = True
        try:
            table = model.forward_scores(*inputs)[1]
        finally:
            model.deprel.deferred = False
    arcs, whole = F.log_softmax(unlabeled, 2).numpy(), F.log_softmax(whole.float(), 3).numpy()
    trees = [labels._tree(arcs, i, length) for i, length in enumerate(sentlens)]
    stanzas = [whole[i, np.arange(1, len(tree)), tree[1:]] for i, tree in enumerate(trees)]
    return np.concatenate(stanzas), np.concatenate(table.at_arcs(trees))


# (atol on probabilities, margin on log-probabilities).  float32 sums taken in another order move the
# last bits (seen: 2e-6, no decision changed); bfloat16 keeps 8 bits of mantissa (seen on the seeds and
# test articles: 0.03, and 3 labels of 5,905 changed between two whose log-probabilities were within 0.09)
PRECISION_TOLERANCES = {"off": (1e-4, 1e-3), "on": (0.08, 0.25)}


@pytest.mark.parametrize("mode", PRECISION_TOLERANCES)
def test_label_scores_at_arcs_are_stanzas_in_either_precision(pipeline, seed_texts, settings, monkeypatch, mode):
    """The same precision both ways, real parser inputs: the seeds and test articles."""
    atol, margin = PRECISION_TOLERANCES[mode]
    model = labels._parser(pipeline)
    batches = parser_batches(pipeline, seeds_and_articles(seed_texts), monkeypatch)
    try:
        precision.install(mode)
        for inputs in batches:
            stanzas, ours = arc_label_scores_both_ways(model, inputs)
            assert_same_decisions(stanzas, ours, atol=atol, margin=margin)
    finally:
        precision.install(settings.parser_bf16)


def test_arguments_are_read_by_name_as_stanza_binds_them():
    def stanzas(self, word, sentlens, text, resolve_head_constraints=False):
        pass
    bound = patching.arguments(stanzas, ("model", "w", [3, 2]), {"text": "t"})
    assert bound["sentlens"] == [3, 2] and bound["text"] == "t" and bound["resolve_head_constraints"] is False
    with pytest.raises(TypeError):
        patching.arguments(stanzas, ("model",), {"sentlens": []})


def word_features(pipeline, texts):
    return [w.feats for doc in parse(texts, pipeline) for s in doc.sentences for w in s.words]


def test_features_in_one_product_are_stanzas(pipeline, seed_texts):
    texts = seeds_and_articles(seed_texts)
    ours = word_features(pipeline, texts)
    assert analysis_without(features, pipeline, texts, word_features) == ours


def test_stacked_scorers_give_each_bilinears_scores():
    from stanza.models.common.biaffine import BiaffineScorer

    scorers = torch.nn.ModuleList([BiaffineScorer(6, 4, size) for size in (3, 5, 2)])
    for scorer in scorers:
        torch.nn.init.normal_(scorer.W_bilin.weight)
        torch.nn.init.normal_(scorer.W_bilin.bias)
    stacked = features.StackedScorers(scorers).eval()
    rows = torch.randn(12, 6)
    few_parents = torch.randn(2, 4)[torch.tensor([0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1])]
    for parents in (torch.randn(12, 4), few_parents):
        for i, scorer in enumerate(scorers):
            assert torch.allclose(stacked[i](rows, parents), scorer(rows, parents), atol=1e-5)
    assert stacked[0](rows, parents) is not stacked[0](torch.randn(12, 6), parents)   # new inputs, new scores


def tokens_and_sentences(pipeline, texts):
    return [[[(t.text, t.start_char, t.end_char) for t in s.tokens] for s in doc.sentences]
            for doc in parse(texts, pipeline)]


def test_tokenizer_on_padded_batches_finds_stanzas_tokens(pipeline, seed_texts):
    from service.nlp import tokenizer_lstm

    texts = seeds_and_articles(seed_texts)
    model = pipeline.processors["tokenize"].trainer.model
    assert isinstance(model.rnn, tokenizer_lstm.PaddedBiLSTM)
    ours = tokens_and_sentences(pipeline, texts)
    tokenizer_lstm.uninstall(pipeline)
    try:
        assert not isinstance(model.rnn, tokenizer_lstm.PaddedBiLSTM)
        assert tokens_and_sentences(pipeline, texts) == ours
    finally:
        tokenizer_lstm.install(pipeline)


def test_character_features_once_per_character_are_stanzas(pipeline, seed_texts):
    """The arrays the tokenizer reads (ids, labels, features, units), values and types, and its tokens."""
    from stanza.models.tokenization.data import TokenizationDataset

    from service.nlp import characters

    processor = pipeline.processors["tokenize"]
    texts = seeds_and_articles(seed_texts) + ["", "  A\n\n\nb 12,5 %  É", "x"]
    for text in texts:
        dataset = TokenizationDataset(processor.config, input_text=text, vocab=processor.vocab, evaluation=True,
                                      dictionary=processor.trainer.dictionary)
        for para in dataset.data:
            ours = TokenizationDataset.para_to_sentences(dataset, para)
            stanzas = characters.stanza_para_to_sentences()(dataset, para)
            assert len(ours) == len(stanzas) == 1
            for mine, theirs in zip(ours[0][:3], stanzas[0][:3]):
                assert mine.dtype == theirs.dtype and mine.shape == theirs.shape
                assert np.array_equal(mine, theirs)
            assert ours[0][3] == stanzas[0][3]
    ours = tokens_and_sentences(pipeline, texts)
    characters.switch(pipeline, False)
    try:
        assert TokenizationDataset.para_to_sentences is characters.stanza_para_to_sentences()
        assert tokens_and_sentences(pipeline, texts) == ours
    finally:
        characters.switch(pipeline, True)


@pytest.mark.parametrize("text, pieces", [
    ("poursuit-elle", ["poursuit", "-elle"]), ("estiment-elles", ["estiment", "-elles"]),
    ("ajoute-t-il", ["ajoute", "-t-il"]), ("Saint-Elle", ["Saint-Elle"]), ("peut-être", ["peut-être"]),
    ("celle-ci", ["celle-ci"]),
])
def test_verb_and_inverted_pronoun_split(text, pieces):
    from service.nlp.clitics import split_token

    assert split_token(text) == pieces


def test_tokens_glued_to_an_inverted_pronoun_are_split_with_their_offsets(pipeline):
    text = "« Rien n'est joué », prévient-elle. « Nous verrons », reconnaît-elle."
    doc = parse([text], pipeline)[0]
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert [t.text for t in tokens if t.text.startswith(("prévient", "reconnaît", "-elle"))] == \
        ["prévient", "-elle", "reconnaît", "-elle"]
    assert all(text[t.start_char:t.end_char] == t.text for t in tokens)
    assert [w.upos for s in doc.sentences for w in s.words if w.text in ("prévient", "reconnaît")] == ["VERB", "VERB"]


def test_loading_builds_no_optimizer_and_gives_stanza_its_factories_back(pipeline):
    from stanza.models.common import utils

    for name in ("tokenize", "mwt", "lemma"):
        assert pipeline.processors[name].trainer.optimizer is None
    assert pipeline.processors["pos"]._trainer.optimizers == {}
    assert pipeline.processors["depparse"]._trainer.optimizer == {}
    assert not patching.is_replaced(utils, "get_optimizer")
    assert not patching.is_replaced(utils, "get_split_optimizer")
    assert utils.get_optimizer("adam", torch.nn.Linear(2, 2), lr=0.1) is not None


def test_a_loaded_pipeline_leaves_torchs_compiler_unimported(settings):
    import subprocess
    import sys

    program = ("import sys; from service.config import Settings; from service.nlp import get_pipeline, parse; "
               "parse(['Il a dit oui.'], get_pipeline(Settings.from_env())); "
               "print(sorted(m for m in ('torch._dynamo', 'sympy') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                           cwd=Path(__file__).resolve().parent.parent, check=True)
    assert found.stdout.strip().splitlines()[-1] == "[]"
