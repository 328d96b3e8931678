"""`make models` must not rot: each processor trains a few steps on a tiny set and loads back."""
import os
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
UD_DIR = Path(os.environ.get("UD_DIR", ROOT.parent / "shared" / "ud"))
sys.path.insert(0, str(ROOT))

from training import prepare_data, train  # noqa: E402


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


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    if not (UD_DIR / "UD_French-Sequoia").is_dir():
        pytest.fail(f"UD treebanks not found in {UD_DIR} (set UD_DIR)")
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
    return out, codes, logs


def test_every_processor_trains(tiny_models):
    out, codes, logs = tiny_models
    failed = {s: (logs / f"{s}.log").read_text()[-800:] for s, c in codes.items() if c != 0}
    assert not failed, failed
    for step in train.TRAINERS:
        assert (out / f"{step}.pt").is_file()
    assert not list(out.glob("*checkpoint*")), "checkpoints must not be left beside the models"


def test_trained_models_load_and_run(tiny_models):
    from service.config import Settings
    from service.nlp.pipeline import load_pipeline, parse

    out, codes, _ = tiny_models
    assert all(c == 0 for c in codes.values())
    doc = parse(["Le ministre a déclaré que la réunion aura lieu demain."],
                load_pipeline(Settings(models_dir=out)))[0]
    words = [w for s in doc.sentences for w in s.words]
    assert words and all(w.deprel and w.upos and w.lemma is not None for w in words)


def test_a_trained_step_is_skipped(tiny_models, tmp_path):
    out, _, _ = tiny_models
    assert train.train("mwt", "smoke", tmp_path, out, log_dir=tmp_path) == 0
    assert not (tmp_path / "mwt.log").exists()
