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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pyarrow as pa_arrow

from ._normalize import key as text_key
from .catalogue import figures
from .catalogue.vocabulary import department_key
from .document import BudgetDocument
from .errors import ComparisonError
from .schema import AMOUNT_DTYPE, COLUMNS, QUANTUM

#: Percentages (change, share) as exact decimals with six places.
PERCENT_DTYPE = pd.ArrowDtype(pa_arrow.decimal128(38, 6))
HUNDRED = Decimal(100)

STATUSES = ("same", "new", "gone", "renamed")

#: Columns of the year-over-year frame, in order.
YOY_COLUMNS: tuple[str, ...] = (
    "department", "table", "classification", "code", "item", "unit", "side", "measure", "level",
    "name", "previous_name", "current_name", "previous_year", "current_year",
    "previous_amount", "current_amount", "change", "percent", "share", "status", "basis",
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
        from .claims import claims as read_claims  # the claims stage: imported on use

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
    value = row.get(column)
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


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
            "basis": previous.basis,
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
        One row per (table, classification, code or item, unit, side, measure) present
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
