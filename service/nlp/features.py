"""The tagger's morphological features scored together, once per part of speech.

Stanza's tagger scores each morphological feature (Gender, Number, Mood, …,
about twenty for French) with its own bilinear classifier over the same two
inputs: the word's feature layer and its parent, the embedding of the part of
speech it just predicted.  Each classifier is a torch Bilinear (a batched
product of expanded tensors): twenty products of every word with a
(labels × 65 × 51) weight, a fifth of the tagger's time.  But a batch holds
only as many distinct parents as parts of speech (~15), so here the twenty
weights are stacked once, completed with each distinct parent, and each word
needs only a (65 × labels) product: some fifty times fewer multiplications.
The first feature asked for computes them all; the others read theirs.
Scores are Stanza's up to the rounding of sums taken in another order (a test
compares the tags on articles).
"""
from torch import nn

from service.nlp.labels import with_ones

# parents repeat when they are tag embeddings (one per part of speech): complete the weights with each
# distinct parent first when there are at most a quarter as many as words
FEW_PARENTS = 4


class StackedScorers(nn.Module):
    """Stands in for the tagger's list of per-feature BiaffineScorers; item i gives feature i's scores."""

    def __init__(self, scorers):
        super().__init__()
        import torch

        self.scorers = scorers
        weights = [scorer.W_bilin.weight.detach() for scorer in scorers]      # each (labels, in1, in2)
        self.sizes = [weight.shape[0] for weight in weights]
        stacked = torch.cat(weights, 0)                                        # (all labels, in1, in2)
        self.width = stacked.shape[2]
        self.register_buffer("weight", stacked.permute(1, 0, 2).reshape(stacked.shape[1], -1).contiguous())
        self.register_buffer("bias", torch.cat([scorer.W_bilin.bias.detach() for scorer in scorers]))
        self.parts = [_Feature(self, i) for i in range(len(scorers))]
        self._last = None

    def __len__(self):
        return len(self.parts)

    def __getitem__(self, index):
        return self.parts[index]

    def scores_of(self, index, input1, input2):
        """Feature `index`'s scores; all features are computed once per pair of inputs."""
        last = self._last
        if last is None or last[0] is not input1 or last[1] is not input2:
            last = self._last = (input1, input2, self.all_scores(input1, input2))
        return last[2][index]

    def all_scores(self, input1, input2):
        """Every feature's (words, labels) scores, in feature order."""
        import torch

        rows, parents = with_ones(input1), with_ones(input2)
        distinct, which = torch.unique(parents, dim=0, return_inverse=True)
        if len(distinct) * FEW_PARENTS > len(parents):
            scores = self.scores_by_word(rows, parents)
        else:
            scores = self.scores_by_parent(rows, distinct, which)
        return (scores + self.bias).split(self.sizes, dim=1)

    def scores_by_word(self, rows, parents):
        products = (rows @ self.weight).view(rows.shape[0], -1, self.width)    # (words, all labels, in2)
        return (products * parents.unsqueeze(1)).sum(-1)

    def scores_by_parent(self, rows, distinct, which):
        """The weights completed with each distinct parent first, then one small product per parent."""
        per_parent = (self.weight.view(-1, self.width) @ distinct.T).view(rows.shape[1], -1, len(distinct))
        scores = rows.new_empty(rows.shape[0], per_parent.shape[1])
        for parent in range(len(distinct)):
            words = (which == parent).nonzero().squeeze(1)
            scores[words] = rows[words] @ per_parent[:, :, parent]
        return scores


class _Feature:
    """One feature's classifier, as the tagger calls it: (input1, input2) -> scores."""

    def __init__(self, stack, index):
        self.stack, self.index = stack, index

    def __call__(self, input1, input2):
        if self.stack.training:
            return self.stack.scorers[self.index](input1, input2)
        return self.stack.scores_of(self.index, input1, input2)


def _tagger(pipeline):
    return pipeline.processors["pos"]._trainer.model


def _stackable(classifiers):
    from stanza.models.common.biaffine import BiaffineScorer

    return isinstance(classifiers, nn.ModuleList) and len(classifiers) > 1 and \
        all(type(c) is BiaffineScorer for c in classifiers)


def install(pipeline):
    """Stack the loaded tagger's feature classifiers; returns the columns stacked."""
    classifiers = _tagger(pipeline).tag_clf
    stacked = [name for name, clf in classifiers.items() if _stackable(clf)]
    for name in stacked:
        classifiers[name] = StackedScorers(classifiers[name])
    return stacked


def uninstall(pipeline):
    """Give the loaded tagger its own classifiers back (to compare with)."""
    classifiers = _tagger(pipeline).tag_clf
    for name, clf in list(classifiers.items()):
        if isinstance(clf, StackedScorers):
            classifiers[name] = clf.scorers


def switch(pipeline, on):
    """Features stacked and scored once per part of speech, or Stanza's classifiers one by one."""
    if on:
        install(pipeline)
    else:
        uninstall(pipeline)
