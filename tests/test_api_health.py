"""GET /health, GET /ready, GET /speakers, request ids and the access log."""
import logging

import pytest

from api_support import make_app


@pytest.fixture(scope="module")
def client(pipeline):
    return make_app().test_client()


def test_health_answers(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_ready_once_models_are_loaded(client):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready"}


def test_not_ready_before_the_models_load(pipeline):
    from service import create_app

    response = create_app().test_client().get("/ready")
    assert response.status_code == 503
    assert "not loaded" in response.get_json()["message"]


def test_speakers_lists_the_speaker_file(client, settings):
    import json

    listed = client.get("/speakers").get_json()["speakers"]
    ids = {s["id"] for s in listed}
    assert {"peskov", "putin", "belousov", "zelensky"} <= ids
    in_file = json.loads(settings.speakers_file.read_text(encoding="utf-8"))
    entries = in_file["speakers"] if isinstance(in_file, dict) else in_file
    assert ids == {e["id"] for e in entries}
    for speaker in listed:
        assert set(speaker) == {"id", "name", "aliases", "roles"}
        assert all(set(role) == {"title", "from", "until"} for role in speaker["roles"])


def test_request_id_is_echoed(client):
    assert client.get("/health", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"


@pytest.mark.parametrize("given", [None, "", "a" * 129, "bad id; X-Injected: 1", "é"])
def test_request_id_is_generated_when_absent_or_unfit(client, given):
    headers = {} if given is None else {"X-Request-ID": given}
    request_id = client.get("/health", headers=headers).headers["X-Request-ID"]
    assert request_id != given and len(request_id) == 32


def test_one_log_line_per_request(client, caplog):
    with caplog.at_level(logging.INFO, logger="service.access"):
        client.post("/quotes", json={}, headers={"X-Request-ID": "req-42"})
    lines = [r.getMessage() for r in caplog.records if r.name == "service.access"]
    assert len(lines) == 1
    assert lines[0].startswith("POST /quotes 422 ")
    assert "ms " in lines[0] and lines[0].endswith("request_id=req-42")


@pytest.mark.parametrize("content", [None, "{not json", '{"speakers": [{"name": "no id"}]}'])
def test_unreadable_speaker_list_gives_503_with_the_reason(pipeline, tmp_path, content):
    from api_support import assert_json_error

    path = tmp_path / "speakers.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    client = make_app(speakers_file=path).test_client()
    for response in (client.get("/ready"), client.get("/speakers"),
                     client.post("/quotes", json={"text": "« Oui », dit-il."})):
        assert str(path) in assert_json_error(response, 503)["message"]
    assert client.get("/health").status_code == 200
