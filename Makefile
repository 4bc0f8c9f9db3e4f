# Latih Aduan: two commands for a fresh machine (Python 3.11+).
#   make demo   install, migrate the SQLite database, load demo data, serve (waitress) on http://127.0.0.1:5000
#   make test   install what the tests need (dev extras, Debian chromium) and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
FLASK  := LATIH_ENV=development $(BIN)/flask --app trainer
PYTEST_ARGS ?=

.PHONY: demo test install install-dev chromium lint typecheck bench bench-room mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Install only when pyproject.toml changed (a stamp file); pip's noise goes to a log, shown on failure.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "installing Latih Aduan into $(VENV) (once; log in $(VENV)/install.log) ..."
	@$(BIN)/pip install --quiet -e . > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $@

install: $(VENV)/.installed

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

# The demo serves with the production server (waitress), quietly: the logins, then the URL, last.
# make demo PORT=8080; make demo ROOM=1 serves the room's network and prints its URLs.
PORT ?= 5000
demo: install
	@$(FLASK) db upgrade > $(VENV)/demo.log 2>&1 || { cat $(VENV)/demo.log; exit 1; }
	@$(FLASK) seed-demo $(if $(PASSWORD),--password "$(PASSWORD)") > $(VENV)/seed.log 2>&1 \
	  || { cat $(VENV)/seed.log; exit 1; }
	@sed -n '/^demo logins/,$$p' $(VENV)/seed.log
	@$(FLASK) serve --port $(PORT) $(if $(ROOM),--room)

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
	$(BIN)/ruff format --check .

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/scoring_bench.py

# A simulated bimtek room (120 trainees, waitress, SQLite); BENCH_ARGS="--server all --trainees 240".
bench-room: install-dev
	$(BIN)/python bench/room_load.py $(BENCH_ARGS)

# Mutation testing (mutmut 3; [tool.mutmut] in pyproject.toml) over the access, grading and scoring
# modules, then the share killed per module. Slow (many hours for all on 2 cores; see README): one module
# with make mutation MUTANTS="trainer.access.*" (or "scoring.criteria.*", ...); MUTANTS takes several
# patterns or mutant names separated by spaces, e.g. MUTANTS="$$(cat sample.txt)" for a sample.
MUTANTS ?=
mutation: install-dev
	$(BIN)/mutmut run --max-children 2 $(foreach m,$(MUTANTS),"$(m)")
	$(BIN)/python bench/mutation_summary.py --mutmut $(BIN)/mutmut

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache mutants
