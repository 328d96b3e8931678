"""The service's handle on the quote engine: loads the models once per process,
remembers a loading failure (so /ready can say why), and runs extraction under
the processing time limit."""
import logging
import threading
import time
from contextlib import contextmanager

from flask import current_app

from service import quotes
from service.answers import LANGUAGE, build_answer, iso_date  # noqa: F401 (LANGUAGE: re-exported)
from service.nlp import ModelsUnavailable, get_pipeline

from .time_limit import time_limit

log = logging.getLogger(__name__)

EXTENSION = "quotes_engine"     # the app's Engine, in app.extensions


def current_engine():
    """The Engine of the application handling the request."""
    return current_app.extensions[EXTENSION]


class SpeakerListUnavailable(RuntimeError):
    """The speaker list file cannot be read; the message says which and why."""


class EngineBusy(RuntimeError):
    """Too many requests are already waiting for this process's engine; the message says so."""


RETRY_FIRST_S = 5.0         # a failed loading is tried again after this long, then twice as long each time
RETRY_MAX_S = 300.0


class Engine:
    """The models and speaker list of one application, and extraction with a deadline.

    One extraction runs at a time per process (the Stanza pipeline is not shared between threads):
    the others wait their turn, at most `max_waiting` of them and each at most the time limit; the
    time limit counts from the turn.  While the models load, a request is refused at once (503)
    rather than left waiting; a loading that failed is tried again with back-off
    (`load_with_retries`), and /ready says why and when."""

    def __init__(self, settings, max_waiting=None, on_loaded=None):
        self.settings = settings
        self.max_waiting = max_waiting
        self.on_loaded = on_loaded      # on_loaded(seconds): called once the models are in
        self.draining = False           # set when the process is stopping: /ready answers 503
        self._pipeline = None
        self._failure = None
        self._loading = False
        self._attempts = 0
        self._retry_at = None
        self._lock = threading.Lock()
        self._turn = threading.Lock()
        self._waiting = 0
        self._waiting_lock = threading.Lock()

    def load(self):
        """Load the models (once); a failure is logged on one line and kept."""
        with self._lock:
            if self._pipeline is not None or self._failure is not None:
                return
            self._loading = True
            self._attempts += 1
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
                if self._attempts == 1:
                    log.error("not ready: %s", self._failure)
                else:
                    log.error("still not ready after %d attempts: %s", self._attempts, self._failure)
                return
            seconds = time.monotonic() - started
            log.info("models ready in %.1fs", seconds)
        if self.on_loaded is not None:
            self.on_loaded(seconds)

    def load_with_retries(self, stop=None, first_wait_s=RETRY_FIRST_S, max_wait_s=RETRY_MAX_S):
        """Load the models; after a failure, try again after `first_wait_s`, doubling up to
        `max_wait_s`, until they load or `stop` (a threading.Event) is set."""
        stop = stop or threading.Event()
        wait = first_wait_s
        self.load()
        while self._failure is not None and not stop.is_set():
            self._retry_at = time.monotonic() + wait
            if stop.wait(wait):
                break
            with self._lock:
                self._failure, self._retry_at = None, None
                self._loading = True      # between clearing and loading, /ready still says loading
            self.load()
            wait = min(wait * 2, max_wait_s)

    @property
    def settled(self):
        """The first loading is over, whether the models are in or not."""
        return not self._loading and (self._pipeline is not None or self._failure is not None)

    def not_ready_reason(self):
        """None when the engine can answer, else why not."""
        if self.draining:
            return "the service is stopping"
        if self._failure is not None:
            if self._retry_at is not None:
                return (f"{self._failure} (attempt {self._attempts}; next attempt in "
                        f"{max(self._retry_at - time.monotonic(), 0):.0f} s)")
            return self._failure
        if self._pipeline is None:
            return "the models are loading" if self._loading else "the models are not loaded yet"
        return None

    def pipeline(self):
        if self._pipeline is not None:
            return self._pipeline
        if self._loading:
            raise ModelsUnavailable("the models are loading")
        self.load()
        if self._failure is not None:
            raise ModelsUnavailable(self.not_ready_reason())
        return self._pipeline

    def speaker_list(self):
        try:
            return quotes.speaker_list(self.settings)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SpeakerListUnavailable(f"cannot read the speaker list "
                                         f"{self.settings.speakers_file}: {exc}") from exc

    def deadline(self):
        return time.monotonic() + self.settings.time_limit_s

    @contextmanager
    def turn(self):
        """This process's engine, for one extraction at a time; yields the extraction's deadline."""
        pipeline = self.pipeline()
        with self._waiting_lock:
            if self.max_waiting is not None and self._waiting >= self.max_waiting:
                raise EngineBusy(f"{self._waiting} requests are already waiting for this worker; "
                                 "try again shortly")
            self._waiting += 1
        try:
            if not self._turn.acquire(timeout=self.settings.time_limit_s):
                raise EngineBusy("the requests before this one took the whole time limit; try again shortly")
        finally:
            with self._waiting_lock:
                self._waiting -= 1
        try:
            deadline = self.deadline()
            with time_limit(deadline):
                yield pipeline, deadline
        finally:
            self._turn.release()

    def answer(self, document):
        """The answer to one validated request: {"text", "id"?, "date"?} -> answer dict."""
        speakers = self.speaker_list()
        try:
            with self.turn() as (pipeline, deadline):
                found = quotes.extract(document["text"], iso_date(document), pipeline=pipeline,
                                       deadline=deadline, speakers=speakers)
        finally:
            release_memory_after(len(document["text"]))
        return build_answer(document, found)

    def answer_batch(self, documents):
        """Answers to several documents, parsed together, in the same order."""
        items = [(d["text"], iso_date(d)) for d in documents]
        speakers = self.speaker_list()
        try:
            with self.turn() as (pipeline, deadline):
                found = quotes.extract_batch(items, pipeline=pipeline, deadline=deadline, speakers=speakers)
        finally:
            release_memory_after(sum(len(text) for text, _ in items))
        return [build_answer(d, f) for d, f in zip(documents, found)]


RELEASE_AFTER_CHARS = 20_000


def release_memory_after(chars):
    """After a long text, hand the memory its parse freed back to the system (glibc keeps it in its
    arenas otherwise, and a worker's RSS stays at its highest)."""
    if chars < RELEASE_AFTER_CHARS:
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):     # not glibc
        pass


def load_in_background(app):
    """Load the app's models in a thread of their own, trying again with back-off after a failure
    (gunicorn does this in each worker: /health answers at once, /ready once the models are in,
    and a request that comes before gets 503 at once).  Returns the thread."""
    from service.nlp.pipeline import set_torch_threads

    engine = app.extensions[EXTENSION]
    set_torch_threads(engine.settings)     # here too: the requests run in this thread, not the loader's
    engine._loading = True                 # from now on, a request is told to come back (503)
    loader = threading.Thread(target=engine.load_with_retries, name="load-models", daemon=True)
    loader.start()
    return loader
