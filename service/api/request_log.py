"""One log line per request, and the request id echoed in the `X-Request-ID` answer header.

The line says the request id, method, route, path, status and duration, and for a request that
carries documents their length in characters and the quotations found (for an answer streamed as
NDJSON the line is written once the last document is sent).  With LOG_FORMAT=json these are
fields of the JSON line (service/logs.py); the message reads the same in both formats.
"""
import json
import logging
import re
import time
import uuid

from flask import g, request

from service import logs

HEADER = "X-Request-ID"
# A client's id is kept only if it is short and plain, so that it is safe in logs and headers.
CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# What a client puts in the method or path is written escaped: no line break or control character
# can forge a log line.
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\]")
LOGGED_MAX_CHARS = 300

log = logging.getLogger("service.access")


def request_id_from(header_value):
    """The client's request id if it is acceptable, else a new one."""
    if header_value and CLIENT_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def loggable(value):
    """`value` with control characters (and backslashes) escaped, cut at LOGGED_MAX_CHARS."""
    value = UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)
    return value if len(value) <= LOGGED_MAX_CHARS else value[:LOGGED_MAX_CHARS] + "…"


def note_body(body):
    """The request's body as read and validated (service/api/body.py), for its line."""
    g.request_body = body


def document_chars(body):
    """Characters of the texts a body carries ({"text"} or {"documents": [{"text"}, ...]}), or None."""
    if not isinstance(body, dict) or not ("text" in body or "documents" in body):
        return None
    documents = body["documents"] if isinstance(body.get("documents"), list) else [body]
    return sum(len(d["text"]) for d in documents if isinstance(d, dict) and isinstance(d.get("text"), str))


def quotation_count(answer):
    """Quotations in an answer ({"quotes"}, or {"results"} of a batch), or None for another."""
    if not isinstance(answer, dict):
        return None
    if isinstance(answer.get("quotes"), list):
        return len(answer["quotes"])
    if isinstance(answer.get("results"), list):
        return sum(quotation_count(r) or 0 for r in answer["results"])
    return None


def counting_quotations(lines, fields):
    """The lines of a streamed NDJSON answer, passed on as they are, their quotations added up."""
    try:
        for line in lines:
            try:
                fields["quotes"] += quotation_count(json.loads(line)) or 0
            except ValueError:
                pass
            yield line
    finally:
        if hasattr(lines, "close"):
            lines.close()


def start_request():
    g.request_started = time.monotonic()
    g.request_id = request_id_from(request.headers.get(HEADER))


def write_line(fields, started):
    fields["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
    message = (f"{fields['method']} {fields['path']} {fields['status']} {fields['duration_ms']:.1f}ms "
               f"request_id={fields['request_id']}")
    if fields.get("chars") is not None:
        message += f" chars={fields['chars']}"
    if fields.get("quotes") is not None:
        message += f" quotes={fields['quotes']}"
    log.info(message, extra=fields)


def finish_request(response):
    request_id = g.get("request_id") or request_id_from(None)
    started = g.get("request_started", time.monotonic())
    response.headers[HEADER] = request_id
    fields = {"request_id": request_id, "method": loggable(request.method),
              "route": request.url_rule.rule if request.url_rule is not None else None,
              "path": loggable(request.path), "status": response.status_code}
    reads_documents = "request_body" in g
    if reads_documents:
        fields["chars"] = document_chars(g.request_body)
        fields["quotes"] = None
    answered = reads_documents and response.status_code < 400
    if answered and response.is_streamed:       # NDJSON: the line once the last document is sent
        fields["quotes"] = 0
        response.response = counting_quotations(response.response, fields)
        response.call_on_close(lambda: write_line(fields, started))
        return response
    if answered and response.is_json:
        fields["quotes"] = quotation_count(response.get_json(silent=True))
    write_line(fields, started)
    return response


def register_request_log(app):
    """The request lines, and the log output in the format the settings say (LOG_FORMAT)."""
    from .engine import EXTENSION

    logs.install(app.extensions[EXTENSION].settings.log_format)
    app.before_request(start_request)
    app.after_request(finish_request)


def configure_logging(level):
    """The service's log level (where its lines go, and in what form: `register_request_log`)."""
    logging.getLogger("service").setLevel(level)
