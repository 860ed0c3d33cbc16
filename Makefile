# KS Atlas. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8501
# Demo mode (no sign-in) refuses a non-local address unless KS_ALLOW_REMOTE_DEMO=1.
ADDRESS ?= 127.0.0.1
DEMO_DB = data/ks.duckdb
DEMO_DIR = data/demo

.PHONY: run test bench demo-db docs clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The embedded default database: demo data, built once.
$(DEMO_DB): | $(VENV)/.installed
	$(PY) -m analytics demo --out $(DEMO_DIR) --scale 1 --seed 2026
	$(PY) -m analytics import $(DEMO_DIR) --db $(DEMO_DB)

demo-db: $(DEMO_DB)

run: $(VENV)/.installed $(DEMO_DB)
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT) --server.address $(ADDRESS) --server.headless true \
		--browser.gatherUsageStats false

# Dev tools from npm (axe-core for tests/test_accessibility.py), exact versions in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: $(VENV)/.installed-dev node_modules/.installed
	$(PY) -m pytest

bench: $(VENV)/.installed-dev
	$(PY) -m bench.run_all

docs: $(VENV)/.installed
	$(PY) -m analytics.docs

clean:
	rm -rf $(DEMO_DIR) $(DEMO_DB) .pytest_cache node_modules
