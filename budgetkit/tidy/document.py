"""``budgetkit.read``: files in, a :class:`BudgetDocument` out."""

from __future__ import annotations

import html
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from pathlib import Path

import pandas as pd

from budgetkit._normalize import clean_text, key
from budgetkit._paths import disclosure_stem
from budgetkit.catalogue import kinds
from budgetkit.catalogue.vocabulary import department_key
from budgetkit.errors import BudgetkitError, NotADisclosureError, ScannedPdfError, SourceError
from budgetkit.reading import RawDocument
from budgetkit.reading.text import read_text
from budgetkit.tidy.fragments import TableInfo
from budgetkit.tidy.rows import tables_to_records
from budgetkit.tidy.schema import AMOUNT_DTYPE, lines_frame, validate

PROJECT_COLUMNS = ("source", "department", "unit", "name", "amount", "performance_goal", "table", "page", "row")

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
        The tidy budget lines (:mod:`budgetkit.tidy.schema`).
    projects
        The project list with each project's 绩效目标 (text kept as printed).
    table_info
        One :class:`~budgetkit.tidy.rows.TableInfo` per printed table, in order.
    narrative
        The 情况说明 text; ``text`` holds all prose outside the tables.
    warnings
        What could not be read faithfully, each naming its table and page.
    text_pages, narrative_pages
        Where each page's prose starts in ``text`` / ``narrative``: ``(offset, page)`` pairs
        (:meth:`page_at`); empty for a source without pages (the text seed).
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
    text_pages: tuple[tuple[int, int], ...] = field(default=())
    narrative_pages: tuple[tuple[int, int], ...] = field(default=())

    def page_at(self, offset: int, *, narrative: bool = True) -> int | None:
        """The page the character at ``offset`` of ``narrative`` (or of ``text``) is printed on;
        ``None`` where the source has no pages."""
        return page_at(self.narrative_pages if narrative else self.text_pages, offset)

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
        return (
            "<div class='budgetkit-document'>"
            f"<h4>{esc(self.department)} · {self.year}年{esc(phase)}</h4>"
            f"<p>{esc(', '.join(Path(s).name for s in self.sources))} · {self.pages} pages · "
            f"{len(self.lines)} lines · {len(self.projects)} projects</p>"
            "<p>Audit it with <code>budgetkit.check(doc)</code>.</p>"
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
        from budgetkit.reading import pdf  # imported on demand: the PDF engines are heavy

        return pdf.read_pdf(path, engine=engine)
    return read_text(path)


def load_each(paths: Iterable[str | Path], engine: str | None = None,
              timings: dict[str, float] | None = None) -> list[RawDocument | BudgetkitError]:
    """Read every file, keeping going past one that cannot be read: its raw document, or its
    error (``timings``: filled with the seconds each file took, by path)."""
    out: list[RawDocument | BudgetkitError] = []
    for path in paths:
        t0 = time.perf_counter()
        try:
            out.append(load_raw(path, engine=engine))
        except BudgetkitError as exc:
            out.append(exc)
        if timings is not None:
            timings[str(path)] = time.perf_counter() - t0
    return out


def scanned_part(path: str | Path, error: ScannedPdfError) -> RawDocument:
    """A file of a disclosure that is a scan (a 情况说明 without a text layer beside the tables
    PDF): it stands in the disclosure with a warning saying its text was not read."""
    return RawDocument(sources=(str(path),), tables=(), text="", narrative="", pages=0,
                       warnings=(f"{Path(path).name}: a scan without a text layer; its text (the 情况说明) "
                                 "was not read — run OCR on it to have it checked",))


def _join_scans(found: list, paths: list[str]) -> list:
    """A scanned file whose name differs from one disclosure's files only by a part word
    (``-narrative`` beside ``-tables``) joins that disclosure; any other stays an error."""
    stems = {i: disclosure_stem(Path(p).name) for i, p in enumerate(paths)}
    out = [f for f in found if not isinstance(f[2], ScannedPdfError)]
    for i, sources, error in (f for f in found if isinstance(f[2], ScannedPdfError)):
        homes = [k for k, (_, srcs, item) in enumerate(out) if isinstance(item, list)
                 and {disclosure_stem(Path(s).name) for s in srcs} == {stems[i]}]
        if len(homes) == 1:
            at, srcs, item = out[homes[0]]
            out[homes[0]] = (min(at, i), (*sources, *srcs), [scanned_part(sources[0], error), *item])
        else:
            out.append((i, sources, error))
    return out


def group_files(paths: Iterable[str | Path], how: str = "auto", *, engine: str | None = None,
                timings: dict[str, float] | None = None,
                **overrides) -> list[tuple[tuple[str, ...], list[RawDocument] | BudgetkitError]]:
    """The disclosures among ``paths``: each one's files with their raw documents (grouped by
    :func:`group_raws`), and each file that could not be read alone with its error, in the
    order the files were given."""
    paths = [str(p) for p in paths]
    loaded = load_each(paths, engine=engine, timings=timings)
    raws = [r for r in loaded if isinstance(r, RawDocument)]
    found: list[tuple[int, tuple[str, ...], list[RawDocument] | BudgetkitError]] = [
        (i, (path,), r) for i, (path, r) in enumerate(zip(paths, loaded, strict=True))
        if not isinstance(r, RawDocument)
    ]
    index = {id(r): i for i, r in enumerate(loaded)}
    for group in group_raws(raws, how, **overrides):
        found.append((min(index[id(r)] for r in group), tuple(s for r in group for s in r.sources), group))
    if how != "each":
        found = _join_scans(found, paths)
    return [(sources, item) for _, sources, item in sorted(found, key=lambda f: f[0])]


def read_each(paths: Iterable[str | Path], how: str = "auto", *, engine: str | None = None,
              department: str | None = None, year: int | None = None, phase: str | None = None,
              level: str | None = None) -> Iterator[tuple[tuple[str, ...], BudgetDocument | BudgetkitError]]:
    """Every disclosure among ``paths``, read: its files and its document, or the error that
    stopped it (a file that cannot be read, a disclosure without a budget table). Never
    raises for one disclosure: the caller reports it and goes on.

    Raises
    ------
    SourceError
        ``how`` or an override is not valid.
    """
    check_overrides(phase=phase, level=level)
    overrides = {"department": department, "year": year, "phase": phase, "level": level}
    for sources, item in group_files(paths, how, engine=engine, **overrides):
        if isinstance(item, BudgetkitError):
            yield sources, item
            continue
        try:
            yield sources, build(item, **overrides)
        except BudgetkitError as exc:
            yield sources, exc


def page_at(starts: tuple[tuple[int, int], ...], offset: int) -> int | None:
    """The page of the character at ``offset``, from ``(offset, page)`` starts in order."""
    found = None
    for start, page in starts:
        if start > offset:
            break
        found = page
    return found


def _shifted(parts: list[tuple[str, tuple]]) -> tuple[tuple[int, int], ...]:
    """``(offset, page)`` starts of texts joined by line breaks, each text's offsets shifted."""
    out, base = [], 0
    for text, starts in parts:
        out.extend((base + o, p) for o, p in starts)
        base += len(text) + 1
    return tuple(out)


def _merge(raws: list[RawDocument]) -> RawDocument:
    """The files of one disclosure as one raw document (pages stay per file)."""
    if len(raws) == 1:
        return raws[0]
    narratives = [r for r in raws if r.narrative]
    return RawDocument(
        sources=tuple(s for r in raws for s in r.sources),
        tables=tuple(t for r in raws for t in r.tables),
        text="\n".join(r.text for r in raws),
        narrative="\n".join(r.narrative for r in narratives),
        pages=sum(r.pages for r in raws),
        warnings=tuple(w for r in raws for w in r.warnings),
        text_pages=_shifted([(r.text, r.text_pages) for r in raws]),
        narrative_pages=_shifted([(r.narrative, r.narrative_pages) for r in narratives]),
    )


#: How an organisation's name ends (局, 委员会, 办公厅, 中心 …), a bracketed qualifier after it
#: (（本级）, （汇总）, a second name).
_ORG_NAME = re.compile(
    r"^[\u4e00-\u9fffA-Za-z0-9·()（）]{1,60}?"
    r"(?:局|厅|委员会|委|办公室|办事处|办|院|中心|所|站|处|会|部|队|学校|校|学院|馆|社|团|署|室|政府|公司|园|台|"
    r"监狱|基地|协会|联合会|研究会|学会|集团)"
    r"(?:[(（][^()（）]{1,24}[)）])?$"
)
#: Words a department's name never holds: the cover line or 目录 entry around it.
_NOT_A_NAME = re.compile(r"目录|部分|说明|公开|报表|预算|决算|情况|[表，。、：:；]|^(?:本|我|该|各|全)")
_NUMBERING = re.compile(r"^(?:附件\d*[:：]?|第[一二三四五六七八九十]+部分[:：]?|[一二三四五六七八九十]+[、.．]|\d+[、.．])")
_SUMMARY = re.compile(r"[(（](?:部门)?汇总[)）]$")
_OWN_WORD = re.compile(r"(?<=[局厅委办室院心所会部队])(?:部门|单位)$")  # "北京市统计局部门2026年度…"
_YEAR = r"(?P<year>(?:19|20)\d{2})年度?"
_WHAT = r"(?:[省市区县]级)?(?P<level>部门|单位)(?:综合|收支|财务收支)?(?P<phase>预算|决算)"
#: A cover or title line: "江苏省委办公厅2017年度部门预算", "2017年度江苏省高级人民法院部门收支预算总表",
#: "上海市普陀区2025年区级部门预算" (no department), "2026年部门预算情况说明".
_COVER = (re.compile(rf"^(?P<name>.+?){_YEAR}{_WHAT}"), re.compile(rf"^{_YEAR}(?P<name>.+?){_WHAT}"),
          re.compile(rf"{_YEAR}{_WHAT}"))
_COVER_LINES = 40  # the cover, title and 目录 lines looked at
_COVER_LINE_CHARS = 50  # a longer line is a sentence, not a cover or a title
#: A department's name printed after a label: above the tables, on the cover, in a table's first rows.
_NAME_LABELS = ("部门名称", "单位名称", "预算单位", "预算单位名称", "编制部门", "编制单位", "预算部门")
_PARENT_LABELS = ("预算主管部门", "主管部门")  #: a unit's parent: the department only when nothing else says
_LABELLED = re.compile(r"(?P<label>预算主管部门|主管部门|部门名称|单位名称|预算单位名称|预算单位|编制部门|编制单位|预算部门)"
                       r"[:：]\s*(?P<name>[^\s:：，。]{2,60})")
_YEAR_PHASE = re.compile(r"((?:19|20)\d{2})年度?(?:[^，。0-9]{0,40}?)(预算|决算)")
#: A 部门 or 单位 document says so: 部门预算, 单位财务收支预算总表, a "部门名称" label above its figures.
_LEVEL_WORDS = re.compile(r"(部门|单位)(?:综合|财务|收支|财务收支)?(?:预算|决算)|(部门)名称")
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})年")


def department_name(text: str | None) -> str | None:
    """The department a printed name stands for, or ``None`` when the text is no organisation's name.

    Numbering and a 部门汇总 qualifier go; 本级 stays (the department's own office is
    another disclosure than the whole department's).

    >>> department_name("西安市财政局（汇总）")
    '西安市财政局'
    >>> department_name("第二部分 省委办公厅")
    '省委办公厅'
    >>> department_name("部门预算信息公开目录第一部分") is None
    True
    """
    name = clean_text(text).replace(" ", "")
    name = _NUMBERING.sub("", name)
    name = _SUMMARY.sub("", name)
    name = _OWN_WORD.sub("", name)
    if not name or _NOT_A_NAME.search(name) or not _ORG_NAME.match(key(name)):
        return None
    return name


#: What follows a 单位名称 / 部门名称 cell when it heads a column, not a name.
_NOT_A_LABELLED_NAME = re.compile(r"合计|总计|小计|备注|科目|金额|预算数|决算数|变动|万元|^\d|^[-—/]+$|名称$|[预决]算$")


def labelled_name(text: str | None) -> str | None:
    """The name printed after a label (单位名称：…), or ``None`` when the cell after the label
    heads a column (合计, 备注, 拟变动情况 …). The label vouches for the name: it is taken as
    printed, whatever characters it holds.

    >>> labelled_name("西安市财政局（汇总）")
    '西安市财政局'
    >>> labelled_name("“三公”经费合计") is None
    True
    """
    name = _SUMMARY.sub("", clean_text(text).replace(" ", ""))
    if len(name) < 2 or _NOT_A_LABELLED_NAME.search(name):
        return None
    return name


def _cover_lines(raw: RawDocument) -> list[str]:
    """The first short lines of the prose, each alone and joined with the next one and two
    (a cover prints year, name and 单位预算 on lines of their own)."""
    lines = [key(line) for line in raw.text.splitlines()]
    lines = [line for line in lines if line][:_COVER_LINES]
    joined = [line for i in range(len(lines)) for line in dict.fromkeys("".join(lines[i:i + n]) for n in (1, 2, 3))]
    return [line for line in joined if len(line) <= _COVER_LINE_CHARS]


def cover_identity(raw: RawDocument) -> dict:
    """What the cover, title and 目录 lines state: department, year, phase and level (None where silent)."""
    found = {"department": None, "year": None, "phase": None, "level": None}
    for line in _cover_lines(raw):
        for pattern in _COVER:
            m = pattern.search(line)
            if not m:
                continue
            name = department_name(m.groupdict().get("name"))
            if found["year"] is None:
                found.update(year=int(m.group("year")), level=_LEVEL[m.group("level")],
                             phase=_PHASE[m.group("phase")])
            if name:
                found.update(department=name, year=int(m.group("year")), level=_LEVEL[m.group("level")],
                             phase=_PHASE[m.group("phase")])
                return found
    return found


def labelled_departments(raw: RawDocument) -> tuple[Counter, Counter]:
    """Names printed after a label (单位名称：, 部门名称, 预算单位：…), and after 主管部门 apart.

    The labels are read above the tables (the source's ``unit_name``), in the prose, and
    in a table's first rows (a 部门名称 cell followed by the name's cell).
    """
    names: Counter = Counter()
    parents: Counter = Counter()
    for t in raw.tables:
        name = labelled_name(t.unit_name)
        if name:
            names[name] += 1
        for row in t.rows[:4]:
            cells = [c for c in row if c]
            for label, value in pairwise(cells):
                name = department_name(value)  # a cell after 单位名称 may head a column: a name only
                if name and key(label) in _NAME_LABELS:
                    names[name] += 1
                elif name and key(label) in _PARENT_LABELS:
                    parents[name] += 1
    for m in _LABELLED.finditer(raw.text):
        name = labelled_name(m.group("name"))
        if name:
            (parents if m.group("label") in _PARENT_LABELS else names)[name] += 1
    return names, parents


def detect_identity(raw: RawDocument) -> dict:
    """Department, year, phase and level as the document states them (None if not found).

    The cover and title lines come first ("北京市商务局2026年度部门预算", "2017年度江苏省高级
    人民法院部门收支预算总表"); the department is otherwise the name printed most often
    after a label (单位名称 above the tables, 部门名称 in a table's first rows, 预算单位：),
    a 主管部门 last (for a 单位 document it names the parent). Year, phase and level
    otherwise come from the table titles and the opening prose. Never from a file name.
    """
    found = cover_identity(raw)
    names, parents = labelled_departments(raw)
    if names:
        found["department"] = names.most_common(1)[0][0]
    elif parents and found["department"] is None:
        found["department"] = parents.most_common(1)[0][0]
    head = key(raw.text[:4000])
    titles = [key(t.title) for t in raw.tables]
    if found["year"] is None:
        found["year"] = _year_of(head, titles, raw.tables, raw.text)
    if found["phase"] is None:
        final = sum("决算" in t for t in titles) + ("决算" in head[:600])
        budget = sum("预算" in t for t in titles) + ("预算" in head[:600])
        found["phase"] = "final" if final > budget else "budget" if (budget or raw.tables) else None
    if found["level"] is None:
        said = head[:1500] + " ".join(titles) + " ".join(_header_text(t) for t in raw.tables)
        words = Counter(m.group(1) or m.group(2) for m in _LEVEL_WORDS.finditer(said))
        if words:
            found["level"] = "unit" if words["单位"] > words["部门"] else "department"
    return found


_YEAR_CELL = re.compile(r"^[(（]?((?:19|20)\d{2})年度?[)）]?$")


def _year_of(head: str, titles: list[str], tables, text: str) -> int | None:
    """The budget year from the titles (or a "（2026年度）" cell of a table's first rows), else the first year the opening prose ties to 预算/决算,
    else the year the text names most."""
    years = Counter(int(y) for t in titles for y in _ANY_YEAR.findall(t))
    years.update(int(m.group(1)) for t in tables for row in t.rows[:_HEADER_ROWS] for c in row if c
                 for m in [_YEAR_CELL.match(key(c))] if m)
    if years:
        return years.most_common(1)[0][0]
    m = _YEAR_PHASE.search(head)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in _ANY_YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


#: Words of a budget table's title, and of its header (功能分类科目, 基本支出, 预算数 …):
#: a table holding one of them is a budget table, whether or not a kind matches its title.
BUDGET_TITLE_WORDS = ("预算", "决算", "收支", "支出", "收入", "拨款", "三公", "经费")
BUDGET_HEADER_WORDS = (
    "功能分类", "经济分类", "科目编码", "科目名称", "基本支出", "项目支出", "财政拨款", "一般公共预算",
    "政府性基金", "国有资本经营", "预算数", "决算数", "本年收入", "本年支出", "人员经费", "公用经费",
)
_HEADER_ROWS = 4


def _header_text(table) -> str:
    """The text of a table's first rows, as one key."""
    return "".join(key(c) for row in table.rows[:_HEADER_ROWS] for c in row if c)


def holds_budget_table(raw: RawDocument) -> bool:
    """Whether any page holds a table with budget vocabulary in its title or its header rows."""
    for t in raw.tables:
        title = key(t.title)
        if any(w in title for w in BUDGET_TITLE_WORDS):
            return True
        header = _header_text(t)
        if any(w in header for w in BUDGET_HEADER_WORDS):
            return True
    return False


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
        :data:`budgetkit.reading.pdf.DEFAULT_ENGINE`). Text files ignore it.

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
    loaded = load_each(paths, engine=engine)
    readable = [r for r in loaded if isinstance(r, RawDocument)]
    raws = []
    for path, r in zip(paths, loaded, strict=True):
        if isinstance(r, ScannedPdfError) and readable:
            raws.append(scanned_part(path, r))  # a scanned narrative beside its tables
        elif isinstance(r, BudgetkitError):
            raise r
        else:
            raws.append(r)
    return build(raws, department=department, year=year, phase=phase, level=level)


def check_overrides(*, phase: str | None = None, level: str | None = None) -> None:
    """Raise :class:`SourceError` for a ``phase`` or ``level`` override that is no such thing."""
    if phase not in (None, "budget", "final"):
        raise SourceError(f"phase must be 'budget' or 'final', not {phase!r}")
    if level not in (None, "department", "unit"):
        raise SourceError(f"level must be 'department' or 'unit', not {level!r}")


def build(raws: list[RawDocument], *, department: str | None = None, year: int | None = None,
          phase: str | None = None, level: str | None = None) -> BudgetDocument:
    """Tidy the raw documents of one disclosure into a :class:`BudgetDocument`."""
    raw = _merge(raws)
    names = ", ".join(raw.sources)
    identity = detect_identity(raw)
    if not holds_budget_table(raw):
        raise NotADisclosureError(
            f"{names}: no budget table on any page (no table titled or headed with 预算, 支出, "
            "功能分类科目, 基本支出 …); this does not look like a government budget disclosure. Give the tables' file too "
            "when a disclosure's narrative and tables are separate files"
        )
    check_overrides(phase=phase, level=level)
    identity.update({k: v for k, v in {"department": department, "year": year, "phase": phase,
                                       "level": level}.items() if v is not None})
    if identity["year"] is None:
        raise NotADisclosureError(f"{names}: the budget year is not stated; pass year= to read()")
    if identity["phase"] is None:
        raise NotADisclosureError(f"{names}: 预算 or 决算 is not stated; pass phase= to read()")
    dept = identity["department"] or ""
    records, projects, infos, warnings = tables_to_records(raw.tables, department=dept,
                                                           phase=identity["phase"])
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
        text_pages=raw.text_pages,
        narrative_pages=raw.narrative_pages,
    )


def disclosure_key(identity: dict) -> tuple | None:
    """What makes files one disclosure: department (folded by
    :func:`~budgetkit.catalogue.vocabulary.department_key`), year, phase and level.

    ``None`` when the files do not state department or year: such a file is placed by
    its figures (:func:`group_raws`). A level not stated is ``department`` (a 单位
    document says 单位预算).
    """
    if not identity.get("department") or identity.get("year") is None:
        return None
    return (department_key(identity["department"]), int(identity["year"]), identity.get("phase") or "budget",
            identity.get("level") or "department")


_STATED = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})\d*(?![\d%％])")
_MIN_SHARED = 5  #: stated amounts a file must share with a disclosure to join it by its figures
_MIN_SHARE = Decimal("0.4")
_MIN_AMOUNT = Decimal(10)  #: smaller amounts, and whole ones (12.00), are shared by chance


def stated_amounts(raw: RawDocument) -> set[Decimal]:
    """The amounts a file prints (prose and cells), rounded to 分 of 万元 (元 tables also divided).

    Two files of one disclosure state the same figures — the narrative's 收入预算288,416.35万元
    is the tables' 288,416.349712 — so a file that does not name its department is placed
    with the files whose figures it shares.
    """
    out: set[Decimal] = set()
    cent = Decimal("0.01")
    for t in raw.tables:
        for row in t.rows:
            for c in row:
                for m in _STATED.finditer(c or ""):
                    v = Decimal(m.group(0).replace(",", ""))
                    out.add(v.quantize(cent, ROUND_HALF_UP))
                    if t.money_unit == "元":
                        out.add((v / 10000).quantize(cent, ROUND_HALF_UP))
    for m in _STATED.finditer(raw.text):
        out.add(Decimal(m.group(0).replace(",", "")).quantize(cent, ROUND_HALF_UP))
    return {v for v in out if v >= _MIN_AMOUNT and v != v.to_integral_value()}


@dataclass(frozen=True)
class FileFacts:
    """What grouping needs of one file: its source, what it states, the amounts it prints and
    how many of its tables a kind matches. Small, so a folder of thousands of files is grouped
    without holding their pages."""

    source: str
    identity: dict
    amounts: frozenset
    tables: int


def file_facts(raw: RawDocument) -> FileFacts:
    """The :class:`FileFacts` of one file's raw document."""
    return FileFacts(source=raw.sources[0], identity=detect_identity(raw), amounts=frozenset(stated_amounts(raw)),
                     tables=sum(1 for t in raw.tables if kinds.match(t.title)))


def group_raws(raws: list[RawDocument], how: str = "auto", *, department: str | None = None,
               year: int | None = None, phase: str | None = None,
               level: str | None = None) -> list[list[RawDocument]]:
    """The files of each disclosure together (:func:`group_facts` on each file's facts).

    ``how``: ``auto`` groups by what the files state (:func:`group_facts`); ``each`` reads
    every file alone; ``all`` reads all files as one disclosure. ``department``, ``year``,
    ``phase`` and ``level`` override what every file states.
    """
    if how == "all":
        return [list(raws)] if raws else []
    if how == "each":
        return [[r] for r in raws]
    if how != "auto":
        raise SourceError(f"unknown grouping {how!r}; use auto, each or all")
    groups = group_facts([file_facts(r) for r in raws], department=department, year=year, phase=phase, level=level)
    return [[raws[i] for i in g] for g in groups]


def group_facts(facts: list[FileFacts], *, department: str | None = None, year: int | None = None,
                phase: str | None = None, level: str | None = None) -> list[list[int]]:
    """Which files form one disclosure, as lists of indices: the one rule every command and the batch use.

    Files go together when they state the same department (its spellings folded by
    :func:`~budgetkit.catalogue.vocabulary.department_key`), year, phase (预算 / 决算) and
    level (部门 / 单位) — a narrative PDF with its tables PDF, never two departments, never
    a 部门 document with its 单位 document. A file that states no department joins the one
    disclosure of its year and phase whose figures it shares (at least five amounts and
    40 % of the smaller side's); where its figures do not tell (a narrative stating few
    amounts, disclosures printing the same ones), the disclosure whose file names differ
    from its own only by a part word (``-narrative`` / ``-tables``); else it stands alone.
    A file name never joins files that state different departments. ``department``,
    ``year``, ``phase`` and ``level`` override what every file states.

    Within a disclosure the narrative comes first (the file with fewest budget tables),
    then the tables, each in the order given.
    """
    check_overrides(phase=phase, level=level)
    overrides = {k: v for k, v in {"department": department, "year": year, "phase": phase,
                                   "level": level}.items() if v is not None}
    ids = [f.identity | overrides for f in facts]
    amounts = [f.amounts for f in facts]
    stems = [disclosure_stem(f.source) for f in facts]
    groups: dict[object, list[int]] = {}
    unplaced = []
    for i, identity in enumerate(ids):
        k = disclosure_key(identity)
        if k is None:
            unplaced.append(i)
        else:
            groups.setdefault(k, []).append(i)
    for i in unplaced:
        k = _placed_by_figures(i, ids, amounts, groups)
        k = k if k is not None else _placed_by_name(i, ids, stems, groups)
        groups.setdefault(k if k is not None else ("", i), []).append(i)
    ordered = sorted(groups.values(), key=min)
    return [sorted(g, key=lambda i: (facts[i].tables, i)) for g in ordered]


def _placed_by_figures(i: int, ids: list[dict], amounts: list[set], groups: dict) -> tuple | None:
    """The disclosure of the same year, phase and level (where file ``i`` states them) whose
    figures it shares: at least five amounts, and at least 40 % of the smaller side's, twice as
    many as any other disclosure. (Unrelated documents share a few amounts by chance, a
    department's two years share last year's figures; a narrative and its tables share half
    of the narrative's amounts or more.)"""
    scores = []
    for k, members in groups.items():
        if not isinstance(k, tuple) or len(k) != 4:
            continue
        if not _compatible(ids[i], k):
            continue
        theirs = set().union(*(amounts[j] for j in members))
        shared = len(amounts[i] & theirs)
        if shared >= _MIN_SHARED and shared >= _MIN_SHARE * min(len(amounts[i]), len(theirs)):
            scores.append((shared, k))
    scores.sort(key=lambda s: s[0], reverse=True)
    if scores and (len(scores) == 1 or scores[0][0] >= 2 * scores[1][0]):
        return scores[0][1]
    return None


def _compatible(identity: dict, k: tuple) -> bool:
    """Whether a disclosure key agrees with the year, phase and level a file states."""
    stated = (identity["year"], identity["phase"], identity["level"])
    return all(v is None or v == kv for v, kv in zip(stated, k[1:], strict=True))


def _placed_by_name(i: int, ids: list[dict], stems: list[str], groups: dict) -> tuple | None:
    """The one disclosure (of a compatible year, phase and level) holding a file of the same
    :func:`~budgetkit._paths.disclosure_stem` as file ``i``: a narrative that states nothing
    of itself joins the tables published beside it."""
    found = [k for k, members in groups.items()
             if isinstance(k, tuple) and len(k) == 4 and _compatible(ids[i], k)
             and any(stems[j] == stems[i] for j in members)]
    return found[0] if len(found) == 1 else None
