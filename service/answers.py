"""The answer to one article as `POST /quotes` gives it, built from the engine's quotes.

Plain dicts and no web framework: the API (service.api.engine) and the archive
runner (service.batch) build their answers here, so both give the same fields.
"""
import uuid

from service.quotes import count_speakers

LANGUAGE = "fr"


def iso_date(document):
    """The document's `date` (a datetime.date or None) as YYYY-MM-DD, or None."""
    date = document.get("date")
    return date.isoformat() if date is not None else None


def too_long_message(text, max_chars):
    """Why a text over the length limit is refused, or None."""
    if len(text) > max_chars:
        return f"the text has {len(text)} characters, over the limit of {max_chars}"
    return None


def build_answer(document, found):
    """{"id", "language", "quotes", "speakers"} of a document and the quotes found in it."""
    return {"id": document.get("id") or uuid.uuid4().hex, "language": LANGUAGE,
            "quotes": [q.to_dict() for q in found],
            "speakers": [s.to_dict() for s in count_speakers(found)]}
