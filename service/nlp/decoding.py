"""A faster cycle finder for Stanza's maximum-spanning-tree decoder (same trees, less Python).

Stanza's parser decodes each sentence with Chu-Liu-Edmonds, which contracts
one cycle of the current best-head graph at a time and asks `tarjan` for the
cycles after each contraction.  Its Tarjan walks the dependents of every node
with numpy calls, and with the root penalty that forces a single root the
first graphs are full of cycles: it took about a quarter of the parser's time.
A best-head graph gives each node exactly one head, so its cycles are found by
following heads from each node.  The cycles come back in the order Tarjan
gives (by their lowest node), so the contractions, and the trees, are the same.
"""
import numpy as np

_stanza_tarjan = None


def find_cycles(tree):
    """The cycles of a head array (tree[i] is i's head, tree[0] == 0), as boolean masks.

    Same contract as stanza.models.common.chuliu_edmonds.tarjan."""
    heads = tree.tolist()
    size = len(heads)
    walk_of = [0] * size
    found = []
    for start in range(size):
        if walk_of[start]:
            continue
        node, walk = start, start + 1
        while not walk_of[node]:
            walk_of[node] = walk
            node = heads[node]
        if walk_of[node] != walk:
            continue                      # reached a part seen from an earlier start
        members = [node]
        follower = heads[node]
        while follower != node:
            members.append(follower)
            follower = heads[follower]
        if len(members) > 1:
            found.append(members)
    cycles = []
    for members in sorted(found, key=min):
        mask = np.zeros(size, dtype=bool)
        mask[members] = True
        cycles.append(mask)
    return cycles


def stanza_tarjan():
    """Stanza's own cycle finder, installed or not (to compare with)."""
    from stanza.models.common import chuliu_edmonds

    return _stanza_tarjan or chuliu_edmonds.tarjan


def install():
    """Make Stanza's decoder use find_cycles (once per process)."""
    global _stanza_tarjan
    from stanza.models.common import chuliu_edmonds

    if _stanza_tarjan is None:
        _stanza_tarjan = chuliu_edmonds.tarjan
        chuliu_edmonds.tarjan = find_cycles
