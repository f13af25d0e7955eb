"""The batch's workers: a job run on a warm kernel in a worker process, and the pool that
replaces a worker that dies (its job recorded as failed, the next step given a new pool).
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from budgetkit.batch.plan import Job, record_path, up_to_date
from budgetkit.dataset.files import atomic_write
from budgetkit.errors import BudgetkitError, SourceError

__all__ = ["Pool", "Progress", "run_job", "warm_worker"]


def run_job(job: Job) -> dict:
    """Make one report (unless it is up to date): executed notebook, HTML and record, all atomic."""
    from budgetkit.report import run as report_run

    if not job.force and (stored := up_to_date(job)):
        return stored | {"skipped": True}
    out = Path(job.out)
    base = {"key": job.key, "department": job.department, "year": job.year, "phase": job.phase,
            "stem": job.stem, "sources": [Path(p).name for p in job.current], "fingerprint": job.fingerprint}
    started = time.perf_counter()
    try:
        params = report_run.parameters(job.current, job.previous, lang=job.lang, out=out, plan=job.plan)
        nb = report_run.execute(params, job.notebook or report_run.NOTEBOOK, warm=True)
        made = report_run.write_report(nb, out, job.stem, f"{job.department} {job.year}")
        record = base | made.summary | {"status": "ok", "report": made.html.name, "error": ""}
    except BudgetkitError as exc:
        record = base | {"status": "failed", "error": str(exc)}
    except Exception as exc:  # recorded, never raised: one report must not stop the others
        record = base | {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    record["seconds"] = round(time.perf_counter() - started, 3)
    atomic_write(record_path(out, job.stem), lambda p: p.write_text(
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

    import budgetkit.report.kernels
    import budgetkit.tidy.document  # noqa: F401
    from budgetkit.report import run as report_run

    report_run._exporter()


class Pool:
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
            from budgetkit.report.kernels import shutdown_all

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
