"""Bad input gets a clear JSON error with the right 4xx status, and the service
answers the next good request; never a 500."""
import io
import json

import pytest

from api_support import SHORT_ARTICLE, assert_json_error, assert_serves_quotes, make_app

MAX_CHARS = 300
MAX_BYTES = 4000
BATCH_MAX = 2
JSON = "application/json"
TEXT = "text/plain; charset=utf-8"


@pytest.fixture(scope="module")
def client(pipeline):
    return make_app(max_chars=MAX_CHARS, max_body_bytes=MAX_BYTES,
                    batch_max_documents=BATCH_MAX).test_client()


def document(text=SHORT_ARTICLE, **fields):
    return {"text": text, **fields}


CASES = {
    # name: (method, path, request keyword arguments, expected status)
    "invalid JSON": ("POST", "/quotes", {"data": '{"text": "« a »', "content_type": JSON}, 400),
    "JSON not UTF-8": ("POST", "/quotes", {"data": b'{"text": "\xff\xfe"}', "content_type": JSON}, 400),
    "text not UTF-8": ("POST", "/quotes", {"data": "« Non », dit-il.".encode("latin-1"),
                                           "content_type": TEXT}, 400),
    "JSON nested too deep": ("POST", "/quotes", {"data": "[" * 1500 + "]" * 1500,
                                                 "content_type": JSON}, 400),
    "missing text": ("POST", "/quotes", {"json": {"id": "a"}}, 422),
    "empty text": ("POST", "/quotes", {"json": document("")}, 422),
    "blank text": ("POST", "/quotes", {"json": document(" \n\t ")}, 422),
    "invisible text": ("POST", "/quotes", {"json": document("\u3000\ufeff\x1f\xa0")}, 422),
    "empty text/plain body": ("POST", "/quotes", {"data": b"", "content_type": TEXT}, 422),
    "null text": ("POST", "/quotes", {"json": document(None)}, 422),
    "text not a string": ("POST", "/quotes", {"json": document(12)}, 422),
    "lone surrogate": ("POST", "/quotes", {"data": '{"text": "a \\ud800 b"}', "content_type": JSON}, 422),
    "unknown field": ("POST", "/quotes", {"json": document(lang="fr")}, 422),
    "body is a list": ("POST", "/quotes", {"json": [document()]}, 422),
    "bad date": ("POST", "/quotes", {"json": document(date="2024-02-30")}, 422),
    "date not a date": ("POST", "/quotes", {"json": document(date="jeudi")}, 422),
    "id too long": ("POST", "/quotes", {"json": document(id="x" * 201)}, 422),
    "form content type": ("POST", "/quotes", {"data": {"text": SHORT_ARTICLE}}, 415),
    "no content type": ("POST", "/quotes", {"data": SHORT_ARTICLE.encode()}, 415),
    "latin-1 charset": ("POST", "/quotes", {"data": SHORT_ARTICLE.encode("latin-1"),
                                            "content_type": "text/plain; charset=latin-1"}, 415),
    "text over the character limit": ("POST", "/quotes", {"json": document("é" * (MAX_CHARS + 1))}, 413),
    "text/plain over the character limit": ("POST", "/quotes", {"data": ("a" * (MAX_CHARS + 1)).encode(),
                                                                "content_type": TEXT}, 413),
    "body over the byte limit": ("POST", "/quotes", {"data": b"a" * (MAX_BYTES + 1),
                                                     "content_type": TEXT}, 413),
    "batch without documents": ("POST", "/quotes/batch", {"json": {}}, 422),
    "batch with no document": ("POST", "/quotes/batch", {"json": {"documents": []}}, 422),
    "batch over its cap": ("POST", "/quotes/batch",
                           {"json": {"documents": [document(id=str(i)) for i in range(BATCH_MAX + 1)]}}, 413),
    "batch as text/plain": ("POST", "/quotes/batch", {"data": SHORT_ARTICLE, "content_type": TEXT}, 415),
    "batch invalid JSON": ("POST", "/quotes/batch", {"data": "{documents}", "content_type": JSON}, 400),
    "unknown route": ("GET", "/quote", {}, 404),
    "unknown route under the API": ("POST", "/quotes/one", {"json": document()}, 404),
    "GET on a POST route": ("GET", "/quotes", {}, 405),
    "DELETE on the speakers": ("DELETE", "/speakers", {}, 405),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_a_json_error_and_the_next_request_works(client, name):
    method, path, kwargs, status = CASES[name]
    response = client.open(path, method=method, **kwargs)
    assert_json_error(response, status)
    assert_serves_quotes(client)


def test_validation_errors_name_the_field(client):
    body = assert_json_error(client.post("/quotes", json={"txt": "a"}), 422)
    assert set(body["errors"]["json"]) == {"text", "txt"}


def test_wrong_method_says_which_methods_are_allowed(client):
    response = client.get("/quotes")
    assert_json_error(response, 405)
    assert "POST" in response.headers["Allow"]


def test_declared_oversized_body_is_refused_without_reading_it(client):
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = readinto = read

    response = client.post("/quotes", input_stream=Unreadable(), content_type=TEXT,
                           environ_overrides={"CONTENT_LENGTH": str(10 * MAX_BYTES)})
    body = assert_json_error(response, 413)
    assert str(MAX_BYTES) in body["message"]


def test_chunked_body_over_the_limit_is_refused(client):
    # A WSGI server that reads chunked bodies (gunicorn) marks the input as terminated.
    response = client.post("/quotes", data=("« a »" * MAX_BYTES).encode(), content_type=TEXT,
                           headers={"Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert_json_error(response, 413)
    assert_serves_quotes(client)


def test_text_at_the_character_limit_is_accepted(client):
    text = (SHORT_ARTICLE + " ") * (MAX_CHARS // (len(SHORT_ARTICLE) + 1))
    assert len(text) <= MAX_CHARS
    assert client.post("/quotes", json={"text": text}).status_code == 200


def test_processing_time_limit_gives_503_and_the_next_request_is_served(client, seed_texts):
    app = make_app(time_limit_s=0.5)
    long_text = "\n\n".join(seed_texts.values()) * 8
    response = app.test_client().post("/quotes", data=long_text.encode(), content_type=TEXT)
    body = assert_json_error(response, 503)
    assert "time limit" in body["message"]
    assert response.headers["Retry-After"]
    assert app.test_client().get("/ready").status_code == 200
    # The same process and pipeline serve the next request (here under the usual limit).
    assert_serves_quotes(client)


def test_json_error_format_holds_for_errors_without_details(client):
    body = assert_json_error(client.get("/nowhere"), 404)
    assert "errors" not in body
    json.dumps(body)
