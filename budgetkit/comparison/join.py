"""Two years of a department → one tidy year-over-year frame.

The conversions, in order:

``side_of``            a document, tidy lines or narrative-derived figures → one *side*
``lines_to_keyed``     tidy lines → lines with a join key (code, else item, else name)
``join_sides``         previous and current keyed lines → matched pairs
``pairs_to_frame``     matched pairs → the year-over-year frame (change, %, share, status)

Rows are matched on table kind, classification, key, unit, side and measure. The key
is the classification code, so a code whose printed name changed between editions of
the classification (20805 行政事业单位离退休 → 行政事业单位养老支出) is one row with
status ``renamed``, never a ``gone`` row and a ``new`` one. Uncoded rows are matched on
their canonical item (``income_total``, ``three_public`` …), projects on their name.

When only the current document is at hand, :func:`previous_from_narrative` turns the
changes its 情况说明 states ("收入预算1,564.22万元，比上年增加129.41万元") into the
previous year's headline figures; :func:`compare` accepts them as the previous side and
marks every row compared with them ``basis == "narrative"``.
"""

from __future__ import annotations

import warnings
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from budgetkit._normalize import key as text_key
from budgetkit.catalogue.vocabulary import department_key
from budgetkit.comparison.execution import execution
from budgetkit.comparison.sides import HUNDRED, PERCENT_DTYPE, Side, change_percent, decimal_at, side_of
from budgetkit.errors import ComparisonError
from budgetkit.tidy.schema import AMOUNT_DTYPE, QUANTUM

STATUSES = ("same", "new", "gone", "renamed")

#: Columns of the year-over-year frame, in order.
YOY_COLUMNS: tuple[str, ...] = (
    "department", "table", "classification", "code", "item", "unit", "side", "measure", "level",
    "name", "previous_name", "current_name", "previous_year", "current_year",
    "previous_amount", "current_amount", "change", "percent", "share", "status", "basis", "phase",
)
JOIN_COLUMNS: tuple[str, ...] = ("table", "classification", "key", "unit", "side", "measure")

# Uncoded rows whose item does not identify them alone: matched on their printed name.
_NAMED_ITEMS = frozenset({"", "project", "project_group"})
# Items that belong to one side whatever the layout: a one-sided table prints 收入合计
# without a side column, a two-sided one under 收入.
_SIDED_ITEMS = {"income_total": "income", "income_subtotal": "income",
                "expenditure_total": "expenditure", "expenditure_subtotal": "expenditure"}
# The row that holds a table's total, by side.
_TOTAL_ITEMS = {"": ("total",), "income": ("income_total", "income_subtotal"),
                "expenditure": ("expenditure_total", "expenditure_subtotal")}


def lines_to_keyed(lines: pd.DataFrame) -> pd.DataFrame:
    """Tidy lines with a join ``key`` (code, else item, else name) and an occurrence number.

    A total whose item names its side (``income_total`` …) gets that side when the
    table printed none, so one-sided and two-sided layouts match.

    The occurrence number keeps the join one-to-one where a table prints the same key
    twice (a code repeated in one table is matched in printed order).
    """
    cols = ["table", "classification", "code", "item", "unit", "side", "measure", "level", "name", "amount"]
    out = lines[cols].copy()
    sided = out["side"].eq("") & out["item"].isin(list(_SIDED_ITEMS))
    out.loc[sided, "side"] = out.loc[sided, "item"].map(_SIDED_ITEMS)
    named = out["code"].eq("") & out["item"].isin(_NAMED_ITEMS)
    out["key"] = out["code"].where(out["code"].ne(""), out["item"])
    out.loc[named, "key"] = "name:" + out.loc[named, "name"].map(text_key)
    out["occurrence"] = out.groupby(list(JOIN_COLUMNS), sort=False).cumcount()
    return out


def join_sides(previous: pd.DataFrame, current: pd.DataFrame, *, how: str = "outer") -> pd.DataFrame:
    """Join keyed lines of two years (``_prev`` / ``_cur`` suffixes), in the current order first.

    ``how="outer"`` keeps rows of either year (``new`` and ``gone``); ``"inner"`` only
    rows of both, for a previous side that holds a few headline figures.
    """
    on = [*JOIN_COLUMNS, "occurrence"]
    prev = previous.assign(_order_prev=range(len(previous)))
    cur = current.assign(_order_cur=range(len(current)))
    joined = cur.merge(prev, on=on, how=how, suffixes=("_cur", "_prev"),
                       sort=False, indicator=True)
    joined["_order"] = joined["_order_cur"].fillna(len(current) + joined["_order_prev"])
    return joined.sort_values("_order", kind="stable").reset_index(drop=True)


def _status(row: dict) -> str:
    if row["_merge"] == "left_only":
        return "new"
    if row["_merge"] == "right_only":
        return "gone"
    if row["code"] and text_key(row["name_prev"]) != text_key(row["name_cur"]):
        return "renamed"
    return "same"


def _table_totals(current: pd.DataFrame) -> dict[tuple[str, str, str], Decimal]:
    """The current year's table totals by (table, side, measure), for the shares."""
    wanted = {item for items in _TOTAL_ITEMS.values() for item in items}
    rows = current[current["code"].eq("") & current["unit"].eq("") & current["item"].isin(list(wanted))]
    rank = {(side, item): i for side, items in _TOTAL_ITEMS.items() for i, item in enumerate(items)}
    best: dict[tuple[str, str, str], tuple[int, Decimal]] = {}
    for r in rows[["table", "side", "measure", "item", "amount"]].to_dict("records"):
        order = rank.get((r["side"], r["item"]))
        key = (r["table"], r["side"], r["measure"])
        if order is not None and (key not in best or order < best[key][0]):
            best[key] = (order, r["amount"])
    return {key: amount for key, (_, amount) in best.items()}


def pairs_to_frame(joined: pd.DataFrame, previous: Side, current: Side,
                   totals: dict[tuple[str, str, str], Decimal]) -> pd.DataFrame:
    """Matched pairs → the year-over-year frame of :data:`YOY_COLUMNS`."""
    records = []
    department = current.department or previous.department
    for row in joined.to_dict("records"):
        prev, cur = decimal_at(row, "amount_prev"), decimal_at(row, "amount_cur")
        change = (cur or Decimal(0)) - (prev or Decimal(0))
        total = totals.get((row["table"], row["side"], row["measure"]))
        share = None if cur is None or not total else (cur / total * HUNDRED).quantize(QUANTUM, ROUND_HALF_UP)
        prev_name = row.get("name_prev") if isinstance(row.get("name_prev"), str) else ""
        cur_name = row.get("name_cur") if isinstance(row.get("name_cur"), str) else ""
        row["name_prev"], row["name_cur"] = prev_name, cur_name
        level = decimal_at(row, "level_cur")
        level = decimal_at(row, "level_prev") if level is None else level
        records.append({
            "department": department, "table": row["table"], "classification": row["classification"],
            "code": row.get("code_cur") if isinstance(row.get("code_cur"), str) else row.get("code_prev"),
            "item": row.get("item_cur") if isinstance(row.get("item_cur"), str) else row.get("item_prev"),
            "unit": row["unit"], "side": row["side"], "measure": row["measure"], "level": level,
            "name": cur_name or prev_name, "previous_name": prev_name, "current_name": cur_name,
            "previous_year": previous.year, "current_year": current.year,
            "previous_amount": prev, "current_amount": cur, "change": change.quantize(QUANTUM),
            "percent": change_percent(change, prev), "share": share,
            "status": _status({**row, "code": row.get("code_cur") or row.get("code_prev") or ""}),
            "basis": previous.basis, "phase": current.phase,
        })
    return _typed(pd.DataFrame.from_records(records, columns=list(YOY_COLUMNS)))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("previous_amount", "current_amount", "change"):
        frame[col] = frame[col].astype(AMOUNT_DTYPE)
    for col in ("percent", "share"):
        frame[col] = frame[col].astype(PERCENT_DTYPE)
    frame["level"] = frame["level"].astype("Int8")
    for col in ("previous_year", "current_year"):
        frame[col] = frame[col].astype("int64")
    frame["status"] = pd.Categorical(frame["status"], categories=list(STATUSES))
    return frame


def _check_pair(previous: Side, current: Side) -> None:
    if previous.year > current.year:
        raise ComparisonError(
            f"the previous side is {previous.year} and the current side {current.year}: "
            "give the earlier year first (compare(previous, current))"
        )
    if previous.year == current.year and previous.phase == current.phase and previous.basis == "table":
        raise ComparisonError(f"both sides are the {current.year} {current.phase}: nothing to compare")
    if previous.department and current.department and department_key(previous.department) != department_key(current.department):
        warnings.warn(f"comparing two departments: {previous.department} ({previous.year}) with "
                      f"{current.department} ({current.year})", UserWarning, stacklevel=3)


def compare(previous, current) -> pd.DataFrame:
    """The year-over-year frame of two years of one department.

    Parameters
    ----------
    previous
        The earlier year: a :class:`~budgetkit.BudgetDocument`, its tidy lines, or the
        figures :func:`previous_from_narrative` derives from the current document's
        narrative (then only those headline figures are compared, ``basis`` is
        ``"narrative"``).
    current
        The later year: a document or its tidy lines.

    Returns
    -------
    pandas.DataFrame
        Given the 预算 and the 决算 of one department and year (in either order), the
        execution frame of :func:`execution`. Otherwise one row per (table,
        classification, code or item, unit, side, measure) present
        in either year (:data:`YOY_COLUMNS`): ``previous_amount`` and
        ``current_amount`` (万元, exact; missing on the side without the row),
        ``change`` (a missing side counts as zero), ``percent`` (change against the
        previous amount, six decimals, missing from zero), ``share`` (percent of the
        current table's total), ``status`` (``same``, ``new``, ``gone``, ``renamed``:
        the code is the same, the printed name changed), both names and both years.

    Raises
    ------
    ComparisonError
        The inputs cannot be compared (wrong type, wrong order, the same year twice).

    Examples
    --------
    >>> yoy = budgetkit.compare(budgetkit.read("2022.pdf"), budgetkit.read("2023.pdf"))  # doctest: +SKIP
    >>> yoy.query("table == 'expenditure' and level == 1 and measure == 'total'")  # doctest: +SKIP
    """
    prev_side, cur_side = side_of(previous), side_of(current)
    if cur_side.basis != "table":
        raise ComparisonError("the current side must be a document or its tidy lines")
    if (prev_side.basis == "table" and prev_side.year == cur_side.year
            and {prev_side.phase, cur_side.phase} == {"budget", "final"}):
        # A 预算 and the 决算 of its year: how the plan was executed.
        return execution(*((current, previous) if cur_side.phase == "final" else (previous, current)))
    _check_pair(prev_side, cur_side)
    joined = join_sides(lines_to_keyed(prev_side.lines), lines_to_keyed(cur_side.lines),
                        how="outer" if prev_side.basis == "table" else "inner")
    return pairs_to_frame(joined, prev_side, cur_side, _table_totals(cur_side.lines))


# ---------------------------------------------------------------------------
# Figures: the rows a narrative or a chart speaks of, picked from the frame.
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Execution: a 决算 against its 预算 (执行率).
# ---------------------------------------------------------------------------


# -- what a 决算's 情况说明 states about its plan --------------------------------------------


