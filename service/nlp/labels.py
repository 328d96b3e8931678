"""The parser's relation labels scored only at the arcs of the tree it keeps.

Stanza's graph parser scores every relation (~60) for every pair of words of a
batch with a bilinear product, turns that whole table into log-probabilities,
copies it out, and then reads the labels of the one arc per word its tree
decoder keeps.  Here the label scorer stops halfway: it keeps each word's
product with the weights as a dependent (the costly half, which every arc
needs) and completes the product only at the arcs of the decoded tree.  The
trees come from the same arc scores and decoder as in Stanza.  A sentence
whose labels break a head constraint (two subjects of one verb) gets its whole
table and Stanza's own repair, as before.  Labels are Stanza's up to the
rounding of sums taken in another order (a test compares the two on articles).
"""
import numpy as np
from torch import nn

from service.nlp import patching

_PARSER = "stanza.models.depparse.model.GraphParser"


class LabelTable:
    """The label scorer's bilinear product, halfway: completed on demand for chosen arcs."""

    def __init__(self, dependents, heads, bias):
        self.dependents = dependents        # (batch, words, hidden, labels): each word as a dependent
        self.heads = heads                  # (batch, words, hidden): each word as a head
        self.bias = bias

    def _log_probs(self, scores, dim):
        import torch.nn.functional as F

        return F.log_softmax(scores.float() + self.bias, dim).numpy()

    def at_arcs(self, sentence, tree):
        """(words, labels) log-probabilities of the arcs tree[1:] -> words 1.. of one sentence."""
        import torch

        dependents = self.dependents[sentence, 1:len(tree)]
        heads = self.heads[sentence, torch.as_tensor(np.asarray(tree[1:], dtype=np.int64))]
        return self._log_probs(torch.einsum("KJO,KJ->KO", dependents, heads), 1)

    def whole(self, sentence, length):
        """(words, words, labels) log-probabilities of every arc of one sentence, as Stanza's table."""
        import torch

        return self._log_probs(torch.einsum("LJO,MJ->LMO", self.dependents[sentence, :length],
                                            self.heads[sentence, :length]), 2)


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
        return LabelTable(precision.times_weight(dependents, bilinear, dtype), heads, bilinear.bias)


def with_ones(tensor):
    """The tensor with a last column of ones, as Stanza's biaffine scorers extend their inputs."""
    import torch

    return torch.cat([tensor, tensor.new_ones(*tensor.shape[:-1], 1)], -1)


def _decode(model, arcs, table, sentence, length, resolve_head_constraints):
    """[(head, relation)] of one sentence, as GraphParser.decode_graph_predictions gives them."""
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse import head_constraints
    from stanza.models.depparse import model as parser_model

    vocab = model.vocab["deprel"]
    scores = arcs[sentence][:length, :length]
    tree = parser_model.chuliu_edmonds_one_root(scores)
    label_ids = np.argmax(table.at_arcs(sentence, tree), axis=1)
    relations = vocab.unmap([int(i) + VOCAB_PREFIX_SIZE for i in label_ids])
    if resolve_head_constraints and head_constraints.find_head_constraint_violations(tree, relations):
        tree, label_ids = head_constraints.resolve_head_constraint_violations(
            scores, table.whole(sentence, length), tree, vocab)
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
    sentlens = inputs[12]
    return [_decode(self, arcs, table, i, length, resolve_head_constraints) for i, length in enumerate(sentlens)]


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
