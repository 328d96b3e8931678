"""The tagger's and the parser's BiLSTMs in int8 (torch's dynamic quantisation).

The word-level BiLSTMs of the tagger and the parser are the largest matrix
products of the pipeline after the parser's scorers.  With their weights in
int8 (activations quantised on the fly, per step) they run about 15 % faster
on a CPU with torch's x86/fbgemm kernels, and the scores on the held-out
tests move by a few hundredths (the model card gives them).  The tokenizer's
and the lemmatizer's LSTMs stay in float32: they are narrow (64 and 50 units)
and run over long character sequences, where quantising each step's input
costs more than it saves (the tokenizer ran twice as slow).
Modes: QUOTES_LSTM_INT8 = auto (default: on where torch has those kernels), on, off.
"""
import logging
import warnings

from service.config import SPEEDUP_MODES as MODES

log = logging.getLogger(__name__)
QUANTISED_PROCESSORS = ("pos", "depparse")
INT8_ENGINES = ("x86", "fbgemm")


def int8_kernels():
    """Whether torch has its fast int8 kernels for this CPU."""
    import torch

    return any(engine in torch.backends.quantized.supported_engines for engine in INT8_ENGINES)


def use_int8(mode):
    """Whether `mode` (auto, on, off) means int8 LSTMs on this machine."""
    if mode not in MODES:
        raise ValueError(f"QUOTES_LSTM_INT8={mode!r}: use one of {', '.join(MODES)}")
    return mode == "on" or (mode == "auto" and int8_kernels())


def _quantised(model):
    import torch
    from torch import nn

    with warnings.catch_warnings():    # torch announces a move of this API to torchao
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(model, {nn.LSTM}, dtype=torch.qint8, inplace=True)


def quantise_lstms(pipeline, mode="auto"):
    """Swap the tagger's and parser's LSTMs of a loaded pipeline for int8 ones; returns the choice.

    Works on the models Stanza's processors hold (their `_trainer.model`)."""
    if not use_int8(mode):
        return "float32"
    for name in QUANTISED_PROCESSORS:
        trainer = pipeline.processors[name]._trainer
        trainer.model = _quantised(trainer.model)
    log.info("tagger and parser LSTMs in int8 (QUOTES_LSTM_INT8=%s)", mode)
    return "int8"
