"""The PDF reading layer on tables it has never seen: which fragment continues which table,
where a title is, what the page does not show, and the notes on a doubtful reading.

Rendered PDFs of our own test each rule alone; corpus pages (skipped when the corpus is
absent) test it on real disclosures, with values checked by hand against the printed page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkit.reading.pdf import _is_title, _strip_number, read_pdf
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


#: A function table printed without a ruled grid: (cells of one row, lines of its name).
_UNRULED_ROWS = [
    ["201", "一般公共服务支出", "120.00", "100.00", "20.00"],
    ["20101", "人大事务", "120.00", "100.00", "20.00"],
    ["2010101", "行政运行及机关\n服务支出", "80.00", "80.00", "0.00"],
    ["2010102", "一般行政管理事务", "40.00", "20.00", "20.00"],
]
_UNRULED_HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]


def _unruled_table(c, rules: bool, title: bool = True, header: list[str] | None = _UNRULED_HEADER,
                   rows: list[list[str]] = _UNRULED_ROWS) -> None:
    """Title, unit line, header and rows placed by whitespace alone (``rules``: a horizontal
    rule under the header and under every row, none upright); amounts right-aligned."""
    from tests.conftest import _render_fixtures

    page_h, size, pitch, leading = 842, 8, 16, 10
    xs = [50, 110, 260, 330, 400, 470]
    if title:
        c.setFont(_render_fixtures().FONT, 14)
        c.drawString(200, page_h - 60, "一般公共预算支出表")
        c.setFont(_render_fixtures().FONT, size)
        c.drawString(50, page_h - 80, "单位：万元")
    c.setFont(_render_fixtures().FONT, size)
    y = 100.0
    for row in ([header] if header else []) + rows:
        lines = 1
        for j, text in enumerate(row):
            parts = text.split("\n")
            lines = max(lines, len(parts))
            for k, part in enumerate(parts):
                if j >= 2 and row is not header:
                    c.drawRightString(xs[j + 1] - 6, page_h - (y + size + k * leading), part)
                else:
                    c.drawString(xs[j] + 4, page_h - (y + size + k * leading), part)
        y += pitch + (lines - 1) * leading
        if rules:
            c.line(xs[0], page_h - (y - 3), xs[-1], page_h - (y - 3))
    if title:
        c.drawString(50, page_h - (y + 12), "注：本表无政府性基金预算支出。")


def _unruled_pages(path: Path) -> Path:
    """p.1: the table with no rulings; p.2: the same ruled with horizontal lines only;
    p.3: prose whose sentences hold figures; p.4: prose lines each on a white box."""
    c = _canvas(path)
    _unruled_table(c, rules=False)
    c.showPage()
    _unruled_table(c, rules=True)
    c.showPage()
    c.setFont("WQYMicroHei", 12)
    for i, text in enumerate(["部门收入预算合计 1,564.22 万元，其中一般公共预算 1,564.22 万元，",
                              "支出预算合计 1,564.22 万元，其中基本支出 708.24 万元，",
                              "项目支出 855.98 万元，比上年增加 12.50 万元，增长 0.80%。"]):
        c.drawString(60, 780 - 24 * i, text)
    c.showPage()
    c.setFont("WQYMicroHei", 12)
    c.setFillColorRGB(1, 1, 1)
    for i in range(6):
        for x0, w in ((60, 20), (80, 200)):
            c.rect(x0, 700 - 30 * i, w, 22, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for i in range(6):
        c.drawString(62, 706 - 30 * i, f"{i + 1}")
        c.drawString(84, 706 - 30 * i, f"、部门预算表第{i + 1}部分")
    c.save()
    return path


@pytest.fixture(scope="module")
def unruled_pages(tmp_path_factory) -> Path:
    return _unruled_pages(tmp_path_factory.mktemp("geometry") / "unruled.pdf")


@pytest.mark.parametrize("page", [1, 2])
def test_table_without_upright_rulings_is_read_from_the_texts_x_positions(unruled_pages, page):
    table = next(t for t in read_pdf(unruled_pages).tables if t.page == page)
    assert table.title == "一般公共预算支出表"
    assert table.money_unit == "万元"
    assert table.rows[0] == tuple(_UNRULED_HEADER)
    assert table.rows[1:] == tuple(tuple(r) for r in _UNRULED_ROWS)
    assert table.notes == ("注：本表无政府性基金预算支出。",)


def test_regression_wrapped_name_under_a_row_without_rulings_joins_that_row(unruled_pages):
    table = read_pdf(unruled_pages).tables[0]
    assert table.rows[3] == ("2010101", "行政运行及机关\n服务支出", "80.00", "80.00", "0.00")
    assert len(table.rows) == 5


def test_table_placed_by_the_text_is_noted_on_its_fragment_naming_the_page(unruled_pages):
    tables = read_pdf(unruled_pages).tables
    assert [t.page for t in tables] == [1, 2]
    for t in tables:
        assert len(t.reading) == 1
        assert t.reading[0].startswith(f"p.{t.page}: no ruled grid; columns placed by the text's x-positions")


def test_prose_with_figures_in_its_sentences_is_no_table(unruled_pages):
    doc = read_pdf(unruled_pages)
    assert not any(t.page == 3 for t in doc.tables)
    assert "项目支出 855.98 万元" in doc.text


def test_regression_white_boxes_behind_prose_lines_make_no_tables(unruled_pages):
    doc = read_pdf(unruled_pages)
    assert not any(t.page == 4 for t in doc.tables)
    assert not doc.warnings
    assert "、部门预算表第6部分" in doc.text


def test_unruled_table_continued_without_title_or_header_keeps_its_title(tmp_path):
    path = tmp_path / "continued.pdf"
    c = _canvas(path)
    _unruled_table(c, rules=False, rows=_UNRULED_ROWS[:2])
    c.showPage()
    _unruled_table(c, rules=False, title=False, header=None,
                   rows=[["2010105", "专项业务", "1,234.56", "5.00", "1,229.56"], *_UNRULED_ROWS[3:]])
    c.showPage()
    _unruled_table(c, rules=False, title=False, header=["项目名称", "单位名称", "金额", "财政拨款", "其他资金"],
                   rows=[["档案数字化", "本级", "12.50", "12.50", "0.00"], ["网站运维", "本级", "8.00", "8.00", "0.00"]])
    c.save()
    tables = read_pdf(path).tables
    assert [(t.page, t.title) for t in tables] == [(1, "一般公共预算支出表"), (2, "一般公共预算支出表"),
                                                   (3, "(untitled table p.3)")]
    assert tables[1].rows == (("2010105", "专项业务", "1,234.56", "5.00", "1,229.56"), tuple(_UNRULED_ROWS[3]))


def test_horizontal_rules_bound_the_rows_of_a_table_without_upright_rulings(tmp_path):
    path = tmp_path / "labelled.pdf"
    c = _canvas(path)
    label = ["", "按支出性质分", "", "", ""]
    _unruled_table(c, rules=True, rows=[*_UNRULED_ROWS[:2], label, *_UNRULED_ROWS[3:]])
    c.save()
    table = read_pdf(path).tables[0]
    assert table.rows[1:] == (tuple(_UNRULED_ROWS[0]), tuple(_UNRULED_ROWS[1]), tuple(label), tuple(_UNRULED_ROWS[3]))


def test_regression_sentence_just_above_an_unruled_table_is_not_its_header(tmp_path):
    path = tmp_path / "introduced.pdf"
    c = _canvas(path)
    c.setFont("WQYMicroHei", 8)
    c.drawString(50, 842 - 92, "本部门一般公共预算支出按功能分类科目如下：")
    _unruled_table(c, rules=False, title=False)
    c.save()
    doc = read_pdf(path)
    assert doc.tables[0].rows[0] == tuple(_UNRULED_HEADER)
    assert "本部门一般公共预算支出按功能分类科目如下：" in doc.text


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


@corpus_only
def test_regression_word_processor_text_frames_are_no_untitled_tables(corpus):
    tables = _tables(corpus, "changsha-zhiyejiaoyujidizonghexietiaobangongshi-2026-budget.pdf")
    assert not any(t.title.startswith("(untitled") for t in tables)
    assert [t.page for t in tables] == list(range(12, 26))
    overall = tables[0]
    assert overall.title == "2026年部门收支总体情况表"
    assert overall.rows[2][:4] == ("一、本级财政拨款收入", "656.73", "一、基本支出", "386.73")


@corpus_only
@pytest.mark.parametrize(("name", "pages"), [
    ("js-procuratorate-2018-budget.pdf", (24, 25, 28)),  # figures underlined in sentences
    ("cities/xian-qixiangju-2022-budget.pdf", (9, 13, 14)),  # justified prose full of figures
])
def test_prose_pages_full_of_figures_give_no_text_placed_table(corpus, name, pages):
    tables = read_pdf(corpus / name).tables
    assert not any(t.page in pages for t in tables)
    assert not any("placed by the text" in n for t in tables for n in t.reading)
