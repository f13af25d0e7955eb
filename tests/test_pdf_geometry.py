"""The PDF reading layer on tables it has never seen: which fragment continues which table,
where a title is, what the page does not show, and the notes on a doubtful reading.

Rendered PDFs of our own test each rule alone; corpus pages (skipped when the corpus is
absent) test it on real disclosures, with values checked by hand against the printed page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkit._sources.pdf import _is_title, _strip_number, read_pdf
from tests.fixtures.pdfs import _canvas

# ------------------------------------------------------------------ rendered fixtures


def _table(c, x: float, top: float, widths: list[float], rows: list[list[str]], height: float = 22.0) -> None:
    """A fully ruled grid at (x, top) in top-left coordinates of an A4 page, one row per list."""
    page_h = 842
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    bottom = top + height * len(rows)
    for i in range(len(rows) + 1):
        y = page_h - (top + i * height)
        c.line(xs[0], y, xs[-1], y)
    for xv in xs:
        c.line(xv, page_h - top, xv, page_h - bottom)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            c.drawString(xs[j] + 4, page_h - (top + i * height + 15), text)


def _three_pages(path: Path) -> Path:
    """p.1: a titled table; p.2: a table with other headings and other columns, no title;
    p.3: the rest of p.2's table, no title and no header, on p.2's columns."""
    c = _canvas(path)
    c.drawString(200, 800, "公开05表")
    c.drawString(200, 780, "财政拨款支出表（功能科目）")
    _table(c, 60, 80, [90, 200, 120], [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "120.00"],
                                        ["20101", "人大事务", "120.00"]])
    c.showPage()
    c.setFont("WQYMicroHei", 12)
    _table(c, 40, 80, [160, 110, 110, 110], [["项目名称", "单位名称", "金额", "备注"],
                                             ["办公楼维修", "本级", "30.00", ""],
                                             ["信息系统运维", "本级", "20.00", ""]])
    c.showPage()
    c.setFont("WQYMicroHei", 12)
    _table(c, 40, 80, [160, 110, 110, 110], [["档案数字化", "本级", "12.50", ""], ["网站运维", "本级", "8.00", ""]])
    c.save()
    return path


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory) -> Path:
    return _three_pages(tmp_path_factory.mktemp("geometry") / "three-pages.pdf")


def test_title_with_a_qualifier_in_brackets_and_a_number_line_above_is_found(three_pages):
    first = read_pdf(three_pages).tables[0]
    assert first.title == "财政拨款支出表（功能科目）"
    assert first.rows[1] == ("201", "一般公共服务支出", "120.00")


def test_regression_untitled_table_with_other_headings_is_not_the_previous_tables_continuation(three_pages):
    tables = read_pdf(three_pages).tables
    assert [t.page for t in tables] == [1, 2, 3]
    assert tables[1].title == "(untitled table p.2)"
    assert tables[1].rows[0] == ("项目名称", "单位名称", "金额", "备注")


def test_untitled_headerless_table_on_the_same_columns_continues_the_one_before(three_pages):
    tables = read_pdf(three_pages).tables
    assert tables[2].title == tables[1].title
    assert tables[2].rows == (("档案数字化", "本级", "12.50", ""), ("网站运维", "本级", "8.00", ""))


@pytest.mark.parametrize(("line", "title"), [
    ("公开02表", ""),
    ("预算01表收支总表", "收支总表"),
    ("表3-1 一般公共预算支出预算表", "一般公共预算支出预算表"),
    ("附表1 收支总表", "收支总表"),
    ("：2026年市级部门收支预算总表", "2026年市级部门收支预算总表"),
])
def test_table_number_before_a_title_is_not_part_of_it(line, title):
    assert _strip_number(line) == title


@pytest.mark.parametrize(("line", "is_title"), [
    ("部门综合预算一般公共预算支出明细表（按支出功能分类科目）", True),
    ("2026年部门综合预算政府采购表（不含上年结转）", True),
    ("财政拨款基本支出表（经济科目）", True),
    ("第二部分 江苏省高级人民法院2017年度部门预算表", False),  # a part heading
    ("表", False),
    ("具体情况详见附表。", False),
    ("部门：无锡市统计局 单位：万元", False),
])
def test_a_title_is_a_line_whose_words_end_in_biao(line, is_title):
    assert _is_title(line) is is_title


# ------------------------------------------------------------------ corpus pages

corpus_only = pytest.mark.corpus


def _tables(corpus: Path, name: str):
    path = corpus / name
    if not path.exists():
        path = corpus / "cities" / name
    return read_pdf(path).tables


@corpus_only
def test_regression_title_with_function_qualifier_no_longer_read_as_the_overall_table(corpus):
    tables = _tables(corpus, "wuxi-tongjiju-2026-budget.pdf")
    by_page = {t.page: t for t in tables}
    assert by_page[14].title == "财政拨款支出表（功能科目）"
    assert by_page[15].title == "财政拨款支出表（功能科目）"  # its last rows, on the next page
    assert by_page[15].rows[0][:3] == ("2210202", "提租补贴", "148.32")
    assert by_page[16].title == "财政拨款基本支出表（经济科目）"
    assert by_page[13].title == "财政拨款收支总表"  # the two-sided table does continue


@corpus_only
def test_regression_title_printed_inside_the_frame_under_its_number_is_found(corpus):
    tables = _tables(corpus, "wuxi-tongjiju-2026-budget.pdf")
    income = next(t for t in tables if t.page == 9)
    assert income.title == "收入总表"
    assert any(r[:3] == ("327001", "无锡市统计局（本级）", "2,663.92") for r in income.rows)
    assert not any(t.title.startswith("(untitled") for t in tables)


@corpus_only
def test_regression_detail_tables_of_one_template_each_keep_their_own_title(corpus):
    by_page = {t.page: t for t in _tables(corpus, "xian-tongjiju-2026-budget.pdf")}
    assert by_page[30].title == "部门综合预算一般公共预算支出明细表（按支出功能分类科目）"
    assert by_page[30].rows[1][2] == "62,109,297.20"
    assert by_page[31].title == by_page[32].title == "部门综合预算一般公共预算支出明细表（按支出经济分类科目）"
    assert by_page[33].title == "部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）"


@corpus_only
def test_regression_tables_laid_out_beyond_the_page_foot_are_not_read(corpus):
    page11 = [t for t in _tables(corpus, "js-npc-office-2017-budget.pdf") if t.page == 11]
    assert [t.title for t in page11] == ["财政拨款支出预算表"]
    assert page11[0].rows[-1] == ("2210202", "提租补贴", "1,018.01")


@corpus_only
def test_regression_title_wrapped_after_a_comma_list_is_joined(corpus):
    titles = {t.title for t in _tables(corpus, "js-procuratorate-2018-budget.pdf") if t.page == 19}
    assert "一般公共预算“三公”经费、会议费、培训费支出预算表" in titles


@corpus_only
def test_lattice_of_cell_rectangles_is_noted_on_its_fragment_naming_the_page(corpus):
    first = _tables(corpus, "js-high-court-2017-budget.pdf")[0]
    assert first.page == 11
    assert any(n.startswith("p.11: ruled as a lattice") for n in first.reading)
