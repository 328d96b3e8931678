"""`make models` must not rot: each processor trains a few steps on a tiny set and loads back."""
import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
UD_DIR = Path(os.environ.get("UD_DIR", ROOT.parent / "shared" / "ud"))
sys.path.insert(0, str(ROOT))

from training import prepare_data, promote, train  # noqa: E402


def write_subset(source, target, count):
    sentences = list(prepare_data.read_sentences(source))[:count]
    target.write_text("".join("\n".join(s) + "\n\n" for s in sentences), encoding="utf-8")
    return sentences


def write_tiny_pretrain(sentences, path, tmp):
    """Random vectors for the subset's words: enough to exercise the trainers' loading."""
    from stanza.models.common.pretrain import Pretrain

    words = sorted({line.split("\t")[1] for s in sentences for line in s
                    if line and not line.startswith("#") and line.split("\t")[0].isdigit()})
    vectors = np.random.default_rng(0).normal(size=(len(words), 10))
    text = tmp / "vectors.txt"
    text.write_text(f"{len(words)} 10\n" + "".join(
        w + " " + " ".join(f"{x:.3f}" for x in v) + "\n" for w, v in zip(words, vectors)), encoding="utf-8")
    Pretrain(str(path), str(text), max_vocab=len(words) + 10).load()


def require_treebanks():
    if not (UD_DIR / "UD_French-Sequoia").is_dir():
        pytest.fail(f"UD treebanks not found in {UD_DIR} (set UD_DIR)")


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    require_treebanks()
    work = tmp_path_factory.mktemp("data")
    out = tmp_path_factory.mktemp("models")
    sequoia = UD_DIR / "UD_French-Sequoia"
    train_sentences = write_subset(sequoia / "fr_sequoia-ud-train.conllu", work / "train.conllu", 50)
    for stem in ("tok_train", "parser_train"):
        (work / f"{stem}.conllu").write_text((work / "train.conllu").read_text(encoding="utf-8"), encoding="utf-8")
    write_subset(sequoia / "fr_sequoia-ud-dev.conllu", work / "dev.conllu", 10)
    for stem in ("tok_train", "dev"):
        prepare_data.write_tokenizer_files(work, stem)
    write_tiny_pretrain(train_sentences, out / "pretrain.pt", work)
    logs = tmp_path_factory.mktemp("logs")
    codes = {step: train.train(step, "smoke", work, out, log_dir=logs) for step in train.TRAINERS}
    return out, codes, logs, work


def test_every_processor_trains(tiny_models):
    out, codes, logs, _ = tiny_models
    failed = {s: (logs / f"{s}.log").read_text()[-800:] for s, c in codes.items() if c != 0}
    assert not failed, failed
    for step in train.TRAINERS:
        assert (out / f"{step}.pt").is_file()
    assert not list(out.glob("*checkpoint*")), "checkpoints must not be left beside the models"


def assert_the_pipeline_parses_with(models):
    from service.config import Settings
    from service.nlp.pipeline import load_pipeline, parse

    doc = parse(["Le ministre a déclaré que la réunion aura lieu demain."],
                load_pipeline(Settings(models_dir=models)))[0]
    words = [w for s in doc.sentences for w in s.words]
    assert words and all(w.deprel and w.upos and w.lemma is not None for w in words)


def test_trained_models_load_and_run(tiny_models):
    out, codes, _, _ = tiny_models
    assert all(c == 0 for c in codes.values())
    assert_the_pipeline_parses_with(out)


def test_a_trained_step_is_skipped(tiny_models, tmp_path):
    out, _, _, _ = tiny_models
    assert train.train("mwt", "smoke", tmp_path, out, log_dir=tmp_path) == 0
    assert not (tmp_path / "mwt.log").exists()


def test_training_continues_from_a_model_and_the_result_can_be_promoted(tiny_models, tmp_path):
    """make models-continue-* and training/promote.py: a warm start keeps the earlier run's record."""
    out, codes, _, work = tiny_models
    assert all(c == 0 for c in codes.values())
    more, models = tmp_path / "more", tmp_path / "models"
    more.mkdir()
    shutil.copytree(out, models)
    shutil.copy(out / "pretrain.pt", more / "pretrain.pt")
    for step in ("tokenize", "pos", "depparse"):
        code = train.train(step, "smoke", work, more, log_dir=tmp_path, steps=10, warm_from=out)
        assert code == 0, (tmp_path / f"{step}.log").read_text()[-800:]
        promote.promote(step, more, models)
    records = json.loads((models / "training.json").read_text(encoding="utf-8"))
    first = json.loads((out / "training.json").read_text(encoding="utf-8"))
    for step in ("tokenize", "pos", "depparse"):
        assert records[step]["warm_start_from"] == first[step]
    assert "--max_steps 10" in records["pos"]["flags"] and "--steps 10" in records["tokenize"]["flags"]
    assert (models / "pos.pt").read_bytes() == (more / "pos.pt").read_bytes()


def write_pos_recipe(folder, first, steps):
    """A training.json recording two tagger runs: `first`, then `steps` smoke steps from its model."""
    flags = " ".join(train.with_steps(train.PROFILES["smoke"]["pos"], steps))
    recipe = folder / "recipe.json"
    recipe.write_text(json.dumps({"pos": {"profile": "smoke", "flags": flags, "warm_start_from": first}}),
                      encoding="utf-8")
    return recipe


def replay_pos(recipe, work, models, logs, chain):
    """`make models-pos` with RECIPE=recipe, into `models` (the tiny models but the tagger)."""
    runs = train.recipe_runs(recipe, "pos", "smoke")
    assert len(runs) == 2
    code = train.replay("pos", runs, work, models, log_dir=logs, chain_work=chain)
    assert code == 0, (logs / "pos.log").read_text(encoding="utf-8")[-800:]
    return runs


def models_but_pos(out, target):
    shutil.copytree(out, target)
    (target / "pos.pt").unlink()
    return target


def test_a_recipe_is_replayed_run_after_run(tiny_models, tmp_path):
    """make models: the first recorded run trains from scratch, the second from the first one's model,
    each with its recorded flags, and the model's record holds the chain again."""
    out, codes, _, work = tiny_models
    assert codes["pos"] == 0
    first = {"profile": "smoke", "flags": " ".join(train.with_steps(train.PROFILES["smoke"]["pos"], 5))}
    models, chain = models_but_pos(out, tmp_path / "models"), tmp_path / "chain"
    runs = replay_pos(write_pos_recipe(tmp_path, first, 10), work, models, tmp_path, chain)
    first_command = (tmp_path / "pos.run-1.log").read_text(encoding="utf-8").splitlines()[0]
    last_command = (tmp_path / "pos.log").read_text(encoding="utf-8").splitlines()[0]
    assert "--max_steps 5 " in first_command and "warm_start" not in first_command
    assert f"-m training.warm_start pos {(chain / 'pos' / 'run-1' / 'pos.pt').resolve()} " in last_command
    assert "--max_steps 10 " in last_command
    record = train.read_records(models / "training.json")["pos"]
    assert train.chain_flags(record) == [first["flags"], runs[1]["flags"]]
    assert not (chain / "pos").exists(), "the runs before the last are removed once the chain is done"
    assert_the_pipeline_parses_with(models)


def test_an_interrupted_recipe_resumes_after_its_last_finished_run(tiny_models, tmp_path):
    """A chain stopped after its first run (left in the chain folder) trains only the second one."""
    out, codes, _, work = tiny_models
    assert codes["pos"] == 0
    finished = train.read_records(out / "training.json")["pos"]
    chain = tmp_path / "chain"
    (chain / "pos" / "run-1").mkdir(parents=True)
    for name in ("pos.pt", "training.json"):
        shutil.copy(out / name, chain / "pos" / "run-1" / name)
    models = models_but_pos(out, tmp_path / "models")
    replay_pos(write_pos_recipe(tmp_path, finished, 5), work, models, tmp_path, chain)
    assert not (tmp_path / "pos.run-1.log").exists(), "the finished first run must not train again"
    assert train.read_records(models / "training.json")["pos"]["warm_start_from"] == finished


def test_pronoun_lemmas_follow_one_convention():
    """PUD's « ils » -> « il » and ParisStories' « ils » -> « lui » become the written treebanks' « eux »."""
    require_treebanks()
    conventions = prepare_data.reference_lemmas(UD_DIR)
    assert conventions[("ils", "PRON")] == "eux" and conventions[("il", "PRON")] == "lui"
    line = "3\tIls\til\tPRON\t_\tGender=Masc|Number=Plur\t4\tnsubj\t_\t_"
    (harmonised,) = prepare_data.harmonise([line], conventions)
    assert harmonised.split("\t")[2] == "eux" and harmonised.split("\t")[5] == "Gender=Masc|Number=Plur"
    assert prepare_data.harmonise(["# text = Ils"], conventions) == ["# text = Ils"]



def test_one_character_symbols_are_sym_in_training_data_and_left_alone_in_tests(tmp_path):
    """Sequoia's « % » NOUN and « / » ADP become SYM, their relations kept; the tests keep their tags."""
    lines = ["1\t20\t20\tNUM\t_\t_\t2\tnummod\t_\t_", "2\t%\t%\tNOUN\t_\tGender=Masc\t0\troot\t_\t_",
             "3\t/\t/\tADP\t_\t_\t4\tcase\t_\t_", "4\tla\tle\tDET\t_\t_\t2\tdet\t_\t_"]
    harmonised = [line.split("\t") for line in prepare_data.harmonise_symbols(lines)]
    assert [cols[3] for cols in harmonised] == ["NUM", "SYM", "SYM", "DET"]
    assert [cols[7] for cols in harmonised] == ["nummod", "root", "case", "det"]
    folder = tmp_path / "UD_X"
    folder.mkdir()
    (folder / "x.conllu").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    prepare_data.write_conllu([("UD_X", "x.conllu")], tmp_path, tmp_path / "test.conllu", symbols=False)
    assert (tmp_path / "test.conllu").read_text(encoding="utf-8").split("\n")[1].split("\t")[3] == "NOUN"
