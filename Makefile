# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependencies change, so running again is fast.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	-$(BIN)/python manage.py seed
	@echo ""
	@echo "To create an editor account for http://127.0.0.1:$(PORT)/admin/ run:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest

# Benchmarks on SQLite and PostgreSQL (see README, "Scale and speed"): generated data is
# kept in .bench/ and the tracker_bench database and reused by the next run.
BENCH_ENV := DEBUG=0 SECRET_KEY=bench-only ALLOWED_HOSTS=testserver
BENCH_SQLITE ?= sqlite:///$(CURDIR)/.bench/tracker.sqlite3
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432/tracker_bench

bench: install
	mkdir -p .bench
	rm -f bench-results.jsonl
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SQLITE) $(BIN)/python manage.py bench
	$(BENCH_ENV) DATABASE_URL=$(BENCH_POSTGRES) $(BIN)/python manage.py bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .bench bench-results.jsonl
