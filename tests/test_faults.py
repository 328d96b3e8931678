"""Models missing or corrupt: the real server starts, says why on /ready (503),
answers POST /quotes with a JSON 503, logs one line without a traceback, and
tries the loading again with back-off, so that models put in place later are
taken up without a restart."""
import time

import pytest
import requests

from api_support import Gunicorn


def corrupt_copy(models_dir, target):
    """The models, linked, except pos.pt, which is garbage."""
    target.mkdir()
    for model in models_dir.iterdir():
        if model.is_file():
            (target / model.name).symlink_to(model)
    (target / "pos.pt").unlink()
    (target / "pos.pt").write_bytes(b"not a torch file")
    return target


@pytest.mark.parametrize("fault", ["missing folder", "corrupt model"])
def test_models_unavailable_gives_503_with_the_reason(tmp_path, settings, fault):
    if fault == "missing folder":
        models = tmp_path / "no-models"
    else:
        models = corrupt_copy(settings.models_dir, tmp_path / "models")
    with Gunicorn(tmp_path / "server.log", QUOTES_MODELS_DIR=str(models)) as server:
        ready = server.settled_ready()
        assert ready.status_code == 503
        assert str(models) in ready.json()["message"]
        assert "next attempt in" in ready.json()["message"]
        assert requests.get(server.url + "/health", timeout=10).status_code == 200
        started = time.monotonic()
        response = requests.post(server.url + "/quotes", json={"text": "« Oui », dit-il."}, timeout=30)
        assert time.monotonic() - started < 2.0
        assert response.status_code == 503
        assert response.json()["code"] == 503 and str(models) in response.json()["message"]
        assert "Traceback" not in response.text
    log = server.log()
    assert "Traceback" not in log
    assert sum("not ready:" in line for line in log.splitlines()) == 1


def test_models_put_in_place_after_a_failed_load_are_taken_up(tmp_path, settings):
    models = tmp_path / "models-later"
    with Gunicorn(tmp_path / "server.log", QUOTES_MODELS_DIR=str(models)) as server:
        assert server.settled_ready().status_code == 503
        models.symlink_to(settings.models_dir)
        assert server.wait_for("/ready", timeout=120).json() == {"status": "ready"}
        response = requests.post(server.url + "/quotes", json={"text": "« Oui », dit-il."}, timeout=30)
        assert response.status_code == 200
