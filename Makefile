# Casebook: `make run` serves the sample library, `make test` passes every test.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= data/index
STAMP  := $(VENV)/.installed
LLM_STAMP  := $(VENV)/.installed-llm
TEST_STAMP := $(VENV)/.installed-test
CORPUS := $(wildcard corpus/*.md)

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run install llm index test test-fast browser-deps bench eval eval-reports lint clean

run: index
	$(BIN)/casebook serve --index $(INDEX)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	@echo "== Creating .venv and installing Casebook (a few minutes on a fresh machine) =="
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: the CPU wheel on this disk; an unpinned torch pulls a CUDA build.
	$(BIN)/pip install --progress-bar on torch==2.13.0
	$(BIN)/pip install --progress-bar on -e .
	@echo "== Exporting the packaged MiniLM to ONNX (once) =="
	$(BIN)/python -m assistant.embeddings
	touch $(STAMP)

# The embedded language model (llama.cpp built from source, about 5 minutes on 2 cores; pip
# caches the wheel). The default engine never uses it, so `make run` does not wait for it.
# Built for any x86-64 with AVX2, not for this CPU (-march=native): on a virtual machine that
# reports AMX or AVX-512 it may not run, a native build dies with "Illegal instruction" on its
# first prompt. No wheel cache, so a native wheel an earlier build left there is not reused.
$(LLM_STAMP): $(STAMP)
	@echo "== Building llama-cpp-python for the embedded model (about 5 minutes, once) =="
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip install --progress-bar on --no-cache-dir \
		'llama-cpp-python>=0.3'
	$(BIN)/pip install --progress-bar on -e '.[embedded]'
	touch $(LLM_STAMP)

$(TEST_STAMP): $(STAMP) $(LLM_STAMP)
	$(BIN)/pip install --quiet -e '.[test,embedded]'
	touch $(TEST_STAMP)

llm: $(LLM_STAMP)

install: $(STAMP)

# Re-index when a corpus file is newer than the last ingest; unchanged files are no-ops.
$(INDEX)/.corpus-stamp: $(CORPUS) | $(STAMP)
	$(BIN)/casebook ingest corpus --index $(INDEX)
	touch $@

index: $(INDEX)/.corpus-stamp

browser-deps:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium; }

test: $(TEST_STAMP) browser-deps
	$(BIN)/ruff check assistant tests benchmarks app.py
	$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q tests/unit

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks.bench
	$(BIN)/python -m benchmarks.load --sessions 20 --rounds 3
	$(BIN)/python -m benchmarks.scale --chunks 100000

EVAL_INDEX := data/eval-index
# Blind sets over reports that are not in the repository (tests/eval/README.md says where they
# come from) are run when their PDFs are found under EVAL_REPORTS/<set>/reports/.
EVAL_REPORTS ?= ../blind
EVAL_SETS := questions heldout blind2 followups dev3 dev4 dev5 dev6 dev7 dev8 dev9 dev10 dev11 dev12 dev13 dev14 dev15 dev16 dev17 dev18 dev19 dev20 dev21 dev22 dev23 dev24 dev25 dev26 dev27 dev28 dev29 dev30 dev31 dev32 dev33 dev34 dev35 dev36 dev37 dev38 dev39 dev40 dev41 dev42 dev43 dev44 dev45 dev46 dev47 blind3 blind4 blind5 blind6 blind7 blind8 blind9 blind10 blind11 blind12 blind13 blind14 blind15 blind16 blind17 blind18 blind19 blind20 blind21 blind22 blind23 blind24 blind25 blind26 blind27 blind28 blind29 blind30 blind31 blind32 blind33 blind34 blind35 blind36 blind37 blind38 blind39 blind40 blind41 blind42 blind43 blind44 blind45 blind46 blind47 blind48 blind49 blind50 blind51 blind52 blind53 blind54 blind55 blind56 blind57 blind58 blind59 blind60 blind61 blind62 blind63 blind64 blind65 \
             claims claims-dev2 claims-blind
# Fetch those PDFs from the repositories their <set>-sources.md names (MIRRORS: a folder of git
# copies named <owner>+<name>, instead of cloning from GitHub).
eval-reports:
	python3 tests/eval/restore_reports.py --out $(EVAL_REPORTS) $(if $(MIRRORS),--mirrors $(MIRRORS))

eval: install
	$(BIN)/casebook ingest corpus ../shared/seeds $(wildcard ../shared/reports/*.pdf) \
		$(wildcard $(EVAL_REPORTS)/*/reports/*.pdf) --index $(EVAL_INDEX) --quiet
	$(BIN)/casebook eval $(EVAL_SETS:%=tests/eval/%.jsonl) --index $(EVAL_INDEX)

lint: $(TEST_STAMP)
	$(BIN)/ruff check assistant tests benchmarks app.py
	$(BIN)/mypy assistant

clean:
	rm -rf $(VENV) data .pytest_cache
