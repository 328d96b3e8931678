"""Lemmas from the dictionary first, each unknown form through the model once.

Stanza's lemma processor (with `ensemble_dict`, the default) first builds a
batch of every word of the document, mapping each one's characters to ids,
only to read the document back from it; then a second batch of the words its
dictionary does not know, and runs its seq2seq model over each of them,
repeats included (a name cited ten times is lemmatised ten times).  This looks
the words up in the same dictionary, runs the model once for each distinct
unknown (form, tag) pair, decodes only the words whose edit class (the word
itself, lower-cased, or the decoder's output) reads the decoder, and gives
every word the lemma Stanza's own path gives (a test compares them); anything
else the processor can be configured to do goes through Stanza's own path.
"""
from service.nlp import patching

_PROCESSOR = "stanza.pipeline.lemma_processor.LemmaProcessor"
_decoder = {"every word": False}        # True: Stanza's Trainer.predict, which decodes every word


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
            lemmas, batch_edits = _predict(processor.trainer, batch, processor.config["beam_size"], batches.vocab)
            predictions += lemmas
            edits += batch_edits or []
    lemmas = processor.trainer.postprocess([form for form, _ in pairs], predictions, edits=edits or None)
    return dict(zip(pairs, lemmas))


def _predict(trainer, batch, beam_size, vocab):
    """Trainer.predict, with the seq2seq decoder run only for the words whose edit class reads its output.

    The lemmatizer first classifies each word's edit: the word itself, the word lower-cased, or the
    decoder's output (Trainer.postprocess).  Stanza decodes every word of the batch and then throws
    the output away for the first two classes (two thirds of the unknown words of news: names)."""
    import torch
    from stanza.models.common import utils
    from stanza.models.lemma import edit
    from stanza.models.lemma.trainer import unpack_batch

    model = trainer.model
    if _decoder["every word"] or not trainer.args.get("edit", False):
        return trainer.predict(batch, beam_size, vocab)
    model.eval()
    (src, src_mask, _, _, pos, _), order, text = unpack_batch(batch, next(model.parameters()).device)
    inputs, _, lengths, _ = model.embed(src, src_mask, pos, text)
    _, (last_hidden, _) = model.encode(inputs, lengths)
    edits = model.edit_clf(last_hidden).argmax(1).tolist()
    decoded = [[] for _ in edits]
    rows = [i for i, e in enumerate(edits) if e == edit.EDIT_TO_ID["none"]]
    if rows:
        picked = torch.tensor(rows)
        width = int((~src_mask[picked]).sum(1).max())          # the picked words' padding, no wider
        outputs, _ = model.predict(src[picked, :width], src_mask[picked, :width],
                                   pos=None if pos is None else pos[picked], beam_size=beam_size,
                                   raw=None if text is None else [text[i] for i in rows])
        for i, output in zip(rows, outputs):
            decoded[i] = output
    tokens = ["".join(chars) for chars in utils.prune_decoded_seqs([vocab["char"].unmap(ids) for ids in decoded])]
    return utils.unsort(tokens, order), utils.unsort(edits, order)


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


PROCESS = patching.Replacement(_PROCESSOR, "process", _dictionary_first)
stanza_process = PROCESS.stanzas          # Stanza's own LemmaProcessor.process
install = PROCESS.install
switch = PROCESS.switch


def switch_decoder(pipeline, on):
    """The decoder only for the words whose edit class reads it, or for every word as in Stanza."""
    _decoder["every word"] = not on
