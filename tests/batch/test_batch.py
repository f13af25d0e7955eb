"""``budgetkit batch``: a folder of disclosures → dataset, one report per department-year, index.

The inputs are the seed plus documents generated from it (``tests/helpers.py``):
another year of the seed's bureau, a disclosure in two files, departments with hostile
names, and a file that is no disclosure at all.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from budgetkit import batch, dataset, report
from budgetkit.batch import plan
from budgetkit.batch import pool as pool_module
from budgetkit.dataset import read_lines
from budgetkit.report.index import SUMMARY_COLUMNS
from budgetkit.tidy import schema
from tests.helpers import LABEL, department_years, write_failing_notebook, write_generated, write_generated_split

BUREAU = "清远市清新区政务服务数据管理局"
HOSTILE = ("../../etc/passwd\\局", "..", "<script>window.pwned=1</script>局")


def _cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budgetkit", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def inputs(tmp_path_factory, seed_path) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    write_generated(folder, "qingxin-2022", BUREAU, 2022, scale_pct=95)
    write_generated_split(folder, "split-2023", "生成测试丙局", 2023)
    for i, name in enumerate(HOSTILE):
        write_generated(folder, f"hostile-{i}", name, 2023)
    (folder / "generated-broken.txt").write_text(f"{LABEL}\n这不是预算文件。\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def run(inputs):
    root = inputs.parent
    _LIBRARY.append(_library_digest())
    done = _cli("batch", str(inputs), "--out", str(root / "reports"), "--processed", str(root / "processed"),
                "--jobs", "2")
    return done, root / "reports", root / "processed"


_LIBRARY: list[str] = []


def _library_digest() -> str:
    return plan._library_digest.__wrapped__()  # not the cached value: the code as it is now


def _summary(out: Path) -> pd.DataFrame:
    assert (out / "summary.csv").read_bytes().startswith("\ufeff".encode()), "Excel needs the UTF-8 byte-order mark"
    return pd.read_csv(out / "summary.csv", dtype=str, keep_default_na=False)


def test_a_broken_file_is_recorded_and_the_rest_completes(run):
    done, out, _ = run
    assert done.returncode == 1, done.stderr
    summary = _summary(out)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    failed = summary[summary["status"] == "failed"]
    assert list(failed["sources"]) == ["generated-broken.txt"]
    assert "does not look like a government budget disclosure" in failed["error"].iloc[0]
    ok = summary[summary["status"] == "ok"]
    assert len(ok) == 3 + len(HOSTILE)
    assert all((out / name).is_file() for name in ok["report"])
    assert "1 failed" in done.stdout and "generated-broken.txt: no budget table" in done.stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "这不是预算文件" not in index and "does not look like a government budget disclosure" in index
    assert "report [6/6]" in done.stderr  # plain progress lines when not on a terminal


def test_consecutive_years_are_paired(run):
    summary = _summary(run[1]).set_index(["department", "year"])
    current = summary.loc[(BUREAU, "2023")]
    # 2022 is the seed at 95 %: 支出总计 1486.01; 1564.22 − 1486.01 = 78.21 (5.26 %).
    assert (current["previous_year"], current["previous_expenditure_total"]) == ("2022", "1486.01")
    assert (current["change"], current["change_pct"]) == ("78.21", "5.26")
    assert current["expenditure_total"] == "1564.22"
    # Without a previous document the change is the one the narrative states.
    alone = summary.loc[("生成测试丙局", "2023")]
    assert (alone["previous_expenditure_total"], alone["change"]) == ("1434.81", "129.41")
    assert int(current["warnings"]) >= 1 and current["errors"] != ""


def test_files_of_one_disclosure_make_one_report(run):
    summary = _summary(run[1])
    row = summary[summary["department"] == "生成测试丙局"]
    assert len(row) == 1
    assert row["sources"].iloc[0] == "generated-split-2023-narrative.txt; generated-split-2023-tables.txt"


def test_dataset_partitioned_by_year_and_department(run):
    import duckdb

    _, _, processed = run
    root = processed / "budget_lines"
    assert {p.name for p in root.iterdir()} == {"year=2022", "year=2023"}
    lines = read_lines(root)  # validated against the schema
    expected = {BUREAU, "生成测试丙局", *HOSTILE}
    assert set(lines["department"]) == expected
    assert lines.groupby(["department", "year"]).size().to_dict() == {
        **{(d, 2023): 739 for d in expected}, (BUREAU, 2022): 739}
    seed_total = lines.query("department == @BUREAU and year == 2023 and table == 'overall' "
                             "and item == 'expenditure_total'")["amount"].iloc[0]
    assert seed_total == Decimal("1564.22")
    found = duckdb.sql(f"""select department, count(*) as n from read_parquet('{root}/**/*.parquet',
                           hive_partitioning = true) group by department""").df()
    assert dict(zip(found["department"], found["n"], strict=True)) == {d: 739 * (2 if d == BUREAU else 1)
                                                                       for d in expected}
    csv = pd.read_csv(processed / "budget_lines.csv", dtype=str, keep_default_na=False)
    assert list(csv.columns) == list(schema.COLUMNS) and len(csv) == len(lines)
    assert "1564.22" in set(csv["amount"]) and not csv["amount"].str.contains("e", regex=False).any()


def test_datapackage_describes_the_columns(run):
    _, _, processed = run
    package = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    csv, parquet = package["resources"]
    assert csv["path"] == "budget_lines.csv" and csv["profile"] == "tabular-data-resource"
    fields = csv["schema"]["fields"]
    assert [f["name"] for f in fields] == list(schema.COLUMNS)
    assert all(f["description"] for f in fields)
    assert {f["name"]: f["type"] for f in fields}["amount"] == "number"
    assert len(parquet["path"]) == 2 + len(HOSTILE) + 1
    for rel in parquet["path"]:
        assert ".." not in Path(rel).parts and not rel.startswith("/")
        assert (processed / rel).is_file()


def test_hostile_department_names_give_safe_unique_file_names(run, inputs):
    _, out, processed = run
    summary = _summary(out).set_index("department")
    reports = [summary.loc[name, "report"] for name in HOSTILE]
    assert len(set(reports)) == len(reports)
    for name in reports:
        assert "/" not in name and "\\" not in name and ".." not in name and not name.startswith(".")
        assert (out / name).resolve().parent == out.resolve()
    # Nothing was written outside the output folders.
    root = inputs.parent
    assert {p.name for p in root.iterdir()} == {"in", "reports", "processed"}
    for path in processed.rglob("*"):
        assert path.resolve().is_relative_to(processed.resolve())
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>window" not in index and "&lt;script&gt;window.pwned=1&lt;/script&gt;局" in index


def test_rerun_skips_up_to_date_reports_and_force_redoes_them(run, inputs):
    _, out, processed = run
    pages = sorted(p for p in out.glob("*.htm*") if p.name != "index.html") + sorted(out.glob("*.ipynb"))
    before = {p: p.stat().st_mtime_ns for p in pages}
    again = _cli("batch", str(inputs), "--out", str(out), "--processed", str(processed), "--jobs", "2")
    assert again.returncode == 1  # the broken file is still there
    if _library_digest() != _LIBRARY[0]:  # a report made by other library code is not up to date
        pytest.skip("budgetkit's code changed while the test ran, so the reports were rightly redone")
    assert "0 made, 6 up to date, 1 failed" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in pages} == before
    forced = _cli("batch", str(inputs), "--out", str(out), "--processed", str(processed), "--jobs", "2", "--force")
    assert "6 made, 0 up to date, 1 failed" in forced.stdout
    assert all(p.stat().st_mtime_ns > before[p] for p in pages)


def _workers(pid: int):
    import psutil

    return [p for p in psutil.Process(pid).children() if any("spawn_main" in a for a in p.cmdline())]


def test_interrupted_run_then_rerun_gives_complete_outputs(tmp_path):
    import psutil

    folder = tmp_path / "in"
    department_years(folder, 4)
    out, processed = tmp_path / "reports", tmp_path / "processed"
    args = [sys.executable, "-m", "budgetkit", "batch", str(folder), "--out", str(out), "--processed",
            str(processed), "--jobs", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = []
    try:
        deadline = time.monotonic() + 300
        while not list((out / ".records").glob("*.json")):
            assert proc.poll() is None and time.monotonic() < deadline, "the batch ended before a report was made"
            time.sleep(0.05)
        started = psutil.Process(proc.pid).children(recursive=True)
        victim = _workers(proc.pid)[0]
        victim.send_signal(signal.SIGKILL)
        stdout, _ = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
        for child in started:  # kernels of the killed worker are ours to stop
            if child.is_running():
                child.kill()
    assert proc.returncode == 1
    made_before = len(list((out / ".records").glob("*.json")))
    assert made_before < 4, "the worker was killed after the batch had finished"
    assert "worker making it stopped" in stdout
    assert not list(out.rglob("*.tmp")) and not list(processed.rglob("*.tmp"))
    rerun = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    summary = _summary(out)
    assert len(summary) == 4 and set(summary["status"]) == {"ok"}
    assert "up to date" in rerun.stdout and "0 up to date" not in rerun.stdout
    for name in summary["report"]:
        page = (out / name).read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>")
        nbformat.validate(nbformat.read(out / name.replace(".html", ".ipynb"), as_version=4))
    assert len(read_lines(processed / "budget_lines")) == 4 * 739


def test_worker_killed_mid_write_leaves_no_temporary_file(tmp_path):
    """A worker killed inside ``atomic_write`` left ``.<name>.<random>.tmp`` in the report folder."""
    from budgetkit.dataset.files import sweep_unfinished

    (tmp_path / "sub").mkdir()
    half = [tmp_path / ".a-2023-budget-lines.xlsx.8op2r8tf.tmp", tmp_path / "sub" / ".part.parquet.x1.tmp"]
    kept = [tmp_path / "a-2023-budget.html", tmp_path / "notes.tmp"]
    for p in half + kept:
        p.write_text("x", encoding="utf-8")
    assert sorted(sweep_unfinished(tmp_path)) == sorted(half)
    assert [p.exists() for p in half + kept] == [False, False, True, True]
    assert sweep_unfinished(tmp_path / "absent") == []


def test_dask_local_cluster(tmp_path):
    from distributed import LocalCluster

    folder = tmp_path / "in"
    department_years(folder, 2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = batch.run(folder, out=tmp_path / "reports", processed=tmp_path / "processed",
                           scheduler=cluster.scheduler_address)
        prefixes = set(cluster.scheduler.task_prefixes)
    assert {"ingest", "run_job"} <= prefixes
    assert result.exit_code == 0 and [r["status"] for r in result.records] == ["ok", "ok"]
    later = result.records[1]
    assert (later["year"], later["previous_year"], later["change"]) == (2023, 2022, "0.00")
    assert all((tmp_path / "reports" / r["report"]).is_file() for r in result.records)


def test_a_failing_notebook_is_recorded_not_raised(tmp_path, seed_path):
    broken = write_failing_notebook(tmp_path / "fails.ipynb", "RuntimeError('the template is broken')")
    job = batch.Job("seed", BUREAU, 2023, "budget", "seed", (str(seed_path),), out=str(tmp_path / "out"),
                    fingerprint="x", notebook=str(broken))
    record = batch.run_job(job)
    assert record["status"] == "failed" and "RuntimeError: the template is broken" in record["error"]
    assert batch.up_to_date(job) is None  # a failure is redone on the next run
    assert not (tmp_path / "out" / "seed.html").exists()


def test_discover_keeps_each_unreadable_file_apart(tmp_path):
    """A file that cannot be read states nothing: it is a disclosure of its own (its error is
    recorded by ingest), never a failure of the files beside it; other files are not inputs."""
    for name in ("js-party-office-2017-narrative.pdf", "js-party-office-2017-tables.pdf", "b-2018-budget.txt",
                 "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = batch.discover(tmp_path)
    assert [(d.key, [Path(p).name for p in d.paths]) for d in found] == [
        ("b-2018-budget", ["b-2018-budget.txt"]),
        ("js-party-office-2017-narrative", ["js-party-office-2017-narrative.pdf"]),
        ("js-party-office-2017-tables", ["js-party-office-2017-tables.pdf"]),
    ]


def test_partition_values_round_trip_through_parquet_readers(tmp_path):
    for name in (*HOSTILE, "100%局", "清远市 清新区"):
        value = dataset.partition_value(name)
        assert "/" not in value and "\\" not in value and not value.startswith(".")
        part = tmp_path / "d" / f"department={value}" / "part.parquet"
        part.parent.mkdir(parents=True)
        pd.DataFrame({"x": [1]}).to_parquet(part)
        assert pd.read_parquet(tmp_path / "d")["department"].astype(str).iloc[0] == name
        shutil.rmtree(tmp_path / "d")


def test_progress_is_a_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = batch.Progress(stream)
    progress.start(2, "report")
    progress.step("a 2023: ok")
    progress.step("b 2023: ok")
    progress.close()
    assert "2/2" in stream.getvalue() and "report [" not in stream.getvalue()


@pytest.mark.parametrize(("args", "message"), [
    (["no-such-folder"], "no such folder"),
    (["{empty}"], "no .txt or .pdf disclosure"),
    (["{empty}", "--jobs", "0"], "--jobs must be at least 1"),
])
def test_bad_batch_input_is_exit_code_2(tmp_path, args, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = _cli("batch", *[a.format(empty=empty) for a in args], "--out", str(tmp_path / "o"),
                "--processed", str(tmp_path / "p"))
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.corpus
def test_discover_groups_the_corpus_disclosures(corpus):
    found = {d.key: [Path(p).name for p in d.paths] for d in batch.discover(corpus)}
    assert len(found) == 17  # 19 files: the party office publishes narrative and tables apart, two years
    assert found["js-party-office-2017"] == ["js-party-office-2017-narrative.pdf", "js-party-office-2017-tables.pdf"]
    assert found["js-party-office-2018"] == ["js-party-office-2018-narrative.pdf", "js-party-office-2018-tables.pdf"]
    assert found["sh-putuo-wanli-2024-budget"] == ["sh-putuo-wanli-2024-budget.pdf"]
    # The 部门 document and the 单位 document of one office, one year: two disclosures.
    assert found["sh-putuo-govoffice-2025-budget"] == ["sh-putuo-govoffice-2025-budget.pdf"]
    assert found["sh-putuo-govoffice-unit-2025-budget"] == ["sh-putuo-govoffice-unit-2025-budget.pdf"]


@pytest.mark.corpus
@pytest.mark.slow
def test_discover_groups_the_cities_disclosures(corpus):
    """Seven Beijing departments publish narrative and tables apart: each narrative joins its own
    department's tables only; a scanned narrative (no text to say whose it is) joins the tables
    its file name pairs it with."""
    found = {d.key: [Path(p).name for p in d.paths] for d in batch.discover(corpus / "cities")}
    assert len(found) == 51  # 57 files: six narrative + tables pairs
    pairs = [k for k, files in found.items() if len(files) == 2]
    assert sorted(pairs) == [f"beijing-{d}-2026-budget" for d in (
        "shangwuju", "tongjiju", "tuiyijunrenshiwuju", "yingjiguanliju", "zhengwufuwuheshujuguanliju",
        "zhongdaxiangmujianshezhihuibubangongshi")]
    assert found["beijing-shangwuju-2026-budget"] == ["beijing-shangwuju-2026-budget-narrative.pdf",
                                                      "beijing-shangwuju-2026-budget-tables.pdf"]
    assert found["beijing-zhengwufuwuheshujuguanliju-2026-budget"] == [
        "beijing-zhengwufuwuheshujuguanliju-2026-budget-narrative.pdf",
        "beijing-zhengwufuwuheshujuguanliju-2026-budget-tables.pdf"]


def _die(item):
    os.kill(os.getpid(), signal.SIGKILL)


def _double(item):
    return item * 2


def test_a_dead_worker_fails_its_step_and_the_next_step_gets_a_new_pool():
    with pool_module.Pool(1, None) as pool:
        died = list(pool.map(_die, [1]))
        assert died[0][1] is None and "BrokenProcessPool" in type(died[0][2]).__name__
        assert sorted(r for _, r, _ in pool.map(_double, [1, 2, 3])) == [2, 4, 6]


@pytest.mark.corpus
@pytest.mark.slow
def test_batch_over_real_disclosures(corpus, tmp_path):
    """Two years of 万里街道 (Shanghai, amounts in 元) and the party office's narrative + tables PDFs."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("sh-putuo-wanli-2023-budget.pdf", "sh-putuo-wanli-2024-budget.pdf",
                 "js-party-office-2017-narrative.pdf", "js-party-office-2017-tables.pdf"):
        (folder / name).symlink_to(corpus / name)
    result = batch.run(folder, out=tmp_path / "reports", processed=tmp_path / "processed", jobs=2)
    assert result.exit_code == 0, result.failed
    rows = {(r["department"], r["year"]): r for r in result.records}
    wanli = rows[("上海市普陀区人民政府万里街道办事处", 2024)]
    # The 2024 narrative: "比2023年预算减少876.75万元"; the tables in 元 give it exactly.
    assert (wanli["previous_year"], wanli["change"], wanli["change_pct"]) == (2023, "-876.7517", "-5.31")
    assert wanli["change_basis"] == "document"
    party = next(r for r in result.records if r["year"] == 2017)
    assert party["sources"] == ["js-party-office-2017-narrative.pdf", "js-party-office-2017-tables.pdf"]


def test_regression_party_office_years_pair_across_spellings_of_its_name(seed_path):
    """2017 prints 中国共产党江苏省委员会办公厅, 2018 中共江苏省委办公厅: one department, paired."""
    docs = [
        batch.Ingested(f"party-{year}", (str(seed_path),), "ok", department=name, phase="budget", year=year,
                       stem=f"party-{year}")
        for name, year in (("中国共产党江苏省委员会办公厅", 2017), ("中共江苏省委办公厅", 2018))
    ]
    jobs = batch.pair_years(docs, out="reports", lang="zh", force=False, notebook=str(report.NOTEBOOK))
    assert sorted((j.year, j.previous) for j in jobs) == [(2017, ()), (2018, (str(seed_path),))]

