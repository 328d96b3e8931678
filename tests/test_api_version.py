"""Operations: GET /version and the version headers, GET /metrics (one process, and several
gunicorn workers in prometheus_client's multiprocess mode), CORS for browser clients; and the
answers' form over real HTTP (UTF-8 as is, NDJSON streamed as each document is done)."""
import hashlib
import json
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
import requests

from api_support import ROOT, SHORT_ARTICLE, Gunicorn, make_app

ORIGIN = "https://news.example"
ENGLISH = ("The Kremlin said on Thursday that talks with Ukraine had stalled, and a spokesman added "
           "that Moscow remained open to dialogue. \"We are ready to negotiate,\" he said.")


@pytest.fixture(scope="module")
def client(pipeline):
    return make_app().test_client()


def project_version():
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


# ---- /version and the headers ---------------------------------------------------------------

def test_version_names_the_service_libraries_models_and_speakers(client, settings):
    from importlib import metadata

    from service.nlp import speedups

    answer = client.get("/version")
    assert answer.status_code == 200
    info = answer.get_json()
    assert list(info) == ["service", "version", "api", "python", "stanza", "torch", "models",
                          "speakers", "speedups"]
    assert info["version"] == project_version()
    assert info["stanza"] == metadata.version("stanza") and info["torch"] == metadata.version("torch")
    files = info["models"]["files"]
    assert {f["name"] for f in files} == {p.name for p in Path(settings.models_dir).glob("*.pt")}
    for entry in files:
        path = Path(settings.models_dir) / entry["name"]
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["bytes"] == path.stat().st_size
    assert re.fullmatch(r"[0-9a-f]{12}", info["models"]["hash"])
    raw = Path(settings.speakers_file).read_bytes()
    assert info["speakers"]["sha256"] == hashlib.sha256(raw).hexdigest()
    assert info["speakers"]["bytes"] == len(raw)
    assert info["speakers"]["speakers"] == len(json.loads(raw)["speakers"])
    assert info["speedups"] and set(info["speedups"]) == set(speedups.in_force())


@pytest.mark.parametrize("method, path, kwargs", [
    ("GET", "/", {}), ("GET", "/health", {}), ("GET", "/nothing", {}),
    ("POST", "/quotes", {"json": {"text": ""}}), ("POST", "/quotes", {"json": {"text": SHORT_ARTICLE}}),
    ("GET", "/openapi.json", {}), ("GET", "/metrics", {}),
])
def test_every_answer_carries_the_version_and_the_models_hash(client, method, path, kwargs):
    response = client.open(path, method=method, **kwargs)
    models_hash = client.get("/version").get_json()["models"]["hash"]
    assert response.headers["X-Citations-Version"] == project_version()
    assert response.headers["X-Citations-Models"] == models_hash


# ---- /metrics in one process ----------------------------------------------------------------

def sample(text, name, **labels):
    """The value of one sample of a Prometheus text exposition (0 when absent)."""
    from prometheus_client.parser import text_string_to_metric_families

    total = 0.0
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                total += s.value
    return total


def test_metrics_count_requests_documents_and_quotes(client):
    before = client.get("/metrics").get_data(as_text=True)
    assert client.post("/quotes", json={"text": SHORT_ARTICLE}).status_code == 200
    assert client.post("/quotes", json={"text": ENGLISH}).status_code == 422
    batch = client.post("/quotes/batch", json={"documents": [{"text": SHORT_ARTICLE}, {"text": ""}]})
    assert batch.status_code == 207
    found = len(batch.get_json()["results"][0]["quotes"])
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    after = response.get_data(as_text=True)

    def grew(name, **labels):
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("citations_http_requests_total", route="/quotes", status="200", method="POST") == 1
    assert grew("citations_http_requests_total", route="/quotes", status="422") == 1
    assert grew("citations_http_requests_total", route="/quotes/batch", status="207") == 1
    assert grew("citations_http_request_duration_seconds_count", route="/quotes") == 2
    assert grew("citations_documents_total", endpoint="quotes", outcome="answered") == 1
    assert grew("citations_documents_total", endpoint="quotes", outcome="rejected") == 1
    assert grew("citations_documents_total", endpoint="batch", outcome="answered") == 1
    assert grew("citations_documents_total", endpoint="batch", outcome="rejected") == 1
    assert grew("citations_quotations_total") == 2 * found
    assert sample(after, "citations_model_load_seconds") > 0
    assert sample(after, "citations_worker_resident_memory_bytes") > 10_000_000


# ---- CORS -----------------------------------------------------------------------------------

def preflight(client, path, origin=ORIGIN):
    return client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                         "Access-Control-Request-Headers": "content-type"})


def test_no_cross_origin_access_by_default(client):
    response = preflight(client, "/quotes")
    assert "Access-Control-Allow-Origin" not in response.headers
    answer = client.post("/quotes", json={"text": SHORT_ARTICLE}, headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in answer.headers


@pytest.mark.parametrize("path", ["/quotes", "/quotes/batch"])
def test_allowed_origins_get_preflight_and_answers(pipeline, path):
    client = make_app(cors_origins=(ORIGIN,)).test_client()
    response = preflight(client, path)
    assert response.status_code == 204 and response.get_data() == b""
    assert "Content-Type" not in response.headers
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()
    answer = client.post("/quotes", json={"text": SHORT_ARTICLE}, headers={"Origin": ORIGIN})
    assert answer.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-Citations-Version" in answer.headers["Access-Control-Expose-Headers"]
    assert "Origin" in answer.headers["Vary"]
    other = preflight(client, path, origin="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other.headers


def test_cors_origins_setting():
    from service.config import Settings, SettingsError

    assert Settings.from_env({}).cors_origins == ()
    assert Settings.from_env({"CORS_ORIGINS": "https://a.example/, http://b.example:8080"}).cors_origins == \
        ("https://a.example", "http://b.example:8080")
    assert Settings.from_env({"CORS_ORIGINS": "*"}).cors_origins == ("*",)
    with pytest.raises(SettingsError, match="CORS_ORIGINS"):
        Settings.from_env({"CORS_ORIGINS": "a.example/path"})


# ---- the real gunicorn, several workers -----------------------------------------------------

def worker_pids(exposition):
    """The workers that have loaded their models (each gives its loading time)."""
    from prometheus_client.parser import text_string_to_metric_families

    return {s.labels["pid"] for family in text_string_to_metric_families(exposition)
            for s in family.samples if s.name == "citations_model_load_seconds" and s.value > 0}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workers")
    gunicorn = Gunicorn(tmp / "gunicorn.log", WEB_CONCURRENCY="2", TMPDIR=str(tmp),
                              CORS_ORIGINS=ORIGIN)
    for name in ("PROMETHEUS_MULTIPROC_DIR", "prometheus_multiproc_dir"):
        gunicorn.env.pop(name, None)        # unset: the master makes a folder of its own
    with gunicorn:
        gunicorn.tmp = tmp
        deadline = time.monotonic() + 240
        while len(worker_pids(gunicorn.wait_for("/metrics").text)) < 2:
            assert time.monotonic() < deadline, gunicorn.log()
            time.sleep(0.5)
        yield gunicorn
    assert list(tmp.glob("citations-metrics-*")) == [], "the metrics folder outlived the server"


def test_the_master_made_a_metrics_folder_for_the_workers(server):
    folders = list(server.tmp.glob("citations-metrics-*"))
    assert len(folders) == 1 and list(folders[0].glob("*.db"))


def test_answers_over_http_are_utf8_with_version_headers(server):
    response = requests.post(server.url + "/quotes", json={"text": SHORT_ARTICLE}, timeout=120)
    assert response.status_code == 200, (response.text, server.log())
    assert "é".encode() in response.content and b"\\u" not in response.content
    assert response.headers["X-Citations-Version"] == project_version()
    assert re.fullmatch(r"[0-9a-f]{12}", response.headers["X-Citations-Models"])
    assert list(response.json()) == ["id", "language", "quotes", "speakers"]


def test_ndjson_lines_come_as_each_document_is_done(server, seed_texts):
    seeds = list(seed_texts.values())
    documents = [{"id": "short", "text": SHORT_ARTICLE}, {"id": "empty", "text": ""}] + \
        [{"id": f"seed-{i}", "text": t} for i, t in enumerate(seeds[:3])]
    arrivals, lines = [], []
    started = time.monotonic()
    with requests.post(server.url + "/quotes/batch", json={"documents": documents}, stream=True,
                       headers={"Accept": "application/x-ndjson"}, timeout=300) as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("application/x-ndjson")
        assert response.headers.get("Transfer-Encoding") == "chunked"
        for line in response.iter_lines():
            arrivals.append(time.monotonic() - started)
            lines.append(json.loads(line))
    assert [r["id"] for r in lines] == [d["id"] for d in documents]
    assert lines[1]["error"]["code"] == 422
    # The first answers were there well before the last seed was parsed.
    assert arrivals[0] < arrivals[-1] - 0.2, arrivals


def test_cors_preflight_over_http(server):
    response = requests.options(server.url + "/quotes", timeout=10, headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert response.status_code == 204 and "Content-Type" not in response.headers
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_metrics_add_up_every_worker(server):
    def scrape():
        return requests.get(server.url + "/metrics", timeout=10).text

    def health_count(text):
        return sample(text, "citations_http_requests_total", route="/health", status="200")

    before = health_count(scrape())
    # Two clients at once keep both workers busy.
    threads = [threading.Thread(target=lambda: [requests.get(server.url + "/health", timeout=10)
                                                for _ in range(20)]) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    scrapes = [scrape() for _ in range(6)]
    assert {health_count(text) - before for text in scrapes} == {40}
    assert all(len(worker_pids(text)) == 2 for text in scrapes)
    assert sample(scrapes[0], "citations_worker_resident_memory_bytes") > 0


def test_a_dead_worker_leaves_the_gauges_and_its_counts_stay(server):
    def scrape():
        return requests.get(server.url + "/metrics", timeout=10).text

    text = scrape()
    pids = worker_pids(text)
    count = sample(text, "citations_http_requests_total")
    victim = int(sorted(pids)[0])
    assert Path(f"/proc/{victim}/stat").read_text().split()[3] == str(server.process.pid)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 240
    while True:        # gunicorn starts a new worker; it loads the models
        text = scrape()
        now = worker_pids(text)
        if str(victim) not in now and len(now) == 2:
            break
        assert time.monotonic() < deadline, (now, server.log())
        time.sleep(0.5)
    assert sample(text, "citations_http_requests_total") >= count


def test_the_metrics_folder_given_is_emptied_at_start(tmp_path):
    folder = tmp_path / "metrics"
    folder.mkdir()
    stale = folder / "counter_999999.db"
    stale.write_bytes(b"stale")
    no_models = tmp_path / "no-models"
    no_models.mkdir()
    with Gunicorn(tmp_path / "gunicorn.log", PROMETHEUS_MULTIPROC_DIR=str(folder),
                        QUOTES_MODELS_DIR=str(no_models)) as server:
        text = server.wait_for("/metrics").text
        assert not stale.exists()
        assert "citations_worker_resident_memory_bytes{pid=" in text
    assert folder.is_dir()
