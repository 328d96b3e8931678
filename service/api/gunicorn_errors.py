"""Errors that gunicorn answers itself, before or around the application (a bad
request line, headers too large, a URI too long, a worker stopped mid-request),
in the service's JSON error format with its security headers, like every
other error; and the errors of reading a body through gunicorn, which the
application maps to 4xx (see body.py).

`install()` (service/gunicorn.conf.py calls it) replaces `gunicorn.util.write_error`,
which every gunicorn worker uses for those answers.
"""
import json
import re
import uuid
from http import HTTPStatus

import gunicorn.util
from gunicorn.http.errors import ChunkMissingTerminator, InvalidChunkExtension, InvalidChunkSize, NoMoreData

from .headers import SECURITY_HEADERS

SERVER = "citations"
MESSAGE_MAX_CHARS = 200
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BodyReadTimeout(Exception):
    """The client did not send its request (headers or body) within the read time limit."""


# a body that cannot be read: its chunked framing is broken, or the client stopped sending it
MALFORMED_BODY = (InvalidChunkSize, ChunkMissingTerminator, InvalidChunkExtension)
BODY_CUT_SHORT = (NoMoreData,)


def json_error(status_int, reason=None, message=None, extra_headers=()):
    """The bytes of a complete HTTP/1.1 JSON error answer; the connection is closed after it."""
    try:
        phrase = HTTPStatus(status_int).phrase
    except ValueError:
        phrase = reason or "Error"
    message = CONTROL.sub(" ", message or "")[:MESSAGE_MAX_CHARS].strip() or \
        ("internal error (logged)" if status_int >= 500 else phrase)
    body = json.dumps({"code": status_int, "status": phrase, "message": message}).encode("utf-8")
    headers = [("Server", SERVER), ("Connection", "close"), ("Content-Type", "application/json"),
               ("Content-Length", str(len(body))), ("X-Request-ID", uuid.uuid4().hex),
               *SECURITY_HEADERS.items(), *extra_headers]
    head = f"HTTP/1.1 {status_int} {phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1") + body


def write_json_error(sock, status_int, reason, mesg):
    """gunicorn.util.write_error, answering JSON."""
    gunicorn.util.write_nonblock(sock, json_error(status_int, reason, mesg))


def install():
    gunicorn.util.write_error = write_json_error
