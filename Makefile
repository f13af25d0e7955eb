# budgetkit workflow. `make` lists the targets.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
PORT ?= 8888
KERNEL := $(VENV)/share/jupyter/kernels/budgetkit/kernel.json
# JupyterLab refuses root unless told; it opens a browser only where there is a display.
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,) $(if $(DISPLAY)$(WAYLAND_DISPLAY),,--no-browser)

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

$(KERNEL): $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name budgetkit --display-name "Python (budgetkit)" >/dev/null

setup: system $(STAMP) $(KERNEL)  ## create .venv with budgetkit and its dependencies, register the budgetkit kernel

report: setup  ## the main job: data/raw -> data/processed (Parquet, CSV) and reports/index.html
	@$(VENV)/bin/budgetkit batch data/raw --out reports --processed data/processed --jobs $(JOBS); \
	status=$$?; echo "open $(CURDIR)/reports/index.html"; exit $$status

test: setup  ## run the test suite
	$(PY) -m pytest -n 2 --dist loadfile

lint: setup  ## ruff, then the layer contracts of pyproject.toml (lint-imports)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

bench: setup  ## run the benchmarks (Markdown table on stdout, JSON in benchmarks/results/)
	$(PY) benchmarks/run.py

lab: setup  ## JupyterLab on notebooks/ with the budgetkit kernel (make lab PORT=8899)
	$(VENV)/bin/jupyter lab notebooks/ --port=$(PORT) $(LAB_FLAGS)

clean:  ## remove generated data and the virtual environment
	rm -rf $(VENV) data/processed/*.parquet data/processed/*.csv data/processed/budget_lines data/processed/datapackage.json reports
