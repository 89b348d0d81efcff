# Sổ tay chuyên đề — the two commands a person needs: `make run` and `make test`.
# Each target is a thin wrapper around a script in scripts/ (easier to read, test and reuse in CI).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python

.PHONY: help run serve test venv venv-dev lock es-up es-down pg-up pg-down bench soak system-deps clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: ## Create .venv, install, migrate, load the demo and serve http://127.0.0.1:8000
	@scripts/run.sh

serve: ## Production server: migrate, collectstatic, check --deploy, then gunicorn on GUNICORN_BIND (127.0.0.1:8000)
	@scripts/serve.sh

test: ## Install what tests need, start PostgreSQL + Elasticsearch, run the suite on SQLite and PostgreSQL
	@scripts/test.sh

venv: ## Create .venv and install requirements.txt (only when changed)
	@scripts/venv.sh runtime

venv-dev: ## Create .venv and install requirements-dev.txt (only when changed)
	@scripts/venv.sh dev

lock: venv-dev ## Rewrite requirements.lock from the installed .venv (pip freeze)
	@$(PY) -m pip freeze --exclude-editable | LC_ALL=C sort -f > requirements.lock
	@echo "requirements.lock: $$(wc -l < requirements.lock) packages"

system-deps: ## apt-get install PostgreSQL, JDK 17, Maven, Chromium (skips what is present)
	@scripts/system-deps.sh

es-up: ## Start Elasticsearch 8 on 127.0.0.1:9200
	@scripts/es-up.sh

es-down: ## Stop Elasticsearch
	@scripts/es-down.sh

pg-up: ## Start a throwaway PostgreSQL on 127.0.0.1:55432 (prints DATABASE_URL)
	@scripts/pg-up.sh

pg-down: ## Stop it and delete its data
	@scripts/pg-down.sh

bench: venv-dev ## Run the benchmarks in bench/ (temp databases, Elasticsearch started if needed), write bench/results/<timestamp>.json
	@scripts/bench.sh $(BENCH_ARGS)

soak: venv-dev ## Load test with an Elasticsearch stop/start in the middle (throwaway node on ES_PORT 9250, temp DB); bench/results/soak-*.json
	@scripts/soak.sh

clean: ## Remove collected static files and caches (keeps .venv and db.sqlite3)
	rm -rf staticfiles .pytest_cache
	find . -name __pycache__ -type d -not -path './.venv/*' -prune -exec rm -rf {} +
