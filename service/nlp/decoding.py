"""A faster cycle finder for Stanza's maximum-spanning-tree decoder (same trees, less Python).

Stanza's parser decodes each sentence with Chu-Liu-Edmonds, which contracts
one cycle of the current best-head graph at a time and asks `tarjan` for the
cycles after each contraction.  Its Tarjan walks the dependents of every node
with numpy calls, and with the root penalty that forces a single root the
first graphs are full of cycles: it took about a quarter of the parser's time.
A best-head graph gives each node exactly one head, so its cycles are found by
following heads from each node.  The cycles come back in the order Tarjan
gives (by their lowest node), so the contractions, and the trees, are the same.
The contraction step itself (process_cycle) is Stanza's arithmetic without its
costly np.pad call.
"""
import numpy as np

_stanza_parts = None


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


def process_cycle(tree, cycle, scores):
    """Stanza's process_cycle (the graph with one cycle contracted into a node), same values."""
    cycle_locs = np.where(cycle)[0]
    cycle_scores = scores[cycle, tree[cycle]]
    cycle_score = cycle_scores.sum()
    noncycle_locs = np.where(~cycle)[0]
    metanode_head_scores = scores[cycle][:, noncycle_locs] - cycle_scores[:, None] + cycle_score
    metanode_dep_scores = scores[noncycle_locs][:, cycle]
    metanode_heads = np.argmax(metanode_head_scores, axis=0)
    metanode_deps = np.argmax(metanode_dep_scores, axis=1)
    size = len(noncycle_locs)
    subscores = np.zeros((size + 1, size + 1), dtype=scores.dtype)
    subscores[:size, :size] = scores[np.ix_(noncycle_locs, noncycle_locs)]
    subscores[-1, :-1] = metanode_head_scores[metanode_heads, np.arange(size)]
    subscores[:-1, -1] = metanode_dep_scores[np.arange(size), metanode_deps]
    return subscores, cycle_locs, noncycle_locs, metanode_heads, metanode_deps


def stanza_decoder_parts():
    """Stanza's own (tarjan, process_cycle), installed or not (to compare with)."""
    from stanza.models.common import chuliu_edmonds

    if _stanza_parts is not None:
        return _stanza_parts
    return chuliu_edmonds.tarjan, chuliu_edmonds.process_cycle


def install():
    """Make Stanza's decoder use find_cycles and process_cycle (once per process)."""
    global _stanza_parts
    from stanza.models.common import chuliu_edmonds

    if _stanza_parts is None:
        _stanza_parts = (chuliu_edmonds.tarjan, chuliu_edmonds.process_cycle)
        chuliu_edmonds.tarjan = find_cycles
        chuliu_edmonds.process_cycle = process_cycle
