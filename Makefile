# Stadtpuls: the two set-up commands are `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

LOCK := requirements.lock
# pytest in parallel (pytest-xdist; `-n auto` is a worker per CPU and one more, see
# tests/conftest.py; PYTEST_ARGS="-n 0" runs in one process), with bytecode cached even where
# the environment sets PYTHONDONTWRITEBYTECODE: else every worker, server, crawler and CLI that
# the tests start compiles the package again.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n auto --dist loadgroup

.PHONY: demo test test-fast lint bench upgrade

# Every dependency (with the dev extra and the build backend) at the version and hash of
# requirements.lock; then Stadtpuls itself without resolving anything again.
$(BIN)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "'$(PYTHON) -m venv' failed. On Debian/Ubuntu it needs the package python3-venv: sudo apt-get install python3-venv, then run make again." >&2; exit 1; }
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

## demo: load the demo data into ./stadtpuls.db (SQLite), show the results, start the web cockpit
demo: $(BIN)/.installed
	$(BIN)/stadtpuls demo  # ends with the demo account's password for the web cockpit
	$(BIN)/stadtpuls serve --city Norderstedt

## test: the checks of `make lint`, then install and start PostgreSQL, LibreOffice and Chromium and
## run the whole test suite on SQLite and PostgreSQL (what CI runs)
test: $(BIN)/.installed lint
	STADTPULS_TEST_POSTGRES_URL="$$(bash scripts/test-services.sh | tail -n 1)" \
		$(PYTEST) $(PYTEST_ARGS)

## test-fast: the suite without root, PostgreSQL, LibreOffice or a browser (tests marked system),
## property tests with fewer examples (hypothesis profile "fast", tests/conftest.py)
test-fast: $(BIN)/.installed
	$(PYTEST) -m "not system" -q --hypothesis-profile=fast $(PYTEST_ARGS)

## lint: ruff (check and format), the import contracts (.importlinter), mypy strict on core/
lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/ruff format --check src tests benchmarks examples

## bench: every script in benchmarks/; Datasette (the web benchmark's baseline) in a venv of its own
bench: $(BIN)/.installed
	[ -x .venv-bench/bin/datasette ] || { $(PYTHON) -m venv .venv-bench && \
		.venv-bench/bin/pip install --quiet "datasette>=0.65"; }
	$(BIN)/python -m benchmarks

## upgrade: refresh requirements.lock to the newest versions pyproject.toml allows (Python 3.11,
## Linux); run `make test` afterwards and commit the lock only if it passes
upgrade: $(BIN)/.installed
	$(BIN)/pip install --quiet uv
	echo "setuptools>=68" | $(BIN)/uv pip compile pyproject.toml - --extra dev --upgrade \
		--generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
		--quiet -o $(LOCK)
	rm -f $(BIN)/.installed
