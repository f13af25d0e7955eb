"""The auditor: one pass over a document's lines, and how an identity is checked and judged.

:class:`Auditor` holds what every rule family needs (the lines by table kind, their pages,
the reading's doubts) and records each identity checked with its outcome. Severity:
``error`` for an identity that fails beyond its tolerance in tables read with confidence (a
number in the document is wrong), ``warning`` when a table it reads was read with doubts
(:func:`reading_doubts`) and for what a reader should look at (different names for one
code, a missing or incomplete table, a 机关运行经费 wider than 基本支出), ``info`` for a
difference within the 尾差 the document declares and for empty tables the document
explains. The tolerance of each rule is declared in :mod:`budgetkit.audit.rules`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pandas as pd

from budgetkit._format import evidence_amount
from budgetkit.audit.result import (
    _DECIMAL_COLUMNS,
    FINDING_COLUMNS,
    IDENTITY_COLUMNS,
)
from budgetkit.audit.rules import ROUNDING, RULES_BY_ID
from budgetkit.audit.rules import tolerance as rule_tolerance
from budgetkit.catalogue import kinds

INCOME_SINGLES = ("superior_subsidy", "subordinate_remit", "business_fund", "prior_carryover")
MEASURE_NAMES = {"total": "合计", "basic": "基本支出", "project": "项目支出", "fiscal": "财政拨款合计",
                  "general_public": "一般公共预算", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
                  "fiscal_special": "财政专户拨款", "other_funds": "其他资金收入", "other": "其他资金",
                  "personnel": "人员经费", "public_use": "公用经费", "current": "本年收入", "prior_carryover": "上年结转"}


def reading_doubts(doc) -> dict[str, tuple[str, ...]]:
    """Table kind → why its reading may be at fault, each reason naming the page.

    The reader's own notes (``TableInfo.reading``: a grid pieced together, a column whose
    header is no known measure …); a table of no recognised kind (what its rows must add
    up to is not known); a row carrying two figures of one measure (two columns were
    given one meaning). An identity that fails on such a table is a warning, not an error.
    """
    doubts: dict[str, list[str]] = defaultdict(list)
    for info in doc.table_info:
        where = f"{info.title} (p.{pages_text(info.pages)})"
        notes = list(info.reading)
        if info.kind == kinds.OTHER:
            notes.append(f"{where}: the table's kind was not recognised")
        doubts[info.kind].extend(n for n in notes if n not in doubts[info.kind])
    lines = doc.lines
    if len(lines):
        keys = ["table", "row", "side", "code", "item", "unit", "measure"]
        twice = lines[lines.duplicated(keys, keep=False)].drop_duplicates(keys)
        for rec in twice.to_dict("records"):
            doubts[rec["table"]].append(f"{rec['table_title']} (p.{rec['page']}): row {rec['name']!r} carries two "
                                        f"{rec['measure']!r} figures; its columns were not told apart")
        named = lines[lines["table"].map(_layout).isin(("two_sided", "units", "projects"))]
        unknown = named[(named["code"] == "") & (named["item"] == "") & (named["amount"] != 0)]
        for rec in unknown.drop_duplicates(["table", "row", "side"]).to_dict("records"):
            doubts[rec["table"]].append(f"{rec['table_title']} (p.{rec['page']}): row {rec['name']!r} is no known "
                                        "item, code, unit or project; what the rows add up to is not known")
        for table, note in (*_column_number_rows(lines), *_units_without_rows(lines), *_nested_projects(lines)):
            doubts[table].append(note)
    return {k: tuple(v) for k, v in doubts.items() if v}


def _column_number_rows(lines: pd.DataFrame):
    """(table, reason) for each row whose figures are 1, 2, … n: the header's 栏次 row read as data."""
    for (table, _row), g in lines.groupby(["table", "row"], sort=False):
        values = sorted(g["amount"])
        if len(values) >= 3 and values == [Decimal(i) for i in range(1, len(values) + 1)]:
            rec = g.iloc[0]
            yield table, (f"{rec['table_title']} (p.{rec['page']}): row {rec['name']!r} holds the column numbers "
                          f"1–{len(values)}: a header row was read as data")


def _units_without_rows(lines: pd.DataFrame):
    """(table, reason) for a per-unit table where several 单位 totals have no rows of their own:
    rows of one unit (economic 款 printed without codes) were read as units."""
    units = lines[lines["table"].map(_layout) == "units"]
    for table, g in units.groupby("table", sort=False):
        totals = g[g["item"] == "unit_total"]
        members = set(g.loc[g["item"] != "unit_total", "unit"])
        empty = sorted(set(totals["unit"]) - members)
        if len(empty) >= 2:
            rec = totals[totals["unit"] == empty[0]].iloc[0]
            yield table, (f"{rec['table_title']} (p.{rec['page']}): {len(empty)} 单位 rows ({', '.join(empty[:3])} …) "
                          "have no rows of their own: rows were read as units")


def _nested_projects(lines: pd.DataFrame):
    """(table, reason) for a project list whose projects add up to half as much again as their
    unit's total or more (2×, 3×, 2.6× where some projects have two levels and some three): projects
    of several levels (一级 / 二级 / 三级) were read as one list — no typo or 尾差 does that."""
    projects = lines[(lines["table"].map(_layout) == "projects") & (lines["measure"] == "total")]
    for table, g in projects.groupby("table", sort=False):
        for unit, u in g[g["unit"] != ""].groupby("unit", sort=False):
            totals = u.loc[u["item"] == "unit_total", "amount"]
            listed = sum(u.loc[u["item"] == "project", "amount"], Decimal(0))
            if len(totals) == 1 and totals.iloc[0] > 0 and listed >= Decimal("1.5") * totals.iloc[0]:
                rec = u.iloc[0]
                yield table, (f"{rec['table_title']} (p.{rec['page']}): the projects of {unit} add up to "
                              f"{listed / totals.iloc[0]:.1f}× its total: projects of several levels were read "
                              "as one list")
                break


def _layout(kind: str) -> str:
    return getattr(kinds.REGISTRY.kinds.get(kind), "layout", "")


def pages_text(pages) -> str:
    pages = list(pages)
    if not pages:
        return "?"
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"


class Auditor:
    """Accumulates identities and findings for one document."""

    def __init__(self, doc) -> None:
        self.doc = doc
        lines = doc.lines
        self.lines = lines.assign(amt=list(lines["amount"]))
        self.by_kind = {k: g for k, g in self.lines.groupby("table", sort=False)}
        self.titles = {i.kind: i.title for i in doc.table_info}
        self.units = {k: (g["source_unit"].iloc[0] if len(g) else "万元") for k, g in self.by_kind.items()}
        self.doubts = reading_doubts(doc)
        self.checked = 0
        self.held = 0
        self.findings: list[dict] = []
        self.results: list[dict] = []

    # -- recording -------------------------------------------------------------------------

    def title(self, kind: str) -> str:
        if kind in self.titles:
            return self.titles[kind]
        return kinds.REGISTRY[kind].title if kind in kinds.REGISTRY else kind

    def printed_unit(self, *tables: str) -> str:
        """The coarsest money unit ``tables`` print in: the one whose rounding is widest."""
        return max((self.units.get(t, "万元") for t in tables if t),
                   key=lambda unit: ROUNDING.get(unit, ROUNDING["万元"]), default="万元")

    def rounding(self, *tables: str) -> Decimal:
        """One printed step of the coarsest of ``tables``."""
        return rule_tolerance(1, self.printed_unit(*tables))

    def finding(self, rule: str, severity: str, message: str, **evidence) -> None:
        rec = dict.fromkeys(FINDING_COLUMNS, "")
        rec.update({c: None for c in (*_DECIMAL_COLUMNS, "page", "page2")})
        rec.update(rule=rule, severity=severity, message=message, **evidence)
        self.findings.append(rec)

    def result(self, rule: str, what: str, outcome: str, **evidence) -> None:
        """Count one identity checked: ``outcome`` is ``exact``, ``rounding`` (within tolerance) or ``failed``."""
        self.checked += 1
        self.held += outcome != "failed"
        rec = {c: evidence.get(c) for c in IDENTITY_COLUMNS}
        rec.update(rule=rule, what=what, outcome=outcome)
        self.results.append(rec)

    def identity(self, rule: str, what: str, expected: Decimal, actual: Decimal, *, addends: int = 1,
                 table: str, table2: str = "", code: str = "", measure: str = "", unit: str = "",
                 item: str = "", page=None, page2=None, rows=(), severity: str | None = None,
                 tolerance: Decimal | None = None, doubtful: bool = True) -> bool:
        """Record one identity ``actual == expected``; a finding unless it holds exactly.

        ``tolerance`` replaces the 尾差 of ``addends`` rounded figures (a figure printed with
        fewer places than the tables print is rounded to those places).
        """
        difference = actual - expected
        tol = tolerance if tolerance is not None else rule_tolerance(addends, self.printed_unit(table, table2), rule)
        evidence = dict(table=table, table2=table2, code=code, measure=measure, unit=unit, item=item,
                        expected=expected, actual=actual, difference=difference, tolerance=tol, page=page,
                        page2=page2, rows=", ".join(str(r) for r in rows))
        outcome = "exact" if difference == 0 else "rounding" if abs(difference) <= tol else "failed"
        self.result(rule, what, outcome, **evidence)
        if outcome == "exact":
            return True
        if outcome == "rounding":
            self.finding(rule, "info", f"{what}：{evidence_amount(actual)}，计算得 {evidence_amount(expected)}，相差 {evidence_amount(difference)}，"
                                       f"在{max(addends, 1)}个四舍五入数的尾差（{evidence_amount(tol)}）以内", **evidence)
            return True
        message = f"{what}：{evidence_amount(actual)}，应为 {evidence_amount(expected)}，相差 {evidence_amount(difference)}"
        severity = severity or RULES_BY_ID[rule].severity
        doubt = self.doubt(table, table2) if doubtful else ""
        if doubt and severity == "error":
            severity = RULES_BY_ID[rule].doubt
            message += f"；表格读取可能有误，未必是文件之误（{doubt}）"
        self.finding(rule, severity, message, **evidence)
        return False

    def doubt(self, *tables: str) -> str:
        """The first reason why the reading of one of ``tables`` may be at fault, or ``""``."""
        return next((note for t in tables if t for note in self.doubts.get(t, ())), "")

    # -- reading ---------------------------------------------------------------------------

    def table(self, kind: str) -> pd.DataFrame:
        return self.by_kind.get(kind, self.lines.iloc[0:0])

    def one(self, kind: str, measure: str = "total", **where) -> pd.Series | None:
        t = self.table(kind)
        mask = t["measure"] == measure
        for col, value in where.items():
            mask &= t[col] == value
        found = t[mask]
        return found.iloc[0] if len(found) == 1 else None

    def first(self, kind: str, measures: tuple[str, ...], **where) -> pd.Series | None:
        for m in measures:
            found = self.one(kind, m, **where)
            if found is not None:
                return found
        return None


def nonzero(values) -> int:
    return sum(1 for v in values if v != 0)


def sum_amounts(records) -> Decimal:
    return sum((r["amt"] for r in records), Decimal(0))


# -- within a table -----------------------------------------------------------------------------


# -- across tables ------------------------------------------------------------------------------


def beyond_the_year(lines: pd.DataFrame) -> tuple[str, ...]:
    """The measures of a 收入总表's 合计 that are not the year's income (本年收入合计): 上年结转,
    and the sources the 收支总表 prints after its 本年收入合计 (烟台's 收支总体情况表 puts
    上级补助收入 205.89 under it, the 收入总体情况表's 合计 takes it in)."""
    income = lines[(lines["table"] == "overall") & (lines["side"] == "income")]
    subtotal = income.loc[income["item"] == "income_subtotal", "row"]
    out = {"prior_carryover"}
    if len(subtotal):
        after = income.loc[income["row"] > subtotal.min(), "item"]
        out |= {i for i in after if i in INCOME_SINGLES}
    return tuple(sorted(out))


# -- narrative ----------------------------------------------------------------------------------


# -- naming and completeness ---------------------------------------------------------------------


# -- the verb -----------------------------------------------------------------------------------


