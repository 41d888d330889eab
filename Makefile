# geokg — the whole set-up on a fresh machine is `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo native test test-fast typecheck bench bench-queries bench-serve bench-tagger model background clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# The extraction's hottest modules compiled with mypyc (geokg/native.py), kept under the venv with the
# hashes of the sources they came from; a source edited since is plain Python again until this reruns.
# Without a C compiler geokg stays plain Python, only slower.
NATIVE := $(VENV)/geokg-native/sources.json
$(NATIVE): $(STAMP) geokg/native.py $(wildcard extract/*.py extract/lang_de/*.py)
	$(BIN)/python -m geokg.native || echo "geokg: the compiled modules were not built; geokg runs as plain Python"

native: $(NATIVE)

demo: $(STAMP) $(NATIVE)
	$(BIN)/geokg demo --out out

# The suite runs on JOBS processes (pytest-xdist; JOBS=0 runs it in this one), each test module
# kept on one of them so that its fixtures are made once. `make test` is everything, CI's command
# (.ci/run); `make test-fast` leaves out the tests marked slow (processes, a Dask cluster, memory),
# browser and tools.
# The doctests of the compiled modules (geokg/native.py) run on their plain source, in a pass of their own.
JOBS ?= 2
PYTEST := $(BIN)/python -m pytest -q -n $(JOBS) --dist loadscope --doctest-modules geokg tests
PLAIN_DOCTESTS := GEOKG_PURE_PYTHON=1 $(BIN)/python -m pytest -q -p no:cacheprovider --doctest-modules geokg/extract

test: $(STAMP) $(NATIVE)
	$(BIN)/python -m mypy
	$(PYTEST)
	$(PLAIN_DOCTESTS)

test-fast: $(STAMP) $(NATIVE)
	$(PYTEST) -m "not slow and not browser and not tools"
	$(PLAIN_DOCTESTS)

bench: $(STAMP) $(NATIVE)
	$(BIN)/python bench/run.py

# Query speed beside Oxigraph's CLI, and the same rows everywhere, on the first N 10kGNAD articles
# (../shared/data; articles carry no date, so --date dates them); writes bench/queries.md.
QUERY_ARTICLES ?= 300
QUERY_BENCH := $(or $(TMPDIR),/tmp)/geokg-bench-queries
bench-queries: $(STAMP)
	mkdir -p $(QUERY_BENCH) && rm -rf $(QUERY_BENCH)/out $(QUERY_BENCH)/kg
	$(BIN)/python bench/queries.py --articles $(QUERY_ARTICLES) --jsonl $(QUERY_BENCH)/articles.jsonl
	$(BIN)/geokg -q build $(QUERY_BENCH)/articles.jsonl --date 2016-01-15 --out $(QUERY_BENCH)/out --format ttl,trig,void
	$(BIN)/geokg -q build $(QUERY_BENCH)/articles.jsonl --date 2016-01-15 --store $(QUERY_BENCH)/kg
	$(BIN)/python bench/queries.py --out $(QUERY_BENCH)/out --store $(QUERY_BENCH)/kg --compare
	$(BIN)/python bench/queries.py --out $(QUERY_BENCH)/out --store $(QUERY_BENCH)/kg --markdown bench/queries.md

# The served workbench under load: a store of 100,000+ statements (bench/corpus.py, built once and kept
# in SERVE_BENCH), geokg serve on 127.0.0.1, 8 clients; p50/p95 of search, neighbourhood and timeline and
# the server's memory into bench/results.md. SERVE_VIA=files builds graph.trig and loads it into a store
# (7 minutes here); SERVE_VIA=store adds the 320 liveblogs one by one with build --store (hours here).
SERVE_BENCH ?= $(or $(TMPDIR),/tmp)/geokg-serve-bench
SERVE_REQUESTS ?= 8000
SERVE_VIA ?= files
bench-serve: $(STAMP)
	$(BIN)/python bench/serve_load.py $(SERVE_BENCH) --via $(SERVE_VIA) --requests $(SERVE_REQUESTS) --clients 8

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
