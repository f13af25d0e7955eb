"""The warm-kernel papermill engine (``budgetkit.report.kernels``): notebooks executed one after another
on one kernel give the reports a fresh kernel gives, see nothing of each other, and a kernel
that died or timed out is replaced."""

from __future__ import annotations

import json
import os
import signal
import tomllib
from pathlib import Path

import nbformat
import papermill
import pytest

from budgetkit import report
from budgetkit.errors import ReportError
from budgetkit.report import kernels
from tests.conftest import ROOT
from tests.helpers import write_generated


@pytest.fixture(autouse=True)
def _no_kernel_left():
    yield
    kernels.shutdown_all()


def _notebook(path: Path, *sources: str) -> Path:
    """A notebook of code cells, the first the parameters cell."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                            "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_code_cell(sources[0], metadata={"tags": ["parameters"]}),
                *(nbformat.v4.new_code_cell(s) for s in sources[1:])]
    nbformat.write(nb, path)
    return path


def _warm(path: Path, parameters: dict | None = None, **kwargs):
    return papermill.execute_notebook(str(path), None, parameters=parameters or {}, kernel_name="python3",
                                      progress_bar=False, cwd=str(path.parent), engine_name=kernels.ENGINE,
                                      **kwargs)


def _kernel() -> kernels.WarmKernel:
    (kernel,) = kernels._KERNELS.values()
    return kernel


def _text(nb, index: int = -1) -> str:
    return "".join(o.get("text", "") for o in nb.cells[index].outputs if o.output_type == "stream")


def test_the_engine_is_registered_by_entry_point_and_on_import():
    entry = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["papermill.engine"]
    module, _, name = entry[kernels.ENGINE].partition(":")
    assert (module, name) == ("budgetkit.report.kernels", "WarmEngine")
    assert getattr(__import__(module, fromlist=[name]), name) is kernels.WarmEngine
    assert papermill.engines.papermill_engines.get_engine(kernels.ENGINE) is kernels.WarmEngine
    assert issubclass(kernels.WarmEngine, papermill.engines.Engine)


@pytest.mark.parametrize("first", ["papermill", "budgetkit.report.kernels"])
def test_regression_the_installed_entry_point_loads_whichever_is_imported_first(tmp_path, first):
    """Installed, the entry point made papermill import budgetkit.report.kernels while budgetkit.report.kernels
    was importing papermill: "partially initialized module 'budgetkit.report.kernels' has no attribute
    'WarmEngine'"."""
    import subprocess
    import sys

    entry = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["papermill.engine"]
    info = tmp_path / "budgetkit-0.1.0.dist-info"  # what an installed budgetkit declares
    info.mkdir()
    (info / "entry_points.txt").write_text("[papermill.engine]\n" + "".join(f"{k} = {v}\n" for k, v in entry.items()))
    code = (f"import {first}\nimport budgetkit.report.kernels as k, papermill.engines as e\n"
            f"print(e.papermill_engines.get_engine({kernels.ENGINE!r}) is k.WarmEngine)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])})
    assert (done.returncode, done.stdout) == (0, "True\n"), done.stderr


def test_two_departments_on_one_warm_kernel_give_the_reports_each_gives_alone(tmp_path):
    folder = tmp_path / "in"
    a = report.parameters([write_generated(folder, "a-2023", "生成测试甲局", 2023)],
                          [write_generated(folder, "a-2022", "生成测试甲局", 2022, scale_pct=90)], out=tmp_path / "out")
    b = report.parameters([write_generated(folder, "b-2023", "生成测试乙局", 2023, scale_pct=120)], out=tmp_path / "out")
    alone = {name: report.execute(params) for name, params in (("a", a), ("b", b))}  # papermill's own engine
    warm = {}
    for name, params in (("b", b), ("a", a)):
        warm[name] = report.execute(params, warm=True)
        warm[f"{name}-pid"] = _kernel().pid
    assert warm["a-pid"] == warm["b-pid"] is not None  # one kernel made both
    for name, title in (("a", "生成测试甲局 2023"), ("b", "生成测试乙局 2023")):
        page = report.notebook_to_html(warm[name], title)
        assert page == report.notebook_to_html(alone[name], title)
        assert title.split()[0] in page
        assert report.summary_of(warm[name]) == report.summary_of(alone[name])
        counts = [c.execution_count for c in warm[name].cells if c.cell_type == "code"]
        assert counts == [c.execution_count for c in alone[name].cells if c.cell_type == "code"]
        assert counts[:2] == [1, 2]  # a fresh session: counts start at 1 again
    # 甲局 2023 against its 2022 at 90 %: 1564.22 − 1407.80 = 156.42; 乙局 has no previous document.
    assert report.summary_of(warm["a"])["change"] == "156.42"
    assert report.summary_of(warm["b"])["expenditure_total"] == "1877.06"


def test_nothing_one_notebook_defines_is_seen_by_the_next(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    first = _notebook(
        tmp_path / "first.ipynb", "department = '甲局'",
        "import os, sys, warnings\nimport matplotlib\nimport matplotlib.pyplot as plt\nleaked = department\n"
        "def helper():\n    return 1\n"
        "os.environ['BUDGETKIT_LEAK'] = '1'\nsys.path.append('/leaked')\nwarnings.filterwarnings('error', message='leaked')\n"
        "matplotlib.rcParams['font.size'] = 31\nplt.figure()\nos.chdir('elsewhere')\nprint('done')",
    )
    second = _notebook(
        tmp_path / "second.ipynb", "department = '乙局'",
        "import json, os, sys, warnings\nimport matplotlib\nimport matplotlib.pyplot as plt\n"
        "print(json.dumps({'names': sorted(n for n in ('leaked', 'helper', 'department') if n in globals()),"
        " 'history': len(In), 'env': os.environ.get('BUDGETKIT_LEAK'), 'path': '/leaked' in sys.path,"
        " 'filter': any(f[1] and f[1].pattern == 'leaked' for f in warnings.filters), 'font_size': matplotlib.rcParams['font.size'],"
        " 'figures': plt.get_fignums(), 'cwd': os.path.basename(os.getcwd()), 'department': department}))",
    )
    before = _kernel_free_font_size()
    assert _text(_warm(first)) == "done\n"
    pid = _kernel().pid
    seen = json.loads(_text(_warm(second)))
    assert _kernel().pid == pid
    assert seen == {"names": ["department"], "history": 3, "env": None, "path": False, "filter": False,
                    "font_size": before, "figures": [], "cwd": tmp_path.name, "department": "乙局"}


def _kernel_free_font_size() -> float:
    import matplotlib

    return matplotlib.rcParamsDefault["font.size"]


def test_a_kernel_that_died_is_replaced(tmp_path):
    hello = _notebook(tmp_path / "hello.ipynb", "name = 'x'", "import os\nprint(os.getpid())")
    dies = _notebook(tmp_path / "dies.ipynb", "name = 'x'", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
                     "print('never')")
    first = int(_text(_warm(hello)))
    assert first == _kernel().pid
    with pytest.raises(ReportError, match="died"):
        _warm(dies)
    assert kernels._KERNELS == {}  # the dead kernel was let go
    second = int(_text(_warm(hello)))
    assert second != first
    os.kill(second, signal.SIGKILL)  # dies while idle, between two notebooks
    _kernel().km.provisioner.process.wait(timeout=10)
    third = int(_text(_warm(hello)))
    assert third not in (first, second) and third == _kernel().pid


def test_a_cell_that_times_out_fails_its_notebook_and_the_kernel_is_replaced(tmp_path):
    hello = _notebook(tmp_path / "hello.ipynb", "name = 'x'", "import os\nprint(os.getpid())")
    slow = _notebook(tmp_path / "slow.ipynb", "name = 'x'", "import time\ntime.sleep(60)")
    first = int(_text(_warm(hello)))
    with pytest.raises(ReportError, match="timed out after 2 s"):
        _warm(slow, execution_timeout=2)
    assert kernels._KERNELS == {}
    assert int(_text(_warm(hello))) != first


def test_a_failing_cell_fails_its_report_and_the_kernel_serves_the_next(tmp_path):
    hello = _notebook(tmp_path / "hello.ipynb", "current = []", "import os\nprint(os.getpid())")
    fails = _notebook(tmp_path / "fails.ipynb", "current = []", "raise ValueError('bad template')")
    first = int(_text(report.execute({"current": []}, hello, warm=True)))
    with pytest.raises(ReportError, match="failed in cell 3: ValueError: bad template"):
        report.execute({"current": []}, fails, warm=True)  # cells 1 and 2: the parameters, as given and injected
    assert int(_text(report.execute({"current": []}, hello, warm=True))) == first


def test_a_kernel_is_replaced_after_its_share_of_notebooks(tmp_path, monkeypatch):
    monkeypatch.setattr(kernels, "MAX_NOTEBOOKS", 2)
    hello = _notebook(tmp_path / "hello.ipynb", "name = 'x'", "import os\nprint(os.getpid())")
    pids = [int(_text(_warm(hello))) for _ in range(3)]
    assert pids[0] == pids[1] != pids[2]
