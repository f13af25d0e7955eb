"""A 决算 against its plan: the 年初/调整预算 it prints, the plan its 情况说明 states, or the
预算 document of its year — one row per figure with its 完成率."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from budgetkit._normalize import key as text_key
from budgetkit.catalogue import figures
from budgetkit.catalogue.vocabulary import department_key
from budgetkit.comparison.sides import PERCENT_DTYPE, Side, side_of
from budgetkit.errors import ComparisonError
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.schema import AMOUNT_DTYPE, QUANTUM

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
    plan: Side | None = None
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


def _plan_at(plan: Side | None, fin: Side, place: figures.Place,
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


def _row(fin: Side, section: str, name: str, final: Decimal | None, plan: tuple, *, code: str = "",
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


def _figure_row(fin: Side, plan: Side | None, stated: dict | None, section: str, subject: str) -> dict | None:
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


def _coded_rows(fin: Side, plan: Side | None, stated: dict | None, section: str, kinds: tuple[str, ...],
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


def _execution_records(fin: Side, plan: Side | None, stated: dict | None) -> list[dict]:
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
