"""The parser's relation labels scored only at the arcs of the tree it keeps.

Stanza's graph parser scores every relation (~60) for every pair of words of a
batch with a bilinear product, turns that whole table into log-probabilities,
copies it out, and then reads the labels of the one arc per word its tree
decoder keeps.  Here the label scorer stops before its product: the trees come
first, from the same arc scores and decoder as in Stanza, and the product is
then taken once per word that heads an arc (about two words in five: leaves
head nothing) and completed with each of its dependents.  A sentence whose
labels break a head constraint (two subjects of one verb) gets its whole table
and Stanza's own repair, as before.  Labels are Stanza's up to the rounding of
sums taken in another order (a test compares the two on articles).
"""
import numpy as np
from torch import nn

from service.nlp import patching

_PARSER = "stanza.models.depparse.model.GraphParser"


class LabelTable:
    """The label scorer's two sides, multiplied with its weights on demand for chosen arcs."""

    def __init__(self, dependents, heads, bilinear, dtype):
        self.dependents = dependents        # (batch, words, hidden): each word as a dependent
        self.heads = heads                  # (batch, words, hidden): each word as a head
        self.bilinear = bilinear
        self.dtype = dtype

    def _log_probs(self, scores, dim):
        import torch.nn.functional as F

        return F.log_softmax(scores.float() + self.bilinear.bias, dim).detach().numpy()

    def at_arcs(self, trees):
        """For each sentence's tree (tree[i]: the head of word i, word 0 the root), the (words, labels)
        log-probabilities of its arcs tree[1:] -> words 1..: the weights times each head once."""
        arcs = [(s, d, int(h)) for s, tree in enumerate(trees) for d, h in enumerate(tree) if d > 0]
        if not arcs:
            return [np.zeros((0, self.bilinear.weight.shape[-1]), dtype=np.float32) for _ in trees]
        log_probs = self._log_probs(self._arc_scores(arcs), 1)
        bounds = np.cumsum([0] + [len(tree) - 1 for tree in trees])
        return [log_probs[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def _arc_scores(self, arcs):
        """(arcs, labels) scores of (sentence, dependent, head) arcs: each distinct head times the weights
        once, then each head's product times its dependents, all heads in one batched product."""
        import torch

        from service.nlp import precision

        by_head = {}
        for position, (s, _, h) in enumerate(arcs):
            by_head.setdefault((s, h), []).append(position)
        head_sentences, head_words = (torch.as_tensor(column) for column in zip(*by_head))
        per_head = precision.heads_times_weight(self.heads[head_sentences, head_words], self.bilinear, self.dtype)
        slots, rows = _slots(by_head.values(), len(arcs))
        sentences, dependents = (torch.as_tensor(column) for column in list(zip(*arcs))[:2])
        grouped = self.dependents[sentences[rows], dependents[rows]].to(per_head.dtype)
        grouped = grouped.view(len(by_head), -1, grouped.shape[-1])         # (heads, widest, hidden)
        return torch.bmm(grouped, per_head).flatten(0, 1)[slots]

    def whole(self, sentence, length):
        """(words, words, labels) log-probabilities of every arc of one sentence, as Stanza's table."""
        import torch

        from service.nlp import precision

        per_dependent = precision.times_weight(self.dependents[sentence, :length], self.bilinear, self.dtype)
        return self._log_probs(torch.einsum("LJO,MJ->LMO", per_dependent, self.heads[sentence, :length]), 2)


def _slots(groups, count):
    """Arcs grouped by head, padded to the largest group: (for each arc its slot in the padded
    (heads x widest) layout, for each slot the arc it holds, padding slots repeating arc 0)."""
    import torch

    width = max(len(group) for group in groups)
    slots, rows = [0] * count, [0] * (len(groups) * width)
    for g, group in enumerate(groups):
        for k, arc in enumerate(group):
            slots[arc] = g * width + k
            rows[g * width + k] = arc
    return torch.as_tensor(slots), torch.as_tensor(rows)


class DeferredLabels(nn.Module):
    """Stands in for the parser's label scorer (a DeepBiaffineScorer); while `deferred`, returns a LabelTable."""

    def __init__(self, scorer):
        super().__init__()
        self.scorer = scorer
        self.deferred = False

    def forward(self, input1, input2):
        if self.training or not self.deferred:
            return self.scorer(input1, input2)
        return self.table(input1, input2)

    def table(self, input1, input2):
        from service.nlp import precision

        deep, bilinear = self.scorer, self.scorer.scorer.W_bilin
        dtype = precision.scorer_dtype()
        dependents, heads = (with_ones(deep.hidden_func(linear(x))).to(dtype)
                             for linear, x in ((deep.W1, input1), (deep.W2, input2)))
        return LabelTable(dependents, heads, bilinear, dtype)


def with_ones(tensor):
    """The tensor with a last column of ones, as Stanza's biaffine scorers extend their inputs."""
    import torch

    return torch.cat([tensor, tensor.new_ones(*tensor.shape[:-1], 1)], -1)


def _tree(arcs, sentence, length):
    from stanza.models.depparse import model as parser_model

    return parser_model.chuliu_edmonds_one_root(arcs[sentence][:length, :length])


def _labelled(model, arcs, table, sentence, length, tree, label_scores, resolve_head_constraints):
    """[(head, relation)] of one sentence, as GraphParser.decode_graph_predictions gives them."""
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse import head_constraints

    vocab = model.vocab["deprel"]
    label_ids = np.argmax(label_scores, axis=1)
    relations = vocab.unmap([int(i) + VOCAB_PREFIX_SIZE for i in label_ids])
    if resolve_head_constraints and head_constraints.find_head_constraint_violations(tree, relations):
        tree, label_ids = head_constraints.resolve_head_constraint_violations(
            arcs[sentence][:length, :length], table.whole(sentence, length), tree, vocab)
        relations = vocab.unmap([i + VOCAB_PREFIX_SIZE for i in label_ids])
    return [[tree[j + 1], relations[j]] for j in range(length - 1)]


def _predict(self, *inputs, resolve_head_constraints=False):
    """GraphParser.predict, with the labels scored at the decoded arcs only."""
    import torch.nn.functional as F

    if self.training or not isinstance(getattr(self, "deprel", None), DeferredLabels):
        return stanza_predict()(self, *inputs, resolve_head_constraints=resolve_head_constraints)
    self.deprel.deferred = True
    try:
        unlabeled, table = self.forward_scores(*inputs)[:2]
    finally:
        self.deprel.deferred = False
    arcs = F.log_softmax(unlabeled, 2).detach().cpu().numpy()
    sentlens = patching.arguments(stanza_predict(), (self, *inputs), {})["sentlens"]
    trees = [_tree(arcs, i, length) for i, length in enumerate(sentlens)]
    label_scores = table.at_arcs(trees)
    return [_labelled(self, arcs, table, i, length, tree, scores, resolve_head_constraints)
            for i, (length, tree, scores) in enumerate(zip(sentlens, trees, label_scores))]


def stanza_predict():
    """Stanza's own GraphParser.predict, installed or not (to compare with)."""
    return patching.original(_PARSER, "predict")


def _parser(pipeline):
    return pipeline.processors["depparse"]._trainer.model


def install(pipeline):
    """Defer the loaded parser's labels; returns whether it could (a graph parser without arc embeddings)."""
    from stanza.models.depparse.model import GraphParser

    patching.replace(_PARSER, "predict", _predict)
    model = _parser(pipeline)
    if not isinstance(model, GraphParser) or model.args.get("use_arc_embedding") or \
            isinstance(model.deprel, DeferredLabels):
        return False
    model.deprel = DeferredLabels(model.deprel)
    return True


def uninstall(pipeline):
    """Give the loaded parser its own label scorer back (to compare with)."""
    model = _parser(pipeline)
    if isinstance(getattr(model, "deprel", None), DeferredLabels):
        model.deprel = model.deprel.scorer


def switch(pipeline, on):
    """Labels at the arcs only, or Stanza's whole table."""
    if on:
        install(pipeline)
    else:
        uninstall(pipeline)
