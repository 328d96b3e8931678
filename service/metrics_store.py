"""Where the workers' Prometheus metrics live when gunicorn runs several of them.

prometheus_client's multiprocess mode: each worker writes its counts to files in
PROMETHEUS_MULTIPROC_DIR and GET /metrics, in whichever worker answers, adds up
the files of all of them.  The gunicorn master prepares the folder before the
first worker starts (`on_starting`) and marks each worker that exits
(`child_exit`), so that its gauges leave the answer while its counts stay.

This module is imported by the master: it must not import prometheus_client
before the folder is set (the library picks its mode when it is first
imported, and the workers inherit the master's modules), nor torch.
"""
import atexit
import os
import shutil
import tempfile
from pathlib import Path

ENV = "PROMETHEUS_MULTIPROC_DIR"
PREFIX = "citations-metrics-"


def folder():
    """The multiprocess folder in use, or None (one process: metrics in memory)."""
    return os.environ.get(ENV) or os.environ.get(ENV.lower()) or None


def _remove(owner_pid, path):
    # The workers inherit this exit handler: only the process that made the folder removes it.
    if os.getpid() == owner_pid:
        shutil.rmtree(path, ignore_errors=True)


def prepare():
    """In the gunicorn master, before any worker: a fresh folder for the metrics files.

    PROMETHEUS_MULTIPROC_DIR when set (created if missing; the files of an earlier run are
    removed), else a new temporary folder, removed when the master exits."""
    path = folder()
    if path is None:
        path = tempfile.mkdtemp(prefix=PREFIX)
        os.environ[ENV] = path
        atexit.register(_remove, os.getpid(), path)
        return path
    os.makedirs(path, exist_ok=True)
    for stale in Path(path).glob("*.db"):
        stale.unlink(missing_ok=True)
    return path


def worker_exited(pid):
    """In the gunicorn master, when a worker exits: its live gauges are dropped."""
    path = folder()
    if path is None:
        return
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid, path)
