"""``budgetkit.read``: files in, a :class:`BudgetDocument` out."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._normalize import clean_text, key
from ._paths import disclosure_stem
from ._sources import RawDocument
from ._sources.text import read_text
from .catalogue import kinds
from .catalogue.vocabulary import department_key
from .errors import NotADisclosureError, SourceError
from .schema import AMOUNT_DTYPE, lines_frame, validate
from .tables import TableInfo, tables_to_records

PROJECT_COLUMNS = ("source", "department", "unit", "name", "amount", "performance_goal", "table", "page", "row")

_META = re.compile(r"((?:19|20)\d{2})年度?(.{2,60}?)(部门|单位)(预算|决算)")
_PHASE = {"预算": "budget", "决算": "final"}
_LEVEL = {"部门": "department", "单位": "unit"}


@dataclass(frozen=True)
class BudgetDocument:
    """One disclosure, read: its identity, tidy lines, tables, prose and warnings.

    Attributes
    ----------
    sources
        The files it was read from.
    department, year, phase, level
        Who publishes it, for which year, ``budget`` or ``final``, and whether it is a
        部门 document (``department``: sums its units) or a 单位 one (``unit``).
    lines
        The tidy budget lines (:mod:`budgetkit.schema`).
    projects
        The project list with each project's 绩效目标 (text kept as printed).
    table_info
        One :class:`~budgetkit.tables.TableInfo` per printed table, in order.
    narrative
        The 情况说明 text; ``text`` holds all prose outside the tables.
    warnings
        What could not be read faithfully, each naming its table and page.
    """

    sources: tuple[str, ...]
    department: str
    year: int
    phase: str
    level: str
    lines: pd.DataFrame
    projects: pd.DataFrame
    table_info: tuple[TableInfo, ...]
    narrative: str
    text: str
    pages: int
    warnings: tuple[str, ...] = field(default=())

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Tidy lines by table kind, in the document's order."""
        return {info.kind: self.lines[self.lines["table"] == info.kind].reset_index(drop=True)
                for info in self.table_info}

    def table(self, kind: str) -> pd.DataFrame:
        """The tidy lines of one table kind (empty frame if the document has none)."""
        return self.lines[self.lines["table"] == kind].reset_index(drop=True)

    def summary(self) -> dict:
        """A JSON-ready summary: identity, rows per table, line count, warnings."""
        return {
            "source": list(self.sources),
            "department": self.department,
            "year": self.year,
            "phase": self.phase,
            "level": self.level,
            "pages": self.pages,
            "tables": {info.kind: info.rows for info in self.table_info},
            "lines": len(self.lines),
            "warnings": list(self.warnings),
        }

    def __repr__(self) -> str:
        return (f"<BudgetDocument {self.department} {self.year} {self.phase}: "
                f"{len(self.table_info)} tables, {len(self.lines)} lines, {len(self.warnings)} warnings>")

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(i.kind)}</td><td>{esc(i.title)}</td><td>{esc(_pages(i.pages))}</td>"
            f"<td style='text-align:right'>{i.rows}</td><td style='text-align:right'>{i.lines}</td>"
            f"<td>{esc(i.status)}</td></tr>"
            for i in self.table_info
        )
        warns = "".join(f"<li>{esc(w)}</li>" for w in self.warnings) or "<li>none</li>"
        phase = {"budget": "预算", "final": "决算"}.get(self.phase, self.phase)
        from .check import check  # the audit's counts by severity, shown with the summary

        audit = check(self)
        c = audit.counts
        return (
            "<div class='budgetkit-document'>"
            f"<h4>{esc(self.department)} · {self.year}年{esc(phase)}</h4>"
            f"<p>{esc(', '.join(Path(s).name for s in self.sources))} · {self.pages} pages · "
            f"{len(self.lines)} lines · {len(self.projects)} projects</p>"
            f"<p>Audit: {audit.checked} identities checked, {audit.held} held · errors {c['error']} · "
            f"warnings {c['warning']} · info {c['info']}</p>"
            "<table><thead><tr><th>kind</th><th>title</th><th>pages</th><th>rows</th><th>lines</th>"
            f"<th>status</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p>Warnings ({len(self.warnings)}):</p><ul>{warns}</ul></div>"
        )


def _pages(pages: tuple[int, ...]) -> str:
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"


def load_raw(path: str | Path, engine: str | None = None) -> RawDocument:
    """Read one file (PDF or text) into its raw tables and prose, without tidying."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if path.is_dir():
        raise SourceError(f"{path}: is a folder; give the disclosure's files")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF" in head or path.suffix.lower() == ".pdf":
        from ._sources import pdf  # imported on demand: the PDF engines are heavy

        return pdf.read_pdf(path, engine=engine)
    return read_text(path)


def _merge(raws: list[RawDocument]) -> RawDocument:
    """The files of one disclosure as one raw document (pages stay per file)."""
    if len(raws) == 1:
        return raws[0]
    return RawDocument(
        sources=tuple(s for r in raws for s in r.sources),
        tables=tuple(t for r in raws for t in r.tables),
        text="\n".join(r.text for r in raws),
        narrative="\n".join(r.narrative for r in raws if r.narrative),
        pages=sum(r.pages for r in raws),
        warnings=tuple(w for r in raws for w in r.warnings),
    )


_YEAR_PHASE = re.compile(r"((?:19|20)\d{2})年度?(?:[^，。0-9]{0,40}?)(预算|决算)")
_COVER_DEPT = re.compile(r"(?:预算主管部门|预算单位|部门名称|单位名称|编制部门|编制单位)[:：]\s*([^\s:：]{2,40})")
_COVER_TITLE = re.compile(r"([^\s，。、：:0-9]{2,30}?)((?:19|20)\d{2})年度?(?:区级)?(部门|单位)(预算|决算)")
_LEVEL_WORDS = re.compile(r"(部门|单位)(?:财务)?(?:收支)?(?:预算|决算)")


def detect_identity(raw: RawDocument) -> dict:
    """Department, year, phase and level as the document states them (None if not found).

    The 单位名称 / 编制部门 printed above the tables names the department; the cover and
    the titles say the year, 预算 or 决算, and whether it is a 部门 (department: sums its
    units) or a 单位 (unit) document.
    """
    head = key(raw.text[:4000])
    titles = " ".join(key(t.title) for t in raw.tables)
    found = {"department": None, "year": None, "phase": None, "level": None}
    m = _META.search(head)
    if m and not re.search(r"说明|表|、|，|^[区市省县]级$", m.group(2)):
        found.update(year=int(m.group(1)), department=clean_text(m.group(2)) or None,
                     level=_LEVEL[m.group(3)], phase=_PHASE[m.group(4)])
    m = _COVER_TITLE.search(head[:600])
    if m and found["department"] is None:
        found.update(department=clean_text(m.group(1)), year=int(m.group(2)), level=_LEVEL[m.group(3)],
                     phase=_PHASE[m.group(4)])
    names = Counter(clean_text(t.unit_name) for t in raw.tables if t.unit_name)
    if names:
        found["department"] = names.most_common(1)[0][0]
    m = _COVER_DEPT.search(head)
    if m and not names:  # "预算主管部门：…" on the cover names it better than a cover title
        found["department"] = clean_text(m.group(1))
    if found["year"] is None:
        years = Counter(int(y) for t in raw.tables for y in re.findall(r"((?:19|20)\d{2})年", t.title))
        m = _YEAR_PHASE.search(head)
        if m:
            found["year"] = int(m.group(1))
        elif years:
            found["year"] = years.most_common(1)[0][0]
    if found["phase"] is None:
        both = titles + head[:600]
        found["phase"] = "final" if "决算" in both else "budget" if (raw.tables or "预算" in both) else None
    if found["level"] is None:
        words = Counter(m.group(1) for m in _LEVEL_WORDS.finditer(head[:1500] + titles))
        if words:
            found["level"] = "unit" if words["单位"] > words["部门"] else "department"
    return found


def read(paths: str | Path | Iterable[str | Path], *, department: str | None = None,
         year: int | None = None, phase: str | None = None, level: str | None = None,
         engine: str | None = None) -> BudgetDocument:
    """Read one disclosure (one file, or the files of one disclosure) into a document.

    Parameters
    ----------
    paths
        A text or PDF file, or several files of one disclosure (a narrative PDF and a
        tables PDF, say), read as one document in the order given.
    department, year, phase, level
        Override what the document states about itself.
    engine
        The PDF table engine (``pdfium``, ``pdfplumber`` or ``tabula``; default
        :data:`budgetkit._sources.pdf.DEFAULT_ENGINE`). Text files ignore it.

    Raises
    ------
    SourceError
        A file is missing, empty or unreadable.
    NotADisclosureError
        The files read, but hold no budget tables.

    Examples
    --------
    >>> doc = budgetkit.read("data/raw/gd-qingxin-zwfw-2023-budget.txt")  # doctest: +SKIP
    >>> doc.table("expenditure").query("code == '201' and measure == 'total'")["amount"]  # doctest: +SKIP
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise SourceError("no input files given")
    raws = [load_raw(p, engine=engine) for p in paths]
    return build(raws, department=department, year=year, phase=phase, level=level)


def build(raws: list[RawDocument], *, department: str | None = None, year: int | None = None,
          phase: str | None = None, level: str | None = None) -> BudgetDocument:
    """Tidy the raw documents of one disclosure into a :class:`BudgetDocument`."""
    raw = _merge(raws)
    names = ", ".join(raw.sources)
    identity = detect_identity(raw)
    if not any(kinds.match(t.title) for t in raw.tables):
        raise NotADisclosureError(
            f"{names}: no budget table (收支总体情况表, 支出总体情况表 …) was found; "
            "this does not look like a government budget disclosure. Give the tables' file too "
            "when a disclosure's narrative and tables are separate files"
        )
    identity.update({k: v for k, v in {"department": department, "year": year, "phase": phase,
                                       "level": level}.items() if v is not None})
    if identity["year"] is None:
        raise NotADisclosureError(f"{names}: the budget year is not stated; pass year= to read()")
    if identity["phase"] not in ("budget", "final"):
        raise SourceError(f"phase must be 'budget' or 'final', not {identity['phase']!r}")
    if identity["level"] not in (None, "department", "unit"):
        raise SourceError(f"level must be 'department' or 'unit', not {identity['level']!r}")
    dept = identity["department"] or ""
    records, projects, infos, warnings = tables_to_records(raw.tables, department=dept)
    for rec in records:
        rec.update(department=dept, year=identity["year"], phase=identity["phase"])
    lines = validate(lines_frame(records))
    project_frame = pd.DataFrame.from_records(
        [{**p, "department": dept} for p in projects],
        columns=list(PROJECT_COLUMNS),
    )
    project_frame["amount"] = project_frame["amount"].astype(AMOUNT_DTYPE)
    return BudgetDocument(
        sources=raw.sources,
        department=dept,
        year=identity["year"],
        phase=identity["phase"],
        level=identity["level"] or "department",
        lines=lines,
        projects=project_frame,
        table_info=tuple(infos),
        narrative=raw.narrative,
        text=raw.text,
        pages=raw.pages,
        warnings=tuple(raw.warnings) + tuple(warnings),
    )


def _norm_department(name: str | None) -> str:
    """A loose key for grouping files: :func:`~budgetkit.catalogue.vocabulary.department_key`, any
    委员会 shortened and the 中共 prefix dropped (a narrative may name its office shorter)."""
    if not name:
        return ""
    return department_key(name).replace("委员会", "委").removeprefix("中共")


def _stem(raw: RawDocument) -> str:
    return disclosure_stem(raw.sources[0])


def group_raws(raws: list[RawDocument], how: str = "auto") -> list[list[RawDocument]]:
    """The files of each disclosure together.

    ``how``: ``auto`` groups by department, year and phase as the files state them (a
    narrative file that names its department differently, or not at all, joins the
    tables file of the same year whose file name shares its stem); ``each`` reads every
    file alone; ``all`` reads all files as one disclosure.
    """
    if how == "all":
        return [list(raws)] if raws else []
    if how == "each":
        return [[r] for r in raws]
    if how != "auto":
        raise SourceError(f"unknown grouping {how!r}; use auto, each or all")
    ids = [detect_identity(r) for r in raws]
    has_tables = [any(kinds.match(t.title) for t in r.tables) for r in raws]
    groups: list[list[int]] = []
    for i, raw in enumerate(raws):
        placed = False
        for g in groups:
            j = g[0]
            same_time = ids[i]["year"] == ids[j]["year"] and ids[i]["phase"] == ids[j]["phase"]
            a, b = _norm_department(ids[i]["department"]), _norm_department(ids[j]["department"])
            same_dept = bool(a and b and (a in b or b in a))
            same_stem = _stem(raw) == _stem(raws[j])
            if same_time and (same_dept or same_stem) and not (has_tables[i] and has_tables[j] and not same_stem
                                                                and a != b):
                g.append(i)
                placed = True
                break
        if not placed:
            groups.append([i])
    # Within a group: narrative first, then tables, in the order given.
    return [[raws[i] for i in sorted(g, key=lambda i: (has_tables[i], i))] for g in groups]
