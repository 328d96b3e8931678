"""One log line per request (method, path, status, duration, request id), and the
request id echoed in the `X-Request-ID` answer header."""
import logging
import re
import time
import uuid

from flask import g, request

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


def start_request():
    g.request_started = time.monotonic()
    g.request_id = request_id_from(request.headers.get(HEADER))


def finish_request(response):
    request_id = g.get("request_id") or request_id_from(None)
    started = g.get("request_started", time.monotonic())
    response.headers[HEADER] = request_id
    log.info("%s %s %d %.1fms request_id=%s", loggable(request.method), loggable(request.path),
             response.status_code, (time.monotonic() - started) * 1000, request_id)
    return response


def register_request_log(app):
    app.before_request(start_request)
    app.after_request(finish_request)


def configure_logging(level):
    """Log to stderr with timestamps, unless the host program has set logging up."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("service").setLevel(level)
