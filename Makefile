# Kinerja Alak — the project's front door. Needs only python3 (3.11+) with venv, and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Development defaults; production sets DEBUG=false and SECRET_KEY in the environment instead of using make.
DEV := DEBUG=$${DEBUG:-true}
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: help install run serve worker migrate demo test test-browser test-postgres ci lint format bench messages clean

help:
	@echo "make run           create .venv, install, migrate, load demo data, serve on $(HOST):$(PORT) with the worker"
	@echo "make test          create .venv, install, check migrations, run the whole suite on SQLite"
	@echo "make test-browser  browser tests in Debian chromium (needs: apt-get install chromium)"
	@echo "make test-postgres the suite on PostgreSQL (DATABASE_URL=postgres://...)"
	@echo "make serve         like run, without (re)loading the demo data"
	@echo "make worker        run workflow timers every INTERVAL seconds (default 60)"
	@echo "make ci            what CI runs (.ci/run): SQLite, PostgreSQL, browser, lint"
	@echo "make lint | format | bench | messages | clean"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --upgrade pip
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV) $(PY) manage.py seed_demo

# The worker runs in the background for as long as the development server does.
define SERVE
	@echo "Serving on http://$(HOST):$(PORT)/ (the workflow timer worker runs beside it; Ctrl-C stops both)"
	@$(DEV) $(PY) manage.py run_worker --interval 60 & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)
endef

run: demo
	$(SERVE)

serve: migrate
	$(SERVE)

worker: install
	$(DEV) $(PY) manage.py run_worker --interval $${INTERVAL:-60}

test: install
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV) $(PY) -m pytest $(PYTEST_ARGS)

test-browser: install
	$(DEV) $(PY) -m pytest tests/browser -p no:cacheprovider -o addopts="-q --strict-markers" $(PYTEST_ARGS)

test-postgres: install
	@test -n "$$DATABASE_URL" || { echo "set DATABASE_URL=postgres://user@host:5432/db"; exit 2; }
	$(DEV) $(PY) -m pytest --create-db $(PYTEST_ARGS)

ci:
	bash .ci/run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	DEBUG=true $(PY) bench/run.py $(BENCH_ARGS)

messages: install
	$(DEV) $(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=tests
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache .ruff_cache bench/results tests/browser/artifacts
