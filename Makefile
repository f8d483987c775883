# Two commands set up and run everything on a fresh machine:
#   make chat   - create .venv, install, ingest the corpus if needed, start the web chat
#   make test   - the same install, then the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BROWSER_STAMP := /usr/bin/chromedriver
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install chat ingest test test-fast browser chroma-server eval eval-tune eval-full bench clean

install: $(STAMP)

# torch is installed first, pinned, so that nothing else can pull a CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

ingest: install
	$(BIN)/corroborate ingest

chat: install
	$(BIN)/corroborate doctor --prepare-model
	$(BIN)/corroborate ingest
	$(BIN)/corroborate chat

# Debian's chromium + chromedriver for the real-browser test (needs root, as on CI).
browser: $(BROWSER_STAMP)
$(BROWSER_STAMP):
	if command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "warning: could not install chromium; browser tests will be skipped"; \
	fi

test: install browser
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not llm and not browser and not server and not big"

CHROMA_PORT ?= 8000
chroma-server: install
	$(BIN)/chroma run --path .corroborate/chroma-server --host 127.0.0.1 --port $(CHROMA_PORT)

# The four corpora of evals/corpora.toml (seed + ../shared/dev-corpora), each ingested into its own data dir.
EVAL_ARGS ?=
eval: install
	$(BIN)/corroborate eval --suite evals/corpora.toml --split report --max-structure-quotes 0 $(EVAL_ARGS)

eval-tune: install
	$(BIN)/corroborate eval --suite evals/corpora.toml --split tune --max-structure-quotes 0 $(EVAL_ARGS)

eval-full: install
	$(BIN)/corroborate eval --suite evals/corpora.toml --max-structure-quotes 0 $(EVAL_ARGS)

clean:
	rm -rf .corroborate
