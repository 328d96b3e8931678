"""Stanza's functions and methods replaced by the project's faster ones, once per process.

Each replacement keeps Stanza's own version, which the replacement falls back
on where it does not apply, which the tests compare it with, and which
`switch` puts back for a while (`make bench-speedups` measures each one so).
"""
import importlib

_originals = {}
_ours = {}


def _owner(owner):
    """A class or module, given as itself or by its dotted name (« stanza.pipeline.x.SomeClass »)."""
    if not isinstance(owner, str):
        return owner
    try:
        return importlib.import_module(owner)
    except ModuleNotFoundError:
        module, _, name = owner.rpartition(".")
        return getattr(importlib.import_module(module), name)


def replace(owner, name, ours):
    """Put `ours` in place of owner.name (a class or a module, or its dotted name), once."""
    owner = _owner(owner)
    key = (owner, name)
    if key not in _originals:
        _originals[key] = getattr(owner, name)
        _ours[key] = ours
        setattr(owner, name, ours)


def switch(owner, name, on):
    """Put back Stanza's owner.name (on=False) or the replacement (on=True), after `replace`."""
    owner = _owner(owner)
    setattr(owner, name, (_ours if on else _originals)[(owner, name)])


def original(owner, name):
    """Stanza's own owner.name, replaced or not."""
    owner = _owner(owner)
    return _originals.get((owner, name), getattr(owner, name))
