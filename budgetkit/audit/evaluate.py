"""Corpus evaluation: how completely and how faithfully each document was read.

For every document: the tables it lists in its own contents page (目录) — or, when it has
none, the kinds it printed — against the tables found and kinded; how many tables are
``other``; and the accounting identities (勾稽关系) checked and holding. The identities are
the audit's (:func:`budgetkit.check`: one walk of the hierarchy, by parent links, one
tolerance policy), plus ``headline_totals``: the year's 收入 / 支出 agree across the tables
that state them (收支总表 against the 收入总表 and the 支出总表: the places of
``current_income`` and ``current_expenditure`` in :mod:`budgetkit.catalogue.figures`).

An identity *holds* when both sides are equal, exactly or within the 尾差 the document
declares (``rounding``); a failure keeps its evidence (table, pages, both sides) so that a
document's own inconsistency can be told from a reading error.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from budgetkit._normalize import key
from budgetkit.catalogue import figures, kinds
from budgetkit.tidy.document import BudgetDocument

ZERO = Decimal(0)
#: Lines of a contents page read at most (a 目录 longer than this is prose).
CONTENTS_LINES = 80
_CONTENTS_HEADING = re.compile(r"^目\s*录$")
_LEADERS = re.compile(r"(?:[.．·…⋯_\-—\s]{2,}\d*|\s+\d+)$")
_BULLET = re.compile(r"^[-—·•\s]+")
_PART = re.compile(r"^第[一二三四五六七八九十\d]+部分")
_NUMBERED = re.compile(r"^(?:第|附|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
#: A heading naming the whole set of tables (部门预算表, 预算公开表), not one table.
_SECTION = re.compile(r"^(?:部门|单位)?(?:预算|决算)(?:公开)?(?:报)?表$|^公开表$")


@dataclass
class Identity:
    """One identity checked: ``left`` (as printed) against ``right`` (as computed or printed elsewhere)."""

    rule: str
    table: str
    what: str
    left: Decimal
    right: Decimal
    pages: tuple[int, ...] = ()
    terms: int = 1
    #: ``exact``, ``rounding`` (within the 尾差) or ``failed``; empty: judged exactly.
    outcome: str = ""

    @property
    def held(self) -> bool:
        return self.outcome in ("exact", "rounding") if self.outcome else self.left == self.right

    @property
    def rounding(self) -> bool:
        return self.outcome == "rounding"

    def as_dict(self) -> dict:
        return {"rule": self.rule, "table": self.table, "what": self.what, "left": str(self.left),
                "right": str(self.right), "difference": str(self.left - self.right), "pages": list(self.pages),
                "outcome": self.outcome or ("exact" if self.held else "failed")}


def contents_kinds(text: str) -> list[str]:
    r"""The table kinds a document's contents page (目录) lists, in its order; ``[]`` without one.

    The contents start at a line reading 目录 and end where the body begins (a heading of the
    contents printed again) or at prose; dot leaders and page numbers are dropped; part
    headings (第二部分 …) are not tables; a listed title no kind matches is ``other``.

    >>> contents_kinds("目 录\n第二部分 2026年部门预算表\n一、收支总表......5\n二、部门整体支出绩效\n目标表\n"
    ...                "三、部门预算表\n第二部分 2026年部门预算表")
    ['overall', 'dept_performance']
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _CONTENTS_HEADING.match(line.strip())), None)
    if start is None:
        return []
    seen: set[str] = set()
    entries: list[str] = []
    for line in lines[start + 1:start + 1 + CONTENTS_LINES]:
        entry = _contents_entry(line)
        if not entry:
            continue
        k = key(entry)
        if k in seen or len(entry) > 60:
            break  # the body begins (a heading printed again), or prose
        seen.add(k)
        if entries and not _NUMBERED.match(entry) and not entries[-1].endswith("表"):
            entries[-1] += entry  # a title wrapped onto the next line
        else:
            entries.append(entry)
    out: list[str] = []
    for entry in entries:
        if _PART.match(entry) or _SECTION.match(kinds.title_core(entry)):
            continue
        kind = kinds.match(entry)
        if kind is not None:
            out.append(kind.id)
        elif kinds.title_core(entry).endswith("表"):
            out.append(kinds.OTHER)
    return out


def _contents_entry(line: str) -> str:
    """A contents line without its bullet, dot leaders and page number."""
    return _LEADERS.sub("", _BULLET.sub("", line.strip())).strip()


def identities(doc: BudgetDocument, audit=None) -> list[Identity]:
    """Every identity checked on ``doc``: the audit's, then the headline totals."""
    from budgetkit.audit.checks import check

    audit = audit if audit is not None else check(doc)
    out = [_from_audit(rec) for rec in audit.identities.to_dict("records")]
    out.extend(_headline_totals(doc.lines, {i.kind: i.pages for i in doc.table_info}))
    return out


def _from_audit(rec: dict) -> Identity:
    """One row of ``Audit.identities`` as an :class:`Identity` (printed figure left, computed right)."""
    pages = tuple(int(p) for p in (rec["page"], rec["page2"]) if p is not None and not pd.isna(p))
    left = ZERO if rec["actual"] is None or pd.isna(rec["actual"]) else rec["actual"]
    right = ZERO if rec["expected"] is None or pd.isna(rec["expected"]) else rec["expected"]
    terms = len(rec["rows"].split(", ")) if rec["rows"] else 1
    return Identity(rec["rule"], rec["table"], rec["what"], left, right, pages, terms, rec["outcome"])


def _headline_totals(lines: pd.DataFrame, pages: dict) -> list[Identity]:
    """The year's income and expenditure (本年收入合计, 本年支出合计) as each table stating them
    states them, against the first (the 收支总表): the places of :mod:`budgetkit.catalogue.figures`."""
    out = []
    for figure_id in ("current_income", "current_expenditure"):
        by_table = _figure_by_table(lines, figure_id)
        if len(by_table) < 2:
            continue
        (first, reference), *others = by_table.items()
        name = figures.figure(figure_id).zh
        for table, amount in others:
            out.append(Identity("headline_totals", table, f"{name}：{_title(first)} = {_title(table)}", reference,
                                amount, pages.get(table, ())))
    return out


def _figure_by_table(lines: pd.DataFrame, figure_id: str) -> dict[str, Decimal]:
    """A figure's amount in each table that prints it, from the first of its places there.

    The year's income in a one-sided 收入总表 is its 合计 less the 上年结转 column the row
    prints beside the year's sources (泉州's 收入预算总表: 合计 58,341.63 with 上年结转结余
    7,600.00, against 本年收入合计 50,741.63 in the 收支预算总表), and less the sources the
    收支总表 prints after its 本年收入合计, as the audit's ``overall_vs_income`` reads it.
    """
    from budgetkit.audit.engine import beyond_the_year

    beside = beyond_the_year(lines) if figure_id == "current_income" else ()
    found: dict[str, Decimal] = {}
    for place in figures.places_of(figure_id, narrower=False):
        if place.table in found:
            continue
        for measure in place.measures:
            rows = lines[place.matches(lines, measure)]
            if len(rows):
                found[place.table] = rows["amount"].iloc[0]
                if not place.side and measure == "total":
                    for other in beside:
                        carried = lines[place.matches(lines, other)]
                        if len(carried):
                            found[place.table] -= carried["amount"].iloc[0]
                break
    return found


def _title(kind_id: str) -> str:
    return kinds.REGISTRY[kind_id].title if kind_id in kinds.REGISTRY else kind_id


@dataclass
class Evaluation:
    source: list[str]
    department: str
    year: int
    phase: str
    level: str
    pages: int
    #: kind → data rows read, over every table of that kind
    tables: dict[str, int]
    #: kinds the contents page lists, in order (``other`` for a listed title no kind matches)
    listed_tables: list[str]
    #: ``contents`` when ``listed_tables`` come from the contents page, else ``printed``
    expected_from: str
    #: the kinds expected: those listed, else those printed (never ``other``)
    expected_tables: list[str]
    #: expected tables found and kinded (each printed table counts once)
    found_tables: int
    missing_tables: list[str]
    other_tables: int
    lines: int
    identities: dict
    warnings: int
    seconds: float
    failures: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def expected_kinds(doc: BudgetDocument) -> tuple[list[str], list[str], str]:
    """``(listed, expected, basis)``: the kinds the contents page lists, the kinds expected
    (listed ones but ``other``; without a contents page, the kinds printed) and the basis."""
    listed = contents_kinds(doc.text)
    if any(k != kinds.OTHER for k in listed):
        return listed, [k for k in listed if k != kinds.OTHER], "contents"
    printed = [i.kind for i in doc.table_info if i.kind != kinds.OTHER]
    return listed, printed, "printed"


def evaluate_document(doc: BudgetDocument, seconds: float, audit=None) -> Evaluation:
    """How completely and how faithfully ``doc`` was read (``audit``: its audit, if already run)."""
    listed, expected, basis = expected_kinds(doc)
    found: dict[str, int] = {}
    for info in doc.table_info:
        found[info.kind] = found.get(info.kind, 0) + info.rows
    printed = Counter(i.kind for i in doc.table_info)
    missing = list((Counter(expected) - printed).elements())
    checks = identities(doc, audit)
    held = [c for c in checks if c.held]
    return Evaluation(
        source=[Path(s).name for s in doc.sources], department=doc.department, year=doc.year,
        phase=doc.phase, level=doc.level, pages=doc.pages, tables=found, listed_tables=listed,
        expected_from=basis, expected_tables=expected, found_tables=len(expected) - len(missing),
        missing_tables=sorted(set(missing), key=expected.index), other_tables=printed[kinds.OTHER],
        lines=len(doc.lines),
        identities={"checked": len(checks), "held": len(held), "rounding": sum(c.rounding for c in checks),
                    "failed": len(checks) - len(held)},
        warnings=len(doc.warnings), seconds=round(seconds, 3),
        failures=[c.as_dict() for c in checks if not c.held],
    )


@dataclass(frozen=True)
class Unread:
    """A disclosure :func:`evaluate` could not read: its files and the error that says why."""

    source: list[str]
    error: str

    def as_dict(self) -> dict:
        return {"source": list(self.source), "error": self.error}


def evaluate(paths, group: str = "auto", engine: str | None = None) -> list[Evaluation | Unread]:
    """Read every disclosure among ``paths``, grouped as every command groups them
    (:func:`budgetkit.tidy.document.group_files`); a disclosure that cannot be read is an
    :class:`Unread` record and the rest are still evaluated."""
    from budgetkit.errors import BudgetkitError
    from budgetkit.tidy.document import build, group_files

    results: list[Evaluation | Unread] = []
    seconds: dict[str, float] = {}
    for sources, item in group_files(paths, group, engine=engine, timings=seconds):
        names = [Path(s).name for s in sources]
        if isinstance(item, BudgetkitError):
            results.append(Unread(names, str(item)))
            continue
        t0 = time.perf_counter()
        try:
            doc = build(item)
        except BudgetkitError as exc:
            results.append(Unread(names, str(exc)))
            continue
        spent = time.perf_counter() - t0 + sum(seconds.get(s, 0.0) for s in sources)
        results.append(evaluate_document(doc, spent))
    return results


def markdown(results: list[Evaluation | Unread]) -> str:
    """The evaluation as a Markdown table, one row per document."""
    head = ("| document | pages | listed | tables (found/expected) | missing | other | lines "
            "| identities held/checked | within 尾差 | seconds |")
    rows = [head, "|" + "---|" * 10]
    for r in results:
        if isinstance(r, Unread):
            rows.append(f"| {' + '.join(r.source)} | error: {r.error} | | | | | | | | |")
            continue
        listed = len(r.listed_tables) if r.expected_from == "contents" else "—"
        rows.append(
            f"| {' + '.join(r.source)} | {r.pages} | {listed} | {r.found_tables}/{len(r.expected_tables)} | "
            f"{', '.join(r.missing_tables) or '—'} | {r.other_tables} | {r.lines} | "
            f"{r.identities['held']}/{r.identities['checked']} | {r.identities['rounding']} | {r.seconds:.2f} |"
        )
    return "\n".join(rows)
