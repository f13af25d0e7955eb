"""The batch's plan: a folder's files grouped into disclosures, and one job per department-year.

Each year is paired with the same department's year before (same phase), a 决算 with its
year's 预算; a job whose report is up to date (same inputs, template and library) is skipped.

>>> group_key("js-party-office-2017-narrative.pdf")
'js-party-office-2017'
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from budgetkit._paths import disclosure_stem, safe_name
from budgetkit._version import __version__
from budgetkit.catalogue.vocabulary import department_key
from budgetkit.errors import BudgetkitError, ScannedPdfError, SourceError

if TYPE_CHECKING:
    from budgetkit.batch.runner import Ingested

__all__ = ["Disclosure", "Job", "discover", "facts_of_file", "group_key", "pair_years", "up_to_date"]

INPUT_SUFFIXES = (".txt", ".pdf")


_RECORDS = ".records"


@dataclass(frozen=True)
class Disclosure:
    """The files of one disclosure, in reading order."""

    key: str
    paths: tuple[str, ...]


#: The disclosure a file belongs to: its stem without a part word (``-narrative``, ``-tables`` …).
group_key = disclosure_stem


def discover(folder: str | Path, *, engine: str | None = None, map: Callable = map) -> list[Disclosure]:
    """Every disclosure in ``folder`` (``.txt`` / ``.pdf``), its files grouped as every command
    groups them (:func:`budgetkit.tidy.document.group_facts`: the department, year, phase and
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
    from budgetkit.tidy.document import group_facts

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
    """What one file states (:class:`budgetkit.tidy.document.FileFacts`), or ``None`` when it cannot be read."""
    from budgetkit.tidy.document import file_facts, load_raw

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
    from budgetkit.report.run import fingerprint

    package = Path(__file__).resolve().parents[1]
    return fingerprint(__version__, *sorted(package.rglob("*.py")))


def pair_years(docs: Iterable[Ingested], *, out: str, lang: str, force: bool, notebook: str) -> list[Job]:
    """One job per department-year; each paired with the same department's year before (same
    phase), and a 决算 with its year's 预算, where read."""
    from budgetkit.report.run import fingerprint

    docs = [d for d in docs if d.ok]
    by_year = {(department_key(d.department), d.phase, d.year): d for d in docs}
    stems = defaultdict(list)
    for d in docs:
        stems[d.stem].append(d)
    jobs = []
    for d in sorted(docs, key=lambda d: (d.department, d.year, d.phase, d.key)):
        stem = d.stem if len(stems[d.stem]) == 1 else f"{d.stem}-{safe_name(d.key, 40)}"
        before = by_year.get((department_key(d.department), d.phase, d.year - 1))
        previous = tuple(before.paths) if before else ()
        budget = by_year.get((department_key(d.department), "budget", d.year)) if d.phase == "final" else None
        plan = tuple(budget.paths) if budget else ()
        digest = fingerprint(_library_digest(), Path(notebook), lang, *map(Path, d.paths), "|",
                             *map(Path, previous), "|", *map(Path, plan))
        jobs.append(Job(d.key, d.department, d.year, d.phase, stem, tuple(d.paths), previous,
                        lang, out, digest, force, notebook, plan))
    return jobs


def record_path(out: Path, stem: str) -> Path:
    return out / _RECORDS / f"{stem}.json"


def up_to_date(job: Job) -> dict | None:
    """The stored record of ``job`` if its report is complete and made from the same inputs."""
    out = Path(job.out)
    path = record_path(out, job.stem)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("status") != "ok" or record.get("fingerprint") != job.fingerprint:
        return None
    if not ((out / f"{job.stem}.html").is_file() and (out / f"{job.stem}.ipynb").is_file()):
        return None
    return record
