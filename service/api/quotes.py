"""POST /quotes and POST /quotes/batch: articles in, quotations out."""
import logging
from http import HTTPStatus

from flask import Response, current_app, request, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import ValidationError

from service import language
from service.answers import too_long_message
from service.quotes.model import ProcessingTimeout

from . import metrics
from .auth import require_api_key
from .body import TEXT_TYPE, read_json, read_json_or_text
from .engine import current_engine
from .errors import documents_errors
from .openapi import OPTIONAL_BEARER
from .schemas import (
    ANSWER_EXAMPLE,
    ARTICLE_EXAMPLE,
    BATCH_ERROR_EXAMPLE,
    NOT_BLANK,
    REQUEST_EXAMPLE,
    ArticleAnswerSchema,
    ArticleRequestSchema,
    BatchAnswerSchema,
    BatchRequestSchema,
    BatchResultSchema,
)

log = logging.getLogger(__name__)

blp = Blueprint("quotes", __name__, url_prefix="/quotes",
                description="Find the quotations in French articles.")

NDJSON_TYPE = "application/x-ndjson"
JSON_TYPE = "application/json"
# Some documents of a batch got an error entry (the others their answer).
PARTIAL_STATUS = 207

COMMON_ERRORS = {
    400: "The body is not valid JSON or not valid UTF-8.",
    401: "API keys are configured and the request has no valid `Authorization: Bearer` key.",
    413: "The body or a text is over its size limit.",
    415: "The content type is not accepted.",
    422: "The request does not match its schema (missing or empty text, unknown field, bad "
         "date), or the text is clearly not French (`errors.language` gives the language "
         "detected; send `\"language\": \"fr\"` to read it as French anyway).",
    503: "The models are unavailable, or processing took longer than the time limit.",
}

ARTICLE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ArticleRequestSchema, "example": REQUEST_EXAMPLE},
        "text/plain": {"schema": {"type": "string", "pattern": NOT_BLANK},
                       "example": ARTICLE_EXAMPLE},
    },
}
BATCH_BODY = {
    "required": True,
    "content": {"application/json": {"schema": BatchRequestSchema,
                                     "example": BatchRequestSchema.Meta.example}},
}
NDJSON_EXAMPLE = (
    '{"id": "article-1", "language": "fr", "quotes": [...], "speakers": [...]}\n'
    '{"id": "article-2", "error": {"code": 422, "message": "the text is in English (en), not '
    'French: ..."}}\n')

BATCH_DESCRIPTION = (
    "Each document is answered on its own: a document that cannot be read (empty or too long "
    "text, bad date or field, text clearly not in French) gets an entry "
    "`{\"id\", \"error\": {\"code\", \"message\", \"errors\"?}}` in its place, where `code` is "
    "the status it would have got alone, and the others are answered.\n\n"
    "Status: **200** when every document was answered, **207 Multi-Status** when at least one "
    "got an error entry (the body has the same form either way: one result per document, in "
    "order). A request that cannot be read as a whole (not JSON, no `documents` list, more "
    "documents than `QUOTES_BATCH_MAX`, body over `QUOTES_MAX_BYTES`) gets its error status "
    "and no results.\n\n"
    f"With `Accept: {NDJSON_TYPE}` the answer is streamed: one JSON object per line, one line "
    "per document, in order, each sent as soon as that document is done. The status is then "
    "200 whatever the documents give (it is sent before them), and the processing time limit "
    "applies to each document: a document that passes it gets an error entry with code 503.")


def text_length_error(document, max_chars):
    """The message for a text over the length limit, or None."""
    return too_long_message(document["text"], max_chars)


def language_error(detection):
    """Message and details of the error for a text that is not French."""
    message = language.not_french_message(detection, 'send "language": "fr"')
    return message, {"language": {"detected": detection.language,
                                  "probability": round(detection.probability, 3)}}


def read_language(document):
    """The language the document is read in; None when it is not French and was not forced."""
    return language.language_read_in(document["text"], document.get("language"))


def with_language(answer, code):
    answer["language"] = code
    return answer


@blp.before_request
def authenticate():
    if request.method == "POST":
        require_api_key(request.headers.get("Authorization"), current_engine().settings.api_keys)


@blp.route("")
class Quotes(MethodView):
    @blp.doc(requestBody=ARTICLE_BODY, security=OPTIONAL_BEARER,
             summary="Quotations in one article",
             description="Send the article as JSON (`text`, optional `id`, `date` and "
                         "`language`) or as `text/plain; charset=utf-8` (then "
                         "`Content-Language: fr` reads it as French whatever it seems to be).")
    @blp.response(200, ArticleAnswerSchema)
    @documents_errors(blp, COMMON_ERRORS)
    def post(self):
        document = read_json_or_text(ArticleRequestSchema())
        if request.mimetype == TEXT_TYPE and \
                request.headers.get("Content-Language", "").strip().lower().startswith("fr"):
            document["language"] = language.FRENCH
        engine = current_engine()
        too_long = text_length_error(document, engine.settings.max_chars)
        if too_long:
            metrics.count_documents("quotes", "rejected")
            abort(413, message=too_long)
        code, detection = read_language(document)
        if code is None:
            metrics.count_documents("quotes", "rejected")
            message, details = language_error(detection)
            abort(422, message=message, errors=details)
        answer = with_language(engine.answer(document), code)
        metrics.count_answer("quotes", answer)
        return answer


def document_error(document, code, message, errors=None):
    """The result entry of a document that gets no answer."""
    identifier = document.get("id") if isinstance(document, dict) else None
    error = {"code": code, "message": message}
    if errors:
        error["errors"] = errors
    return {"id": identifier if isinstance(identifier, str) else None, "error": error}


def read_document(raw, max_chars):
    """(document ready to answer, language code) or (error entry, None) for one batch item."""
    if not isinstance(raw, dict):
        return document_error(raw, 422, "a document is a JSON object with a `text`"), None
    try:
        document = ArticleRequestSchema().load(raw)
    except ValidationError as exc:
        return document_error(raw, 422, "the document does not match its schema",
                              exc.normalized_messages()), None
    too_long = text_length_error(document, max_chars)
    if too_long:
        return document_error(raw, 413, too_long), None
    code, detection = read_language(document)
    if code is None:
        return document_error(raw, 422, *language_error(detection)), None
    return document, code


def stream_results(items, engine):
    """One JSON line per document, each as soon as it is done."""
    dump = BatchResultSchema().dump
    for document, code in items:
        if code is None:
            result = document
        else:
            try:
                result = with_language(engine.answer(document), code)
            except ProcessingTimeout:
                limit = engine.settings.time_limit_s
                result = document_error(document, 503, f"processing took longer than the time "
                                                       f"limit of {limit:g} s")
            except Exception:  # noqa: BLE001 (one document's failure must not end the others)
                log.exception("unexpected error on a document of a streamed batch")
                result = document_error(document, 500, "internal error (logged)")
        if "error" in result:
            metrics.count_documents("batch", "rejected")
        else:
            metrics.count_answer("batch", result)
        yield current_app.json.dumps(dump(result), indent=None, separators=(",", ":")) + "\n"


def wants_ndjson():
    accept = request.accept_mimetypes
    return accept.best_match([JSON_TYPE, NDJSON_TYPE]) == NDJSON_TYPE and \
        accept[NDJSON_TYPE] > accept[JSON_TYPE]


@blp.route("/batch")
class QuotesBatch(MethodView):
    @blp.doc(requestBody=BATCH_BODY, security=OPTIONAL_BEARER,
             summary="Quotations in several articles", description=BATCH_DESCRIPTION,
             responses={200: {"content": {NDJSON_TYPE: {
                 "schema": {"type": "string", "description": "One BatchResult per line."},
                 "example": NDJSON_EXAMPLE}}}})
    @blp.response(200, BatchAnswerSchema,
                  description="Every document answered (or, streamed, whatever they gave).",
                  example={"results": [ANSWER_EXAMPLE]})
    @blp.alt_response(PARTIAL_STATUS, schema=BatchAnswerSchema, success=True,
                      description="Some documents got an error entry, the others their answer.",
                      example={"results": [ANSWER_EXAMPLE, BATCH_ERROR_EXAMPLE]})
    @documents_errors(blp, {**COMMON_ERRORS,
                            413: "The body is over its size limit, or there are more documents "
                                 "than the batch limit.",
                            422: "The body is not an object with a non-empty `documents` list."})
    def post(self):
        request_body = read_json(BatchRequestSchema())
        raw_documents = request_body["documents"]
        engine = current_engine()
        cap = engine.settings.batch_max_documents
        if len(raw_documents) > cap:
            abort(413, message=f"{len(raw_documents)} documents, over the limit of {cap} per call")
        items = [read_document(raw, engine.settings.max_chars) for raw in raw_documents]
        engine.pipeline()       # the models unavailable: 503 for the whole request, before any line
        if wants_ndjson():
            return Response(stream_with_context(stream_results(items, engine)),
                            mimetype=NDJSON_TYPE)
        ready = [(index, document, code) for index, (document, code) in enumerate(items)
                 if code is not None]
        answers = engine.answer_batch([document for _, document, _ in ready]) if ready else []
        results = [document for document, _ in items]
        for (index, _, code), answer in zip(ready, answers):
            results[index] = with_language(answer, code)
        for result in results:
            if "error" in result:
                metrics.count_documents("batch", "rejected")
            else:
                metrics.count_answer("batch", result)
        status = PARTIAL_STATUS if len(ready) < len(results) else HTTPStatus.OK
        return {"results": results}, status
