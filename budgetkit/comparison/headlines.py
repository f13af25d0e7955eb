"""The figures a report or a notebook picks from a year-over-year frame: the headline totals,
function classes, 基本支出 / 项目支出, economic groups and the “三公” parts."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from budgetkit.catalogue import figures
from budgetkit.comparison.sides import PERCENT_DTYPE, change_percent, decimal_at
from budgetkit.tidy.schema import AMOUNT_DTYPE

FUNCTION_TABLES = ("expenditure", "general_function", "overall", "fiscal_overall")


ECONOMIC_TABLES = ("general_basic_economic", "general_project_economic")


FIGURE_COLUMNS = ("key", "name", "previous_amount", "current_amount", "change", "percent", "status", "basis")


def _present(values: pd.Series) -> bool:
    return bool(values.notna().any())


def _figure_frame(records: list[dict]) -> pd.DataFrame:
    for rec in records:
        prev, cur = rec["previous_amount"], rec["current_amount"]
        rec["change"] = (cur or Decimal(0)) - (prev or Decimal(0))
        rec["percent"] = change_percent(rec["change"], prev)
    frame = pd.DataFrame.from_records(records, columns=list(FIGURE_COLUMNS))
    for col in ("previous_amount", "current_amount", "change"):
        frame[col] = frame[col].astype(AMOUNT_DTYPE)
    frame["percent"] = frame["percent"].astype(PERCENT_DTYPE)
    return frame


def _row_figure(row: pd.Series, key: str, name: str | None = None) -> dict:
    return {"key": key, "name": name or row["name"], "previous_amount": decimal_at(row, "previous_amount"),
            "current_amount": decimal_at(row, "current_amount"), "status": row["status"], "basis": row["basis"]}


def _sum_or_none(values: pd.Series) -> Decimal | None:
    values = [v for v in values if v is not None and v is not pd.NA]
    return sum(values, Decimal(0)) if values else None


def _in_both_years(yoy: pd.DataFrame, figure_id: str, measure: str | None = None) -> pd.Series | None:
    """The row of a figure from its first place printed in both years (``measure``: that column instead)."""
    for place in figures.places_of(figure_id, narrower=False):
        for m in (measure,) if measure else place.measures:
            rows = yoy[place.matches(yoy, m) & yoy["previous_amount"].notna() & yoy["current_amount"].notna()]
            if len(rows):
                return rows.iloc[0]
    return None


def headline(yoy: pd.DataFrame, subject: str, measure: str | None = None) -> dict | None:
    """One figure (``income``, ``expenditure`` … of :mod:`budgetkit.catalogue.figures`) from the
    first place that has it in both years.

    ``None`` when no table states it in both years: a total read in one year only is
    not a total that fell to zero or rose from nothing.
    """
    row = _in_both_years(yoy, subject, measure)
    return None if row is None else _row_figure(row, subject)


def headlines(yoy: pd.DataFrame) -> pd.DataFrame:
    """The income and expenditure totals of both years (:data:`FIGURE_COLUMNS`); see :func:`headline`."""
    return _figure_frame([f for s in TOTALS if (f := headline(yoy, s)) is not None])


def _first_table(yoy: pd.DataFrame, tables: tuple[str, ...], mask: pd.Series) -> pd.DataFrame:
    """Rows of the first table (in ``tables`` order) that has them in both years.

    A table with such rows in one year only is passed over: a breakdown read in one
    year only is not a breakdown that vanished.
    """
    for table in tables:
        rows = yoy[mask & (yoy["table"] == table)]
        if len(rows) and _present(rows["previous_amount"]) and _present(rows["current_amount"]):
            return rows
    return yoy.iloc[0:0]


def function_classes(yoy: pd.DataFrame) -> pd.DataFrame:
    """Expenditure by function 类 in both years, from the first table that lists them in both."""
    mask = ((yoy["classification"] == "function") & (yoy["level"] == 1) & (yoy["unit"] == "")
            & (yoy["measure"] == "total") & yoy["side"].isin(["", "expenditure"]))
    rows = _first_table(yoy, FUNCTION_TABLES, mask.fillna(False))
    return _figure_frame([_row_figure(r, r["code"]) for _, r in rows.iterrows()])


def basic_project(yoy: pd.DataFrame) -> pd.DataFrame:
    """Basic (基本支出) and project (项目支出) expenditure in both years."""
    records = []
    for subject in ("basic", "project"):
        row = _in_both_years(yoy, subject)
        if row is not None:
            records.append(_row_figure(row, subject, figures.figure(subject).zh))
    return _figure_frame(records)


def economic_groups(yoy: pd.DataFrame) -> pd.DataFrame:
    """Expenditure by economic 类 (basic and project tables, all units) in both years.

    Empty when no economic table is read in both years.
    """
    mask = ((yoy["classification"] == "economic") & (yoy["level"] == 1) & (yoy["measure"] == "total")
            & yoy["table"].isin(list(ECONOMIC_TABLES))).fillna(False)
    rows = yoy[mask]
    if not (_present(rows["previous_amount"]) and _present(rows["current_amount"])):
        mask = ((yoy["table"] == "basic_by_unit") & (yoy["level"] == 1) & (yoy["unit"] == "")
                & (yoy["measure"] == "total")).fillna(False)
        rows = yoy[mask]
    if not (_present(rows["previous_amount"]) and _present(rows["current_amount"])):
        return _figure_frame([])
    records = []
    for code, group in rows.groupby("code", sort=True):
        statuses = set(group["status"])
        status = "same" if len(statuses) > 1 and statuses & {"same", "renamed"} else group["status"].iloc[0]
        records.append({"key": code, "name": group["name"].iloc[0],
                        "previous_amount": _sum_or_none(group["previous_amount"]),
                        "current_amount": _sum_or_none(group["current_amount"]),
                        "status": status, "basis": group["basis"].iloc[0]})
    return _figure_frame(records)


def three_public_parts(yoy: pd.DataFrame) -> pd.DataFrame:
    """The rows of the “三公” table (:data:`budgetkit.catalogue.figures.THREE_PUBLIC_TABLE`:
    the “三公”经费, each of its parts, 会议费, 培训费 and 机关运行经费) as read in either year.

    A part read in one year only keeps a missing amount on the other side (the “三公”
    table prints every part each year, so a missing one was not read, not zero).
    """
    records = []
    for subject in figures.THREE_PUBLIC_TABLE:
        row = _first_read(yoy, subject, "three_public")
        if row is not None:
            records.append(_row_figure(row, subject, figures.figure(subject).zh))
    return _figure_frame(records)


def _first_read(yoy: pd.DataFrame, figure_id: str, table: str) -> pd.Series | None:
    """The row of a figure from its first place in ``table`` read in either year."""
    for place in figures.places_of(figure_id, narrower=False):
        if place.table != table:
            continue
        for measure in place.measures:
            rows = yoy[place.matches(yoy, measure)]
            if len(rows):
                return rows.iloc[0]
    return None


#: The totals :func:`headlines` gives (figures of :mod:`budgetkit.catalogue.figures`).
TOTALS: tuple[str, ...] = ("income", "expenditure")
