"""Lemmas from the dictionary first, each unknown form through the model once.

Stanza's lemma processor (with `ensemble_dict`, the default) first builds a
batch of every word of the document, mapping each one's characters to ids,
only to read the document back from it; then a second batch of the words its
dictionary does not know, and runs its seq2seq model over each of them,
repeats included (a name cited ten times is lemmatised ten times).  This looks
the words up in the same dictionary, runs the model once for each distinct
unknown (form, tag) pair, and gives every word the lemma Stanza's own path
gives (a test compares them); anything else the processor can be configured
to do goes through Stanza's own path.
"""
from service.nlp import patching

_PROCESSOR = "stanza.pipeline.lemma_processor.LemmaProcessor"


class _Pairs:
    """Distinct (form, tag) pairs in the shape Stanza's lemma DataLoader reads a document."""

    def __init__(self, pairs):
        self.pairs = pairs

    def get(self, fields, **_):
        return [[form, tag, None] for form, tag in self.pairs]


def _runs_stanzas_own_path(processor):
    config = processor.config
    return (processor.use_identity or config.get("dict_only") or not config.get("ensemble_dict", False)
            or processor.store_results or processor.trainer.has_contextual_lemmatizers())


def _model_lemmas(processor, pairs):
    """{(form, tag): lemma} from the seq2seq model, for distinct pairs."""
    import torch
    from stanza.models.lemma.data import DataLoader

    if not pairs:
        return {}
    batches = DataLoader(_Pairs(pairs), processor.config["batch_size"], processor.config,
                         vocab=processor.vocab, evaluation=True, expand_unk_vocab=True)
    predictions, edits = [], []
    with torch.no_grad():
        for batch in batches:
            lemmas, batch_edits = processor.trainer.predict(batch, processor.config["beam_size"], batches.vocab)
            predictions += lemmas
            edits += batch_edits or []
    lemmas = processor.trainer.postprocess([form for form, _ in pairs], predictions, edits=edits or None)
    return dict(zip(pairs, lemmas))


def _dictionary_first(self, document):
    """LemmaProcessor.process with one dictionary pass and one model run per distinct unknown word."""
    from stanza.models.common import doc

    if _runs_stanzas_own_path(self):
        return stanza_process()(self, document)
    pairs = [tuple(pair) for pair in document.get([doc.TEXT, doc.UPOS])]
    known = self.trainer.skip_seq2seq(pairs)
    unknown = list(dict.fromkeys(pair for pair, skip in zip(pairs, known) if not skip))
    from_model = _model_lemmas(self, unknown)
    lemmas = self.trainer.ensemble(pairs, ["" if skip else from_model[pair] for pair, skip in zip(pairs, known)])
    document.set([doc.LEMMA], [lemma if lemma else "_" for lemma in lemmas])
    return document


def stanza_process():
    """Stanza's own LemmaProcessor.process, installed or not (to compare with)."""
    return patching.original(_PROCESSOR, "process")


def install():
    """Make Stanza's lemma processor use _dictionary_first (once per process)."""
    patching.replace(_PROCESSOR, "process", _dictionary_first)


def switch(pipeline, on):
    """_dictionary_first on, or Stanza's own lemma processor back."""
    patching.switch(_PROCESSOR, "process", on)
