"""Raw table fragments to tidy budget lines.

The conversions, in order (each small and testable alone):

``join_fragments``   page fragments with the same title → one printed table
``split_header``     leading rows without amounts → header rows
``header_to_columns`` header rows → one :class:`Column` (role, measure, side) per column
``table_to_records`` data rows → line records, by the kind's layout (or the header's: 收入 | 支出 side by side)
``attribute_units``  economic blocks repeated per unit → their 资金使用单位

Nothing here reads a file: the input is :class:`~budgetkit.reading.raw.RawTable`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from budgetkit._format import display_amount
from budgetkit._normalize import clean_text, key, looks_like_amount, parse_amount, strip_numbering, title_key, to_wan
from budgetkit.catalogue import kinds
from budgetkit.catalogue.vocabulary import economic_class_of, function_class_of, item_of, measure_of
from budgetkit.reading.raw import RawTable

_CODE_HEADERS = {"科目编码", "功能科目编码", "功能分类科目编码", "经济科目编码", "经济分类科目编码", "编码",
                 "科目代码", "代码", "功能科目代码"}
_CODE_PARTS = {"类", "款", "项"}
_LABEL_WORDS = ("科目", "项目", "名称", "类别", "单位")
_TEXT_WORDS = ("目标", "说明", "备注", "内容")
_BRACKETED = re.compile(r"^[\[［【](\d+)[\]］】]\s*(.*)$")
# A code printed in the name cell: "2010301 行政运行", "30299-其他商品和服务支出", "2010301行政运行".
_SPACED_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})(?:\s*[-－—_、.．]\s*|\s+|(?=[\u4e00-\u9fff（(]))(\D.*)$")
_UNIT_SUFFIX = re.compile(r"(局|中心|办公室|委员会|办事处|街道|站|所|院|队|馆|处|厅|部|会|室|社|校|园|团)$")
_EMPTY_NOTE = re.compile(r"本表无数据|空表|无发生额|没有.{0,8}(收支|支出|收入)|未安排|无此项")


@dataclass(frozen=True)
class Column:
    """What one column of a printed table holds."""

    role: str  #: ``code``, ``label``, ``amount`` or ``text``
    header: str  #: leaf header as printed (cleaned)
    parent: str = ""
    measure: str = ""
    side: str = ""
    path: tuple[str, ...] = ()  #: the header cells over the column, top to leaf


@dataclass(frozen=True)
class TableInfo:
    """A printed table after its fragments were joined."""

    kind: str
    title: str
    pages: tuple[int, ...]
    rows: int  #: data rows read
    lines: int  #: numeric cells read
    status: str  #: ``complete``, ``incomplete`` or ``empty``
    notes: tuple[str, ...] = ()
    unit_name: str = ""
    money_unit: str = ""
    source: str = ""
    #: Why the reading of this table may be at fault (its fragments' and the tidy stage's
    #: own doubts: columns not identified …), each naming the page; empty when confident.
    reading: tuple[str, ...] = ()


@dataclass
class PrintedTable:
    """Fragments of one printed table, joined."""

    title: str
    kind: kinds.TableKind | None
    fragments: list[RawTable] = field(default_factory=list)

    @property
    def kind_id(self) -> str:
        return self.kind.id if self.kind else kinds.OTHER

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(f.page for f in self.fragments))

    @property
    def money_unit(self) -> str:
        units = [f.money_unit for f in self.fragments if f.money_unit]
        return units[0] if units else ""

    @property
    def unit_name(self) -> str:
        names = [clean_text(f.unit_name) for f in self.fragments if f.unit_name]
        return names[0] if names else ""

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for f in self.fragments for n in f.notes))

    def where(self) -> str:
        pages = self.pages
        span = f"p.{pages[0]}" if len(pages) == 1 else f"p.{pages[0]}–{pages[-1]}"
        return f"{clean_text(self.title)} ({span})"


def join_fragments(fragments: list[RawTable] | tuple[RawTable, ...]) -> list[PrintedTable]:
    """Join consecutive fragments that share a title into printed tables."""
    tables: list[PrintedTable] = []
    for fragment in fragments:
        k = title_key(fragment.title)
        if tables and title_key(tables[-1].title) == k and tables[-1].fragments[-1].source == fragment.source:
            tables[-1].fragments.append(fragment)
        else:
            tables.append(PrintedTable(fragment.title, kinds.recognise(fragment.title, fragment.rows), [fragment]))
    return tables


def split_header(rows: tuple[tuple[str, ...], ...]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Leading rows without any amount are the header; the rest are data.

    A row with a code or a known row label in any cell (and no column names beside it)
    is data even when none of its amounts reads as a number, so that a garbled row is
    reported, not taken for a header and lost.
    """
    rows = [r for r in rows if not _is_column_numbers(r)]
    for i, row in enumerate(rows):
        if _is_data_row(row) and not _header_continues(rows, i):
            return _code_parts_on_total_row(list(rows[:i]), list(rows[i:]))
    return list(rows), []


def _code_parts_on_total_row(header: list, data: list) -> tuple[list, list]:
    """The 决算 template prints the 类 | 款 | 项 headers on its 合计 row: they go to the header."""
    if not data:
        return header, data
    first = data[0]
    parts = [j for j, c in enumerate(first) if key(c) in _CODE_PARTS]
    if len(parts) < 2 or parts != list(range(parts[0], parts[0] + len(parts))):
        return header, data
    header = [*header, tuple(c if j in parts else None for j, c in enumerate(first))]
    return header, [tuple("" if j in parts else c for j, c in enumerate(first)), *data[1:]]


def _header_continues(rows, i: int) -> bool:
    """Row ``i`` names a row ("合计") but holds no amount, and the row under it is no data
    either: it is the first line of a header ("合计 | “三公”经费 | 因公出国 …" over "小计 |
    （境）费 …"), not a garbled data row (which data rows follow)."""
    if any(looks_like_amount(c) for c in rows[i]) or i + 1 >= len(rows):
        return False
    below = rows[i + 1]
    return not any(looks_like_amount(c) for c in below) and not _is_data_row(below) and any(
        clean_text(c) for c in below)


_COLUMN_MARK = re.compile(r"栏次|行次|\*+|[A-Z]|\d{1,2}")


def _is_column_numbers(row) -> bool:
    """The row under a header that numbers its columns: "栏次 | 1 | 2 | 3", "** | 1 | 2",
    "A | B | 1 | 2": no figures, so never data (the 1, 2, 3 run in order)."""
    cells = [key(c) for c in row if clean_text(c)]
    if len(cells) < 3 or not all(_COLUMN_MARK.fullmatch(c) for c in cells):
        return False
    numbers = [int(c) for c in cells if c.isdigit()]
    in_order = bool(numbers) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    marks = len(cells) - len(numbers)  # 栏次, **, A, B …
    return in_order and (len(numbers) >= 2 or marks >= 2)


def _is_data_row(row: tuple[str, ...]) -> bool:
    if any(looks_like_amount(cell) for cell in row):
        return True
    for i, cell in enumerate(row):
        if _labels_data(cell):
            return not _header_words(row[:i] + row[i + 1 :])
    return False


_HEADER_WORD = re.compile(r"收入|支出|经费|预算|资金|余额|结转|结余|拨款|金额|费$|数$")


def _header_words(cells) -> bool:
    """The other cells of a row name columns ("财政拨款支出", "因公出国（境）费"): a header
    row whose first cell happens to be a row label too ("合计", "财政拨款收入")."""
    filled = [_YEAR.sub("", key(c)) for c in cells if clean_text(c)]
    if not filled or any(re.search(r"\d", c) for c in filled):
        return False
    named = sum(1 for c in filled if measure_of(c) or item_of(c) or _HEADER_WORD.search(c) or _is_code_header(c)
                or c in _INDEX_HEADERS or any(w in c for w in _LABEL_WORDS + _TEXT_WORDS))
    # Every cell names a column, or all but one of many (a header word not yet in the vocabulary).
    return named == len(filled) or (len(filled) >= 4 and named >= len(filled) - 1)


def _is_code_header(k: str) -> bool:
    """科目编码, 功能科目代码, 编码 …, or one of the 类 / 款 / 项 columns of a split code."""
    return k in _CODE_HEADERS or k in _CODE_PARTS or (k.endswith(("编码", "代码")) and len(k) <= 14)


def _labels_data(cell: str) -> bool:
    text = clean_text(cell)
    if not text:
        return False
    code, name = _parse_label(text, coded=True)
    if code or re.fullmatch(r"\d{3}|\d{5}|\d{7}", text):
        return True
    return bool(item_of(name) or function_class_of(name) or economic_class_of(name))


def header_to_columns(header: list[tuple[str, ...]], width: int, sided: bool = True,
                      phase: str = "budget") -> list[Column]:
    """Columns from header rows: merged cells span right; the lowest cell is the leaf.

    ``sided``: the table has a 收入 and a 支出 side (the top header row says which).
    ``phase``: ``budget`` or ``final``; the document's own figures are ``total`` in
    either (预算数 in a 预算, 决算数 in a 决算), the other phase's are named for what they
    are (:func:`~budgetkit.catalogue.vocabulary.measure_of`). A column of percentages
    (增减(%), 执行率) holds no amounts: it is text.
    """
    grid = [[clean_text(c) for c in row] + [""] * (width - len(row)) for row in header]
    # 类 | 款 | 项 side by side in one header row: a code split over columns.
    split_code = any(sum(1 for c in row if key(c) in _CODE_PARTS) >= 2 for row in grid)
    # A cell merged across spans right, but never past a column where a header cell of a
    # row above starts: spans nest ("公务接待费" is not under the "公务用车运行费" left of it).
    filled = []
    for r, row in enumerate(grid):
        last, out = "", []
        for j, cell in enumerate(row):
            if not cell and any(grid[up][j] for up in range(r)):
                last = ""
            last = cell or last
            out.append(cell or last)
        filled.append(out)
    columns: list[Column] = []
    leaf_rows: list[int | None] = []
    label_seen = False
    for j in range(width):
        leaf_row = max((r for r in range(len(grid)) if grid[r][j]), default=None)
        leaf_rows.append(leaf_row)
        leaf = grid[leaf_row][j] if leaf_row is not None else ""
        parent = _parent_header(grid, filled, leaf_row, j) if leaf_row else ""
        top = key(filled[0][j]) if filled else ""
        side = ""
        if sided:
            top = re.sub(r"^(本年|当年|财政拨款)", "", top)
            side = "income" if top.startswith("收入") else "expenditure" if top.startswith("支出") else ""
        k = key(leaf)
        measure = measure_of(leaf, parent, phase=phase) if leaf else None
        if measure and measure != "prior_carryover" and parent and measure_of(parent, phase=phase) == "prior_carryover":
            # A fund under 上年结转结余 (北京's 收入总表: 本年收入 | 上年结转结余, each with its
            # 一般公共预算资金 … 单位资金) is last year's money, not the year's income.
            measure = f"prior_carryover/{measure}"
        if k in _INDEX_HEADERS:
            columns.append(Column("index", leaf, parent, side=side))  # 序号: a row's number, no name
        elif _PERCENT_HEADER.search(k):
            columns.append(Column("text", leaf, parent, side=side))
        elif _UNIT_HEADER.search(k) and not measure:
            # 预算单位 | 单位编码 | 单位名称: rows of spending units, not of classification codes.
            columns.append(Column("unit_code" if k.endswith(("编码", "代码")) else "unit", leaf, parent, side=side))
            label_seen = label_seen or not k.endswith(("编码", "代码"))
        elif k in _CODE_PARTS and (split_code or key(parent).endswith(("编码", "代码")) or not parent):
            columns.append(Column("code_part", leaf, parent, side=side))
        elif _is_code_header(k):
            columns.append(Column("code", leaf, parent, side=side))
        elif measure and not (side and k in {"项目"}):
            columns.append(Column("amount", leaf, parent, measure=measure, side=side))
        elif any(w in k for w in _TEXT_WORDS):
            columns.append(Column("text", leaf, parent, side=side))
        elif any(w in k for w in _LABEL_WORDS) or not label_seen:
            label_seen = True
            columns.append(Column("label", leaf, parent, side=side))
        else:
            columns.append(Column("amount", leaf, parent, measure="", side=side))
    # Every column keeps the header cells over it (a wide table reads its items from them).
    columns = [c if leaf is None else replace(c, path=_header_path(grid, filled, leaf, j))
               for j, (c, leaf) in enumerate(zip(columns, leaf_rows, strict=True))]
    return _distinct_measures(_earlier_years(columns))


_HEADER_YEAR = re.compile(r"(\d{4})年")


def _earlier_years(columns: list[Column]) -> list[Column]:
    """Of the 预算数 columns of one side headed with different years, the latest is the
    document's own and the earlier ones the previous year's plan (重庆's 表五: "2025年预算数" |
    "2026年预算数 总计 | 基本支出 …", both read as 预算数)."""
    years: dict[int, int] = {}
    for j, col in enumerate(columns):
        found = [int(y) for p in col.path for y in _HEADER_YEAR.findall(key(p))]
        if col.role == "amount" and col.measure == "total" and found:
            years[j] = max(found)
    out = list(columns)
    for j, year in years.items():
        side = columns[j].side
        latest = max(y for i, y in years.items() if columns[i].side == side)
        if year < latest:
            out[j] = replace(columns[j], measure="prior_budget")
    return out


def _header_path(grid: list[list[str]], filled: list[list[str]], leaf_row: int, j: int) -> tuple[str, ...]:
    """The header cells over column ``j``, top to leaf: printed in the column, or merged
    across from the left (never a code or name column's header)."""
    path: list[str] = []
    for r in range(leaf_row + 1):
        cell = grid[r][j]
        if not cell:
            cell = "" if _names_rows(key(filled[r][j])) else filled[r][j]
        if cell and (not path or path[-1] != cell):
            path.append(cell)
    return tuple(path)


_PERCENT_HEADER = re.compile(r"[%％]|率$")
_INDEX_HEADERS = {"序号", "编号", "行次", "栏次", "No.", "NO."}
_UNIT_HEADER = re.compile(r"^(预算|资金使用|二级预算|基层预算)?单位(名称|编码|代码)?$|^单位(（项目）)?名称$")


def _distinct_measures(columns: list[Column]) -> list[Column]:
    """Two columns of one side never share a measure: the second of "增减额 | 增减额" (against
    two bases) keeps its printed header path as its measure, so no sum adds both."""
    seen: set[tuple[str, str]] = set()
    out = []
    for col in columns:
        if col.role == "amount" and col.measure:
            if (col.side, col.measure) in seen:
                col = replace(col, measure=f"{key(col.parent)}/{key(col.header)}")
            seen.add((col.side, col.measure))
        out.append(col)
    return out


def _parent_header(grid: list[list[str]], filled: list[list[str]], leaf_row: int, j: int) -> str:
    """The header a leaf header sits under.

    A cell printed above it in its own column first ("基本支出" over "小计", the rows
    between covered by a cell merged downwards); else the nearest cell merged across from
    the left — never a code or name column's header, which spans no amount column
    ("科目名称" is not the parent of the "小计" two columns right of it).
    """
    for r in range(leaf_row - 1, -1, -1):
        if grid[r][j]:
            return grid[r][j]
    for r in range(leaf_row - 1, -1, -1):
        if filled[r][j] and not _names_rows(key(filled[r][j])):
            return filled[r][j]
    return ""


def _names_rows(k: str) -> bool:
    """A code or name column's header (科目编码, 类, 科目名称, 项目 …): it spans no amount column."""
    return _is_code_header(k) or any(w in k for w in _LABEL_WORDS)


@dataclass
class _Context:
    """What the conversion of one document knows beyond the current table."""

    department: str = ""
    phase: str = "budget"
    money_unit: str = "万元"  #: the unit most of the document's tables declare
    units: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def _parse_label(text: str, coded: bool) -> tuple[str, str]:
    """Split "[2010301]行政运行" into ("2010301", "行政运行")."""
    text = clean_text(text)
    m = _BRACKETED.match(text)
    if m:
        return m.group(1), clean_text(m.group(2))
    if coded:
        m = _SPACED_CODE.match(text)
        if m:
            return m.group(1), clean_text(m.group(2))
    return "", text


def _code_fields(code: str, classification: str) -> dict:
    if not code:
        return {"classification": "", "code": "", "level": None, "parent": ""}
    if not classification:
        classification = "function" if code.startswith("2") else "economic"
    level = {3: 1, 5: 2, 7: 3}[len(code)]
    parent = code[:-2] if level > 1 else ""
    return {"classification": classification, "code": code, "level": level, "parent": parent}


def table_to_records(table: PrintedTable, ctx: _Context, first_row: int = 0) -> tuple[list[dict], list[dict], TableInfo]:
    """Convert one printed table to line records, project records and its info."""
    kind = table.kind
    layout = kind.layout if kind else "listing"
    money_unit = table.money_unit or ctx.money_unit
    if not table.money_unit:
        ctx.warnings.append(f"{table.where()}: no money unit printed; read as the document's {money_unit}")
    header, data = [], []
    first_header_keys = None
    for fragment in table.fragments:
        head, rows = split_header(fragment.rows)
        keys = [tuple(key(c) for c in r) for r in head]
        if not first_header_keys:  # the first fragment with a header (a title alone at a page's foot has none)
            header, first_header_keys = head, keys
        elif head and keys != first_header_keys and _strip_empty(keys) != _strip_empty(first_header_keys):
            ctx.warnings.append(
                f"{table.where()}: the header on p.{fragment.page} differs from the first page's; "
                "its columns were read as the first page's"
            )
        data.extend((row, fragment.page, fragment.source, fragment_width(fragment)) for row in rows)
    width = max([len(r) for r in header] + [len(r) for r, _, _, _ in data] + [1])
    # A page holding only the 合计 row of a table has fewer ruled columns: the merged label
    # cell spans the code and name columns, the amounts keep to the right.
    data = [(r if fw >= width or len(r) < 2 else (r[0], *([None] * (width - len(r))), *r[1:]), p, s)
            for r, p, s, fw in data]
    columns = header_to_columns(header, width, sided=layout == "two_sided", phase=ctx.phase)
    if layout in ("coded", "items"):
        sided = header_to_columns(header, width, sided=True, phase=ctx.phase)
        if _income_beside_expenditure(sided):
            # 收入 | 支出 side by side under one title (西安's 政府性基金收支表): read as a 收支总表.
            columns, layout = sided, "two_sided"
    columns = _code_columns_by_content(_text_columns_are_labels(columns, data), data)
    panels = _panels(columns)
    if panels:
        # A table folded into panels side by side (code | name | 决算数 | code | name | 决算数):
        # the left panel's rows, then the right one's, each under the first panel's columns.
        data = [(tuple(row[j] if j < len(row) else "" for j in panel), page, source)
                for panel in panels for row, page, source in data]
        columns = [columns[j] for j in panels[0]]
        width = len(columns)
    wide = _is_wide(data)
    start: dict = {}  # what a row reader must know of the whole table before its first row
    if wide:
        # One row of figures under a header naming each column (三公 parts, 支出总表 totals).
        columns = [replace(c, role="amount") for c in columns]
        layout = "wide"
    elif layout == "items" and _columns_name_items(columns, ctx.phase):
        layout = "wide"  # the parts as columns, a row per unit or per year
        start["years"] = [int(m.group(0)[:4]) for r, *_ in data for c in r if c
                          for m in [_YEAR.match(clean_text(c))] if m]
    elif layout == "coded" and not _has_codes(columns, data) and not any(c.role == "unit" for c in columns):
        layout = "items"  # a 收入总表 of named sources (Jiangsu), not of codes
    elif layout == "units" and _has_codes(columns, data):
        layout = "coded"  # a 基本支出 table by economic code, not by unit
    reading = list(dict.fromkeys(note for f in table.fragments for note in f.reading))
    columns, second = _first_classification(columns)
    if second:
        reading.append(f"{table.where()}: a second classification is printed beside the first "
                       f"({second}); only the first is read, and its codes repeat once per code of the second")
    if layout in ("units", "projects", "listing") and not (
            layout == "projects" and any(c.role == "label" for c in columns)):
        # The 单位 column holds the unit rows' names: it is the label these readers take
        # (a project list with its own 项目名称 column keeps it as the unit of each row).
        columns = [replace(c, role="label") if c.role == "unit" else c for c in columns]
    data, spilled = _spilled_names(columns, data)
    if spilled:
        reading.append(f"{table.where()}: p.{', p.'.join(map(str, spilled))}: the end of a name printed into "
                       "the figure's cell beside it; joined back to the name")
    if not header:
        reading.append(f"{table.where()}: no header rows; columns were not identified")
    for col in columns:
        if col.role == "amount" and not col.measure and not (wide and _wide_item(col)):
            reading.append(f"{table.where()}: column {col.header or '(untitled)'!r} is not a known measure")
    ctx.warnings.extend(n for n in reading if n not in ctx.warnings)

    reader = _ROW_READERS.get(layout, _coded_row)
    records: list[dict] = []
    projects: list[dict] = []
    state: dict = {"unit": "", "first": True, **start}
    names: dict[str, str] = {}
    for n, (row, page, source) in enumerate(data):
        row = tuple(row) + ("",) * (width - len(row))
        if source not in names:
            names[source] = Path(source).name if source else ""
        base = {"source": names[source], "table": table.kind_id,
                "table_title": clean_text(table.title), "page": page, "row": first_row + n,
                "source_unit": money_unit}
        reader(table, columns, row, base, records, projects, ctx, state)
    if state.get("unit_codes"):
        _unit_groups(records, state["unit_codes"])
    if layout == "projects":
        for note in _project_levels(table, records, projects):
            reading.append(note)
            ctx.warnings.append(note)
    if table.kind_id == "three_public":
        _three_public_total(records)
    status = "complete"
    if state.get("incomplete"):
        status = "incomplete"
    elif (data and all(r["amount"] == 0 for r in records)) or not records:
        status = "empty"
    info = TableInfo(
        kind=table.kind_id, title=clean_text(table.title), pages=table.pages, rows=len(data),
        lines=len(records), status=status, notes=table.notes, unit_name=table.unit_name,
        money_unit=money_unit, source=table.fragments[0].source, reading=tuple(reading),
    )
    return records, projects, info


def _income_beside_expenditure(columns: list[Column]) -> bool:
    """The header's top row spans a 收入 side on the left and a 支出 side on its right, each
    with a name column and an amount column: two tables side by side, read as a 收支总表
    reads its two sides (a one-sided table headed 支出 or 收入 alone has no second side)."""
    sides = [c.side for c in columns if c.side]
    if not sides or sides[0] != "income" or "expenditure" not in sides:
        return False
    if "income" in sides[sides.index("expenditure"):]:
        return False  # the sides alternate: no 收入 table beside a 支出 one
    return all(any(c.side == side and c.role == role for c in columns)
               for side in ("income", "expenditure") for role in ("label", "amount"))


def _text_columns_are_labels(columns: list[Column], data) -> list[Column]:
    """Column roles from their cells where the header misleads: a column without a known
    measure whose cells are words is a label (the second half of a merged 项目名称 header,
    采购组织形式 …); a word-headed column whose cells are all numbers holds amounts
    ("其中：政府采购项目中预留给中小企业的项目资金规模")."""
    out = []
    for j, col in enumerate(columns):
        cells = [clean_text(row[j]) for row, *_ in data if j < len(row) and clean_text(row[j])]
        words = sum(1 for c in cells if not looks_like_amount(c))
        if col.role == "amount" and not col.measure and cells and words > len(cells) / 2:
            col = replace(col, role="label")
        elif col.role in ("label", "text") and cells and words == 0 and any(c.role == "label" for c in out):
            col = replace(col, role="amount")
        out.append(col)
    return out


_CODE_CELL = re.compile(r"[235]\d{2}(\d{2}){0,2}")


def _code_columns_by_content(columns: list[Column], data) -> list[Column]:
    """A column whose cells are 类 / 款 / 项 codes is the code column, whatever its header
    says ("项目", "科目", "金额", none): most filled cells are 3-, 5- or 7-digit codes and
    some longer code extends a shorter one (201 → 20103), as no column of amounts does."""
    if any(c.role in ("code", "code_part") for c in columns):
        return columns
    out = list(columns)
    for j, col in enumerate(columns):
        cells = [clean_text(row[j]) for row, *_ in data[:200] if j < len(row) and clean_text(row[j])]
        codes = [c for c in cells if _CODE_CELL.fullmatch(c)]
        if len(codes) < 2 or len(codes) < 0.8 * len(cells):
            continue
        short = {c for c in codes if len(c) < 7}
        if any(c[:n] in short for c in codes for n in (3, 5) if len(c) > n):
            out[j] = Column("code", col.header, col.parent, side=col.side)
            if col.role == "label" or not any(c.role == "label" for c in out):
                # The name is in the next word column: make sure one is read as the label.
                nxt = next((i for i in range(j + 1, len(out)) if out[i].role in ("label", "text", "amount")
                            and not out[i].measure), None)
                if nxt is not None and out[nxt].role != "label":
                    out[nxt] = Column("label", out[nxt].header, out[nxt].parent, side=out[nxt].side)
            return out
    return out


_SPILL = re.compile(r"^(?P<text>[^\d\-.,]*[\u4e00-\u9fff）)][^\d]*?)\s*(?P<amount>-?[\d,]+(?:\.\d+)?)$")
#: A Chinese character of a name, not of a money unit: what a spilled name's end must hold.
_NAME_WORD = re.compile(r"(?![万元亿千百])[\u4e00-\u9fff]")


def _spilled_names(columns: list[Column], data) -> tuple[list, list[int]]:
    """A name too long for its cell runs into the figure's cell beside it ("机关事业单位职业年金"
    | "缴费支出43608.96"): the words go back to the name, the figure stays. Returns the rows
    and the pages where that happened."""
    label = next((j for j, c in enumerate(columns) if c.role == "label"), None)
    if label is None:
        return data, []
    first_amount = next((j for j, c in enumerate(columns) if c.role == "amount" and j > label), None)
    if first_amount is None:
        return data, []
    out, pages = [], []
    for row, page, source in data:
        cell = clean_text(row[first_amount]) if first_amount < len(row) else ""
        m = _SPILL.match(cell) if cell and not looks_like_amount(cell) else None
        if m and not _NAME_WORD.search(m.group("text")):
            m = None  # "万0", "元 12.00": a money word before a figure is no name's end
        if m:
            row = list(row)
            row[label] = f"{clean_text(row[label])}{m.group('text').strip()}"
            row[first_amount] = m.group("amount")
            row = tuple(row)
            pages.append(page)
        out.append((row, page, source))
    return out, sorted(set(pages))


def fragment_width(fragment: RawTable) -> int:
    return max((len(r) for r in fragment.rows), default=0)


def _is_wide(data) -> bool:
    """Data rows hold figures only (no label text): a wide table of one or two rows."""
    if not data or len(data) > 2:
        return False
    cells = [c for row, _, _ in data for c in row if clean_text(c)]
    return bool(cells) and all(looks_like_amount(c) for c in cells)


def _has_codes(columns: list[Column], data) -> bool:
    if any(c.role in ("code", "code_part") for c in columns):
        return True
    for row, _, _ in data[:40]:
        for col, cell in zip(columns, row, strict=False):
            if col.role == "label" and _parse_label(cell or "", coded=True)[0]:
                return True
    return False


_YEAR = re.compile(r"^\d{4}年度?")


def _wide_measure(col: Column, phase: str) -> str:
    """The measure a wide table's leaf header names (预算数 | 决算数 under each part of a 决算's
    “三公” table), ``""`` when the leaf names a part."""
    measure = measure_of(col.header, phase=phase)
    if not measure or len(col.path) < 2 or key(col.header) in {"合计", "小计"}:
        return ""
    # Under a part (因公出国（境）费 | 一般公共预算), a word that is also an item is the measure.
    under_part = any(item_of(p) or "三公" in p for p in col.path[:-1])
    return measure if under_part or not item_of(col.header) else ""


def _wide_item(col: Column, phase: str = "budget") -> str:
    """The item a column of a wide table stands for: 因公出国（境）费, 小计 under 公务用车… ."""
    def norm(text: str) -> str:
        t = _YEAR.sub("", key(text))
        return t.removesuffix("预算数").removesuffix("预算")

    if _wide_measure(col, phase):
        # The leaf names the figure: the part is the header above it.
        above = [p for p in col.path[:-1] if norm(p)]
        leaf, parent = (norm(above[-1]), norm(above[-2]) if len(above) > 1 else "") if above else ("", "")
    else:
        leaf, parent = norm(col.header), norm(col.parent)
    parent_item = item_of(parent) if parent else None
    if key(leaf) in {"合计", "小计"}:
        return parent_item or "total"
    if parent_item == "vehicle" and leaf in {"购置费", "购置"}:
        return "vehicle_purchase"
    if parent_item == "vehicle" and leaf in {"运行费", "运行维护费"}:
        return "vehicle_operation"
    return item_of(leaf) or _split_label_item(col.path) or ("three_public" if "三公" in leaf else "")


def _split_label_item(path: tuple[str, ...]) -> str:
    """A header cell whose lines were read as cells of their own ("因公出国" over "（境）费", a
    lattice pieced from rectangles): the last cells of the path joined name the item."""
    for k in range(2, len(path) + 1):
        item = item_of("".join(key(p) for p in path[-k:]))
        if item:
            return item
    return ""


_THREE_PUBLIC_PARTS = {"three_public", "overseas_travel", "vehicle", "vehicle_purchase", "vehicle_operation",
                       "reception"}
_COLUMN_PARTS = _THREE_PUBLIC_PARTS | {"total", "meeting", "training", "office_operation"}


def _wide_row(table, columns, row, base, records, projects, ctx, state) -> None:
    items_layout = table.kind is not None and table.kind.layout == "items"
    # A row per unit (单位名称 | parts …) and/or per year (2025年 | 2026年 | 增减变化金额).
    label = ""
    for text in (clean_text(c) for col, c in zip(columns, row, strict=True) if col.role in ("unit", "label")):
        if _YEAR.match(text) or key(text) in _CHANGE_ROWS:
            state["row_measure"] = _year_row_measure(text, state)
        elif text and not label:
            label = "" if item_of(text) == "total" else text
            state["row_unit"] = label
    label = label or state.get("row_unit", "")
    row_measure = state.get("row_measure")
    for col, cell in zip(columns, row, strict=True):
        if col.role != "amount":
            continue
        amounts = _amounts(table, [col], (cell,), base, None, ctx)
        if not amounts:
            continue
        if items_layout:
            item = _wide_item(col, ctx.phase)
            if not item:
                ctx.warnings.append(f"{table.where()}: p.{base['page']}: column {col.header!r} is not a known item")
            leaf_measure = _wide_measure(col, ctx.phase)  # the leaf names the figure, its part is above
            measure = leaf_measure or "total"
            name = col.path[-2] if leaf_measure else col.header
            if row_measure and row_measure != "total":
                # an earlier year's row, or the change: 2025年 | 因公出国（境）费 | 一般公共预算
                measure = row_measure if measure == "total" else f"{row_measure}/{measure}"
            fields = {"name": clean_text(name), "item": item, "side": "", "unit": label, **_code_fields("", "")}
            amounts = [{**a, "measure": measure} for a in amounts]
        else:
            fields = {"name": "合计", "item": "total", "side": "", "unit": "", **_code_fields("", "")}
        records.extend({**base, **fields, **a} for a in amounts)


_CHANGE_ROWS = {"增减变化金额", "增减额", "增减", "增减变化"}


def _columns_name_items(columns: list[Column], phase: str) -> bool:
    """Most amount columns name a part (因公出国（境）费 | 公务接待费 | 会议费 …): the parts are
    columns (columns of funds — 一般公共预算 | 政府性基金 — are measures, not parts)."""
    amounts = [c for c in columns if c.role == "amount"]
    named = [c for c in amounts if _wide_item(c, phase) in _COLUMN_PARTS]
    return len(amounts) >= 3 and len(named) >= 0.6 * len(amounts)


def _year_row_measure(label: str, state: dict) -> str:
    """The measure of a row of a table printing the years one per row: the latest year's
    figures are the document's own (total), an earlier year's the previous budget."""
    if key(label) in _CHANGE_ROWS:
        return "change"
    year = int(_YEAR.match(label).group(0)[:4])
    latest = max(state.get("years", [year]))
    return "total" if year >= latest else "prior_budget"


def _three_public_total(records: list[dict]) -> None:
    """A “三公” table of the parts alone: its 合计 is the “三公”经费 (beside 会议费, 培训费 or
    机关运行经费 the 合计 is more than that, and stays the table's total)."""
    items = {r["item"] for r in records} - {"", "total"}
    if items and items <= _THREE_PUBLIC_PARTS:
        for r in records:
            if r["item"] == "total":
                r["item"] = "three_public"


def _strip_empty(keys):
    return [tuple(c for c in row if c) for row in keys]


def _amounts(table: PrintedTable, columns: list[Column], row, base: dict, side: str | None,
             ctx: _Context) -> list[dict]:
    """One record per amount cell of ``row`` (of ``side`` when given)."""
    out = []
    for col, cell in zip(columns, row, strict=True):
        if col.role != "amount" or (side is not None and col.side != side):
            continue
        try:
            value = parse_amount(cell)
        except ValueError:
            ctx.warnings.append(
                f"{table.where()}: p.{base['page']} row {base['row']}: {cell!r} under "
                f"{col.header!r} is not a number; the cell was not read"
            )
            continue
        if value is None:
            continue
        out.append({**base, "measure": col.measure or key(col.header) or "unknown",
                    **_converted(value, _column_unit(col) or base["source_unit"])})
    return out


_COLUMN_UNIT = re.compile(r"[（(](?:金额)?(?:单位[:：])?(亿元|万元|元)[)）]$")


def _column_unit(col: Column) -> str:
    """The money unit a column's own header declares ("预算数（元）"), "" when it declares none."""
    for text in (col.header, col.parent):
        m = _COLUMN_UNIT.search(key(text))
        if m:
            return m.group(1)
    return ""


def _converted(value: Decimal, unit: str) -> dict:
    return {"amount": to_wan(value, unit), "source_unit": unit}


def _label(columns: list[Column], row, side: str | None = None) -> tuple[str, str]:
    """(code cell, label cell) of a row, for one side when given."""
    code = label = ""
    parts: list[str] = []
    for col, cell in zip(columns, row, strict=True):
        if side is not None and col.side != side:
            continue
        if col.role == "code" and not code:
            code = clean_text(cell)
        elif col.role == "code_part":
            part = clean_text(cell)
            # 款/项 are two digits; a document that prints "2" for 02 still means 02.
            parts.append(part.zfill(2) if parts and part.isdigit() and len(part) == 1 else part)
        elif col.role == "label" and not clean_text(label):
            label = cell or ""
    if parts and not code:
        joined = "".join(parts)
        lead = len(parts) - len(list(itertools.dropwhile(lambda p: not p, parts)))
        if joined.isdigit() and lead:
            # "| 03 |" under a 类 printed once above: the 款 alone, its 类 left blank.
            code = "~" * lead + joined
        elif joined.isdigit():
            code = joined
        elif joined:  # 合计 printed across the merged 类/款/项 cells
            label = joined if not clean_text(label) else label
    return code, label


def _describe(code: str, label: str, classification: str, table: PrintedTable, ctx: _Context,
              base: dict, coded: bool = True) -> dict:
    """Fields that say what a row is: code and its hierarchy, or an item."""
    if code and not code.isdigit():
        label, code = f"{code}{label}", ""
    parsed_code, name = _parse_label(label, coded)
    code = code or parsed_code
    name = strip_numbering(_misplaced_numbering(name))
    if code and len(code) not in (3, 5, 7):
        ctx.warnings.append(f"{table.where()}: p.{base['page']}: code {code!r} is not a 类/款/项 code; "
                            "the row is kept without a code")
        name, code = f"{code}{name}", ""
    fields = {"name": name, "item": "", "side": "", "unit": ""}
    if code:
        fields.update(_code_fields(code, classification))
        return fields
    item = item_of(name)
    if item:
        fields.update(_code_fields("", ""), item=item)
        return fields
    class_of = {"function": function_class_of, "economic": economic_class_of}.get(classification)
    cls = class_of(name) if class_of else None
    if cls:
        fields.update(_code_fields(cls, classification))
        return fields
    fields.update(_code_fields("", ""))
    return fields


_NUMERAL = "一二三四五六七八九十"


def _misplaced_numbering(name: str) -> str:
    """A label whose list numbering came out split around it ("一一般公共服务支出、" for
    "一、一般公共服务支出", "十九住房保障支出、"): a trailing 、 ends no name. The numeral
    is the prefix that leaves a known name, else one character."""
    if not name.endswith("、") or not name or name[0] not in _NUMERAL:
        return name
    lead = len(name) - len(name.lstrip(_NUMERAL))
    candidates = [name[n:-1] for n in range(1, min(lead, 3) + 1)]
    known = [c for c in candidates if item_of(c) or function_class_of(c) or economic_class_of(c)]
    return (known or candidates)[0]


def _coded_row(table, columns, row, base, records, projects, ctx, state) -> None:
    code, label = _label(columns, row)
    code = _complete_code(code, state)
    if not code and not clean_text(label):
        # "合计" printed across the merged 单位编码 | 单位名称 cells.
        label = next((clean_text(c) for col, c in zip(columns, row, strict=True)
                      if col.role == "unit_code" and clean_text(c) and not clean_text(c).isdigit()), "")
    unit = _unit_cell(columns, row)
    if unit:
        state["unit"] = unit
    if not code and not clean_text(label) and unit:
        # A spending unit's own row (its total), in a table listing units: 预算单位 | 合计 …
        fields = {"name": unit, "item": "unit_total", "side": "", "unit": unit, **_code_fields("", "")}
        if item_of(unit) == "total":
            fields.update(item="total", unit="")
        records.extend({**base, **fields, **a} for a in _amounts(table, columns, row, base, None, ctx))
        return
    if not code and not clean_text(label) and not any(looks_like_amount(c) for c in row):
        return
    classification = table.kind.classification if table.kind else ""
    fields = _describe(code, label, classification, table, ctx, base)
    if fields["item"] != "total":
        fields["unit"] = state.get("unit", "")
    if not fields["code"] and not fields["item"] and fields["name"]:
        ctx.warnings.append(f"{table.where()}: p.{base['page']}: row {fields['name']!r} has no code "
                            "and is not a known total; kept without a code")
    if state["first"]:
        state["first"] = False
        if fields["item"] != "total" and fields["level"] not in (1, None):
            state["incomplete"] = True
            ctx.warnings.append(
                f"{table.where()}: incomplete: the table starts mid-table at "
                f"{fields['code']} {fields['name']} (no 合计 row, no 类 row before it); "
                "read as far as it goes"
            )
    records.extend({**base, **fields, **a} for a in _amounts(table, columns, row, base, None, ctx))


def _complete_code(code: str, state: dict) -> str:
    """A split code printed without its leading parts ("~03": the 款 03 under the 类 printed
    on a row above) takes them from the last code that printed them."""
    lead = len(code) - len(code.lstrip("~"))
    known = state.setdefault("codes_by_parts", {})
    if lead:
        prefix = known.get(lead, "")
        code = prefix + code[lead:] if prefix else ""
    if code.isdigit() and len(code) in (3, 5, 7):
        parts = {3: 1, 5: 2, 7: 3}[len(code)]
        known[parts] = code
        for deeper in range(parts + 1, 4):
            known.pop(deeper, None)
    return code


def _unit_cell(columns: list[Column], row) -> str:
    """The spending unit a row names in its 单位 column ("" when it names none: the rows of
    a unit's block below its own row, or a table without such a column)."""
    cell = next((cell for c, cell in zip(columns, row, strict=True) if c.role == "unit"), None)
    return clean_text(cell)


def _column_groups(columns: list[Column]) -> list[list[int]]:
    """Columns grouped as label + its amounts: 收入 | 支出 by function | 支出 by purpose …"""
    groups: list[list[int]] = []
    for j, col in enumerate(columns):
        if col.role == "label" or not groups or (col.side and col.side != columns[groups[-1][0]].side):
            groups.append([j])
        else:
            groups[-1].append(j)
    return groups


def _two_sided_row(table, columns, row, base, records, projects, ctx, state) -> None:
    groups = _column_groups(columns)
    # A group whose label cell is covered by a merged cell (None) lends its amounts to the
    # group on its left: "当年支出小计" spanning the function and purpose columns.
    merged: list[list[int]] = []
    for g in groups:
        lead = columns[g[0]]
        if merged and lead.role == "label" and row[g[0]] is None:
            merged[-1] = merged[-1] + [j for j in g if columns[j].role == "amount"]
        else:
            merged.append(list(g))
    for g in merged:
        sub_cols = [columns[j] for j in g]
        sub_row = tuple(row[j] for j in g)
        side = next((c.side for c in sub_cols if c.side), "")
        code, label = _label(sub_cols, sub_row)
        if not clean_text(label) and not code:
            continue
        classification = "function" if side == "expenditure" else ""
        fields = _describe(code, label, classification, table, ctx, base, coded=False)
        fields["side"] = side
        if fields["item"] == "total" and side and key(fields["name"]) == "总计":
            fields["item"] = f"{side}_total"  # 总计 under 收入 is the 收入总计, under 支出 the 支出总计
        amounts = _amounts(table, sub_cols, sub_row, base, None, ctx)
        if not fields["code"] and not fields["item"] and amounts:
            ctx.warnings.append(f"{table.where()}: p.{base['page']}: {side} row {fields['name']!r} "
                                "is not a known item; kept without an item id")
        records.extend({**base, **fields, **a} for a in amounts)


def _items_row(table, columns, row, base, records, projects, ctx, state) -> None:
    code, label = _label(columns, row)
    labels = [clean_text(c) for col, c in zip(columns, row, strict=True) if col.role == "label"]
    if len(labels) > 1:
        # 项目名称 printed over two columns: group | part ("一般公共预算资金 | 小计").
        if labels[0]:
            state["group"] = labels[0]
        filled = [lb for lb in labels if lb]
        if filled and key(filled[-1]) in {"小计", "合计"}:
            label = labels[0] or state.get("group", "") or filled[-1]
        elif filled:
            label = filled[-1]
    if not clean_text(label):
        return
    classification = table.kind.classification if table.kind else ""
    fields = _describe(code, label, classification, table, ctx, base, coded=False)
    amounts = _amounts(table, columns, row, base, None, ctx)
    if not fields["item"] and not fields["code"] and amounts:
        ctx.warnings.append(f"{table.where()}: p.{base['page']}: row {fields['name']!r} is not a known item")
    records.extend({**base, **fields, **a} for a in amounts)


def _units_row(table, columns, row, base, records, projects, ctx, state) -> None:
    _, label = _label(columns, row)
    name = strip_numbering(clean_text(label))
    if not name:
        return
    amounts = _amounts(table, columns, row, base, None, ctx)
    item = item_of(name)
    group = economic_class_of(name)
    is_dept_total = name.endswith("合计")
    fields = {"name": name, "item": "", "side": "", **_code_fields("", "")}
    if item == "total":
        fields["item"], fields["unit"] = "total", ""
        state["unit"] = ""
    elif group or item == "other_capital":
        fields.update(_code_fields(group, "economic") if group else {"item": "other_capital"})
        fields["unit"] = "" if is_dept_total else state["unit"]
    elif state["unit"] and not _names_a_unit(name, ctx):
        # A 款 under its group, named without its code (基本工资, 办公费): detail of the unit.
        fields["unit"] = state["unit"]
    else:
        state["unit"] = name
        ctx.units.add(name)
        fields.update(item="unit_total", unit=name)
    records.extend({**base, **fields, **a} for a in amounts)


def _names_a_unit(name: str, ctx: _Context) -> bool:
    """A spending unit's name: one seen before, the department's, or an organisation's."""
    bare = _QUALIFIED.sub("", name)  # 某某中心（本级）, 广州地区公文交换站（广州市机要局）
    return name in ctx.units or name == ctx.department or bool(_UNIT_SUFFIX.search(bare))


_QUALIFIED = re.compile(r"(?:[（(][^（）()]*[)）])+$")


def _panels(columns: list[Column]) -> list[list[int]] | None:
    """The column groups of a table printed as panels side by side: each starts with its
    code columns and holds amounts, and every panel has the same headers."""
    coded = ("code", "code_part")
    starts = [j for j, c in enumerate(columns) if c.role in coded and (j == 0 or columns[j - 1].role not in coded)]
    if len(starts) < 2 or starts[0] != 0:
        return None
    bounds = [*starts, len(columns)]
    panels = [list(range(a, b)) for a, b in itertools.pairwise(bounds)]
    shapes = {tuple((columns[j].role, key(columns[j].header)) for j in p) for p in panels}
    if len(shapes) == 1 and all(any(columns[j].role == "amount" for j in p) for p in panels):
        return panels
    return None


def _first_classification(columns: list[Column]) -> tuple[list[Column], str]:
    """Columns of the first classification only: a second code (and its name) printed
    beside the first (部门 | 政府 预算支出经济分类: 301 工资福利支出 | 501 机关工资福利支出)
    becomes text, and its header is returned."""
    seen_label = False
    out, second = [], ""
    for col in columns:
        if col.role in ("code", "code_part") and seen_label:
            second = second or (col.parent or col.header)
            out.append(replace(col, role="text"))
            continue
        if col.role == "label" and second and out and out[-1].role == "text":
            out.append(replace(col, role="text"))
            continue
        seen_label = seen_label or col.role == "label"
        out.append(col)
    return out, second


def _projects_row(table, columns, row, base, records, projects, ctx, state) -> None:
    _, label = _label(columns, row)
    name = clean_text(label)
    unit = _unit_cell(columns, row)
    if unit and item_of(unit) != "total":
        # 单位名称 | 项目名称: the unit printed beside each project (or once, over its block).
        if not name:
            name, unit = unit, ""
        elif unit != state["unit"]:
            state["unit"] = unit
            ctx.units.add(unit)
    elif unit and not name:
        name = unit
    unit_code = next((clean_text(c) for col, c in zip(columns, row, strict=True) if col.role == "unit_code"), None)
    if unit_code and not unit_code.isdigit():
        # 合计 printed across the unit code and name cells, or the head of a name too wide for
        # its cell printed into the code cell ("气" | "象灾害、空气质量…业务运维").
        name, unit_code = f"{unit_code}{name}", ""
    if not name:
        return
    goal = " ".join(clean_text(c) for col, c in zip(columns, row, strict=True) if col.role == "text" and c)
    amounts = _amounts(table, columns, row, base, None, ctx)
    fields = {"name": name, "side": "", **_code_fields("", "")}
    if item_of(name) == "total":
        fields.update(item="total", unit="")
    elif unit_code is not None and (unit_code or not _names_a_unit(name, ctx)) and item_of(name) != "total":
        # A table that codes its units (单位编码): a coded row is a unit, an uncoded one a project.
        if unit_code:
            state.setdefault("unit_codes", {})[base["row"]] = unit_code
            state["unit"] = name
            ctx.units.add(name)
            fields.update(item="unit_total", unit=name)
        else:
            _project_row(table, name, goal, amounts, base, fields, projects, state)
    elif not goal and _names_a_unit(name, ctx):
        state["unit"] = name
        fields.update(item="unit_total", unit=name)
    else:
        _project_row(table, name, goal, amounts, base, fields, projects, state)
    records.extend({**base, **fields, **a} for a in amounts)


def _project_row(table, name, goal, amounts, base, fields, projects, state) -> None:
    fields.update(item="project", unit=state["unit"])
    total = next((a["amount"] for a in amounts if a["measure"] == "total"), None)
    projects.append({"source": base["source"], "table": table.kind_id, "unit": state["unit"], "name": name, "amount": total,
                     "performance_goal": goal, "page": base["page"], "row": base["row"]})


def _unit_groups(records: list[dict], unit_codes: dict[int, str]) -> None:
    """A coded unit row whose code its units extend (154 over 154001, 154002) is their group
    — the 主管部门's own row, equal to the 合计 — not one more unit.

    So is a row of a shorter code whose figures are the sum of the longer-coded units under
    it, up to the next code as short: 西安's "1 全额" (the fully funded units) over "234001
    西安市气象局", both 17,159,700.
    """
    groups = {row for row, code in unit_codes.items()
              if any(other != code and other.startswith(code) for other in unit_codes.values())}
    totals: dict[int, dict[str, Decimal]] = {}
    for rec in records:
        if rec["row"] in unit_codes:
            totals.setdefault(rec["row"], {})[rec["measure"]] = rec["amount"]
    coded = sorted(unit_codes)
    for i, row in enumerate(coded):
        length = len(unit_codes[row])
        under = list(itertools.takewhile(lambda r, n=length: len(unit_codes[r]) > n, coded[i + 1:]))
        if row in groups or not under or row not in totals:
            continue
        if all(sum((totals.get(r, {}).get(m, Decimal(0)) for r in under), Decimal(0)) == amount
               for m, amount in totals[row].items()):
            groups.add(row)
    for rec in records:
        if rec["row"] in groups and rec["item"] == "unit_total":
            rec.update(item="unit_group", unit="")


#: Deepest project level a list is read at (一级 / 二级 / 三级 项目, one more for safety).
_MAX_PROJECT_LEVELS = 4
#: Work allowed to find the levels of one block of projects (each state of the search counts).
_LEVEL_SEARCH_BUDGET = 200_000


def _project_levels(table: PrintedTable, records: list[dict], projects: list[dict]) -> list[str]:
    """Projects printed at several levels become leaves under their groups.

    西安's 专项业务经费支出表 lists each unit's projects as 一级 项目 (通用项目 8,580,600.00),
    二级 项目 under it (大型活动 750,000.00) and the projects themselves (统计业务培训
    750,000.00), all in one name column, no indentation, no level column: the unit's rows
    add up to three times its total. Where a unit's rows (or, in a list without units, all
    rows under the 合计) do not add up to its total, the levels are read from the figures:
    every project sits at the same depth (a level the list does not name is printed, as
    "-"), and each row above that depth equals the sum of the rows under it, up to the next
    row of its level. When exactly one reading of the rows at one depth does that in every
    amount column, the rows above the projects become ``project_group`` lines with their
    ``level`` (1 = 一级), the projects keep ``item == "project"`` with the deepest level, and
    only they stay in ``projects``. Several readings leave the rows as printed and return a
    note naming the page; a block that fits no reading is left as printed (its sum fails).
    """
    rows: dict[int, list[dict]] = {}
    for rec in records:
        rows.setdefault(rec["row"], []).append(rec)
    order = sorted(rows)
    total_rows = [r for r in order if rows[r][0]["item"] == "total"]
    headed = any(rows[r][0]["item"] in ("unit_total", "unit_group") for r in order)
    blocks: list[tuple[int | None, list[int]]] = []  # (the row over a run of projects, the run)
    heading: int | None = None
    previous: int | None = None
    for r in order:
        if rows[r][0]["item"] != "project":
            heading = r
        elif blocks and blocks[-1][1][-1] == previous:
            blocks[-1][1].append(r)
        else:
            blocks.append((heading, [r]))
        previous = r
    notes: list[str] = []
    groups: set[int] = set()
    for head, members in blocks:
        if head is None or rows[head][0]["item"] not in ("unit_total", "total"):
            head = total_rows[0] if total_rows and not headed else None
        if head is None:
            continue
        target = {rec["measure"]: rec["amount"] for rec in rows[head]}
        measure = "total" if "total" in target else next(iter(target), None)
        amounts = [{rec["measure"]: rec["amount"] for rec in rows[r]} for r in members]
        if measure is None or any(measure not in a for a in amounts):
            continue
        if sum((a[measure] for a in amounts), Decimal(0)) == target[measure]:
            continue  # a flat list
        found = [_level_readings([a[measure] for a in amounts], depth, target[measure])
                 for depth in range(2, _MAX_PROJECT_LEVELS + 1)]
        readings = [lv for one in found if len(one) == 1 for lv in one if _levels_hold(lv, amounts, target)]
        if any(len(one) > 1 for one in found) or len(readings) > 1:
            first = rows[members[0]][0]
            notes.append(f"{table.where()}: p.{first['page']}: the projects of {first['unit'] or '合计'} are printed "
                         "at several levels that their figures do not tell apart; read as one list")
            continue
        if not readings:
            continue
        depth = max(readings[0])
        for r, level in zip(members, readings[0], strict=True):
            for rec in rows[r]:
                rec["level"] = level
                if level < depth:
                    rec["item"] = "project_group"
                    groups.add(r)
    if groups:
        projects[:] = [p for p in projects if p["table"] != table.kind_id or p["row"] not in groups]
    return notes


def _level_readings(amounts: list[Decimal], depth: int, target: Decimal) -> list[list[int]]:
    """The ways (at most two) ``amounts`` read as trees of uniform ``depth`` whose top rows add
    up to ``target``, each row above ``depth`` the sum of the rows under it: levels per row."""
    n = len(amounts)
    nonnegative = all(a >= 0 for a in amounts)
    budget = [_LEVEL_SEARCH_BUDGET]

    def forest(i: int, level: int, total: Decimal):
        """(end, levels) for rows i..end-1 as trees at ``level`` adding up to ``total``."""
        stack = [(i, total, [])]
        while stack:
            budget[0] -= 1
            if budget[0] < 0:
                raise _SearchTooLong
            pos, rest, levels = stack.pop()
            for end, tree_levels in tree(pos, level):
                left = rest - amounts[pos]
                if nonnegative and left < 0:
                    continue
                if left == 0:
                    yield end, levels + tree_levels
                if end < n and (left != 0 or amounts[end] == 0):
                    stack.append((end, left, levels + tree_levels))

    def tree(i: int, level: int):
        if level == depth:
            yield i + 1, [level]
            return
        if i + 1 >= n:
            return
        for end, levels in forest(i + 1, level + 1, amounts[i]):
            yield end, [level, *levels]

    found: list[list[int]] = []
    try:
        for end, levels in forest(0, 1, target):
            if end == n:
                found.append(levels)
                if len(found) > 1:
                    break
    except _SearchTooLong:
        return [[], []]  # undecided: as good as two readings
    return found


class _SearchTooLong(Exception):
    """The search for a project list's levels went past its budget."""


def _levels_hold(levels: list[int], amounts: list[dict], target: dict) -> bool:
    """Every amount column agrees with a reading: each group row is the sum of its children,
    the top rows the sum ``target`` states."""
    for measure, whole in target.items():
        column = [a.get(measure, Decimal(0)) for a in amounts]
        if sum((v for v, lv in zip(column, levels, strict=True) if lv == 1), Decimal(0)) != whole:
            return False
        for i, level in enumerate(levels):
            children = Decimal(0)
            has_children = False
            for j in range(i + 1, len(levels)):
                if levels[j] <= level:
                    break
                if levels[j] == level + 1:
                    children += column[j]
                    has_children = True
            if has_children and children != column[i]:
                return False
    return True


def _listing_row(table, columns, row, base, records, projects, ctx, state) -> None:
    """Named entries without ids (政府采购 lists, unknown tables): name and amounts, kept as printed."""
    labels = [clean_text(c) for col, c in zip(columns, row, strict=True) if col.role in ("label", "text", "code")]
    name = " / ".join(lb for lb in labels if lb)
    amounts = _amounts(table, columns, row, base, None, ctx)
    if not name and not amounts:
        return
    item = item_of(name) if name else ""
    fields = {"name": strip_numbering(name), "item": "total" if item == "total" else "", "side": "", "unit": "",
              **_code_fields("", "")}
    records.extend({**base, **fields, **a} for a in amounts)


_ROW_READERS = {
    "wide": _wide_row,
    "listing": _listing_row,
    "coded": _coded_row,
    "two_sided": _two_sided_row,
    "items": _items_row,
    "units": _units_row,
    "projects": _projects_row,
}


def _blocks(records: list[dict], table: str) -> list[dict]:
    """Level-1 blocks (a 类 row and the 款 rows under it) of an economic table."""
    blocks: list[dict] = []
    for rec in records:
        if rec["table"] != table or rec["classification"] != "economic":
            continue
        if rec["level"] == 1:
            if blocks and blocks[-1]["row"] == rec["row"]:
                blocks[-1]["records"].append(rec)
                continue
            blocks.append({"code": rec["code"], "name": rec["name"], "row": rec["row"], "amount": None,
                           "records": [rec]})
        elif blocks and rec["code"].startswith(blocks[-1]["code"]):
            blocks[-1]["records"].append(rec)
        if rec["level"] == 1 and rec["measure"] == "total":
            blocks[-1]["amount"] = rec["amount"]
    return blocks


def _unit_figures(records: list[dict], table: str) -> tuple[dict[str, dict[str, Decimal]], dict[str, Decimal]]:
    """Per-unit economic group amounts and per-unit totals stated by ``table``."""
    groups: dict[str, dict[str, Decimal]] = {}
    totals: dict[str, Decimal] = {}
    rows = [r for r in records if r["table"] == table and r["unit"]]
    measures = {r["measure"] for r in rows}
    measure = "general_public" if "general_public" in measures else "total"
    for r in rows:
        if r["measure"] != measure:
            continue
        if r["item"] == "unit_total":
            totals[r["unit"]] = r["amount"]
        elif r["code"]:
            groups.setdefault(r["unit"], {})[r["code"]] = r["amount"]
    return groups, totals


_UNIT_SOURCES = {"general_basic_economic": "basic_by_unit", "general_project_economic": "projects"}


def attribute_units(records: list[dict], infos: list[TableInfo], ctx: _Context) -> None:
    """Attribute economic blocks that a table repeats once per unit to their units.

    The tables repeat the ``[301]``/``[302]`` groups once per 资金使用单位 without naming
    it. A block goes to the unit whose own figures (from the per-unit tables) it matches,
    first group by group, then by finding the one assignment of the remaining blocks
    that makes every unit's total come out exactly. Blocks that no unique assignment
    explains stay at department level, with a warning.
    """
    titles = {i.kind: i for i in infos}
    for table, unit_table in _UNIT_SOURCES.items():
        blocks = _blocks(records, table)
        counts = Counter(b["code"] for b in blocks)
        if not blocks or max(counts.values()) < 2:
            continue
        where = f"{titles[table].title} (p.{titles[table].pages[0]})"
        repeated = ", ".join(f"[{c}]" for c, n in counts.items() if n > 1)
        if unit_table not in titles:
            ctx.warnings.append(f"{where}: groups {repeated} are repeated once per unit without naming it, "
                                "and no per-unit table says which unit is which; kept at department level")
            continue
        groups, totals = _unit_figures(records, unit_table)
        remaining = dict(totals)
        pending = []
        for block in blocks:
            matches = [u for u, g in groups.items() if g.get(block["code"]) == block["amount"]]
            if len(matches) == 1:
                _assign(block, matches[0], remaining)
            else:
                pending.append(block)
        solution = _solve(pending, remaining) if pending else {}
        for block in pending:
            unit = solution.get(id(block)) if solution else None
            if unit:
                _assign(block, unit, remaining)
                continue
            parts = [f"{u} {g[block['code']]}" for u, g in groups.items() if block["code"] in g]
            detail = f" ({titles[unit_table].title} gives {' + '.join(parts)})" if parts else ""
            ctx.warnings.append(
                f"{where}: block [{block['code']}]{block['name']} {'?' if block['amount'] is None else display_amount(block['amount'])} matches no single "
                f"unit{detail}; kept at department level"
            )


def _assign(block: dict, unit: str, remaining: dict[str, Decimal]) -> None:
    for rec in block["records"]:
        rec["unit"] = unit
    if unit in remaining and block["amount"] is not None:
        remaining[unit] -= block["amount"]


def _solve(blocks: list[dict], remaining: dict[str, Decimal]) -> dict[int, str] | None:
    """The unique assignment of ``blocks`` to units that empties every unit's remainder."""
    units = list(remaining)
    if not units or any(b["amount"] is None for b in blocks) or len(units) ** len(blocks) > 200_000:
        return None
    found = None
    for choice in itertools.product(units, repeat=len(blocks)):
        seen = set()
        sums = dict.fromkeys(units, Decimal(0))
        for block, unit in zip(blocks, choice, strict=True):
            if (unit, block["code"]) in seen:
                break
            seen.add((unit, block["code"]))
            sums[unit] += block["amount"]
        else:
            if all(sums[u] == remaining[u] for u in units):
                if found is not None:
                    return None
                found = {id(b): u for b, u in zip(blocks, choice, strict=True)}
    return found


def tables_to_records(fragments, department: str = "", phase: str = "budget",
                      ) -> tuple[list[dict], list[dict], list[TableInfo], list[str]]:
    """All tables of a document → (line records, project records, table infos, warnings)."""
    printed = join_fragments(fragments)
    declared = Counter(t.money_unit for t in printed if t.money_unit)
    ctx = _Context(department=department, phase=phase,
                   money_unit=declared.most_common(1)[0][0] if declared else "万元")
    # Units first: the project list recognises its unit rows by the units' names.
    order = sorted(range(len(printed)), key=lambda i: printed[i].kind is None or printed[i].kind.layout != "units")
    results: dict[int, tuple] = {}
    for i in order:
        table = printed[i]
        if table.kind is None:
            ctx.warnings.append(f"{table.where()}: title matches no known table kind; kept as 'other'")
        results[i] = table_to_records(table, ctx)
    records, projects, infos = [], [], []
    for i in range(len(printed)):
        recs, projs, info = results[i]
        records.extend(recs)
        projects.extend(projs)
        infos.append(info)
    attribute_units(records, infos, ctx)
    infos = _implausible_units(records, infos, ctx)
    return records, projects, infos, ctx.warnings


def _implausible_units(records: list[dict], infos: list[TableInfo], ctx: _Context) -> list[TableInfo]:
    """A table whose amounts dwarf the whole department's total was read in the wrong unit
    (元 figures taken for 万元): a reading note naming the table, never a silent figure."""
    totals = [r["amount"] for r in records if r["table"] in ("overall", "income", "expenditure")
              and r["item"] in ("total", "income_total", "expenditure_total") and r["amount"] > 0]
    if not totals:
        return infos
    ceiling = max(totals) * 100
    out = []
    for info in infos:
        biggest = max((r["amount"] for r in records if r["table"] == info.kind and r["page"] in info.pages
                       and r["source"] == Path(info.source).name), default=Decimal(0))
        if biggest > ceiling:
            note = (f"{info.title} (p.{info.pages[0]}): amounts up to {display_amount(biggest)} {info.money_unit} exceed "
                    f"the department's total {display_amount(max(totals))} 万元 a hundredfold; its money unit is in doubt")
            ctx.warnings.append(note)
            info = replace(info, reading=(*info.reading, note))
        out.append(info)
    return out
