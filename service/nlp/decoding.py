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

Most sentences need no contraction at all: when every word's best head is
strictly better than its other heads and those best heads already form a tree
with a single root, that tree is the only optimum, so the decoder's answer is
known without running it (`one_root_tree`; about 85 % of news sentences).
"""
import numpy as np

from service.nlp import patching

_CLE = "stanza.models.common.chuliu_edmonds"
# modules that call the decoder by the name they imported
_DECODER_USERS = ("stanza.models.depparse.model", "stanza.models.depparse.head_constraints")


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


def unique_best_heads(scores):
    """Each word's best head (row 0 is the root's), or None when a word's best is tied or the root's row is odd.

    Same masking as Stanza's prepare_scores: no self-loops, the root has no head."""
    scores = np.array(scores, dtype=np.float64)
    np.fill_diagonal(scores, -np.inf)
    words = scores[1:]
    if words.shape[1] < 2:
        return None
    top_two = -np.partition(-words, 1, axis=1)[:, :2]
    if not (np.isfinite(top_two[:, 0]).all() and (top_two[:, 0] > top_two[:, 1]).all()):
        return None
    return np.concatenate(([0], np.argmax(words, axis=1)))


def greedy_tree(scores):
    """The best-head tree when it is the decoder's unique answer (one root, no cycle), else None."""
    tree = unique_best_heads(scores)
    if tree is None or np.count_nonzero(tree[1:] == 0) != 1 or find_cycles(tree):
        return None
    return tree


def one_root_tree(scores):
    """Stanza's chuliu_edmonds_one_root, answered at once where the best heads already form the tree."""
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

    tree = greedy_tree(scores)
    return tree if tree is not None else chuliu_edmonds_one_root(scores)


def stanza_decoder_parts():
    """Stanza's own (tarjan, process_cycle), installed or not (to compare with)."""
    return tuple(patching.original(_CLE, name) for name in ("tarjan", "process_cycle"))


def install():
    """Make Stanza's decoder use one_root_tree, find_cycles and process_cycle (once per process)."""
    patching.replace(_CLE, "tarjan", find_cycles)
    patching.replace(_CLE, "process_cycle", process_cycle)
    for name in _DECODER_USERS:
        patching.replace(name, "chuliu_edmonds_one_root", one_root_tree)


def switch(pipeline, on):
    """The greedy-tree shortcut on or off (the faster cycle finder stays)."""
    for name in _DECODER_USERS:
        patching.switch(name, "chuliu_edmonds_one_root", on)
