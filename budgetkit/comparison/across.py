"""Many departments and years at once: department names folded, one function code across
years whatever table prints it, and the growth of a total from year to year."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from budgetkit.catalogue.vocabulary import department_key
from budgetkit.comparison.headlines import FUNCTION_TABLES
from budgetkit.comparison.sides import change_percent
from budgetkit.tidy.schema import AMOUNT_DTYPE

#: Columns of :func:`code_across_years`.
ACROSS_YEARS_COLUMNS = ("department", "phase", "year", "table", "code", "name", "amount")


def fold_departments(lines: pd.DataFrame) -> pd.DataFrame:
    """``lines`` with each department named one way across years: a department spelt two ways
    (中国共产党…委员会 / 中共…委, folded by :func:`~budgetkit.catalogue.vocabulary.department_key`,
    as the batch pairs its years) takes the name its latest year prints.

    >>> lines = pd.DataFrame({"department": ["中国共产党某市委员会办公厅", "中共某市委办公厅", "某局"],
    ...                       "year": [2022, 2023, 2022]})
    >>> list(fold_departments(lines)["department"])
    ['中共某市委办公厅', '中共某市委办公厅', '某局']
    """
    keys = lines["department"].map(department_key)
    order = lines.assign(_k=keys).sort_values(["_k", "year"], kind="stable")
    latest = order.drop_duplicates("_k", keep="last").set_index("_k")["department"]
    return lines.assign(department=keys.map(latest))


def code_across_years(lines: pd.DataFrame, code: str) -> pd.DataFrame:
    """One function code (类 ``201``, 款 ``20101``, 项 ``2010101``) in every department-year of ``lines``.

    Each document's amount is read from the first table of :data:`FUNCTION_TABLES` that
    prints the code, as the report reads its function classification: most layouts print
    their function detail in the 支出总体情况表, some only elsewhere (Jiangsu in the
    一般公共预算支出表, others only in the 收支总表). Department-level rows only, never a
    unit's breakdown. A department spelt two ways in two years (中国共产党…委员会 / 中共…委) is
    one department, named as its latest year prints it.

    >>> lines = pd.DataFrame({"department": ["中国共产党某市委员会办公厅", "中共某市委办公厅", "中共某市委办公厅"],
    ...     "phase": "budget", "year": [2022, 2023, 2023], "table": ["expenditure", "general_function", "overall"],
    ...     "classification": "function", "code": "201", "name": "一般公共服务支出", "measure": "total",
    ...     "side": ["", "", "expenditure"], "unit": "", "row": [1, 1, 1],
    ...     "amount": [Decimal("10.5"), Decimal("12"), Decimal("12")]})
    >>> code_across_years(lines, "201")[["department", "year", "table", "amount"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'department': '中共某市委办公厅', 'year': 2022, 'table': 'expenditure', 'amount': Decimal('10.500000')},
     {'department': '中共某市委办公厅', 'year': 2023, 'table': 'general_function', 'amount': Decimal('12.000000')}]
    """
    rows = lines[(lines["code"] == code) & (lines["classification"] == "function") & (lines["measure"] == "total")
                 & lines["table"].isin(list(FUNCTION_TABLES)) & lines["side"].isin(["", "expenditure"])
                 & ((lines["unit"] == "") | (lines["unit"] == lines["department"]))]
    rows = rows.assign(_key=rows["department"].map(department_key), _place=rows["table"].map(FUNCTION_TABLES.index))
    rows = rows.sort_values(["_key", "phase", "year", "_place", "row"], kind="stable")
    first = fold_departments(rows.drop_duplicates(["_key", "phase", "year"]))
    frame = first.assign(year=first["year"].astype(int))
    frame = frame[list(ACROSS_YEARS_COLUMNS)].astype({"amount": AMOUNT_DTYPE})
    return frame.sort_values(["department", "phase", "year"], kind="stable").reset_index(drop=True)


GROWTH_COLUMNS = ("department", "phase", "from_year", "to_year", "previous", "current", "change", "percent")


def growth(lines: pd.DataFrame, item: str = "expenditure_total", table: str = "overall") -> pd.DataFrame:
    """How one headline figure moved between consecutive years, department by department.

    Parameters
    ----------
    lines
        Tidy lines of many documents, e.g. ``budgetkit.read_lines`` of the batch's dataset.
    item, table
        The figure: the uncoded row ``item`` of ``table`` (default 支出总计 of the
        收支总体情况表), measure ``total``.

    Returns
    -------
    One row per department and pair of consecutive years read — previous and current
    amount, change and percentage change (exact decimals) — largest change first. A
    department spelt two ways in two years (中国共产党…委员会 / 中共…委) is one department.
    """
    rows = lines[(lines["table"] == table) & (lines["item"] == item) & (lines["measure"] == "total")]
    figures: dict[tuple[str, str, int], tuple[str, Decimal]] = {}
    for rec in rows.itertuples(index=False):
        figures.setdefault((department_key(rec.department), rec.phase, int(rec.year)), (rec.department, rec.amount))
    records = []
    for (dept, phase, year), (name, amount) in sorted(figures.items()):
        before = figures.get((dept, phase, year - 1))
        if before is None:
            continue
        change = amount - before[1]
        records.append({"department": name, "phase": phase, "from_year": year - 1, "to_year": year,
                        "previous": before[1], "current": amount, "change": change,
                        "percent": change_percent(change, before[1])})
    frame = pd.DataFrame.from_records(records, columns=list(GROWTH_COLUMNS))
    for column in ("previous", "current", "change", "percent"):
        frame[column] = frame[column].astype(AMOUNT_DTYPE)
    return frame.sort_values("change", ascending=False, kind="stable").reset_index(drop=True)
