"""The speaker list: reading the data file, matching names, roles by date."""
import json

import pytest

from service.config import Settings
from service.quotes.speakers import load_speakers, speaker_list


@pytest.fixture(scope="module")
def speakers():
    return speaker_list(Settings.from_env({}))


def test_the_default_list_holds_the_four_required_speakers(speakers):
    for speaker_id in ("peskov", "putin", "belousov", "zelensky"):
        assert speakers.get(speaker_id) is not None


@pytest.mark.parametrize("written, expected", [
    ("M. Peskov", "peskov"), ("Dmitri Peskov", "peskov"), ("dmitri PESKOV", "peskov"),
    ("Poutine", "putin"), ("Vladimir Putin", "putin"), ("M. Poutine", "putin"),
    ("Andreï Belooussov", "belousov"), ("Belousov", "belousov"), ("Andrei Belousov", "belousov"),
    ("Zelenskiy", "zelensky"), ("Volodymyr Zelenski", "zelensky"), ("Zélensky", "zelensky"),
    ("le président Zelensky", "zelensky"), ("Mme Belooussov", "belousov"),
])
def test_names_match_whatever_case_accents_titles_and_transliteration(speakers, written, expected):
    assert speakers.by_name(written).id == expected


@pytest.mark.parametrize("written", ["Joe Biden", "Kremlin", "Dmitri", "la Russie", ""])
def test_other_names_do_not_match(speakers, written):
    assert speakers.by_name(written) is None


@pytest.mark.parametrize("description, date, expected", [
    ("le ministre russe de la Défense", "2024-12-01", "belousov"),
    ("le ministre russe de la Défense", "2023-03-10", "shoigu"),
    ("le ministre russe de la Défense", None, "belousov"),
    ("le porte-parole du Kremlin", "2022-10-14", "peskov"),
    ("le président ukrainien", "2022-10", "zelensky"),
    ("le président ukrainien", "2018-06-01", None),
    ("Le maître du Kremlin", "2024", "putin"),
    ("le président russe", "2010-01-01", None),
])
def test_roles_name_their_holder_on_the_date(speakers, description, date, expected):
    found = speakers.by_role(description, date)
    assert (found.id if found else None) == expected


def test_without_a_date_a_holder_the_article_names_is_preferred(speakers):
    assert speakers.by_role("ministre russe de la Défense", None, preferred={"shoigu"}).id == "shoigu"


def test_to_dicts_lists_ids_names_aliases_and_dated_roles(speakers):
    entries = {d["id"]: d for d in speakers.to_dicts()}
    assert entries["belousov"]["roles"][0] == {"title": "ministre russe de la Défense",
                                               "from": "2024-05-12", "until": None}
    assert "Belousov" in entries["belousov"]["aliases"]


def write_list(path, entries):
    path.write_text(json.dumps({"speakers": entries}, ensure_ascii=False), encoding="utf-8")
    return path


def test_another_file_is_read_through_the_settings(tmp_path):
    path = write_list(tmp_path / "people.json", [
        {"id": "lavrov", "name": "Sergueï Lavrov", "gender": "masc",
         "aliases": ["Sergei Lavrov", "Lavrov"],
         "roles": [{"title": "ministre russe des Affaires étrangères", "from": "2004-03-09", "until": None}]}])
    listed = speaker_list(Settings.from_env({"QUOTES_SPEAKERS_FILE": str(path)}))
    assert [s.id for s in listed.speakers] == ["lavrov"]
    assert listed.by_name("M. Lavrov").id == "lavrov"
    assert listed.by_role("le ministre russe des Affaires étrangères", "2020-01-01").id == "lavrov"


def test_a_file_without_optional_fields_loads(tmp_path):
    path = write_list(tmp_path / "min.json", [{"id": "x", "name": "Anne Durand"}])
    assert load_speakers(path).by_name("Durand").id == "x"


@pytest.mark.parametrize("entry, words", [
    ({"id": "x", "name": "Jeanne Durand", "gender": "f"}, ["speaker 1 ('x').gender", "'f'"]),
    ({"id": "x", "name": ""}, ["speaker 1 ('x').name"]),
    ({"name": "Jeanne Durand"}, ["speaker 1.id"]),
    ({"id": "x", "name": "Jeanne Durand", "alias": ["Durand"]}, ["speaker 1 ('x')", "unknown field 'alias'"]),
    ({"id": "x", "name": "Jeanne Durand", "aliases": "Durand"}, ["speaker 1 ('x').aliases"]),
    ({"id": "x", "name": "Jeanne Durand", "roles": [{"title": "maire", "from": "2020-13-01"}]},
     ["speaker 1 ('x').roles[1].from", "2020-13-01"]),
    ({"id": "x", "name": "Jeanne Durand", "roles": [{"title": "maire", "from": "2021-01-01", "until": "2020-01-01"}]},
     ["speaker 1 ('x').roles[1]", "not before"]),
])
def test_a_speaker_list_off_its_format_is_refused_naming_the_entry_and_the_field(tmp_path, entry, words):
    from service.quotes.speakers import SpeakerListError

    path = tmp_path / "speakers.json"
    path.write_text(json.dumps({"speakers": [entry]}), encoding="utf-8")
    with pytest.raises(SpeakerListError) as refused:
        load_speakers(path)
    assert all(w in str(refused.value) for w in words), str(refused.value)


def test_two_speakers_with_one_id_are_refused(tmp_path):
    from service.quotes.speakers import SpeakerListError

    path = tmp_path / "speakers.json"
    same = {"id": "x", "name": "Jeanne Durand", "gender": "fem"}
    path.write_text(json.dumps({"speakers": [same, dict(same, name="Paul Durand")]}), encoding="utf-8")
    with pytest.raises(SpeakerListError, match="speaker 2: the id 'x' is already taken"):
        load_speakers(path)


def test_the_project_speaker_list_follows_its_format(settings):
    assert len(load_speakers(settings.speakers_file)) >= 5
