"""The registry of the project's changes to how Stanza computes: one entry per change.

Each entry says what it is called, which processor's time it changes, how it
is installed (on Stanza's code before the pipeline is loaded, or on the loaded
pipeline's models) and how it is switched off and on again (`make
bench-speedups` and the tests compare each one with Stanza's own code so).
The loader (service/nlp/pipeline.py) installs them in this order.

They replace private parts of Stanza, written against one Stanza version
(STANZA_VERSION).  On any other version none of those is installed: the
service logs one warning naming them and runs Stanza's own code.  An entry
whose installation raises (a private function moved, a model of another
shape) is taken back, logged on one line, and the others go on.  Either way
the pipeline loads and parses.
"""
import gc
import logging
from dataclasses import dataclass
from typing import Callable, Optional

from service.nlp import (
    characters,
    clitics,
    collate,
    decoding,
    expansions,
    features,
    labels,
    lemmas,
    patching,
    precision,
    products,
    quantize,
    tokenizer_lstm,
)

log = logging.getLogger(__name__)

STANZA_VERSION = "1.15.0"          # the version whose private functions the entries below replace
# Stanza's parser sorts sentences by length and pads each batch to its longest sentence.  Its BiLSTM
# steps through a batch one word position at a time, so one long batch costs less than several short
# ones, more than the padding of its pairwise scorers costs: an article of up to this many words is one
# batch (the loader passes it as depparse_batch_size); the project's batches had 300 words before.
PARSER_BATCH_WORDS = 2000
SHORT_PARSER_BATCH_WORDS = 300


@dataclass(frozen=True)
class Switch:
    """One thing `make bench-speedups` and the tests switch off and on: switch(pipeline, on)."""
    name: str
    processor: Optional[str]       # the processor whose time it changes; None for the whole parse
    function: Callable


@dataclass(frozen=True)
class SpeedUp:
    """One change to Stanza's computation, installed once per loaded pipeline."""
    name: str
    install: Callable              # install(pipeline, settings); pipeline is None before loading
    before_loading: bool           # patches Stanza's code (True) or the loaded models (False)
    switches: tuple = ()
    undo: Optional[Callable] = None   # undo(pipeline): the loaded models as Stanza made them
    stanza_internal: bool = True   # relies on Stanza's private code (tied to STANZA_VERSION)
    changes_results: bool = False  # a repair of the analysis rather than the same analysis faster


def _products_if_float32(pipeline, settings):
    """numpy's BLAS for the float32 products where measured faster; bfloat16 products never reach it."""
    import torch

    if precision.scorer_dtype() == torch.float32:
        return products.install(settings.torch_threads)
    return "bfloat16"


def switch_parser_batches(pipeline, on):
    """An article in one parser batch (on), or batches of 300 words (off)."""
    pipeline.processors["depparse"].config["batch_size"] = PARSER_BATCH_WORDS if on else SHORT_PARSER_BATCH_WORDS


def freeze_objects(pipeline, settings=None):
    """Keep the objects that exist now (the models' Python objects, some 330,000, which live as long as
    the process) out of the garbage collector's full collections (0.15 s each otherwise)."""
    gc.freeze()


def switch_frozen_objects(pipeline, on):
    if on:
        gc.freeze()
    else:
        gc.unfreeze()


SPEEDUPS = (
    SpeedUp("greedy trees", lambda p, s: decoding.install(), True,
            (Switch("greedy trees", "depparse", decoding.switch),)),
    SpeedUp("inverted pronouns split", lambda p, s: clitics.install(), True,
            (Switch("inverted pronouns split", "tokenize", clitics.switch),), changes_results=True),
    SpeedUp("character features once per character (tokenizer)", lambda p, s: characters.install(), True,
            (Switch("character features once per character (tokenizer)", "tokenize", characters.switch),)),
    SpeedUp("expansions from the dictionary", lambda p, s: expansions.install(), True,
            (Switch("expansions from the dictionary", "mwt", expansions.switch),)),
    SpeedUp("lemmas once per form", lambda p, s: lemmas.install(), True,
            (Switch("lemmas once per form", "lemma", lemmas.switch),
             Switch("decoder only where read (lemmas)", "lemma", lemmas.switch_decoder))),
    SpeedUp("bfloat16 scorers (parser)", lambda p, s: precision.install(s.parser_bf16), True),
    SpeedUp("float32 products through numpy (parser)", _products_if_float32, True,
            (Switch("float32 products through numpy (parser)", "depparse", products.switch),)),
    SpeedUp("int8 LSTMs (tagger, parser)", lambda p, s: quantize.quantise_lstms(p, s.lstm_int8), False),
    SpeedUp("padded batches (tokenizer)", lambda p, s: tokenizer_lstm.install(p), False,
            (Switch("padded batches (tokenizer)", "tokenize", tokenizer_lstm.switch),),
            undo=tokenizer_lstm.uninstall),
    SpeedUp("labels at the arcs", lambda p, s: labels.install(p), False,
            (Switch("labels at the arcs", "depparse", labels.switch),), undo=labels.uninstall),
    SpeedUp("features once per part of speech (tagger)", lambda p, s: features.install(p), False,
            (Switch("features once per part of speech (tagger)", "pos", features.switch),),
            undo=features.uninstall),
    SpeedUp("padded tensors and remembered vocabulary", lambda p, s: collate.install(p), False,
            (Switch("padded tensors (tagger)", "pos", collate.switch_tensors),
             Switch("padded tensors (parser)", "depparse", collate.switch_tensors),
             Switch("remembered vocabulary (tagger)", "pos", collate.switch_vocabularies),
             Switch("remembered vocabulary (parser)", "depparse", collate.switch_vocabularies)),
            undo=collate.forget_vocabulary_answers),
    SpeedUp("article-sized parser batches", lambda p, s: None, False,
            (Switch("article-sized parser batches", "depparse", switch_parser_batches),), stanza_internal=False),
    SpeedUp("models out of the garbage collector", freeze_objects, False,
            (Switch("models out of the garbage collector", None, switch_frozen_objects),), stanza_internal=False),
)

_in_force = {}                     # name: what its install returned, for this process's last loading


def stanza_version():
    import stanza

    return getattr(stanza, "__version__", "unknown")


def applicable(version=None):
    """The entries to install with Stanza `version` (the installed one by default)."""
    version = stanza_version() if version is None else version
    if version == STANZA_VERSION:
        return SPEEDUPS
    return tuple(speedup for speedup in SPEEDUPS if not speedup.stanza_internal)


def _install_one(speedup, pipeline, settings):
    """Install one entry; a failure takes it back and is logged. Returns whether it is in force."""
    point = patching.mark()
    try:
        _in_force[speedup.name] = speedup.install(pipeline, settings)
        return True
    except Exception as exc:  # a private part of Stanza that moved, or a model of another shape
        patching.undo_since(point)
        if speedup.undo is not None and pipeline is not None:
            try:
                speedup.undo(pipeline)
            except Exception:  # a model left as its failed install left it: logged below all the same
                pass
        log.warning("Stanza's own code runs instead of %r: %s: %s", speedup.name, type(exc).__name__,
                    " ".join(str(exc).split())[:200])
        return False


def _install(pipeline, settings, before_loading):
    version = stanza_version()
    chosen = applicable(version)
    if before_loading:
        _in_force.clear()
        skipped = [s.name for s in SPEEDUPS if s not in chosen]
        if skipped:
            log.warning("Stanza %s is not %s, the version the speed-ups were written for: Stanza's own code "
                        "runs instead of %s", version, STANZA_VERSION, ", ".join(skipped))
    for speedup in chosen:
        if speedup.before_loading == before_loading:
            _install_one(speedup, pipeline, settings)


def install_before_loading(settings):
    """The entries that patch Stanza's code, before a pipeline is built."""
    _install(None, settings, True)


def install_on_loaded(pipeline, settings):
    """The entries that change a loaded pipeline's models."""
    _install(pipeline, settings, False)


def in_force():
    """{name: what its installation chose} of the entries installed at the last loading."""
    return dict(_in_force)


def switches():
    """Every switch of every entry, in the registry's order: (entry, switch)."""
    return [(speedup, switch) for speedup in SPEEDUPS for switch in speedup.switches]


def switch_named(name):
    """The Switch called `name`."""
    for _, switch in switches():
        if switch.name == name:
            return switch
    raise KeyError(name)
