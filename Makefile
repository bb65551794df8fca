# Onderstroom: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python >= 3.12 on the PATH (python3.13, python3.12, python3).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL server the suite runs on a second time; `make test` skips it when
# unreachable unless ONDERSTROOM_REQUIRE_POSTGRES=1 (CI sets it).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_WORKERS ?= 2

.PHONY: help run worker test lint typecheck test-sqlite test-postgres test-browser false-alarms messages demo bench bench-answers backup restore clean

help:
	@echo "make run    - install, migrate, load the demo school, serve http://$(HOST):$(PORT) with a worker"
	@echo "make worker - a background worker (PDFs of a whole school or board), as in production"
	@echo "make test   - lint, tests on SQLite and PostgreSQL, browser tests in Chromium"
	@echo "make messages - update and compile the translations"
	@echo "make bench  - benchmark the heavy pages on a large generated board (BENCH_ARGS=...)"
	@echo "make bench-answers - 120 children answering at once on SQLite under Gunicorn"
	@echo "make backup - write the database and photos to var/backups/ (BACKUP_DIR=... for elsewhere)"
	@echo "make restore ARCHIVE=var/backups/onderstroom-....tar.gz - replace all data with a backup"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Onderstroom needs Python 3.12 or newer on the PATH." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.base-installed: requirements/base.lock | $(BIN)/uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --require-hashes -r requirements/base.lock
	@touch $@

$(VENV)/.dev-installed: requirements/dev.lock | $(BIN)/uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --require-hashes -r requirements/dev.lock
	@touch $@ $(VENV)/.base-installed

run: $(VENV)/.base-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data --if-empty --url http://$(HOST):$(PORT)
	@# A background worker beside the server makes the school and board PDFs; it stops with the server.
	$(BIN)/python manage.py run_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

worker: $(VENV)/.base-installed
	$(BIN)/python manage.py run_worker

test: lint test-sqlite test-postgres test-browser false-alarms

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/check_boundaries.py
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check --fail-level WARNING

# The type checker alone (mypy with django-stubs; `make lint` runs it too).
typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

# With no true change and no true gender effect, the app's judgements fire at most ~5% (exit 1 above 7%).
false-alarms: $(VENV)/.dev-installed
	$(BIN)/python scripts/simulate_false_alarms.py --classes 40 --logs 200

test-sqlite: $(VENV)/.dev-installed
	$(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS)

test-postgres: $(VENV)/.dev-installed
	@if $(BIN)/python scripts/db_reachable.py "$(TEST_DATABASE_URL)"; then \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS); \
	elif [ "$$ONDERSTROOM_REQUIRE_POSTGRES" = "1" ]; then \
		echo "PostgreSQL at $(TEST_DATABASE_URL) is not reachable, and this run requires it." >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(TEST_DATABASE_URL): skipping the PostgreSQL run."; \
	fi

# Browser tests use an SQLite file rather than the in-memory database: the live server and the
# test then read and write through connections of their own, as in production (WAL mode).
test-browser: $(VENV)/.dev-installed
	@mkdir -p var
	ONDERSTROOM_SQLITE_TEST_PATH=$(CURDIR)/var/test-browser.sqlite3 $(BIN)/pytest -m browser

messages: $(VENV)/.dev-installed
	$(BIN)/python scripts/messages.py update

demo: $(VENV)/.base-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data --if-empty --url http://$(HOST):$(PORT)

bench: $(VENV)/.dev-installed
	$(BIN)/python scripts/bench_questionnaires.py $(BENCH_ARGS)

# 4 classes (120 children) answering at once on SQLite under Gunicorn with the README's settings.
bench-answers: $(VENV)/.dev-installed
	$(BIN)/python scripts/bench_answers.py $(BENCH_ARGS)

backup: $(VENV)/.base-installed
	$(BIN)/python manage.py backup $(if $(BACKUP_DIR),--output "$(BACKUP_DIR)")

# Asks for confirmation (it replaces all data); stop the app first.
restore: $(VENV)/.base-installed
	@test -n "$(ARCHIVE)" || { echo "Name the backup: make restore ARCHIVE=var/backups/onderstroom-....tar.gz" >&2; exit 1; }
	$(BIN)/python manage.py restore "$(ARCHIVE)"

clean:
	rm -rf $(VENV) var/static
