"""The project itself: layout, dependency lists, licences, no committed outputs."""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib

from tests.conftest import ROOT

# Conda names that differ from PyPI names (none today: each is spelled alike on both).
CONDA_TO_PYPI: dict[str, str] = {"jupyter_client": "jupyter-client", "jupyter_core": "jupyter-core"}
NOT_PYTHON = {"python", "openjdk", "pip"}
#: Folders whose imports must all be declared: the package, its tests, scripts, benchmarks and notebooks.
CODE = ("budgetkit", "tests", "scripts", "benchmarks", "notebooks")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _declared(groups: tuple[str, ...] = ("main", "dev")) -> set[str]:
    project = PROJECT["project"]
    names = {_name(r) for r in project["dependencies"]} if "main" in groups else set()
    return names | {_name(r) for group in groups if group != "main"
                    for r in project["optional-dependencies"].get(group, [])}


def _sources(folder: str) -> list[str]:
    """The Python source under ``folder``: its modules and its notebooks' code cells (magics left out)."""
    out = [path.read_text(encoding="utf-8") for path in (ROOT / folder).rglob("*.py")]
    for path in (ROOT / folder).rglob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines()
                out.append("\n".join(line for line in lines if not line.lstrip().startswith(("%", "!"))))
    return out


def _imported_modules(folder: str) -> set[str]:
    """Top-level names of the third-party modules imported anywhere under ``folder``."""
    found = set()
    for source in _sources(folder):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in {"__future__", *CODE}}


def test_layout():
    for path in ("budgetkit", "notebooks", "data/raw", "data/processed", "tests", "environment.yml",
                 "pyproject.toml", "Makefile", "README.md", ".ci/run", "docs/schema.md"):
        assert (ROOT / path).exists(), path
    assert (ROOT / "data/raw/gd-qingxin-zwfw-2023-budget.txt").stat().st_size == 34176


def test_environment_yml_lists_the_pyproject_dependencies():
    pypi = _declared(("main", *PROJECT["project"]["optional-dependencies"]))
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


def test_every_import_is_declared():
    # The package's imports among its own dependencies; the tests', scripts' and
    # benchmarks' among those or the dev extra (psutil, pillow …). A module provided by a
    # dependency's dependency is still declared: it is used directly.
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    for folder in CODE:
        declared = _declared(("main",) if folder == "budgetkit" else ("main", "dev"))
        for module in sorted(_imported_modules(folder)):
            names = {_name(d) for d in distributions.get(module, [])}
            assert names, f"{folder} imports {module}, which no installed distribution provides"
            assert names & declared, f"{folder} imports {module} ({', '.join(sorted(names))}) but does not declare it"


def test_the_import_scan_sees_the_known_imports():
    # The scan above cannot pass by finding nothing.
    assert {"pandas", "pypdfium2", "distributed", "jinja2"} <= _imported_modules("budgetkit")
    assert {"pytest", "hypothesis", "psutil"} <= _imported_modules("tests")
    assert "duckdb" in _imported_modules("notebooks")


def test_no_copyleft_dependencies():
    from importlib.metadata import PackageNotFoundError, metadata

    for name in sorted(_declared(("main", "dev"))):
        try:
            meta = metadata(name)
        except PackageNotFoundError:
            raise AssertionError(f"{name} is declared but not installed: pip install -e '.[dev]'") from None
        # The declared licence: the SPDX expression, else the classifiers, else the short field.
        declared = meta.get("License-Expression") or " ".join(
            c for c in meta.get_all("Classifier", []) if c.startswith("License")
        ) or (meta.get("License") or "")[:80]
        assert declared, f"{name} declares no licence"
        assert "GPL" not in declared.replace("LGPL", ""), (name, declared)
        assert name not in {"pymupdf", "fitz"}


def _modules() -> set[str]:
    """budgetkit's top-level modules and subpackages, as dotted names."""
    package = ROOT / "budgetkit"
    found = {f"budgetkit.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    return found | {f"budgetkit.{p.parent.name}" for p in package.glob("*/__init__.py")}


def test_the_layer_contract_places_every_module():
    # A module or subpackage added to budgetkit is placed in a layer `make lint` checks, not let through.
    (layers,) = [c for c in PROJECT["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    placed = [name.strip() for layer in layers["layers"] for name in layer.split("|")]
    assert len(placed) == len(set(placed))
    assert set(placed) == _modules()
    assert placed[:2] == ["budgetkit.__main__", "budgetkit.cli"] and placed[-1] == "budgetkit.errors"
    assert "lint-imports" in (ROOT / "Makefile").read_text().split("\nlint:")[1].split("\n\n")[0]


def test_the_stages_are_subpackages_each_saying_what_it_takes_and_gives():
    stages = ("reading", "tidy", "audit", "comparison", "narrative", "charts", "dataset", "report", "batch", "cli")
    for stage in stages:
        init = ROOT / "budgetkit" / stage / "__init__.py"
        doc = init.read_text().split('"""')[1]
        assert len(doc) > 40, stage


def test_the_version_is_written_once_for_the_package_and_its_metadata():
    import budgetkit

    assert budgetkit.__version__ == PROJECT["project"]["version"]


def test_tests_are_laid_out_like_the_package():
    # tests/<stage>/ for each stage of budgetkit; tests/corpus/ reads the real documents end to end.
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name not in ("fixtures", "__pycache__")}
    stages = {p.parent.name for p in (ROOT / "budgetkit").glob("*/__init__.py")}
    assert folders - stages == {"corpus"}
    assert stages - folders <= {"dataset"}  # the dataset is tested through the batch that writes it
