"""Gunicorn settings (Procfile: `gunicorn --config service/gunicorn.conf.py service.wsgi:app`).

Threaded workers with a buffering front (service/api/gunicorn_worker.py): a
request reaches a thread only once it has fully arrived, so slow clients hold
no thread, and /health and /ready are answered by one thread while another
runs an extraction (one at a time per worker: the Stanza pipeline is not
shared between threads).  Each worker loads the models once, right after it
boots, in a thread of its own (`post_worker_init`), so /health answers while
they load and /ready once they are in; a request that comes before gets 503
at once, and a loading that fails is tried again with back-off.  The app is
not preloaded in the master, so no torch state crosses a fork.

SIGTERM: /ready answers 503, the workers go on accepting for QUOTES_DRAIN_S
seconds, then serve what is in the listen backlog and in hand, and exit.
SIGHUP: new workers load their models before accepting; the old ones are
stopped only once the new ones are ready (or WORKER_READY_WAIT_S has passed).
Errors gunicorn answers itself are JSON, like the application's.
"""
import mmap
import os
import sys
import time

import gunicorn.arbiter
import gunicorn.http.wsgi

from service.api import gunicorn_errors
from service.config import Settings, SettingsError, float_setting, int_setting
from service.logs import gunicorn_logconfig

try:
    settings = Settings.from_env()
    port = int_setting(os.environ, "PORT", 8000)
    workers = int_setting(os.environ, "WEB_CONCURRENCY", 2)
    threads = int_setting(os.environ, "WEB_THREADS", 16)
    drain_s = float_setting(os.environ, "QUOTES_DRAIN_S", 0.0, minimum=0.0)
    read_timeout_s = float_setting(os.environ, "QUOTES_READ_TIMEOUT", 10.0)
except SettingsError as exc:
    sys.exit(f"citations: cannot start: {exc}")

bind = f"0.0.0.0:{port}"
worker_class = "service.api.gunicorn_worker.Worker"
# Requests waiting for the engine hold a thread each; LIGHT_THREADS stay free for the light requests.
LIGHT_THREADS = 4
worker_connections = 200
backlog = 512
preload_app = False
# Extraction stops at the processing time limit on its own; a worker whose event loop stops
# answering for this long is killed.
timeout = int(settings.time_limit_s) + 30
# On SIGTERM a worker drains, then finishes the requests in hand before it exits.
graceful_timeout = int(settings.time_limit_s + drain_s) + 10
keepalive = 5
# The application writes the access line itself (method, path, status, duration, request id).
accesslog = None
errorlog = "-"
loglevel = settings.log_level.lower()
# LOG_FORMAT=json: gunicorn's own lines as JSON too, like the application's ({}: gunicorn's usual ones)
logconfig_dict = gunicorn_logconfig(settings.log_format)
proc_name = "citations"
# No run-time control socket: nothing uses it, and two instances would share its path.
control_socket_disable = True

# The Server header names the service, not the server software and its version.
gunicorn.http.wsgi.SERVER = "citations"
gunicorn.http.wsgi.SERVER_SOFTWARE = "citations"
# gunicorn's own error answers (400, 414, 431, 500) in the service's JSON format.
gunicorn_errors.install()

# --- rolling reload (SIGHUP): old workers stop only once the new ones have their models ----------
WORKER_READY_WAIT_S = 180
SLOTS = 4096
# One byte per worker, by its spawn number, shared between the master and the workers it forks:
# set by a worker once its models have loaded or failed to.  Made once per master (this file is
# read again on SIGHUP), like the saved original of manage_workers.
Arbiter = gunicorn.arbiter.Arbiter
if not hasattr(Arbiter, "citations_settled"):
    Arbiter.citations_settled = mmap.mmap(-1, SLOTS)
    Arbiter.citations_manage_workers = Arbiter.manage_workers
_settled = Arbiter.citations_settled


def _manage_workers(arbiter):
    """gunicorn's manage_workers, holding the old workers while the newest still load (called by
    reload(), which waits here, then for the old workers to exit)."""
    give_up = time.monotonic() + WORKER_READY_WAIT_S
    while len(arbiter.WORKERS) > arbiter.num_workers and time.monotonic() < give_up:
        newest = sorted(arbiter.WORKERS.values(), key=lambda w: w.age)[-arbiter.num_workers:]
        if all(_settled[w.age % SLOTS] for w in newest):
            break
        arbiter.reap_workers()
        time.sleep(0.1)
    Arbiter.citations_manage_workers(arbiter)


Arbiter.manage_workers = _manage_workers


def post_fork(server, worker):
    _few_malloc_arenas()
    # workers still serving beside this one (a reload): load the models before accepting
    worker.wait_for_models = len(server.WORKERS) >= server.num_workers
    worker.drain_seconds = drain_s
    worker.read_timeout_s = read_timeout_s
    worker.settled_slot = worker.age % SLOTS
    _settled[worker.settled_slot] = 0


def _few_malloc_arenas(arenas=2):
    """glibc gives each thread that allocates its own arena, and keeps what is freed in it: with the
    extraction running on one pool thread then another, a worker's memory would creep up."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)      # M_ARENA_MAX
    except (OSError, AttributeError):     # not glibc
        pass


def post_worker_init(worker):
    import threading

    from service.api.engine import EXTENSION, load_in_background

    engine = worker.wsgi.extensions[EXTENSION]
    # requests waiting for the engine hold a thread each: beyond this many, 503 (Retry-After: 1), so
    # that threads stay free for /health, /ready and the light requests
    engine.max_waiting = max(threads - LIGHT_THREADS, 1)
    load_in_background(worker.wsgi)

    def mark_settled():
        while not engine.settled:
            time.sleep(0.1)
        _settled[worker.settled_slot] = 1

    threading.Thread(target=mark_settled, name="models-settled", daemon=True).start()


def on_starting(server):
    """/metrics across workers (prometheus_client's multiprocess mode): a fresh PROMETHEUS_MULTIPROC_DIR
    before the first worker starts (a temporary folder when unset, emptied when set)."""
    from service.metrics_store import prepare

    prepare()


def child_exit(server, worker):
    """A worker that exits: its live gauges leave /metrics, its counts stay."""
    from service.metrics_store import worker_exited

    worker_exited(worker.pid)
