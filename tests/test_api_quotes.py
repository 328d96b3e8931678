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
