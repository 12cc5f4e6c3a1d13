# Portail CEIQ — see README.md. `make demo` runs the portal, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Test processes (pytest-xdist); 0 runs everything in one process.
PYTEST_WORKERS ?= 2

.PHONY: demo test setup setup-dev lint fix migrate-check pytest messages bench clean

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

setup: $(VENV)/bin/activate
	./scripts/system-deps.sh run
	$(VENV)/bin/pip install -q -r requirements.txt
	$(PY) manage.py compilemessages -v0 --ignore=.venv

setup-dev: $(VENV)/bin/activate
	./scripts/system-deps.sh test
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	$(PY) manage.py compilemessages -v0 --ignore=.venv

## One command: the portal with demo data on SQLite, Celery in-process, at http://$(HOST)
demo: setup
	$(PY) manage.py migrate -v0
	$(PY) manage.py seed_demo
	@echo "Portal running at http://$(HOST) — log in with an account above."
	$(PY) manage.py runserver $(HOST)

## One command: install what the tests need and run ruff, makemigrations --check and pytest.
test: setup-dev lint migrate-check pytest

## ruff (lint + format), mypy with django-stubs, and the layer contract (import-linter): docs/architecture.md
lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

## Apply ruff's fixes and format the code.
fix:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate-check:
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run

pytest:
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## Benchmark on PostgreSQL (set DATABASE_URL; seed first with `manage.py seed_scale`): see docs/performance.md
bench: setup-dev
	@test -n "$$DATABASE_URL" || { echo "make bench needs DATABASE_URL=postgres://…"; exit 1; }
	$(PY) manage.py migrate -v0
	$(PY) manage.py bench

## Regenerate the translation catalogues after changing strings (then fill the French).
messages:
	$(PY) manage.py makemessages -l fr -l en --no-obsolete -i ".venv/*" -i "staticfiles/*" -i "tests/*"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media
