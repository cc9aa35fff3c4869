# Stadtpuls: the two set-up commands are `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: demo test lint bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "'$(PYTHON) -m venv' failed. On Debian/Ubuntu it needs the package python3-venv: sudo apt-get install python3-venv, then run make again." >&2; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

## demo: load the demo data into ./stadtpuls.db (SQLite), show the results, start the web cockpit
demo: $(BIN)/.installed
	$(BIN)/stadtpuls demo  # ends with the demo account's password for the web cockpit
	$(BIN)/stadtpuls serve --stadt Norderstedt

## test: install and start PostgreSQL, then run the whole test suite on SQLite and PostgreSQL
test: $(BIN)/.installed
	STADTPULS_TEST_POSTGRES_URL="$$(bash scripts/test-services.sh | tail -n 1)" \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks

bench: $(BIN)/.installed
	$(BIN)/pip install --quiet -e ".[dev,bench]"  # Datasette: the web benchmark's baseline
	$(BIN)/python -m benchmarks
