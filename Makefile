# budgetkit workflow. `make` lists the targets.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup system report test lint bench lab clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

system:  ## install the Debian packages (CJK font, JVM, Chromium) when missing
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: system $(STAMP)  ## create .venv with budgetkit and its dependencies

report: setup  ## the main job: read data/raw into data/processed
	$(VENV)/bin/budgetkit parse data/raw --out data/processed
	@echo "tidy lines written to data/processed/"

test: setup  ## run the test suite
	$(PY) -m pytest -n 2 --dist loadfile

lint: setup  ## ruff
	$(VENV)/bin/ruff check .

bench: setup  ## run the benchmarks (Markdown table on stdout, JSON in benchmarks/results/)
	$(PY) benchmarks/run.py

lab: setup  ## JupyterLab on notebooks/ with the project's environment as kernel
	$(VENV)/bin/jupyter lab notebooks/

clean:  ## remove generated data and the virtual environment
	rm -rf $(VENV) data/processed/*.parquet data/processed/*.csv reports
