"""What a report files besides its page: the headline figures and their change, the summary
record (a row of the index's ``summary.csv``), and the names of the report's files.

>>> from decimal import Decimal
>>> change(Decimal("1564.22"), Decimal("1434.81"))
{'change': '129.41', 'change_pct': '9.02'}
"""

from __future__ import annotations

import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from budgetkit._format import exact_amount
from budgetkit.catalogue import figures
from budgetkit.dataset.files import document_stem
from budgetkit.tidy.document import BudgetDocument

__all__ = ["SUMMARY_MIME", "SUMMARY_TAG", "capture_warnings", "change", "download_names", "headline_amounts", "record",
           "summary", "year_over_year"]


def headline_amounts(doc: BudgetDocument) -> dict[str, Decimal | None]:
    """The document's headline figures in 万元 (``None`` where the document has none).

    Keys: ``income_total``, ``expenditure_total``, ``fiscal``, ``basic``, ``project``,
    ``three_public``; each read from the first of its places
    (:mod:`budgetkit.catalogue.figures`) the document prints.
    """
    lines = doc.lines
    lines = lines[lines["unit"].isin(["", doc.department])].assign(unit="")
    return {name: _first_amount(lines, figure_id) for name, figure_id in HEADLINE_KEYS.items()}


def _first_amount(lines: pd.DataFrame, figure_id: str) -> Decimal | None:
    for place in figures.places_of(figure_id, narrower=False):
        for measure in place.measures:
            found = lines[place.matches(lines, measure)]
            if len(found):
                return found["amount"].iloc[0]
    return None


def change(current: Decimal | None, previous: Decimal | None) -> dict[str, str | None]:
    """Change from ``previous`` to ``current`` as exact text: amount and percent (2 places)."""
    if current is None or previous is None:
        return {"change": None, "change_pct": None}
    diff = current - previous
    pct = None if previous == 0 else (diff * 100 / previous).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return {"change": exact_amount(diff), "change_pct": None if pct is None else exact_amount(pct)}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else exact_amount(value)


def year_over_year(doc: BudgetDocument, previous: BudgetDocument | None = None) -> pd.DataFrame | None:
    """The year-over-year frame (:func:`budgetkit.compare`) for the report, or ``None``.

    Compared with ``previous`` when given, else with the previous year's figures the
    document's own 情况说明 states (:func:`budgetkit.previous_from_narrative`); ``None``
    when neither is available.
    """
    from budgetkit.comparison.join import compare
    from budgetkit.comparison.previous import previous_from_narrative
    from budgetkit.errors import ComparisonError

    try:
        return compare(previous if previous is not None else previous_from_narrative(doc), doc)
    except ComparisonError:
        return None


def _yoy_change(yoy: pd.DataFrame | None) -> dict:
    from budgetkit.comparison.headlines import headline as yoy_headline

    empty = {"previous_year": None, "previous_expenditure_total": None, "change": None, "change_pct": None,
             "change_basis": None}
    if yoy is None or yoy.empty:
        return empty
    figure = yoy_headline(yoy, "expenditure")
    if figure is None or _missing(figure.get("previous_amount")) or _missing(figure.get("current_amount")):
        return empty
    previous_year = yoy["previous_year"].dropna()
    return {"previous_year": int(previous_year.iloc[0]) if len(previous_year) else None,
            "previous_expenditure_total": _text(figure["previous_amount"]),
            **change(figure["current_amount"], figure["previous_amount"]),
            "change_basis": "narrative" if figure.get("basis") == "narrative" else "document"}


def summary(doc: BudgetDocument, audit=None, yoy: pd.DataFrame | None = None) -> dict:
    """The report's record for the batch index: identity, headline, change, finding counts.

    Amounts are exact text in 万元. The change is that of total expenditure (支出总计)
    in ``yoy``: against the previous year's document, or against the figure the
    document's narrative states (``change_basis`` says which).
    """
    counts = dict(getattr(audit, "counts", None) or {})
    return {
        "department": doc.department,
        "year": doc.year,
        "phase": doc.phase,
        "sources": [Path(s).name for s in doc.sources],
        **{k: _text(v) for k, v in headline_amounts(doc).items()},
        **_yoy_change(yoy),
        "errors": counts.get("error"),
        "warnings": counts.get("warning"),
        "infos": counts.get("info"),
        "checked": getattr(audit, "checked", None),
        "held": getattr(audit, "held", None),
        "reading_notes": len(doc.warnings),
        "lines": len(doc.lines),
        "projects": len(doc.projects),
        "downloads": list(download_names(doc)),
    }


class SummaryOutput:
    """Displays a :func:`summary` record as the notebook's machine-readable output."""

    def __init__(self, record: dict):
        self.record = record

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {SUMMARY_MIME: self.record, "text/plain": json.dumps(self.record, ensure_ascii=False)}


def record(doc: BudgetDocument, audit=None, yoy: pd.DataFrame | None = None) -> SummaryOutput:
    """The notebook's last output: :func:`summary` in a form the batch reads back."""
    return SummaryOutput(summary(doc, audit, yoy))


def _record_warning(message, category, filename, lineno, file=None, line=None) -> None:
    text = str(message)
    if text not in CAPTURED:
        CAPTURED.append(text)


def capture_warnings() -> None:
    """Keep Python warnings out of the page: each is recorded (:data:`CAPTURED`) and shown with
    the reading notes (:func:`tables_read`), never printed to stderr with a file path."""
    import warnings

    CAPTURED.clear()
    warnings.simplefilter("always")
    warnings.showwarning = _record_warning


SUMMARY_TAG = "budgetkit-summary"


SUMMARY_MIME = "application/vnd.budgetkit.summary+json"


#: The headline figures (:data:`budgetkit.catalogue.figures.HEADLINE`) by their key in
#: :func:`headline` and the batch index (its totals keep the names of their columns).
HEADLINE_KEYS: dict[str, str] = {
    {"income": "income_total", "expenditure": "expenditure_total"}.get(f, f): f for f in figures.HEADLINE
}


#: Python warnings raised while the notebook runs (message text only, no file paths).
CAPTURED: list[str] = []


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def download_names(doc: BudgetDocument) -> tuple[str, str]:
    """File names of a report's data downloads: ``<stem>-lines.csv`` and ``<stem>-lines.xlsx``."""
    stem = report_stem(doc)
    return f"{stem}-lines.csv", f"{stem}-lines.xlsx"


def _sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def report_stem(doc: BudgetDocument) -> str:
    """File-name stem of a document's report (safe: no separators, no ``..``)."""
    return document_stem(doc)
