"""Run Stanza's tagger trainer starting from an already trained tagger.

    python -m training.warm_tagger INITIAL_MODEL [tagger flags...]

Stanza's parser trainer can continue from a model (`--continue_from`); its
tagger trainer cannot, so this starts it with the weights and vocabulary of
INITIAL_MODEL (same sizes, same training data) and a fresh optimizer.
"""
import sys

import stanza.models.tagger as tagger
from stanza.models.pos.trainer import Trainer


def warm_trainer(initial_model):
    class WarmTrainer(Trainer):
        def __init__(self, args=None, vocab=None, pretrain=None, model_file=None, device=None,
                     foundation_cache=None):
            super().__init__(args=args, vocab=vocab, pretrain=pretrain, model_file=model_file or initial_model,
                             device=device, foundation_cache=foundation_cache)
    return WarmTrainer


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        sys.exit("usage: python -m training.warm_tagger INITIAL_MODEL [tagger flags...]")
    tagger.Trainer = warm_trainer(argv.pop(0))
    tagger.main(argv)


if __name__ == "__main__":
    main()
