"""Reading request bodies safely: size checked before reading (a chunked body as
it is read, 413 past the limit), content type, UTF-8, JSON syntax, then the
schema; each failure is a JSON 4xx error, a body that cannot be read included
(broken chunked framing or cut short: 400, not sent in time: 408)."""
import json

from flask import current_app, request
from flask_smorest import abort
from marshmallow import ValidationError

from .request_log import note_body

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain"
ACCEPTED_CHARSETS = ("utf-8", "utf8", "us-ascii")


def reject_oversized_body(max_bytes):
    """413 when the declared body size is over the limit; nothing is read.

    Bodies without a Content-Length (chunked) are capped while they are read (`raw_body`)."""
    length = request.content_length
    if length is not None and length > max_bytes:
        abort(413, message=f"the body has {length} bytes, over the limit of {max_bytes}")


def register_body_limit(app, max_bytes):
    """Bodies over `max_bytes` get 413: declared ones before reading, chunked ones while read."""
    app.config["MAX_CONTENT_LENGTH"] = max_bytes
    app.before_request(lambda: reject_oversized_body(max_bytes))


def check_charset():
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ACCEPTED_CHARSETS:
        abort(415, message=f"charset {charset!r} is not supported: send UTF-8")


READ_SIZE = 64 * 1024


def _read_capped(stream, max_bytes):
    """All of a stream of unknown length; 413 as soon as it holds more than `max_bytes`."""
    chunks, total = [], 0
    while True:
        chunk = stream.read(min(READ_SIZE, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            abort(413, message=f"the body is over the limit of {max_bytes} bytes")


def raw_body():
    """The body's bytes, read whole: a declared length was checked before (413), a chunked body is
    capped as it is read; 400 or 408 when it cannot be read."""
    from .gunicorn_errors import BODY_CUT_SHORT, MALFORMED_BODY, BodyReadTimeout

    try:
        if request.content_length is None and request.environ.get("wsgi.input_terminated"):
            return _read_capped(request.environ["wsgi.input"], current_app.config["MAX_CONTENT_LENGTH"])
        return request.get_data(cache=False)
    except MALFORMED_BODY as exc:
        abort(400, message=f"the chunked body is malformed: {' '.join(str(exc).split())[:100]}")
    except BODY_CUT_SHORT:
        abort(400, message="the body is shorter than announced")
    except BodyReadTimeout:
        abort(408, message="the body was not sent in time")


def body_text():
    """The raw body decoded as UTF-8 (400 when it is not UTF-8)."""
    raw = raw_body()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        abort(400, message=f"the body is not valid UTF-8 (byte {exc.start})")


def parse_json(text):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        abort(400, message=f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    except RecursionError:
        abort(400, message="invalid JSON: nested too deeply")


def _unencodable(value, path=()):
    """The path to the first string in `value` that no UTF-8 text can hold (a lone surrogate), or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _unencodable(item, (*path, key))
        if found is not None:
            return found
    return None


def validate(schema, data, location):
    """The data loaded by `schema` (422 when it does not match, or when a string it keeps holds a lone
    surrogate: it could not be echoed back as UTF-8); noted for the request's log line."""
    try:
        loaded = schema.load(data)
    except ValidationError as exc:
        abort(422, message="the request does not match its schema",
              errors={location: exc.normalized_messages()})
    bad = _unencodable(loaded)
    if bad is not None:
        errors = ["holds an invalid character (a lone surrogate)"]
        for key in reversed(bad):
            errors = {str(key): errors}
        abort(422, message="the request does not match its schema", errors={location: errors})
    note_body(loaded)
    return loaded


def read_json(schema):
    """The JSON body, validated by `schema` (415, 400 or 422 otherwise)."""
    if not request.is_json:          # application/json or application/*+json
        abort(415, message=f"send {JSON_TYPE}")
    check_charset()
    return validate(schema, parse_json(body_text()), "json")


def read_json_or_text(schema):
    """A JSON body validated by `schema`, or a text/plain body taken as `{"text": body}`."""
    if request.mimetype == TEXT_TYPE:
        check_charset()
        return validate(schema, {"text": body_text()}, "body")
    if not request.is_json:
        abort(415, message=f"send {JSON_TYPE} or {TEXT_TYPE}; charset=utf-8")
    return read_json(schema)
