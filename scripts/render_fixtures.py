"""Render the seed text into a PDF disclosure, the project's own PDF fixture.

    python scripts/render_fixtures.py [SEED.txt] [OUT.pdf] [--variant NAME]

The PDF looks like a real Guangdong disclosure: the 概况 prose first, then each table
page of the seed on its own page — ruled grid, title, 单位名称 and 单位 above, 注 below —
landscape for wide tables, long cells wrapped inside their cells, and a table too long
for one page continued on the next with its header rows repeated. The 情况说明 follows.
Reading it must give exactly the tidy lines of the text (tests/reading/test_pdf_render.py).

Real disclosures differ from it in families of layout; a :class:`Variant` renders the
same figures in one of them, and :data:`VARIANTS` names one variant per form of each
family (tests/tidy/test_variants.py reads every one back to the plain rendering's lines):

- title forms: numbering before the title (一、, 表1, 公开05表, 预算01表, 表3-1), the year
  and department inside it, a 部门 / 单位 / 预算单位 / 市级部门 / 部门综合预算 prefix, the
  title (and the 单位名称 / 单位 line) set inside the table's frame as its first rows;
- header synonyms: 科目代码 / 功能科目代码 / 编码 for 科目编码, 功能科目名称 / 项目 for
  科目名称, 金额 / 合计 / 总计 for the total column, the code and name headers in the top
  header row, one-row headers given a group row;
- code placements: a compact code column (2010301), bracketed in the name cell
  ([2010301]行政运行), printed before the name (2010301 行政运行), split over 类 / 款 / 项;
- ruling styles: lines, one filled thin rectangle per border segment, one stroked
  rectangle per cell, horizontal rules only, no rulings at all;
- money unit: 元 tables, every amount ×10000 printed with two decimals and thousands
  separators.

A 部门决算 fixture of its own figures follows the national template (``final_tables``: 收入支出决算总表
with 年初结转和结余 / 使用非财政拨款结余 / 结余分配 / 年末结转和结余, 收入决算表, 支出决算表, 财政拨款收入支出
决算总表, 一般公共预算财政拨款支出决算表 with 年初预算数 / 调整预算数 / 决算数, the basic expenditure table
by economic code with 人员经费 / 公用经费, the “三公” table with 预算数 and 决算数, two empty fund tables
with their note) and a 情况说明 stating 年初预算 / 决算 / 完成年初预算的X%; ``render_final`` renders it
in the plain layout, ``FINAL_BUDGET_TEXT`` is the 预算 of its department and year
(tests/audit/test_final_fixture.py, tests/comparison/test_execution.py).

The CJK font is WenQuanYi Micro Hei (Debian's fonts-wqy-microhei, installed by
scripts/install-system-deps.sh).
"""


import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "gd-qingxin-zwfw-2023-budget.txt"
FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "WQYMicroHei"

CELL_SIZE, CELL_LEADING, CELL_PADDING = 7.5, 9.5, 6.0
RULE = 0.5  #: width of a ruling line (and thickness of a filled segment)

PLACEMENTS = ("as_printed", "compact", "bracketed", "in_name", "split")
RULINGS = ("lines", "segments", "cells", "horizontal", "none")


@dataclass(frozen=True)
class Variant:
    """How a rendering departs from the plain one; the defaults are the plain rendering.

    Parameters
    ----------
    title_number
        Numbering printed before each title, a format of ``n`` (the printed table's
        ordinal) and ``cn`` (the same in Chinese numerals): ``"{cn}、"``, ``"公开{n:02d}表 "``.
        When set, the separate "表 N" line above the title is left out.
    title_year_department
        The year and the department printed in the title: "2023年度清远市…局收支总体情况表".
    title_prefix
        A word printed before the title ("部门", "单位", "市级部门" …); a title that already
        starts with 部门 (or 部门预算, for a prefix ending in 预算) takes it instead.
    title_in_frame
        The title, and the 单位名称 / 单位 line, drawn as the first rows of the table's frame
        (each one cell spanning the width) instead of above it.
    headers
        Header cells printed under another name, as (printed, replacement) pairs matched on
        the cell's text without spaces.
    total_header
        The header of each table's first amount column, when it is a total (合计, 总 计,
        预算), printed as this word instead.
    header_rows
        ``"flat"``: the code and name headers printed in the top header row (their group
        row 功能分类科目 dropped; a header left with one row is one row); ``"grouped"``: a
        one-row header given a group row above its amount columns.
    codes
        Where the classification code is printed (one of :data:`PLACEMENTS`): as the seed
        prints it, a code column of compact codes, bracketed or space-separated before the
        name in the name cell, or split over 类 / 款 / 项 columns.
    rulings
        How the grid is drawn (one of :data:`RULINGS`).
    money_unit
        ``"万元"`` (the seed's) or ``"元"``: every amount ×10000.
    """

    title_number: str = ""
    title_year_department: bool = False
    title_prefix: str = ""
    title_in_frame: bool = False
    headers: tuple[tuple[str, str], ...] = ()
    total_header: str = ""
    header_rows: str = ""
    codes: str = "as_printed"
    rulings: str = "lines"
    money_unit: str = "万元"

    def __post_init__(self) -> None:
        if self.codes not in PLACEMENTS:
            raise ValueError(f"codes must be one of {PLACEMENTS}, not {self.codes!r}")
        if self.rulings not in RULINGS:
            raise ValueError(f"rulings must be one of {RULINGS}, not {self.rulings!r}")
        if self.money_unit not in ("万元", "元"):
            raise ValueError(f"money_unit must be 万元 or 元, not {self.money_unit!r}")
        if self.header_rows not in ("", "flat", "grouped"):
            raise ValueError(f"header_rows must be 'flat' or 'grouped', not {self.header_rows!r}")


PLAIN = Variant()

#: One variant per form of each family, by name (``family-form``).
VARIANTS: dict[str, Variant] = {
    "title-number-一、": Variant(title_number="{cn}、"),
    "title-number-表1": Variant(title_number="表{n} "),
    "title-number-公开05表": Variant(title_number="公开{n:02d}表 "),
    "title-number-预算01表": Variant(title_number="预算{n:02d}表 "),
    "title-number-表3-1": Variant(title_number="表3-{n} "),
    "title-year-department": Variant(title_number="{cn}、", title_year_department=True, title_prefix="部门"),
    "title-prefix-部门": Variant(title_prefix="部门"),
    "title-prefix-单位": Variant(title_prefix="单位"),
    "title-prefix-预算单位": Variant(title_prefix="预算单位"),
    "title-prefix-市级部门": Variant(title_prefix="市级部门"),
    "title-prefix-部门综合预算": Variant(title_prefix="部门综合预算"),
    "title-in-frame": Variant(title_in_frame=True),
    "header-科目代码": Variant(headers=(("科目编码", "科目代码"),)),
    "header-功能科目代码-功能科目名称": Variant(headers=(("科目编码", "功能科目代码"), ("科目名称", "功能科目名称"))),
    "header-编码-项目": Variant(headers=(("科目编码", "编码"), ("科目名称", "项目"))),
    "header-基本经费-项目经费": Variant(headers=(("基本支出", "基本经费"), ("项目支出", "项目经费"))),
    "header-funds-财政拨款": Variant(headers=(("一般公共预算", "一般公共预算财政拨款"),
                                           ("政府性基金预算", "政府性基金预算财政拨款"),
                                           ("国有资本经营预算", "国有资本经营预算财政拨款"))),
    "header-funds-公共财政预算": Variant(headers=(("一般公共预算", "公共财政预算"),)),
    "header-income-sources": Variant(headers=(("教育收费", "教育收费收入"), ("其他专户收入拨款", "其他专户收入"),
                                              ("事业收入", "事业收入（不含教育收费）"), ("上级补助收入", "上级补助"),
                                              ("附属单位上缴收入", "附属单位上缴"),
                                              ("用事业基金弥补收支差额", "用事业基金弥补收支"))),
    "header-expenditure-uses": Variant(headers=(("对附属单位补助支出", "对下级单位补助支出"),
                                                ("结转下年", "年末结转和结余"), ("事业单位经营支出", "经营支出"))),
    "header-total-金额": Variant(total_header="金额"),
    "header-total-合计": Variant(total_header="合计"),
    "header-total-总计": Variant(total_header="总计"),
    "header-rows-flat": Variant(header_rows="flat"),
    "header-rows-grouped": Variant(header_rows="grouped"),
    "codes-compact": Variant(codes="compact"),
    "codes-bracketed": Variant(codes="bracketed"),
    "codes-in-name": Variant(codes="in_name"),
    "codes-split": Variant(codes="split"),
    "rulings-segments": Variant(rulings="segments"),
    "rulings-cells": Variant(rulings="cells"),
    "rulings-horizontal": Variant(rulings="horizontal"),
    "rulings-none": Variant(rulings="none"),
    "money-yuan": Variant(money_unit="元"),
}


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    if not FONT_PATH.exists():
        raise SystemExit(f"{FONT_PATH} is missing: run scripts/install-system-deps.sh (fonts-wqy-microhei)")
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))


def _split_prose(text: str, first_title: str, narrative_head: str) -> tuple[list[str], list[str]]:
    """Prose lines before the first table, and from the 情况说明 on."""
    lines = [ln.strip() for ln in text.splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln == first_title.strip())
    while start > 0 and (not lines[start - 1] or lines[start - 1].startswith("表")):
        start -= 1
    tail = next((i for i, ln in enumerate(lines) if i > start and ln == narrative_head.strip()), len(lines))
    return [ln for ln in lines[:start] if ln], [ln for ln in lines[tail:] if ln]


# ------------------------------------------------------------------ titles

_DIGITS = "零一二三四五六七八九"


def number_to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (the ordinals of table numbering)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def title_to_printed(title: str, n: int, variant: Variant, year: int | None = None, department: str = "") -> str:
    """The title as ``variant`` prints it for the ``n``-th printed table."""
    stem = title
    if variant.title_prefix:
        stem = stem.removeprefix("部门")
        if variant.title_prefix.endswith("预算"):
            stem = stem.removeprefix("预算")
        stem = variant.title_prefix + stem
    if variant.title_year_department:
        stem = f"{year}年度{department}{stem}"
    return variant.title_number.format(n=n, cn=number_to_chinese(n)) + stem


# ------------------------------------------------------------------ header and cells

Rows = list[list[str]]

_BRACKETED = re.compile(r"^\[(\d{3}(?:\d{2}){0,2})\](.*)$")
_AMOUNT = re.compile(r"^-?\d+\.\d{2}$")
_CODE_HEADER = "科目编码"
_TOTAL_HEADERS = {"合计", "总计", "预算"}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _pad(rows: Rows, width: int) -> Rows:
    return [list(r) + [""] * (width - len(r)) for r in rows]


def _amount_columns(data: Rows) -> list[int]:
    width = max((len(r) for r in data), default=0)
    return [j for j in range(width)
            if any(_AMOUNT.match(r[j]) for r in data) and all(not r[j] or _AMOUNT.match(r[j]) for r in data)]


def rename_headers(header: Rows, pairs: tuple[tuple[str, str], ...]) -> Rows:
    """Header cells printed under another name (matched without spaces)."""
    names = {_squeeze(a): b for a, b in pairs}
    return [[names.get(_squeeze(c), c) for c in row] for row in header]


def rename_total_header(header: Rows, data: Rows, word: str) -> Rows:
    """The first amount column's header, when it names the total, printed as ``word``."""
    columns = _amount_columns(data)
    if not columns or not header:
        return header
    j = columns[0]
    leaf = max((r for r in range(len(header)) if _squeeze(header[r][j])), default=None)
    if leaf is None or _squeeze(header[leaf][j]) not in _TOTAL_HEADERS:
        return header
    out = [list(r) for r in header]
    out[leaf][j] = word
    return out


def flatten_code_headers(header: Rows) -> Rows:
    """The code and name headers moved up into the top row over their group (功能分类科目);
    a lower row left empty is dropped."""
    if len(header) < 2:
        return header
    out = [list(r) for r in header]
    for j, cell in enumerate(out[1]):
        if _squeeze(cell) in {_CODE_HEADER, "科目名称"}:
            out[0][j], out[1][j] = cell, ""
    return [r for r in out if any(_squeeze(c) for c in r)]


def group_header(header: Rows, data: Rows) -> Rows:
    """A one-row header given a group row: the label and first amount headers span both
    rows; the other amount columns go under 财政拨款 (several) or 本年预算 (one)."""
    columns = _amount_columns(data)
    if len(header) != 1 or not columns:
        return header
    top, bottom = list(header[0]), [""] * len(header[0])
    rest = columns[1:]
    if rest:
        for k, j in enumerate(rest):
            top[j], bottom[j] = ("财政拨款" if k == 0 else ""), header[0][j]
    else:
        j = columns[0]
        top[j], bottom[j] = "本年预算", header[0][j]
    return [top, bottom]


def _code_layout(header: Rows, data: Rows) -> tuple[int, bool] | None:
    """(column of the code, whether it sits in its own column) of a coded table, or None."""
    for row in header:
        for j, cell in enumerate(row):
            if _squeeze(cell) == _CODE_HEADER:
                return j, True
    width = max((len(r) for r in data), default=0)
    for j in range(width):
        if any(_BRACKETED.match(_squeeze(r[j])) for r in data):
            return j, False
    return None


def place_codes(header: Rows, data: Rows, placement: str) -> tuple[Rows, Rows]:
    """Header and data rows with the classification codes printed as ``placement``."""
    found = _code_layout(header, data) if placement != "as_printed" else None
    if found is None:
        return header, data
    j, own_column = found
    if own_column:  # code | name
        pairs = [(r[j].strip(), r[j + 1]) for r in data]
        code_head = [r[j] for r in header]
        name_head = [r[j + 1] for r in header]
        span = 2
    else:  # [code]name
        pairs = []
        for r in data:
            m = _BRACKETED.match(r[j].strip())
            pairs.append((m.group(1), m.group(2)) if m else ("", r[j]))
        code_head = [_CODE_HEADER] + [""] * (len(header) - 1)
        name_head = [r[j] for r in header]
        span = 1
    if placement == "compact":
        heads = [code_head, name_head]
        cells = [[code, name] for code, name in pairs]
    elif placement in ("bracketed", "in_name"):
        heads = [[n or c for c, n in zip(code_head, name_head, strict=True)] if own_column else name_head]
        form = "[{}]{}" if placement == "bracketed" else "{} {}"
        cells = [[form.format(code, name) if code else name] for code, name in pairs]
    else:  # split over 类 / 款 / 项 (economic codes have no 项)
        depth = 3 if max(len(c) for c, _ in pairs) == 7 else 2
        if len(header) < 2 or _squeeze(code_head[-1]):
            header = [*header, [""] * len(header[0])]
            code_head, name_head = [*code_head, ""], [*name_head, ""]
        parts = [[code_head[r] if k == 0 else "" for k in range(depth)] for r in range(len(header))]
        parts[-1] = list("类款项"[:depth])
        heads = [list(col) for col in zip(*parts, strict=True)] + [name_head]
        cells = [[*(code[:3], code[3:5], code[5:7])[:depth], name] for code, name in pairs]
    new_header = [r[:j] + [h[i] for h in heads] + r[j + span:] for i, r in enumerate(header)]
    new_data = [r[:j] + c + r[j + span:] for r, c in zip(data, cells, strict=True)]
    return new_header, new_data


def amounts_in_yuan(data: Rows) -> Rows:
    """Every amount ×10000 (万元 → 元), two decimals and thousands separators."""
    return [[f"{Decimal(c) * 10000:,.2f}" if _AMOUNT.match(c) else c for c in r] for r in data]


def fragment_to_rows(rows, variant: Variant) -> tuple[Rows, Rows]:
    """A seed fragment's (header, data) rows as ``variant`` prints them."""
    from budgetkit.tidy.headers import split_header

    head, body = split_header(rows)
    width = max(len(r) for r in rows)
    header, data = _pad([list(r) for r in head], width), _pad([list(r) for r in body], width)
    header, data = place_codes(header, data, variant.codes)
    if variant.headers:
        header = rename_headers(header, variant.headers)
    if variant.total_header:
        header = rename_total_header(header, data, variant.total_header)
    if variant.header_rows == "flat":
        header = flatten_code_headers(header)
    elif variant.header_rows == "grouped":
        header = group_header(header, data)
    if variant.money_unit == "元":
        data = amounts_in_yuan(data)
    return header, data


# ------------------------------------------------------------------ drawing


def _ruled_table_class(rulings: str):
    """A reportlab Table that draws its grid as ``rulings`` says (lines are TableStyle's)."""
    from reportlab.platypus import Table

    if rulings not in ("segments", "cells"):
        return Table

    class RuledTable(Table):
        def _drawLines(self):
            canv = self.canv
            canv.saveState()
            canv.setLineWidth(RULE)
            rects = self._cell_rects()
            if rulings == "cells":
                for x, y, w, h in rects:
                    canv.rect(x, y, w, h, stroke=1, fill=0)
            else:
                segments = set()
                for x, y, w, h in rects:
                    segments.update({("h", x, y, w), ("h", x, y + h, w), ("v", x, y, h), ("v", x + w, y, h)})
                for direction, x, y, length in sorted(segments):
                    if direction == "h":
                        canv.rect(x, y - RULE / 2, length, RULE, stroke=0, fill=1)
                    else:
                        canv.rect(x - RULE / 2, y, RULE, length, stroke=0, fill=1)
            canv.restoreState()

        def _cell_rects(self):
            spans = getattr(self, "_spanRects", None)
            rects = []
            for r in range(self._nrows):
                for c in range(self._ncols):
                    if spans:
                        rect = spans.get((c, r))
                        if rect is not None:
                            rects.append(tuple(rect))
                        continue
                    x, x1 = self._colpositions[c], self._colpositions[c + 1]
                    top, bottom = self._rowpositions[r], self._rowpositions[r + 1]
                    rects.append((x, bottom, x1 - x, top - bottom))
            return rects

    return RuledTable


def _ruling_commands(rulings: str, colors) -> list[tuple]:
    if rulings == "lines":
        return [("GRID", (0, 0), (-1, -1), RULE, colors.black)]
    if rulings == "horizontal":
        return [("LINEABOVE", (0, 0), (-1, -1), RULE, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), RULE, colors.black)]
    return []


def column_widths(rows: Rows, available: float) -> list[float]:
    """Widths shared out by the length of each column's text (capped), and never narrower
    than a column's longest amount, so that a number is never wrapped."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = max(len(r) for r in rows)
    weights = [min(max((len(r[j]) for r in rows), default=1), 24) + 3 for j in range(width)]
    widths = [available * w / sum(weights) for w in weights]
    need = [max((stringWidth(r[j], FONT, CELL_SIZE) + 2 * CELL_PADDING + 1 for r in rows if _AMOUNT.match(r[j].replace(",", ""))),
                default=0.0) for j in range(width)]
    short = [j for j in range(width) if need[j] > widths[j]]
    if short:
        fixed = sum(need[j] for j in short)
        rest = [j for j in range(width) if j not in short]
        scale = (available - fixed) / sum(widths[j] for j in rest) if rest else 1.0
        widths = [need[j] if j in short else widths[j] * scale for j in range(width)]
    return widths


def _cell(text: str, width: float, style):
    """A cell as a plain string when it fits on one line (fast), else a wrapping Paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    if "\n" not in text and stringWidth(text, FONT, CELL_SIZE) <= width - 2 * CELL_PADDING - 1:
        return text
    return Paragraph(_esc(text), style)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _seed_year(text: str) -> int | None:
    m = re.search(r"(20\d{2})\s*年", text)
    return int(m.group(1)) if m else None


def render(seed: Path = SEED, out: Path | None = None, variant: Variant = PLAIN) -> Path:
    """Render ``seed`` (a text disclosure) to ``out`` (default: next to it, .pdf) as ``variant``."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        TableStyle,
    )

    sys.path.insert(0, str(ROOT))
    from budgetkit._normalize import title_key
    from budgetkit.reading.text import parse_text

    _register_font()
    text = seed.read_text(encoding="utf-8")
    raw = parse_text(text, source=str(seed))
    out = out or seed.with_suffix(".pdf")
    narrative_head = raw.narrative.splitlines()[0] if raw.narrative else ""
    head, tail = _split_prose(text, raw.tables[0].title, narrative_head)
    year = _seed_year(text)

    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK", firstLineIndent=21)
    heading = ParagraphStyle("heading", parent=body, fontSize=15, leading=22, alignment=1, firstLineIndent=0)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=13, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=CELL_SIZE, leading=CELL_LEADING, wordWrap="CJK")
    frame_title = ParagraphStyle("frame_title", parent=cell, fontSize=12, leading=16, alignment=1)

    margin = 15 * mm
    portrait_frame = Frame(margin, margin, A4[0] - 2 * margin, A4[1] - 2 * margin, id="p")
    landscape_frame = Frame(margin, margin, A4[1] - 2 * margin, A4[0] - 2 * margin, id="l")
    doc = BaseDocTemplate(str(out), pagesize=A4, title=f"{seed.stem}", author="budgetkit fixtures")
    doc.addPageTemplates([
        PageTemplate(id="portrait", frames=[portrait_frame], pagesize=A4),
        PageTemplate(id="landscape", frames=[landscape_frame], pagesize=landscape(A4)),
    ])
    table_class = _ruled_table_class(variant.rulings)

    story: list = [NextPageTemplate("portrait")]
    story += [Paragraph(_esc(ln), heading if i < 3 else body) for i, ln in enumerate(head)]
    printed, last_key = 0, None
    for number, fragment in enumerate(raw.tables, start=1):
        if title_key(fragment.title) != last_key:
            printed, last_key = printed + 1, title_key(fragment.title)
        title = title_to_printed(fragment.title, printed, variant, year, fragment.unit_name)
        header, data = fragment_to_rows(fragment.rows, variant)
        rows = header + data
        width = max(len(r) for r in rows)
        rows = _pad(rows, width)
        wide = width >= 6
        story += [NextPageTemplate("landscape" if wide else "portrait"), PageBreak()]
        meta = []
        if fragment.unit_name:
            meta.append(f"单位名称： {fragment.unit_name}")
        if fragment.money_unit:
            meta.append(f"单位： {variant.money_unit}")
        if not variant.title_in_frame:
            if not variant.title_number:
                story.append(Paragraph(f"表 {number}", small))
            story.append(Paragraph(_esc(title), heading))
            story += [Paragraph(_esc(m), small) for m in meta]
            story.append(Spacer(1, 4))
        available = (A4[1] if wide else A4[0]) - 2 * margin
        col_widths = column_widths(rows, available)
        data_cells = [[_cell(c, w, cell) for c, w in zip(r, col_widths, strict=True)] for r in rows]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
            ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *_ruling_commands(variant.rulings, colors),
        ]
        repeat: int | tuple[int, ...] = len(header)
        if variant.title_in_frame:
            frame_rows = [[Paragraph(_esc(title), frame_title)] + [""] * (width - 1)]
            if meta:
                frame_rows.append([Paragraph(_esc("    ".join(meta)), cell)] + [""] * (width - 1))
            style += [("SPAN", (0, i), (-1, i)) for i in range(len(frame_rows))]
            data_cells = frame_rows + data_cells
            repeat = tuple(range(len(frame_rows), len(frame_rows) + len(header)))
        table = table_class(data_cells, colWidths=col_widths, repeatRows=repeat)
        table.setStyle(TableStyle(style))
        story.append(table)
        for note in fragment.notes:
            story.append(Paragraph(_esc(note), small))
    story += [NextPageTemplate("portrait"), PageBreak()]
    story += [Paragraph(_esc(ln), body) for ln in tail]
    doc.build(story)
    return out


# ------------------------------------------------------------------ the 决算 fixture

FINAL_DEPARTMENT = "江海市临川区统计局"
FINAL_YEAR = 2024
FINAL_STEM = "jh-linchuan-stats-2024-final"

#: The 支出功能分类 类 of the 收入支出决算总表, in the national template's order (2024).
FINAL_CLASSES = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
    "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出", "抗疫特别国债安排的支出",
)


@dataclass(frozen=True)
class FinalTable:
    """One table of the 决算 fixture as printed, with what each printed figure is.

    ``columns`` says per column what it holds: ``"label"`` / ``"code"`` (with a side in a
    two-sided table: ``"income:label"``), or ``"amount:<side>:<measure>"`` with the
    measure id of :mod:`budgetkit.catalogue.vocabulary` the column means (and
    ``":<item>"`` after it where the column, not the row, names the item). ``keys`` gives
    per data row, per side (``""`` in a one-sided table), the row's code or item id, the
    way a reader must name it. Neither is printed: they are what a test expects back.
    """

    kind: str
    title: str
    header: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    keys: tuple[dict[str, str], ...]
    note: str = ""

    def figures(self):
        """(side, code or item, measure, amount as printed) of every printed figure."""
        for row, keys in zip(self.rows, self.keys, strict=True):
            for col, cell in zip(self.columns, row, strict=True):
                if col.startswith("amount:") and cell:
                    _, side, measure, *item = col.split(":")
                    yield side, item[0] if item else keys[side], measure, Decimal(cell.replace(",", ""))


def _money(value: str) -> str:
    return f"{Decimal(value):,.2f}" if value else ""


def _final_overall() -> FinalTable:
    income = [("一、一般公共预算财政拨款收入", "1420.00", "general_public"), ("二、政府性基金预算财政拨款收入", "", ""),
              ("三、国有资本经营预算财政拨款收入", "", ""), ("四、上级补助收入", "", ""), ("五、事业收入", "", ""),
              ("六、经营收入", "", ""), ("七、附属单位上缴收入", "", ""), ("八、其他收入", "30.00", "other")]
    spent = {"一般公共服务支出": ("1188.78", "201"), "社会保障和就业支出": ("144.60", "208"),
             "卫生健康支出": ("52.35", "210"), "住房保障支出": ("71.27", "221")}
    rows, keys = [], []
    for i, name in enumerate(FINAL_CLASSES):
        label = f"{number_to_chinese(i + 1)}、{name}"
        amount, code = spent.get(name, ("", ""))
        inc = income[i] if i < len(income) else ("", "", "")
        rows.append((inc[0], _money(inc[1]), label, _money(amount)))
        keys.append({"income": inc[2], "expenditure": code})
    for (inc_label, inc_amount, inc_item), (exp_label, exp_amount, exp_item) in (
            (("本年收入合计", "1450.00", "income_subtotal"), ("本年支出合计", "1457.00", "expenditure_subtotal")),
            (("使用非财政拨款结余", "5.00", "non_fiscal_balance_used"), ("结余分配", "3.00", "balance_distribution")),
            (("年初结转和结余", "40.00", "opening_balance"), ("年末结转和结余", "35.00", "closing_balance")),
            (("总计", "1495.00", "income_total"), ("总计", "1495.00", "expenditure_total"))):
        rows.append((inc_label, _money(inc_amount), exp_label, _money(exp_amount)))
        keys.append({"income": inc_item, "expenditure": exp_item})
    return FinalTable(
        "overall", "收入支出决算总表", (("收入", "", "支出", ""), ("项目", "决算数", "项目", "决算数")),
        ("income:label", "amount:income:total", "expenditure:label", "amount:expenditure:total"),
        tuple(rows), tuple(keys), "注：本表反映部门本年度的总收支和年末结转结余情况。")


#: 项 of the fixture: code, name, and its figures by table.
_FINAL_ITEMS = (
    # code, name, 收入: 合计 财政拨款 其他收入; 支出: 合计 基本 项目; 一般公共预算: 年初预算 调整预算 决算 基本 项目
    ("2010501", "行政运行", ("815.00", "815.00", ""), ("820.00", "820.00", ""),
     ("835.00", "825.00", "820.00", "820.00", "")),
    ("2010505", "专项统计业务", ("150.00", "130.00", "20.00"), ("156.30", "", "156.30"),
     ("150.00", "140.00", "136.30", "", "136.30")),
    ("2010507", "专项普查活动", ("210.00", "200.00", "10.00"), ("212.48", "", "212.48"),
     ("180.00", "210.00", "202.48", "", "202.48")),
    ("2080505", "机关事业单位基本养老保险缴费支出", ("95.00", "95.00", ""), ("96.40", "96.40", ""),
     ("98.00", "97.00", "96.40", "96.40", "")),
    ("2080506", "机关事业单位职业年金缴费支出", ("48.00", "48.00", ""), ("48.20", "48.20", ""),
     ("49.00", "48.50", "48.20", "48.20", "")),
    ("2101101", "行政单位医疗", ("52.00", "52.00", ""), ("52.35", "52.35", ""),
     ("54.00", "53.00", "52.35", "52.35", "")),
    ("2210201", "住房公积金", ("80.00", "80.00", ""), ("71.27", "71.27", ""),
     ("70.00", "71.27", "71.27", "71.27", "")),
)
_FINAL_GROUPS = {"201": "一般公共服务支出", "20105": "统计信息事务", "208": "社会保障和就业支出",
                 "20805": "行政事业单位养老支出", "210": "卫生健康支出", "21011": "行政事业单位医疗",
                 "221": "住房保障支出", "22102": "住房改革支出"}


def _sum_cells(values) -> str:
    present = [Decimal(v) for v in values if v]
    return f"{sum(present, Decimal(0)):.2f}" if present else ""


def _coded_rows(which: int, total_first: bool) -> tuple[list[tuple[str, ...]], list[dict[str, str]]]:
    """The function rows (类, 款, 项, each group the sum of its 项) of one table's figures."""
    width = len(_FINAL_ITEMS[0][which])
    rows, keys = [], []
    for code, name in _FINAL_GROUPS.items():
        members = [item[which] for item in _FINAL_ITEMS if item[0].startswith(code)]
        figures_ = [_sum_cells(m[j] for m in members) for j in range(width)]
        rows.append((code, name, *map(_money, figures_)))
        keys.append({"": code})
        if len(code) == 5:
            for item in _FINAL_ITEMS:
                if item[0].startswith(code):
                    rows.append((item[0], item[1], *map(_money, item[which])))
                    keys.append({"": item[0]})
    total = ("", "合计", *(_money(_sum_cells(i[which][j] for i in _FINAL_ITEMS)) for j in range(width)))
    if total_first:
        return [total, *rows], [{"": "total"}, *keys]
    return [*rows, total], [*keys, {"": "total"}]


def _final_income() -> FinalTable:
    rows, keys = _coded_rows(2, total_first=True)
    # 本年收入合计 | 财政拨款收入 | 上级补助收入 | 事业收入 | 经营收入 | 附属单位上缴收入 | 其他收入
    rows = [(r[0], r[1], r[2], r[3], "", "", "", "", r[4]) for r in rows]
    return FinalTable(
        "income", "收入决算表",
        (("项目", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
         ("科目编码", "科目名称", "", "", "", "", "", "", "")),
        ("code", "label", "amount::total", "amount::fiscal", "amount::superior_subsidy", "amount::business",
         "amount::operating", "amount::subordinate_remit", "amount::other"),
        tuple(rows), tuple(keys), "注：本表反映部门本年度取得的各项收入情况。")


def _final_expenditure() -> FinalTable:
    rows, keys = _coded_rows(3, total_first=True)
    rows = [(*r, "", "", "") for r in rows]
    return FinalTable(
        "expenditure", "支出决算表",
        (("项目", "", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
         ("科目编码", "科目名称", "", "", "", "", "", "")),
        ("code", "label", "amount::total", "amount::basic", "amount::project", "amount::remit_to_superior",
         "amount::operating_expense", "amount::subsidy_to_subordinate"),
        tuple(rows), tuple(keys), "注：本表反映部门本年度各项支出情况。")


def _final_fiscal_overall() -> FinalTable:
    spent = {"一般公共服务支出": ("1158.78", "201"), "社会保障和就业支出": ("144.60", "208"),
             "卫生健康支出": ("52.35", "210"), "住房保障支出": ("71.27", "221")}
    income = [("一、一般公共预算财政拨款", "1420.00", "general_public"), ("二、政府性基金预算财政拨款", "", ""),
              ("三、国有资本经营预算财政拨款", "", "")]
    rows, keys = [], []
    for i, name in enumerate(FINAL_CLASSES):
        amount, code = spent.get(name, ("", ""))
        inc = income[i] if i < len(income) else ("", "", "")
        rows.append((inc[0], _money(inc[1]), f"{number_to_chinese(i + 1)}、{name}", _money(amount), _money(amount),
                     "", ""))
        keys.append({"income": inc[2], "expenditure": code})
    tail = (
        (("本年收入合计", "1420.00", "income_subtotal"), ("本年支出合计", "1427.00", "expenditure_subtotal")),
        (("年初财政拨款结转和结余", "12.00", "opening_balance"), ("年末财政拨款结转和结余", "5.00", "closing_balance")),
        (("一、一般公共预算财政拨款", "12.00", "general_public"), ("", "", "")),
        (("二、政府性基金预算财政拨款", "", ""), ("", "", "")),
        (("三、国有资本经营预算财政拨款", "", ""), ("", "", "")),
        (("总计", "1432.00", "income_total"), ("总计", "1432.00", "expenditure_total")),
    )
    for (il, ia, ii), (el, ea, ei) in tail:
        rows.append((il, _money(ia), el, _money(ea), _money(ea), "", ""))
        keys.append({"income": ii, "expenditure": ei})
    return FinalTable(
        "fiscal_overall", "财政拨款收入支出决算总表",
        (("收入", "", "支出", "", "", "", ""),
         ("项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),
        ("income:label", "amount:income:total", "expenditure:label", "amount:expenditure:total",
         "amount:expenditure:general_public", "amount:expenditure:gov_fund", "amount:expenditure:state_capital"),
        tuple(rows), tuple(keys), "注：本表反映部门本年度财政拨款总收支和结转结余情况。")


def _final_general_function() -> FinalTable:
    rows, keys = _coded_rows(4, total_first=False)
    return FinalTable(
        "general_function", "一般公共预算财政拨款支出决算表",
        (("项目", "", "年初预算数", "调整预算数", "决算数", "", ""),
         ("科目编码", "科目名称", "", "", "合计", "基本支出", "项目支出")),
        ("code", "label", "amount::budget", "amount::adjusted_budget", "amount::total", "amount::basic",
         "amount::project"),
        tuple(rows), tuple(keys), "注：本表反映部门本年度一般公共预算财政拨款支出情况。")


#: 经济分类: code, name, 人员经费, 公用经费.
_FINAL_ECONOMIC = (
    ("301", "工资福利支出", None, None), ("30101", "基本工资", "310.00", ""), ("30102", "津贴补贴", "402.35", ""),
    ("30108", "机关事业单位基本养老保险缴费", "96.40", ""), ("30109", "职业年金缴费", "48.20", ""),
    ("30110", "职工基本医疗保险缴费", "52.35", ""), ("30113", "住房公积金", "71.27", ""),
    ("302", "商品和服务支出", None, None), ("30201", "办公费", "", "18.60"), ("30207", "邮电费", "", "6.20"),
    ("30211", "差旅费", "", "9.45"), ("30217", "公务接待费", "", "2.50"), ("30228", "工会经费", "", "12.00"),
    ("30231", "公务用车运行维护费", "", "5.36"), ("30299", "其他商品和服务支出", "", "10.14"),
    ("303", "对个人和家庭的补助", None, None), ("30302", "退休费", "35.00", ""), ("30309", "奖励金", "1.20", ""),
    ("310", "资本性支出", None, None), ("31002", "办公设备购置", "", "7.20"),
)


def _final_basic_economic() -> FinalTable:
    rows, keys = [], []
    for code, name, personnel, public in _FINAL_ECONOMIC:
        if personnel is None:  # a 类: the sum of its 款
            members = [e for e in _FINAL_ECONOMIC if e[0].startswith(code) and e[2] is not None]
            personnel, public = _sum_cells(e[2] for e in members), _sum_cells(e[3] for e in members)
        rows.append((code, name, _money(_sum_cells((personnel, public))), _money(personnel), _money(public)))
        keys.append({"": code})
    parts = [e for e in _FINAL_ECONOMIC if e[2] is not None]
    personnel, public = _sum_cells(e[2] for e in parts), _sum_cells(e[3] for e in parts)
    rows.insert(0, ("", "合计", _money(_sum_cells((personnel, public))), _money(personnel), _money(public)))
    keys.insert(0, {"": "total"})
    return FinalTable(
        "general_basic_economic", "一般公共预算财政拨款基本支出决算表",
        (("经济分类科目", "", "决算数", "", ""), ("科目编码", "科目名称", "合计", "人员经费", "公用经费")),
        ("code", "label", "amount::total", "amount::personnel", "amount::public_use"),
        tuple(rows), tuple(keys), "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。")


#: “三公”经费: item, 预算数, 决算数.
FINAL_THREE_PUBLIC = (
    ("three_public", "12.00", "7.86"), ("overseas_travel", "3.00", "0.00"), ("vehicle", "6.00", "5.36"),
    ("vehicle_purchase", "0.00", "0.00"), ("vehicle_operation", "6.00", "5.36"), ("reception", "3.00", "2.50"),
)


def _final_three_public() -> FinalTable:
    row = tuple(cell for _, budget, final in FINAL_THREE_PUBLIC for cell in (budget, final))
    columns = tuple(f"amount::{measure}:{item}" for item, _, _ in FINAL_THREE_PUBLIC for measure in ("budget", "total"))
    return FinalTable(
        "three_public", "财政拨款“三公”经费支出决算表",
        (("合计", "", "因公出国（境）费", "", "公务用车购置及运行维护费", "", "", "", "", "", "公务接待费", ""),
         ("", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行维护费", "", "", ""),
         ("预算数", "决算数") * 6),
        columns, (row,), ({"": ""},),
        "注：本表反映部门本年度“三公”经费支出预决算情况。")


def _final_empty(kind: str, title: str, fund: str) -> FinalTable:
    return FinalTable(
        kind, title,
        (("项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"),
         ("科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", "")),
        ("code", "label", "amount::opening_balance", "amount::income", "amount::total", "amount::basic",
         "amount::project", "amount::closing_balance"),
        (("", "合计", "", "", "", "", "", ""),), ({"": "total"},),
        f"注：{FINAL_DEPARTMENT}{FINAL_YEAR}年度没有{fund}财政拨款收入和支出，故本表无数据。")


def final_tables() -> tuple[FinalTable, ...]:
    """The nine tables of the 决算 fixture, in the national template's order."""
    return (_final_overall(), _final_income(), _final_expenditure(), _final_fiscal_overall(),
            _final_general_function(), _final_basic_economic(), _final_three_public(),
            _final_empty("gov_fund", "政府性基金预算财政拨款收入支出决算表", "政府性基金预算"),
            _final_empty("state_capital", "国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算"))


#: The 情况说明 of the 决算 fixture: each figure as the tables print it, each 完成年初预算的 percentage
#: 决算数 ÷ 年初预算数 rounded half-up to two places.
FINAL_NARRATIVE = f"""第三部分 {FINAL_DEPARTMENT}{FINAL_YEAR}年度部门决算情况说明
一、收入支出决算总体情况说明
{FINAL_DEPARTMENT}{FINAL_YEAR}年度收入、支出总计1,495.00万元。
二、收入决算情况说明
本年收入合计1,450.00万元，其中：财政拨款收入1,420.00万元，占97.93%；其他收入30.00万元，占2.07%。
三、支出决算情况说明
本年支出合计1,457.00万元，其中：基本支出1,088.22万元，占74.69%；项目支出368.78万元，占25.31%。
四、财政拨款收入支出决算总体情况说明
{FINAL_DEPARTMENT}{FINAL_YEAR}年度财政拨款收入支出总计1,432.00万元。
五、一般公共预算财政拨款支出决算情况说明
一般公共预算财政拨款支出年初预算为1,436.00万元，支出决算为1,427.00万元，完成年初预算的99.37%。其中：
1、一般公共服务支出（类）统计信息事务（款）行政运行（项）。年初预算为835.00万元，支出决算为820.00万元，完成年初预算的98.20%。
2、一般公共服务支出（类）统计信息事务（款）专项统计业务（项）。年初预算为150.00万元，支出决算为136.30万元，完成年初预算的90.87%。
3、一般公共服务支出（类）统计信息事务（款）专项普查活动（项）。年初预算为180.00万元，支出决算为202.48万元，完成年初预算的112.49%。决算数大于年初预算数的主要原因：年中追加经济普查经费。
4、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。年初预算为98.00万元，支出决算为96.40万元，完成年初预算的98.37%。
5、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。年初预算为49.00万元，支出决算为48.20万元，完成年初预算的98.37%。
6、卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。年初预算为54.00万元，支出决算为52.35万元，完成年初预算的96.94%。
7、住房保障支出（类）住房改革支出（款）住房公积金（项）。年初预算为70.00万元，支出决算为71.27万元，完成年初预算的101.81%。
六、一般公共预算财政拨款基本支出决算情况说明
一般公共预算财政拨款基本支出1,088.22万元，其中：人员经费1,016.77万元，公用经费71.45万元。
七、财政拨款“三公”经费支出决算情况说明
“三公”经费财政拨款支出决算为7.86万元，年初预算为12.00万元，完成年初预算的65.50%。其中：因公出国（境）费支出决算为0.00万元，年初预算为3.00万元，完成年初预算的0.00%；公务用车购置及运行维护费支出决算为5.36万元，年初预算为6.00万元，完成年初预算的89.33%；公务接待费支出决算为2.50万元，年初预算为3.00万元，完成年初预算的83.33%。
八、政府性基金预算财政拨款收入支出决算情况说明
{FINAL_DEPARTMENT}{FINAL_YEAR}年度没有政府性基金预算财政拨款收入和支出。
九、国有资本经营预算财政拨款收入支出决算情况说明
{FINAL_DEPARTMENT}{FINAL_YEAR}年度没有国有资本经营预算财政拨款收入和支出。
"""


#: The 预算 of the 决算 fixture's department and year (a text disclosure): its figures are the
#: 年初预算 the 决算 prints, plus what a 决算 does not print a plan for (基本 / 项目, economic 类).
FINAL_BUDGET_TEXT = f"""{FINAL_DEPARTMENT}
{FINAL_YEAR}年部门预算

第二部分 {FINAL_YEAR}年部门预算表

收支总体情况表

单位：万元

收 入\t\t支 出\t
项 目\t预算\t项 目\t预算
一、财政拨款收入\t1436.00\t一、一般公共服务支出\t1165.00
\t\t二、社会保障和就业支出\t147.00
\t\t三、卫生健康支出\t54.00
\t\t四、住房保障支出\t70.00
本年收入合计\t1436.00\t本年支出合计\t1436.00
收入总计\t1436.00\t支出总计\t1436.00

一般公共预算支出情况表（按功能分类科目）

单位：万元

科目编码\t科目名称\t小计\t基本支出\t项目支出
\t合计\t1436.00\t1106.00\t330.00
201\t一般公共服务支出\t1165.00\t835.00\t330.00
20105\t统计信息事务\t1165.00\t835.00\t330.00
2010501\t行政运行\t835.00\t835.00\t0.00
2010505\t专项统计业务\t150.00\t0.00\t150.00
2010507\t专项普查活动\t180.00\t0.00\t180.00
208\t社会保障和就业支出\t147.00\t147.00\t0.00
20805\t行政事业单位养老支出\t147.00\t147.00\t0.00
2080505\t机关事业单位基本养老保险缴费支出\t98.00\t98.00\t0.00
2080506\t机关事业单位职业年金缴费支出\t49.00\t49.00\t0.00
210\t卫生健康支出\t54.00\t54.00\t0.00
21011\t行政事业单位医疗\t54.00\t54.00\t0.00
2101101\t行政单位医疗\t54.00\t54.00\t0.00
221\t住房保障支出\t70.00\t70.00\t0.00
22102\t住房改革支出\t70.00\t70.00\t0.00
2210201\t住房公积金\t70.00\t70.00\t0.00

一般公共预算基本支出情况表（按经济分类科目）

单位：万元

部门预算支出经济科目\t预算
合 计\t1106.00
[301]工资福利支出\t1010.00
[302]商品和服务支出\t52.00
[303]对个人和家庭的补助\t36.00
[310]资本性支出\t8.00

财政拨款安排的“三公”经费预算表

单位：万元

项 目\t合计
“三公”经费\t12.00
其中：（一）因公出国（境）支出\t3.00
（二）公务用车购置及运行维护支出\t6.00
1. 公务用车购置\t0.00
2. 公务用车运行维护费\t6.00
（三）公务接待费支出\t3.00
"""


def final_text(tables: tuple[FinalTable, ...] | None = None) -> str:
    """The 决算 fixture as a text disclosure (the seed's form: tables tab-separated)."""
    tables = final_tables() if tables is None else tables
    contents = "\n".join(f"- {number_to_chinese(i)}、{t.title}" for i, t in enumerate(tables, start=1))
    parts = [
        f"{FINAL_DEPARTMENT}\n{FINAL_YEAR}年度部门决算\n",
        f"目 录\n\n第一部分 {FINAL_DEPARTMENT}概况\n\n第二部分 {FINAL_DEPARTMENT}{FINAL_YEAR}年度部门决算表\n\n"
        f"{contents}\n\n第三部分 {FINAL_DEPARTMENT}{FINAL_YEAR}年度部门决算情况说明\n",
        f"第一部分 {FINAL_DEPARTMENT}概况\n\n一、主要职能\n\n负责全区统计调查、普查和统计数据管理工作。\n\n"
        f"二、部门决算单位构成\n\n{FINAL_DEPARTMENT}部门决算为本级决算，无下属单位。\n",
        f"第二部分 {FINAL_DEPARTMENT}{FINAL_YEAR}年度部门决算表\n",
    ]
    for table in tables:
        lines = [table.title, "", "单位：万元", ""]
        lines += ["\t".join(r) for r in (*table.header, *table.rows)]
        lines += ["", table.note, ""]
        parts.append("\n".join(lines))
    parts.append(FINAL_NARRATIVE)
    return "\n".join(parts)


def render_final(out: Path, tables: tuple[FinalTable, ...] | None = None) -> Path:
    """The 决算 fixture rendered to ``out`` (its text beside it, ``.txt``), in the plain layout."""
    text = out.with_suffix(".txt")
    text.write_text(final_text(tables), encoding="utf-8")
    return render(text, out)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Render the seed text to a PDF fixture.")
    parser.add_argument("seed", nargs="?", type=Path, default=SEED)
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--variant", choices=sorted(VARIANTS), help="a named variant (default: the plain rendering)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    suffix = f"-{args.variant}" if args.variant else ""
    out = args.out or ROOT / "build" / "fixtures" / f"{args.seed.stem}{suffix}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    print(render(args.seed, out, VARIANTS[args.variant] if args.variant else PLAIN))
    return 0


if __name__ == "__main__":
    sys.exit(main())
