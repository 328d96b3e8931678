"""HTTP load on a real gunicorn: start it as the Procfile does, drive it with clients, watch its workers.

The server is started from the Procfile's `web:` command (environment variables
expanded, bound to 127.0.0.1 on a free port), so what is measured is what is
deployed.  Clients are a bounded pool of threads, each with its own connection
pool, that send requests until a deadline or a request budget is reached and
time every request with `perf_counter`.  Worker memory is read from
/proc/<pid>/status (VmRSS now, VmHWM peak).
"""
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PROCFILE = ROOT / "Procfile"
HOST = "127.0.0.1"
QUOTES_PATH = "/quotes"
READY_PATH = "/ready"
REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_TIMEOUT_S = 120.0
_ENV_REFERENCE = re.compile(r"\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)")


# --- the server ------------------------------------------------------------

def procfile_command(process="web", path=PROCFILE):
    """The command line of one process type of the Procfile, as written."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path} not found")
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process and command.strip():
            return command.strip()
    raise ValueError(f"{path} has no `{process}:` line")


def expand_variables(command, env):
    """Expand $VAR, ${VAR} and ${VAR:-default} as a shell would."""
    def value(match):
        name = match.group(1) or match.group(3)
        default = match.group(2) if match.group(2) is not None else ""
        return env.get(name) or default
    return _ENV_REFERENCE.sub(value, command)


def _without_bind(argv):
    """argv with every -b/--bind option removed (the bind is set by the benchmark)."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("-b", "--bind"):
            skip = True
        elif not (arg.startswith("--bind=") or (arg.startswith("-b") and not arg.startswith("--"))):
            kept.append(arg)
    return kept


def server_argv(env, port):
    """The Procfile's web command as an argv for this venv, bound to 127.0.0.1:<port>."""
    argv = shlex.split(expand_variables(procfile_command(), env))
    if argv and argv[0] == "exec":
        argv = argv[1:]
    if argv and argv[0] == "gunicorn":
        local = Path(sys.executable).parent / "gunicorn"
        argv[0] = str(local) if local.exists() else "gunicorn"
    return _without_bind(argv) + ["--bind", f"{HOST}:{port}"]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(workers, port, extra=None):
    """The environment of the server: ours, with its worker count, port and no API keys."""
    env = dict(os.environ)
    env.pop("QUOTES_API_KEYS", None)
    env.update({"WEB_CONCURRENCY": str(workers), "PORT": str(port), "PYTHONPATH": str(ROOT)})
    env.update(extra or {})
    return env


def resolved_config(argv, env):
    """gunicorn's own view of its settings (`--print-config`), as {name: text}."""
    out = subprocess.run(argv + ["--print-config"], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    settings = {}
    for line in out.stdout.splitlines():
        name, sep, value = line.partition("=")
        if sep and re.fullmatch(r"\w+", name.strip()):
            settings[name.strip()] = value.strip()
    return settings


def proc_status(pid):
    """Selected fields of /proc/<pid>/status, in KiB for memory."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM", "PPid"):
                    fields[name] = int(value.split()[0])
    except (OSError, ValueError):
        return None
    return fields


def children(pid):
    """The direct children of a process (gunicorn's workers, for the master)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="utf-8") as listing:
            return sorted(int(x) for x in listing.read().split())
    except OSError:
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (proc_status(entry) or {}).get("PPid") == pid:
                found.append(int(entry))
        return sorted(found)


class Gunicorn:
    """A gunicorn started from the Procfile, for the length of a `with` block."""

    def __init__(self, workers=2, extra_env=None, ready_timeout_s=300):
        self.workers = workers
        self.port = free_port()
        self.env = server_env(workers, self.port, extra_env)
        self.argv = server_argv(self.env, self.port)
        self.ready_timeout_s = ready_timeout_s
        self.base_url = f"http://{HOST}:{self.port}"
        self.config = {}
        self.process = None
        self.log = None

    def __enter__(self):
        self.config = resolved_config(self.argv, self.env)
        self.log = tempfile.NamedTemporaryFile(prefix="citations-gunicorn-", suffix=".log", delete=False)
        self.process = subprocess.Popen(self.argv, env=self.env, cwd=ROOT, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    @property
    def pid(self):
        return self.process.pid

    def worker_pids(self):
        return children(self.pid)

    def worker_memory(self):
        """{pid: {"rss_mib", "peak_rss_mib"}} of every worker now."""
        memory = {}
        for pid in self.worker_pids():
            status = proc_status(pid)
            if status and "VmRSS" in status:
                memory[pid] = {"rss_mib": round(status["VmRSS"] / 1024, 1),
                               "peak_rss_mib": round(status.get("VmHWM", 0) / 1024, 1)}
        return memory

    def log_tail(self, lines=30):
        try:
            return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])
        except (OSError, AttributeError):
            return ""

    def _answers_ready(self):
        try:
            return requests.get(self.base_url + READY_PATH, timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def _workers_settled(self, previous):
        """Every worker is up and its memory did not move since the last look (models loaded)."""
        memory = {pid: m["rss_mib"] for pid, m in self.worker_memory().items()}
        settled = (len(memory) >= self.workers and memory.keys() == previous.keys()
                   and all(abs(memory[p] - previous[p]) <= 0.01 * previous[p] for p in memory))
        return settled, memory

    def _wait_ready(self):
        """Wait until /ready answers and every worker has loaded its models."""
        deadline = time.monotonic() + self.ready_timeout_s
        memory, steady = {}, 0
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            settled, memory = self._workers_settled(memory)
            steady = steady + 1 if settled else 0
            if steady >= 3 and self._answers_ready():
                return
            time.sleep(0.5)
        raise TimeoutError(f"gunicorn not ready after {self.ready_timeout_s} s:\n{self.log_tail()}")

    def terminate(self):
        """Send SIGTERM (graceful shutdown) to the master; returns the time it was sent."""
        sent = time.perf_counter()
        self.process.send_signal(signal.SIGTERM)
        return sent

    def wait(self, timeout):
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            if self.wait(60) is None:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()
            Path(self.log.name).unlink(missing_ok=True)


# --- the clients -----------------------------------------------------------

@dataclass(frozen=True)
class Call:
    """One request to send, and the statuses that count as its right answer."""
    kind: str
    method: str
    path: str
    body: bytes
    headers: dict
    expected: tuple = (200,)


@dataclass
class Sample:
    kind: str
    started: float
    ended: float
    request_id: str = ""
    status: int = None
    error: str = None
    ok: bool = False
    json_error: bool = False

    @property
    def seconds(self):
        return self.ended - self.started


def json_call(kind, payload_bytes, expected=(200,), content_type="application/json"):
    return Call(kind, "POST", QUOTES_PATH, payload_bytes, {"Content-Type": content_type,
                                                           "Accept": "application/json"}, expected)


def _is_json_error(response):
    """A flask-smorest style error: a JSON object whose `code` is the status."""
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == response.status_code and "message" in body


def send(session, base_url, call, request_id, timeout=REQUEST_TIMEOUT_S):
    """Send one call and time it; transport failures are recorded, not raised."""
    headers = {**call.headers, REQUEST_ID_HEADER: request_id}
    sample = Sample(call.kind, time.perf_counter(), 0.0, request_id)
    try:
        response = session.request(call.method, base_url + call.path, data=call.body,
                                   headers=headers, timeout=timeout)
        _ = response.content  # the whole body is part of the latency
        sample.status = response.status_code
        sample.json_error = response.status_code >= 400 and _is_json_error(response)
        sample.ok = _right_answer(response, call, sample.json_error)
    except requests.RequestException as exc:
        sample.error = _transport_error(exc)
    sample.ended = time.perf_counter()
    return sample


def _right_answer(response, call, json_error):
    """The expected status, with a JSON error body for an error or a JSON answer otherwise."""
    if response.status_code not in call.expected:
        return False
    if response.status_code >= 400:
        return json_error
    return response.headers.get("Content-Type", "").startswith("application/json")


def _transport_error(exc):
    text = repr(exc)
    for name in ("ConnectionRefusedError", "ConnectionResetError", "RemoteDisconnected",
                 "BrokenPipeError", "ReadTimeout", "ConnectTimeout"):
        if name in text:
            return name
    return type(exc).__name__


class Budget:
    """A shared bound on requests: a deadline and a count, and a flag to stop early."""

    def __init__(self, seconds, max_requests):
        self.deadline = time.perf_counter() + seconds
        self.remaining = max_requests
        self.stopped = threading.Event()
        self._lock = threading.Lock()

    def take(self):
        with self._lock:
            if self.stopped.is_set() or self.remaining <= 0 or time.perf_counter() >= self.deadline:
                return False
            self.remaining -= 1
            return True

    def stop(self):
        self.stopped.set()


def run_clients(base_url, next_call, clients, budget, stop_on_refused=False):
    """`clients` threads sending `next_call(i)` requests until the budget is spent.

    Returns (samples in start order, wall seconds).  With `stop_on_refused`, a client
    stops at its first refused connection (the server is gone).
    """
    samples, lock, counter = [], threading.Lock(), iter(range(10 ** 9))
    run_id = f"{os.getpid()}-{time.monotonic_ns() % 10 ** 9}"

    def client():
        with requests.Session() as session:
            while budget.take():
                with lock:
                    index = next(counter)
                call = next_call(index)
                sample = send(session, base_url, call, f"bench-{run_id}-{index}-{call.kind}")
                with lock:
                    samples.append(sample)
                if stop_on_refused and sample.error == "ConnectionRefusedError":
                    return

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, budget.deadline - time.perf_counter()) + REQUEST_TIMEOUT_S + 30)
    return sorted(samples, key=lambda s: s.started), time.perf_counter() - started


def run_for(base_url, next_call, clients, seconds, max_requests=100_000):
    """run_clients for a fixed time and request count."""
    return run_clients(base_url, next_call, clients, Budget(seconds, max_requests))


def start_clients(base_url, next_call, clients, budget, stop_on_refused=False):
    """run_clients in the background: returns (thread, holder); holder["result"] when done."""
    holder = {}

    def target():
        holder["result"] = run_clients(base_url, next_call, clients, budget, stop_on_refused)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, holder


def warm_up(base_url, calls, clients):
    """Send every call once per client slot so each worker has parsed before measuring."""
    samples, _ = run_for(base_url, lambda i: calls[i % len(calls)], clients,
                         seconds=REQUEST_TIMEOUT_S, max_requests=len(calls) * clients)
    return samples
