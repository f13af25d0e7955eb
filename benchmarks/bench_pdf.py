"""Reading PDFs: budgetkit.read against bare pdfplumber, and the engines against each other.

Two measurements, side by side in one run on the same files:

* ``read_vs_pdfplumber``: for every corpus PDF (../shared/corpus and its cities/,
  skipped when absent) and the seed rendered to PDF, the CPU seconds of a full
  ``budgetkit.read`` (default engine) and of bare pdfplumber ``extract_tables()`` over all
  pages; ``ratio`` = read / pdfplumber (the target is at most 0.3). A file budgetkit
  cannot read (a scan without a text layer) is timed until it says so. Each side is the
  median of its runs, repeated until they add up to a floor of CPU time (``runs`` says
  how many each side took): a file refused in a millisecond is timed over hundreds of
  runs, so its ratio is not one run's noise. CPU time, not wall-clock: the machines are
  shared, and what other processes take of the CPU is no part of either side's cost.
* ``engines``: each table engine on every document: seconds, tables kinded against the
  layout's expected kinds, identities holding, and for the rendered seed whether the
  tidy lines equal the seed text's.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


#: CPU seconds each side of a ratio runs for at least (``--quick``: the second figure).
FLOOR_SECONDS, QUICK_FLOOR_SECONDS = 1.0, 0.3


def _seconds(fn, repeat: int, floor: float = 0.0, limit: int = 1000) -> tuple[float, int]:
    """The median CPU seconds of ``fn`` over ``repeat`` runs or more: more until the runs
    add up to ``floor`` seconds (at most ``limit`` runs); and how many runs were made."""
    times: list[float] = []
    while len(times) < repeat or (sum(times) < floor and len(times) < limit):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times), len(times)


def _bare_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()


def _documents(tmp: Path) -> list[list[Path]]:
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.pdfs import render_seed

    docs = [[render_seed(tmp)]]
    if CORPUS.is_dir():
        from budgetkit.cli.common import expand_inputs
        from budgetkit.tidy.document import group_raws, load_each

        pdfs = [p for p in expand_inputs([str(CORPUS)]) if p.suffix == ".pdf"]
        by_source = {str(p): p for p in pdfs}
        raws = [r for r in load_each(pdfs) if not isinstance(r, Exception)]
        docs.extend([p] for p in pdfs if str(p) not in {s for r in raws for s in r.sources})
        for group in group_raws(raws):
            docs.append([by_source[r.sources[0]] for r in group])
    return docs


def run(quick: bool = False) -> list[dict]:
    import budgetkit
    from budgetkit.audit.evaluate import evaluate_document

    repeat = 1 if quick else 3
    floor = QUICK_FLOOR_SECONDS if quick else FLOOR_SECONDS
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        docs = _documents(Path(tmp))
        seed = budgetkit.read(ROOT / "data" / "raw" / "gd-qingxin-zwfw-2023-budget.txt")
        budgetkit.read(docs[0])  # warm imports of both paths
        _bare_pdfplumber(docs[0][0])
        cities = sorted((CORPUS / "cities").glob("*.pdf")) if CORPUS.is_dir() else []
        for path in [p for files in docs for p in files] + cities:
            times = 1 if path in cities else repeat  # cities/: 57 files, some of 100+ pages
            bare, bare_runs = _seconds(lambda p=path: _bare_pdfplumber(p), times, floor)
            full, full_runs = _seconds(lambda p=path: _read_or_none(budgetkit, p), times, floor)
            rows.append({"benchmark": "read_vs_pdfplumber", "case": path.name,
                         "measure": "budgetkit.read / pdfplumber extract_tables (all pages)",
                         "value": full, "unit": "s (CPU)", "baseline": bare, "ratio": full / bare,
                         "runs": f"{full_runs}/{bare_runs}"})
        engines = ("pdfium", "pdfplumber") if quick else ("pdfium", "pdfplumber", "tabula")
        for engine in engines:
            for files in docs:
                t0 = time.perf_counter()
                try:
                    doc = budgetkit.read(files, engine=engine)
                except budgetkit.BudgetkitError as exc:
                    rows.append({"benchmark": "engines", "case": " + ".join(p.name for p in files),
                                 "measure": engine, "value": float("nan"), "unit": "s", "error": str(exc)[:80]})
                    continue
                seconds = time.perf_counter() - t0
                ev = evaluate_document(doc, seconds)
                found = sum(1 for k in ev.expected_tables if k in ev.tables)
                row = {"benchmark": "engines", "case": " + ".join(p.name for p in files), "measure": engine,
                       "value": seconds, "unit": "s", "tables": f"{found}/{len(ev.expected_tables)}",
                       "identities": f"{ev.identities['held']}/{ev.identities['checked']}", "lines": ev.lines}
                if files[0].name.startswith("gd-"):
                    row["equals_text"] = _equal_lines(doc, seed)
                rows.append(row)
    return rows


def _read_or_none(budgetkit, path: Path):
    from budgetkit import _normalize

    _normalize.clear_caches()  # each read timed cold: no text of an earlier repetition cached
    try:
        return budgetkit.read(path)
    except budgetkit.BudgetkitError:  # a narrative read alone, a scan: still timed until it says so
        return None


def _equal_lines(doc, seed) -> str:
    a = doc.lines.drop(columns=["page", "source"]).reset_index(drop=True)
    b = seed.lines.drop(columns=["page", "source"]).reset_index(drop=True)
    if a.shape != b.shape:
        return f"no ({len(a)} lines)"
    same = ((a == b) | (a.isna() & b.isna())).all(axis=1).sum()
    return f"{same}/{len(b)}"
