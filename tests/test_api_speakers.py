"""GET /speakers: the speaker list in use and its version (the file's sha256 and size, the number
of speakers loaded), the same as /version says, the hash also in the X-Citations-Speakers header."""
import hashlib
import json

import pytest

from api_support import make_app

HEADER = "X-Citations-Speakers"
LAVROV = {"id": "lavrov", "name": "Sergueï Lavrov", "aliases": ["Lavrov"], "roles": []}


@pytest.fixture(scope="module")
def client(pipeline):
    return make_app().test_client()


def test_speakers_give_the_list_and_its_version(client, settings):
    raw = settings.speakers_file.read_bytes()
    answer = client.get("/speakers")
    body = answer.get_json()
    assert list(body) == ["version", "speakers"]
    assert body["version"] == {"file": settings.speakers_file.name,
                               "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw),
                               "speakers": len(json.loads(raw)["speakers"])}
    assert len(body["speakers"]) == body["version"]["speakers"]
    assert answer.headers[HEADER] == body["version"]["sha256"]
    assert client.get("/version").get_json()["speakers"] == body["version"]


def test_head_gives_the_version_without_the_list(client):
    answer = client.head("/speakers")
    assert answer.status_code == 200 and answer.get_data() == b""
    assert answer.headers[HEADER] == client.get("/speakers").get_json()["version"]["sha256"]


@pytest.mark.parametrize("content", [{"speakers": [LAVROV]}, [LAVROV]])
def test_another_list_has_its_own_version(pipeline, tmp_path, content):
    """Both forms of the file (an object with a `speakers` list, or the list alone) are counted."""
    path = tmp_path / "other-speakers.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    client = make_app(speakers_file=path).test_client()
    body = client.get("/speakers").get_json()
    assert [s["id"] for s in body["speakers"]] == ["lavrov"]
    assert body["version"] == {"file": "other-speakers.json",
                               "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                               "bytes": path.stat().st_size, "speakers": 1}
    assert client.get("/version").get_json()["speakers"] == body["version"]


def test_a_list_off_its_format_has_a_hash_but_no_count(pipeline, tmp_path):
    """/speakers answers 503 (the list cannot be used); /version still names the file by hash."""
    path = tmp_path / "speakers.json"
    path.write_text('{"speakers": [{"name": "no id"}]}', encoding="utf-8")
    client = make_app(speakers_file=path).test_client()
    assert client.get("/speakers").status_code == 503
    info = client.get("/version").get_json()["speakers"]
    assert info["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() and info["speakers"] is None


def test_the_version_is_the_files_as_it_was_read(pipeline, tmp_path):
    """A list edited in place after the worker read it: the version still names what the worker uses."""
    path = tmp_path / "speakers.json"
    path.write_text(json.dumps({"speakers": [LAVROV]}, ensure_ascii=False), encoding="utf-8")
    read = path.read_bytes()
    client = make_app(speakers_file=path).test_client()
    answer = client.post("/quotes", json={"text": "« Nous verrons », a dit Lavrov."})
    assert answer.get_json()["quotes"][0]["speaker"]["id"] == "lavrov"
    path.write_text(json.dumps({"speakers": []}), encoding="utf-8")
    assert client.get("/version").get_json()["speakers"] == {
        "file": "speakers.json", "sha256": hashlib.sha256(read).hexdigest(), "bytes": len(read), "speakers": 1}
    assert client.head("/speakers").headers[HEADER] == hashlib.sha256(read).hexdigest()
