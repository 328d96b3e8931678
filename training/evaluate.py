"""Score the French models on the held-out tests and write models/fr/MODEL_CARD.md.

Two settings, both scored with the CoNLL 2018 evaluation (Stanza's copy):
  gold tokenisation: the gold tokens and words of the test set, then the
                     tagger, lemmatizer and parser of the project;
  raw text:          the whole pipeline from the test set's raw text.
Tests: GSD test (never trained on) and Sequoia test.
The models run in float32, as trained; the raw-text scores are also given
as the service runs the models by default on the evaluating machine (parser
scorers in bfloat16 where the CPU has it natively, tagger and parser LSTMs in
int8: service/nlp/precision.py, service/nlp/quantize.py).
"""
import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

METRICS = ["Tokens", "Sentences", "Words", "UPOS", "UFeats", "Lemmas", "UAS", "LAS"]
TESTS = {"GSD test": "test_gsd", "Sequoia test": "test_sequoia"}


def scores(gold_file, system_file):
    from stanza.models.common.utils import ud_scores

    evaluation = ud_scores(str(gold_file), str(system_file))
    return {m: round(100 * evaluation[m].f1, 2) for m in METRICS}


def blank_predicted_fields(doc):
    for sentence in doc.sentences:
        for word in sentence.words:
            word.upos = word.xpos = word.feats = word.lemma = None
            word.head, word.deprel, word.deps = None, None, None


def tag_gold_tokens(pipeline, gold_file, out_file):
    """Run tagger, lemmatizer and parser over the gold tokenisation."""
    from stanza.utils.conll import CoNLL

    doc = CoNLL.conll2doc(input_file=str(gold_file))
    blank_predicted_fields(doc)
    for name in ("pos", "lemma", "depparse"):
        doc = pipeline.processors[name].process(doc)
    CoNLL.write_doc2conll(doc, str(out_file))


def parse_raw_text(pipeline, text_file, out_file):
    from stanza.utils.conll import CoNLL

    doc = pipeline(Path(text_file).read_text(encoding="utf-8"))
    CoNLL.write_doc2conll(doc, str(out_file))


def served_setting():
    """The label of the as-served row: which of the service's speed-ups this machine turns on."""
    from service.config import Settings
    from service.nlp.precision import use_bfloat16
    from service.nlp.quantize import use_int8

    defaults = Settings()
    parts = [f"parser scorers {'bfloat16' if use_bfloat16(defaults.parser_bf16) else 'float32'}",
             f"LSTMs {'int8' if use_int8(defaults.lstm_int8) else 'float32'}"]
    return f"raw text, as served ({', '.join(parts)})"


def evaluate(models_dir, work):
    from service.config import Settings
    from service.nlp.pipeline import load_pipeline

    as_trained = Settings(models_dir=Path(models_dir), parser_bf16="off", lstm_int8="off")
    results = {label: {} for label in TESTS}
    with tempfile.TemporaryDirectory() as tmp:
        pipeline = load_pipeline(as_trained)
        for label, stem in TESTS.items():
            gold = Path(work) / f"{stem}.conllu"
            started = time.time()
            tag_gold_tokens(pipeline, gold, Path(tmp) / "gold_tok.conllu")
            parse_raw_text(pipeline, Path(work) / f"{stem}.txt", Path(tmp) / "raw.conllu")
            results[label] = {"gold tokenisation": scores(gold, Path(tmp) / "gold_tok.conllu"),
                              "raw text": scores(gold, Path(tmp) / "raw.conllu"),
                              "seconds": round(time.time() - started, 1)}
        served = load_pipeline(Settings(models_dir=Path(models_dir)))   # loading sets the scorers' precision
        for label, stem in TESTS.items():
            parse_raw_text(served, Path(work) / f"{stem}.txt", Path(tmp) / "served.conllu")
            results[label][served_setting()] = scores(Path(work) / f"{stem}.conllu", Path(tmp) / "served.conllu")
            print(label, json.dumps(results[label]))
    return results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", default="models/fr")
    ap.add_argument("--work", default="training/work/data")
    ap.add_argument("--card-only", action="store_true", help="rewrite the card from the saved scores")
    args = ap.parse_args(argv)
    from training.model_card import write_card

    scores_file = Path(args.models) / "scores.json"
    if not args.card_only:
        scores_file.write_text(json.dumps(evaluate(args.models, args.work), indent=2) + "\n",
                               encoding="utf-8")
    write_card(Path(args.models), json.loads(scores_file.read_text(encoding="utf-8")))
    print(f"wrote {Path(args.models) / 'MODEL_CARD.md'}")


if __name__ == "__main__":
    main()
