"""The OpenAPI document (committed copy = served copy, examples, documented errors)
and the interactive documentation, which must work with no internet access."""
import json
import re

import pytest

from api_support import ROOT, make_app

COMMITTED = ROOT / "openapi" / "openapi.json"


@pytest.fixture(scope="module")
def client(pipeline):
    return make_app().test_client()


@pytest.fixture(scope="module")
def served(client):
    return client.get("/openapi.json").get_json()


def test_committed_document_is_the_served_one(served):
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == served, "run `make openapi` and commit openapi/openapi.json"


def test_document_does_not_depend_on_the_settings(served, pipeline):
    other = make_app(max_chars=10, batch_max_documents=1, api_keys=("k",), time_limit_s=1)
    assert other.test_client().get("/openapi.json").get_json() == served


def test_every_schema_has_an_example(served):
    schemas = served["components"]["schemas"]
    assert {"ArticleRequest", "ArticleAnswer", "BatchRequest", "BatchAnswer", "Error"} <= set(schemas)
    assert [name for name, schema in schemas.items() if "example" not in schema] == []


def test_example_spans_are_the_example_text():
    from service.api import schemas

    for span in (schemas.QUOTE_EXAMPLE, schemas.MENTION_EXAMPLE, schemas.CUE_EXAMPLE):
        assert schemas.ARTICLE_EXAMPLE[span["start"]:span["end"]] == span["text"]


def test_answer_example_matches_its_schema():
    from service.api.schemas import ANSWER_EXAMPLE, ArticleAnswerSchema

    schema = ArticleAnswerSchema()
    assert schema.load(schema.dump(ANSWER_EXAMPLE)) == ANSWER_EXAMPLE


@pytest.mark.parametrize("path, codes", [
    ("/quotes", {"200", "400", "401", "413", "415", "422", "503"}),
    ("/quotes/batch", {"200", "400", "401", "413", "415", "422", "503"}),
])
def test_post_operations_document_their_errors(served, path, codes):
    operation = served["paths"][path]["post"]
    assert codes <= set(operation["responses"])
    assert operation["security"] == [{}, {"bearerAuth": []}]
    for code in codes - {"200"}:
        assert operation["responses"][code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"}


def test_quotes_accepts_json_and_plain_text(served):
    content = served["paths"]["/quotes"]["post"]["requestBody"]["content"]
    assert set(content) == {"application/json", "text/plain"}
    assert all("example" in media for media in content.values())


def test_ready_documents_503(served):
    assert "503" in served["paths"]["/ready"]["get"]["responses"]


def test_docs_page_loads_only_local_assets(client):
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assets = re.findall(r"(?:src|href)=\"(/[^\"]+)\"", html)
    assert "/docs/assets/swagger-ui-bundle.js" in assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert len(response.data) > 0
    start = client.get("/docs/start.js").get_data(as_text=True)
    assert '"/openapi.json"' in start and "http" not in start


def test_docs_page_has_no_inline_script(client):
    html = client.get("/docs").get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


@pytest.mark.parametrize("name", ["../__init__.py", "index.html", "swagger-ui.js.map", "nothing.js"])
def test_docs_serve_only_the_swagger_ui_files(client, name):
    assert client.get(f"/docs/assets/{name}").status_code == 404
