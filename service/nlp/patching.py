"""Stanza's functions and methods replaced by the project's faster ones, once per process.

Each replacement keeps Stanza's own version, which the replacement falls back
on where it does not apply, which the tests compare it with, and which
`switch` puts back for a while (`make bench-speedups` measures each one so).
"""
import importlib

_originals = {}
_ours = {}


def _owner(owner):
    return importlib.import_module(owner) if isinstance(owner, str) else owner


def replace(owner, name, ours):
    """Put `ours` in place of owner.name (a class or a module, or a module's dotted name), once."""
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
