# Two commands do all set-up on a fresh machine with only Python 3.11+:
#   make run    venv + install + run the offline pipeline on seeds/ -> outputs/
#   make test   venv + test deps + the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test install clean test-report

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

# The review page in a real browser: installs Debian's chromium + chromium-driver when missing
# (apt-get, as root or via sudo), then runs the browser tests; here a missing browser fails, not skips.
test-report: $(VENV)/.test-installed
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium chromium-driver; \
	fi
	CLAIMEX_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q -m browser

clean:
	rm -rf $(VENV) outputs/*.jsonl outputs/*.json
