# mkviolence developer commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint format audit bench bench-national loadtest browser clean \
	db-stop messages backup restore

help:
	@echo "make run    - start web, Celery worker and beat on embedded PostgreSQL with demo data"
	@echo "make test   - lint and run the test suite (real PostgreSQL, real Celery worker, Chromium)"
	@echo "make test-fast - the tests that start no browser, worker or server (a couple of minutes)"
	@echo "make lint   - ruff lint and format check, mypy type check"
	@echo "make audit  - pip-audit of the pinned requirements (known vulnerabilities)"
	@echo "make bench  - run the benchmarks in bench/"
	@echo "make bench-national - import police.uk archives of every force (about 20 minutes)"
	@echo "make loadtest - 50 clients on the pages during a million-row import"
	@echo "make db-stop - stop the embedded PostgreSQL if it is running"
	@echo "make backup [FILE=...] - back up the embedded database (default var/backups/)"
	@echo "make restore FILE=...   - replace the embedded database with a backup"

# Reinstall only when a requirements file changed.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m mkviolence.run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

audit: $(STAMP)
	@bash scripts/audit-dependencies

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the Welsh catalogue from the code, write in locale/cy/welsh.py's translations, compile.
messages: $(STAMP)
	rm -f locale/cy/LC_MESSAGES/django.po  # afresh: msgmerge's fuzzy guesses are never wanted
	DJANGO_SETTINGS_MODULE=mkviolence.settings.dev $(BIN)/python manage.py makemessages -l cy \
		--no-obsolete --ignore ".venv/*" --ignore "node_modules/*" --ignore "scripts/*" \
		--ignore "tests/*" --ignore "var/*" --ignore "bench/*" --ignore "locale/*"
	$(BIN)/python scripts/fill_messages.py
	msgfmt --check-format -o locale/cy/LC_MESSAGES/django.mo locale/cy/LC_MESSAGES/django.po

browser:
	@bash scripts/ensure-chromium
	@bash scripts/ensure-test-tools

# The suite runs in TEST_PROCESSES pytest-xdist processes (each with its own test database,
# broker folder and, when a test needs one, Celery worker) on the embedded PostgreSQL (or
# DATABASE_URL); the embedded server is stopped afterwards if this run was the one that started it.
TEST_PROCESSES ?= 2
define run_pytest
	@$(BIN)/python -m mkviolence.localdb status >/dev/null 2>&1; was_running=$$?; \
	if [ -z "$${DATABASE_URL:-}" ]; then $(BIN)/python -m mkviolence.localdb start >/dev/null; fi; \
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadgroup $(1) $(PYTEST_ARGS); rc=$$?; \
	if [ $$was_running -ne 0 ] && [ -z "$${DATABASE_URL:-}" ]; then \
		$(BIN)/python -m mkviolence.localdb stop >/dev/null; fi; \
	exit $$rc
endef

test: $(STAMP) browser lint
	$(call run_pytest,)

# No browser, no Celery worker, no server process: the feedback loop while writing code.
test-fast: $(STAMP)
	$(call run_pytest,-m "not browser and not worker and not server and not slow")

bench: $(STAMP)
	$(BIN)/python -m bench

# police.uk archives of every force: a national year against its floor, and 36 months
# (see bench/national_bench.py; about 20 minutes on 2 cores).
bench-national: $(STAMP)
	$(BIN)/python -m bench national

# 50 clients for 60 s on the pages while a million-row import runs (see bench/load_test.py).
loadtest: $(STAMP)
	$(BIN)/python -m bench loadtest

# The whole embedded database (or DATABASE_URL's) into one file; see "Backups" in the README.
backup: $(STAMP)
	$(BIN)/python manage.py backup $(or $(FILE),var/backups/mkviolence-$(shell date +%Y%m%d-%H%M%S).backup)

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/....backup"; exit 2; }
	$(BIN)/python manage.py restore $(FILE)

db-stop: $(STAMP)
	$(BIN)/python -m mkviolence.localdb stop

clean: db-stop
	rm -rf var staticfiles test-artifacts node_modules
