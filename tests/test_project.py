"""The project itself: layout, dependency lists, licences, no committed outputs."""

from __future__ import annotations

import json
import re
import tomllib

from tests.conftest import ROOT

# Conda names that differ from PyPI names.
CONDA_TO_PYPI = {"dask": "dask", "distributed": "dask"}
NOT_PYTHON = {"python", "openjdk", "pip"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_layout():
    for path in ("budgetkit", "notebooks", "data/raw", "data/processed", "tests", "environment.yml",
                 "pyproject.toml", "Makefile", "README.md", ".ci/run", "docs/schema.md"):
        assert (ROOT / path).exists(), path
    assert (ROOT / "data/raw/gd-qingxin-zwfw-2023-budget.txt").stat().st_size == 34176


def test_environment_yml_lists_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pypi = {_name(r) for r in project["dependencies"]}
    pypi |= {_name(r) for group in project["optional-dependencies"].values() for r in group}
    conda, in_deps = set(), False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"^\s{2}- ([A-Za-z][\w.-]*)(?![\w.:-])", line) if in_deps else None
        in_deps = in_deps or line.startswith("dependencies:")
        if m and m.group(1) not in NOT_PYTHON:
            conda.add(CONDA_TO_PYPI.get(m.group(1).lower(), m.group(1).lower()))
    assert pypi == conda


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci/run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make report" in readme


def test_notebooks_are_committed_without_outputs():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


def test_no_copyleft_dependencies():
    from importlib.metadata import PackageNotFoundError, metadata

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        try:
            meta = metadata(_name(requirement))
        except PackageNotFoundError:
            continue
        # The declared licence: the SPDX expression, else the classifiers, else the short field.
        declared = meta.get("License-Expression") or " ".join(
            c for c in meta.get_all("Classifier", []) if c.startswith("License")
        ) or (meta.get("License") or "")[:80]
        assert "GPL" not in declared.replace("LGPL", ""), (requirement, declared)
        assert _name(requirement) not in {"pymupdf", "fitz"}
