"""The parser in two halves: its BiLSTM over every sentence, its scorers only for the sentences read.

The engine reads trees only around what can make a quotation (reporting verbs, quotation marks,
colons, « selon » …), so most sentences of an article never need their heads and relations.  The
parser's costly part after its BiLSTM (the pairwise arc and label scorers, the tree decoder, the
labels) depends on each sentence's BiLSTM output alone; the BiLSTM does not: its int8 weights
(service/nlp/quantize.py) quantise their inputs per batch, over all the sentences of the batch, so
a sentence's vectors move slightly with the sentences beside it (9 words in 7,559 parsed otherwise
when half of each article's sentences were parsed apart; none with the float32 BiLSTM).

So `encode` runs the tagger's output through the parser up to its BiLSTM, in exactly the batches
Stanza's depparse processor makes of those sentences (the same loader, sizes and order), and keeps
each sentence's vectors; `score` runs the rest for the sentences asked for, in one batch, and gives
the (head, relation) pairs Stanza's processor would have set on their words.  A sentence's tree is
thus the same whether it is scored alone, with others, or with the whole article.

Off (`switch(pipeline, False)`, `make bench` measures both), the caller parses every sentence
whole, as Stanza does.
"""
import threading

import torch

_given = threading.local()       # the BiLSTM output `score` hands the parser in place of its own
_state = {"on": True}


class Encoded:
    """One sentence's BiLSTM vectors (its ROOT first), ready for `score`."""
    __slots__ = ("vectors",)

    def __init__(self, vectors):
        self.vectors = vectors

    @property
    def length(self):
        return self.vectors.shape[0]


def _processor(pipeline):
    return pipeline.processors["depparse"]


def _model(pipeline):
    return _processor(pipeline)._trainer.model


def _embed_or_given(original):
    def embed(*args, **kwargs):
        vectors = getattr(_given, "vectors", None)
        return vectors if vectors is not None else original(*args, **kwargs)
    embed.ondemand_original = original
    return embed


def install(pipeline):
    """Let the loaded parser take BiLSTM vectors from `score`; returns whether it can (a graph parser
    reading its words forward)."""
    from stanza.models.depparse.model import GraphParser

    model = _model(pipeline)
    if not isinstance(model, GraphParser) or _processor(pipeline)._trainer.args.get("reversed", False):
        return False
    if not hasattr(model.embed, "ondemand_original"):
        model.embed = _embed_or_given(model.embed)
    return True


def uninstall(pipeline):
    model = _model(pipeline)
    if hasattr(model.embed, "ondemand_original"):
        del model.embed


def available(pipeline):
    """Whether sentences of this pipeline can be parsed on demand now."""
    processor = getattr(pipeline, "processors", {}).get("depparse")
    if not _state["on"] or processor is None:
        return False
    return hasattr(processor._trainer.model.embed, "ondemand_original")


def switch(pipeline, on):
    """Parse on demand (on) or every sentence whole (off)."""
    _state["on"] = bool(on)


TAGGING = "tokenize,mwt,pos,lemma"


def tag(texts, pipeline):
    """Stanza documents of `texts`, tokenized, tagged and lemmatised, not parsed."""
    import stanza

    docs = [stanza.Document([], text=t) for t in texts]
    return pipeline.process(docs, processors=TAGGING) if docs else []


def _loader(processor, sentences):
    from stanza.models.common.doc import Document
    from stanza.models.depparse.data import DataLoader
    from stanza.pipeline.depparse_processor import DEFAULT_SEPARATE_BATCH

    document = Document([])
    document.sentences = sentences
    document.num_words = sum(len(s.words) for s in sentences)
    document.num_tokens = sum(len(s.tokens) for s in sentences)
    config = processor.config
    return DataLoader(document, config["batch_size"], config, processor.pretrain, vocab=processor.vocab,
                      evaluation=True, sort_during_eval=config.get("sort_during_eval", True),
                      min_length_to_batch_separately=config.get("min_length_to_batch_separately",
                                                                DEFAULT_SEPARATE_BATCH))


def encode(pipeline, docs):
    """[Encoded] of every sentence of `docs`, in order, batched as Stanza's depparse processor batches
    them in one bulk call."""
    from stanza.models.common.utils import unsort
    from stanza.models.depparse.trainer import unpack_batch

    processor = _processor(pipeline)
    model = processor._trainer.model
    sentences = [s for doc in docs for s in doc.sentences]
    if not sentences:
        return []
    loader = _loader(processor, sentences)
    model.eval()
    found = []
    with torch.no_grad():
        for batch in loader:
            inputs, orig_idx, word_orig_idx, sentlens, wordlens, text = unpack_batch(batch, model.get_device())
            vectors = model.embed.ondemand_original(*inputs, word_orig_idx, sentlens, wordlens, text)
            rows = [Encoded(vectors[k, :length].clone()) for k, length in enumerate(sentlens)]
            found += unsort(rows, orig_idx)
    return unsort(found, loader.data_orig_idx) if loader.data_orig_idx is not None else found


def score(pipeline, encoded):
    """[(head, relation) of each word] of each encoded sentence, as Stanza's processor sets them
    (head 0 for the root, else the head's 1-based position in the sentence)."""
    processor = _processor(pipeline)
    model = processor._trainer.model
    if not encoded:
        return []
    lengths = [e.length for e in encoded]
    vectors = torch.nn.utils.rnn.pad_sequence([e.vectors for e in encoded], batch_first=True)
    count, longest = vectors.shape[0], vectors.shape[1]
    word = torch.zeros((count, longest), dtype=torch.long)
    head = torch.zeros((count, longest - 1), dtype=torch.long)
    model.eval()
    _given.vectors = vectors
    try:
        with torch.no_grad():
            return model.predict(word, None, None, None, None, None, None, None, None, head, None, None,
                                 lengths, None, None,
                                 resolve_head_constraints=processor.config.get("resolve_head_constraints", True))
    finally:
        _given.vectors = None
