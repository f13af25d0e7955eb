"""Batch runs: every disclosure in a folder read, stored as a dataset, and reported on.

The steps, each a conversion that a worker process runs alone:

``discover``   a folder → :class:`~budgetkit.batch.plan.Disclosure` (the files of one disclosure)
``ingest``     a disclosure → its tidy lines in the Parquet dataset, and its identity
``pair_years`` identities → one :class:`~budgetkit.batch.plan.Job` per department-year
``run_job``    a job → executed notebook, HTML report and a JSON record (or a failure)
``write_index`` records → ``index.html`` and ``summary.csv``

Outputs are written atomically (temporary file, then rename), so an interrupted run
leaves whole files or none; a report whose inputs, template and library are unchanged
is skipped on the next run. A disclosure that cannot be read or a notebook that fails is
recorded with its error; everything else still completes.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from budgetkit.batch.plan import Disclosure, discover, pair_years
from budgetkit.batch.pool import Pool, Progress, run_job
from budgetkit.dataset.files import document_stem, sweep_unfinished
from budgetkit.dataset.partitions import DATASET, write_dataset_files, write_part
from budgetkit.errors import BudgetkitError, SourceError

__all__ = ["BatchResult", "Ingested", "describe", "ingest", "run"]



# -- discovery -------------------------------------------------------------------------


# -- the dataset ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ingested:
    """What reading one disclosure gave the batch: its identity and where its lines went, or its error."""

    key: str
    paths: tuple[str, ...]
    status: str  # "ok" or "failed"
    error: str = ""
    traceback: str = ""
    department: str = ""
    year: int | None = None
    phase: str = ""
    stem: str = ""
    partition: str = ""
    lines: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def ingest(disclosure: Disclosure, processed: str) -> Ingested:
    """Read one disclosure and write its lines into the dataset; its identity, or its error."""
    from budgetkit.tidy.document import read

    def failed(error: str, trace: str = "") -> Ingested:
        return Ingested(disclosure.key, tuple(disclosure.paths), "failed", error=error, traceback=trace)

    try:
        doc = read(list(disclosure.paths))
    except BudgetkitError as exc:
        return failed(str(exc))
    except Exception as exc:  # an unexpected failure of one file must not stop the batch
        return failed(f"{type(exc).__name__}: {exc}", traceback.format_exc(limit=5))
    stem = document_stem(doc)
    part = write_part(doc, Path(processed), stem)
    return Ingested(disclosure.key, tuple(disclosure.paths), "ok", department=doc.department, year=doc.year,
                    phase=doc.phase, stem=stem, partition=str(part), lines=len(doc.lines),
                    warnings=tuple(doc.warnings))


# -- jobs ------------------------------------------------------------------------------------


# -- running tasks ---------------------------------------------------------------------------


# -- the batch ---------------------------------------------------------------------------

@dataclass
class BatchResult:
    """What a batch did: one record per department-year (and per unreadable disclosure)."""

    records: list[dict] = field(default_factory=list)
    index: Path | None = None
    summary: Path | None = None
    dataset: Path | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.records if r.get("status") != "ok"]

    @property
    def skipped(self) -> list[dict]:
        return [r for r in self.records if r.get("skipped")]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def run(folder: str | Path, *, out: str | Path = "reports", processed: str | Path = "data/processed",
        jobs: int = 1, scheduler: str | None = None, force: bool = False, lang: str = "zh",
        progress: Progress | None = None, notebook: str | Path | None = None) -> BatchResult:
    """Read every disclosure in ``folder``, write the dataset, and make one report per department-year.

    Parameters
    ----------
    folder
        Input disclosures (``.txt`` / ``.pdf``); files of one disclosure share a name
        up to a part word (``-narrative``, ``-tables``).
    out
        Report folder: ``<department>-<year>-<phase>.html`` / ``.ipynb``, ``index.html``, ``summary.csv``.
    processed
        Dataset folder: ``budget_lines/year=…/department=…/*.parquet``, ``budget_lines.csv``,
        ``datapackage.json``.
    jobs
        Local worker processes (ignored with ``scheduler``).
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``) to run the tasks on.
    force
        Redo reports that are up to date.

    Raises
    ------
    SourceError
        ``folder`` holds no disclosure, or the scheduler cannot be reached.
    """
    from budgetkit.report import NOTEBOOK, labels
    from budgetkit.report.index import write_index

    started = time.perf_counter()
    if jobs < 1:
        raise SourceError(f"--jobs must be at least 1, not {jobs}")
    labels(lang)
    out, processed = Path(out).resolve(), Path(processed).resolve()
    notebook = str(Path(notebook or NOTEBOOK).resolve())
    if not Path(notebook).is_file():
        raise SourceError(f"{notebook}: report notebook not found")
    disclosures = discover(folder)
    progress = progress or Progress(enabled=False)
    result = BatchResult()
    with Pool(jobs, scheduler) as pool:
        progress.start(len(disclosures), "read")
        docs = []
        for item, value, error in pool.map(ingest, disclosures, str(processed)):
            if error is not None:
                value = Ingested(item.key, tuple(item.paths), "failed",
                                 error=f"the worker reading it stopped: {type(error).__name__}: {error}")
            docs.append(value)
            progress.step(f"{item.key}: {value.status}")
        progress.close()
        docs.sort(key=lambda d: d.key)
        for d in docs:
            if not d.ok:
                result.records.append({"key": d.key, "department": "", "year": None, "phase": "",
                                       "sources": [Path(p).name for p in d.paths], "status": "failed",
                                       "error": d.error, "skipped": False})
        jobs_ = pair_years(docs, out=str(out), lang=lang, force=force, notebook=notebook)
        progress.start(len(jobs_), "report")
        for job, value, error in pool.map(run_job, jobs_):
            if error is not None:
                value = {"key": job.key, "department": job.department, "year": job.year, "phase": job.phase,
                         "stem": job.stem, "sources": [Path(p).name for p in job.current], "status": "failed",
                         "error": f"the worker making it stopped: {type(error).__name__}: {error}", "skipped": False}
            result.records.append(value)
            state = "up to date" if value.get("skipped") else value["status"]
            progress.step(f"{job.department} {job.year}: {state}")
        progress.close()
    if any(not d.ok for d in docs) or any(r.get("status") == "failed" for r in result.records):
        for folder in (out, processed):  # a killed worker may have left a file half-written
            sweep_unfinished(folder)
    parts = [Path(d.partition) for d in docs if d.ok]
    result.dataset = processed / DATASET
    write_dataset_files(processed, parts)
    result.records.sort(key=lambda r: (r.get("department") or "", r.get("year") or 0, r.get("phase") or "",
                                       r.get("key") or ""))
    result.index, result.summary = write_index(result.records, out)
    result.seconds = time.perf_counter() - started
    return result


def describe(result: BatchResult) -> Iterator[str]:
    """Lines that say what a batch did, for the command line."""
    made = sum(1 for r in result.records if r.get("status") == "ok" and not r.get("skipped"))
    yield (f"{len(result.records)} department-years: {made} made, {len(result.skipped)} up to date, "
           f"{len(result.failed)} failed ({result.seconds:.1f} s)")
    for r in result.failed:
        who = " ".join(str(x) for x in (r.get("department") or r.get("key"), r.get("year") or "") if x)
        yield f"  failed: {who}: {r.get('error')}"
    yield f"dataset: {result.dataset}"
    yield f"summary: {result.summary}"
    yield f"index:   {result.index}"
