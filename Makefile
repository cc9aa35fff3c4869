# Stadtpuls: the two set-up commands are `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: demo test test-fast lint bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

## demo: load the demo data into ./stadtpuls.db (SQLite), show the results, start the web cockpit
demo: $(BIN)/.installed
	$(BIN)/stadtpuls demo
	$(BIN)/stadtpuls serve --city Norderstedt

## test: install and start PostgreSQL, then run the whole test suite on SQLite and PostgreSQL
test: $(BIN)/.installed
	STADTPULS_TEST_POSTGRES_URL="$$(bash scripts/test-services.sh | tail -n 1)" \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

## test-fast: the suite without root, PostgreSQL, LibreOffice or a browser (tests marked system)
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -m "not system" -q $(PYTEST_ARGS)

## lint: ruff (check and format), the import contracts (.importlinter), mypy strict on core/
lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/ruff format --check src tests benchmarks

bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks
