# Mobility Hub: `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
HOST ?= 127.0.0.1
PORT ?= 8000

# Every machine installs exactly what uv.lock says (`make upgrade` refreshes it).
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test install install-run upgrade lint format assets messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv

# Everything: the app, its tests, lint and benchmarks (make test).
$(STAMP): pyproject.toml uv.lock | $(BIN)/python
	$(BIN)/uv sync --quiet --locked --all-extras --compile-bytecode --python $(BIN)/python
	test -f .env || printf '# Development checkout: see README, Configuration.\nDJANGO_DEBUG=1\n' > .env
	touch $(STAMP)

# What running needs: the app and the development processes (make run); adds, never removes.
$(RUN_STAMP): pyproject.toml uv.lock | $(BIN)/python
	$(BIN)/uv sync --quiet --locked --extra dev --inexact --compile-bytecode --python $(BIN)/python
	test -f .env || printf '# Development checkout: see README, Configuration.\nDJANGO_DEBUG=1\n' > .env
	touch $(RUN_STAMP)

install: $(STAMP)
install-run: $(RUN_STAMP)

# Fresh machine -> demo installation: web, Celery worker and beat; Ctrl-C stops all.
run: export DJANGO_DEBUG ?= 1
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: export MFA_REQUIRED_FOR_STAFF ?= 0
# The demo's MyAcademicID: a local OpenID Connect provider (demo/identity_provider.py, in Procfile.dev).
run: export MYACADEMICID_SERVER_URL ?= http://127.0.0.1:9400
run: export MYACADEMICID_CLIENT_ID ?= mobility-hub-demo
run: export MYACADEMICID_CLIENT_SECRET ?= demo-only-secret
run: export PORT := $(PORT)
run: export HOST := $(HOST)
run: install-run
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo
	@echo "Mobility Hub is starting at http://$(HOST):$(PORT)/  (Ctrl-C stops web, worker, beat and the demo MyAcademicID)"
	@echo
	$(BIN)/honcho start -f Procfile.dev

# Fresh machine -> the whole test suite (lint included).
# One test process per core (pytest-xdist); each has its own database, broker queue and ports.
test: install lint
	$(BIN)/pytest -n auto --dist worksteal $(PYTEST_ARGS)

# Newest releases within pyproject.toml's ranges into uv.lock, then the whole suite on them.
upgrade: | $(BIN)/python
	$(BIN)/uv lock --upgrade
	$(MAKE) test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r accounts demo enquiries institutions mobility notifications opportunities privacy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the vendored front-end assets from the versions pinned in package.json.
assets:
	npm install --no-audit --no-fund --ignore-scripts
	mkdir -p static/vendor/bootstrap
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
	   node_modules/bootstrap/LICENSE static/vendor/bootstrap/

# Extract and compile the translation catalogues.
messages: export DJANGO_DEBUG ?= 1
messages: install
	$(BIN)/python manage.py makemessages --all --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var node_modules
