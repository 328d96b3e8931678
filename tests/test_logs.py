"""The logs of the real gunicorn: JSON lines with LOG_FORMAT=json (gunicorn's own lines, the
application's, one access line per request with its fields, the line of a setting that stops the
start), plain text by default; in both, a line break in the path never makes a line of its own."""
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from api_support import SHORT_ARTICLE, Gunicorn

# A path that would write a forged JSON line, or a forged text line, if written as it is.
FORGED = '{"level": "ERROR", "logger": "service.access", "message": "forged"}'
FORGING_PATH = "/nowhere%0A" + requests.utils.quote(FORGED, safe="") + "%0D%0A2026-01-01 forged"
BASE_FIELDS = {"time", "level", "logger", "message"}


def json_lines(text):
    """Every line of the log as a JSON object (the test fails on the first line that is not one)."""
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            record = json.loads(line)
        except ValueError:
            pytest.fail(f"line {number} is not JSON: {line!r}\n{text}")
        assert isinstance(record, dict) and BASE_FIELDS <= set(record), line
        lines.append(record)
    return lines


def access_line(records, request_id):
    (record,) = [r for r in records if r.get("request_id") == request_id]
    assert record["logger"] == "service.access" and record["level"] == "INFO"
    return record


def post(server, path, request_id, **kwargs):
    return requests.post(server.url + path, headers={"X-Request-ID": request_id, **kwargs.pop("headers", {})},
                         timeout=120, **kwargs)


@pytest.fixture(scope="module")
def json_log(tmp_path_factory, settings):
    """The log of a JSON-logging server that answered a few requests, then stopped."""
    log = tmp_path_factory.mktemp("json-logs") / "server.log"
    answers = {}
    with Gunicorn(log, LOG_FORMAT="json", QUOTES_MODELS_DIR=str(settings.models_dir)) as server:
        server.wait_for("/ready")
        answers["quote"] = post(server, "/quotes", "log-quote", json={"text": SHORT_ARTICLE})
        answers["batch"] = post(server, "/quotes/batch", "log-stream",
                                json={"documents": [{"text": SHORT_ARTICLE}, {"text": ""}]},
                                headers={"Accept": "application/x-ndjson"})
        answers["missing"] = requests.get(server.url + "/nowhere", headers={"X-Request-ID": "log-404"},
                                          timeout=10)
        answers["bad json"] = post(server, "/quotes", "log-bad-json", data=b'{"text": ',
                                   headers={"Content-Type": "application/json"})
        answers["forging"] = requests.get(server.url + FORGING_PATH, headers={"X-Request-ID": "log-forge"},
                                          timeout=10)
        time.sleep(0.5)
    return json_lines(server.log()), answers


def test_every_line_is_json_gunicorn_and_startup_lines_included(json_log):
    records, _ = json_log
    messages = {(r["logger"], r["message"].split(" with pid")[0]) for r in records}
    assert ("gunicorn.error", "Booting worker") in messages
    assert any(r["logger"] == "service.api.engine" and r["message"].startswith("models ready")
               for r in records)
    assert all(r["level"] in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL") for r in records)
    assert not any(r["logger"] == "gunicorn.access" for r in records), "one access line per request"


def test_a_quote_request_has_its_fields(json_log):
    records, answers = json_log
    answer = answers["quote"]
    assert answer.status_code == 200
    line = access_line(records, "log-quote")
    assert {k: line[k] for k in ("method", "route", "path", "status", "chars", "quotes")} == {
        "method": "POST", "route": "/quotes", "path": "/quotes", "status": 200,
        "chars": len(SHORT_ARTICLE), "quotes": len(answer.json()["quotes"])}
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert "T" in line["time"] and line["time"].endswith("+00:00")


def test_a_streamed_batch_is_logged_once_done(json_log):
    records, answers = json_log
    results = [json.loads(line) for line in answers["batch"].text.splitlines()]
    line = access_line(records, "log-stream")
    assert (line["route"], line["status"], line["chars"]) == ("/quotes/batch", 200, len(SHORT_ARTICLE))
    assert line["quotes"] == sum(len(r.get("quotes", [])) for r in results) > 0


def test_errors_have_their_lines(json_log):
    records, answers = json_log
    assert answers["missing"].status_code == 404 and answers["bad json"].status_code == 400
    missing = access_line(records, "log-404")
    assert (missing["route"], missing["path"], missing["status"]) == (None, "/nowhere", 404)
    assert "chars" not in missing and "quotes" not in missing
    bad = access_line(records, "log-bad-json")
    assert (bad["route"], bad["status"]) == ("/quotes", 400)


def test_a_line_break_in_the_path_forges_no_json_line(json_log):
    records, answers = json_log
    assert answers["forging"].status_code == 404
    line = access_line(records, "log-forge")
    assert "\n" not in line["path"] and "\r" not in line["path"]
    assert line["path"].startswith("/nowhere\\n{") and "\\r\\n2026-01-01 forged" in line["path"]
    assert [r for r in records if "forged" in r["message"]] == [line]


def test_an_error_is_a_json_line_too(tmp_path, settings):
    """A speaker list that cannot be read: the worker says why, at ERROR, as JSON."""
    with Gunicorn(tmp_path / "server.log", LOG_FORMAT="json", QUOTES_MODELS_DIR=str(settings.models_dir),
                  QUOTES_SPEAKERS_FILE=str(tmp_path / "missing.json")) as server:
        assert server.settled_ready().status_code == 503
        time.sleep(0.5)
    errors = [r for r in json_lines(server.log()) if r["level"] == "ERROR"]
    assert errors and errors[0]["logger"] == "service.api.engine"
    assert "missing.json" in errors[0]["message"]


def test_plain_text_by_default(tmp_path, settings):
    with Gunicorn(tmp_path / "server.log", LOG_FORMAT="", QUOTES_MODELS_DIR=str(settings.models_dir)) as server:
        server.wait_for("/ready")
        answer = post(server, "/quotes", "log-plain", json={"text": SHORT_ARTICLE})
        requests.get(server.url + FORGING_PATH, headers={"X-Request-ID": "log-plain-forge"}, timeout=10)
        time.sleep(0.5)
    lines = server.log().splitlines()
    assert not any(line.startswith("{") for line in lines), server.log()
    (quote,) = [line for line in lines if "request_id=log-plain" in line and "forge" not in line]
    assert re.fullmatch(r"\S+ \S+ INFO service\.access: POST /quotes 200 [0-9.]+ms request_id=log-plain "
                        rf"chars={len(SHORT_ARTICLE)} quotes={len(answer.json()['quotes'])}", quote), quote
    (forging,) = [line for line in lines if "forge" in line and "request_id=log-plain-forge" in line]
    assert "GET /nowhere\\n{" in forging and "\\r\\n2026-01-01 forged" in forging
    assert not any(line.startswith(("2026-01-01 forged", '{"level"')) for line in lines)


def test_an_unknown_format_is_refused_naming_the_variable():
    from service.config import Settings, SettingsError

    assert Settings.from_env({}).log_format == "plain"
    assert Settings.from_env({"LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(SettingsError, match="LOG_FORMAT"):
        Settings.from_env({"LOG_FORMAT": "xml"})


@pytest.mark.parametrize("log_format", ["json", "plain"])
def test_a_bad_setting_stops_the_start_with_one_line_in_the_logs_format(log_format):
    root = Path(__file__).resolve().parent.parent
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "LOG_FORMAT": log_format, "QUOTES_MAX_CHARS": "many"}
    run = subprocess.run([str(gunicorn), "--config", "service/gunicorn.conf.py", "service.wsgi:app"], cwd=root,
                         env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    (line,) = run.stderr.splitlines()
    if log_format == "json":
        (record,) = json_lines(line)
        assert record["level"] == "CRITICAL" and "QUOTES_MAX_CHARS='many'" in record["message"]
    else:
        assert line == "citations: cannot start: QUOTES_MAX_CHARS='many' is not a whole number"
