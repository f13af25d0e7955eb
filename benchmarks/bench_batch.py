"""Batch runs: throughput over workers, marginal cost per department, peak memory by batch size.

The batches are made of documents *generated* from the seed (other department names and
years; see ``tests/helpers.py``), written to a temporary folder, never to
``data/raw``. Each batch is a fresh ``budgetkit batch`` process, as a user runs it; its
peak memory is the largest sum of the resident sizes of the process and all of its
children (workers and kernels), sampled every 50 ms.

Measured side by side in one run:

* the warm engine's marginal cost of one department-year — one report made as
  :func:`budgetkit.batch.pool.run_job` makes it (executed notebook, HTML and downloads) on this
  process's warm kernel, already started — against one bare ``papermill.execute_notebook``
  of the same notebook with the same parameters in this already-started Python (target
  ≤ 0.5×), and the same report made on papermill's own engine (a kernel per notebook, as
  before the warm engine); the three alternate, on other department-years each time, and
  each is the median of its repetitions;
* the same marginal cost seen from the command line: at ``--jobs 1``, (time of the large
  batch − time of the 2-department batch) / the departments added, against the same bare
  papermill run (target ≤ 0.5×);
* throughput of ``--jobs 2`` against ``--jobs 1`` on the same batch (target ≥ 1.8×);
* peak memory of the large batch against the 2-department batch (target ≤ 1.2×).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _inputs(folder: Path, count: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.test_batch_inputs import department_years

    department_years(folder, count)
    return folder


def _peak_rss(pid: int, stop: threading.Event, out: list[int]) -> None:
    import psutil

    peak = 0
    try:
        root = psutil.Process(pid)
        while not stop.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
            except psutil.Error:
                break
            peak = max(peak, total)
            time.sleep(0.05)
    finally:
        out.append(peak)


def _batch(folder: Path, work: Path, jobs: int) -> dict:
    """Run ``budgetkit batch`` on ``folder`` in a new process: wall seconds and peak memory."""
    tag = f"{folder.name}-{jobs}-{time.monotonic_ns()}"
    out, processed = work / f"reports-{tag}", work / f"processed-{tag}"
    cmd = [sys.executable, "-m", "budgetkit", "batch", str(folder), "--out", str(out), "--processed",
           str(processed), "--jobs", str(jobs), "--quiet"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    stop, peak = threading.Event(), []
    sampler = threading.Thread(target=_peak_rss, args=(proc.pid, stop, peak))
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"batch failed ({proc.returncode}):\n{stdout}\n{stderr}")
    return {"seconds": seconds, "peak_mb": peak[0] / 2**20}


def _bare_cold_warm(folder: Path, work: Path, repeat: int) -> tuple[float, float, float]:
    """Median seconds of one bare ``papermill.execute_notebook``, of one report made on papermill's
    own engine (a kernel per notebook) and of one report on the warm engine (as
    :func:`budgetkit.batch.pool.run_job` makes it), alternated, in this (warmed) process."""
    import statistics

    import papermill

    from budgetkit import batch, report
    from budgetkit.report import kernels

    paths = sorted(folder.glob("*.txt"))
    pairs = [(paths[i + 1], paths[i]) for i in range(0, len(paths) - 1, 2)]  # (a year, the year before)
    kwargs = {"kernel_name": report.KERNEL, "progress_bar": False, "cwd": str(report.NOTEBOOK.parent),
              "extra_arguments": ["--IPKernelApp.log_level=CRITICAL"]}

    def bare(current: Path, previous: Path) -> float:
        params = report.parameters([current], [previous], out=work / "bare")
        started = time.perf_counter()
        papermill.execute_notebook(str(report.NOTEBOOK), None, parameters=params, **kwargs)
        return time.perf_counter() - started

    def made(current: Path, previous: Path, n: int, warm: bool) -> float:
        """One report as run_job makes it: executed notebook, HTML, downloads."""
        out = work / ("warm" if warm else "cold")
        started = time.perf_counter()
        params = report.parameters([current], [previous], out=out)
        nb = report.execute(params, warm=warm)
        report.write_report(nb, out, f"report-{n}", current.stem)
        return time.perf_counter() - started

    batch.warm_worker()
    bare(*pairs[0])  # warm this process
    made(*pairs[0], 0, warm=True)  # start the warm kernel: its start is not a marginal cost
    bares, colds, warms = [], [], []
    try:
        for n in range(repeat):
            current, previous = pairs[n % len(pairs)]
            bares.append(bare(current, previous))
            colds.append(made(current, previous, n + 1, warm=False))
            warms.append(made(current, previous, n + 1, warm=True))
    finally:
        kernels.shutdown_all()
    return statistics.median(bares), statistics.median(colds), statistics.median(warms)


def run(quick: bool = False) -> list[dict]:
    large = 8 if quick else 20
    rows = []
    with tempfile.TemporaryDirectory(prefix="budgetkit-bench-generated-") as tmp:
        work = Path(tmp)
        small_in = _inputs(work / "generated-2", 2)
        large_in = _inputs(work / f"generated-{large}", large)
        load = os.getloadavg()[0]
        bare, cold, warm = _bare_cold_warm(large_in, work, 3 if quick else 6)
        small = _batch(small_in, work, 1)
        ones, twos = [], []
        for _ in range(1 if quick else 2):  # alternated, best of each: the machine is shared
            ones.append(_batch(large_in, work, 1))
            twos.append(_batch(large_in, work, 2))
        one = min(ones, key=lambda r: r["seconds"]) | {"peak_mb": max(r["peak_mb"] for r in ones)}
        two = min(twos, key=lambda r: r["seconds"])
        load = max(load, os.getloadavg()[0])
    marginal = (one["seconds"] - small["seconds"]) / (large - 2)
    case = f"{large} generated department-years"
    loads = f"{load:.1f} (1-min load average, {os.cpu_count()} cores)"
    rows.append({"benchmark": "batch", "case": "bare papermill.execute_notebook (warm Python)",
                 "measure": "seconds per notebook", "value": bare, "unit": "s"})
    rows.append({"benchmark": "batch", "case": "papermill's own engine: one report (notebook, HTML, downloads)",
                 "measure": "seconds per department-year", "value": cold, "unit": "s", "ratio": cold / bare})
    rows.append({"benchmark": "batch", "case": "warm engine: one report on a started kernel (notebook, HTML, downloads)",
                 "measure": "seconds per department-year", "value": warm, "unit": "s", "ratio": warm / bare})
    rows.append({"benchmark": "batch", "case": "warm engine marginal / bare (target ≤ 0.5)", "measure": "ratio",
                 "value": warm / bare, "unit": "×", "load": loads})
    rows.append({"benchmark": "batch", "case": f"{large} vs 2 department-years, --jobs 1",
                 "measure": "marginal seconds per department", "value": marginal, "unit": "s",
                 "ratio": marginal / bare})
    rows.append({"benchmark": "batch", "case": "batch marginal / bare (target ≤ 0.5)", "measure": "ratio",
                 "value": marginal / bare, "unit": "×"})
    rows.append({"benchmark": "batch", "case": case, "measure": "--jobs 1 wall time", "value": one["seconds"],
                 "unit": "s"})
    rows.append({"benchmark": "batch", "case": case, "measure": "--jobs 2 wall time", "value": two["seconds"],
                 "unit": "s"})
    rows.append({"benchmark": "batch", "case": case, "measure": "throughput --jobs 2 / --jobs 1 (target ≥ 1.8)",
                 "value": one["seconds"] / two["seconds"], "unit": "×", "load": loads})
    rows.append({"benchmark": "batch", "case": "2 department-years, --jobs 1", "measure": "peak memory (process tree)",
                 "value": small["peak_mb"], "unit": "MiB"})
    rows.append({"benchmark": "batch", "case": f"{case}, --jobs 1", "measure": "peak memory (process tree)",
                 "value": one["peak_mb"], "unit": "MiB", "ratio": one["peak_mb"] / small["peak_mb"]})
    rows.append({"benchmark": "batch", "case": f"peak memory {large} / 2 (target ≤ 1.2)", "measure": "ratio",
                 "value": one["peak_mb"] / small["peak_mb"], "unit": "×"})
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    for row in run(quick):
        print(row)
