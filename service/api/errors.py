"""Error answers: flask-smorest's JSON error format for every error, 503 for the
engine's own failures, and a catch-all that turns any unexpected exception into a
JSON 500 with no stack trace (the trace goes to the log only)."""
import logging
from http import HTTPStatus

from flask import request
from flask_smorest import Api

from service.nlp import ModelsUnavailable
from service.quotes.model import ProcessingTimeout

from .engine import EngineBusy, SpeakerListUnavailable, current_engine
from .schemas import ErrorSchema

log = logging.getLogger(__name__)

RETRY_AFTER_S = "5"


class JsonErrorApi(Api):
    """flask-smorest's Api, with `message` always filled in and the exception's own
    headers (Allow on 405, WWW-Authenticate on 401) kept."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        payload, code, headers = super().handle_http_exception(error)
        payload.setdefault("message", error.description or error.name)
        kept = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        return payload, code, {**kept, **headers}


def error_payload(code, message):
    return {"code": code, "status": HTTPStatus(code).phrase, "message": message}


def engine_unavailable(error):
    return (error_payload(503, str(error)), 503,
            {"Retry-After": RETRY_AFTER_S})


def engine_busy(error):
    log.warning("busy: %s on %s %s", error, request.method, request.path)
    return error_payload(503, str(error)), 503, {"Retry-After": "1"}


def processing_timeout(error):
    log.warning("processing time limit reached on %s %s", request.method, request.path)
    limit = current_engine().settings.time_limit_s
    return (error_payload(503, f"processing took longer than the time limit of {limit:g} s; "
                               "send a shorter text or split it"),
            503, {"Retry-After": RETRY_AFTER_S})


def unexpected_error(error):
    log.exception("unexpected error on %s %s", request.method, request.path)
    return error_payload(500, "internal error (logged)"), 500


def register_error_handlers(app):
    app.register_error_handler(ModelsUnavailable, engine_unavailable)
    app.register_error_handler(SpeakerListUnavailable, engine_unavailable)
    app.register_error_handler(EngineBusy, engine_busy)
    app.register_error_handler(ProcessingTimeout, processing_timeout)
    app.register_error_handler(Exception, unexpected_error)


def documents_errors(blp, errors):
    """Decorator documenting error answers: `errors` maps status code to description."""
    def decorate(view):
        for code, description in sorted(errors.items(), reverse=True):
            view = blp.alt_response(code, schema=ErrorSchema, description=description)(view)
        return view
    return decorate
