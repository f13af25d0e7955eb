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

import re
import warnings
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd
import pyarrow as pa_arrow

from budgetkit._format import decimal_or_none
from budgetkit._normalize import key as text_key
from budgetkit.catalogue import figures
from budgetkit.catalogue.vocabulary import department_key
from budgetkit.errors import ComparisonError
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.schema import AMOUNT_DTYPE, COLUMNS, QUANTUM

#: Percentages (change, share) as exact decimals with six places.
PERCENT_DTYPE = pd.ArrowDtype(pa_arrow.decimal128(38, 6))
HUNDRED = Decimal(100)

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

#: Figures a year-over-year comparison speaks of (:mod:`budgetkit.catalogue.figures`): the
#: headline figures, the rows of the “三公” table, and a statement of headline figures at
#: once (``income_expenditure_total``: "收、支预算总计各增加…"). Of a narrative, only these
#: are kept as the previous year.
NARRATIVE_SUBJECTS: tuple[str, ...] = tuple(
    f.id for f in figures.FIGURES.values()
    if f.id in figures.HEADLINE or f.id in figures.THREE_PUBLIC_TABLE
    or (f.states and all(s in figures.HEADLINE for s in f.states))
)
_DECREASE = frozenset({"decrease", "down", "减少", "下降", "降低", "压减", "-"})
_FLAT = frozenset({"flat", "equal", "same", "unchanged", "持平", "不变", "一致", "0"})


@dataclass(frozen=True)
class NarrativeYear:
    """The previous year's headline figures, derived from a document's own narrative.

    Attributes
    ----------
    department, year, phase
        Whose figures, and for which year (the document's year minus one).
    source
        The document the sentences come from.
    figures
        One row per figure: ``subject`` (claim subject id), ``table``, ``side``,
        ``item``, ``measure``, ``name``, ``amount`` (万元, exact: the amount stated
        minus the change stated), ``stated_amount``, ``stated_change``, ``sentence``.
    """

    department: str
    year: int
    phase: str
    source: str
    figures: pd.DataFrame

    def __repr__(self) -> str:
        return (f"<NarrativeYear {self.department} {self.year} (derived from the narrative of {self.source}): "
                f"{len(self.figures)} figures>")


@dataclass(frozen=True)
class _Side:
    lines: pd.DataFrame
    year: int
    department: str
    phase: str
    basis: str  # "table" or "narrative"


def _as_decimal(value) -> Decimal | None:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if value != value:  # NaN: a missing value
            return None
        raise ComparisonError("amounts must be exact decimals, not floats")
    text = str(value).strip().replace(",", "")
    return Decimal(text) if text else None


def previous_from_narrative(doc: BudgetDocument, claims: pd.DataFrame | None = None) -> NarrativeYear:
    """The previous year's headline figures as the document's narrative states them.

    Each claim "X万元，比上年增加/减少 Y万元" gives the previous year's figure X ∓ Y,
    exactly. Only the headline subjects of :data:`NARRATIVE_SUBJECTS` are kept; of
    several claims about one subject the first in the text wins. A claim compared with
    something other than the previous year's budget (a 预算执行数, say) is not one.

    Parameters
    ----------
    doc
        The current year's document.
    claims
        Its narrative claims (:func:`budgetkit.claims`); read from ``doc`` when omitted.

    Raises
    ------
    ComparisonError
        The narrative states no change for any headline subject.
    """
    if claims is None:
        from budgetkit.audit.claims import claims as read_claims  # the claims stage: imported on use

        claims = read_claims(doc)
    records = [f for row in _headline_claims(claims, doc.year) for f in _claim_to_figures(row)]
    if not records:
        raise ComparisonError(
            f"{doc.department} {doc.year}: the narrative states no change from the previous year for "
            f"any of {', '.join(NARRATIVE_SUBJECTS)}; give the previous year's document instead"
        )
    figures = pd.DataFrame.from_records(records).drop_duplicates(["table", "side", "item", "measure"])
    for col in ("amount", "stated_amount", "stated_change"):
        figures[col] = figures[col].astype(AMOUNT_DTYPE)
    return NarrativeYear(department=doc.department, year=doc.year - 1, phase=doc.phase,
                         source=", ".join(doc.sources), figures=figures)


def _headline_claims(claims: pd.DataFrame, year: int) -> list[dict]:
    if claims is None or len(claims) == 0:
        return []
    missing = {"subject", "amount"} - set(claims.columns)
    if missing:
        raise ComparisonError(f"claims lack the columns {sorted(missing)}")
    rows = claims[claims["subject"].isin(NARRATIVE_SUBJECTS)]
    if "position" in rows:
        rows = rows.sort_values("position", kind="stable")
    seen, out = set(), []
    for row in rows.to_dict("records"):
        if row["subject"] in seen or _previous_of(row) is None or not _against_previous_budget(row, year):
            continue
        seen.add(row["subject"])
        out.append(row)
    return out


def _previous_of(claim: dict) -> Decimal | None:
    previous = _as_decimal(claim.get("previous"))
    if previous is not None:
        return previous
    amount, change = _as_decimal(claim.get("amount")), _as_decimal(claim.get("change"))
    direction = str(claim.get("direction") or "").strip().lower()
    if amount is None:
        return None
    if direction in _FLAT and change in (None, Decimal(0)):
        return amount
    if change is None:
        return None
    if direction in _DECREASE:
        return amount + abs(change)
    if direction:
        return amount - abs(change)
    return amount - change  # a signed change


def _against_previous_budget(claim: dict, year: int) -> bool:
    """True for a claim that compares with the previous year's budget (not a 执行数 or 决算)."""
    compared_to = claim.get("compared_to")
    if compared_to is not None and compared_to is not pd.NA and int(compared_to) != year - 1:
        return False
    return not any(word in str(claim.get("sentence") or "") for word in ("执行数", "决算数"))


def _claim_to_figures(claim: dict) -> list[dict]:
    previous = _previous_of(claim)
    label = str(claim.get("label") or "") or figures.figure(claim["subject"]).zh
    return [{
        "subject": claim["subject"], "table": place.table, "side": place.side, "item": place.item,
        "measure": place.measures[0], "name": label, "amount": previous.quantize(QUANTUM),
        "stated_amount": _as_decimal(claim.get("amount")), "stated_change": _as_decimal(claim.get("change")),
        "sentence": str(claim.get("sentence") or ""),
    } for place in figures.recorded_at(claim["subject"])]


def side_of(data) -> _Side:
    """A document, a frame of tidy lines or a :class:`NarrativeYear` as one side of a comparison."""
    if isinstance(data, BudgetDocument):
        return _Side(data.lines, data.year, data.department, data.phase, "table")
    if isinstance(data, NarrativeYear):
        return _Side(_figures_to_lines(data), data.year, data.department, data.phase, "narrative")
    if isinstance(data, pd.DataFrame):
        missing = [c for c in COLUMNS if c not in data.columns]
        if missing:
            raise ComparisonError(f"not tidy budget lines: the columns {missing} are missing")
        years = sorted(set(data["year"]))
        if len(years) != 1:
            raise ComparisonError(f"tidy lines of one year expected, got years {years or 'none'}")
        departments = sorted(set(data["department"]))
        return _Side(data, int(years[0]), departments[0] if departments else "",
                     str(data["phase"].iloc[0]) if len(data) else "budget", "table")
    raise ComparisonError(
        f"cannot compare a {type(data).__name__}: give a BudgetDocument (budgetkit.read), tidy lines "
        "or the narrative-derived previous year (budgetkit.previous_from_narrative)"
    )


def _figures_to_lines(year: NarrativeYear) -> pd.DataFrame:
    f = year.figures
    return pd.DataFrame({
        "table": f["table"], "classification": "", "code": "", "item": f["item"], "unit": "",
        "side": f["side"], "measure": f["measure"], "level": pd.array([pd.NA] * len(f), dtype="Int8"),
        "name": f["name"], "amount": f["amount"],
    })


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


def _percent(change: Decimal, previous: Decimal | None) -> Decimal | None:
    """Percentage change against the previous amount (its absolute value); None from zero."""
    if previous is None or previous == 0:
        return None
    return (change / abs(previous) * HUNDRED).quantize(QUANTUM, rounding=ROUND_HALF_UP)


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


def _value(row: dict, column: str) -> Decimal | None:
    return decimal_or_none(row.get(column))


def pairs_to_frame(joined: pd.DataFrame, previous: _Side, current: _Side,
                   totals: dict[tuple[str, str, str], Decimal]) -> pd.DataFrame:
    """Matched pairs → the year-over-year frame of :data:`YOY_COLUMNS`."""
    records = []
    department = current.department or previous.department
    for row in joined.to_dict("records"):
        prev, cur = _value(row, "amount_prev"), _value(row, "amount_cur")
        change = (cur or Decimal(0)) - (prev or Decimal(0))
        total = totals.get((row["table"], row["side"], row["measure"]))
        share = None if cur is None or not total else (cur / total * HUNDRED).quantize(QUANTUM, ROUND_HALF_UP)
        prev_name = row.get("name_prev") if isinstance(row.get("name_prev"), str) else ""
        cur_name = row.get("name_cur") if isinstance(row.get("name_cur"), str) else ""
        row["name_prev"], row["name_cur"] = prev_name, cur_name
        level = _value(row, "level_cur")
        level = _value(row, "level_prev") if level is None else level
        records.append({
            "department": department, "table": row["table"], "classification": row["classification"],
            "code": row.get("code_cur") if isinstance(row.get("code_cur"), str) else row.get("code_prev"),
            "item": row.get("item_cur") if isinstance(row.get("item_cur"), str) else row.get("item_prev"),
            "unit": row["unit"], "side": row["side"], "measure": row["measure"], "level": level,
            "name": cur_name or prev_name, "previous_name": prev_name, "current_name": cur_name,
            "previous_year": previous.year, "current_year": current.year,
            "previous_amount": prev, "current_amount": cur, "change": change.quantize(QUANTUM),
            "percent": _percent(change, prev), "share": share,
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


def _check_pair(previous: _Side, current: _Side) -> None:
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

#: The totals :func:`headlines` gives (figures of :mod:`budgetkit.catalogue.figures`).
TOTALS: tuple[str, ...] = ("income", "expenditure")
FUNCTION_TABLES = ("expenditure", "general_function", "overall", "fiscal_overall")
ECONOMIC_TABLES = ("general_basic_economic", "general_project_economic")
FIGURE_COLUMNS = ("key", "name", "previous_amount", "current_amount", "change", "percent", "status", "basis")


def _present(values: pd.Series) -> bool:
    return bool(values.notna().any())


def _figure_frame(records: list[dict]) -> pd.DataFrame:
    for rec in records:
        prev, cur = rec["previous_amount"], rec["current_amount"]
        rec["change"] = (cur or Decimal(0)) - (prev or Decimal(0))
        rec["percent"] = _percent(rec["change"], prev)
    frame = pd.DataFrame.from_records(records, columns=list(FIGURE_COLUMNS))
    for col in ("previous_amount", "current_amount", "change"):
        frame[col] = frame[col].astype(AMOUNT_DTYPE)
    frame["percent"] = frame["percent"].astype(PERCENT_DTYPE)
    return frame


def _row_figure(row: pd.Series, key: str, name: str | None = None) -> dict:
    return {"key": key, "name": name or row["name"], "previous_amount": _value(row, "previous_amount"),
            "current_amount": _value(row, "current_amount"), "status": row["status"], "basis": row["basis"]}


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
                        "percent": _percent(change, before[1])})
    frame = pd.DataFrame.from_records(records, columns=list(GROWTH_COLUMNS))
    for column in ("previous", "current", "change", "percent"):
        frame[column] = frame[column].astype(AMOUNT_DTYPE)
    return frame.sort_values("change", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Execution: a 决算 against its 预算 (执行率).
# ---------------------------------------------------------------------------

#: Columns of the execution frame, in order.
EXECUTION_COLUMNS: tuple[str, ...] = (
    "department", "year", "section", "classification", "code", "item", "level", "name",
    "final_amount", "budget_amount", "difference", "rate", "basis", "source", "final_source", "stated_rate",
)
#: What a row of the execution frame is, in the order a 情况说明 reports them.
SECTIONS: tuple[str, ...] = ("total", "function", "economic", "basic_project", "three_public")
#: The plans a 决算 is measured against, as documents name them.
BASES: tuple[str, ...] = ("年初预算", "调整预算", "全年预算")
#: The totals of the execution frame (figures of :mod:`budgetkit.catalogue.figures`).
EXECUTION_TOTALS: tuple[str, ...] = ("general_public_expenditure", "current_income", "current_expenditure")
_EXECUTION_PARTS: tuple[str, ...] = ("basic", "project")
#: A 决算 table's plan columns, by preference, and the basis each one is.
_PLAN_MEASURES: tuple[tuple[str, str], ...] = (("budget", "年初预算"), ("adjusted_budget", "调整预算"))
_FUNCTION_KINDS = ("general_function", "expenditure")


def execution(final, budget=None) -> pd.DataFrame:
    """How a 决算 executed its 预算: 决算数, 预算数, the difference and the 执行率.

    Parameters
    ----------
    final
        The 决算 (``phase == "final"``): a :class:`~budgetkit.BudgetDocument`, or its tidy
        lines (then its 情况说明 is not at hand).
    budget
        The 预算 of the same department and year (a document or its tidy lines). Without
        it, the plan is what the 决算 itself prints beside its figures (年初预算数, else
        调整预算数 / 全年预算数 columns) or states in its 情况说明 ("年初预算为X万元，支出决算为Y万元").

    Returns
    -------
    pandas.DataFrame
        One row per figure (:data:`EXECUTION_COLUMNS`), by ``section`` (:data:`SECTIONS`):
        the totals (一般公共预算财政拨款支出, 本年收入合计, 本年支出合计), the function 类
        and 款 of the 一般公共预算财政拨款支出决算表 (and a 项 wherever its plan is stated),
        the economic 类 of the basic expenditure table, 基本支出 and 项目支出, the “三公”经费
        and each of its parts. ``final_amount`` (决算数) and ``budget_amount`` (预算数) in
        万元, exact; ``difference`` = 决算数 − 预算数; ``rate`` = 决算数 ÷ 预算数 in percent,
        rounded half-up to two places on the exact quotient. ``basis`` names the plan
        (:data:`BASES`; a 预算 document is the 年初预算; a table's 调整预算数 and 全年预算数
        columns are one measure, ``adjusted_budget``, named 调整预算; the 情况说明 names its
        own) and ``source`` where it was read:
        ``table`` (the 决算's own tables), ``narrative`` (its 情况说明) or ``budget`` (the
        预算 document). A plan nowhere printed leaves ``budget_amount``, ``difference``,
        ``rate``, ``basis`` and ``source`` missing: it is never guessed. ``final_source`` is
        ``narrative`` for a 决算数 only the 情况说明 states; ``stated_rate`` is the
        percentage the 情况说明 prints for the figure (完成年初预算的X%), where it does.

    Raises
    ------
    ComparisonError
        ``final`` is no 决算, ``budget`` no 预算, or they are of another department or year.

    Examples
    --------
    >>> frame = budgetkit.execution(budgetkit.read("2024-final.pdf"))  # doctest: +SKIP
    >>> frame.query("section == 'total'")[["name", "final_amount", "budget_amount", "rate", "basis"]]  # doctest: +SKIP
    """
    fin = side_of(final)
    if fin.phase != "final":
        raise ComparisonError(f"{fin.department} {fin.year} is a {fin.phase}, not a 决算: execution() measures a 决算")
    plan: _Side | None = None
    if budget is not None:
        plan = side_of(budget)
        if plan.phase != "budget":
            raise ComparisonError(f"{plan.department} {plan.year} is a {plan.phase}: give the 预算 of the year")
        if plan.year != fin.year:
            raise ComparisonError(f"the 预算 is of {plan.year} and the 决算 of {fin.year}: give the same year's")
        if plan.department and fin.department and department_key(plan.department) != department_key(fin.department):
            raise ComparisonError(f"the 预算 is of {plan.department} and the 决算 of {fin.department}: "
                                  "give the same department's")
    stated = _stated_plans(final, fin.lines) if isinstance(final, BudgetDocument) else None
    records = _execution_records(fin, plan, stated)
    return _execution_typed(pd.DataFrame.from_records(records, columns=list(EXECUTION_COLUMNS)))


def _lines_at(lines: pd.DataFrame, place: figures.Place, measure: str) -> Decimal | None:
    rows = lines[place.matches(lines, measure)]
    return None if rows.empty else rows["amount"].iloc[0]


def _plan_at(plan: _Side | None, fin: _Side, place: figures.Place,
             stated: dict | None, subject: str) -> tuple[Decimal | None, str, str, Decimal | None]:
    """(预算数, basis, source, stated rate) of one place: the 预算 document's, else the 决算's own
    plan column (where the place is a row's total: a plan column plans the total), else its
    情况说明's statement."""
    if plan is not None:
        for measure in place.measures:
            value = _lines_at(plan.lines, place, measure)
            if value is not None:
                return value, "年初预算", "budget", None
        return None, "", "", None
    if place.measures[0] == "total":
        for measure, basis in _PLAN_MEASURES:
            value = _lines_at(fin.lines, place, measure)
            if value is not None:
                return value, basis, "table", None
    said = (stated or {}).get(subject)
    if said is not None:
        return said["budget"], said["basis"], "narrative", said["rate"]
    return None, "", "", None


def _row(fin: _Side, section: str, name: str, final: Decimal | None, plan: tuple, *, code: str = "",
         item: str = "", level=None, classification: str = "", final_source: str = "table",
         stated: dict | None = None, subject: str = "") -> dict:
    budget, basis, source, stated_rate = plan
    if stated_rate is None and subject in (stated or {}):
        stated_rate = stated[subject]["rate"]  # the percentage the 情况说明 prints, whatever the plan's source
    return {
        "department": fin.department, "year": fin.year, "section": section, "classification": classification,
        "code": code, "item": item, "level": level, "name": name, "final_amount": final, "budget_amount": budget,
        "difference": None if final is None or budget is None else final - budget,
        "rate": _rate(final, budget), "basis": basis, "source": source,
        "final_source": final_source if final is not None else "", "stated_rate": stated_rate,
    }


def _rate(final: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """决算数 ÷ 预算数 in percent, two places, half-up on the exact quotient; None without a plan."""
    if final is None or budget is None or budget == 0:
        return None
    exact = Fraction(final) * 100 / Fraction(budget)
    hundredths = (abs(exact) * 100 + Fraction(1, 2)).__floor__()
    return Decimal(hundredths if exact >= 0 else -hundredths).scaleb(-2)


#: Names of the figures as a 决算 names them.
_FINAL_NAMES = {"general_public_expenditure": "一般公共预算财政拨款支出", "current_income": "本年收入合计",
                "current_expenditure": "本年支出合计"}


def _figure_row(fin: _Side, plan: _Side | None, stated: dict | None, section: str, subject: str) -> dict | None:
    """A figure at the first place both the 决算 and its plan print, else the first either prints;
    a 决算数 no table prints is taken from the 情况说明 when it states it."""
    found = []
    for place in figures.places_of(subject):
        value = next((v for m in place.measures if (v := _lines_at(fin.lines, place, m)) is not None), None)
        found.append((value, _plan_at(plan, fin, place, stated, subject)))
    none = (None, "", "", None)
    value, planned = next(((v, p) for v, p in found if v is not None and p[0] is not None),
                          next(((v, p) for v, p in found if v is not None),
                               next(((v, p) for v, p in found if p[0] is not None), (None, none))))
    final_source = "table"
    said = (stated or {}).get(subject)
    if value is None and said is not None:
        value, final_source = said["final"], "narrative"
        if planned[0] is None and plan is None:
            planned = (said["budget"], said["basis"], "narrative", said["rate"])
    if value is None and planned[0] is None:
        return None
    name = _FINAL_NAMES.get(subject) or figures.figure(subject).zh
    return _row(fin, section, name, value, planned, item=subject, final_source=final_source, stated=stated,
                subject=subject)


def _coded_rows(fin: _Side, plan: _Side | None, stated: dict | None, section: str, kinds: tuple[str, ...],
                classification: str, levels: tuple[int, ...]) -> list[dict]:
    lines = fin.lines
    for kind in kinds:
        mask = ((lines["table"] == kind) & (lines["classification"] == classification) & (lines["unit"] == "")
                & (lines["measure"] == "total") & lines["code"].ne("")).fillna(False)
        rows = lines[mask]
        if len(rows):
            break
    else:
        return []
    records, seen = [], set()
    for r in rows.itertuples(index=False):
        if r.code in seen:
            continue
        seen.add(r.code)
        place = figures.Place(r.table, "", ("total",), code=r.code)
        planned = _plan_at(plan, fin, place, stated, f"code:{r.code}")
        if int(r.level) not in levels and planned[0] is None:
            continue
        records.append(_row(fin, section, r.name, r.amount, planned, code=r.code, level=int(r.level),
                            classification=classification, stated=stated, subject=f"code:{r.code}"))
    return records


def _execution_records(fin: _Side, plan: _Side | None, stated: dict | None) -> list[dict]:
    records = [r for s in EXECUTION_TOTALS if (r := _figure_row(fin, plan, stated, "total", s)) is not None]
    records += _coded_rows(fin, plan, stated, "function", _FUNCTION_KINDS, "function", (1, 2))
    records += sorted(_coded_rows(fin, plan, stated, "economic", ("general_basic_economic",), "economic", (1,)),
                      key=lambda r: r["code"])
    records += [r for s in _EXECUTION_PARTS if (r := _figure_row(fin, plan, stated, "basic_project", s)) is not None]
    records += [r for s in figures.THREE_PUBLIC_TABLE
                if (r := _figure_row(fin, plan, stated, "three_public", s)) is not None]
    return records


def _execution_typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("final_amount", "budget_amount", "difference"):
        frame[col] = frame[col].astype(AMOUNT_DTYPE)
    for col in ("rate", "stated_rate"):
        frame[col] = frame[col].astype(PERCENT_DTYPE)
    frame["level"] = frame["level"].astype("Int8")
    frame["year"] = frame["year"].astype("int64")
    return frame


# -- what a 决算's 情况说明 states about its plan --------------------------------------------

_NUMBER_TEXT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%" and "支出决算为7.86万元，
# 年初预算为12.00万元"; the extracted text may drop or displace the punctuation between them.
_PLAN_CLAUSE = r"(?P<basis>年初预算|调整预算|全年预算)数?(?:为|是)?[,;:]*(?P<budget>" + _NUMBER_TEXT + r")万[,;:]*元"
_FINAL_CLAUSE = r"(?:支出)?决算数?(?:为|是)?[,;:]*(?P<final>" + _NUMBER_TEXT + r")万[,;:]*元"
_PLAN_STATEMENT = re.compile(
    r"(?:" + _PLAN_CLAUSE + r"[,;:]*" + _FINAL_CLAUSE + r"|" + _FINAL_CLAUSE.replace("final", "final2")
    + r"[,;:]*" + _PLAN_CLAUSE.replace("basis", "basis2").replace("budget", "budget2") + r")"
    r"(?:[,;:]*完成(?:年初|调整|全年)?预算(?:数)?的(?P<rate>\d+(?:\.\d+)?)%)?"
)
# Subjects named just before a statement (the longest first).
_PLAN_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("general_public_expenditure", r"一般公共预算财政拨款(?:支出)?$"),
    ("three_public", r"\"三公\"经费(?:财政拨款)?(?:支出)?$"),
    ("overseas_travel", r"因公出国\(境\)(?:费用|费)(?:支出)?$"),
    ("vehicle", r"公务用车购置及运行(?:维护)?费(?:支出)?$"),
    ("vehicle_purchase", r"公务用车购置费(?:支出)?$"),
    ("vehicle_operation", r"公务用车运行(?:维护)?费(?:支出)?$"),
    ("reception", r"公务接待费(?:支出)?$"),
    ("basic", r"基本支出$"),
    ("project", r"项目支出$"),
)
_CHAIN = re.compile(r"(?P<lei>[^()。;:,0-9、]+)\(类\)(?:(?P<kuan>[^()。;:,]+?)\(款\))?(?:(?P<xiang>[^()。;:,]+?)\(项\))?")
_ENUMERATOR = re.compile(r"(?<![\d.])\d{1,2}(?:、|\.(?!\d))")


def _stated_plans(doc: BudgetDocument, lines: pd.DataFrame) -> dict[str, dict]:
    """Plans the 情况说明 states: subject (a figure id, or ``code:<function code>``) →
    ``{"budget", "final", "rate", "basis"}``; the first statement of a subject wins."""
    from budgetkit.audit.claims import compact_text  # the narrative's matching form

    text = compact_text(doc.narrative or "").text
    names = _function_names(lines)
    out: dict[str, dict] = {}
    last = 0
    for m in _PLAN_STATEMENT.finditer(text):
        before = text[last:m.start()]
        last = m.end()
        subject = _plan_subject(before, names)
        if subject is None or subject in out:
            continue
        g = m.groupdict()
        basis = g["basis"] or g["basis2"]
        out[subject] = {"budget": _amount_text(g["budget"] or g["budget2"]),
                        "final": _amount_text(g["final"] or g["final2"]),
                        "rate": Decimal(g["rate"]) if g["rate"] else None, "basis": basis}
    return out


def _amount_text(text: str) -> Decimal:
    return Decimal(text.replace(",", "")).quantize(QUANTUM)


def _plan_subject(before: str, names: dict) -> str | None:
    """What the words before a statement name: a figure, or a function code whose 类 / 款 / 项 the
    paragraph spells out ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于…")."""
    clause = re.split(r"[。;]", before)[-1]
    clause = re.sub(r"^(?:其中|\d{1,2}[、.])[:]?", "", clause)
    for subject, pattern in _PLAN_SUBJECTS:
        if re.search(pattern, clause):
            return subject
    enumerated = list(_ENUMERATOR.finditer(before))
    if not enumerated:
        return None
    chain = _CHAIN.search(before, enumerated[-1].end())
    if chain is None:
        return None
    code = ""
    for level, part in enumerate(("lei", "kuan", "xiang"), start=1):
        name = chain.group(part)
        if not name:
            break
        found = names.get((level, code, text_key(name)))
        if found is None:
            return None
        code = found
    return f"code:{code}" if code else None


def _function_names(lines: pd.DataFrame) -> dict[tuple[int, str, str], str]:
    """(level, parent code, name key) → function code, from the 决算's function tables."""
    rows = lines[(lines["classification"] == "function") & lines["code"].ne("") & lines["level"].notna()]
    out: dict[tuple[int, str, str], str] = {}
    for r in rows.itertuples(index=False):
        out.setdefault((int(r.level), r.parent, text_key(r.name)), r.code)
    return out
