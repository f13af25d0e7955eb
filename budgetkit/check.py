"""Audit a document: arithmetic, hierarchy, cross-table, narrative, naming and completeness.

``budgetkit.check(doc)`` evaluates every rule of :data:`budgetkit.rules.RULES` on a
:class:`~budgetkit.document.BudgetDocument` and returns an :class:`Audit`: the findings
as a DataFrame (one row per finding, with the evidence a reader needs to find the
cells) and how many identities were checked and how many held.

Severity: ``error`` for an identity that fails beyond its tolerance (a number in the
document is wrong, or the reading is), ``warning`` for what a reader should look at
(different names for one code, a missing or incomplete table, a 机关运行经费 wider than
基本支出), ``info`` for a difference within the 尾差 the document declares and for
empty tables the document explains. The tolerance policy is in :mod:`budgetkit.rules`.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ._format import evidence_amount, printed_percent
from ._normalize import key, strip_numbering
from .catalogue import figures, kinds
from .catalogue.vocabulary import MEASURES
from .claims import PARTS, claims, text_issues
from .rules import ROUNDING, RULES, RULES_BY_ID
from .schema import AMOUNT_DTYPE

#: Columns of the identities frame (``Audit.identities``), in order.
IDENTITY_COLUMNS = ("rule", "outcome", "what", "table", "table2", "code", "measure", "unit", "item", "expected",
                    "actual", "difference", "tolerance", "page", "page2", "rows")
#: Columns of the findings frame, in order.
FINDING_COLUMNS = ("rule", "severity", "message", "table", "table2", "code", "measure", "unit", "item",
                   "expected", "actual", "difference", "tolerance", "page", "page2", "rows")
SEVERITIES = ("error", "warning", "info")
_DECIMAL_COLUMNS = ("expected", "actual", "difference", "tolerance")
_RULE_ORDER = {r.id: i for i, r in enumerate(RULES)}
_EXPLAINED_EMPTY = re.compile(r"本表无数据|空表|无发生额|没有.{0,8}(收支|支出|收入)|未安排|无此项|不涉及"
                              r"|(?:局|委|办|院|中心|部门|单位)(?:\d{4}年度?)?(?:没有|无)[^。，,]{0,30}?"
                              r"(?:收支|支出|收入|经费|预算|内容)")
#: Standard tables every layout publishes; a Guangdong-style document publishes all of GUANGDONG_KINDS.
CORE_KINDS = ("overall", "income", "expenditure", "fiscal_overall", "general_function",
              "general_basic_economic", "three_public", "gov_fund")
_EXPENDITURE_COMPONENTS = ("basic", "project", "operating_expense", "subsidy_to_subordinate",
                           "remit_to_superior", "carryover")
_GROUPS = {"fiscal": ("general_public", "gov_fund", "state_capital"),
           "fiscal_special": ("education_fee", "other_special_account"),
           "other_funds": ("business", "operating", "other"),
           "prior_carryover": ("prior_carryover_fiscal", "prior_carryover_other")}
_BASIC_PARTS = ("personnel", "public_use")
#: Rows of a 收支总表 that break expenditure down by use, beside its 类 rows.
_USE_ITEMS = ("basic_expenditure", "project_expenditure", "reserve")
_INCOME_SINGLES = ("superior_subsidy", "subordinate_remit", "business_fund", "prior_carryover")
#: Rows of a 收支总表 that come after the year's subtotal, never part of it.
_AFTER_SUBTOTAL = ("prior_carryover", "carryover", "business_fund", "non_fiscal_balance_used", "opening_balance",
                   "closing_balance", "balance_distribution")
_ROW_RULES = {"fiscal": "row_fiscal", "fiscal_special": "row_fiscal_special", "other_funds": "row_other_funds"}
_MEASURE_NAMES = {"total": "合计", "basic": "基本支出", "project": "项目支出", "fiscal": "财政拨款合计",
                  "general_public": "一般公共预算", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
                  "fiscal_special": "财政专户拨款", "other_funds": "其他资金收入", "other": "其他资金",
                  "personnel": "人员经费", "public_use": "公用经费", "current": "本年收入", "prior_carryover": "上年结转"}


@dataclass(frozen=True)
class Audit:
    """The result of :func:`check`.

    Attributes
    ----------
    findings
        One row per finding: ``rule``, ``severity`` (``error`` / ``warning`` / ``info``),
        ``message`` (Chinese), ``table`` / ``table2`` (kinds), ``code``, ``measure``,
        ``unit``, ``item``, ``expected``, ``actual``, ``difference`` (actual − expected),
        ``tolerance`` (exact decimals, 万元, nullable), ``page`` / ``page2`` and ``rows``
        (row numbers in ``table``, as in the tidy lines).
    checked, held
        Numeric identities evaluated, and how many held (exactly or within tolerance).
    sources
        The files the document was read from.
    identities
        One row per identity checked: ``rule``, ``outcome`` (``exact``, ``rounding``: within
        the 尾差, or ``failed``), ``what`` (Chinese) and the evidence columns of the findings.
        An identity whose one side prints no line is not checked and is not here.
    """

    findings: pd.DataFrame
    checked: int
    held: int
    sources: tuple[str, ...] = field(default=())
    identities: pd.DataFrame = field(default_factory=lambda: identities_frame([]))

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity: ``{"error": n, "warning": n, "info": n}``."""
        found = self.findings["severity"].value_counts()
        return {s: int(found.get(s, 0)) for s in SEVERITIES}

    @property
    def errors(self) -> pd.DataFrame:
        """The ``error`` findings."""
        return self.findings[self.findings["severity"] == "error"].reset_index(drop=True)

    def to_dict(self) -> dict:
        """JSON-ready: ``{"source": [...], "identities": {...}, "counts": {...}, "findings": [...]}``."""
        records = []
        for rec in self.findings.to_dict("records"):
            records.append({k: _jsonable(v) for k, v in rec.items()})
        return {"source": list(self.sources), "identities": {"checked": self.checked, "held": self.held},
                "counts": self.counts, "findings": records}

    def __repr__(self) -> str:
        c = self.counts
        return (f"<Audit {self.checked} identities checked, {self.held} held: {c['error']} errors, "
                f"{c['warning']} warnings, {c['info']} info>")

    def _repr_html_(self) -> str:
        return findings_html(self.findings, self.checked, self.held, self.counts)


def _jsonable(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "item"):
        return value.item()
    return value


def findings_html(findings: pd.DataFrame, checked: int, held: int, counts: dict[str, int]) -> str:
    """Findings as a sortable HTML table (click a header to sort), text escaped."""
    esc = html.escape
    table_id = f"bk-audit-{uuid.uuid4().hex[:8]}"
    shown = ("severity", "rule", "message", "table", "code", "measure", "unit", "expected", "actual",
             "difference", "page")
    head = "".join(
        f"<th style='cursor:pointer' onclick=\"bkSort('{table_id}',{i})\">{esc(c)}</th>" for i, c in enumerate(shown)
    )
    colour = {"error": "#c0392b", "warning": "#b9770e", "info": "#555"}
    body = []
    for rec in findings.to_dict("records"):
        cells = []
        for c in shown:
            v = rec.get(c)
            text = "" if v is None or v is pd.NA else (evidence_amount(v) if isinstance(v, Decimal) else str(v))
            style = f" style='color:{colour.get(text, 'inherit')}'" if c == "severity" else (
                " style='text-align:right'" if c in _DECIMAL_COLUMNS or c == "page" else "")
            cells.append(f"<td{style}>{esc(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    script = (
        "<script>function bkSort(id,col){var t=document.getElementById(id),b=t.tBodies[0],"
        "r=Array.from(b.rows),d=t.dataset.dir==='a'?-1:1;t.dataset.dir=d>0?'a':'d';"
        "r.sort(function(x,y){var p=x.cells[col].innerText,q=y.cells[col].innerText,"
        "m=parseFloat(p.replace(/,/g,'')),n=parseFloat(q.replace(/,/g,''));"
        "if(!isNaN(m)&&!isNaN(n))return d*(m-n);return d*p.localeCompare(q,'zh');});"
        "r.forEach(function(x){b.appendChild(x);});}</script>"
    )
    summary = (f"<p>{checked} identities checked, {held} held · errors {counts['error']} · "
               f"warnings {counts['warning']} · info {counts['info']}</p>")
    return (f"<div class='budgetkit-audit'>{summary}<table id='{table_id}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{script}</div>")


def reading_doubts(doc) -> dict[str, tuple[str, ...]]:
    """Table kind → why its reading may be at fault, each reason naming the page.

    The reader's own notes (``TableInfo.reading``: a grid pieced together, a column whose
    header is no known measure …); a table of no recognised kind (what its rows must add
    up to is not known); a row carrying two figures of one measure (two columns were
    given one meaning). An identity that fails on such a table is a warning, not an error.
    """
    doubts: dict[str, list[str]] = defaultdict(list)
    for info in doc.table_info:
        where = f"{info.title} (p.{_pages(info.pages)})"
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


def _pages(pages) -> str:
    pages = list(pages)
    if not pages:
        return "?"
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"


class _Auditor:
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

    def rounding(self, *tables: str) -> Decimal:
        return max((ROUNDING.get(self.units.get(t, "万元"), ROUNDING["万元"]) for t in tables if t),
                   default=ROUNDING["万元"])

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
        tol = tolerance if tolerance is not None else self.rounding(table, table2) * max(addends, 1)
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


def _nonzero(values) -> int:
    return sum(1 for v in values if v != 0)


def _total(records) -> Decimal:
    return sum((r["amt"] for r in records), Decimal(0))


def _rows_of(frame: pd.DataFrame) -> list[dict]:
    """Rows of one table: ``{"row", "side", "code", "level", "parent", "item", "unit", "name", "page", "m"}``."""
    out: dict[tuple, dict] = {}
    for rec in frame.sort_values("row", kind="stable").to_dict("records"):
        # A printed row can hold two cells of one side (Jiangsu 收支总表: a 类 and a use).
        k = (rec["row"], rec["side"], rec["code"], rec["item"], rec["unit"])
        if k not in out:
            out[k] = {c: rec[c] for c in ("row", "side", "code", "level", "parent", "item", "unit", "name", "page")}
            out[k]["m"] = {}
        out[k]["m"].setdefault(rec["measure"], rec["amt"])
    return list(out.values())


# -- within a table -----------------------------------------------------------------------------

def check_rows(a: _Auditor) -> None:
    """Row identities: 合计 = its component columns; 财政拨款 = its three funds; …"""
    known = set(_MEASURE_NAMES) | set(_EXPENDITURE_COMPONENTS) | {m for g in _GROUPS.values() for m in g} | set(
        _INCOME_SINGLES) | {"education_fee", "other_special_account", "business", "operating", "current"}
    for kind, frame in a.by_kind.items():
        measures = set(frame["measure"])
        if len(measures) < 2:
            continue
        # The funds under 上年结转 (prior_carryover/general_public …) are parts of its column.
        complete_header = all(m in known or m.startswith("prior_carryover/") for m in measures)
        for r in _rows_of(frame):
            m = r["m"]
            where = dict(table=kind, code=r["code"], unit=r["unit"], item=r["item"], page=r["page"], rows=[r["row"]])
            label = f"{a.title(kind)}「{r['code'] or ''}{r['name']}」行"
            for group, parts in _GROUPS.items():
                present = [p for p in parts if p in m]
                if group in m and present and not (group == "other_funds" and present == ["other"] and len(present) == 1
                                                   and "business" not in measures):
                    a.identity(_ROW_RULES[group], f"{label}{_MEASURE_NAMES.get(group, group)}", _total(
                        [{"amt": m[p]} for p in present]), m[group], addends=_nonzero(m[p] for p in present),
                        measure=group, **where)
            if "basic" in m and ("personnel" in m or "public_use" in m):
                parts = [m[p] for p in ("personnel", "public_use") if p in m]
                a.identity("row_basic", f"{label}基本支出", sum(parts, Decimal(0)), m["basic"],
                           addends=_nonzero(parts), measure="basic", **where)
            if "total" not in m or not complete_header:
                continue
            comps = _total_components(m, measures)
            if not comps:
                continue
            values = [m[c] for c in comps]
            a.identity("row_total", f"{label}合计", sum(values, Decimal(0)), m["total"], addends=_nonzero(values),
                       measure="total", **where)
            # 合计 | 本年收入 (小计 | its sources) | 上年结转 (小计 | its funds): each 小计 adds up alone.
            for whole, parts in (("current", [c for c in comps if c != "prior_carryover"]),
                                 ("prior_carryover", sorted(c for c in m if c.startswith("prior_carryover/")))):
                if whole in m and parts and (whole != "current" or "prior_carryover" in m):
                    values = [m[c] for c in parts]
                    a.identity("row_total", f"{label}{_MEASURE_NAMES.get(whole, whole)}", sum(values, Decimal(0)),
                               m[whole], addends=_nonzero(values), measure=whole, **where)


def _total_components(m: dict, measures: set) -> list[str]:
    """The measures whose sum is the row's 合计."""
    if measures & set(_EXPENDITURE_COMPONENTS):
        comps = [c for c in _EXPENDITURE_COMPONENTS if c in m]
        if "basic" not in measures:
            # 基本支出 printed only as its parts (人员经费 / 公用经费 columns, no 小计)
            comps[:0] = [c for c in _BASIC_PARTS if c in m]
        return comps
    comps: list[str] = []
    for group, parts in _GROUPS.items():
        if group in m:
            comps.append(group)
        else:
            comps.extend(p for p in parts if p in m)
    comps.extend(c for c in _INCOME_SINGLES if c in m and c not in comps)
    return comps


def check_columns_and_hierarchy(a: _Auditor) -> None:
    """合计 row = Σ 类 rows; 类 = Σ 款 = Σ 项 (blocks by printed order, so per unit where repeated)."""
    for kind, frame in a.by_kind.items():
        k = kinds.REGISTRY.kinds.get(kind)
        if k is None or k.layout != "coded":
            continue
        rows = _rows_of(frame)
        info = next((i for i in a.doc.table_info if i.kind == kind), None)
        total = next((r for r in rows if r["item"] == "total" and not r["unit"]), None)
        own = set(frame.loc[frame["code"] != "", "classification"]) if not k.classification else {k.classification}
        classes = [r for r in rows if r["level"] == 1 and _classification(r["code"]) in own]
        if total is not None and classes and (info is None or info.status != "incomplete"):
            for measure, amount in total["m"].items():
                values = [r["m"][measure] for r in classes if measure in r["m"]]
                if not values:
                    continue  # no 类 row prints this column: nothing to add up
                a.identity("column_total", f"{a.title(kind)}合计行{_MEASURE_NAMES.get(measure, measure)}（Σ 各类）",
                           sum(values, Decimal(0)), amount, addends=_nonzero(values), table=kind, measure=measure,
                           item="total", page=total["page"], rows=[total["row"]] + [r["row"] for r in classes])
        _check_hierarchy(a, kind, rows)


def _classification(code: str) -> str:
    """``function`` for 2xx codes, ``economic`` for 3xx / 5xx ones."""
    return "function" if code.startswith("2") else "economic"


def _check_hierarchy(a: _Auditor, kind: str, rows: list[dict]) -> None:
    children: dict[int, list[dict]] = defaultdict(list)
    parents: dict[int, dict] = {}
    cur1 = cur2 = None
    for r in rows:
        level = r["level"]
        if level is pd.NA or level is None or not r["code"]:
            continue
        if level == 1:
            cur1, cur2 = r, None
        elif level == 2:
            if cur1 is not None and r["parent"] == cur1["code"]:
                children[id(cur1)].append(r)
                parents[id(cur1)] = cur1
            else:
                cur1 = None
            cur2 = r
        elif level == 3 and cur2 is not None and r["parent"] == cur2["code"]:
            children[id(cur2)].append(r)
            parents[id(cur2)] = cur2
    for pid, kids in children.items():
        parent = parents[pid]
        what = "类" if parent["level"] == 1 else "款"
        for measure, amount in parent["m"].items():
            values = [c["m"][measure] for c in kids if measure in c["m"]]
            if not values:
                continue  # no 款 / 项 row prints this column
            unit = f"（{parent['unit']}）" if parent["unit"] else ""
            a.identity("hierarchy", f"{a.title(kind)}{unit}{what} {parent['code']}{parent['name']}"
                                    f"{_MEASURE_NAMES.get(measure, measure)}（Σ 下级科目）",
                       sum(values, Decimal(0)), amount, addends=_nonzero(values), table=kind, code=parent["code"],
                       measure=measure, unit=parent["unit"], page=parent["page"],
                       rows=[parent["row"]] + [c["row"] for c in kids])


def check_two_sided(a: _Auditor) -> None:
    """收支总表 and 财政拨款收支总表: 本年收入合计, 本年支出合计, 收入总计, 支出总计 and their balance."""
    for kind in ("overall", "fiscal_overall"):
        if kind not in a.by_kind:
            continue
        rows = [r for r in _rows_of(a.by_kind[kind]) if "total" in r["m"]]
        title = a.title(kind)
        inc = [r for r in rows if r["side"] == "income"]
        exp = [r for r in rows if r["side"] == "expenditure"]
        totals = {}
        for side_rows, sub_item, total_item, rule_sub, rule_total, label in (
                (inc, "income_subtotal", "income_total", "income_subtotal", "income_total", "收入"),
                (exp, "expenditure_subtotal", "expenditure_total", "expenditure_subtotal", "expenditure_total", "支出")):
            sub = next((r for r in side_rows if r["item"] == sub_item), None)
            tot = next((r for r in side_rows if r["item"] == total_item), None)
            if label == "收入":
                items = _income_items([r for r in side_rows if r["item"] and r["item"] not in
                                       ("income_subtotal", "income_total", "total")])
            else:
                # A 支出 row named for a fund heads the breakdowns under it (西安's 财政拨款收支总表:
                # "一、财政拨款 62,109,297.20" over the 类, and again over each economic breakdown).
                items = [r for r in side_rows if (r["code"] and r["level"] == 1) or
                         (r["item"] and r["item"] not in ("expenditure_subtotal", "expenditure_total", "total",
                                                          "fiscal", *_GROUPS["fiscal"]))]
            before = [r for r in items if sub is None or r["row"] < sub["row"]]
            later = [r for r in items if sub is not None and r["row"] > sub["row"]]
            if sub is not None and not before:
                # The central layout heads its parts with the subtotal ("一、本年收入 16,474.82" over
                # "（一）一般公共预算拨款", then "二、上年结转" over its own funds): the rows under
                # it up to the next heading are its parts.
                n = next((i for i, r in enumerate(later) if r["item"] in _AFTER_SUBTOTAL), len(later))
                before, later = later[:n], later[n:]
            after = _without_carryover_parts(later)
            # Some 收支总表 break expenditure down twice before the subtotal: by 类 and by use
            # (基本支出 / 项目支出 / 单位预留机动经费, Jiangsu). Each breakdown adds up alone; a
            # breakdown the table does not print is not checked, and uncoded rows that are no
            # use (上缴上级支出, 对附属单位补助支出 …) add to the 类.
            uses = [r for r in before if not r["code"] and r["item"] in _USE_ITEMS]
            breakdowns = [([r for r in before if r not in uses], "各类"), (uses, "各用途")] if uses and \
                label == "支出" else [(before, "各项" if label == "收入" else "各类")]
            for parts, what in breakdowns:
                if sub is None or not parts:
                    continue
                values = [r["m"]["total"] for r in parts]
                a.identity(rule_sub, f"{title}本年{label}合计（Σ {what}）", sum(values, Decimal(0)), sub["m"]["total"],
                           addends=_nonzero(values), table=kind, item=sub_item, measure="total", page=sub["page"],
                           rows=[sub["row"]] + [r["row"] for r in parts])
            if tot is not None and (sub is not None or items):
                parts = ([sub] if sub is not None else []) + (after if sub is not None else items)
                values = [r["m"]["total"] for r in parts]
                a.identity(rule_total, f"{title}{label}总计", sum(values, Decimal(0)), tot["m"]["total"],
                           addends=_nonzero(values), table=kind, item=total_item, measure="total", page=tot["page"],
                           rows=[tot["row"]] + [r["row"] for r in parts])
            totals[label] = tot
        if totals.get("收入") is not None and totals.get("支出") is not None:
            i, e = totals["收入"], totals["支出"]
            a.identity("balance", f"{title}支出总计（= 收入总计）", i["m"]["total"], e["m"]["total"], table=kind,
                       item="expenditure_total", measure="total", page=e["page"], rows=[i["row"], e["row"]])


def _without_carryover_parts(rows: list[dict]) -> list[dict]:
    """Rows after 本年收入合计 to add up: the funds printed under a 上年结转 (or a 决算's
    年初结转和结余) row are its parts."""
    out, carried = [], False
    for r in rows:
        if r["item"] in ("prior_carryover", "opening_balance"):
            carried = True
        elif carried and r["item"] in _GROUPS["fiscal"] + _GROUPS["prior_carryover"]:
            continue
        out.append(r)
    return out


def _income_items(items: list[dict]) -> list[dict]:
    """Income rows to add up: a group's total (财政拨款) replaces its printed parts."""
    present = {r["item"] for r in items}
    skip = {p for g, parts in _GROUPS.items() if g in present for p in parts}
    return [r for r in items if r["item"] not in skip]


def check_units(a: _Auditor) -> None:
    """Per-unit tables: unit totals = Σ their rows; 合计 = Σ unit totals; department groups = Σ units."""
    for kind in ("basic_by_unit", "projects"):
        if kind not in a.by_kind:
            continue
        rows = _rows_of(a.by_kind[kind])
        title = a.title(kind)
        total = next((r for r in rows if r["item"] == "total"), None)
        unit_totals = [r for r in rows if r["item"] == "unit_total"]
        members = [r for r in rows if r["item"] == "project" or (r["item"] != "unit_total" and r["unit"] and
                                                                 (r["code"] or r["item"] == "other_capital"))]
        dept_groups = [r for r in rows if not r["unit"] and (r["code"] or r["item"] == "other_capital")]
        # The 类 add up to the 合计, never their 款 too (烟台's 基本支出预算情况表 prints 301 over 30101 …).
        classes = [r for r in dept_groups if len(r["code"]) <= 3]
        for measure in (total or {"m": {}})["m"]:
            name = _MEASURE_NAMES.get(measure, measure)
            values = [r["m"][measure] for r in classes if measure in r["m"]]
            if values:
                a.identity("column_total", f"{title}合计{name}（Σ 各类）", sum(values, Decimal(0)), total["m"][measure],
                           addends=_nonzero(values), table=kind, item="total", measure=measure, page=total["page"],
                           rows=[total["row"]] + [r["row"] for r in classes])
            parts = unit_totals or (members if kind == "projects" else [])
            values = [r["m"][measure] for r in parts if measure in r["m"]]
            if values:
                a.identity("unit_sum", f"{title}合计{name}（Σ 各{'单位' if unit_totals else '项目'}）",
                           sum(values, Decimal(0)), total["m"][measure], addends=_nonzero(values), table=kind,
                           item="total", measure=measure, page=total["page"],
                           rows=[total["row"]] + [r["row"] for r in parts])
        for ut in unit_totals:
            own = [r for r in members if r["unit"] == ut["unit"]]
            if not own:
                continue
            for measure, amount in ut["m"].items():
                values = [r["m"][measure] for r in own if measure in r["m"]]
                if not values:
                    continue
                a.identity("unit_sum", f"{title}{ut['unit']}合计{_MEASURE_NAMES.get(measure, measure)}",
                           sum(values, Decimal(0)), amount, addends=_nonzero(values), table=kind, unit=ut["unit"],
                           item="unit_total", measure=measure, page=ut["page"],
                           rows=[ut["row"]] + [r["row"] for r in own])
        for g in dept_groups:
            same = [r for r in members if (r["code"], r["item"]) == (g["code"], g["item"])]
            if not same or not unit_totals:
                continue
            for measure, amount in g["m"].items():
                values = [r["m"][measure] for r in same if measure in r["m"]]
                if not values:
                    continue
                a.identity("unit_sum", f"{title}{g['code'] or ''}{g['name']}{_MEASURE_NAMES.get(measure, measure)}"
                                       "（Σ 各单位）", sum(values, Decimal(0)), amount, addends=_nonzero(values),
                           table=kind, code=g["code"], item=g["item"], measure=measure, page=g["page"],
                           rows=[g["row"]] + [r["row"] for r in same])


def check_three_public(a: _Auditor) -> None:
    """“三公”经费 = its three parts; 公务用车 = 购置 + 运行维护 (every fund column)."""
    if "three_public" not in a.by_kind:
        return
    rows = {r["item"]: r for r in _rows_of(a.by_kind["three_public"]) if r["item"]}
    for rule, whole, parts, label in (
            ("three_public_parts", "three_public", ("overseas_travel", "vehicle", "reception"), "“三公”经费"),
            ("vehicle_parts", "vehicle", ("vehicle_purchase", "vehicle_operation"), "公务用车购置及运行费")):
        if whole not in rows or not all(p in rows for p in parts):
            continue
        w = rows[whole]
        for measure, amount in w["m"].items():
            values = [rows[p]["m"][measure] for p in parts if measure in rows[p]["m"]]
            if not values:
                continue  # no part prints this column
            a.identity(rule, f"{a.title('three_public')}{label}{_MEASURE_NAMES.get(measure, measure)}（Σ 各项）",
                       sum(values, Decimal(0)), amount, addends=_nonzero(values), table="three_public", item=whole,
                       measure=measure, page=w["page"], rows=[w["row"]] + [rows[p]["row"] for p in parts])


# -- across tables ------------------------------------------------------------------------------

def _class_totals(a: _Auditor, kind: str, measure: str = "total", side: str = "") -> dict[str, tuple]:
    """类 code → (Σ amount over the table's level-1 rows, first page, rows)."""
    t = a.table(kind)
    t = t[(t["measure"] == measure) & (t["level"] == 1) & (t["code"] != "")]
    if side:
        t = t[t["side"] == side]
    out: dict[str, tuple] = {}
    for code, g in t.groupby("code", sort=False):
        out[code] = (sum(g["amt"], Decimal(0)), int(g["page"].iloc[0]), list(g["row"]))
    return out


def _codes(a: _Auditor, kind: str, measure: str = "total") -> dict[str, tuple]:
    """Every code of a coded table → (amount, page, row), when printed once."""
    t = a.table(kind)
    t = t[(t["measure"] == measure) & (t["code"] != "")]
    out = {}
    for code, g in t.groupby("code", sort=False):
        out[code] = (sum(g["amt"], Decimal(0)), int(g["page"].iloc[0]), list(g["row"]))
    return out


def _compare_maps(a: _Auditor, rule: str, left: dict, right: dict, *, table: str, table2: str, label: str,
                  measure: str = "total", codes=None) -> None:
    """``left[code]`` (table) = ``right[code]`` (table2) for each code; a missing code is 0."""
    if not left or not right:
        return  # one table prints no 类 rows (or was not read as far): nothing to compare
    codes = codes if codes is not None else list(dict.fromkeys([*left, *right]))
    for code in codes:
        lv, lp, lrows = left.get(code, (Decimal(0), None, []))
        rv, rp, _ = right.get(code, (Decimal(0), None, []))
        if (code not in left and rv == 0) or (code not in right and lv == 0):
            continue
        a.identity(rule, f"{a.title(table)} {code} {label}（对照{a.title(table2)}）", rv, lv, table=table,
                   table2=table2, code=code, measure=measure, page=lp, page2=rp, rows=lrows)


def _year_income(a: _Auditor) -> tuple | None:
    """The 收入总表's 合计 of the year's income: its 合计 less the columns it prints beside them
    that are no income of the year (:func:`beyond_the_year`)."""
    total = _figure(a, "income", item="total", unit="")
    if total is None:
        return total
    beside = [_figure(a, "income", (m,), item="total", unit="") for m in beyond_the_year(a.lines)]
    return (total[0] - sum((b[0] for b in beside if b is not None), Decimal(0)), *total[1:])


def beyond_the_year(lines: pd.DataFrame) -> tuple[str, ...]:
    """The measures of a 收入总表's 合计 that are not the year's income (本年收入合计): 上年结转,
    and the sources the 收支总表 prints after its 本年收入合计 (烟台's 收支总体情况表 puts
    上级补助收入 205.89 under it, the 收入总体情况表's 合计 takes it in)."""
    income = lines[(lines["table"] == "overall") & (lines["side"] == "income")]
    subtotal = income.loc[income["item"] == "income_subtotal", "row"]
    out = {"prior_carryover"}
    if len(subtotal):
        after = income.loc[income["row"] > subtotal.min(), "item"]
        out |= {i for i in after if i in _INCOME_SINGLES}
    return tuple(sorted(out))


def _figure(a: _Auditor, kind: str, measures=("total",), **where) -> tuple | None:
    r = a.first(kind, tuple(measures), **where)
    return None if r is None else (r["amt"], int(r["page"]), int(r["row"]), r["measure"])


def _same(a: _Auditor, rule: str, label: str, left: tuple | None, right: tuple | None, *, table: str, table2: str,
          item: str = "", measure: str = "total", unit: str = "") -> None:
    """``left`` (in table) equals ``right`` (in table2), when both are printed."""
    if left is None or right is None:
        return
    a.identity(rule, f"{a.title(table)}{label}（对照{a.title(table2)}）", right[0], left[0], table=table,
               table2=table2, item=item, measure=measure, unit=unit, page=left[1], page2=right[1], rows=[left[2]])


def check_cross(a: _Auditor) -> None:
    """Every cross-table identity of :data:`budgetkit.rules.RULES` the document's tables allow."""
    has = set(a.by_kind)
    # 收支总表 vs 支出总表
    if {"overall", "expenditure"} <= has:
        _compare_maps(a, "overall_vs_expenditure", _class_totals(a, "overall", side="expenditure"),
                      _class_totals(a, "expenditure"), table="overall", table2="expenditure", label="类合计")
        _same(a, "overall_vs_expenditure", "本年支出合计",
              _figure(a, "overall", side="expenditure", item="expenditure_subtotal"),
              _figure(a, "expenditure", item="total", unit=""), table="overall", table2="expenditure",
              item="expenditure_subtotal")
    info = {i.kind: i for i in a.doc.table_info}
    if {"overall", "income"} <= has and info["income"].status == "complete":
        _same(a, "overall_vs_income", "本年收入合计", _figure(a, "overall", side="income", item="income_subtotal"),
              _year_income(a), table="overall", table2="income", item="income_subtotal")
    if {"income", "expenditure"} <= has and a.doc.phase != "final":
        # A 决算's income and spending of a code differ by what was carried over.
        inc, exp = _codes(a, "income"), _codes(a, "expenditure")
        _compare_maps(a, "income_vs_expenditure", inc, exp, table="income", table2="expenditure", label="合计",
                      codes=[c for c in inc if c in exp])
    if {"overall", "fiscal_overall"} <= has:
        fiscal = _figure(a, "fiscal_overall", side="income", item="income_subtotal")
        _same(a, "overall_vs_fiscal", "财政拨款收入", _figure(a, "overall", side="income", item="fiscal"), fiscal,
              table="overall", table2="fiscal_overall", item="fiscal")
    if {"fiscal_overall", "general_function"} <= has:
        # Where the 支出 side prints a 一般公共预算 column (重庆's 表四: 本年支出 总计 | 一般公共预算 |
        # 政府性基金), its 本年支出 is what the 一般公共预算支出表 spends, 上年结转 included. A 决算's
        # 一般公共预算 income and spending differ by what was carried over: it is compared on its
        # spending side only.
        spent = _figure(a, "fiscal_overall", ("general_public",), side="expenditure", item="expenditure_subtotal")
        if spent or a.doc.phase == "final":
            _same(a, "fiscal_vs_general", "一般公共预算支出", spent,
                  _figure(a, "general_function", item="total", unit=""), table="fiscal_overall",
                  table2="general_function", item="expenditure_subtotal", measure="general_public")
        else:
            _same(a, "fiscal_vs_general", "一般公共预算收入",
                  _figure(a, "fiscal_overall", side="income", item="general_public"),
                  _figure(a, "general_function", item="total", unit=""), table="fiscal_overall",
                  table2="general_function", item="general_public")
        funds = [k for k in ("general_function", "gov_fund", "state_capital") if k in has]
        summed: dict[str, tuple] = {}
        for k in funds:
            for code, (v, p, rows) in _class_totals(a, k).items():
                old = summed.get(code, (Decimal(0), p, rows))
                summed[code] = (old[0] + v, old[1], old[2])
        if not _spends_carryover_the_funds_leave_out(a, summed):
            _compare_maps(a, "fiscal_by_class", _class_totals(a, "fiscal_overall", side="expenditure"), summed,
                          table="fiscal_overall", table2="general_function", label="类合计")
    if {"general_function", "expenditure"} <= has:
        g_total = _figure(a, "general_function", item="total", unit="")
        e_total = _figure(a, "expenditure", item="total", unit="")
        if g_total and e_total and abs(g_total[0] - e_total[0]) <= a.rounding("expenditure"):
            for measure in ("total", "basic", "project"):
                left, right = _codes(a, "general_function", measure), _codes(a, "expenditure", measure)
                if left and right:
                    _compare_maps(a, "general_vs_expenditure", left, right, table="general_function",
                                  table2="expenditure", label=_MEASURE_NAMES[measure], measure=measure)
    _check_basic_and_projects(a, has)
    _check_vehicle_and_office(a, has)


def _spends_carryover_the_funds_leave_out(a: _Auditor, summed: dict[str, tuple]) -> bool:
    """The 财政拨款收支总表's 支出 spends its 上年结转 too (its 本年支出 = 本年收入 + 上年结转),
    while the fund tables' 类 add up to something else: they print the year's money only
    (国家信访局's 一般公共预算支出表 2026年预算数 16,474.82 against 18,728.94 with 上年结转
    2,254.12). The 类 cannot be compared one by one; the fund tables are compared with the
    year's income instead."""
    year = _figure(a, "fiscal_overall", side="income", item="income_subtotal")
    carried = _figure(a, "fiscal_overall", side="income", item="prior_carryover")
    spent = _figure(a, "fiscal_overall", side="expenditure", item="expenditure_subtotal")
    if None in (year, carried, spent) or not carried[0] or not summed:
        return False
    funds = sum((v for v, _, _ in summed.values()), Decimal(0))
    tolerance = a.rounding("fiscal_overall", "general_function") * len(summed)
    if abs(spent[0] - year[0] - carried[0]) > a.rounding("fiscal_overall") or abs(funds - spent[0]) <= tolerance:
        return False
    a.identity("fiscal_by_class", f"{a.title('fiscal_overall')}本年收入（对照{a.title('general_function')}等各类合计，"
                                  f"支出含上年结转 {evidence_amount(carried[0])}）", funds, year[0], addends=len(summed),
               table="fiscal_overall", table2="general_function", item="income_subtotal", page=year[1],
               rows=[year[2]])
    return True


def _check_basic_and_projects(a: _Auditor, has: set) -> None:
    if {"general_function", "general_basic_economic"} <= has:
        _same(a, "basic_vs_economic", "合计", _figure(a, "general_basic_economic", item="total", unit=""),
              _figure(a, "general_function", ("basic",), item="total", unit=""),
              table="general_basic_economic", table2="general_function", item="total")
    if {"general_basic_economic", "basic_by_unit"} <= has:
        gp = ("general_public", "fiscal", "total")
        _same(a, "basic_vs_units", "合计", _figure(a, "general_basic_economic", item="total", unit=""),
              _figure(a, "basic_by_unit", gp, item="total"), table="general_basic_economic",
              table2="basic_by_unit", item="total")
        measure = next((m for m in gp if not a.table("basic_by_unit")[a.table("basic_by_unit")["measure"] == m].empty),
                       "total")
        econ = _class_totals(a, "general_basic_economic")
        units = _class_totals_where(a, "basic_by_unit", measure, unit="")
        _compare_maps(a, "basic_vs_units", econ, units, table="general_basic_economic", table2="basic_by_unit",
                      label="类合计（全部门）")
        for unit in sorted(set(a.table("basic_by_unit")["unit"]) - {""}):
            left = _class_totals_where(a, "general_basic_economic", "total", unit=unit)
            right = _class_totals_where(a, "basic_by_unit", measure, unit=unit)
            for code in left:
                if code in right:
                    lv, lp, lrows = left[code]
                    a.identity("basic_vs_units", f"{a.title('general_basic_economic')}（{unit}）{code}类合计"
                                                 f"（对照{a.title('basic_by_unit')}）", right[code][0], lv,
                               table="general_basic_economic", table2="basic_by_unit", code=code, unit=unit,
                               measure="total", page=lp, page2=right[code][1], rows=lrows)
    if {"general_function", "general_project_economic"} <= has:
        _same(a, "project_vs_economic", "合计", _figure(a, "general_project_economic", item="total", unit=""),
              _figure(a, "general_function", ("project",), item="total", unit=""),
              table="general_project_economic", table2="general_function", item="total")
    if {"general_project_economic", "projects"} <= has:
        gp = ("general_public", "fiscal", "total")
        _same(a, "project_vs_list", "合计", _figure(a, "general_project_economic", item="total", unit=""),
              _figure(a, "projects", gp, item="total"), table="general_project_economic", table2="projects",
              item="total")
        econ = a.table("general_project_economic")
        for unit in sorted(set(econ["unit"]) - {""}):
            rows = econ[(econ["unit"] == unit) & (econ["level"] == 1) & (econ["measure"] == "total")]
            ut = _figure(a, "projects", gp, item="unit_total", unit=unit)
            if ut is None or rows.empty:
                continue
            a.identity("project_vs_list", f"{a.title('general_project_economic')}（{unit}）各类之和"
                                          f"（对照{a.title('projects')}单位合计）", ut[0], sum(rows["amt"], Decimal(0)),
                       addends=_nonzero(rows["amt"]), table="general_project_economic", table2="projects", unit=unit,
                       measure="total", page=int(rows["page"].iloc[0]), page2=ut[1], rows=list(rows["row"]))


def _class_totals_where(a: _Auditor, kind: str, measure: str, unit: str) -> dict[str, tuple]:
    t = a.table(kind)
    t = t[(t["measure"] == measure) & (t["level"] == 1) & (t["code"] != "") & (t["unit"] == unit)]
    return {code: (sum(g["amt"], Decimal(0)), int(g["page"].iloc[0]), list(g["row"]))
            for code, g in t.groupby("code", sort=False)}


def _check_vehicle_and_office(a: _Auditor, has: set) -> None:
    if "three_public" not in has:
        return
    op = _figure(a, "three_public", ("total", "general_public"), item="vehicle_operation")
    econ = [k for k in ("general_basic_economic", "general_project_economic") if k in has]
    lines = [r for k in econ for r in a.table(k)[(a.table(k)["code"] == "30231") &
                                                (a.table(k)["measure"] == "total")].to_dict("records")]
    if op is not None and lines:
        a.identity("vehicle_vs_30231", f"{a.title('three_public')}公务用车运行维护费（对照经济科目30231）",
                   _total(lines), op[0], addends=len(lines), table="three_public", table2=lines[0]["table"],
                   code="30231", item="vehicle_operation", measure=op[3], page=op[1], page2=int(lines[0]["page"]),
                   rows=[op[2]])
    office = _figure(a, "three_public", ("total", "general_public"), item="office_operation")
    basic = (_figure(a, "expenditure", ("basic",), item="total", unit="") or
             _figure(a, "general_function", ("basic",), item="total", unit=""))
    if office is not None and basic is not None:
        table2 = "expenditure" if "expenditure" in has else "general_function"
        a.result("office_operation_scope", f"{a.title('three_public')}机关运行经费（行政经费）≤ 基本支出合计",
                 "exact" if office[0] <= basic[0] else "failed", table="three_public", table2=table2,
                 item="office_operation", measure=office[3], expected=basic[0], actual=office[0],
                 difference=office[0] - basic[0], page=office[1], page2=basic[1])
        if office[0] <= basic[0]:
            return
        a.finding("office_operation_scope", "warning",
                  f"{a.title('three_public')}机关运行经费（行政经费）{evidence_amount(office[0])} 超过基本支出合计 {evidence_amount(basic[0])}"
                  f"（{a.title(table2)}），相差 {evidence_amount(office[0] - basic[0])}：其口径包含项目支出，"
                  "不能与只计基本支出中公用经费的口径直接比较",
                  table="three_public", table2=table2, item="office_operation", measure=office[3],
                  expected=basic[0], actual=office[0], difference=office[0] - basic[0], page=office[1],
                  page2=basic[1], rows=str(office[2]))


# -- narrative ----------------------------------------------------------------------------------

def check_claims(a: _Auditor, frame: pd.DataFrame) -> None:
    """Claims of the 情况说明 against the tables and against themselves."""
    records = frame.to_dict("records")
    for c in records:
        for col in ("amount", "change", "percent", "previous", "base", "budget", "rate", "share", "whole"):
            c[col] = None if c.get(col) is pd.NA or c.get(col) is None else Decimal(c[col])
        c["page"] = None if c.get("page") is pd.NA else c.get("page")
    for c in records:
        if c["subject"] == "function":
            _item_against_tables(a, c)
        elif c["subject"] != "part":
            _claim_against_tables(a, c)
        _claim_percent(a, c)
        _claim_rate(a, c)
        _claim_share(a, c)
        _claim_comparison(a, c)
        if c["subject"] == "function" and a.doc.phase == "budget":
            _claim_restated(a, c)
        if c["change"] is not None and c["subject"] != "function":
            negative = c["previous"] is not None and c["previous"] < 0
            a.result("claim_previous", f"情况说明{c['label']}上年数不为负", "failed" if negative else "exact",
                     table="narrative", item=c["subject"], actual=c["previous"], page=c["page"])
            if negative:
                a.finding("claim_previous", "warning",
                          f"情况说明「{c['sentence'][:80]}」：{c['label']} {evidence_amount(c['amount'])} 万元、增减 "
                          f"{evidence_amount(c['change'])} 万元，推得上年数为负（{evidence_amount(c['previous'])}）",
                          table="narrative", item=c["subject"], actual=c["previous"], rows=str(c["position"]),
                          page=c["page"])
    _claim_parts(a, records)


def _corroborated(value: Decimal, cells: dict) -> bool:
    """Two printed cells (of two tables, or the two sides of a balance) hold ``value``: a
    sentence that contradicts it contradicts the document, however its tables were read."""
    return sum(1 for fig in cells.values() if fig[0] == value) >= 2


def _claim_against_tables(a: _Auditor, c: dict) -> None:
    stated = [(c["amount"], None)]
    if c.get("budget") is not None:  # 决算: …年初预算为A万元 against the table's 年初预算数
        stated.append((c["budget"], ("budget",)))
    for amount, measures in stated:
        cells = {}
        for place in figures.places_of(c["subject"]):  # where the figure the claim names is printed
            fig = _figure(a, place.table, measures or place.measures, **place.where)
            if fig is not None:
                cells.setdefault((place.table, place.side, place.item, fig[2], fig[3]), (place.table, fig))
        if not cells:
            continue
        candidates = list(cells.values())
        tol = max(_printed_precision(c["sentence"], amount), a.rounding("narrative", *(k for k, _ in candidates)))
        kind, fig = next(((k, f) for k, f in candidates if f[0] == amount),
                         next(((k, f) for k, f in candidates if abs(f[0] - amount) <= tol), candidates[0]))
        what = f"情况说明「{c['sentence'][:60]}」{c['label']}{'年初预算' if measures else ''}（对照{a.title(kind)}）"
        _claim_amount(a, c, kind, fig, amount, tol, what=what,
                      corroborated=_corroborated(fig[0], {k: f for k, (_, f) in cells.items()}))


def _claim_amount(a: _Auditor, c: dict, kind: str, fig: tuple, stated: Decimal, tol: Decimal, *,
                  corroborated: bool = False, code: str = "", what: str = "") -> None:
    """One stated amount against the table cell ``fig`` of ``kind``; a figure a thousand or ten
    thousand times too small (元 stated as 万元, a lost 万) is named as such."""
    what = what or f"情况说明「{c['sentence'][:60]}」{c['label']}（对照{a.title(kind)}）"
    evidence = dict(table="narrative", table2=kind, item=c["subject"], code=code, measure=fig[3], page=c["page"],
                    page2=fig[1], rows=[c["position"]], tolerance=tol)
    # a figure of three significant digits or more that is the table's, scaled and rounded as printed
    digits = len(stated.normalize().as_tuple().digits) if stated else 0
    scale = next((f for f in (Decimal(1000), Decimal(10000)) if digits >= 3 and stated != fig[0]
                  and abs(stated * f - fig[0]) <= tol * f), None)
    if scale is not None:
        a.result("claim_magnitude", what, "failed", expected=fig[0], actual=stated, difference=stated - fig[0],
                 **{k: v for k, v in evidence.items() if k != "rows"}, rows=str(c["position"]))
        a.finding("claim_magnitude", "error",
                  f"{what}：{evidence_amount(stated)} 万元，表中为 {evidence_amount(fig[0])} 万元，小了 {scale:,f} 倍"
                  "（单位或数位有误）", expected=fig[0], actual=stated, difference=stated - fig[0],
                  **{k: v for k, v in evidence.items() if k != "rows"}, rows=str(c["position"]))
        return
    if stated != fig[0] and abs(stated - fig[0]) > 10 * tol:
        reading = _digit_reading(stated, fig[0], tol)
        if reading is not None:
            a.result("claim_digit", what, "failed", expected=fig[0], actual=stated, difference=stated - fig[0],
                     **{k: v for k, v in evidence.items() if k != "rows"}, rows=str(c["position"]))
            a.finding("claim_digit", "error",
                      f"{what}：{evidence_amount(stated)} 万元，表中为 {evidence_amount(fig[0])} 万元；去掉一位数字读作 {evidence_amount(reading)} "
                      f"即相符：{evidence_amount(stated)} 疑多印了一位数字", expected=fig[0], actual=stated,
                      difference=stated - fig[0], **{k: v for k, v in evidence.items() if k != "rows"},
                      rows=str(c["position"]))
            return
    if corroborated and stated != fig[0] and abs(stated - fig[0]) > tol:
        # the figure is printed alike in two cells: the sentence is wrong, whatever the reading notes
        a.identity("claim_amount", what + "（表中两处所印相同）", fig[0], stated, doubtful=False, **evidence)
        return
    unread = _unread_columns(a, kind)
    if unread and abs(stated - fig[0]) > tol:
        a.identity("claim_amount", what, fig[0], stated, severity=RULES_BY_ID["claim_amount"].doubt,
                   **evidence)
        a.findings[-1]["message"] += f"；表格读取可能有误，未必是文件之误（{unread}）"
        return
    a.identity("claim_amount", what, fig[0], stated, **evidence)


def _unread_columns(a: _Auditor, kind: str) -> str:
    """Why a claim compared with ``kind`` may have been compared with the wrong column: columns
    whose header is no known measure (a year's column, a part of a fund) — naming the page."""
    t = a.table(kind)
    unknown = sorted(set(t["measure"]) - set(MEASURES))
    if not unknown:
        return ""
    return f"{a.title(kind)} (p.{_pages(sorted(set(t['page'])))}): columns {', '.join(map(repr, unknown[:3]))} " \
           "are no known measure"


def _digit_reading(stated: Decimal, printed: Decimal, tol: Decimal) -> Decimal | None:
    """``stated`` with one digit left out, when that is the table's figure (to the printed
    precision) and ``stated`` has three significant digits or more."""
    if len(stated.normalize().as_tuple().digits) < 3:
        return None
    return next((v for v in _digit_variants(stated) if abs(v - printed) <= tol), None)


_FUNCTION_TABLES = ("general_function", "expenditure", "fiscal_function", "gov_fund", "state_capital",
                    "general_basic_function", "overall")


def _item_against_tables(a: _Auditor, c: dict) -> None:
    """An item paragraph (…(类)…(款)…(项)) against the rows of its code in the function tables: the
    amount stated against the row's 合计 (决算数), the 年初预算 against its 年初预算数 column."""
    if not c["code"]:
        return
    for stated, measures in ((c["amount"], ("total",)), (c["budget"], ("budget",))):
        if stated is None:
            continue
        candidates = [(k, f) for k in _FUNCTION_TABLES if k in a.by_kind
                      for f in [_figure(a, k, measures, code=c["code"], unit="",
                                        **({"side": "expenditure"} if k == "overall" else {}))] if f is not None]
        if not candidates:
            continue
        tol = max(_printed_precision(c["sentence"], stated), a.rounding("narrative", *(k for k, _ in candidates)))
        kind, fig = next(((k, f) for k, f in candidates if abs(f[0] - stated) <= tol), candidates[0])
        name = "年初预算" if measures == ("budget",) else ""
        _claim_amount(a, c, kind, fig, stated, tol, code=c["code"],
                      what=f"情况说明「{c['sentence'][:60]}」{c['code']} {c['label']}{name}（对照{a.title(kind)}）")


def _rounded_ratio(a: _Auditor, rule: str, c: dict, what: str, stated: Decimal, part: Decimal, whole: Decimal,
                   measure: str, message: str, *, slack_units: int = 0) -> None:
    """``stated`` % = part ÷ whole × 100 to the places printed (or two); within the range the
    rounded part and whole allow, a 尾差 (info). ``slack_units``: as many units of the last
    printed place more (shares rounded so that they add up to 100%)."""
    places = max(0, -stated.normalize().as_tuple().exponent)
    exact = part / whole * 100
    roundings = [exact.quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP) for p in (places, 2)]
    expected = next((r for r in roundings if r == stated), roundings[-1] if places else roundings[0])
    quantum = Decimal(1).scaleb(-max(places, 2) if places else 0)
    # each figure to the precision it is printed with (a whole number may be printed without decimals)
    hp, hw = (_printed_precision(c["sentence"], v) if v != v.to_integral_value() or _printed(c["sentence"], v)
              else Decimal("0.5") for v in (part, whole))
    bounds = [p / w * 100 for p in (part - hp, part + hp) for w in (whole - hw, whole + hw) if w > 0 and p >= 0]
    evidence = dict(table="narrative", item=c["subject"], code=c.get("code") or "", measure=measure,
                    expected=expected, actual=stated, difference=stated - expected, page=c["page"],
                    rows=str(c["position"]))
    slack = quantum / 2 + quantum * slack_units
    outcome = "exact" if expected == stated else "rounding" if (
        bounds and min(bounds) - slack <= stated <= max(bounds) + slack) else "failed"
    a.result(rule, what, outcome, **evidence)
    if outcome == "rounding":
        a.finding(rule, "info", f"{what}：{printed_percent(stated)}% 与算得的 {expected}% 相差在四舍五入以内", **evidence)
    elif outcome == "failed":
        a.finding(rule, RULES_BY_ID[rule].severity, f"{what}：{message}，应为 {expected}%", **evidence)


def _claim_rate(a: _Auditor, c: dict) -> None:
    """完成年初预算的C% = 决算数 ÷ 年初预算数."""
    if c.get("rate") is None or c.get("budget") is None or c["budget"] <= 0:
        return
    _rounded_ratio(a, "claim_rate", c, f"情况说明「{c['sentence'][:60]}」{c['label']}完成年初预算的比例", c["rate"],
                   c["amount"], c["budget"], "rate",
                   f"完成 {printed_percent(c['rate'])}%，按 {evidence_amount(c['amount'])} ÷ {evidence_amount(c['budget'])}")


def _claim_share(a: _Auditor, c: dict) -> None:
    """占Y% = part ÷ the whole the sentence names (or its list follows); a share one unit of its
    last place off is a 尾差 (the shares of a list are rounded to add up to 100%)."""
    if c.get("share") is None or c.get("whole") is None or c["whole"] <= 0:
        return
    _rounded_ratio(a, "claim_share", c, f"情况说明「{c['sentence'][:60]}」{c['label']}所占比重", c["share"],
                   c["amount"], c["whole"], "share",
                   f"{evidence_amount(c['amount'])} 占 {evidence_amount(c['whole'])} 的 {printed_percent(c['share'])}%", slack_units=1)


_VERSUS_ZH = {"greater": "大于", "less": "小于", "flat": "等于"}
_DIRECTION_ZH = {"increase": "增加", "decrease": "减少", "flat": "持平"}


def _claim_comparison(a: _Auditor, c: dict) -> None:
    """A comparison word against the two figures the sentence states: 决算数大于/小于/等于年初预算数,
    and 比上年执行数增加/减少/持平 where the earlier figure is stated."""
    checks = []
    if c.get("versus") in _VERSUS_ZH and c.get("budget") is not None:
        diff = c["amount"] - c["budget"]
        checks.append(("决算数", "年初预算数", c["versus"], c["budget"], diff,
                       {"greater": diff > 0, "less": diff < 0, "flat": diff == 0}[c["versus"]],
                       _VERSUS_ZH[c["versus"]]))
    if c.get("direction") in _DIRECTION_ZH and c.get("base") is not None:
        diff = c["amount"] - c["base"]
        checks.append(("本年数", "所述上年数", c["direction"], c["base"], diff,
                       {"increase": diff > 0, "decrease": diff < 0, "flat": diff == 0}[c["direction"]],
                       _DIRECTION_ZH[c["direction"]]))
    if c.get("base") is not None and c.get("change") is not None and c["subject"] != "function":
        # 比2025年年初预算数264448.86万元增加23967.49万元: the change is the difference of the two figures
        tol = _printed_precision(c["sentence"], c["amount"]) + _printed_precision(c["sentence"], c["base"])
        a.identity("claim_change", f"情况说明「{c['sentence'][:60]}」{c['label']}增减额（本年数 − 所述上年数）",
                   c["amount"] - c["base"], c["change"], table="narrative", item=c["subject"], measure="change",
                   page=c["page"], rows=[c["position"]], tolerance=tol)
    for left, right, _word, base, diff, holds, zh in checks:
        what = f"情况说明「{c['sentence'][:60]}」{c['label']}：{left}{zh}{right}"
        evidence = dict(table="narrative", item=c["subject"], code=c.get("code") or "", measure="comparison",
                        expected=base, actual=c["amount"], difference=diff, page=c["page"], rows=str(c["position"]))
        a.result("claim_comparison", what, "exact" if holds else "failed", **evidence)
        if not holds:
            a.finding("claim_comparison", "error",
                      f"{what}，但所述数字为 {evidence_amount(c['amount'])} 与 {evidence_amount(base)}（相差 {evidence_amount(diff)}）", **evidence)


#: The year's amount of an item restated in its paragraph, the year named: "2023年预算安排441.25万元"
#: (a bare 预算数为 may speak of another subject, 基本支出预算数为…, or year, 去年预算数为…).
_RESTATED = re.compile(r"(\d{4})年(?:度)?预算安排\s*(\d[\d,，]*(?:\.\d+)?)\s*万元")


def _claim_restated(a: _Auditor, c: dict) -> None:
    """An item paragraph states the year's amount twice, in its heading and again as 预算安排
    (万里 2023 p.7: “…职业年金缴费支出（项）”220.63万元 … 2023年预算安排441.25万元, the
    item above's figure copied): the two must be one."""
    if c["amount"] is None:
        return
    for m in _RESTATED.finditer(c["sentence"] or ""):
        if int(m.group(1)) != a.doc.year:
            continue
        restated = Decimal(m.group(2).replace(",", "").replace("，", ""))
        what = f"情况说明「{c['sentence'][:60]}」{c['label']}：段首金额与“预算安排”所述金额"
        evidence = dict(table="narrative", item=c["subject"], code=c.get("code") or "", measure="restated",
                        expected=c["amount"], actual=restated, difference=restated - c["amount"], page=c["page"],
                        rows=str(c["position"]))
        holds = restated == c["amount"]
        a.result("claim_restated", what, "exact" if holds else "failed", **evidence)
        if not holds:
            a.finding("claim_restated", "error",
                      f"{what}不一致：段首 {evidence_amount(c['amount'])} 万元，后文 {evidence_amount(restated)} 万元",
                      **evidence)


_NUMBER = re.compile(r"\d[\d,，]*(?:\.(\d+))?")


def _printed(sentence: str, amount: Decimal) -> bool:
    """Whether ``sentence`` prints ``amount`` (in any of its spellings)."""
    for m in _NUMBER.finditer(sentence or ""):
        try:
            if Decimal(re.sub(r"[,，]", "", m.group(0))) == amount:
                return True
        except ArithmeticError:
            continue
    return False


def _printed_precision(sentence: str, amount: Decimal) -> Decimal:
    """Half a unit of the last place ``amount`` is printed with in ``sentence`` (0.5 for
    "17,192万元", 0.005 for "1,564.22万元"); 0.005 when it cannot be found."""
    for m in _NUMBER.finditer(sentence or ""):
        try:
            value = Decimal(re.sub(r"[,，]", "", m.group(0)))
        except ArithmeticError:
            continue
        if value == amount:
            return Decimal(5).scaleb(-len(m.group(1) or "") - 1)
    return Decimal("0.005")


def _percent_of(change: Decimal, amount: Decimal, places: int) -> Decimal | None:
    previous = amount - change
    if previous <= 0:
        return None
    return (abs(change) / previous * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _digit_variants(value: Decimal):
    """``value`` with one of its digits left out: what a stray digit hides (887.36 for 87.36)."""
    text = format(value, "f")
    for i, ch in enumerate(text):
        rest = text[:i] + text[i + 1:]
        if not ch.isdigit() or not rest.strip(".") or rest.startswith(".") or (
                len(rest) > 1 and rest[0] == "0" and rest[1] != "."):
            continue  # no number, or one with a leading zero: no printed figure reads so
        yield Decimal(rest)


def _stray_digit(amount: Decimal, change: Decimal, percent: Decimal) -> tuple[str, Decimal, Decimal] | None:
    """The one figure (``amount`` or ``change``) whose one digit left out makes ``percent``
    follow exactly — when exactly one such reading exists."""
    places = max(0, -percent.normalize().as_tuple().exponent)
    if places < 1:
        return None  # a whole percentage fits too many readings to name one
    hits = []
    for which, value in (("amount", amount), ("change", change)):
        for v in _digit_variants(abs(value)):
            if v == abs(value):
                continue
            v = v if value >= 0 else -v
            am, ch = (v, change) if which == "amount" else (amount, v)
            if _percent_of(ch, am, places) == percent:
                hits.append((which, value, v))
    found = {(w, v) for w, _, v in hits}
    return hits[0] if len(found) == 1 else None


def _claim_percent(a: _Auditor, c: dict) -> None:
    amount, change, percent = c["amount"], c["change"], c["percent"]
    if percent is None or change is None:
        return
    previous = amount - change
    if previous <= 0:
        if change == 0 and percent == 0:
            a.result("claim_percent", f"情况说明{c['label']}增减百分比", "exact", table="narrative",
                     item=c["subject"], measure="percent", expected=percent, actual=percent, page=c["page"])
        return
    # Printed trailing zeros are lost in the decimal dtype (9.20 reads back as 9.2): the
    # percentage holds when it equals the exact one rounded to its own places or to two.
    places = max(0, -percent.normalize().as_tuple().exponent)
    exact = abs(change) / previous * 100
    roundings = [exact.quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP) for p in (places, 2)]
    expected = next((r for r in roundings if r == percent), roundings[-1] if places else roundings[0])
    quantum = Decimal(1).scaleb(-max(places, 2) if places else 0)
    evidence = dict(table="narrative", item=c["subject"], code=c.get("code") or "", measure="percent",
                    expected=expected, actual=percent, difference=percent - expected, rows=str(c["position"]),
                    page=c["page"])
    # each figure as printed (17,192万元: ±0.5); a change worked out from a stated 上年数 carries both roundings
    half = _printed_precision(c["sentence"], amount)
    half_change = (half + _printed_precision(c["sentence"], c["base"]) if c.get("base") is not None
                   else _printed_precision(c["sentence"], abs(change)))
    slack = quantum / 2
    bounds = [abs(ch) / (am - ch) * 100 for am in (amount - half, amount + half)
              for ch in (change - half_change, change + half_change) if am - ch > 0]
    outcome = "exact" if expected == percent else "rounding" if (
        bounds and min(bounds) - slack <= percent <= max(bounds) + slack) else "failed"
    a.result("claim_percent", f"情况说明{c['label']}增减百分比", outcome, **evidence)
    if outcome == "exact":
        return
    if outcome == "rounding":
        a.finding("claim_percent", "info", f"情况说明「{c['sentence'][:60]}」：{printed_percent(percent)}% 与按 {evidence_amount(amount)}、"
                                           f"{evidence_amount(change)} 算得的 {expected}% 相差在四舍五入以内", **evidence)
        return
    # a stray digit moves a percentage far: one within ten units of its last place is a slip of rounding
    stray = _stray_digit(amount, change, percent) if abs(percent - expected) > 10 * quantum else None
    if stray is not None:
        which, printed, reading = stray
        name = "金额" if which == "amount" else "增减额"
        a.finding("claim_digit", "error",
                  f"情况说明「{c['sentence'][:60]}」：{c['label']}增减 {printed_percent(percent)}% 与所述{name} {evidence_amount(printed)} 不符，"
                  f"{name}为 {evidence_amount(reading)} 时恰好相符：{evidence_amount(printed)} 疑多印了一位数字",
                  **{**evidence, "measure": which, "expected": reading, "actual": printed,
                     "difference": printed - reading})
        return
    a.finding("claim_percent", "error",
              f"情况说明「{c['sentence'][:60]}」：{c['label']}增减 {printed_percent(percent)}%，按 {evidence_amount(abs(change))} ÷ "
              f"{evidence_amount(previous)}（上年数 = {evidence_amount(amount)} − {evidence_amount(change)}）应为 {expected}%", **evidence)


def _claim_parts(a: _Auditor, records: list[dict]) -> None:
    first: dict[str, dict] = {}
    for c in records:
        have = first.get(c["subject"])
        if have is None or (have["change"] is None and c["change"] is not None and c["amount"] == have["amount"]):
            first[c["subject"]] = c
    for whole, parts in PARTS.items():
        if whole not in first or not all(p in first for p in parts):
            continue
        w, ps = first[whole], [first[p] for p in parts]
        values = [p["amount"] for p in ps]
        label = "、".join(p["label"] for p in ps)
        a.identity("claim_parts", f"情况说明{w['label']}（Σ {label}）", sum(values, Decimal(0)), w["amount"],
                   addends=_nonzero(values), table="narrative", item=whole, measure="amount", rows=[w["position"]])
        if w["previous"] is not None and all(p["previous"] is not None for p in ps):
            prev = [p["previous"] for p in ps]
            a.identity("claim_parts", f"情况说明{w['label']}上年数（Σ 各部分上年数）", sum(prev, Decimal(0)),
                       w["previous"], addends=2 * _nonzero(prev), table="narrative", item=whole,
                       measure="previous", rows=[w["position"]])


def check_text(a: _Auditor) -> None:
    """What a careful reader marks in the 情况说明 (:func:`budgetkit.claims.text_issues`), each with its page."""
    doc = a.doc
    by_page: dict[tuple, list[dict]] = defaultdict(list)
    for issue in text_issues(doc.narrative, doc.year, doc.phase):
        by_page[(issue["rule"], _page_at(doc, issue["position"]))].append(issue)
    for (rule, page), issues in by_page.items():  # one finding per rule and page, the first quoted
        first = issues[0]
        more = f"（本页同类共 {len(issues)} 处）" if len(issues) > 1 else ""
        a.finding(rule, RULES_BY_ID[rule].severity, f"情况说明「{first['excerpt']}」：{first['message']}{more}",
                  table="narrative", page=page, rows=", ".join(str(i["position"]) for i in issues))


def _page_at(doc, offset: int, *, narrative: bool = True):
    return doc.page_at(offset, narrative=narrative) if hasattr(doc, "page_at") else None


_THREE_PUBLIC_SUBJECTS = ("three_public", "overseas_travel", "vehicle", "vehicle_purchase", "vehicle_operation",
                          "reception")


def check_three_public_blank(a: _Auditor, frame: pd.DataFrame) -> None:
    """A “三公” figure the 情况说明 states (non-zero) that the “三公” table leaves blank: in a 预算 its
    预算数, in a 决算 its 年初预算数 (or 决算数) — where the table prints the row with other cells."""
    if "three_public" not in a.by_kind or not len(frame):
        return
    t = a.table("three_public")
    t = t[t["unit"] == ""]
    page = int(t["page"].iloc[0]) if len(t) else None
    for c in frame[frame["subject"].isin(_THREE_PUBLIC_SUBJECTS)].to_dict("records"):
        stated = [("预算数", c["amount"], ("total", "general_public", "fiscal"))]
        if a.doc.phase == "final":
            stated = [("决算数", c["amount"], ("total", "general_public", "fiscal"))]
            if c["budget"] is not pd.NA and c["budget"] is not None:
                stated.append(("年初预算数", c["budget"], ("budget", "adjusted_budget")))
        for name, amount, measures in stated:
            if amount is pd.NA or amount is None or Decimal(amount) == 0:
                continue
            row = t[t["item"] == c["subject"]]
            if not len(row) or row["measure"].isin(measures).any():
                continue  # a row not read at all says nothing of its cells
            a.finding("three_public_blank", "warning",
                      f"情况说明「{c['sentence'][:60]}」述{c['label']}{name} {evidence_amount(Decimal(amount))} 万元，"
                      f"{a.title('three_public')}中该项{name}为空",
                      table="narrative", table2="three_public", item=c["subject"], measure=measures[0],
                      actual=Decimal(amount), page=None if c["page"] is pd.NA else c["page"], page2=page,
                      rows=str(c["position"]))


# -- naming and completeness ---------------------------------------------------------------------

def _name_key(name: str) -> str:
    return key(strip_numbering(name)).removesuffix("合计")


def check_naming(a: _Auditor) -> None:
    """The same code printed with different names in different coded tables."""
    seen: dict[str, dict[str, tuple]] = defaultdict(dict)
    for kind, frame in a.by_kind.items():
        k = kinds.REGISTRY.kinds.get(kind)
        if k is None or k.layout != "coded":
            continue
        for rec in frame[frame["code"] != ""].drop_duplicates("row").to_dict("records"):
            nk = _name_key(rec["name"])
            if nk and nk not in seen[rec["code"]]:
                seen[rec["code"]][nk] = (kind, rec["name"], int(rec["page"]), int(rec["row"]))
    for code, names in seen.items():
        if len(names) < 2:
            continue
        (k1, n1, p1, r1), (k2, _, p2, _) = list(names.values())[:2]
        others = "；".join(f"{a.title(k)}中为“{n}”" for k, n, _, _ in list(names.values())[1:])
        a.finding("naming", "warning", f"科目 {code} 在{a.title(k1)}中名为“{n1}”，{others}",
                  table=k1, table2=k2, code=code, page=p1, page2=p2, rows=str(r1))


def _page_prose(doc, pages) -> list[str]:
    """The paragraphs of prose printed on ``pages`` (a note under a table: “注：本部门无…，故本表无数据”)."""
    starts = list(getattr(doc, "text_pages", ()) or ())
    out = []
    for i, (offset, page) in enumerate(starts):
        if page in pages:
            end = starts[i + 1][0] if i + 1 < len(starts) else len(doc.text)
            out.extend(p for p in doc.text[offset:end].split("\n") if p.strip())
    return out


def check_completeness(a: _Auditor) -> None:
    """Missing standard tables; empty tables (explained or not); tables read incompletely."""
    from .evaluate import contents_kinds  # the 目录 parser; evaluate itself reads the audit

    present = [i.kind for i in a.doc.table_info]
    listed = [k for k in contents_kinds(a.doc.text) if k != kinds.OTHER]
    if listed:  # what the document's own contents page promises
        for kind in dict.fromkeys(listed):
            if kind not in present:
                a.finding("table_missing", "warning", f"目录列出的“{kinds.REGISTRY[kind].title}”未见印出", table=kind)
    else:
        guangdong = any(k in present for k in ("basic_by_unit", "projects"))
        for kind in kinds.GUANGDONG_KINDS if guangdong else CORE_KINDS:
            if kind not in present:
                a.finding("table_missing", "warning", f"未找到标准表“{kinds.REGISTRY[kind].title}”", table=kind)
    for info in a.doc.table_info:
        if info.status == "empty":
            note = next((n for n in (*info.notes, *_page_prose(a.doc, info.pages))
                         if _EXPLAINED_EMPTY.search(key(n))), "")
            if note:
                a.finding("table_empty", "info", f"{info.title}为空表，文件说明：{note}", table=info.kind,
                          page=info.pages[0])
            else:
                a.finding("table_empty", "warning", f"{info.title}为空表（全部为零或无数据），文件未说明原因",
                          table=info.kind, page=info.pages[0])
        elif info.status == "incomplete":
            why = next((w for w in a.doc.warnings if w.startswith(info.title)), "")
            a.finding("table_incomplete", "warning", f"{info.title}不完整" + (f"：{why}" if why else ""),
                      table=info.kind, page=info.pages[0])


# -- the verb -----------------------------------------------------------------------------------

def findings_frame(records: list[dict]) -> pd.DataFrame:
    """Finding records → the findings frame (exact decimals, nullable pages), sorted by severity."""
    frame = pd.DataFrame.from_records(records, columns=list(FINDING_COLUMNS))
    for col in _DECIMAL_COLUMNS:
        frame[col] = pd.array([None if v is None or (not isinstance(v, Decimal) and pd.isna(v)) else Decimal(v).quantize(Decimal("0.000001")) for v in frame[col]],
                              dtype=AMOUNT_DTYPE)
    for col in ("page", "page2"):
        frame[col] = pd.array([None if v is None or v == "" or pd.isna(v) else int(v) for v in frame[col]], dtype="Int64")
    for col in ("rule", "severity", "message", "table", "table2", "code", "measure", "unit", "item", "rows"):
        frame[col] = frame[col].fillna("").astype(str)
    order = frame.assign(_s=frame["severity"].map(SEVERITIES.index), _r=frame["rule"].map(_RULE_ORDER))
    order = order.sort_values(["_s", "_r", "page"], kind="stable", na_position="last")
    return order.drop(columns=["_s", "_r"]).reset_index(drop=True)


def identities_frame(records: list[dict]) -> pd.DataFrame:
    """Identity records → the identities frame (exact decimals, nullable pages), in the order checked."""
    frame = pd.DataFrame.from_records(records, columns=list(IDENTITY_COLUMNS))
    for col in _DECIMAL_COLUMNS:
        frame[col] = pd.array([Decimal(v).quantize(Decimal("0.000001")) if isinstance(v, Decimal) else None
                               for v in frame[col]], dtype=AMOUNT_DTYPE)
    for col in ("page", "page2"):
        frame[col] = pd.array([None if v is None or v == "" or pd.isna(v) else int(v) for v in frame[col]],
                              dtype="Int64")
    for col in ("rule", "outcome", "what", "table", "table2", "code", "measure", "unit", "item", "rows"):
        frame[col] = frame[col].fillna("").astype(str)
    return frame


def check(doc) -> Audit:
    """Audit a document: every rule of :data:`budgetkit.rules.RULES` its tables allow.

    Parameters
    ----------
    doc
        A :class:`~budgetkit.document.BudgetDocument` (``budgetkit.read``).

    Returns
    -------
    Audit
        ``findings`` (a DataFrame, one row per finding), ``checked`` and ``held``
        (numeric identities), ``counts`` by severity.

    Examples
    --------
    >>> audit = budgetkit.check(budgetkit.read("data/raw/gd-qingxin-zwfw-2023-budget.txt"))  # doctest: +SKIP
    >>> audit.findings.query("severity == 'warning'")[["rule", "message"]]  # doctest: +SKIP
    """
    a = _Auditor(doc)
    check_rows(a)
    check_columns_and_hierarchy(a)
    check_two_sided(a)
    check_units(a)
    check_three_public(a)
    check_cross(a)
    stated = claims(doc)
    check_claims(a, stated)
    check_three_public_blank(a, stated)
    check_text(a)
    check_naming(a)
    check_completeness(a)
    return Audit(findings=findings_frame(a.findings), checked=a.checked, held=a.held, sources=tuple(doc.sources),
                 identities=identities_frame(a.results))


def audit_json(audits: list[Audit]) -> str:
    """Audits as the JSON the ``check`` command prints."""
    return json.dumps({"documents": [x.to_dict() for x in audits]}, ensure_ascii=False, indent=2)
