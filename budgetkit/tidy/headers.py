"""A table's header read into columns: each column's measure, side and role (code, label,
unit, amount) from its words and, where the words are silent or unusual, from the cells under it
(3/5/7-digit codes, labels spilled into an amount cell)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from budgetkit._normalize import clean_text, key, looks_like_amount
from budgetkit.catalogue.vocabulary import economic_class_of, function_class_of, item_of, measure_of

_CODE_HEADERS = {"科目编码", "功能科目编码", "功能分类科目编码", "经济科目编码", "经济分类科目编码", "编码",
                 "科目代码", "代码", "功能科目代码"}


_CODE_PARTS = {"类", "款", "项"}


_LABEL_WORDS = ("科目", "项目", "名称", "类别", "单位")


_TEXT_WORDS = ("目标", "说明", "备注", "内容")


@dataclass(frozen=True)
class Column:
    """What one column of a printed table holds."""

    role: str  #: ``code``, ``label``, ``amount`` or ``text``
    header: str  #: leaf header as printed (cleaned)
    parent: str = ""
    measure: str = ""
    side: str = ""
    path: tuple[str, ...] = ()  #: the header cells over the column, top to leaf


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
    filled = [YEAR_PREFIX.sub("", key(c)) for c in cells if clean_text(c)]
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
    code, name = parse_label(text, coded=True)
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


def income_beside_expenditure(columns: list[Column]) -> bool:
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


def text_columns_are_labels(columns: list[Column], data) -> list[Column]:
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


def code_columns_by_content(columns: list[Column], data) -> list[Column]:
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


def spilled_names(columns: list[Column], data) -> tuple[list, list[int]]:
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


_BRACKETED = re.compile(r"^[\[［【](\d+)[\]］】]\s*(.*)$")


# A code printed in the name cell: "2010301 行政运行", "30299-其他商品和服务支出", "2010301行政运行".
_SPACED_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})(?:\s*[-－—_、.．]\s*|\s+|(?=[\u4e00-\u9fff（(]))(\D.*)$")


def parse_label(text: str, coded: bool) -> tuple[str, str]:
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


YEAR_PREFIX = re.compile(r"^\d{4}年度?")
