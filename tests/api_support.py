"""Helpers for the API and serving tests: the app on the real pipeline, checks on
error answers, and the real gunicorn started from the Procfile's command."""
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SHORT_ARTICLE = "« Nous restons ouverts au dialogue », a déclaré Dmitri Peskov jeudi."
ERROR_KEYS = {"code", "status", "message", "errors"}


def make_app(**overrides):
    """The real application with the process's settings, some overridden; models loaded."""
    from service import create_app, warm_up
    from service.config import Settings

    app = create_app(replace(Settings.from_env(), **overrides))
    warm_up(app)
    return app


def assert_json_error(response, status):
    """The answer is flask-smorest's JSON error format with this status, and no stack trace."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) <= ERROR_KEYS
    assert body["code"] == status
    assert isinstance(body["status"], str) and body["status"]
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def assert_serves_quotes(client):
    """A good request right after: the service still answers."""
    response = client.post("/quotes", json={"text": SHORT_ARTICLE})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert isinstance(response.get_json()["quotes"], list)


def uses_project_models(settings):
    """True when the trained models are in use (quote quality can then be checked)."""
    return settings.models_dir.resolve() == (ROOT / "models" / "fr").resolve()


def richest_seed(seed_texts, pipeline):
    """The seed article in which the engine finds the most quotes."""
    from service.quotes import extract

    counts = {name: len(extract(text, pipeline=pipeline)) for name, text in seed_texts.items()}
    return seed_texts[max(counts, key=counts.get)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_command(process="web"):
    """The Procfile's command for `process`, with gunicorn taken from this Python's folder."""
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process:
            args = shlex.split(command)
            args[0] = str(Path(sys.executable).parent / args[0])
            return args
    raise AssertionError(f"no {process!r} process in the Procfile")


class Gunicorn:
    """The real server, started from the Procfile on a free port; stderr goes to a file."""

    def __init__(self, log_path, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        self.env = {**os.environ, "PORT": str(self.port), "WEB_CONCURRENCY": "1",
                    "PYTHONPATH": str(ROOT), **env}
        self.process = None

    def start(self):
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(procfile_command(), cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        return self

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, path, statuses=(200,), timeout=120):
        """Poll `path` until it answers with one of `statuses`; returns the answer."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log()}"
            try:
                response = requests.get(self.url + path, timeout=5)
                if response.status_code in statuses:
                    return response
            except requests.RequestException:   # not listening yet, or still loading the models
                pass
            time.sleep(0.25)
        raise AssertionError(f"{path} did not answer {statuses} in {timeout}s:\n{self.log()}")

    def settled_ready(self, timeout=120):
        """/ready once the models have loaded or failed to (not while they are loading)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = self.wait_for("/ready", statuses=(200, 503), timeout=timeout)
            if answer.status_code == 200 or "loading" not in answer.json().get("message", ""):
                return answer
            time.sleep(0.25)
        raise AssertionError(f"the models were still loading after {timeout}s:\n{self.log()}")

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)

    def hang_up(self):
        self.process.send_signal(signal.SIGHUP)

    def booted_workers(self):
        """The pids of the workers started so far, in the order they were."""
        return [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", self.log())]

    def exited_workers(self):
        return {int(pid) for pid in re.findall(r"Worker exiting \(pid: (\d+)\)", self.log())}

    def wait_for_log(self, text, count=1, timeout=120):
        """Wait until the log holds `text` `count` times."""
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log()}"
            assert time.monotonic() < deadline, f"no {text!r} x{count} in the log after {timeout}s:\n{self.log()}"
            time.sleep(0.2)

    def stop(self, timeout=90):
        if self.process.poll() is None:
            self.terminate()
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
