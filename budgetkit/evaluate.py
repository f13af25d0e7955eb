"""Corpus evaluation: how completely and how faithfully each document was read.

For every document: its regional layout, the table kinds found against those its layout
publishes, and the accounting identities (勾稽关系) recomputed from the parsed lines:

``overall_balance``
    收支总表: 收入总计 = 支出总计.
``total_is_sum_of_classes``
    every coded table: its 合计 row (本年支出合计 in a two-sided table) = Σ its 类 rows,
    per measure.
``class_is_sum_of_children``
    every coded table: 类 = Σ 款 and 款 = Σ 项, per measure and block.
``headline_totals``
    the 收入 / 支出 totals agree across the tables that state them (收支总表 against the
    收入总表 and the 支出总表).

An identity *holds* when both sides are equal exactly; a failure keeps its evidence
(table, pages, both sides) so that a document's own inconsistency (a 尾差 of 0.01, a typo)
can be told from a reading error.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .catalogue import kinds
from .document import BudgetDocument

ZERO = Decimal(0)


@dataclass
class Identity:
    rule: str
    table: str
    what: str
    left: Decimal
    right: Decimal
    pages: tuple[int, ...] = ()
    terms: int = 1

    @property
    def held(self) -> bool:
        return self.left == self.right

    def as_dict(self) -> dict:
        return {"rule": self.rule, "table": self.table, "what": self.what, "left": str(self.left),
                "right": str(self.right), "difference": str(self.left - self.right), "pages": list(self.pages)}


def detect_layout(doc: BudgetDocument) -> str:
    """``guangdong``, ``shanghai`` or ``jiangsu``: by the 收支总表's title, else by kinds."""
    from ._normalize import title_key

    for info in doc.table_info:
        if info.kind == "overall":
            k = title_key(info.title)
            if "总体情况表" in k:
                return "guangdong"
            if "财务收支" in k:
                return "shanghai"
            if "收支预算总表" in k:
                return "jiangsu"
    found = {i.kind for i in doc.table_info}
    return max(kinds.LAYOUT_KINDS, key=lambda name: len(found & set(kinds.LAYOUT_KINDS[name])))


def _sum(frame: pd.DataFrame) -> Decimal:
    return sum(frame["amount"], ZERO)


def identities(doc: BudgetDocument) -> list[Identity]:
    """Every identity the parsed lines allow checking."""
    lines = doc.lines
    out: list[Identity] = []
    pages = {i.kind: i.pages for i in doc.table_info}

    overall = lines[lines["table"] == "overall"]
    inc = overall[(overall["side"] == "income") & (overall["item"] == "income_total")]
    exp = overall[(overall["side"] == "expenditure") & (overall["item"] == "expenditure_total")]
    if len(inc) and len(exp):
        out.append(Identity("overall_balance", "overall", "收入总计 = 支出总计", _sum(inc.head(1)),
                            _sum(exp.head(1)), pages.get("overall", ())))

    for table, frame in lines.groupby("table", sort=False):
        coded = frame[frame["code"] != ""]
        if coded.empty:
            continue
        for measure, m in frame.groupby("measure", sort=False):
            side = m[m["side"] == "expenditure"] if (m["side"] != "").any() else m
            classes = _department_classes(side[side["level"] == 1])
            total_item = "expenditure_subtotal" if (m["side"] != "").any() else "total"
            totals = side[(side["item"] == total_item) & (side["unit"] == "")]
            if len(classes) and len(totals):
                out.append(Identity("total_is_sum_of_classes", table, f"{measure}: 合计 = Σ 类",
                                    _sum(totals.head(1)), _sum(classes), pages.get(table, ()), len(classes)))
            out.extend(_hierarchy(table, measure, side, pages.get(table, ())))

    def first(table: str, items: tuple[str, ...], measure: str = "total", side: str | None = None):
        f = lines[(lines["table"] == table) & lines["item"].isin(items) & (lines["unit"] == "")]
        if side is not None:
            f = f[f["side"] == side]
        if measure:
            f = f[f["measure"] == measure]
        return f["amount"].iloc[0] if len(f) else None

    o_in = first("overall", ("income_subtotal",), "", "income")
    o_in = o_in if o_in is not None else first("overall", ("income_total",), "", "income")
    o_out = first("overall", ("expenditure_subtotal",), "", "expenditure")
    o_out = o_out if o_out is not None else first("overall", ("expenditure_total",), "", "expenditure")
    i_total = first("income", ("total",))
    i_total = i_total if i_total is not None else first("income", ("income_total",))
    e_total = first("expenditure", ("total",))
    if o_in is not None and i_total is not None:
        out.append(Identity("headline_totals", "income", "收支总表 收入 = 收入总表 合计", o_in, i_total,
                            pages.get("income", ())))
    if o_out is not None and e_total is not None:
        out.append(Identity("headline_totals", "expenditure", "收支总表 支出 = 支出总表 合计", o_out, e_total,
                            pages.get("expenditure", ())))
    return out


def _department_classes(classes: pd.DataFrame) -> pd.DataFrame:
    """The 类 rows that add up to the table's 合计: the department's own rows where the
    table prints them beside per-unit rows (部门预算基本支出预算表), else all of them
    (blocks repeated once per unit add up to the 合计)."""
    dept = classes[classes["unit"] == ""]
    if len(dept) < len(classes) and set(dept["code"]) == set(classes["code"]):
        return dept
    return classes


def _hierarchy(table: str, measure: str, frame: pd.DataFrame, pages) -> list[Identity]:
    """类 = Σ 款 and 款 = Σ 项, following the printed order (blocks may repeat per unit)."""
    out = []
    rows = frame[frame["code"] != ""].sort_values("row")
    stack: dict[int, tuple[str, Decimal]] = {}
    children: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    parents: list[tuple[str, int, Decimal]] = []
    for code, level, amount, row in zip(rows["code"], rows["level"], rows["amount"], rows["row"], strict=True):
        level = int(level)
        stack = {lv: v for lv, v in stack.items() if lv < level}
        parent = stack.get(level - 1)
        if parent is not None and code.startswith(parent[0]):
            children[(parent[0], parent[1])].append(amount)
        stack[level] = (code, row)
        parents.append((code, row, amount))
    for code, row, amount in parents:
        kids = children.get((code, row))
        if kids:
            what = f"{measure}: {code} = Σ {'款' if len(code) == 3 else '项'}"
            out.append(Identity("class_is_sum_of_children", table, what, amount, sum(kids, ZERO), pages, len(kids)))
    return out


@dataclass
class Evaluation:
    source: list[str]
    layout: str
    department: str
    year: int
    phase: str
    level: str
    pages: int
    tables: dict[str, int]
    expected_tables: list[str]
    missing_tables: list[str]
    other_tables: int
    lines: int
    identities: dict
    warnings: int
    seconds: float
    failures: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def evaluate_document(doc: BudgetDocument, seconds: float) -> Evaluation:
    layout = detect_layout(doc)
    expected = list(kinds.LAYOUT_KINDS[layout])
    found: dict[str, int] = {}
    for info in doc.table_info:
        found[info.kind] = found.get(info.kind, 0) + info.rows
    checks = identities(doc)
    held = [c for c in checks if c.held]
    rounding = [c for c in checks if not c.held and abs(c.left - c.right) <= Decimal("0.01") * max(c.terms, 1)
                and doc.lines["source_unit"].eq("万元").any()]
    return Evaluation(
        source=[Path(s).name for s in doc.sources], layout=layout, department=doc.department, year=doc.year,
        phase=doc.phase, level=doc.level, pages=doc.pages, tables=found, expected_tables=expected,
        missing_tables=[k for k in expected if k not in found],
        other_tables=sum(1 for i in doc.table_info if i.kind == kinds.OTHER), lines=len(doc.lines),
        identities={"checked": len(checks), "held": len(held), "rounding": len(rounding)},
        warnings=len(doc.warnings), seconds=round(seconds, 3),
        failures=[c.as_dict() for c in checks if not c.held],
    )


def evaluate(paths, group: str = "auto", engine: str | None = None) -> list[Evaluation | dict]:
    """Read every disclosure among ``paths`` (grouped as :func:`budgetkit.document.group_files`)."""
    from .document import build, group_raws, load_raw
    from .errors import BudgetkitError

    results: list[Evaluation | dict] = []
    loaded = []
    for path in paths:
        t0 = time.perf_counter()
        try:
            loaded.append((load_raw(path, engine=engine), time.perf_counter() - t0))
        except BudgetkitError as exc:
            results.append({"source": [Path(path).name], "error": str(exc)})
    seconds = {raw.sources[0]: s for raw, s in loaded}
    for raws in group_raws([r for r, _ in loaded], how=group):
        t0 = time.perf_counter()
        try:
            doc = build(raws)
        except BudgetkitError as exc:
            results.append({"source": [Path(s).name for r in raws for s in r.sources], "error": str(exc)})
            continue
        spent = time.perf_counter() - t0 + sum(seconds[r.sources[0]] for r in raws)
        results.append(evaluate_document(doc, spent))
    return results


def markdown(results: list[Evaluation | dict]) -> str:
    """The evaluation as a Markdown table, one row per document."""
    head = ("| document | layout | pages | tables (found/expected) | missing | other | lines "
            "| identities held/checked | within 尾差 | seconds |")
    rows = [head, "|" + "---|" * 10]
    for r in results:
        if isinstance(r, dict):
            rows.append(f"| {' + '.join(r['source'])} | error: {r['error']} | | | | | | | | |")
            continue
        found = len([k for k in r.expected_tables if k in r.tables])
        rows.append(
            f"| {' + '.join(r.source)} | {r.layout} | {r.pages} | {found}/{len(r.expected_tables)} | "
            f"{', '.join(r.missing_tables) or '—'} | {r.other_tables} | {r.lines} | "
            f"{r.identities['held']}/{r.identities['checked']} | {r.identities['rounding']} | {r.seconds:.2f} |"
        )
    return "\n".join(rows)
