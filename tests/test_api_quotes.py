"""POST /quotes and POST /quotes/batch on the real engine and Stanza pipeline."""
import pytest

from api_support import SHORT_ARTICLE, make_app, richest_seed, uses_project_models

TEXT = "text/plain; charset=utf-8"


@pytest.fixture(scope="module")
def client(pipeline):
    return make_app().test_client()


@pytest.fixture(scope="module")
def seed(seed_texts, pipeline):
    return richest_seed(seed_texts, pipeline)


def project_models_only(settings):
    if not uses_project_models(settings):
        pytest.skip("quote quality is checked with the project's trained models only")


def assert_spans_in(answer, text):
    """Every span of the answer is the text at its offsets."""
    for quote in answer["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        assert 0.0 <= quote["confidence"] <= 1.0
        assert quote["type"] in ("direct", "indirect", "mixed")
        if quote["cue"]:
            assert text[quote["cue"]["start"]:quote["cue"]["end"]] == quote["cue"]["text"]
        mention = (quote["speaker"] or {}).get("mention")
        if mention:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def assert_speaker_counts(answer):
    counted = sum(s["quotes"] for s in answer["speakers"])
    with_speaker = [q for q in answer["quotes"]
                    if q["speaker"] and (q["speaker"]["id"] or q["speaker"]["name"])]
    assert counted == len(with_speaker)


def test_seed_as_json_gives_the_engine_quotes(client, seed, pipeline, settings):
    from service.quotes import extract

    response = client.post("/quotes", json={"text": seed, "id": "seed-0", "date": "2024-03-01"})
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["id"] == "seed-0"
    assert answer["language"] == "fr"
    assert answer["quotes"] == [q.to_dict() for q in extract(seed, "2024-03-01", pipeline=pipeline)]
    assert_spans_in(answer, seed)
    assert_speaker_counts(answer)
    if uses_project_models(settings):
        assert answer["quotes"], "a seed article holds quotes"


def test_seed_as_plain_text_gives_the_same_quotes(client, seed):
    as_json = client.post("/quotes", json={"text": seed}).get_json()
    as_text = client.post("/quotes", data=seed.encode("utf-8"), content_type=TEXT).get_json()
    assert as_text["quotes"] == as_json["quotes"]
    assert as_text["speakers"] == as_json["speakers"]


def test_ids_are_generated_and_distinct(client):
    first = client.post("/quotes", json={"text": SHORT_ARTICLE}).get_json()["id"]
    second = client.post("/quotes", data=SHORT_ARTICLE.encode(), content_type=TEXT).get_json()["id"]
    assert first and second and first != second


def test_direct_quote_is_found_with_its_offsets(client, settings):
    project_models_only(settings)
    answer = client.post("/quotes", json={"text": SHORT_ARTICLE}).get_json()
    direct = [q for q in answer["quotes"] if q["type"] in ("direct", "mixed")]
    assert direct
    assert "Nous restons ouverts au dialogue" in direct[0]["text"]
    assert_spans_in(answer, SHORT_ARTICLE)


@pytest.mark.parametrize("prefix", ["😀🇫🇷 ", "Ligne un.\r\n\r\n", "\ufeff", "e\u0301te\u0301 : "])
def test_offsets_are_python_string_indices_of_the_text_as_sent(client, seed, settings, prefix):
    project_models_only(settings)
    text = prefix + seed
    for response in (client.post("/quotes", json={"text": text}),
                     client.post("/quotes", data=text.encode("utf-8"), content_type=TEXT)):
        answer = response.get_json()
        assert answer["quotes"]
        assert_spans_in(answer, text)


def test_every_seed_gives_quotes(client, seed_texts, settings):
    project_models_only(settings)
    for name, text in seed_texts.items():
        assert client.post("/quotes", json={"text": text}).get_json()["quotes"], name


def test_batch_answers_in_order_like_single_calls(client, seed_texts):
    texts = list(seed_texts.values())[:3]
    documents = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]
    documents.insert(1, {"text": SHORT_ARTICLE, "date": "2024-03-01"})
    response = client.post("/quotes/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(documents)
    for document, result in zip(documents, results):
        if "id" in document:
            assert result["id"] == document["id"]
        assert_spans_in(result, document["text"])
        single = client.post("/quotes", json=document).get_json()
        assert result["quotes"] == single["quotes"]


def test_custom_speaker_list_is_served_and_used(pipeline, settings, tmp_path):
    import json

    speakers = tmp_path / "speakers.json"
    speakers.write_text(json.dumps({"speakers": [
        {"id": "lavrov", "name": "Sergueï Lavrov", "aliases": ["Lavrov"], "roles": []}]}),
        encoding="utf-8")
    client = make_app(speakers_file=speakers).test_client()
    assert [s["id"] for s in client.get("/speakers").get_json()["speakers"]] == ["lavrov"]
    if uses_project_models(settings):
        text = "« Nous n'avons rien à ajouter », a déclaré Sergueï Lavrov lundi à Moscou."
        answer = client.post("/quotes", json={"text": text}).get_json()
        assert [q["speaker"]["id"] for q in answer["quotes"]] == ["lavrov"]
        assert answer["speakers"] == [{"id": "lavrov", "name": "Sergueï Lavrov", "quotes": 1}]


# ---- the answers' form: UTF-8 as is, the schemas' field order -----------------------------------

def keys_in_order(raw):
    """Every object's keys, in the order they come in the JSON text."""
    import json

    found = []
    json.loads(raw, object_pairs_hook=lambda pairs: found.append([k for k, _ in pairs]) or dict(pairs))
    return found


def test_answers_are_utf8_as_is_in_the_schemas_field_order(client, seed):
    from service.api.schemas import ArticleAnswerSchema, QuoteSchema

    response = client.post("/quotes", json={"text": seed})
    raw = response.get_data()
    text = raw.decode("utf-8")
    assert "\\u" not in text and "é" in text
    assert response.mimetype == "application/json"
    orders = keys_in_order(text)
    assert orders[-1] == list(ArticleAnswerSchema._declared_fields)
    quote_orders = [o for o in orders if "confidence" in o]
    assert quote_orders and all(o == list(QuoteSchema._declared_fields) for o in quote_orders)


# ---- language -----------------------------------------------------------------------------------

ENGLISH = ("The Kremlin said on Thursday that talks with Ukraine had stalled, and a spokesman added "
           "that Moscow remained open to dialogue. \"We are ready to negotiate,\" he said.")
GERMAN = ("Der Kreml erklärte am Donnerstag, die Gespräche mit der Ukraine seien ins Stocken geraten. "
          "„Wir sind bereit zu verhandeln“, sagte ein Sprecher vor Journalisten in Moskau.")


@pytest.mark.parametrize("text, code", [(ENGLISH, "en"), (GERMAN, "de")])
def test_a_text_clearly_not_french_gets_422_with_the_language(client, text, code):
    from api_support import assert_json_error

    for response in (client.post("/quotes", json={"text": text}),
                     client.post("/quotes", data=text.encode(), content_type=TEXT)):
        body = assert_json_error(response, 422)
        assert body["errors"]["language"]["detected"] == code
        assert f"({code})" in body["message"] and '"language": "fr"' in body["message"]


def test_language_fr_reads_it_anyway_and_reports_the_language_detected(client):
    answer = client.post("/quotes", json={"text": ENGLISH, "language": "fr"})
    assert answer.status_code == 200 and answer.get_json()["language"] == "en"
    plain = client.post("/quotes", data=ENGLISH.encode(), content_type=TEXT,
                        headers={"Content-Language": "fr"})
    assert plain.status_code == 200 and plain.get_json()["language"] == "en"
    assert client.post("/quotes", json={"text": ENGLISH, "language": "en"}).status_code == 422


def test_short_texts_are_read_as_french(client):
    answer = client.post("/quotes", json={"text": "\"No comment,\" he said."})
    assert answer.status_code == 200 and answer.get_json()["language"] == "fr"


# ---- batches: each document on its own ----------------------------------------------------------

def test_batch_answers_the_good_documents_and_gives_the_bad_ones_an_error_entry(pipeline):
    client = make_app(max_chars=500).test_client()
    documents = [{"id": "good", "text": SHORT_ARTICLE},
                 {"id": "empty", "text": "  "},
                 {"id": "long", "text": "a" * 501},
                 {"id": "english", "text": ENGLISH},
                 {"text": ENGLISH, "language": "fr"},
                 {"id": "odd", "text": SHORT_ARTICLE, "colour": "red"},
                 "not an object",
                 {"id": "good-2", "text": SHORT_ARTICLE, "date": "2024-03-01"}]
    response = client.post("/quotes/batch", json={"documents": documents})
    assert response.status_code == 207
    results = response.get_json()["results"]
    assert [r["id"] for r in results][:4] == ["good", "empty", "long", "english"]
    assert [r["id"] for r in results][5:] == ["odd", None, "good-2"]
    assert [r.get("error", {}).get("code") for r in results] == [None, 422, 413, 422, None, 422, 422, None]
    single = client.post("/quotes", json={"text": SHORT_ARTICLE}).get_json()
    assert results[0]["quotes"] == single["quotes"] == results[7]["quotes"]
    assert results[3]["error"]["errors"]["language"]["detected"] == "en"
    assert results[4]["language"] == "en" and len(results[4]["id"]) == 32
    assert results[1]["error"]["errors"] == {"text": ["text is empty"]}
    assert set(results[2]["error"]) == {"code", "message"} and "500" in results[2]["error"]["message"]


def test_batch_where_every_document_is_answered_is_200(client):
    response = client.post("/quotes/batch", json={"documents": [{"text": SHORT_ARTICLE}]})
    assert response.status_code == 200 and "error" not in response.get_json()["results"][0]


def test_batch_cap_and_body_limit_hold_for_the_whole_request(pipeline):
    from api_support import assert_json_error

    client = make_app(batch_max_documents=2, max_body_bytes=2000).test_client()
    too_many = {"documents": [{"text": SHORT_ARTICLE}] * 3}
    assert_json_error(client.post("/quotes/batch", json=too_many), 413)
    assert_json_error(client.post("/quotes/batch", json={"documents": [{"text": "é" * 2000}]}), 413)
    assert_json_error(client.post("/quotes/batch", json={"documents": "x"}), 422)


def test_batch_streams_one_line_per_document_with_ndjson(client, seed):
    import json

    documents = [{"id": "a", "text": SHORT_ARTICLE}, {"id": "b", "text": ""}, {"id": "c", "text": seed}]
    response = client.post("/quotes/batch", json={"documents": documents},
                           headers={"Accept": "application/x-ndjson"})
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 3
    results = [json.loads(line) for line in lines]
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert results[1]["error"]["code"] == 422
    whole = client.post("/quotes/batch", json={"documents": documents}).get_json()["results"]
    assert results == whole
    # JSON stays the answer to clients that take both.
    both = client.post("/quotes/batch", json={"documents": documents[:1]},
                       headers={"Accept": "application/json, application/x-ndjson;q=0.5"})
    assert both.mimetype == "application/json"
