"""No training optimizers while the pipeline is built: inference never steps them.

Stanza's trainers build their optimizers (Adam and the like) when a model is
loaded, for prediction as for training.  The first torch optimizer built
imports torch._dynamo, which brings sympy, torch.distributed, torch.onnx and
some 800 modules more: about 70 MiB of every worker's memory and close to a
second of its loading time, for objects nothing reads.  While the pipeline
is built, Stanza's two optimizer factories give nothing instead (None, or no
optimizers for a trainer that keeps several by name), and they are Stanza's
own again once it is built, for any training in the same process.
Only with the Stanza version the speed-ups were written for (a trainer of
another version might use its optimizer while loading).
"""
from contextlib import contextmanager

from service.nlp import patching

FACTORIES = "stanza.models.common.utils"


def _no_optimizer(*args, **kwargs):
    return None


def _no_optimizers(*args, **kwargs):
    return {}


def _replace_factories(point):
    try:
        patching.replace(FACTORIES, "get_optimizer", _no_optimizer)
        patching.replace(FACTORIES, "get_split_optimizer", _no_optimizers)
    except (AttributeError, ImportError):   # factories moved: Stanza builds its optimizers
        patching.undo_since(point)


@contextmanager
def left_out(applies=True):
    """Build a pipeline within this block; Stanza's optimizer factories are back after it."""
    point = patching.mark()
    try:
        if applies:
            _replace_factories(point)
        yield
    finally:
        patching.undo_since(point)
