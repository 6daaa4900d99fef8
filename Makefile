# Shortcuts for the commands in README.md (GNU make). Every target creates .venv on first use.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.dtrack-installed
ADDR ?= 127.0.0.1:8000
# make bench: SCALE=1 is 20,000 targets and ~1M measurements (SCALE=0.02: the quick check); DB=sqlite|postgres;
# DENSITY=5 multiplies the measurements only; BENCH_ARGS passes more options (python -m bench.run --help).
SCALE ?= 1
DB ?= sqlite
DENSITY ?= 1
BENCH_ARGS ?=
SCHEMA_FILE ?= openapi.yaml
# Same options as tests/test_openapi.py. The language is LANGUAGE_CODE: DRF's own descriptions are translated.
SPECTACULAR := $(PY) manage.py spectacular --validate --fail-on-warn --lang vi

# .env is optional and read as shell (KEY=value lines); variables already in the environment win.
DOTENV := if [ -f .env ]; then while IFS= read -r line || [ -n "$$line" ]; do line="$${line\#export }"; \
	case "$$line" in [A-Za-z_]*=*) ;; *) continue;; esac; name="$${line%%=*}"; \
	if [ -z "$${!name+x}" ]; then eval "export $$line"; fi; done < .env; fi
# The dev server runs with DEBUG unless the user chose: no .env and no DTRACK_* needed for `make run`.
DEV_DEFAULTS := if [ -z "$${DTRACK_DEBUG:-}" ] && [ -z "$${DTRACK_SECRET_KEY:-}" ]; then export DTRACK_DEBUG=true; fi
# Commands that only load settings (checks, schema) need some key; it never signs anything.
CHECK_ENV := DTRACK_SECRET_KEY="$${DTRACK_SECRET_KEY:-checks-only-not-secret}"

.PHONY: help venv browser ts-check run test lint format typecheck schema schema-check django-check check serve superuser bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

venv: $(STAMP) ## Create .venv and install dtrack with dev extras (again when pyproject.toml changes)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

run: venv ## Migrate, load reference data and demo fixtures, serve on http://127.0.0.1:8000/
	@mkdir -p var
	$(DOTENV); $(DEV_DEFAULTS); \
	$(PY) manage.py migrate; \
	$(PY) manage.py seed; \
	exec $(PY) manage.py runserver $(ADDR)

test: venv browser ## Run the test suite (SQLite, or PostgreSQL when DTRACK_DATABASE_URL is set)
	$(VENV)/bin/pytest -q

# The admin browser tests drive Debian's headless Chromium. Installed through apt when we can (root with apt-get);
# otherwise one line says what to install, and those tests are skipped, except when DTRACK_REQUIRE_BROWSER=1
# (.ci/run sets it), where a missing browser fails them.
browser: ## Install Debian's chromium + chromium-driver for the browser tests when possible
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing chromium and chromium-driver (Debian) for the admin browser tests" >&2; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2; \
	else \
		echo "Browser tests will be skipped: install Debian's chromium and chromium-driver (sudo apt-get install chromium chromium-driver)." >&2; \
	fi

ts-check: ## Generate TypeScript types from openapi.yaml and compile tests/client/ts/usage.ts with tsc --strict (npm)
	cd tests/client/ts && npm ci --no-audit --no-fund && npm run check

lint: venv ## ruff check + ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv ## Fix what ruff can fix, then format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: venv ## mypy with django-stubs: strict on the pure rules, the write services and the policy ([tool.mypy] in pyproject.toml)
	$(CHECK_ENV) $(VENV)/bin/mypy

schema: venv ## Regenerate openapi.yaml (commit it)
	$(CHECK_ENV) $(SPECTACULAR) --file $(SCHEMA_FILE)

schema-check: venv ## Fail if openapi.yaml differs from the generated schema
	@out=$$(mktemp); trap 'rm -f "$$out"' EXIT; \
	$(CHECK_ENV) $(SPECTACULAR) --file "$$out"; \
	diff -u openapi.yaml "$$out" || { echo "openapi.yaml is out of date: run 'make schema' and commit it." >&2; exit 1; }

django-check: venv ## manage.py check + makemigrations --check
	@mkdir -p var
	$(CHECK_ENV) $(PY) manage.py check
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run

check: lint typecheck django-check test schema-check ## Everything CI checks, except the PostgreSQL run

serve: venv ## Production-style: gunicorn on 127.0.0.1:8000 (needs DTRACK_SECRET_KEY, DTRACK_DATABASE_URL)
	$(DOTENV); \
	: "$${DTRACK_SECRET_KEY:?must be set for make serve (see README)}"; \
	: "$${DTRACK_DATABASE_URL:?must be set for make serve (see README)}"; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py collectstatic --noinput; \
	exec $(VENV)/bin/gunicorn dtrack.wsgi --bind $(ADDR) --workers "$${WEB_CONCURRENCY:-2}" --access-logfile -

superuser: venv ## Create an admin login (asks for name and password)
	@mkdir -p var
	$(DOTENV); $(DEV_DEFAULTS); \
	$(PY) manage.py migrate; \
	$(PY) manage.py createsuperuser

bench: venv ## Benchmark at national scale: make bench [SCALE=1] [DB=sqlite|postgres] [DENSITY=1] (bench/README.md)
	@command -v wrk >/dev/null || echo "wrk not found: using the Python load generator (apt-get install wrk for wrk)" >&2
	$(PY) -m bench.run --scale $(SCALE) --db $(DB) --density $(DENSITY) $(BENCH_ARGS)
