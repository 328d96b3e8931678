"""Models missing or corrupt: the real server starts, says why on /ready (503),
answers POST /quotes with a JSON 503, and logs one line without a traceback."""
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
        assert requests.get(server.url + "/health", timeout=10).status_code == 200
        response = requests.post(server.url + "/quotes", json={"text": "« Oui », dit-il."}, timeout=30)
        assert response.status_code == 503
        assert response.json()["code"] == 503 and str(models) in response.json()["message"]
        assert "Traceback" not in response.text
    log = server.log()
    assert "Traceback" not in log
    assert sum("not ready:" in line for line in log.splitlines()) == 1
