"""Stanza's words turned into ids and tensors, and tag ids back into strings, with less Python.

Two conversions around the models cost more than they should on a CPU:

- `get_long_tensor` pads a batch row by row, making one small tensor per row;
  for the characters of every word of a batch that is thousands of tensors.
  Here a batch of plain rows is padded as lists and made into a tensor in one
  call (same values, same dtype); anything else goes to Stanza's function.
- The tagger and the parser map each word's characters, and its features,
  to ids one by one, and the tagger turns each predicted feature tuple back
  into its string (« Gender=Masc|Number=Sing ») with a loop and a format per
  feature, for the padding positions too.  A loaded vocabulary's answer for
  a given word, feature string or id tuple never changes, so the answers are
  remembered, up to a bound (REMEMBERED), per vocabulary of the loaded
  tagger and parser.
"""
import functools
from types import MethodType

from service.nlp import patching

# modules that call get_long_tensor by the name they imported
_TENSOR_USERS = ("stanza.models.common.data", "stanza.models.pos.data", "stanza.models.depparse.data",
                 "stanza.models.lemma.data")
# answers remembered per vocabulary method, the least recently used dropped first: the words' characters
# are the many ones (about 350 bytes a word, so some 15 MB for the two character vocabularies when full)
REMEMBERED = 20_000
_SET_ASIDE = "_set_aside_"
# (vocabulary, method) of the loaded tagger and parser whose answers are remembered
_REMEMBERED_METHODS = (("char", "map"), ("feats", "unit2id"), ("feats", "id2unit"),
                       ("xpos", "unit2id"), ("xpos", "id2unit"))


def _plain_rows(tokens_list):
    return bool(tokens_list) and all(type(row) is list for row in tokens_list) and \
        not any(row and type(row[0]) is list for row in tokens_list)


def padded_long_tensor(tokens_list, batch_size, pad_id=None):
    """Stanza's get_long_tensor (pad to the longest row, then to batch_size rows) in one tensor call."""
    import torch
    from stanza.models.common import seq2seq_constant

    if pad_id is None:
        pad_id = seq2seq_constant.PAD_ID
    if not _plain_rows(tokens_list) or len(tokens_list) > batch_size:
        return stanza_get_long_tensor()(tokens_list, batch_size, pad_id)
    width = max(len(row) for row in tokens_list)
    rows = [row + [pad_id] * (width - len(row)) for row in tokens_list]
    rows += [[pad_id] * width for _ in range(batch_size - len(rows))]
    return torch.tensor(rows, dtype=torch.long).reshape(batch_size, width)


def stanza_get_long_tensor():
    """Stanza's own get_long_tensor, installed or not (to compare with)."""
    return patching.original("stanza.models.common.data", "get_long_tensor")


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _fresh(value):
    """A copy of a remembered list, so that no caller shares it with the memory."""
    return list(value) if isinstance(value, list) else value


def _remember_answers(vocab, method):
    """Replace vocab.method (one argument) by one that remembers its answers."""
    own = getattr(vocab, method)
    answer = functools.lru_cache(maxsize=REMEMBERED)(
        lambda key: own(list(key) if isinstance(key, tuple) else key))

    def remembered(self, value):
        return _fresh(answer(_hashable(value)))

    setattr(vocab, method, MethodType(remembered, vocab))


def remember_vocabulary_answers(pipeline):
    """Give the loaded tagger's and parser's vocabularies a memory (the one they had, if they had one
    before `forget_vocabulary_answers`); returns how many methods got one."""
    remembered = 0
    for processor in ("pos", "depparse"):
        vocab = pipeline.processors[processor].vocab
        for name, method in _REMEMBERED_METHODS:
            if name in vocab and method not in vocab[name].__dict__:
                set_aside = vocab[name].__dict__.pop(_SET_ASIDE + method, None)
                if set_aside is None:
                    _remember_answers(vocab[name], method)
                else:
                    setattr(vocab[name], method, set_aside)
                remembered += 1
    return remembered


def forget_vocabulary_answers(pipeline):
    """The loaded tagger's and parser's vocabularies answer as Stanza's again (their memory set aside)."""
    for processor in ("pos", "depparse"):
        vocab = pipeline.processors[processor].vocab
        for name, method in _REMEMBERED_METHODS:
            if name in vocab:
                memory = vocab[name].__dict__.pop(method, None)
                if memory is not None:
                    setattr(vocab[name], _SET_ASIDE + method, memory)


def switch_tensors(pipeline, on):
    """Batches padded in one call, or by Stanza's get_long_tensor."""
    for name in _TENSOR_USERS:
        patching.switch(name, "get_long_tensor", on)


def switch_vocabularies(pipeline, on):
    """Vocabulary answers remembered (with the memory they had), or asked every time."""
    if on:
        remember_vocabulary_answers(pipeline)
    else:
        forget_vocabulary_answers(pipeline)


def install(pipeline):
    """Both conversions for this process and the loaded pipeline."""
    for name in _TENSOR_USERS:
        patching.replace(name, "get_long_tensor", padded_long_tensor)
    remember_vocabulary_answers(pipeline)
