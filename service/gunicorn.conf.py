"""Gunicorn settings (Procfile: `gunicorn --config service/gunicorn.conf.py service.wsgi:app`).

Sync workers, one request at a time each: the Stanza pipeline is not shared
between threads.  Each worker loads the models once, right after it boots, in a
thread of its own (`post_worker_init`), so /health answers while they load and
/ready once they are in; the app is not preloaded in the master, so no torch
state crosses a fork.
"""
import os
import sys

import gunicorn.http.wsgi

from service.config import Settings, SettingsError, int_setting

try:
    settings = Settings.from_env()
    port = int_setting(os.environ, "PORT", 8000)
    workers = int_setting(os.environ, "WEB_CONCURRENCY", 2)
except SettingsError as exc:
    sys.exit(f"citations: cannot start: {exc}")

bind = f"0.0.0.0:{port}"
worker_class = "sync"
preload_app = False
# A request may run for the processing time limit; the worker is killed only well past it.
timeout = int(settings.time_limit_s) + 30
# On SIGTERM a worker finishes the request in hand before it exits.
graceful_timeout = int(settings.time_limit_s) + 10
keepalive = 5
# The application writes the access line itself (method, path, status, duration, request id).
accesslog = None
errorlog = "-"
loglevel = settings.log_level.lower()
proc_name = "citations"
# No run-time control socket: nothing uses it, and two instances would share its path.
control_socket_disable = True

# The Server header names the service, not the server software and its version.
gunicorn.http.wsgi.SERVER = "citations"
gunicorn.http.wsgi.SERVER_SOFTWARE = "citations"


def post_worker_init(worker):
    from service import warm_up

    warm_up(worker.wsgi, background=True)
