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
SIGHUP: a rolling reload (service/api/gunicorn_reload.py): this file and the
speaker list are read again, and the workers are replaced one at a time, each
new one loading its models before it accepts and an old one stopping (after
the requests it holds) once the new one serves.
Errors gunicorn answers itself are JSON, like the application's.
"""
import os
import sys

import gunicorn.http.wsgi

from service.api import gunicorn_errors, gunicorn_reload
from service.config import Settings, SettingsError, float_setting, int_setting
from service.logs import cannot_start_line, gunicorn_logconfig

try:
    settings = Settings.from_env()
    port = int_setting(os.environ, "PORT", 8000)
    workers = int_setting(os.environ, "WEB_CONCURRENCY", 2)
    threads = int_setting(os.environ, "WEB_THREADS", 16)
    drain_s = float_setting(os.environ, "QUOTES_DRAIN_S", 0.0, minimum=0.0)
    read_timeout_s = float_setting(os.environ, "QUOTES_READ_TIMEOUT", 10.0)
except SettingsError as exc:
    sys.exit(cannot_start_line(exc, os.environ))

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

# --- rolling reload (SIGHUP): one worker at a time, each new one serving before an old one stops ---
gunicorn_reload.install()


def pre_fork(server, worker):
    gunicorn_reload.board.reset(worker.age)


def post_fork(server, worker):
    _few_malloc_arenas()
    # other workers serve (a rolling reload, a worker replaced): load the models before accepting
    worker.wait_for_models = gunicorn_reload.others_serving(server)
    worker.drain_seconds = drain_s
    worker.read_timeout_s = read_timeout_s


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
    # the worker's state for the master's rolling reload: serving once the models are in
    threading.Thread(target=gunicorn_reload.watch_loading, args=(worker, engine), name="models-state",
                     daemon=True).start()


def on_starting(server):
    """/metrics across workers (prometheus_client's multiprocess mode): a fresh PROMETHEUS_MULTIPROC_DIR
    before the first worker starts (a temporary folder when unset, emptied when set)."""
    from service.metrics_store import prepare

    prepare()


def child_exit(server, worker):
    """A worker that exits: its live gauges leave /metrics, its counts stay."""
    from service.metrics_store import worker_exited

    worker_exited(worker.pid)
