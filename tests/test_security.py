"""Optional API keys, no stack traces or debug output, security headers on every answer."""
import pytest
from flask import abort

from api_support import SHORT_ARTICLE, assert_json_error, make_app

KEYS = ("first-key-0123456789", "second-key-9876543210")
OPEN_PATHS = ("/health", "/ready", "/speakers", "/openapi.json", "/docs", "/")


@pytest.fixture(scope="module")
def keyed_client(pipeline):
    return make_app(api_keys=KEYS).test_client()


@pytest.fixture(scope="module")
def open_client(pipeline):
    return make_app(api_keys=()).test_client()


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize("path, body", [("/quotes", {"text": SHORT_ARTICLE}),
                                        ("/quotes/batch", {"documents": [{"text": SHORT_ARTICLE}]})])
@pytest.mark.parametrize("headers", [{}, bearer("wrong"), bearer(KEYS[0][:-1]), {"Authorization": KEYS[0]},
                                     {"Authorization": f"Basic {KEYS[0]}"}, {"Authorization": "Bearer "}],
                         ids=["none", "wrong", "prefix", "no-scheme", "basic", "empty"])
def test_posts_need_a_valid_key_when_keys_are_set(keyed_client, path, body, headers):
    response = keyed_client.post(path, json=body, headers=headers)
    assert_json_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("key", KEYS)
def test_each_configured_key_opens_the_posts(keyed_client, key):
    assert keyed_client.post("/quotes", json={"text": SHORT_ARTICLE}, headers=bearer(key)).status_code == 200
    response = keyed_client.post("/quotes/batch", json={"documents": [{"text": SHORT_ARTICLE}]},
                                 headers={"Authorization": f"bearer  {key} "})
    assert response.status_code == 200


@pytest.mark.parametrize("path", OPEN_PATHS)
def test_reading_paths_stay_open_when_keys_are_set(keyed_client, path):
    assert keyed_client.get(path).status_code == 200


def test_keys_from_a_file(pipeline, tmp_path):
    from service.config import Settings

    key_file = tmp_path / "keys"
    key_file.write_text(f"{KEYS[1]}\n", encoding="utf-8")
    keys = Settings.from_env({"QUOTES_API_KEYS": f"@{key_file}"}).api_keys
    client = make_app(api_keys=keys).test_client()
    assert client.post("/quotes", json={"text": SHORT_ARTICLE}).status_code == 401
    assert client.post("/quotes", json={"text": SHORT_ARTICLE}, headers=bearer(KEYS[1])).status_code == 200


def test_posts_are_open_without_keys(open_client):
    assert open_client.post("/quotes", json={"text": SHORT_ARTICLE}).status_code == 200
    assert open_client.post("/quotes", json={"text": SHORT_ARTICLE},
                            headers=bearer("anything")).status_code == 200


def test_an_unexpected_exception_is_a_json_500_without_trace(pipeline, caplog):
    app = make_app()

    @app.get("/fails")
    def fails():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/fails")
    body = assert_json_error(response, 500)
    assert "secret detail" not in response.get_data(as_text=True)
    assert body["message"]
    assert any("secret detail" in (r.exc_text or "") for r in caplog.records)


def test_no_debug_mode(open_client):
    assert not open_client.application.debug
    assert not open_client.application.config["PROPAGATE_EXCEPTIONS"]


def test_http_errors_keep_the_json_format_when_raised_by_flask(pipeline):
    app = make_app()

    @app.get("/teapot")
    def teapot():
        abort(418)

    assert_json_error(app.test_client().get("/teapot"), 418)


@pytest.mark.parametrize("method, path, kwargs", [
    ("GET", "/health", {}), ("GET", "/docs", {}), ("GET", "/", {}), ("GET", "/openapi.json", {}),
    ("GET", "/nowhere", {}), ("PUT", "/quotes", {}),
    ("POST", "/quotes", {"json": {"text": SHORT_ARTICLE}}), ("POST", "/quotes", {"json": {}}),
])
def test_security_headers_on_every_answer(open_client, method, path, kwargs):
    headers = open_client.open(path, method=method, **kwargs).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Werkzeug" not in headers.get("Server", "")
