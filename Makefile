# Jornada: the README's commands. `make run` and `make test` work on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint messages bench ci clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

## run: set up (venv, install, migrate, demo data) and serve http://127.0.0.1:8000 with a Celery worker and beat
run: setup
	@echo "Jornada at http://127.0.0.1:8000  (log in as pomona-desk / jornada-demo)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A config worker --beat --loglevel=INFO --concurrency=1 --schedule var/celerybeat-schedule & \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## test: the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy

## messages: refresh the Spanish catalog from the code and compile it
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l es --no-obsolete --no-location --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages -l es --ignore '.venv/*'

bench: $(STAMP)
	$(BIN)/python -m bench

ci:
	CI=true bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles
