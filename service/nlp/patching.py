"""Stanza's functions and methods replaced by the project's own, once per process.

Each replacement keeps Stanza's own version, which the replacement falls back
on where it does not apply, which the tests compare it with, and which
`switch` puts back for a while (`make bench-speedups` measures each one so).
`undo_since` takes back the replacements made after a `mark`, so that a patch
whose installation fails half-way leaves Stanza's own code in place.
Replacements read the arguments of the Stanza function they stand in for by
parameter name (`arguments`), never by position.
"""
import functools
import importlib
import inspect

_originals = {}
_ours = {}
_order = []                    # keys in the order they were replaced


def _owner(owner):
    """A class or module, given as itself or by its dotted name (« stanza.pipeline.x.SomeClass »)."""
    if not isinstance(owner, str):
        return owner
    try:
        return importlib.import_module(owner)
    except ModuleNotFoundError:
        module, _, name = owner.rpartition(".")
        if not module:
            raise
        return getattr(importlib.import_module(module), name)


def replace(owner, name, ours):
    """Put `ours` in place of owner.name (a class or a module, or its dotted name), once.

    Raises AttributeError or ImportError when Stanza has no such owner.name."""
    owner = _owner(owner)
    key = (owner, name)
    if key not in _originals:
        _originals[key] = getattr(owner, name)
        _ours[key] = ours
        _order.append(key)
        setattr(owner, name, ours)


def is_replaced(owner, name):
    return (_owner(owner), name) in _originals


def switch(owner, name, on):
    """Put back Stanza's owner.name (on=False) or the replacement (on=True), after `replace`."""
    owner = _owner(owner)
    setattr(owner, name, (_ours if on else _originals)[(owner, name)])


def original(owner, name):
    """Stanza's own owner.name, replaced or not."""
    owner = _owner(owner)
    return _originals.get((owner, name), getattr(owner, name))


def mark():
    """A point to come back to with `undo_since`."""
    return len(_order)


def undo_since(point):
    """Stanza's own code back for every replacement made after `point`, latest first."""
    while len(_order) > point:
        owner, name = key = _order.pop()
        setattr(owner, name, _originals.pop(key))
        del _ours[key]


@functools.cache
def _signature(function):
    return inspect.signature(function)


def arguments(function, args, kwargs):
    """{parameter name: value} of a call to `function` (Stanza's own) with args and kwargs, defaults
    included; a method's `self` is among args."""
    bound = _signature(function).bind(*args, **kwargs)
    bound.apply_defaults()
    return bound.arguments


class Replacement:
    """One Stanza function or method (owner.name) and the project's own in its place."""

    def __init__(self, owner, name, ours):
        self.owner, self.name, self.ours = owner, name, ours

    def install(self):
        """Ours in place, once per process."""
        replace(self.owner, self.name, self.ours)

    def switch(self, pipeline, on):
        """Ours (on) or Stanza's own (off), after `install`; the pipeline argument is the registry's shape."""
        switch(self.owner, self.name, on)

    def stanzas(self):
        """Stanza's own, installed or not (ours falls back on it; the tests compare with it)."""
        return original(self.owner, self.name)
