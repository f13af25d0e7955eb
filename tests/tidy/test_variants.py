"""The seed rendered in each family of layout real disclosures use reads to exactly the
lines of its plain rendering.

scripts/render_fixtures.py renders the same figures with the title numbered, prefixed or
set inside the frame; header synonyms and header rows grouped or flattened; the codes in
their own column, bracketed, before the name or split over 类 / 款 / 项; the grid drawn as
lines, filled segments, cell rectangles, horizontal rules or not at all; and in 元. Every
variant must give the plain rendering's tidy lines, column for column, except the columns
the variant legitimately changes (the printed title, the page, the unit printed).
"""

from __future__ import annotations

import functools
from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from tests.helpers import amount

#: Columns a variant may change: where the line was printed and under what title.
LOCATION = ["source", "table_title", "page"]


def _names(family: str) -> list[str]:
    from tests.conftest import _render_fixtures

    return [n for n in _render_fixtures().VARIANTS if n.startswith(f"{family}-")]


@pytest.fixture(scope="module")
def plain(render_variant):
    return budgetkit.read(render_variant())


@pytest.fixture(scope="module")
def read_variant(render_variant):
    """``read_variant(name)``: the named variant read (once per module)."""
    docs: dict[str, budgetkit.BudgetDocument] = {}

    def read(name: str):
        if name not in docs:
            docs[name] = budgetkit.read(render_variant(name))
        return docs[name]

    return read


def _comparable(lines: pd.DataFrame, ignore: list[str]) -> pd.DataFrame:
    return lines.drop(columns=LOCATION + ignore).reset_index(drop=True)


def first_difference(got: pd.DataFrame, want: pd.DataFrame) -> str:
    """'' when the frames are equal, else the first line that differs, field by field."""
    width = max(len(got), len(want))
    for i in range(width):
        a = got.iloc[i].to_dict() if i < len(got) else None
        b = want.iloc[i].to_dict() if i < len(want) else None
        if a != b:
            if a is None or b is None:
                return f"{len(got)} lines, the plain rendering has {len(want)}; line {i}: got {a}, want {b}"
            fields = {k: (a[k], b[k]) for k in b if a.get(k) != b[k]}
            return (f"{len(got)} lines (plain: {len(want)}); first difference at line {i} "
                    f"({b['table']} {b['code'] or b['item']} {b['name']} {b['measure']}): got/want {fields}")
    return ""


def assert_reads_as_plain(doc, plain, ignore: tuple[str, ...] = ()) -> None:
    got, want = _comparable(doc.lines, list(ignore)), _comparable(plain.lines, list(ignore))
    diff = first_difference(got, want)
    assert not diff, diff
    assert [i.kind for i in doc.table_info] == [i.kind for i in plain.table_info]
    assert (doc.department, doc.year, doc.phase, doc.level) == (plain.department, plain.year, plain.phase,
                                                                plain.level)


def test_plain_rendering_is_the_seed(plain, seed):
    assert len(plain.lines) == 739
    pd.testing.assert_frame_equal(_comparable(plain.lines, []), _comparable(seed.lines, []))


@pytest.mark.parametrize("name", _names("title"))
def test_title_form_reads_as_plain(name, read_variant, plain):
    assert_reads_as_plain(read_variant(name), plain)


@pytest.mark.parametrize("name", _names("header"))
def test_header_synonyms_read_as_plain(name, read_variant, plain):
    assert_reads_as_plain(read_variant(name), plain)


@pytest.mark.parametrize("name", _names("codes"))
def test_code_placement_reads_as_plain(name, read_variant, plain):
    assert_reads_as_plain(read_variant(name), plain)


@pytest.mark.parametrize("name", _names("rulings"))
def test_ruling_style_reads_as_plain(name, read_variant, plain):
    assert_reads_as_plain(read_variant(name), plain)


def test_yuan_tables_read_as_the_same_wan_lines(read_variant, plain):
    doc = read_variant("money-yuan")
    assert_reads_as_plain(doc, plain, ignore=("source_unit",))
    assert set(doc.lines["source_unit"]) == {"元"}
    # 15,642,200.00 元 printed; 1564.22 万元 read, exactly.
    assert amount(doc.table("overall"), side="income", item="income_total") == D("1564.22")
    assert amount(doc.table("expenditure"), code="2010350", measure="basic") == D("270.36")


# ------------------------------------------------------------- the variants print their forms


@functools.cache
def _page_texts(path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


#: What each variant prints that the plain rendering does not (checked in the PDF's text).
PRINTED = {
    "title-number-一、": ["一、收支总体情况表", "十二、部门预算项目支出及其他支出预算表"],
    "title-number-表1": ["表1 收支总体情况表", "表12 部门预算项目支出及其他支出预算表"],
    "title-number-公开05表": ["公开01表 收支总体情况表", "公开05表 一般公共预算支出情况表"],
    "title-number-预算01表": ["预算01表 收支总体情况表", "预算12表 部门预算项目支出及其他支出预算表"],
    "title-number-表3-1": ["表3-1 收支总体情况表", "表3-12 部门预算项目支出及其他支出预算表"],
    "title-year-department": ["一、2023年度清远市清新区政务服务数据管理局部门收支总体情况表",
                              "十一、2023年度清远市清新区政务服务数据管理局部门预算基本支出预算表"],
    "title-prefix-部门": ["部门收支总体情况表", "部门一般公共预算支出情况表"],
    "title-prefix-单位": ["单位收支总体情况表", "单位预算基本支出预算表"],
    "title-prefix-预算单位": ["预算单位收支总体情况表", "预算单位预算项目支出及其他支出预算表"],
    "title-prefix-市级部门": ["市级部门收支总体情况表", "市级部门预算基本支出预算表"],
    "title-prefix-部门综合预算": ["部门综合预算收支总体情况表", "部门综合预算基本支出预算表"],
    "title-in-frame": ["单位名称： 清远市清新区政务服务数据管理局 单位： 万元"],
    "header-科目代码": ["科目代码"],
    "header-功能科目代码-功能科目名称": ["功能科目代码", "功能科目名称"],
    "header-编码-项目": ["编码"],
    "header-total-金额": ["金额"],
    "header-total-合计": ["合计"],
    "header-total-总计": ["总计"],
    "header-rows-flat": ["科目编码"],
    "header-rows-grouped": ["本年预算"],
    "codes-compact": ["2010350"],
    "codes-bracketed": ["[2010350]"],
    "codes-in-name": ["2010350 事业运行"],
    "codes-split": ["类", "款", "项", "201", "03", "50"],
    "money-yuan": ["15,642,200.00", "单位： 元"],
}


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_variant_prints_its_form(name, render_variant):
    text = "\n".join(_page_texts(render_variant(name)))
    plain = "\n".join(_page_texts(render_variant()))
    for form in PRINTED[name]:
        assert form in text, f"{name}: {form!r} is not printed"
    assert text != plain


def _page_graphics(path, number: int) -> dict:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        lines = [(round(ln["x0"], 1), round(ln["x1"], 1), round(ln["top"], 1), round(ln["bottom"], 1))
                 for ln in page.lines]
        rects = [(r["width"], r["height"], r["fill"], r["stroke"]) for r in page.rects]
    return {"horizontal": sum(1 for x0, x1, t, b in lines if t == b), "vertical": sum(1 for x0, x1, t, b in lines if x0 == x1),
            "rects": rects}


def test_ruling_variants_draw_their_grid(render_variant):
    first_table_page = 3
    plain = _page_graphics(render_variant(), first_table_page)
    assert plain["horizontal"] and plain["vertical"] and not plain["rects"]
    segments = _page_graphics(render_variant("rulings-segments"), first_table_page)
    assert not segments["horizontal"] and not segments["vertical"]
    assert segments["rects"] and all(min(w, h) <= 0.6 and fill and not stroke for w, h, fill, stroke in segments["rects"])
    cells = _page_graphics(render_variant("rulings-cells"), first_table_page)
    assert cells["rects"] and all(min(w, h) > 5 and stroke and not fill for w, h, fill, stroke in cells["rects"])
    horizontal = _page_graphics(render_variant("rulings-horizontal"), first_table_page)
    assert horizontal["horizontal"] and not horizontal["vertical"] and not horizontal["rects"]
    none = _page_graphics(render_variant("rulings-none"), first_table_page)
    assert none == {"horizontal": 0, "vertical": 0, "rects": []}
