"""The processing time limit, held whatever the engine is doing.

The engine looks at its deadline between its steps (reading, each parse batch,
reading the parse) and raises ProcessingTimeout itself.  A step that runs on
past the deadline without looking (a long stretch of Python over a hostile
text) is stopped from outside: a watchdog thread raises ProcessingTimeout in
the request's thread (CPython's PyThreadState_SetAsyncExc) GRACE_S after the
deadline, once.  The exception lands at the thread's next check point (a call,
a loop's jump back): a single call into C (one torch operation) finishes first,
which bounds how late the answer can come.

Only the extraction itself is guarded (`with time_limit(deadline): ...`).  One
fired but not yet raised when the block is left is raised and caught there, so
none escapes it.  It is never cleared from outside: clearing a pending one with
NULL leaves the interpreter's check-for-pending flag set for that thread, and
every later instruction it runs then pays for the check (with a tracer on,
hundreds of times slower).
"""
import ctypes
import threading
import time

from service.quotes.model import ProcessingTimeout

GRACE_S = 0.25      # the engine's own checks get this long to stop it first

_set_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi))


class _Guarded:
    __slots__ = ("thread_id", "fire_at", "fired")

    def __init__(self, thread_id, fire_at):
        self.thread_id = thread_id
        self.fire_at = fire_at
        self.fired = False


class _Watchdog:
    """One thread per process that stops the guarded blocks run past their deadline."""

    def __init__(self):
        self._guarded = set()
        self._wake = threading.Condition(threading.Lock())
        self._thread = None
        self._pid = None

    def arm(self, deadline):
        entry = _Guarded(threading.get_ident(), deadline + GRACE_S)
        with self._wake:
            self._ensure_thread()
            self._guarded.add(entry)
            self._wake.notify()
        return entry

    def disarm(self, entry):
        """No more firing for this entry; returns whether it fired (its exception may still be pending)."""
        with self._wake:
            self._guarded.discard(entry)
            return entry.fired

    def _ensure_thread(self):
        import os

        if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="time-limit", daemon=True)
            self._thread.start()

    def _run(self):
        with self._wake:
            while True:
                now = time.monotonic()
                for entry in [e for e in self._guarded if now >= e.fire_at]:
                    _set_async_exc(entry.thread_id, ProcessingTimeout)
                    entry.fired = True
                    self._guarded.discard(entry)      # once: the thread will raise it
                wait = min((e.fire_at for e in self._guarded), default=now + 60) - now
                self._wake.wait(timeout=max(wait, 0.01))


_watchdog = _Watchdog()


class time_limit:
    """`with time_limit(deadline):` ProcessingTimeout in this thread once time.monotonic() passes
    `deadline` (plus GRACE_S); None: no limit."""

    def __init__(self, deadline):
        self.deadline = deadline
        self._entry = None

    def __enter__(self):
        if self.deadline is not None:
            self._entry = _watchdog.arm(self.deadline)
        return self

    def __exit__(self, *exc):
        if self._entry is not None:
            _leave(self._entry)
        return False


def _leave(entry):
    """Disarm, and raise here (and catch) an exception fired for this block but not raised yet."""
    left = False
    while not left:
        try:
            if _watchdog.disarm(entry):
                _raise_pending()
            left = True
        except ProcessingTimeout:
            pass


def _raise_pending():
    """A few loop jumps: a pending asynchronous exception is raised at one of them."""
    try:
        for _ in range(4):
            pass
    except ProcessingTimeout:
        pass
