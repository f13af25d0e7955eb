"""Batch runs: every disclosure in a folder read, stored as a dataset, and reported on.

The steps, each a conversion that a worker process (or a Dask worker) runs alone:

``discover``   a folder → :class:`Disclosure` (the files of one disclosure, grouped)
``ingest``     a disclosure → its tidy lines in the Parquet dataset, and its identity
``pair_years`` identities → one :class:`Job` per department-year, with the year before
``run_job``    a job → executed notebook, HTML report and a JSON record (or a failure)
``write_index`` records → ``index.html`` and ``summary.csv``

Outputs are written atomically (temporary file, then rename), so an interrupted run
leaves whole files or none; a report whose inputs, template and library are unchanged
is skipped on the next run. A disclosure that cannot be read or a notebook that fails is
recorded with its error; everything else still completes.

>>> group_key("js-party-office-2017-narrative.pdf")
'js-party-office-2017'
>>> partition_value("a/b 清远")
'a%2Fb%20清远'
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from . import __version__
from ._paths import disclosure_stem, safe_name
from .catalogue.vocabulary import department_key
from .errors import BudgetkitError, ScannedPdfError, SourceError
from .export import atomic_write, csv_frame, document_stem, sweep_unfinished

__all__ = [
    "BatchResult", "Disclosure", "Job", "Progress", "datapackage", "describe", "discover", "facts_of_file", "group_key",
    "ingest", "pair_years", "partition_value", "run", "run_job", "up_to_date", "warm_worker", "write_dataset_files",
]

INPUT_SUFFIXES = (".txt", ".pdf")
DATASET = "budget_lines"
_RECORDS = ".records"


# -- discovery -------------------------------------------------------------------------

@dataclass(frozen=True)
class Disclosure:
    """The files of one disclosure, in reading order."""

    key: str
    paths: tuple[str, ...]


#: The disclosure a file belongs to: its stem without a part word (``-narrative``, ``-tables`` …).
group_key = disclosure_stem


def discover(folder: str | Path, *, engine: str | None = None, map: Callable = map) -> list[Disclosure]:
    """Every disclosure in ``folder`` (``.txt`` / ``.pdf``), its files grouped as every command
    groups them (:func:`budgetkit.document.group_facts`: the department, year, phase and
    level the files state).

    Each file is read to learn what it states (``map``: the built-in, or an executor's
    ``map`` to read the files in parallel); only those few facts are kept. A file that
    cannot be read is a disclosure of its own, whose error :func:`ingest` records. A
    disclosure's key is its files' common :func:`group_key` (``js-party-office-2017`` for
    ``-narrative.pdf`` + ``-tables.pdf``), their whole stems where two disclosures would
    share one.

    Raises
    ------
    SourceError
        The folder does not exist or holds no disclosure.
    """
    from .document import group_facts

    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(f"{folder}: no such folder")
    paths = sorted(str(p) for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith("."))
    if not paths:
        raise SourceError(f"{folder}: no .txt or .pdf disclosure in this folder")
    facts = list(map(partial(facts_of_file, engine=engine), paths))
    readable = [i for i, f in enumerate(facts) if f is not None and f is not SCANNED]
    found = [(readable[min(g)], tuple(paths[readable[j]] for j in g))
             for g in group_facts([facts[i] for i in readable])]
    for i, f in enumerate(facts):
        if f is None or f is SCANNED:
            homes = [k for k, (_, srcs) in enumerate(found) if f is SCANNED and
                     {group_key(Path(s).name) for s in srcs} == {group_key(Path(paths[i]).name)}]
            if len(homes) == 1:
                at, srcs = found[homes[0]]
                found[homes[0]] = (min(at, i), (paths[i], *srcs))
            else:
                found.append((i, (paths[i],)))
    found = [sources for _, sources in sorted(found)]
    keys = [_disclosure_key(sources) for sources in found]
    repeated = {k for k in keys if keys.count(k) > 1}
    keys = ["+".join(Path(f).stem for f in s) if k in repeated else k for k, s in zip(keys, found, strict=True)]
    return sorted((Disclosure(k, s) for k, s in zip(keys, found, strict=True)), key=lambda d: d.key)


def facts_of_file(path: str, engine: str | None = None):
    """What one file states (:class:`budgetkit.document.FileFacts`), or ``None`` when it cannot be read."""
    from .document import file_facts, load_raw

    try:
        return file_facts(load_raw(path, engine=engine))
    except ScannedPdfError:
        return SCANNED
    except BudgetkitError:
        return None


#: What :func:`facts_of_file` says of a scan without a text layer: it joins the disclosure
#: whose files differ from its name only by a part word (its tables), or stands alone.
SCANNED = "scanned"


def _disclosure_key(sources: tuple[str, ...]) -> str:
    """The stem the files share without their part words, else their stems joined by ``+``."""
    stems = list(dict.fromkeys(group_key(Path(s).name) for s in sources))
    return "+".join(stems)


# -- the dataset ---------------------------------------------------------------------------

_KEEP = re.compile(r"[\w\-.()（）·]", re.UNICODE)


def partition_value(text: str) -> str:
    """A partition folder value for ``text``: percent-encoded where unsafe, decoded back by readers.

    Parquet readers (pyarrow, DuckDB) URL-decode ``key=value`` folder names, so the exact
    department name comes back while the folder name holds no separator, control
    character or ``%`` of its own.
    """
    out = []
    for ch in text:
        if _KEEP.fullmatch(ch) and ch.isprintable():
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    value = "".join(out)
    dots = len(value) - len(value.lstrip("."))
    value = "%2E" * dots + value[dots:]  # no hidden folders, no "." or ".."
    if len(value.encode("utf-8")) > 200:  # keep the folder name within file-system limits
        value = safe_name(text, max_length=50)
    return value


def partition_path(root: Path, department: str, year: int, stem: str) -> Path:
    """Where one document's lines go in the dataset: ``year=Y/department=D/part-<stem>.parquet``."""
    return root / DATASET / f"year={int(year)}" / f"department={partition_value(department)}" / f"part-{stem}.parquet"


def ingest(disclosure: Disclosure, processed: str) -> dict:
    """Read one disclosure and write its lines into the dataset; its identity, or its error."""
    from .document import read

    base = {"key": disclosure.key, "paths": list(disclosure.paths)}
    try:
        doc = read(list(disclosure.paths))
    except BudgetkitError as exc:
        return base | {"status": "failed", "error": str(exc)}
    except Exception as exc:  # an unexpected failure of one file must not stop the batch
        return base | {"status": "failed", "error": f"{type(exc).__name__}: {exc}",
                       "traceback": traceback.format_exc(limit=5)}
    stem = document_stem(doc)
    part = partition_path(Path(processed), doc.department, doc.year, stem)
    lines = doc.lines.drop(columns=["year", "department"])
    atomic_write(part, lambda p: lines.to_parquet(p, index=False))
    return base | {"status": "ok", "department": doc.department, "year": doc.year, "phase": doc.phase,
                   "stem": stem, "partition": str(part), "lines": len(doc.lines), "warnings": list(doc.warnings)}


def write_dataset_files(processed: Path, parts: list[Path]) -> list[Path]:
    """The combined CSV of every part, ``datapackage.json``, and stale parts removed."""
    import pandas as pd

    from .schema import COLUMNS, coerce

    root = processed / DATASET
    keep = {p.resolve() for p in parts}
    for old in root.glob("year=*/department=*/part-*.parquet") if root.is_dir() else ():
        if old.resolve() not in keep:
            old.unlink()
    for folder in sorted(root.glob("year=*/department=*"), reverse=True) if root.is_dir() else ():
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()

    def write_csv(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            for i, part in enumerate(sorted(parts)):
                frame = pd.read_parquet(part)
                values = _partition_values(part)
                frame = coerce(frame.assign(year=int(values["year"]), department=values["department"]))
                csv_frame(frame[list(COLUMNS)]).to_csv(fh, index=False, header=i == 0)
            if not parts:
                fh.write(",".join(COLUMNS) + "\n")

    csv_path = atomic_write(processed / f"{DATASET}.csv", write_csv)
    package = atomic_write(processed / "datapackage.json", lambda p: p.write_text(
        json.dumps(datapackage(processed, parts), ensure_ascii=False, indent=2), encoding="utf-8"))
    return [csv_path, package]


def _partition_values(part: Path) -> dict[str, str]:
    from urllib.parse import unquote

    values = {}
    for folder in (part.parent.parent.name, part.parent.name):
        k, _, v = folder.partition("=")
        values[k] = unquote(v)
    return values


_FIELD_TYPES = {"year": "integer", "level": "integer", "page": "integer", "row": "integer", "amount": "number"}


def datapackage(processed: Path, parts: list[Path]) -> dict:
    """A Frictionless Data Package describing the CSV and the Parquet dataset."""
    from .schema import COLUMNS
    from .schema import __doc__ as schema_doc

    described = _column_descriptions(schema_doc or "")
    fields = []
    for name in COLUMNS:
        f = {"name": name, "type": _FIELD_TYPES.get(name, "string"), "description": described.get(name, "")}
        if name == "amount":
            f |= {"unit": "万元", "decimalChar": ".", "bareNumber": True,
                  "description": f["description"] + " Exact decimal text, never rounded through floats."}
        if name in ("source", "department", "year", "phase", "table", "measure", "amount", "page", "row"):
            f["constraints"] = {"required": True}
        fields.append(f)
    schema = {"fields": fields, "missingValues": [""]}
    rel = sorted(p.relative_to(processed).as_posix() for p in parts)
    return {
        "name": "budgetkit-budget-lines",
        "title": "Chinese government budget disclosures as tidy budget lines",
        "description": "One row per published number. Generated by budgetkit " + __version__ + ".",
        "licenses": [{"name": "other-pd", "title": "Public government disclosures"}],
        "resources": [
            {"name": "budget-lines", "path": f"{DATASET}.csv", "profile": "tabular-data-resource",
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema},
            {"name": "budget-lines-parquet", "path": rel or [f"{DATASET}.csv"], "format": "parquet",
             "mediatype": "application/vnd.apache.parquet",
             "description": "The same lines as a Parquet dataset partitioned by year and department "
                            "(hive-style folders; the partition values are URL-encoded).", "schema": schema},
        ],
    }


def _column_descriptions(doc: str) -> dict[str, str]:
    out: dict[str, str] = {}
    current = None
    for line in doc.splitlines():
        m = re.match(r"^``(\w+)``\s+(.*)$", line)
        if m:
            current = m.group(1)
            out[current] = m.group(2).strip()
        elif current and line.startswith(" " * 20) and line.strip():
            out[current] += " " + line.strip()
        elif line.startswith("==="):
            current = None
    return {k: re.sub(r"``|:mod:`[^`]*`", "", v) for k, v in out.items()}


# -- jobs ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """One report to make: a department-year, with the disclosure of the year before if any
    (of the same phase) and, for a 决算, the 预算 of its year if read (its plan)."""

    key: str
    department: str
    year: int
    phase: str
    stem: str
    current: tuple[str, ...]
    previous: tuple[str, ...] = ()
    lang: str = "zh"
    out: str = "reports"
    fingerprint: str = ""
    force: bool = False
    notebook: str = ""
    plan: tuple[str, ...] = ()


@cache
def _library_digest() -> str:
    from .report import fingerprint

    package = Path(__file__).resolve().parent
    return fingerprint(__version__, *sorted(package.rglob("*.py")))


def pair_years(docs: Iterable[dict], *, out: str, lang: str, force: bool, notebook: str) -> list[Job]:
    """One job per department-year; each paired with the same department's year before (same
    phase), and a 决算 with its year's 预算, where read."""
    from .report import fingerprint

    docs = [d for d in docs if d["status"] == "ok"]
    by_year = {(department_key(d["department"]), d["phase"], d["year"]): d for d in docs}
    stems = defaultdict(list)
    for d in docs:
        stems[d["stem"]].append(d)
    jobs = []
    for d in sorted(docs, key=lambda d: (d["department"], d["year"], d["phase"], d["key"])):
        stem = d["stem"] if len(stems[d["stem"]]) == 1 else f"{d['stem']}-{safe_name(d['key'], 40)}"
        before = by_year.get((department_key(d["department"]), d["phase"], d["year"] - 1))
        previous = tuple(before["paths"]) if before else ()
        budget = by_year.get((department_key(d["department"]), "budget", d["year"])) if d["phase"] == "final" else None
        plan = tuple(budget["paths"]) if budget else ()
        digest = fingerprint(_library_digest(), Path(notebook), lang, *map(Path, d["paths"]), "|",
                             *map(Path, previous), "|", *map(Path, plan))
        jobs.append(Job(d["key"], d["department"], d["year"], d["phase"], stem, tuple(d["paths"]), previous,
                        lang, out, digest, force, notebook, plan))
    return jobs


def _record_path(out: Path, stem: str) -> Path:
    return out / _RECORDS / f"{stem}.json"


def up_to_date(job: Job) -> dict | None:
    """The stored record of ``job`` if its report is complete and made from the same inputs."""
    out = Path(job.out)
    path = _record_path(out, job.stem)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("status") != "ok" or record.get("fingerprint") != job.fingerprint:
        return None
    if not ((out / f"{job.stem}.html").is_file() and (out / f"{job.stem}.ipynb").is_file()):
        return None
    return record


def run_job(job: Job) -> dict:
    """Make one report (unless it is up to date): executed notebook, HTML and record, all atomic."""
    from . import report

    if not job.force and (stored := up_to_date(job)):
        return stored | {"skipped": True}
    out = Path(job.out)
    base = {"key": job.key, "department": job.department, "year": job.year, "phase": job.phase,
            "stem": job.stem, "sources": [Path(p).name for p in job.current], "fingerprint": job.fingerprint}
    started = time.perf_counter()
    try:
        params = report.parameters(job.current, job.previous, lang=job.lang, out=out, plan=job.plan)
        nb = report.execute(params, job.notebook or report.NOTEBOOK, warm=True)
        made = report.write_report(nb, out, job.stem, f"{job.department} {job.year}")
        record = base | made.summary | {"status": "ok", "report": made.html.name, "error": ""}
    except BudgetkitError as exc:
        record = base | {"status": "failed", "error": str(exc)}
    except Exception as exc:  # recorded, never raised: one report must not stop the others
        record = base | {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    record["seconds"] = round(time.perf_counter() - started, 3)
    atomic_write(_record_path(out, job.stem), lambda p: p.write_text(
        json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"))
    return record | {"skipped": False}


def _start_local_worker() -> None:
    """Initialise one of the batch's own worker processes."""
    # jsonschema (under nbformat) imports rfc3987_syntax when it is installed — jupyterlab
    # brings it — only to check "iri" formats, which notebooks never use; building its
    # grammar costs over a second in every process. These processes are ours: skip it.
    sys.modules.setdefault("rfc3987_syntax", None)
    warm_worker()


def warm_worker() -> None:
    """Import papermill and nbconvert and build the HTML exporter once per worker process (its
    warm kernel starts with its first report, on the thread that runs it)."""
    import papermill  # noqa: F401

    from . import document, kernels, report  # noqa: F401

    report._exporter()


# -- running tasks ---------------------------------------------------------------------------

class _Pool:
    """Run tasks on ``jobs`` local worker processes, or on a Dask cluster."""

    def __init__(self, jobs: int, scheduler: str | None):
        self.jobs, self.scheduler = jobs, scheduler
        self._executor = self._client = None

    def __enter__(self):
        if self.scheduler:
            from distributed import Client

            try:
                self._client = Client(self.scheduler, timeout="20s")
            except OSError as exc:
                raise SourceError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
            self._client.run(warm_worker)
        else:
            self._executor = self._new_executor()
        return self

    def _new_executor(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_local_worker,
                                   mp_context=multiprocessing.get_context("spawn"))

    def __exit__(self, *exc):
        if self._client is not None:
            from .kernels import shutdown_all

            with contextlib.suppress(Exception):  # the workers' warm kernels (local workers stop theirs on exit)
                self._client.run(shutdown_all)
            self._client.close()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def map(self, fn: Callable, items: list, *args) -> Iterator[tuple[object, object, BaseException | None]]:
        """``(item, result, error)`` as each task finishes; ``error`` when its worker died."""
        if self._client is not None:
            from distributed import as_completed

            futures = {self._client.submit(fn, item, *args, pure=False): item for item in items}
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result(), None
                except Exception as exc:
                    yield futures[future], None, exc
        else:
            from concurrent.futures import as_completed
            from concurrent.futures.process import BrokenProcessPool

            try:
                futures = {self._executor.submit(fn, item, *args): item for item in items}
            except BrokenProcessPool:  # a worker died in an earlier step: start afresh
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = self._new_executor()
                futures = {self._executor.submit(fn, item, *args): item for item in items}
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result(), None
                except Exception as exc:  # BrokenProcessPool: a worker was killed
                    yield futures[future], None, exc


class Progress:
    """A bar on a terminal, one plain line per finished task otherwise."""

    def __init__(self, stream=None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.bar = None

    def start(self, total: int, what: str) -> None:
        if not self.enabled:
            return
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=what, file=self.stream, unit="report")
        else:
            self.total, self.done, self.what = total, 0, what

    def step(self, text: str) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.set_postfix_str(text[:40])
            self.bar.update()
        else:
            self.done += 1
            print(f"{self.what} [{self.done}/{self.total}] {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


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
    from . import report
    from ._index import write_index

    started = time.perf_counter()
    if jobs < 1:
        raise SourceError(f"--jobs must be at least 1, not {jobs}")
    report.labels(lang)
    out, processed = Path(out).resolve(), Path(processed).resolve()
    notebook = str(Path(notebook or report.NOTEBOOK).resolve())
    if not Path(notebook).is_file():
        raise SourceError(f"{notebook}: report notebook not found")
    disclosures = discover(folder)
    progress = progress or Progress(enabled=False)
    result = BatchResult()
    with _Pool(jobs, scheduler) as pool:
        progress.start(len(disclosures), "read")
        docs = []
        for item, value, error in pool.map(ingest, disclosures, str(processed)):
            if error is not None:
                value = {"key": item.key, "paths": list(item.paths), "status": "failed",
                         "error": f"the worker reading it stopped: {type(error).__name__}: {error}"}
            docs.append(value)
            progress.step(f"{item.key}: {value['status']}")
        progress.close()
        docs.sort(key=lambda d: d["key"])
        for d in docs:
            if d["status"] != "ok":
                result.records.append({"key": d["key"], "department": "", "year": None, "phase": "",
                                       "sources": [Path(p).name for p in d["paths"]], "status": "failed",
                                       "error": d["error"], "skipped": False})
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
    if any(r.get("status") == "failed" for r in [*docs, *result.records]):
        for folder in (out, processed):  # a killed worker may have left a file half-written
            sweep_unfinished(folder)
    parts = [Path(d["partition"]) for d in docs if d["status"] == "ok"]
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
