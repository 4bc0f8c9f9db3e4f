# Latih Aduan: two commands for a fresh machine (Python 3.11+).
#   make demo   install, migrate the SQLite database, load demo data, serve on http://127.0.0.1:5000
#   make test   install what the tests need (dev extras, Debian chromium) and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FLASK  := LATIH_ENV=development $(BIN)/flask --app trainer
PYTEST_ARGS ?=

.PHONY: demo test install install-dev chromium lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

demo: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo $(if $(PASSWORD),--password "$(PASSWORD)")
	$(FLASK) run --host 127.0.0.1 --port 5000

# Debian's chromium for the Playwright journeys (playwright's own browser download cannot work offline).
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || { echo "could not install chromium with apt-get"; exit 1; }; \
	else echo "chromium is missing: install Debian's 'chromium' package (the browser tests need it)"; exit 1; fi

test: install-dev chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/mypy
	$(BIN)/ruff check .

lint:
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/scoring_bench.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
