"""python -m service.batch on real Dask clusters and the real engine: the answers equal
POST /quotes's, every input kind, Parquet output, bad documents, a run killed and
resumed, and a scheduler and workers started as separate processes.

The clusters listen on loopback only and are stopped by their fixtures.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api_support import ROOT, free_port, make_app

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ARTICLES = sorted((ROOT / "tests" / "articles").glob("*.txt"))
DATE = "2024-03-01"
ANSWER_KEYS = ("id", "language", "quotes", "speakers")
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "QUOTES_TORCH_THREADS": "1"}
START_TIMEOUT = 180
ENGLISH = ("The government said on Thursday that the talks had been suspended until further notice, "
           "and officials in the capital confirmed that no new date had been set for the meeting.")


# ---- inputs and outputs -----------------------------------------------------------------

def corpus_records():
    """The seeds and the test articles as JSON Lines records, with a date and metadata."""
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "date": DATE, "source": p.parent.name}
            for p in SEEDS + ARTICLES]


def write_jsonl(path, records, extra_lines=()):
    with open(path, "wb") as out:
        for record in records:
            out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        for line in extra_lines:
            out.write(line + b"\n")
    return path


def output_lines(folder):
    """Every answer line of the part files, in part order."""
    lines = []
    for part in sorted(Path(folder).glob("part-*.jsonl")):
        lines += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
    return lines


def manifest(folder):
    return json.loads((Path(folder) / "_SUCCESS").read_text(encoding="utf-8"))


def answer_of(line):
    return {key: line[key] for key in ANSWER_KEYS}


def run_batch(*args):
    """The command, run in this process (its client joins the cluster given with --scheduler)."""
    from service.batch.__main__ import main

    return main([str(a) for a in args] + ["--no-progress"])


def batch_command(*args):
    return [sys.executable, "-m", "service.batch", *[str(a) for a in args], "--no-progress"]


# ---- the service's answers and the clusters ---------------------------------------------

@pytest.fixture(scope="module")
def api(pipeline):
    return make_app().test_client()


@pytest.fixture(scope="module")
def api_answers(api):
    """POST /quotes's answer to each corpus record, by id."""
    answers = {}
    for record in corpus_records():
        response = api.post("/quotes", json={k: record[k] for k in ("id", "text", "date")})
        assert response.status_code == 200
        answers[record["id"]] = response.get_json()
    return answers


@pytest.fixture(scope="module")
def cluster():
    """A local cluster of two worker processes, one thread each, on loopback."""
    from distributed import LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address="127.0.0.1:0", env={"QUOTES_TORCH_THREADS": "1"})
    yield local.scheduler_address
    local.close()


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def separate_cluster(tmp_path_factory):
    """`dask scheduler` and two `dask worker` processes, started as a user would."""
    from distributed import Client

    dask = str(Path(sys.executable).parent / "dask")
    logs = tmp_path_factory.mktemp("dask-logs")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    loopback = ["--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0"]
    commands = [[dask, "scheduler", "--port", str(port), *loopback]]
    commands += [[dask, "worker", address, "--nworkers", "1", "--nthreads", "1", *loopback]] * 2
    processes = []
    try:
        for number, command in enumerate(commands):
            with open(logs / f"{number}.log", "wb") as log:
                processes.append(subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=log,
                                                  stderr=subprocess.STDOUT))
        with Client(address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield address
    finally:
        for process in reversed(processes):
            stop(process)


# ---- tests --------------------------------------------------------------------------------

def test_jsonl_answers_equal_the_service(tmp_path, cluster, api_answers):
    records = corpus_records()
    source = write_jsonl(tmp_path / "corpus.jsonl", records)
    out = tmp_path / "out"
    assert run_batch(source, "--output", out, "--scheduler", cluster, "--partition-documents", 10) == 0

    lines = output_lines(out)
    assert [line["id"] for line in lines] == [r["id"] for r in records]
    for line in lines:
        assert answer_of(line) == api_answers[line["id"]]
        assert line["metadata"] == {"source": "seeds" if line["id"][:3].isdigit() else "articles"}
        assert "error" not in line
    summary = manifest(out)
    assert summary["documents"] == len(records) and summary["failures"] == 0
    assert summary["quotations"] == sum(len(a["quotes"]) for a in api_answers.values())
    assert summary["parts"] == len(list(out.glob("part-*.jsonl"))) > 1
    assert not (out / "_work").exists()


def test_txt_folder_with_a_file_that_is_not_utf8(tmp_path, cluster, api):
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    (folder / "latin1.txt").write_bytes("« Été », a-t-il déclaré.".encode("latin-1"))
    out = tmp_path / "out"
    assert run_batch(folder, "--output", out, "--scheduler", cluster, "--partition-documents", 4) == 1

    lines = {line["id"]: line for line in output_lines(out)}
    assert sorted(lines) == sorted([s.stem for s in SEEDS] + ["latin1"])
    assert lines["latin1"]["error"]["code"] == 400
    assert "not UTF-8" in lines["latin1"]["error"]["message"]
    for seed in SEEDS:
        expected = api.post("/quotes", data=seed.read_bytes(),
                            content_type="text/plain; charset=utf-8").get_json()
        assert {k: lines[seed.stem][k] for k in ("language", "quotes", "speakers")} == \
               {k: expected[k] for k in ("language", "quotes", "speakers")}
    assert manifest(out)["failures"] == 1


def test_bad_lines_give_errors_and_the_rest_is_done(tmp_path, cluster, api_answers):
    good = corpus_records()[:3]
    bad = [b'{"id": "broken", "text": "no closing brace"',
           '{"id": "latin", "text": "d\xe9j\xe0"}'.encode("latin-1"),
           b'{"id": "empty", "text": "   "}',
           json.dumps({"id": "long", "text": "mot " * 60_000}).encode(),
           b'{"id": "bad-date", "text": "Il a dit oui.", "date": "hier"}',
           json.dumps({"id": "english", "text": ENGLISH}).encode()]
    forced = {"id": "english-as-french", "text": ENGLISH, "language": "fr"}
    source = write_jsonl(tmp_path / "mixed.jsonl", good + [forced], extra_lines=bad)
    out = tmp_path / "out"
    assert run_batch(source, "--output", out, "--scheduler", cluster) == 1

    lines = output_lines(out)
    by_id = {line["id"]: line for line in lines}
    assert len(lines) == len(good) + 1 + len(bad)
    for record in good:
        assert answer_of(by_id[record["id"]]) == api_answers[record["id"]]
    assert by_id["english-as-french"]["language"] == "en"      # read as French, as asked
    assert "error" not in by_id["english-as-french"] and "metadata" not in by_id["english-as-french"]
    errors = {line["id"]: line["error"] for line in lines if "error" in line}
    broken = next(k for k in errors if k.startswith("mixed@"))
    assert errors[broken]["code"] == 400 and "not valid JSON" in errors[broken]["message"]
    assert errors["latin"]["code"] == 400 and "not UTF-8" in errors["latin"]["message"]
    assert errors["empty"] == {"code": 422, "message": "text is empty"}
    assert errors["long"]["code"] == 413 and "over the limit" in errors["long"]["message"]
    assert errors["bad-date"]["code"] == 422
    assert errors["english"]["code"] == 422 and "not French" in errors["english"]["message"]
    assert all(set(by_id[k]) == {"id", "error"} for k in errors)
    assert len(errors) == len(bad) == manifest(out)["failures"]


def test_parquet_in_and_out(tmp_path, cluster, api_answers):
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = corpus_records()[:len(SEEDS)]
    blank = {"id": "blank", "text": " ", "date": DATE, "source": "test"}
    source = tmp_path / "seeds.parquet"
    pq.write_table(pa.Table.from_pylist(records + [blank]), source, row_group_size=3)
    out = tmp_path / "out"
    assert run_batch(source, "--output", out, "--scheduler", cluster, "--format", "parquet",
                     "--partition-documents", 2) == 1

    rows = pq.read_table(out).to_pylist()           # the folder as a dataset: part files only
    expected = [(r["id"], q) for r in records for q in api_answers[r["id"]]["quotes"]]
    assert len(rows) == len(expected) == manifest(out)["quotations"]
    for row, (document_id, quote) in zip(rows, expected):
        speaker = quote["speaker"] or {}
        assert (row["document_id"], row["start"], row["end"], row["text"], row["type"]) == \
               (document_id, quote["start"], quote["end"], quote["text"], quote["type"])
        assert (row["speaker_id"], row["speaker_name"]) == (speaker.get("id"), speaker.get("name"))
        assert row["speaker_mention_text"] == (speaker.get("mention") or {}).get("text")
        assert row["cue_lemma"] == (quote["cue"] or {}).get("lemma")
        assert row["confidence"] == pytest.approx(quote["confidence"])
    assert len(list(out.glob("part-*.parquet"))) == 4      # 2 row groups of 3, 2 rows a part
    failed = [json.loads(line) for f in out.glob("_failures/*.jsonl") for line in f.read_text().splitlines()]
    assert [(f["id"], f["error"]["code"]) for f in failed] == [("blank", 422)]
    assert manifest(out)["failures"] == 1


def wait_for(condition, timeout, process):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def cut_state(out):
    """(documents in written parts, documents in the journals of cut parts)."""
    written = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in out.glob("part-*.jsonl"))
    journaled = sum(len(c.read_text(encoding="utf-8").splitlines())
                    for c in out.glob("_work/part-*/*.jsonl")
                    if not (out / f"{c.parent.name}.jsonl").exists())
    return written, journaled


def test_killed_run_resumes_each_document_exactly_once(tmp_path, api_answers):
    records = corpus_records()
    source = write_jsonl(tmp_path / "corpus.jsonl", records)
    out = tmp_path / "out"
    command = batch_command(source, "--output", out, "--workers", 2, "--partition-documents", 6,
                            "--batch-documents", 1)
    first = subprocess.Popen(command, cwd=tmp_path, env=ENV, start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        started = wait_for(lambda: any(out.glob("part-*.jsonl")) and cut_state(out)[1] > 0,
                           START_TIMEOUT, first)
        os.killpg(first.pid, signal.SIGKILL)         # the client and its cluster, all at once
        first.wait(timeout=30)
    finally:
        stop(first)
    assert started, "no part written and no part cut before the run ended"
    time.sleep(1)                                    # the workers notice their parent is gone
    written, journaled = cut_state(out)
    assert not (out / "_SUCCESS").exists()

    second = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True,
                            timeout=START_TIMEOUT + 120)
    assert second.returncode == 0, second.stdout + second.stderr
    lines = output_lines(out)
    assert [line["id"] for line in lines] == [r["id"] for r in records]
    for line in lines:
        assert answer_of(line) == api_answers[line["id"]]
    summary = manifest(out)
    assert summary["documents"] == len(records)
    assert summary["processed_by_last_run"] == len(records) - written - journaled
    assert not (out / "_work").exists()
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def test_scheduler_and_workers_started_apart(tmp_path, separate_cluster, api_answers):
    records = corpus_records()[:len(SEEDS)]
    source = write_jsonl(tmp_path / "seeds.jsonl", records)
    out = tmp_path / "out"
    done = subprocess.run(batch_command(source, "--output", out, "--scheduler", separate_cluster,
                                        "--partition-documents", 2),
                          cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 documents" in done.stdout and "0 failures" in done.stdout
    lines = output_lines(out)
    assert [answer_of(line) for line in lines] == [api_answers[r["id"]] for r in records]


def test_a_folder_of_another_run_is_refused(tmp_path, cluster):
    source = write_jsonl(tmp_path / "one.jsonl", corpus_records()[:1])
    out = tmp_path / "out"
    assert run_batch(source, "--output", out, "--scheduler", cluster) == 0
    assert run_batch(source, "--output", out, "--scheduler", cluster, "--format", "parquet") == 2
    assert run_batch(source, "--output", out, "--scheduler", cluster) == 0     # all done: nothing to do
    assert manifest(out)["processed_by_last_run"] == 0


def test_pyproject_installs_every_package():
    """`pip install .` installs every package of service/ (the list is explicit because the
    models, at the top of the checkout, are installed as service.models)."""
    import tomllib

    from setuptools import find_packages

    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = set(find_packages(str(ROOT), include=["service", "service.*"]))
    assert found | {"service.models"} == set(listed["packages"]), \
        "add the new packages of service/ to [tool.setuptools] packages in pyproject.toml"
    assert listed["package-dir"]["service.models"] == "models"


def test_models_that_cannot_load_give_status_3(tmp_path):
    source = write_jsonl(tmp_path / "one.jsonl", corpus_records()[:1])
    env = {**ENV, "QUOTES_MODELS_DIR": str(tmp_path / "no-models")}
    done = subprocess.run(batch_command(source, "--output", tmp_path / "out", "--workers", 1),
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=START_TIMEOUT)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "cannot load the engine" in done.stderr
    assert not (tmp_path / "out" / "_SUCCESS").exists()
