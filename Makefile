# geokg — the whole set-up on a fresh machine is `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast typecheck bench bench-tagger model background clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/geokg demo --out out

test: $(STAMP)
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q --doctest-modules geokg tests

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not tools" tests

bench: $(STAMP)
	$(BIN)/python bench/run.py

background: $(STAMP)
	$(BIN)/python -m geokg.graph.build_background

model: $(STAMP)  ## retrain the statistical NER (~10 min, one core) and re-score it on held-out GermEval
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m geokg.extract.ner.train --output extract/ner/model
	$(BIN)/python -m geokg.extract.ner.evaluate extract/ner/model
	$(BIN)/python -m geokg.extract.ner.evaluate extract/ner/model --recognizer combined

bench-tagger: $(STAMP)  ## HanTa STTS/UPOS/lemma accuracy and speed on UD German GSD and PUD
	$(BIN)/python bench/measure_tagger.py

clean:
	rm -rf out .pytest_cache .mypy_cache test-artifacts
