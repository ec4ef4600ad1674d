# hirehall: `make run` (install + demo server on SQLite) and `make test` (install + whole suite).
PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
STAMP := $(VENV)/.installed
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs in two processes (pytest-xdist): most of its time is spent waiting on live
# servers, browsers and the databases, so two workers finish sooner even on two cores.
# `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= 2
XDIST = -n $(PYTEST_WORKERS) --dist worksteal

.PHONY: install bytecode run test coverage mutants check lint typecheck bench demo clean

install: $(STAMP)

# Machines that set PYTHONDONTWRITEBYTECODE=1 (these do) keep no bytecode, so every process the
# suite starts (servers, CLI runs, workers) compiled hirehall and its libraries again: about
# 2 s of CPU each. The libraries are compiled at install; hirehall here (only what changed).
bytecode: install
	$(VENV)/bin/python -m compileall -q src

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv

$(STAMP): pyproject.toml uv.lock $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $(STAMP)

# Starts the sandbox on SQLite under ./var with the demo world loaded; prints a token and a curl.
run: bytecode
	mkdir -p var
	HIREHALL_SANDBOX=1 HIREHALL_ADMIN_TOKEN=$${HIREHALL_ADMIN_TOKEN:-admin-dev-token} \
	HIREHALL_DATABASE_URL=$${HIREHALL_DATABASE_URL:-sqlite:///./var/hirehall.db} \
	$(VENV)/bin/hirehall serve --host $(HOST) --port $(PORT) --demo

# Runs the suite on SQLite, and on PostgreSQL too when 127.0.0.1:5432 answers.
test: bytecode
	@if $(VENV)/bin/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		echo "PostgreSQL answers on 127.0.0.1:5432: running the suite on SQLite and PostgreSQL"; \
		HIREHALL_TEST_DATABASE_URL=$${HIREHALL_TEST_DATABASE_URL:-$(PG_TEST_URL)} $(VENV)/bin/pytest $(XDIST) $(PYTEST_ARGS); \
	else \
		echo "PostgreSQL not reachable: running the suite on SQLite only"; \
		$(VENV)/bin/pytest $(XDIST) $(PYTEST_ARGS); \
	fi

# The suite under coverage (both engines when PostgreSQL answers), CLI and server processes
# included; the report lists what no test runs.
coverage: bytecode
	rm -f .coverage .coverage.*
	@if $(VENV)/bin/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		echo "PostgreSQL answers on 127.0.0.1:5432: coverage of the suite on SQLite and PostgreSQL"; \
		export HIREHALL_TEST_DATABASE_URL=$${HIREHALL_TEST_DATABASE_URL:-$(PG_TEST_URL)}; \
	else \
		echo "PostgreSQL not reachable: coverage of the suite on SQLite only"; \
	fi; \
	COVERAGE_FILE=$(CURDIR)/.coverage $(VENV)/bin/coverage run -m pytest $(XDIST) $(PYTEST_ARGS); status=$$?; \
	COVERAGE_FILE=$(CURDIR)/.coverage $(VENV)/bin/coverage combine -q; \
	COVERAGE_FILE=$(CURDIR)/.coverage $(VENV)/bin/coverage report --show-missing $(COVERAGE_REPORT_ARGS); \
	exit $$status

# Applies named mutations to a scratch copy of src/ and shows the tests kill each one.
mutants: install
	$(VENV)/bin/python tests/mutants.py $(MUTANTS_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: install
	$(VENV)/bin/mypy

check: lint typecheck test

# The invite beside pgbench and Prism (issue 10's ratios), then its cost-flat check.
bench: install
	$(VENV)/bin/python bench/compare.py
	$(VENV)/bin/python bench/invites.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
