"""POST /quotes and POST /quotes/batch: articles in, quotations out."""
from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from .auth import require_api_key
from .body import read_json, read_json_or_text
from .engine import current_engine
from .errors import documents_errors
from .openapi import OPTIONAL_BEARER
from .schemas import (ARTICLE_EXAMPLE, NOT_BLANK, REQUEST_EXAMPLE, ArticleAnswerSchema,
                      ArticleRequestSchema, BatchAnswerSchema, BatchRequestSchema)

blp = Blueprint("quotes", __name__, url_prefix="/quotes",
                description="Find the quotations in French articles.")

COMMON_ERRORS = {
    400: "The body is not valid JSON or not valid UTF-8.",
    401: "API keys are configured and the request has no valid `Authorization: Bearer` key.",
    413: "The body or a text is over its size limit.",
    415: "The content type is not accepted.",
    422: "The request does not match its schema (missing or empty text, unknown field, bad date).",
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


def check_text_lengths(documents, max_chars):
    for index, document in enumerate(documents):
        if len(document["text"]) > max_chars:
            where = f"document {index}: " if len(documents) > 1 else ""
            abort(413, message=f"{where}the text has {len(document['text'])} characters, "
                               f"over the limit of {max_chars}")


@blp.before_request
def authenticate():
    if request.method == "POST":
        require_api_key(request.headers.get("Authorization"), current_engine().settings.api_keys)


@blp.route("")
class Quotes(MethodView):
    @blp.doc(requestBody=ARTICLE_BODY, security=OPTIONAL_BEARER,
             summary="Quotations in one article",
             description="Send the article as JSON (`text`, optional `id` and `date`) or as "
                         "`text/plain; charset=utf-8`.")
    @blp.response(200, ArticleAnswerSchema)
    @documents_errors(blp, COMMON_ERRORS)
    def post(self):
        document = read_json_or_text(ArticleRequestSchema())
        check_text_lengths([document], current_engine().settings.max_chars)
        return current_engine().answer(document)


@blp.route("/batch")
class QuotesBatch(MethodView):
    @blp.doc(requestBody=BATCH_BODY, security=OPTIONAL_BEARER,
             summary="Quotations in several articles",
             description="The articles are parsed together; the answers come in the same order.")
    @blp.response(200, BatchAnswerSchema)
    @documents_errors(blp, {**COMMON_ERRORS,
                            413: "The body or a text is over its size limit, or there are more "
                                 "documents than the batch limit."})
    def post(self):
        request_body = read_json(BatchRequestSchema())
        documents = request_body["documents"]
        cap = current_engine().settings.batch_max_documents
        if len(documents) > cap:
            abort(413, message=f"{len(documents)} documents, over the limit of {cap} per call")
        check_text_lengths(documents, current_engine().settings.max_chars)
        return {"results": current_engine().answer_batch(documents)}
