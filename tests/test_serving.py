"""The real server: gunicorn started with the Procfile's command, one worker (two for the rolling
reload)."""
import json
import os
import threading
import time

import pytest
import requests

from api_support import Gunicorn, richest_seed

TEXT = "text/plain; charset=utf-8"


@pytest.fixture(scope="module")
def server(tmp_path_factory, settings):
    log = tmp_path_factory.mktemp("gunicorn") / "server.log"
    with Gunicorn(log, QUOTES_MODELS_DIR=str(settings.models_dir)) as running:
        running.wait_for("/ready")
        yield running


@pytest.fixture(scope="module")
def seed(seed_texts, pipeline):
    return richest_seed(seed_texts, pipeline)


@pytest.fixture(scope="module")
def in_process_quotes(seed, pipeline):
    from service.quotes import extract

    return [q.to_dict() for q in extract(seed, pipeline=pipeline)]


def test_seed_as_plain_text(server, seed, in_process_quotes):
    response = requests.post(server.url + "/quotes", data=seed.encode("utf-8"),
                             headers={"Content-Type": TEXT}, timeout=60)
    assert response.status_code == 200
    quotes = response.json()["quotes"]
    assert quotes == in_process_quotes
    assert all(seed[q["start"]:q["end"]] == q["text"] for q in quotes)


def test_seed_as_json(server, seed, in_process_quotes):
    response = requests.post(server.url + "/quotes", json={"text": seed, "id": "s0"}, timeout=60)
    assert response.status_code == 200
    assert response.json()["id"] == "s0"
    assert response.json()["quotes"] == in_process_quotes


def test_server_header_names_no_software_or_version(server):
    response = requests.get(server.url + "/health", timeout=10)
    assert response.headers["Server"] == "citations"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_access_log_has_one_line_per_request_with_its_id(server):
    requests.get(server.url + "/health", headers={"X-Request-ID": "serving-test-1"}, timeout=10)
    time.sleep(0.5)
    lines = [line for line in server.log().splitlines() if "request_id=serving-test-1" in line]
    assert len(lines) == 1
    assert "GET /health 200 " in lines[0] and "ms " in lines[0]


def test_errors_are_json_through_gunicorn(server):
    response = requests.post(server.url + "/quotes", data=b"{", headers={"Content-Type": "application/json"},
                             timeout=10)
    assert response.status_code == 400
    assert response.json()["code"] == 400
    assert requests.get(server.url + "/nowhere", timeout=10).json()["code"] == 404


def test_sigterm_lets_the_request_in_flight_finish(tmp_path, settings, seed_texts):
    long_text = "\n\n".join(seed_texts.values())
    with Gunicorn(tmp_path / "server.log", QUOTES_MODELS_DIR=str(settings.models_dir)) as server:
        server.wait_for("/ready")
        answer = {}

        def post():
            answer["response"] = requests.post(server.url + "/quotes", data=long_text.encode("utf-8"),
                                               headers={"Content-Type": TEXT}, timeout=120)

        client = threading.Thread(target=post)
        client.start()
        time.sleep(0.5)
        server.terminate()
        client.join(timeout=120)
        assert server.stop() == 0
    response = answer["response"]
    assert response.status_code == 200, server.log()
    assert isinstance(response.json()["quotes"], list)
    log = server.log()
    assert log.index("Handling signal: term") < log.index("POST /quotes 200"), log


@pytest.mark.parametrize("env, bind, workers", [({}, "0.0.0.0:8000", 2),
                                                ({"PORT": "5001", "WEB_CONCURRENCY": "3"}, "0.0.0.0:5001", 3)])
def test_gunicorn_settings_follow_the_environment(monkeypatch, env, bind, workers):
    import runpy

    from api_support import ROOT

    for name in ("PORT", "WEB_CONCURRENCY", "QUOTES_TIME_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = runpy.run_path(str(ROOT / "service" / "gunicorn.conf.py"))
    assert (config["bind"], config["workers"]) == (bind, workers)
    assert config["timeout"] > config["settings"].time_limit_s
    assert config["graceful_timeout"] > config["settings"].time_limit_s
    assert not config["preload_app"]
    assert config["worker_class"] == "service.api.gunicorn_worker.Worker" and config["threads"] > 4


@pytest.mark.parametrize("name, value", [("QUOTES_TIME_LIMIT", "soon"), ("WEB_CONCURRENCY", "0"),
                                         ("QUOTES_PARSER_BF16", "half"), ("QUOTES_LSTM_INT8", "fast")])
def test_a_setting_it_cannot_use_stops_the_start_with_one_line(tmp_path, name, value):
    server = Gunicorn(tmp_path / "server.log", **{name: value}).start()
    assert server.process.wait(timeout=60) != 0
    log = server.log()
    assert name in log and "Traceback" not in log, log


def test_health_answers_while_the_models_load(tmp_path, settings):
    """Liveness at once, readiness once the models are in (each worker loads them in a thread); a
    quote request that comes before is told at once to come back."""
    server = Gunicorn(tmp_path / "server.log", QUOTES_MODELS_DIR=str(settings.models_dir)).start()
    try:
        health = server.wait_for("/health", timeout=60)
        loading = requests.get(server.url + "/ready", timeout=5)
        started = time.monotonic()
        early = requests.post(server.url + "/quotes", json={"text": "« Oui », dit-il."}, timeout=30)
        waited = time.monotonic() - started
        assert health.json() == {"status": "ok"}
        assert loading.status_code == 503 and loading.headers["Retry-After"], loading.text
        assert "loading" in loading.json()["message"]
        if server.settled_ready().status_code == 503 or "models ready" not in server.log():
            assert early.status_code == 503 and early.headers["Retry-After"], early.text
            assert "loading" in early.json()["message"] and waited < 2.0, waited
        assert server.wait_for("/ready").json() == {"status": "ready"}
    finally:
        server.stop()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def test_health_and_ready_stay_fast_under_a_full_parse_load(server, seed_texts):
    """Three clients keep the worker parsing; /health and /ready are answered by another thread."""
    stop = threading.Event()
    statuses = []

    def parse_load():
        texts = list(seed_texts.values())
        i = 0
        while not stop.is_set():
            response = requests.post(server.url + "/quotes", data=texts[i % len(texts)].encode("utf-8"),
                                     headers={"Content-Type": TEXT}, timeout=60)
            statuses.append(response.status_code)
            i += 1

    clients = [threading.Thread(target=parse_load) for _ in range(3)]
    for client in clients:
        client.start()
    latencies = []
    try:
        time.sleep(1.0)
        for i in range(30):
            started = time.monotonic()
            assert requests.get(server.url + ("/health" if i % 2 else "/ready"), timeout=5).status_code == 200
            latencies.append(time.monotonic() - started)
            time.sleep(0.1)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=120)
    assert statuses and set(statuses) == {200}, statuses
    assert percentile(latencies, 0.5) < 0.1, latencies
    assert percentile(latencies, 0.9) < 0.25, latencies


def test_sigterm_drains_before_stopping(tmp_path, settings):
    """SIGTERM: /ready says 503 at once, requests go on being served for the drain time, then the
    server exits cleanly."""
    with Gunicorn(tmp_path / "server.log", QUOTES_MODELS_DIR=str(settings.models_dir),
                  QUOTES_DRAIN_S="3") as server:
        server.wait_for("/ready")
        server.terminate()
        time.sleep(0.3)
        ready = requests.get(server.url + "/ready", timeout=5)
        assert ready.status_code == 503 and "stopping" in ready.json()["message"]
        assert requests.get(server.url + "/health", timeout=5).status_code == 200
        response = requests.post(server.url + "/quotes", json={"text": "« Oui », dit-il."}, timeout=30)
        assert response.status_code == 200
        assert server.stop() == 0


NEW_SPEAKER = {"id": "vasseur", "name": "Ondine Vasseur", "gender": "fem",
               "aliases": ["Ondine Vasseur", "Vasseur"], "roles": []}
ABOUT_HER = "« Nous restons ouverts au dialogue », a déclaré Ondine Vasseur jeudi."


def speaker_list_copy(path, *added):
    """The project's speaker list written to `path`, with `added` entries."""
    from service.config import Settings

    data = json.loads(Settings().speakers_file.read_text(encoding="utf-8"))
    data["speakers"].extend(added)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


class Traffic:
    """All along: a client posting ABOUT_HER (a new connection each time), and /health probed every
    0.1 s; each answer is kept with when its request started, a failure as its exception."""

    def __init__(self, url):
        self.url = url
        self.stop = threading.Event()
        self.answers = []       # (started, status or exception, speaker ids)
        self.probes = []        # (started, status or exception, seconds)
        self.threads = [threading.Thread(target=self._post), threading.Thread(target=self._probe)]

    def _post(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                response = requests.post(self.url + "/quotes", json={"text": ABOUT_HER}, timeout=60)
                ids = {s["id"] for s in response.json().get("speakers", [])}
                self.answers.append((started, response.status_code, ids))
            except (requests.RequestException, ValueError) as exc:
                self.answers.append((started, repr(exc), set()))

    def _probe(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                status = requests.get(self.url + "/health", timeout=30).status_code
            except requests.RequestException as exc:
                status = repr(exc)
            self.probes.append((started, status, time.monotonic() - started))
            time.sleep(0.1)

    def answered_since(self, moment):
        return [ids for started, _, ids in self.answers if started >= moment]

    def wait_for_answers(self, count, since=0.0, timeout=60):
        deadline = time.monotonic() + timeout
        while len(self.answered_since(since)) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.answered_since(since)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=90)


def test_sighup_replaces_the_workers_one_at_a_time_and_loses_no_request(tmp_path, settings):
    """Two workers, a client posting all along: a speaker added to the list file, then SIGHUP.  The
    workers are replaced one at a time (the second new one starts once the first serves), no request
    fails or is refused, /health answers throughout, every old worker is gone, and the answers then
    name the new speaker."""
    speakers = speaker_list_copy(tmp_path / "speakers.json")
    with Gunicorn(tmp_path / "server.log", QUOTES_MODELS_DIR=str(settings.models_dir), WEB_CONCURRENCY="2",
                  QUOTES_SPEAKERS_FILE=str(speakers)) as server:
        server.wait_for_log("models ready", count=2)
        old = server.booted_workers()
        with Traffic(server.url) as traffic:
            before = traffic.wait_for_answers(2)
            speaker_list_copy(speakers, NEW_SPEAKER)
            hung_up = time.monotonic()
            server.hang_up()
            server.wait_for_log("Reload done", timeout=240)
            done = time.monotonic()
            after = traffic.wait_for_answers(3, since=done)
        log = server.log()
        new = server.booted_workers()[len(old):]
        alive = [pid for pid in old if os.path.exists(f"/proc/{pid}") and "(Z)" not in _stat(pid)]
    assert len(old) == 2 and len(new) == 2, log
    assert set(old) <= server.exited_workers() and not alive, log
    assert log.index(f"Reload: worker {new[0]} serves") < log.index(f"Booting worker with pid: {new[1]}"), log
    failed = [(status, ids) for _, status, ids in traffic.answers if status != 200]
    assert not failed, (failed, log)
    during = [p for p in traffic.probes if hung_up <= p[0] <= done]
    assert len(during) >= 5 and {status for _, status, _ in traffic.probes} == {200}, (traffic.probes, log)
    assert max(seconds for _, _, seconds in traffic.probes) < 2.0, traffic.probes
    assert before[:2] == [{None}, {None}] and after and all(ids == {"vasseur"} for ids in after), (before, after)


def _stat(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read()
    except OSError:
        return "(Z)"


def test_sighup_with_a_speaker_list_that_does_not_read_keeps_the_workers_serving(tmp_path, settings):
    """A list the new worker cannot read stops the reload: that worker is stopped and the one in place
    goes on with the list it had (/ready 200 throughout); once the list is mended, SIGHUP takes it."""
    speakers = speaker_list_copy(tmp_path / "speakers.json")
    with Gunicorn(tmp_path / "server.log", QUOTES_MODELS_DIR=str(settings.models_dir),
                  QUOTES_SPEAKERS_FILE=str(speakers)) as server:
        server.wait_for("/ready")
        first = server.booted_workers()
        speakers.write_text('{"speakers": [{"id": "x", "name": "X", "gender": "neither"}]}', encoding="utf-8")
        server.hang_up()
        statuses = []
        while "Reload stopped" not in server.log():
            assert len(statuses) < 1200, server.log()
            statuses.append(requests.get(server.url + "/ready", timeout=10).status_code)
            time.sleep(0.1)
        server.wait_for_log("Worker exiting", count=1)
        kept = requests.post(server.url + "/quotes", json={"text": ABOUT_HER}, timeout=60)
        refused = server.booted_workers()[1]
        speaker_list_copy(speakers, NEW_SPEAKER)
        server.hang_up()
        while "Reload done" not in server.log():
            assert len(statuses) < 2400, server.log()
            statuses.append(requests.get(server.url + "/ready", timeout=10).status_code)
            time.sleep(0.1)
        taken = requests.post(server.url + "/quotes", json={"text": ABOUT_HER}, timeout=60)
        log = server.log()
    assert "cannot read the speaker list" in log and "could not load its models" in log, log
    assert set(statuses) == {200}, statuses
    assert server.exited_workers() >= {refused, first[0]}, log
    assert kept.status_code == 200 and [s["id"] for s in kept.json()["speakers"]] == [None], kept.text
    assert taken.status_code == 200 and [s["id"] for s in taken.json()["speakers"]] == ["vasseur"], taken.text
