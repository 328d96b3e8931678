"""Inverted subject pronouns the tokenizer leaves glued to their verb: « poursuit-elle ».

French writes an inverted subject pronoun after a hyphen (« estime-t-il »,
« dit-elle »); the Universal Dependencies treebanks make the verb and the
pronoun two tokens, and the tokenizer mostly does.  The project's tokenizer saw
few feminine forms without « -t- » and leaves some whole (« poursuit-elle »,
« reconnaît-elle », « estiment-elles »), which the tagger then reads as a noun:
the reporting verb of the incise is lost.  This splits such a token into the
verb and the pronoun, the way the tokenizer splits the ones it knows
(« poursuit », « -elle »), in the tokenizer's output before the rest of the
pipeline reads it.  (Stanza's own `tokenize_postprocessor` option rebuilds the
offsets by searching the token texts in the raw text, and fails where the
tokenizer has normalised a token's spaces.)
"""
import re

from service.nlp import patching

_TOKENIZER = "stanza.pipeline.tokenize_processor"
INVERTED_SUBJECT = re.compile(r"^(?P<verb>[^\W\d_][^\W\d_'’-]*?)(?P<pronoun>(?:-t)?-(?:il|elle|ils|elles|on))$",
                              re.IGNORECASE)


def split_token(text):
    """[verb, pronoun] for a verb with its inverted subject, else [text]."""
    match = INVERTED_SUBJECT.match(text)
    if match is None or not match.group("verb")[0].islower():
        return [text]
    return [match.group("verb"), match.group("pronoun")]


def _pieces(token, raw_text):
    text = token["text"]
    if token.get("misc") or raw_text[token["start_char"]:token["end_char"]] != text:
        return [token]
    parts = split_token(text)
    if len(parts) == 1:
        return [token]
    pieces, start = [], token["start_char"]
    for part in parts:
        pieces.append({"text": part, "start_char": start, "end_char": start + len(part)})
        start += len(part)
    return pieces


def split_inverted_subjects(document, raw_text):
    """Split verb-pronoun tokens in the tokenizer's output (sentences of token dicts), in place."""
    for sentence in document:
        if not any("-" in token["text"] for token in sentence):
            continue
        tokens = [piece for token in sentence for piece in _pieces(token, raw_text)]
        if len(tokens) != len(sentence):
            for number, token in enumerate(tokens, 1):
                token["id"] = (number,)
            sentence[:] = tokens
    return document


def _with_inverted_subjects_split(*args, **kwargs):
    stanzas = stanza_output_predictions()
    oov_count, offset, predictions, document = stanzas(*args, **kwargs)
    raw_text = patching.arguments(stanzas, args, kwargs)["orig_text"]
    if raw_text is not None:
        split_inverted_subjects(document, raw_text)
    return oov_count, offset, predictions, document


OUTPUT = patching.Replacement(_TOKENIZER, "output_predictions", _with_inverted_subjects_split)
stanza_output_predictions = OUTPUT.stanzas
install = OUTPUT.install                  # verb-pronoun tokens split, once per process
switch = OUTPUT.switch
