"""The command line (python -m service.cli): JSON, JSON lines, table, standard input, errors.

Runs that load the models are few (each loads Stanza, ~5 s): one subprocess for the
real entry point; the other runs are in-process and reuse the session's pipeline.
"""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIRST = SEEDS / "000_efb5aebf93c93801.txt"
SECOND = SEEDS / "001_98d3174ddacfd2a0.txt"


def run_cli(*args, stdin=None, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "service.cli", *map(str, args)], cwd=ROOT,
                          input=stdin, capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def assert_spans_match(document, text):
    for quote in document["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        for part in (quote["cue"], (quote["speaker"] or {}).get("mention")):
            if part:
                assert text[part["start"]:part["end"]] == part["text"]


@pytest.fixture(scope="module")
def json_answer():
    """The real entry point in its own process: a file and standard input, as one JSON document."""
    result = run_cli("--json", FIRST, "-", stdin=SECOND.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_json_lists_every_input_with_its_quotes(json_answer):
    assert [(d["file"], d["id"]) for d in json_answer] == [(str(FIRST), FIRST.stem), ("-", "stdin")]
    for document, path in zip(json_answer, (FIRST, SECOND)):
        assert document["quotes"], f"no quote found in {path.name}"
        assert_spans_match(document, path.read_text(encoding="utf-8"))
        attributed = sum(1 for q in document["quotes"]
                         if q["speaker"] and (q["speaker"]["id"] or q["speaker"]["name"]))
        assert sum(s["quotes"] for s in document["speakers"]) == attributed


def test_jsonl_gives_one_line_per_file(pipeline, json_answer):
    out = io.StringIO()
    assert cli.run(["--jsonl", str(FIRST), str(SECOND)], out=out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert (first["file"], second["file"], second["id"]) == (str(FIRST), str(SECOND), SECOND.stem)
    assert first["quotes"] == json_answer[0]["quotes"]
    assert second["quotes"] == json_answer[1]["quotes"]


def test_table_shows_one_row_per_quote(pipeline, json_answer):
    out = io.StringIO()
    assert cli.run(["--date", "2022-12-23", str(FIRST)], out=out) == 0
    lines = out.getvalue().splitlines()
    count = len(json_answer[0]["quotes"])
    assert lines[0] == f"{FIRST}: {count} quote{'s' if count != 1 else ''}"
    assert lines[1].split() == ["#", "speaker", "type", "cue", "quote"]
    rows = lines[2:2 + count]
    assert [int(r.split()[0]) for r in rows] == list(range(1, count + 1))
    for row, quote in zip(rows, json_answer[0]["quotes"]):
        assert " ".join(quote["text"].split())[:15] in row
    assert lines[2 + count].startswith("speakers: ") or not json_answer[0]["speakers"]


def unreadable_input(tmp, kind):
    """An input of the given kind and the words the error must hold."""
    if kind == "missing":
        return tmp / "missing.txt", "no such file"
    if kind == "directory":
        return tmp, "not a regular file"
    latin = tmp / "latin1.txt"
    latin.write_bytes("Il a déclaré".encode("latin-1"))
    return latin, "not UTF-8"


@pytest.mark.parametrize("kind", ["missing", "directory", "not-utf8"])
def test_unreadable_input_fails_with_one_line(tmp_path, kind):
    bad, reason = unreadable_input(tmp_path, kind)
    result = run_cli(FIRST, bad, timeout=60)
    assert result.returncode == cli.EXIT_UNREADABLE
    assert result.stdout == b""
    message = result.stderr.decode().strip().splitlines()
    assert len(message) == 1 and reason in message[0] and str(bad) in message[0]


def test_missing_models_fail_with_one_line(tmp_path):
    result = run_cli(FIRST, env={"QUOTES_MODELS_DIR": str(tmp_path / "nowhere")}, timeout=60)
    assert result.returncode == cli.EXIT_ENGINE
    message = result.stderr.decode().strip().splitlines()
    assert len(message) == 1 and message[0].startswith("citations: models unavailable:")


def test_unreadable_speaker_list_fails_with_one_line(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "speakers.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("QUOTES_SPEAKERS_FILE", str(broken))
    assert cli.run([str(FIRST)]) == cli.EXIT_ENGINE
    message = capsys.readouterr().err.strip().splitlines()
    assert len(message) == 1 and "speaker list" in message[0] and str(broken) in message[0]


@pytest.mark.parametrize("value", ["23/12/2022", "2022-13-01", "20221223"])
def test_bad_date_is_a_usage_error(value):
    with pytest.raises(SystemExit) as stop:
        cli.parse_arguments(["--date", value, str(FIRST)])
    assert stop.value.code == 2


def test_standard_input_only_once():
    with pytest.raises(SystemExit):
        cli.parse_arguments(["-", "-"])
