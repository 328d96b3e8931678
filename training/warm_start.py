"""Run Stanza's tagger or tokenizer trainer starting from an already trained model.

    python -m training.warm_start pos|tokenize INITIAL_MODEL [trainer flags...]

Stanza's parser trainer can continue from a model (`--continue_from`).  Its
tagger trainer cannot, and its tokenizer's `--load_name` swaps the model after
the optimizer was built on the fresh one (so the loaded weights never train).
This starts either trainer as usual (same data, so the same vocabulary), then
puts INITIAL_MODEL's weights in its model before the optimizer is made: a warm
start with a fresh optimizer.
"""
import sys

import torch

MODULES = {"pos": ("stanza.models.tagger", "stanza.models.pos.trainer"),
           "tokenize": ("stanza.models.tokenizer", "stanza.models.tokenization.trainer")}


def warm_tagger(trainer_class, initial_model):
    class WarmTagger(trainer_class):
        def __init__(self, args=None, vocab=None, pretrain=None, model_file=None, device=None,
                     foundation_cache=None):
            super().__init__(args=args, vocab=vocab, pretrain=pretrain, model_file=model_file or initial_model,
                             device=device, foundation_cache=foundation_cache)
    return WarmTagger


def warm_tokenizer(trainer_class, initial_model):
    class WarmTokenizer(trainer_class):
        def __init__(self, *args, model_file=None, **kwargs):
            super().__init__(*args, model_file=model_file, **kwargs)
            if model_file is None:
                checkpoint = torch.load(initial_model, lambda storage, loc: storage, weights_only=True)
                if checkpoint["config"]["vocab_size"] != self.args["vocab_size"]:
                    sys.exit(f"error: {initial_model} was trained on other characters: retrain from scratch")
                self.model.load_state_dict(checkpoint["model"], strict=False)
    return WarmTokenizer


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2 or argv[0] not in MODULES:
        sys.exit("usage: python -m training.warm_start pos|tokenize INITIAL_MODEL [trainer flags...]")
    step, initial = argv.pop(0), argv.pop(0)
    runner_name, trainer_name = MODULES[step]
    runner = __import__(runner_name, fromlist=["main"])
    trainer_module = __import__(trainer_name, fromlist=["Trainer"])
    wrap = warm_tagger if step == "pos" else warm_tokenizer
    runner.Trainer = wrap(trainer_module.Trainer, initial)
    runner.main(argv)


if __name__ == "__main__":
    main()
