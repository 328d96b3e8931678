"""Multi-word tokens (« du » -> « de le ») expanded from the dictionary when it knows them all.

Stanza's MWT processor runs its seq2seq model over every multi-word token of
the text, then (with `ensemble_dict`, the default) replaces each prediction by
the dictionary's expansion wherever the dictionary has the token.  In French
text nearly every such token is « du », « des », « au » or « aux », all in the
dictionary, so the model's work is thrown away: when the dictionary covers
every token of a document, this expands them from it and skips the model.  The
expansions are exactly those Stanza would give; otherwise Stanza's own path runs.
"""
from service.nlp import patching

_PROCESSOR = "stanza.pipeline.mwt_processor.MWTProcessor"


def _dictionary_first(self, document):
    """MWTProcessor.process, without the model when the dictionary expands every token."""
    if self.config.get("dict_only") or not self.config.get("ensemble_dict", False):
        return stanza_process()(self, document)
    batch = self.build_batch(document)
    expansions = batch.doc.get_mwt_expansions(evaluation=True)
    from_dictionary = [self.trainer.dict_expansion(token) for token in expansions]
    if not expansions or any(expansion is None for expansion in from_dictionary):
        return stanza_process()(self, document)
    batch.doc.set_mwt_expansions(from_dictionary, process_manual_expanded=False)
    return batch.doc


PROCESS = patching.Replacement(_PROCESSOR, "process", _dictionary_first)
stanza_process = PROCESS.stanzas          # Stanza's own MWTProcessor.process
install = PROCESS.install
switch = PROCESS.switch
