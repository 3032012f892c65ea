# Two commands do all set-up on a fresh machine with only Python 3.11+:
#   make run    venv + install + run the offline pipeline on seeds/ -> outputs/
#   make test   venv + test deps + the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/claimex extract seeds/ --out outputs/ --backend rules

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) outputs/*.jsonl outputs/*.json

# Rule-backend throughput, memory and stage times at 1,000 / 5,000 / 20,000 articles (~20 min; README "Benchmarks").
.PHONY: bench
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_pipeline.py
