"""The engine's library interface: extract, extract_batch, deadlines, odd input."""
import time

import pytest

from service.quotes import ProcessingTimeout, count_speakers, extract, extract_batch, load_speakers

ARTICLE = "« Nous ne céderons pas », a déclaré Dmitri Peskov.\n\nVladimir Poutine a affirmé que la guerre durerait."


def test_batch_gives_one_answer_per_article_in_order(pipeline):
    results = extract_batch([(ARTICLE, None), ("", None), ("Rien à signaler.", "2024-01-01")], pipeline=pipeline)
    assert len(results) == 3
    assert results[1] == [] and results[2] == []
    assert [q.text for q in results[0]] == [q.text for q in extract(ARTICLE, pipeline=pipeline)]


def test_quotes_come_in_text_order_with_dict_form(pipeline):
    quotes = extract(ARTICLE, pipeline=pipeline)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    d = quotes[0].to_dict()
    assert set(d) == {"text", "start", "end", "type", "speaker", "cue", "confidence"}
    assert set(d["speaker"]) == {"id", "name", "mention", "resolved_by", "gender"}
    assert set(d["cue"]) == {"text", "lemma", "start", "end"}


def test_speakers_are_counted(pipeline):
    counts = count_speakers(extract(ARTICLE, pipeline=pipeline))
    assert {c.id for c in counts} >= {"peskov", "putin"}


def test_a_passed_deadline_raises_processing_timeout(pipeline):
    with pytest.raises(ProcessingTimeout):
        extract(ARTICLE, pipeline=pipeline, deadline=time.monotonic() - 1)


def test_a_deadline_passing_during_parsing_stops_between_parse_batches(pipeline):
    long_text = "\n\n".join([ARTICLE] * 120)      # several parse batches
    started = time.monotonic()
    with pytest.raises(ProcessingTimeout):
        extract(long_text, pipeline=pipeline, deadline=started + 0.05)


def test_a_new_speaker_is_an_edit_of_the_data_file_only(pipeline, tmp_path):
    path = tmp_path / "speakers.json"
    path.write_text('{"speakers": [{"id": "lavrov", "name": "Sergueï Lavrov", "gender": "masc", '
                    '"aliases": ["Sergei Lavrov", "Lavrov"], "roles": [{"title": '
                    '"ministre russe des Affaires étrangères", "from": "2004-03-09", "until": null}]}]}',
                    encoding="utf-8")
    text = ("Sergueï Lavrov a déclaré mardi que Moscou était prêt à négocier.\n\n"
            "Le ministre russe des Affaires étrangères a ajouté que les sanctions ne changeraient rien.")
    quotes = extract(text, pipeline=pipeline, speakers=load_speakers(path))
    assert [q.speaker.id for q in quotes] == ["lavrov", "lavrov"]


def test_an_article_in_a_batch_is_parsed_as_alone(pipeline, seed_texts, monkeypatch):
    """No article shares a Stanza call with another: the answers are those of one call each."""
    import service.nlp

    texts = list(seed_texts.values())
    calls, real_parse = [], service.nlp.parse
    monkeypatch.setattr(service.nlp, "parse", lambda units, pipe=None: calls.append(units) or real_parse(units, pipe))
    batched = extract_batch([(t, None) for t in texts], pipeline=pipeline)
    monkeypatch.undo()
    owners = [{i for u in units for i, t in enumerate(texts) if u in t} for units in calls]
    assert len(calls) >= len(texts) and all(len(o) == 1 for o in owners)
    assert [[q.to_dict() for q in r] for r in batched] == \
        [[q.to_dict() for q in extract(t, pipeline=pipeline)] for t in texts]
