"""The tokenizer's per-character features, once per distinct character of a paragraph.

Before its BiLSTMs see a paragraph, Stanza's tokenizer describes each character with a few features
(whether it is a space, a capital, a digit; first or last of the paragraph) and its vocabulary id,
one Python list per character built by calling each feature function on it: some 63,000 calls
for the seeds and test documents.  Those features depend on the character alone, and a paragraph
has a few dozen distinct characters: each is described once, the paragraph's rows taken from that
table by index, and the two position features set as columns.  The arrays are those of Stanza's
own code, values and types (a test compares them); the path applies at prediction time to models
without dictionary or structural features (ours), and Stanza's own code runs otherwise.
"""
import numpy as np

from service.nlp import patching

_DATASET = "stanza.models.tokenization.data.TokenizationDataset"


def _per_character_functions(args):
    """The per-character feature functions in Stanza's order, or None when the model has a feature
    this path does not compute (structural ones, or a name Stanza would reject)."""
    from stanza.models.tokenization import data

    functions = []
    for name in args["feat_funcs"]:
        if name in data.POSITION_FEAT_FUNCS:
            continue
        if name not in data.PER_CHAR_FEAT_FUNCS:
            return None
        functions.append(data.PER_CHAR_FEAT_FUNCS[name])
    return functions


def _position_columns(args, count):
    columns = []
    for name, at in (("end_of_para", count - 1), ("start_of_para", 0)):
        if name in args["feat_funcs"]:
            column = [[0] for _ in range(count)]
            column[at] = [1]
            columns.append(np.array(column))
    return columns


def _tabled(self, para):
    """TokenizationDataset.para_to_sentences at prediction time: one (ids, labels, features, units)."""
    functions = None if (not self.eval or self.args.get("use_dictionary")) else _per_character_functions(self.args)
    if not functions or not para:
        return stanza_para_to_sentences()(self, para)
    units = [unit for unit, _ in para]
    distinct = {}
    rows = np.array([distinct.setdefault(unit, len(distinct)) for unit in units])
    table = np.array([[f(unit) for f in functions] for unit in distinct]).reshape(len(distinct), len(functions))
    features = np.concatenate([table[rows], *_position_columns(self.args, len(units))], axis=1)
    ids = np.array([self.vocab.unit2id(unit) for unit in distinct])[rows]
    return [(ids, np.array([label for _, label in para]), features, units)]


PARA_TO_SENTENCES = patching.Replacement(_DATASET, "para_to_sentences", _tabled)
stanza_para_to_sentences = PARA_TO_SENTENCES.stanzas
install = PARA_TO_SENTENCES.install
switch = PARA_TO_SENTENCES.switch
