"""Reading request bodies safely: size checked before reading, content type,
UTF-8, JSON syntax, then the schema; each failure is a JSON 4xx error."""
import json

from flask import request
from flask_smorest import abort
from marshmallow import ValidationError

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain"
ACCEPTED_CHARSETS = ("utf-8", "utf8", "us-ascii")


def reject_oversized_body(max_bytes):
    """413 when the declared body size is over the limit; nothing is read.

    Bodies without a Content-Length (chunked) are capped while they are read, by
    Flask's MAX_CONTENT_LENGTH."""
    length = request.content_length
    if length is not None and length > max_bytes:
        abort(413, message=f"the body has {length} bytes, over the limit of {max_bytes}")


def register_body_limit(app, max_bytes):
    """Bodies over `max_bytes` get 413: declared ones before reading, chunked ones while read."""
    app.config["MAX_CONTENT_LENGTH"] = max_bytes
    app.before_request(lambda: reject_oversized_body(max_bytes))


def is_json_type(mimetype):
    return mimetype == JSON_TYPE or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def check_charset():
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ACCEPTED_CHARSETS:
        abort(415, message=f"charset {charset!r} is not supported: send UTF-8")


def body_text():
    """The raw body decoded as UTF-8 (400 when it is not UTF-8)."""
    raw = request.get_data(cache=False)
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


def validate(schema, data, location):
    try:
        return schema.load(data)
    except ValidationError as exc:
        abort(422, message="the request does not match its schema",
              errors={location: exc.normalized_messages()})


def read_json(schema):
    """The JSON body, validated by `schema` (415, 400 or 422 otherwise)."""
    if not is_json_type(request.mimetype):
        abort(415, message=f"send {JSON_TYPE}")
    check_charset()
    return validate(schema, parse_json(body_text()), "json")


def read_json_or_text(schema):
    """A JSON body validated by `schema`, or a text/plain body taken as `{"text": body}`."""
    if request.mimetype == TEXT_TYPE:
        check_charset()
        return validate(schema, {"text": body_text()}, "body")
    if not is_json_type(request.mimetype):
        abort(415, message=f"send {JSON_TYPE} or {TEXT_TYPE}; charset=utf-8")
    return read_json(schema)
