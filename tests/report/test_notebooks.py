"""The committed notebooks: no outputs, a parameters cell of literals, calls into budgetkit only."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from budgetkit import batch, dataset, report
from tests.conftest import ROOT
from tests.helpers import write_generated

NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def test_both_notebooks_exist():
    assert {p.name for p in ALL} >= {"department_report.ipynb", "explore.ipynb"}


def test_the_report_notebook_users_open_is_the_packaged_one():
    """One source of truth: ``notebooks/department_report.ipynb`` is byte for byte the template
    budgetkit ships (``budgetkit/report/``, package data) and executes."""
    assert report.NOTEBOOK.parent == Path(report.__file__).resolve().parent
    assert (NOTEBOOKS / "department_report.ipynb").read_bytes() == report.NOTEBOOK.read_bytes()


@pytest.mark.slow
def test_a_wheel_installed_into_a_fresh_environment_makes_the_report(tmp_path):
    """``pip install .`` (not editable) into a new virtual environment, then ``budgetkit report``
    on the seed from a folder outside the checkout: the notebook comes from the installed
    package, not from the source tree."""
    import os
    import shutil
    import subprocess
    import sys
    import sysconfig
    import venv
    import zipfile

    root = NOTEBOOKS.parent
    source = tmp_path / "source"  # built from a copy: the build leaves build/ and *.egg-info behind
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    shutil.copytree(root / "budgetkit", source / "budgetkit", ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(dist), str(source)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    target = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    # The dependencies come from this environment (no index here); budgetkit itself only from the wheel.
    (target / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    (env_dir / "share").mkdir()  # and their data files (nbconvert's templates), as installing them puts them
    (env_dir / "share" / "jupyter").symlink_to(Path(sys.prefix) / "share" / "jupyter")
    wheel = next(dist.glob("budgetkit-*.whl"))
    assert "budgetkit/report/department_report.ipynb" in zipfile.ZipFile(wheel).namelist()
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                                "--no-index", "-q", str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([python, "-c", "import budgetkit, budgetkit.report as r; print(budgetkit.__file__); "
                            "print(r.NOTEBOOK)"], capture_output=True, text=True, cwd=tmp_path, env=clean)
    module, notebook = where.stdout.split()
    assert Path(module).is_relative_to(target) and Path(notebook).is_relative_to(target), where.stderr
    seed = root / "data" / "raw" / "gd-qingxin-zwfw-2023-budget.txt"
    made = subprocess.run([env_dir / "bin" / "budgetkit", "report", str(seed), "--out", str(tmp_path / "reports")],
                          capture_output=True, text=True, cwd=tmp_path, env=clean, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    page = (tmp_path / "reports" / "清远市清新区政务服务数据管理局-2023-budget.html").read_text(encoding="utf-8")
    assert "1,564.22" in page and page.rstrip().endswith("</html>")


def test_report_notebook_guides_a_researcher():
    nb = _read(report.NOTEBOOK)
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    assert headings[0] == "# Department report" and "## Charts" in headings and "## Audit" in headings
    assert all(report.GUIDE_TAG in c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "markdown")
    charts = [c for c in nb.cells if c.source.startswith("report.chart(")]
    assert len(charts) == len(report.CHARTS)  # one cell per chart
    last = nb.cells[-2]
    assert last.cell_type == "markdown" and "budgetkit batch" in last.source and "index.html" in last.source


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = _read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: a cell has outputs"
    assert "papermill" not in nb.metadata


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_parameters_cell_holds_literals_only(path):
    cells = [c for c in _read(path).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    for statement in ast.parse(cells[0].source).body:
        assert isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets)
        ast.literal_eval(statement.value)  # raises unless a literal


_COMPUTING = (ast.For, ast.While, ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.DictComp,
              ast.SetComp, ast.GeneratorExp, ast.BinOp, ast.Subscript, ast.With, ast.Try)


def test_report_notebook_computes_nothing_itself():
    nb = _read(report.NOTEBOOK)
    names = {"budgetkit", "report"}
    for cell in (c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])):
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, _COMPUTING)], cell.source
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            func = call.func
            while isinstance(func, ast.Attribute):
                func = func.value
            assert isinstance(func, ast.Name) and func.id in names, f"a call outside budgetkit: {cell.source}"
        for imp in (n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))):
            modules = [a.name for a in imp.names] if isinstance(imp, ast.Import) else [imp.module]
            assert all(m.split(".")[0] == "budgetkit" for m in modules)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert [report.SUMMARY_TAG] in tags


def test_explore_notebook_runs_on_a_batch_dataset(tmp_path):
    """Generated department-years (from the seed) ingested as the batch does, then explored."""
    import papermill

    folder = tmp_path / "in"
    write_generated(folder, "a-2022", "生成测试甲局", 2022, scale_pct=90)
    write_generated(folder, "a-2023", "生成测试甲局", 2023)
    write_generated(folder, "b-2023", "生成测试乙局", 2023, scale_pct=120)
    processed = tmp_path / "processed"
    results = [batch.ingest(d, str(processed)) for d in batch.discover(folder)]
    assert [r.status for r in results] == ["ok"] * 3
    dataset.write_dataset_files(processed, [Path(r.partition) for r in results])
    nb = papermill.execute_notebook(str(NOTEBOOKS / "explore.ipynb"), None, parameters={"processed": str(processed)},
                                    kernel_name="python3", progress_bar=False, cwd=str(NOTEBOOKS),
                                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    texts = ["".join(o.get("data", {}).get("text/plain", "")) for c in nb.cells if c.cell_type == "code"
             for o in c.outputs]
    joined = "\n".join(texts)
    assert "生成测试甲局" in joined and "生成测试乙局" in joined
    # Growth of 甲局 2022 → 2023: 1564.22 − 1407.80 (the seed at 90 %) = 156.42, 11.11 %.
    assert "156.42" in joined and "11.11" in joined
    # The DuckDB cell: 类 201 of 乙局 2023 is the seed's 761.01 × 1.2 = 913.21.
    assert "913.21" in texts[-1]


def _explore(processed: Path, **parameters) -> dict[str, str]:
    """The explore notebook executed on ``processed``: each code cell's outputs as text, by its first line."""
    import papermill

    nb = papermill.execute_notebook(str(NOTEBOOKS / "explore.ipynb"), None,
                                    parameters={"processed": str(processed), **parameters}, kernel_name="python3",
                                    progress_bar=False, cwd=str(NOTEBOOKS),
                                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    return {c.source.splitlines()[0]: "".join("".join(o.get("data", {}).get("text/plain", "")) for o in c.outputs)
            for c in nb.cells if c.cell_type == "code"}


def test_explore_notebook_finds_a_code_wherever_a_layout_prints_it_under_one_department_name(tmp_path):
    """A department printing its function detail outside the 支出总体情况表 (as Jiangsu's do) was
    left out of "one code across years" and of the SQL, and a department whose name is spelt
    two ways in two years was listed as two."""
    import pandas as pd

    folder = tmp_path / "in"
    write_generated(folder, "party-2022", "中国共产党生成测试市委员会办公厅", 2022, scale_pct=90)
    write_generated(folder, "party-2023", "中共生成测试市委办公厅", 2023)
    write_generated(folder, "js-2023", "生成测试乙局", 2023, scale_pct=120)
    processed = tmp_path / "processed"
    results = {r.department: r for r in (batch.ingest(d, str(processed)) for d in batch.discover(folder))}
    part = Path(results["生成测试乙局"].partition)
    lines = pd.read_parquet(part)
    assert {"expenditure", "general_function"} <= set(lines["table"])
    lines[lines["table"] != "expenditure"].to_parquet(part, index=False)  # its function detail elsewhere only
    dataset.write_dataset_files(processed, [Path(r.partition) for r in results.values()])
    texts = _explore(processed, code="201")
    across, sql = texts["code_across_years(lines, code)"], texts["sql = duckdb.connect()"]
    for text in (across, sql):
        # 201 of 乙局 from its 一般公共预算支出表: 761.01 × 1.2; the party office's two years under its 2023 name.
        assert "生成测试乙局" in text and "913.21" in text and "general_function" in text
        assert "684.91" in text and "761.01" in text  # 2022 at 90 %, 2023
        assert "中国共产党生成测试市委员会办公厅" not in text and "中共生成测试市委办公厅" in text
    assert across.count("中共生成测试市委办公厅") == 2 and across.count("生成测试乙局") == 1
    assert across.count("expenditure") == 2  # the party office's two years, from their 支出总体情况表
    # the “三公” pivot: the party office's two years under one name too
    pivot = texts["three_public = fold_departments(lines).query(\"table == 'three_public' and measure == 'total' "
                  "and item != ''\")"]
    assert "中国共产党生成测试市委员会办公厅" not in pivot and "中共生成测试市委办公厅" in pivot and "2022" in pivot


def test_make_lab_takes_a_port_and_opens_no_browser_without_a_display():
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "MAKEFLAGS")}
    done = subprocess.run(["make", "-n", "lab", "PORT=8899"], cwd=NOTEBOOKS.parent, env=env, capture_output=True,
                          text=True, timeout=60)
    command = [line for line in done.stdout.splitlines() if "jupyter lab" in line]
    assert command and "--port=8899" in command[0] and "--no-browser" in command[0]
    assert ("--allow-root" in command[0]) == (os.geteuid() == 0)


def test_make_setup_registers_the_budgetkit_kernel():
    import subprocess

    done = subprocess.run(["make", "-n", "-B", "setup"], cwd=NOTEBOOKS.parent, capture_output=True, text=True,
                          timeout=60)
    assert "ipykernel install --sys-prefix --name budgetkit" in done.stdout
