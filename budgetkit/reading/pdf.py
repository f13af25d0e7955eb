"""PDF source: a disclosure PDF to a :class:`~budgetkit.reading.raw.RawDocument`.

The steps, each cheap before the next costly one:

1. ``open``: pdfium opens the file; a file that is not a PDF, is empty, truncated or
   encrypted raises its own :class:`~budgetkit.errors.SourceError` subclass.
2. ``page models``: pdfium reads every page's characters and ruling edges (fast, in C).
   A PDF with no text layer at all is a scan (:class:`~budgetkit.errors.ScannedPdfError`).
3. ``classify``: a page with ruling lines in both directions is a *table page*; every
   other page is prose. Only table pages go to a table engine. A prose page whose text
   lines hold figures is read once more by :mod:`._columns`: a table ruled with
   horizontal lines only, or not at all, is found from the text's x-positions.
4. ``engine``: one of :data:`ENGINES` finds the ruled tables of the table pages and their
   cell text, as :class:`EngineTable` (page, bbox, rows). Everything engine-specific
   stays behind this call.
5. ``fragments``: each engine table becomes a :class:`RawTable`: title, 单位名称 and money
   unit from the text above it (or from title rows inside its frame), 注 lines from
   below; an untitled table at the top of a page continues the previous page's table.
   The text outside the tables is the prose; the 情况说明 is cut from it.
"""

from __future__ import annotations

import gc
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from budgetkit._normalize import (
    TABLE_LABEL,
    clean_text,
    find_money_unit,
    key,
    looks_like_amount,
    strip_numbering,
    title_key,
)
from budgetkit.catalogue import kinds
from budgetkit.errors import (
    EmptyFileError,
    EngineUnavailableError,
    NotAPdfError,
    ScannedPdfError,
    SourceError,
    TruncatedPdfError,
)
from budgetkit.reading import _columns, _page
from budgetkit.reading._lines import Line, chars_to_lines, lines_to_paragraphs
from budgetkit.reading._page import EngineTable
from budgetkit.reading.raw import RawDocument, RawTable


@dataclass
class Engine:
    """A table engine: ``extract(path, pages, table_pages) -> [EngineTable]``."""

    name: str
    extract: Callable[[Path, list[_page.PageModel], list[int]], list[EngineTable]]
    description: str = ""


def _pdfium_engine(path: Path, pages: list[_page.PageModel], table_pages: list[int]) -> list[EngineTable]:
    from budgetkit.reading._pdfium import page_tables

    out = []
    for number in table_pages:
        for bbox, rows, columns in page_tables(pages[number - 1]):
            out.append(EngineTable(number, bbox, tuple(tuple(r) for r in rows), columns))
    return out


def _pdfplumber_engine(path: Path, pages: list[_page.PageModel], table_pages: list[int]) -> list[EngineTable]:
    import pdfplumber

    from budgetkit.reading._pdfium import cells_to_columns

    out = []
    try:
        with pdfplumber.open(path) as pdf:
            for number in table_pages:
                page = pdf.pages[number - 1]
                for table in page.find_tables():
                    out.append(EngineTable(number, tuple(table.bbox), tuple(tuple(r) for r in table.extract()),
                                           cells_to_columns(table.cells)))
                page.close()
    except Exception as exc:  # pdfminer parses the file anew, and fails in its own ways where it is damaged
        raise TruncatedPdfError(f"{path}: pdfminer cannot read this PDF ({type(exc).__name__}: {str(exc)[:120]}); "
                                "it is damaged: download it again, or read it with the default engine") from None
    return out


ENGINES: dict[str, Engine] = {}


def register_engine(engine: Engine) -> Engine:
    ENGINES[engine.name] = engine
    return engine


register_engine(Engine("pdfium", _pdfium_engine,
                       "pdfium page model + pdfplumber's lattice geometry (table pages only)"))
register_engine(Engine("pdfplumber", _pdfplumber_engine, "pdfplumber find_tables on the table pages"))


def _tabula(path, pages, table_pages):
    from budgetkit.reading._tabula import extract

    return extract(path, pages, table_pages)


register_engine(Engine("tabula", _tabula, "tabula-java lattice, all table pages in one call"))

#: The engine used when none is named (chosen by measurement: README, "Reading PDFs").
DEFAULT_ENGINE = "pdfium"


def read_pdf(path: str | Path, engine: str | None = None) -> RawDocument:
    """Read a disclosure PDF into a :class:`RawDocument` with the named table engine."""
    path = Path(path)
    name = engine or DEFAULT_ENGINE
    if name not in ENGINES:
        raise EngineUnavailableError(f"unknown PDF engine {name!r}; choose one of {', '.join(ENGINES)}")
    _check_file(path)
    with _collector_paused(name == "pdfium"):  # (pdfminer's objects, read by another engine, do hold cycles)
        return _read_pdf(path, name)


def _read_pdf(path: Path, name: str) -> RawDocument:
    pdf = _page.open_document(path)
    try:
        if len(pdf) == 0:
            raise EmptyFileError(f"{path}: the PDF has no pages; download it again")
        pages = [_page.read_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()
    if not any(p.text_chars for p in pages):
        raise ScannedPdfError(
            f"{path}: the PDF has no text layer (a scanned document?); its numbers cannot be read. "
            "Run OCR first (e.g. `ocrmypdf --language chi_sim in.pdf out.pdf`) or give the text version"
        )
    table_pages = [p.number for p in pages if is_table_page(p)]
    found = ENGINES[name].extract(path, pages, table_pages) if table_pages else []
    ruled = set(table_pages)
    prose = {p.number: chars_to_lines(p.chars) for p in pages if p.number not in ruled}
    found += [t for number, lines in prose.items() for t in text_tables(pages[number - 1], lines)]
    return assemble(pages, found, source=str(path), prose=prose)


@contextmanager
def _collector_paused(pause: bool = True):
    """Python's cyclic garbage collector paused (when ``pause``) while a PDF is read, then
    as it was.

    The page model is one object per character, none of them in a reference cycle; run
    every 700 allocations, the collector would walk them (and every other object the
    process holds) over and over: a fifth of the time a page takes to read. The pages are
    freed by reference counting before it runs again, and any cycle made meanwhile is
    collected then.
    """
    enabled = pause and gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def text_tables(page: _page.PageModel, lines: list[Line]) -> list[EngineTable]:
    """The tables of a page the ruled path did not take, placed by the text's x-positions
    (ruled with horizontal lines only, or not at all); none when its lines hold no grid
    of figures."""
    if not _columns.may_hold_table(lines):
        return []
    rules = [(e["x0"], e["x1"], e["top"]) for e in page.edges
             if e["orientation"] == "h" and e["width"] >= 8 and e.get("visible", True)]
    note = (f"p.{page.number}: no ruled grid; columns placed by the text's x-positions and rows by its "
            "lines, so a cell may sit one column or row off: check this page's figures against the PDF")
    return [EngineTable(page.number, bbox, tuple(tuple(r) for r in rows), columns, note)
            for bbox, rows, columns in _columns.page_tables(lines, rules, _ends_a_table)]


def _ends_a_table(text: str) -> bool:
    """A line no table body runs through: a title, its number alone, the 单位 line, a note."""
    t = clean_text(text)
    return bool(_is_title(t) or (t and not _strip_number(t)) or _UNIT_NAME.search(t) or find_money_unit(t)
                or _NOTE.match(t) or t.startswith("本表"))


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from None
    if size == 0 or not head.strip():
        raise EmptyFileError(f"{path}: the file is empty; download the disclosure again")
    if b"%PDF" not in head:
        raise NotAPdfError(
            f"{path}: not a PDF (no %PDF header, starts with {head[:8]!r}); "
            "give the disclosure as PDF, or as text with a .txt name"
        )


def _long_edges(page: _page.PageModel, orientation: str, minimum: float = 8.0) -> int:
    length = "width" if orientation == "h" else "height"
    return sum(1 for e in page.edges
               if e["orientation"] == orientation and e[length] >= minimum and e.get("visible", True))


def is_table_page(page: _page.PageModel) -> bool:
    """A page with ruling lines in both directions (at least a 2 × 2 grid) holds a table.

    Only lines the page shows count: white boxes a word processor draws behind each line
    of prose (its text frames) make a lattice of nothing. Cheap: counts the edges pdfium
    already read; no table extraction runs.
    """
    return _long_edges(page, "h") >= 3 and _long_edges(page, "v") >= 3 and page.text_chars > 0


# ---------------------------------------------------------------- fragments

_UNIT_NAME = re.compile(r"(?:单位名称|部门名称|编制单位|编制部门|预算单位|预算主管部门|部门)\s*[:：]\s*(.*?)\s*(?=(?:金额)?单位\s*[:：]|$)")
#: A table's number printed before (or as a line above) its title: 公开02表, 预算01表, 表5,
#: 表3-1, 附表1, 公开表11, 表一; a title may also open with the colon of "附件：".
_TABLE_NUMBER = re.compile(rf"^[\s:：]*{TABLE_LABEL}\s*[:：.．、]?\s*|^[\s:：]+")
#: What may follow a title's last 表: a parenthesised qualifier (按功能分类, 不含上年结转) or 续.
_TITLE_TAIL = re.compile(r"(?:\([^()]*\)|续表?)+$")
_NOTE = re.compile(r"^(注|说明|备注)\s*[:：\d]")


def _strip_number(line: str) -> str:
    return _TABLE_NUMBER.sub("", line.strip()).strip()


def _title_core(text: str) -> str:
    """A title's key without its number and the qualifier after its last 表.

    >>> _title_core("表5 部门综合预算一般公共预算支出明细表（按支出功能分类科目）")
    '部门综合预算一般公共预算支出明细表'
    >>> _title_core("公开05表 财政拨款支出表（功能科目）(续)")
    '财政拨款支出表'
    """
    return _TITLE_TAIL.sub("", title_key(_strip_number(text)))


def _is_title(text: str) -> bool:
    """A line that names a table: its words end with 表 (before any qualifier in brackets),
    and it is no sentence, amount, unit line or table-of-contents entry."""
    t = _strip_number(text)
    if not t or len(t) > 60 or _UNIT_NAME.search(t) or find_money_unit(t):
        return False
    if kinds.match(t) is not None:
        return True
    if any(mark in t for mark in ("。", "；", "……", "...", "详见")) or _HEADING_PART.match(t):
        return False
    core = _title_core(t)
    return len(core) >= 3 and core.endswith("表") and not looks_like_amount(core)


def _meta(lines: list[str]) -> dict:
    """Title, 单位名称 and money unit among text lines (above a table or in its title rows)."""
    out = {"title": "", "unit_name": "", "money_unit": ""}
    parts = [p.strip() for line in lines for p in line.split("\n") if p.strip()]
    for a, b in itertools.pairwise(parts):
        # A long title wrapped over two lines: "…培训费支出预" + "算表".
        # (A line ending in 表 is whole: "第二部分 …部门预算表" above a title is no part of it.)
        if (not _is_title(a) and not _title_core(a).endswith("表")
                and kinds.match(_strip_number(a + b)) is not None):
            out["title"] = _strip_number(a + b)
    for s in parts:
        unit = find_money_unit(s)
        if unit and not out["money_unit"]:
            out["money_unit"] = unit
        m = _UNIT_NAME.search(s)
        if m and m.group(1).strip() and not out["unit_name"]:
            out["unit_name"] = clean_text(m.group(1))
        # The last title-like line wins, but never over a known kind with an unknown one,
        # nor over the wrapped title it is the second line of.
        known = out["title"] and kinds.match(out["title"])
        if _is_title(s) and not out["title"].endswith(_strip_number(s)) and not (
                known and not kinds.match(_strip_number(s))):
            out["title"] = _strip_number(s)
    return out


def _filled(cell) -> bool:
    return cell is not None and bool(str(cell).strip())


def _drop_empty_columns(rows: list[list], down_to: int = 0) -> list[list]:
    """Columns with no text in any row are rulings artefacts (a frame drawn around the
    table), except that a continuation page keeps at least ``down_to`` columns: there an
    empty column is a column of blank amounts."""
    if not rows:
        return rows
    width = max(len(r) for r in rows)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    empty = [j for j in range(width) if not any(_filled(r[j]) for r in rows)]
    drop = set(empty[: max(0, width - down_to)] if down_to else empty)
    return [[c for j, c in enumerate(r) if j not in drop] for r in rows]


def _row_text(row: list) -> str:
    return " ".join(str(c).strip() for c in row if _filled(c))


def _is_meta_row(row: list) -> bool:
    cells = [str(c) for c in row if _filled(c)]
    if not cells or any(looks_like_amount(c) for c in cells):
        return False
    joined = " ".join(cells)
    if len(cells) == 1 and any(_is_title(line) for line in cells[0].split("\n")):
        return True
    if all(not _strip_number(c) for c in cells):  # the table's number alone: "公开02表"
        return True
    # A header naming its unit inside a column's name ("预算数（单位：万元）") is no unit line.
    declares = [c for c in cells if _UNIT_NAME.search(c) or find_money_unit(c)]
    qualified = [c for c in declares if not _UNIT_NAME.search(c)
                 and len(_DECLARATION.sub("", key(c)).strip("（）()")) > 2]
    if qualified and len(cells) >= 3:
        return False
    return bool(declares) and len(joined) < 80


_DECLARATION = re.compile(r"(金额)?单位[:：](亿元|万元|元)")


def _title_row(row: list) -> str:
    """The title when ``row`` is a table title drawn inside a ruled grid, else ""."""
    cells = [str(c) for c in row if _filled(c)]
    if len(cells) != 1:
        return ""
    lines = [clean_text(line) for line in cells[0].split("\n")]
    for text in (clean_text(cells[0]), *lines):
        if kinds.match(_strip_number(text)) is not None:
            return _strip_number(text)
    return ""


def _fragmented(rows: list[list]) -> bool:
    """A lattice of tiny rectangles, not a table grid: most cells covered by merged
    cells, and rows holding nothing at all (a row of the table split in two)."""
    cells = [c for r in rows for c in r]
    empty_rows = sum(1 for r in rows if not any(_filled(c) for c in r))
    return (len(cells) > 20 and sum(1 for c in cells if c is None) > 0.4 * len(cells)
            and empty_rows > 0.05 * len(rows))


def _merge_fragmented_columns(rows: list[list]) -> list[list]:
    """Columns a grid of tiny ruled cells split apart, put back together.

    Some PDFs draw every cell border as its own rectangle, slightly offset, so the lattice
    has spurious narrow columns and a value sits one column off its header. Two
    neighbouring columns that never hold text in the same row are one column. (Applied
    to the transposed rows, the same puts back rows split in two.)
    """
    if not rows:
        return rows
    width = max(len(r) for r in rows)
    cols = [[r[j] if j < len(r) else None for r in rows] for j in range(width)]
    j = 0
    while j + 1 < len(cols):
        a, b = cols[j], cols[j + 1]
        if any(_filled(x) for x in a) and any(_filled(y) for y in b) and \
                not any(_filled(x) and _filled(y) for x, y in zip(a, b, strict=True)):
            cols[j] = [x if _filled(x) else y if _filled(y) else ("" if "" in (x, y) else None)
                       for x, y in zip(a, b, strict=True)]
            del cols[j + 1]
            j = max(j - 1, 0)
        else:
            j += 1
    return [[c[i] for c in cols] for i in range(len(rows))]


def _join_label_tails(rows: list[list]) -> list[list]:
    """In a pieced-together lattice, a row holding only the last characters of the labels
    above it ("算" under "1.一般公共预", "经费" under "三、单位预留机动") is joined to them."""
    out: list[list] = []
    in_data = False  # header rows are left alone: their pieces are not in reading order
    for row in rows:
        filled = [j for j, c in enumerate(row) if _filled(c)]
        prev = out[-1] if out else None
        in_data = in_data or any(looks_like_amount(c) for c in row if _filled(c))
        if (in_data and prev is not None and filled and len(filled) <= 3
                and all(len(clean_text(row[j])) <= 4 and not looks_like_amount(row[j]) for j in filled)
                and all(j < len(prev) and _filled(prev[j]) and not looks_like_amount(prev[j]) for j in filled)):
            out[-1] = [f"{c}{row[j]}" if j in filled else c for j, c in enumerate(prev)]
            continue
        out.append(list(row))
    return out


def _transpose(rows: list[list]) -> list[list]:
    width = max((len(r) for r in rows), default=0)
    return [[r[j] if j < len(r) else None for r in rows] for j in range(width)]


def _split_at_titles(rows: list[list]) -> list[list[list]]:
    """A ruled grid that runs on into the next table (its title row inside): split it.

    The rows just above a title that only number the table ("公开03表") go with it.
    """
    parts: list[list[list]] = [[]]
    for row in rows:
        if _title_row(row):
            lead = len(parts[-1])
            while lead and _is_preamble_row(parts[-1][lead - 1]):
                lead -= 1
            if lead:
                parts[-1], moved = parts[-1][:lead], parts[-1][lead:]
                parts.append(moved)
        parts[-1].append(row)
    return parts


def _is_preamble_row(row: list) -> bool:
    """A row printed before a table's title inside its frame: its number, or nothing."""
    cells = [str(c) for c in row if _filled(c)]
    return all(not _strip_number(c) for c in cells)


def _split_frame(rows: list[list]) -> tuple[list[str], list[list], list[str]]:
    """Title rows drawn inside the table frame, the table rows, and 注 rows under them."""
    head: list[str] = []
    while rows and (_is_meta_row(rows[0]) or not any(_filled(c) for c in rows[0])):
        head.extend(str(c) for c in rows[0] if _filled(c))
        head.append(_row_text(rows[0]))
        rows = rows[1:]
    notes: list[str] = []
    while rows:
        cells = [str(c) for c in rows[-1] if _filled(c)]
        if not cells:
            rows = rows[:-1]
            continue
        if len(cells) == 1 and (_NOTE.match(clean_text(cells[0])) or clean_text(cells[0]).startswith("本表")):
            notes.insert(0, clean_text(cells[0]))
            rows = rows[:-1]
            continue
        break
    return head, rows, notes


def _lines_outside(page: _page.PageModel, boxes: list[tuple[float, float, float, float]]) -> list[Line]:
    """The lines of the characters whose centre lies outside every box (1 pt of slack):
    the characters taken by vertical centre, each box looking only at its own band."""
    chars = page.chars
    order = sorted(range(len(chars)), key=lambda i: chars[i].top + chars[i].bottom)
    twice_mid = [chars[i].top + chars[i].bottom for i in order]
    inside: set[int] = set()
    for x0, top, x1, bottom in boxes:
        lo, hi = bisect_left(twice_mid, 2 * (top - 1)), bisect_right(twice_mid, 2 * (bottom + 1))
        for i in order[lo:hi]:
            c = chars[i]
            if 2 * (x0 - 1) <= c.x0 + c.x1 <= 2 * (x1 + 1):
                inside.add(i)
    return chars_to_lines([c for i, c in enumerate(chars) if i not in inside])


def assemble(pages: list[_page.PageModel], found: list[EngineTable], source: str = "",
             prose: dict[int, list[Line]] | None = None) -> RawDocument:
    """Engine tables and page text into fragments and prose (``prose``: the lines of pages
    already grouped, by page number, reused where no table lies on the page)."""
    by_page: dict[int, list[EngineTable]] = {}
    for t in found:
        rows = [[(None if c is None else str(c)) for c in r] for r in t.rows]
        # A one-column frame (a boxed table of contents, a framed paragraph) is not a table.
        if not rows or len(_drop_empty_columns(rows)[0]) < 2:
            continue
        by_page.setdefault(t.page, []).append(replace(t, rows=tuple(tuple(r) for r in rows)))
    fragments: list[RawTable] = []
    shapes: list[_Shape] = []  # per fragment: what a continuation of it must share
    prose_lines: list[tuple[int, Line]] = []
    warnings: list[str] = []
    pending: list[str] = []  # a title printed at the foot of a page, its table on the next
    for page in pages:
        tables = sorted(by_page.get(page.number, []), key=lambda t: t.bbox[1])
        if not tables and prose and page.number in prose:
            lines = prose[page.number]
        else:
            lines = _lines_outside(page, [t.bbox for t in tables])
        cursor = -1.0
        # One table drawn as a lattice of cell rectangles: the page's others are too (and
        # their cell borders, each drawn apart, do not give the columns' geometry).
        lattice = any(_fragmented(_split_frame([list(r) for r in t.rows])[1]) for t in tables)
        for idx, table in enumerate(tables):
            _, top, _, bottom = table.bbox
            above = [ln.text for ln in lines if cursor <= ln.middle < top]
            if idx == 0 and pending:
                above = pending + above
            nxt = tables[idx + 1].bbox[1] if idx + 1 < len(tables) else page.height + 1
            below = [ln for ln in lines if bottom < ln.middle < nxt]
            for k, part in enumerate(_split_at_titles([list(r) for r in table.rows])):
                _fragment(fragments, shapes, warnings, page, idx if k == 0 else 1, part, above if k == 0 else [],
                          below if k == 0 else [], source, lattice,
                          () if lattice else _used_columns(part, table.columns), table.reading)
            cursor = bottom
        trailing = [ln.text for ln in lines if ln.middle > cursor] if tables else []
        pending = trailing if any(kinds.match(_strip_number(t)) for t in trailing) else []
        prose_lines.extend((page.number, ln) for ln in lines)
    (text, text_pages), (narrative, narrative_pages) = _prose(pages, prose_lines)
    return RawDocument(
        sources=(source,), tables=tuple(fragments), text=text, narrative=narrative,
        pages=len(pages), warnings=tuple(warnings), text_pages=text_pages, narrative_pages=narrative_pages,
    )


def _is_wrapped_remainder(first: tuple | list, last: tuple | list) -> bool:
    """The first row of a continued page is the rest of a label the previous page cut."""
    cells = [str(c) for c in first if _filled(c)]
    return (len(cells) == 1 and len(clean_text(cells[0])) <= 8 and not looks_like_amount(cells[0])
            and any(looks_like_amount(c) for c in last if _filled(c))
            and not _is_title(cells[0]) and kinds.match(cells[0]) is None)


def _append_to_label(last: tuple, first: tuple | list) -> tuple:
    """Join the rest of a label to the label it continues: the one in its own column (a
    two-sided table's 支出用途 label wraps in the 支出用途 column, never onto the 支出功能
    label left of it), else the nearest label to its left."""
    at, rest = next((j, str(c)) for j, c in enumerate(first) if _filled(c))
    labels = [j for j, c in enumerate(last) if _filled(c) and not looks_like_amount(c)]
    if not labels:
        return tuple(last)
    j = at if at in labels else max((i for i in labels if i <= at), default=labels[-1])
    return tuple(f"{c}{rest}" if i == j else c for i, c in enumerate(last))


#: Two column borders this close (pt) are one: a border drawn as each cell's own rectangle
#: sits a few points off its neighbour's.
_SAME_X = 4.0


def _used_columns(rows: list[list], columns: tuple[float, ...]) -> tuple[float, ...]:
    """Where the cells of ``rows`` start: the grid's columns these rows use (a grid that runs
    on into another table has the columns of both; a merged cell uses only its first)."""
    width = max((len(r) for r in rows), default=0)
    if len(columns) != width + 1:
        return ()
    return tuple(x for j, x in enumerate(columns[:-1]) if any(j < len(r) and r[j] is not None for r in rows))


@dataclass(frozen=True)
class _Shape:
    """What a table continued on the next page keeps: its column geometry and header."""

    columns: tuple[float, ...]  #: x where its cells start, on all its pages ((): not known)
    header: tuple[str, ...]  #: keys of the header rows printed over the table's first fragment


def _header(rows: list[list]) -> tuple[str, ...]:
    """Keys of the rows above the first row holding an amount (none: no amount at all)."""
    for i, row in enumerate(rows[:8]):
        if any(looks_like_amount(c) for c in row if _filled(c)):
            return tuple(key(_row_text(r)) for r in rows[:i] if any(_filled(c) for c in r))
    return ()


#: Words of column headings (科目编码, 项目名称, 合计, 预算数 …), not of data rows.
_HEADING_WORDS = ("科目", "编码", "代码", "名称", "合计", "小计", "总计", "金额", "预算数", "决算数", "项目", "单位")


def _is_header_row(row: list) -> bool:
    """Column headings: short cells, none an amount, a code or a numbered item, at least
    two of them heading words."""
    cells = [clean_text(c) for c in row if _filled(c)]
    return (len(cells) >= 2
            and all(len(c) <= 24 and not looks_like_amount(c) and not c[0].isdigit() and strip_numbering(c) == c
                    for c in cells)
            and sum(1 for c in cells if any(w in c for w in _HEADING_WORDS)) >= 2)


def _columns_agree(before: tuple[float, ...], after: tuple[float, ...], tolerance: float = _SAME_X) -> bool:
    """The column boundaries of a page's table are (nearly all) those of the table before.

    A continued table keeps its template's columns; it may lose a column a merged label
    cell held on the page before, so ``after`` need only be a near subset of ``before``;
    a form (a project's 绩效目标 table) may split a wide cell of the page before, so
    ``after`` may also hold every column of ``before`` and more.
    """
    def matched(a, b):
        return sum(1 for x in b if any(abs(x - y) <= tolerance for y in a))

    return ((matched(before, after) >= 0.8 * len(after) and len(after) >= 0.5 * len(before))
            or (len(before) >= 3 and matched(after, before) == len(before)))


def _join_columns(before: tuple[float, ...], after: tuple[float, ...], tolerance: float = _SAME_X) -> tuple[float, ...]:
    """The columns of a table over its pages: those of ``after`` not already in ``before`` added."""
    return tuple(sorted([*before, *(x for x in after if all(abs(x - y) > tolerance for y in before))]))


def _continues(shape: _Shape, rows: list[list], columns: tuple[float, ...]) -> bool:
    """An untitled table at the top of a page continues the table before it.

    It does when it repeats that table's header, or (printing no header of its own) when
    its column geometry agrees; a table with column headings of its own is another table.
    """
    header = _header(rows)
    if header and shape.header and header[0] == shape.header[0]:
        return True
    if shape.columns and columns and not _columns_agree(shape.columns, columns):
        return False
    first = next((r for r in rows if any(_filled(c) for c in r)), None)
    return not (first is not None and shape.header and _is_header_row(first)
                and key(_row_text(first)) not in shape.header)


def _fragment(fragments: list[RawTable], shapes: list[_Shape], warnings: list[str], page, idx: int,
              rows: list[list], above: list[str], below: list[Line], source: str, fragmented: bool = False,
              columns: tuple[float, ...] = (), placed: str = "") -> None:
    """One table part of a page → a fragment (titled, or continuing the previous page's)."""
    head_rows, rows, notes_in = _split_frame(rows)
    if fragmented:
        rows = _merge_fragmented_columns(_drop_empty_columns(rows))
        rows = _merge_fragmented_columns(_transpose(_merge_fragmented_columns(_transpose(rows))))
        rows = _join_label_tails(rows)
    meta = _meta(above + head_rows)
    notes = list(notes_in)
    for ln in below:
        text = clean_text(ln.text)
        if _NOTE.match(text) or text.startswith("本表") or (notes and not _is_title(text) and not notes_in):
            notes.append(text)
        else:
            break
    title = meta["title"]
    prev = fragments[-1] if fragments else None
    continued = False
    if not title:
        first_on_page = idx == 0 and not any(_is_title(line) for line in above)
        if (prev is not None and first_on_page and prev.page in (page.number - 1, page.number)
                and _continues(shapes[-1], rows, columns)):
            title, continued = prev.title, True
        else:
            warnings.append(f"p.{page.number}: a ruled table without a title; kept as 'other'")
            title = f"(untitled table p.{page.number})"
    rows = _drop_empty_columns(rows, down_to=max(len(r) for r in prev.rows) if continued and prev.rows else 0)
    if continued and rows and prev.rows and _is_wrapped_remainder(rows[0], prev.rows[-1]):
        # "八、社会保障和就" at the foot of one page, "业支出" at the head of the next.
        joined = (f"p.{prev.page}–{page.number}: a row label cut by the page break was joined to its rest "
                  f"({clean_text(rows[0][next(j for j, c in enumerate(rows[0]) if _filled(c))])!r})")
        fragments[-1] = prev = replace(prev, rows=(*prev.rows[:-1], _append_to_label(prev.rows[-1], rows[0])),
                                       reading=(*prev.reading, joined))
        rows = rows[1:]
    if continued and not any(_filled(c) for r in rows for c in r):
        return
    reading = [placed] if placed else []
    if fragmented:
        reading.append(
            f"p.{page.number}: ruled as a lattice of separate cell rectangles; its rows and columns were "
            "pieced back together, and a header split over several rows may name the wrong column: check "
            "this page's figures against the PDF"
        )
    shapes.append(_Shape(_join_columns(shapes[-1].columns, columns) if continued else columns,
                         shapes[-1].header if continued else _header(rows)))
    fragments.append(RawTable(
        title=title, rows=tuple(tuple(r) for r in rows), page=page.number,
        unit_name=meta["unit_name"], money_unit=meta["money_unit"],
        notes=tuple(notes), source=source, reading=tuple(reading),
    ))


_HEADING_NARRATIVE = re.compile(r"(情况说明|编制说明)\s*$")
_HEADING_GLOSSARY = re.compile(r"^(第[一二三四五六七八九十]+部分\s*)?名词解释\s*$")
_HEADING_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def _prose(pages: list[_page.PageModel], prose_lines: list[tuple[int, Line]]) -> tuple[tuple, tuple]:
    """All prose as paragraphs, and the 情况说明 cut from it: each ``(text, ((offset, page), …))``,
    the offsets where each page's paragraphs start."""
    paragraphs: list[str] = []
    page_of: list[int] = []
    by_page: dict[int, list[Line]] = {}
    for number, ln in prose_lines:
        by_page.setdefault(number, []).append(ln)
    for page in pages:
        lines = by_page.get(page.number, [])
        lines = [ln for ln in lines if not re.fullmatch(r"\s*[-—]?\s*\d+\s*[-—]?\s*", ln.text)]  # page numbers
        found = [p for p in lines_to_paragraphs(lines) if p]
        paragraphs.extend(found)
        page_of.extend([page.number] * len(found))
    narrative: list[str] = []
    narrative_page_of: list[int] = []
    state = "before"
    for i, p in enumerate(paragraphs):
        k = key(p)
        nxt = key(paragraphs[i + 1]) if i + 1 < len(paragraphs) else ""
        # A table-of-contents entry: dot leaders, or a part heading followed by the next one.
        is_toc = ("……" in p or "..." in p or re.search(r"\.{4,}|…{2,}", p) is not None
                  or (_HEADING_PART.match(k) is not None and _HEADING_PART.match(nxt) is not None))
        if not is_toc and _HEADING_NARRATIVE.search(k) and len(k) < 40:
            state = "in"
        elif (not is_toc and _HEADING_GLOSSARY.match(k)) or (state == "out" and _HEADING_PART.match(k)):
            state = "out"
        if state == "in":
            narrative.append(p)
            narrative_page_of.append(page_of[i])
    return _joined(paragraphs, page_of), _joined(narrative, narrative_page_of)


def _joined(paragraphs: list[str], page_of: list[int]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Paragraphs joined by line breaks, with the offset where each page's first one starts."""
    starts: list[tuple[int, int]] = []
    offset = 0
    for p, number in zip(paragraphs, page_of, strict=True):
        if not starts or starts[-1][1] != number:
            starts.append((offset, number))
        offset += len(p) + 1
    return "\n".join(paragraphs), tuple(starts)
