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
# Links in e-mails, and the QR codes and addresses printed on receipts and PDFs, point to the server `make run` /
# `make serve` starts (HOST and PORT), unless SITE_URL is set (e.g. the address phones on the office network use).
SITE := SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: help install run serve worker migrate demo test test-browser test-postgres ci lint format bench bench-scale bench-rush messages clean

help:
	@echo "make run           create .venv, install, migrate, load demo data, serve on $(HOST):$(PORT) with the job worker"
	@echo "make test          create .venv, install, check migrations, run the whole suite on SQLite"
	@echo "make test-browser  browser tests in Debian chromium (needs: apt-get install chromium)"
	@echo "make test-postgres the suite on PostgreSQL (DATABASE_URL=postgres://...)"
	@echo "make serve         like run, without (re)loading the demo data"
	@echo "make worker        the background job worker (Huey: timers, reminders, opening periods, documents)"
	@echo "make ci            what CI runs (.ci/run): SQLite, PostgreSQL, browser, lint"
	@echo "make lint | format | bench | messages | clean"
	@echo "make bench-rush    the deadline rush: 50 signed-in employees autosaving vs a bare INSERT (gunicorn 2 workers + wrk; DATABASE_URL, else PostgreSQL kinerja_bench; BENCH_RUSH_ARGS=...)"
	@echo "make bench-scale   city-scale bench, 10,000 employees (DATABASE_URL, else PostgreSQL kinerja_bench on 127.0.0.1, created if missing; BENCH_SCALE_ARGS=--employees 2000 ...)"

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

# The job worker (Huey consumer) runs in the background for as long as the development server does.
define SERVE
	@echo "Serving on http://$(HOST):$(PORT)/ (the job worker runs beside it; Ctrl-C stops both; links: $${SITE_URL:-http://$(HOST):$(PORT)})"
	@$(DEV) $(SITE) $(PY) manage.py run_huey --flush-locks & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(DEV) $(SITE) $(PY) manage.py runserver $(HOST):$(PORT)
endef

run: demo
	$(SERVE)

serve: migrate
	$(SERVE)

worker: migrate
	$(DEV) $(SITE) $(PY) manage.py run_huey --flush-locks

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

# City scale (bench/scale.py): wipes and refills its database; refuses one holding non-bench data unless --reset.
bench-scale: install
	@if [ -n "$$DATABASE_URL" ]; then \
		DEBUG=true $(PY) bench/scale.py $(BENCH_SCALE_ARGS); \
	else \
		DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench DEBUG=true $(PY) bench/scale.py --create-db $(BENCH_SCALE_ARGS); \
	fi

# The deadline rush (bench/rush.py + bench/rush.lua): reuses the bench city in the database, or generates a small one
# (wiping a bench-only database); wrk comes from Debian (installed here when missing and run as root).
bench-rush: install
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" -ne 0 ]; then echo "wrk is missing and this is not root: apt-get install wrk first" >&2; exit 1; fi; \
		echo "Installing Debian wrk (apt-get)"; apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
	@if [ -n "$$DATABASE_URL" ]; then \
		$(PY) bench/rush.py $(BENCH_RUSH_ARGS); \
	else \
		DATABASE_URL=postgres://postgres@127.0.0.1:5432/kinerja_bench $(PY) bench/rush.py --create-db $(BENCH_RUSH_ARGS); \
	fi

messages: install
	$(DEV) $(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=tests
	$(DEV) $(PY) manage.py makemessages -d djangojs -l id -l en --ignore=.venv --ignore=tests --ignore=staticfiles
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* huey.sqlite3 huey.sqlite3-* staticfiles .pytest_cache .ruff_cache bench/results tests/browser/artifacts
