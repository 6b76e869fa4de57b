# Kinerja Alak — the project's front door. Needs only python3 (3.11+).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: help install run serve worker migrate demo test test-browser test-postgres lint format bench messages clean

help:
	@echo "make run          create .venv, install, migrate, load demo data, serve on $(HOST):$(PORT) with the worker"
	@echo "make test         create .venv, install, run the whole suite on SQLite"
	@echo "make test-browser browser tests in Debian chromium (needs: apt-get install chromium)"
	@echo "make worker       run workflow timers every 60 s"
	@echo "make lint | format | bench | messages"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (the workflow timer worker runs beside it; Ctrl-C stops both)"
	@DEBUG=$${DEBUG:-true} $(PY) manage.py run_worker --interval 60 & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(PY) manage.py run_worker --interval $${INTERVAL:-60}

test: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py makemigrations --check --dry-run
	DEBUG=$${DEBUG:-true} $(PY) -m pytest $(PYTEST_ARGS)

test-browser: install
	DEBUG=$${DEBUG:-true} $(PY) -m pytest tests/browser -p no:cacheprovider -o addopts="-q" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	DEBUG=true $(PY) bench/run.py

messages: install
	DEBUG=true $(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=tests
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache
