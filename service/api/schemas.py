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
                   "resolved_by": "pronoun"}
QUOTE_EXAMPLE = {**example_span("Nous restons ouverts au dialogue", 99), "type": "direct",
                 "speaker": SPEAKER_EXAMPLE, "cue": CUE_EXAMPLE, "confidence": 0.9}
SPEAKER_COUNT_EXAMPLE = {"id": "peskov", "name": "Dmitri Peskov", "quotes": 1}
ANSWER_EXAMPLE = {"id": "article-1", "language": "fr", "quotes": [QUOTE_EXAMPLE],
                  "speakers": [SPEAKER_COUNT_EXAMPLE]}
REQUEST_EXAMPLE = {"id": "article-1", "text": ARTICLE_EXAMPLE, "date": "2024-03-01"}
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


class BatchRequestSchema(ExampleSchema):
    class Meta:
        example = {"documents": [REQUEST_EXAMPLE]}

    documents = fields.List(fields.Nested(ArticleRequestSchema), required=True,
                            validate=validate.Length(min=1),
                            metadata={"description": "The articles; at most QUOTES_BATCH_MAX "
                                                     "(50 by default) per call."})


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
                              metadata={"example": 0.9})


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
    language = fields.String(required=True, metadata={"example": "fr"})
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerCountSchema), required=True,
                           metadata={"description": "Speakers quoted, most quoted first."})


class BatchAnswerSchema(ExampleSchema):
    class Meta:
        example = {"results": [ANSWER_EXAMPLE]}

    results = fields.List(fields.Nested(ArticleAnswerSchema), required=True,
                          metadata={"description": "One answer per document, in order."})


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


class SpeakerListSchema(ExampleSchema):
    class Meta:
        example = {"speakers": [KNOWN_SPEAKER_EXAMPLE]}

    speakers = fields.List(fields.Nested(KnownSpeakerSchema), required=True)


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
