"""Marshmallow schemas of the JSON API: what clients send and what they get back.

Each schema carries an example so that the OpenAPI document shows one for every
object.  Limits that depend on the settings (text length, batch size) are checked
by the views and only described here, so that the document does not change with
the environment.
"""
import marshmallow as ma
from marshmallow import fields, validate

from service.quotes.model import QUOTE_TYPES, RESOLVED_BY

# Some character other than white space (every character Python or JavaScript counts as
# such, and the byte order mark), spelled out so that the pattern means the same to
# Python's re (which validates) and to the ECMA regular expressions of JSON Schema.
BLANK_CHARACTERS = r"\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
NOT_BLANK = rf"^[\s\S]*[^{BLANK_CHARACTERS}]"

ARTICLE_EXAMPLE = ("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré que les négociations "
                   "étaient au point mort. « Nous restons ouverts au dialogue », a-t-il ajouté.")

def example_span(text, start):
    """{"text", "start", "end"} of a span of the example article (checked by the tests)."""
    end = start + len(text)
    return {"text": text, "start": start, "end": end}


MENTION_EXAMPLE = example_span("il", 139)
CUE_EXAMPLE = {**example_span("ajouté", 142), "lemma": "ajouter"}
SPEAKER_EXAMPLE = {"id": "peskov", "name": "Dmitri Peskov", "mention": MENTION_EXAMPLE,
                   "resolved_by": "pronoun", "gender": "m"}
QUOTE_EXAMPLE = {**example_span("Nous restons ouverts au dialogue", 99), "type": "direct",
                 "speaker": SPEAKER_EXAMPLE, "cue": CUE_EXAMPLE, "confidence": 0.9}
SPEAKER_COUNT_EXAMPLE = {"id": "peskov", "name": "Dmitri Peskov", "quotes": 1}
ANSWER_EXAMPLE = {"id": "article-1", "language": "fr", "quotes": [QUOTE_EXAMPLE],
                  "speakers": [SPEAKER_COUNT_EXAMPLE]}
REQUEST_EXAMPLE = {"id": "article-1", "text": ARTICLE_EXAMPLE, "date": "2024-03-01"}
BATCH_ERROR_EXAMPLE = {"id": "article-2", "error": {
    "code": 422, "message": "the text is in English (en), not French: send \"language\": \"fr\" "
                            "to read it as French anyway"}}
LANGUAGES = ("fr",)     # what a client may ask the text to be read as
ROLE_EXAMPLE = {"title": "porte-parole du Kremlin", "from": "2012-05-22", "until": None}
KNOWN_SPEAKER_EXAMPLE = {"id": "peskov", "name": "Dmitri Peskov",
                         "aliases": ["Peskov", "Dmitri Peskov", "Dmitry Peskov"],
                         "roles": [ROLE_EXAMPLE]}


def encodable(text):
    """Rejects lone surrogates, which JSON escapes can carry but no UTF-8 text holds."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ma.ValidationError(f"text holds an invalid character at {exc.start}") from exc


class ExampleSchema(ma.Schema):
    """A schema whose OpenAPI form carries `Meta.example` (added by `ExamplePlugin`)."""


class ArticleRequestSchema(ExampleSchema):
    class Meta:
        example = REQUEST_EXAMPLE

    text = fields.String(required=True,
                         validate=[validate.Regexp(NOT_BLANK, error="text is empty"), encodable],
                         metadata={"description": "The article, as plain text (UTF-8).",
                                   "example": ARTICLE_EXAMPLE})
    id = fields.String(validate=validate.Length(min=1, max=200),
                       metadata={"description": "Echoed in the answer; generated when absent.",
                                 "example": "article-1"})
    date = fields.Date(metadata={"description": "Publication date (YYYY-MM-DD), used to tell "
                                                "who held a title at the time.",
                                 "example": "2024-03-01"})
    language = fields.String(validate=validate.OneOf(LANGUAGES),
                             metadata={"description": "`fr` reads the text as French whatever "
                                                      "language it seems to be in; without it, a "
                                                      "text that is clearly in another language "
                                                      "gets 422.",
                                       "example": "fr"})


class BatchRequestSchema(ExampleSchema):
    class Meta:
        example = {"documents": [REQUEST_EXAMPLE]}

    # Each document is checked on its own (one that does not match ArticleRequest gets an error
    # entry in its place, the others are answered): the list takes any item.
    documents = fields.List(fields.Raw(allow_none=True, metadata={
        "description": "An ArticleRequest. A document that does not match it gets an error "
                       "entry in the results, in its place.",
        "anyOf": [{"$ref": "#/components/schemas/ArticleRequest"}, {}]}),
        required=True, validate=validate.Length(min=1),
        metadata={"description": "The articles; at most QUOTES_BATCH_MAX (50 by default) per "
                                 "call."})


class SpanSchema(ExampleSchema):
    """A piece of the article: `text == article[start:end]`."""

    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Python str index of the "
                                                                   "first character."})
    end = fields.Integer(required=True, metadata={"description": "Index after the last character."})


class MentionSchema(SpanSchema):
    class Meta:
        example = MENTION_EXAMPLE


class SpeakerSchema(ExampleSchema):
    class Meta:
        example = SPEAKER_EXAMPLE

    id = fields.String(required=True, allow_none=True,
                       metadata={"description": "Id in the speaker list, null for others.",
                                 "example": "peskov"})
    name = fields.String(required=True, allow_none=True, metadata={"example": "Dmitri Peskov"})
    mention = fields.Nested(MentionSchema, required=True, allow_none=True,
                            metadata={"description": "The words that point at the speaker."})
    resolved_by = fields.String(required=True, allow_none=True,
                                validate=validate.OneOf(RESOLVED_BY),
                                metadata={"description": "How the speaker was found.",
                                          "example": "pronoun"})
    gender = fields.String(required=True, allow_none=True, validate=validate.OneOf(("f", "m")),
                           metadata={"description": "The person's gender as the speaker list or the article tells "
                                                    "it (title, noun, agreement, pronoun); null for a group, a body, "
                                                    "or when nothing tells.", "example": "m"})


class CueSchema(SpanSchema):
    class Meta:
        example = CUE_EXAMPLE

    lemma = fields.String(required=True, metadata={"example": CUE_EXAMPLE["lemma"]})


class QuoteSchema(SpanSchema):
    class Meta:
        example = QUOTE_EXAMPLE

    type = fields.String(required=True, validate=validate.OneOf(QUOTE_TYPES),
                         metadata={"example": "direct"})
    speaker = fields.Nested(SpeakerSchema, required=True, allow_none=True)
    cue = fields.Nested(CueSchema, required=True, allow_none=True,
                        metadata={"description": "The reporting verb."})
    confidence = fields.Float(required=True, validate=validate.Range(0.0, 1.0),
                              metadata={"description": "How often a quotation of this kind (type and how its "
                                                       "speaker was found) was right, in the gold with the right "
                                                       "speaker, on the project's evaluation articles.",
                                        "example": 0.93})


class SpeakerCountSchema(ExampleSchema):
    class Meta:
        example = SPEAKER_COUNT_EXAMPLE

    id = fields.String(required=True, allow_none=True, metadata={"example": "peskov"})
    name = fields.String(required=True, metadata={"example": "Dmitri Peskov"})
    quotes = fields.Integer(required=True, metadata={"example": 1})


class ArticleAnswerSchema(ExampleSchema):
    class Meta:
        example = ANSWER_EXAMPLE

    id = fields.String(required=True, metadata={"example": "article-1"})
    language = fields.String(required=True,
                             metadata={"description": "The language detected (ISO 639-1): `fr`, "
                                                      "or another one when the client asked for "
                                                      "the text to be read as French anyway.",
                                       "example": "fr"})
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerCountSchema), required=True,
                           metadata={"description": "Speakers quoted, most quoted first."})


class DocumentErrorSchema(ExampleSchema):
    class Meta:
        example = BATCH_ERROR_EXAMPLE["error"]

    code = fields.Integer(required=True, metadata={"description": "The HTTP status this document "
                                                                  "alone would have got.",
                                                   "example": 422})
    message = fields.String(required=True, metadata={"example": BATCH_ERROR_EXAMPLE["error"]["message"]})
    errors = fields.Dict(metadata={"description": "Validation errors, by field, or the language "
                                                  "detected",
                                   "example": {"text": ["text is empty"]}})


class BatchResultSchema(ExampleSchema):
    """One document's result: its answer (`language`, `quotes`, `speakers`), or `error`."""

    class Meta:
        example = ANSWER_EXAMPLE

    id = fields.String(required=True, allow_none=True,
                       metadata={"description": "The document's id (generated when absent; null "
                                                "for a document in error that had none).",
                                 "example": "article-1"})
    language = fields.String(metadata={"example": "fr"})
    quotes = fields.List(fields.Nested(QuoteSchema))
    speakers = fields.List(fields.Nested(SpeakerCountSchema))
    error = fields.Nested(DocumentErrorSchema, metadata={"description": "Why this document got no "
                                                                        "answer (the others did)."})


class BatchAnswerSchema(ExampleSchema):
    class Meta:
        example = {"results": [ANSWER_EXAMPLE, BATCH_ERROR_EXAMPLE]}

    results = fields.List(fields.Nested(BatchResultSchema), required=True,
                          metadata={"description": "One result per document, in order: an answer, "
                                                   "or an error entry."})


class RoleSchema(ExampleSchema):
    class Meta:
        example = ROLE_EXAMPLE

    title = fields.String(required=True, metadata={"example": ROLE_EXAMPLE["title"]})
    from_ = fields.String(required=True, allow_none=True, data_key="from", attribute="from",
                          metadata={"example": ROLE_EXAMPLE["from"]})
    until = fields.String(required=True, allow_none=True, metadata={"example": None})


class KnownSpeakerSchema(ExampleSchema):
    class Meta:
        example = KNOWN_SPEAKER_EXAMPLE

    id = fields.String(required=True, metadata={"example": "peskov"})
    name = fields.String(required=True, metadata={"example": "Dmitri Peskov"})
    aliases = fields.List(fields.String(), required=True,
                          metadata={"example": KNOWN_SPEAKER_EXAMPLE["aliases"]})
    roles = fields.List(fields.Nested(RoleSchema), required=True)


class StatusSchema(ExampleSchema):
    class Meta:
        example = {"status": "ok"}

    status = fields.String(required=True, metadata={"example": "ok"})


class ErrorSchema(ExampleSchema):
    """Every error answer: flask-smorest's error format."""

    class Meta:
        example = {"code": 422, "status": "Unprocessable Entity",
                   "message": "The request was well-formed but was unable to be followed "
                              "due to semantic errors.",
                   "errors": {"json": {"text": ["Missing data for required field."]}}}

    code = fields.Integer(required=True, metadata={"description": "HTTP status code",
                                                   "example": 422})
    status = fields.String(required=True, metadata={"description": "HTTP status name",
                                                    "example": "Unprocessable Entity"})
    message = fields.String(required=True, metadata={"description": "What went wrong",
                                                     "example": "text is empty"})
    errors = fields.Dict(metadata={"description": "Validation errors, by location and field",
                                   "example": {"json": {"text": ["text is empty"]}}})


MODEL_FILE_EXAMPLE = {"name": "depparse.pt",
                      "sha256": "9f2c0c2f8e1b4f6a0d3e5b7c9a1f2e4d6b8a0c2e4f6a8b0d2c4e6a8b0d2f4e6a",
                      "bytes": 30462342}
VERSION_EXAMPLE = {
    "service": "citations", "version": "0.1.0", "api": "1.2.0", "python": "3.11.7",
    "stanza": "1.15.0", "torch": "2.13.0+cpu",
    "models": {"source": "local", "hash": "3b1f0c9d2e7a", "files": [MODEL_FILE_EXAMPLE]},
    "speakers": {"file": "speakers.json",
                 "sha256": "5d41402abc4b2a76b9719d911017c592ae1f2b8e5d3c6a7b9c0d1e2f3a4b5c6d",
                 "bytes": 41250, "speakers": 120},
    "speedups": {"labels once per head": "on", "lstm int8": "fbgemm"},
}


class ModelFileSchema(ExampleSchema):
    class Meta:
        example = MODEL_FILE_EXAMPLE

    name = fields.String(required=True, metadata={"example": "depparse.pt"})
    sha256 = fields.String(required=True, metadata={"example": MODEL_FILE_EXAMPLE["sha256"]})
    bytes = fields.Integer(required=True, metadata={"example": MODEL_FILE_EXAMPLE["bytes"]})


class ModelsSchema(ExampleSchema):
    class Meta:
        example = VERSION_EXAMPLE["models"]

    source = fields.String(required=True, metadata={"description": "QUOTES_STANZA_SOURCE",
                                                    "example": "local"})
    hash = fields.String(required=True,
                         metadata={"description": "Short hash of the files' names and hashes "
                                                  "(also in the X-Citations-Models header).",
                                   "example": "3b1f0c9d2e7a"})
    files = fields.List(fields.Nested(ModelFileSchema), required=True)


class SpeakerFileSchema(ExampleSchema):
    class Meta:
        example = VERSION_EXAMPLE["speakers"]

    file = fields.String(required=True, metadata={"example": "speakers.json"})
    sha256 = fields.String(required=True, allow_none=True,
                           metadata={"example": VERSION_EXAMPLE["speakers"]["sha256"]})
    bytes = fields.Integer(required=True, allow_none=True, metadata={"example": 41250})
    speakers = fields.Integer(required=True, allow_none=True,
                              metadata={"description": "Number of speakers loaded from the file.",
                                        "example": 120})


class SpeakerListSchema(ExampleSchema):
    class Meta:
        example = {"version": VERSION_EXAMPLE["speakers"], "speakers": [KNOWN_SPEAKER_EXAMPLE]}

    version = fields.Nested(SpeakerFileSchema, required=True,
                            metadata={"description": "The list's version: its file's sha256 (also "
                                                     "in the X-Citations-Speakers header) and "
                                                     "size, and the number of speakers loaded "
                                                     "from it; the same as in /version."})
    speakers = fields.List(fields.Nested(KnownSpeakerSchema), required=True)


class VersionSchema(ExampleSchema):
    class Meta:
        example = VERSION_EXAMPLE

    service = fields.String(required=True, metadata={"example": "citations"})
    version = fields.String(required=True,
                            metadata={"description": "The service's version (also in the "
                                                     "X-Citations-Version header).",
                                      "example": "0.1.0"})
    api = fields.String(required=True, metadata={"description": "The OpenAPI document's version.",
                                                 "example": "1.2.0"})
    python = fields.String(required=True, metadata={"example": "3.11.7"})
    stanza = fields.String(required=True, allow_none=True, metadata={"example": "1.15.0"})
    torch = fields.String(required=True, allow_none=True, metadata={"example": "2.13.0+cpu"})
    models = fields.Nested(ModelsSchema, required=True)
    speakers = fields.Nested(SpeakerFileSchema, required=True)
    speedups = fields.Dict(required=True, allow_none=True,
                           metadata={"description": "The speed-ups installed when the models "
                                                    "were loaded, name -> what was chosen; null "
                                                    "until the models are loaded.",
                                     "example": VERSION_EXAMPLE["speedups"]})
