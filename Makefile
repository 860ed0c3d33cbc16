# KS Atlas. `make run` and `make test` do all set-up on a fresh Debian 12 machine: Debian packages
# (with apt, as root) and Python packages (with pip, into .venv). Without root or apt they stop and
# print the command that installs what is missing.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8501
# Demo mode (no sign-in) refuses a non-local address unless KS_ALLOW_REMOTE_DEMO=1.
ADDRESS ?= 127.0.0.1
DEMO_DB = data/ks.duckdb
DEMO_DIR = data/demo

# Debian packages beyond Python, each as package=file-that-shows-it-is-there. Chromium draws the
# image downloads (kaleido) and runs the browser tests (Playwright); DejaVu gives their text a font,
# Liberation the metrics of Arial, the figures' fallback font (without it a chart's titles and source
# lines are set in the much wider DejaVu Sans and run past a phone's width and an image's edge).
# `make run SYSTEM_PACKAGES=` serves without them (image downloads then say what is missing).
SYSTEM_PACKAGES ?= chromium=/usr/bin/chromium fonts-dejavu-core=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
	fonts-liberation2=/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf
# The tests also need libatomic1: Playwright's Node.js driver (inside its wheel) links it.
TEST_PACKAGES ?= libatomic1=/usr/lib/$(shell uname -m)-linux-gnu/libatomic.so.1
PIP_VERSION = 26.3
# python3-venv: Debian's python3 makes no virtual environment without it (ensurepip).
VENV_PACKAGE = python3-venv=$(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("stdlib"))' 2>/dev/null)/ensurepip/__init__.py

.PHONY: run test bench demo-db docs clean system-packages test-packages
.DELETE_ON_ERROR:

# $(call debian,package=file ...,hint): install the packages whose file is missing with apt-get when
# we are root on a machine with apt; otherwise stop with the exact command to run (and the hint).
define debian
@missing=""; for p in $(1); do [ -e "$${p#*=}" ] || missing="$$missing $${p%%=*}"; done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian packages:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	    || { echo "apt-get could not install:$$missing" >&2; exit 1; }; \
	else \
	  echo "KS Atlas needs Debian packages that are missing:$$missing" >&2; \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Install them, then run make again:" >&2; \
	    echo "  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends$$missing'" >&2; \
	  else \
	    echo "No apt-get here: install them with this system's package manager (files looked for: $(1))." >&2; \
	  fi; \
	  [ -z "$(2)" ] || echo "$(2)" >&2; \
	  exit 1; \
	fi
endef

system-packages:
	$(call debian,$(SYSTEM_PACKAGES),Or serve without Chromium (image downloads then say what is missing): make run SYSTEM_PACKAGES=)

test-packages:
	$(call debian,$(SYSTEM_PACKAGES) $(TEST_PACKAGES))

$(VENV)/bin/python:
	$(call debian,$(VENV_PACKAGE))
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)

# Exact versions from requirements.txt, then the project itself (editable: the `ks-atlas` command).
$(VENV)/.installed: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The embedded default database: demo data, built once.
$(DEMO_DB): | $(VENV)/.installed
	$(PY) -m analytics demo --out $(DEMO_DIR) --scale 1 --seed 2026
	$(PY) -m analytics import $(DEMO_DIR) --db $(DEMO_DB)

demo-db: $(DEMO_DB)

# deploy/serve.py fills the caches (geometry, default tables and maps) before the server listens,
# then opens one session that compiles the pages (issue 15: first page after a start < 4 s).
run: system-packages $(VENV)/.installed $(DEMO_DB)
	exec $(PY) deploy/serve.py --server.port $(PORT) --server.address $(ADDRESS) --server.headless true \
		--browser.gatherUsageStats false

test: test-packages $(VENV)/.installed-dev
	$(PY) -m pytest

bench: test-packages $(VENV)/.installed-dev
	$(PY) -m bench.run_all

docs: $(VENV)/.installed
	$(PY) -m analytics.docs

clean:
	rm -rf $(DEMO_DIR) $(DEMO_DB) .pytest_cache
