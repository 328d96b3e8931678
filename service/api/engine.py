"""The service's handle on the quote engine: loads the models once per process,
remembers a loading failure (so /ready can say why), and runs extraction under
the processing time limit."""
import logging
import threading
import time
import uuid

from flask import current_app

from service import quotes
from service.nlp import ModelsUnavailable, get_pipeline

log = logging.getLogger(__name__)

LANGUAGE = "fr"
EXTENSION = "quotes_engine"     # the app's Engine, in app.extensions


def current_engine():
    """The Engine of the application handling the request."""
    return current_app.extensions[EXTENSION]


class SpeakerListUnavailable(RuntimeError):
    """The speaker list file cannot be read; the message says which and why."""


class Engine:
    """The models and speaker list of one application, and extraction with a deadline."""

    def __init__(self, settings):
        self.settings = settings
        self._pipeline = None
        self._failure = None
        self._loading = False
        self._lock = threading.Lock()

    def load(self):
        """Load the models (once); a failure is logged on one line and kept."""
        with self._lock:
            if self._pipeline is not None or self._failure is not None:
                return
            self._loading = True
            started = time.monotonic()
            try:
                self._pipeline = get_pipeline(self.settings)
                self.speaker_list()
            except (ModelsUnavailable, SpeakerListUnavailable) as exc:
                self._failure = str(exc)
            except Exception as exc:  # anything else that stops the loading: kept as the reason too
                self._failure = f"cannot load the models ({type(exc).__name__}: {' '.join(str(exc).split())})"
            finally:
                self._loading = False
            if self._failure is not None:
                log.error("not ready: %s", self._failure)
                return
            log.info("models ready in %.1fs", time.monotonic() - started)

    def not_ready_reason(self):
        """None when the engine can answer, else why not."""
        if self._failure is not None:
            return self._failure
        if self._pipeline is None:
            return "the models are loading" if self._loading else "the models are not loaded yet"
        return None

    def pipeline(self):
        self.load()
        if self._failure is not None:
            raise ModelsUnavailable(self._failure)
        return self._pipeline

    def speaker_list(self):
        try:
            return quotes.speaker_list(self.settings)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SpeakerListUnavailable(f"cannot read the speaker list "
                                         f"{self.settings.speakers_file}: {exc}") from exc

    def deadline(self):
        return time.monotonic() + self.settings.time_limit_s

    def answer(self, document):
        """The answer to one validated request: {"text", "id"?, "date"?} -> answer dict."""
        found = quotes.extract(document["text"], iso_date(document), pipeline=self.pipeline(),
                               deadline=self.deadline(), speakers=self.speaker_list())
        return build_answer(document, found)

    def answer_batch(self, documents):
        """Answers to several documents, parsed together, in the same order."""
        items = [(d["text"], iso_date(d)) for d in documents]
        found = quotes.extract_batch(items, pipeline=self.pipeline(), deadline=self.deadline(),
                                     speakers=self.speaker_list())
        return [build_answer(d, f) for d, f in zip(documents, found)]


def iso_date(document):
    date = document.get("date")
    return date.isoformat() if date is not None else None


def build_answer(document, found):
    return {"id": document.get("id") or uuid.uuid4().hex, "language": LANGUAGE,
            "quotes": [q.to_dict() for q in found],
            "speakers": [s.to_dict() for s in quotes.count_speakers(found)]}
