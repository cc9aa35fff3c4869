# Stadtpuls: the two set-up commands are `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

LOCK := requirements.lock

.PHONY: demo test test-fast lint bench upgrade

# Every dependency (with the dev extra and the build backend) at the version and hash of
# requirements.lock; then Stadtpuls itself without resolving anything again.
$(BIN)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
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

## upgrade: refresh requirements.lock to the newest versions pyproject.toml allows (Python 3.11,
## Linux); run `make test` afterwards and commit the lock only if it passes
upgrade: $(BIN)/.installed
	$(BIN)/pip install --quiet uv
	echo "setuptools>=68" | $(BIN)/uv pip compile pyproject.toml - --extra dev --upgrade \
		--generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
		--quiet -o $(LOCK)
	rm -f $(BIN)/.installed
