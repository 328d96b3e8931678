"""One document of an archive: the checks POST /quotes makes on it, and its answer line.

A document that cannot be processed keeps its reason as an error {code, message};
the code is the HTTP status POST /quotes would answer for the same input (400 not
UTF-8 or not JSON, 413 too long, 422 missing, empty or bad field or a text clearly not
French, 500 engine failure, 503 time limit). As with the API, a record with
`"language": "fr"` is read as French whatever it seems to be.
"""
import datetime
import re
from dataclasses import dataclass, field
from typing import Optional

from service.answers import LANGUAGE, build_answer, too_long_message

NOT_READABLE = 400
TOO_LONG = 413
INVALID = 422
ENGINE_FAILED = 500
TIMED_OUT = 503
ID_MAX_CHARS = 200                 # as ArticleRequestSchema's id
DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Document:
    """An article as read from the input; `error` is set when it cannot be processed."""

    id: str
    text: Optional[str] = None
    date: Optional[str] = None                   # YYYY-MM-DD
    metadata: dict = field(default_factory=dict)
    error: Optional[dict] = None
    forced_language: Optional[str] = None        # the record's "language" ("fr": read as French)
    language: str = LANGUAGE                     # what the answer reports


def error(code, message):
    return {"code": code, "message": message}


def iso_date(value):
    """A date field as YYYY-MM-DD (None when absent); ValueError when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and DATE_FORM.fullmatch(value.strip()):
        return datetime.date.fromisoformat(value.strip()).isoformat()
    raise ValueError(f"date is not a date in the form YYYY-MM-DD: {value!r}")


def text_error(text, max_chars):
    """Why POST /quotes would refuse this text, as an error, or None."""
    if text is None:
        return error(INVALID, "text is missing")
    if not isinstance(text, str):
        return error(INVALID, f"text is not a string ({type(text).__name__})")
    if not text.replace("\ufeff", "").strip():
        return error(INVALID, "text is empty")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return error(INVALID, f"text holds an invalid character at {exc.start}")
    too_long = too_long_message(text, max_chars)
    return error(TOO_LONG, too_long) if too_long else None


def from_record(record, fallback_id, date_field="date"):
    """A Document from a JSON, CSV or Parquet record {"id", "text", date_field?, ...}: the
    other fields are kept as metadata; a record with no id gets `fallback_id` (its place)."""
    if not isinstance(record, dict):
        return Document(id=fallback_id, error=error(INVALID, "the record is not a JSON object"))
    raw_id = record.get("id")
    ident = fallback_id if raw_id is None or raw_id == "" else str(raw_id)
    metadata = {k: v for k, v in record.items() if k not in ("id", "text", "language", date_field)}
    document = Document(id=ident, text=record.get("text"), metadata=metadata,
                        forced_language=record.get("language"))
    if len(ident) > ID_MAX_CHARS:
        document.error = error(INVALID, f"id has {len(ident)} characters, over {ID_MAX_CHARS}")
        return document
    try:
        document.date = iso_date(record.get(date_field))
    except ValueError as exc:
        document.error = error(INVALID, str(exc))
    return document


def from_bytes(ident, raw):
    """A Document from the bytes of a text file (an error when they are not UTF-8)."""
    try:
        return Document(id=ident, text=raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Document(id=ident, error=error(NOT_READABLE, f"not UTF-8 text (byte {exc.start})"))


def language_checked(document):
    """The document read as POST /quotes reads it: a text clearly in another language is
    refused unless the record asks for French, and then the answer reports that language."""
    from service import language

    code, detection = language.language_read_in(document.text, document.forced_language)
    if code is None:
        document.error = error(INVALID, language.not_french_message(detection, 'give the record "language": "fr"'))
    else:
        document.language = code
    return document


def checked(document, max_chars):
    """The document with `error` set when POST /quotes would refuse it."""
    if document.error is None:
        document.error = text_error(document.text, max_chars)
    if document.error is None:
        language_checked(document)
    return document


def answer_line(document, found=None):
    """The output record of a document: POST /quotes's answer (id, language, quotes,
    speakers), or {id, error} as POST /quotes/batch gives a document it cannot answer;
    then `metadata` when the input had other fields."""
    if document.error is None:
        line = build_answer({"id": document.id}, found or [])
        line["language"] = document.language
    else:
        line = {"id": document.id, "error": document.error}
    if document.metadata:
        line["metadata"] = document.metadata
    return line
