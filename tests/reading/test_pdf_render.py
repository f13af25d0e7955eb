"""The seed rendered to PDF (ruled tables, wrapped cells, landscape pages, tables continued
over pages with repeated headers) reads back to exactly the seed text's tidy lines."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

import budgetkit
from budgetkit.catalogue import kinds
from tests.fixtures.pdfs import render_seed
from tests.helpers import amount

BUREAU = "清远市清新区政务服务数据管理局"
CENTRE = "清远市清新区综合政务服务中心"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_seed(tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def doc(rendered):
    return budgetkit.read(rendered)


def _without_page(lines: pd.DataFrame) -> pd.DataFrame:
    return lines.drop(columns=["page", "source"]).reset_index(drop=True)


def test_round_trip_gives_the_seed_lines(doc, seed):
    pd.testing.assert_frame_equal(_without_page(doc.lines), _without_page(seed.lines))
    assert len(doc.lines) == 739


def test_page_is_the_pdf_page(doc, seed):
    # The text counts table pages from 1; the PDF has two pages of 概况 before them.
    offset = doc.lines["page"] - seed.lines["page"]
    assert set(offset) == {2}
    assert set(doc.lines["source"]) == {"gd-qingxin-zwfw-2023-budget.pdf"}


def test_identity_tables_and_projects(doc, seed):
    assert (doc.department, doc.year, doc.phase, doc.level) == (BUREAU, 2023, "budget", "department")
    assert [i.kind for i in doc.table_info] == list(kinds.GUANGDONG_KINDS)
    assert [i.rows for i in doc.table_info] == [i.rows for i in seed.table_info]
    assert [i.status for i in doc.table_info] == [i.status for i in seed.table_info]
    pd.testing.assert_frame_equal(doc.projects.drop(columns=["page", "source"]),
                                  seed.projects.drop(columns=["page", "source"]))


def test_same_warnings_but_pages(doc, seed):
    import re

    def strip(w):
        return re.sub(r"p\.\d+(–\d+)?", "p.N", w)

    assert sorted(map(strip, doc.warnings)) == sorted(map(strip, seed.warnings))


def test_exact_values_from_the_pdf(doc):
    o = doc.table("overall")
    assert amount(o, side="income", item="income_total") == D("1564.22")
    assert amount(o, side="expenditure", code="206") == D("548.48")
    e = doc.table("expenditure")
    assert amount(e, code="2010350", measure="basic") == D("270.36")
    assert amount(e, code="2210203", measure="total") == D("84.67")
    g = doc.table("general_basic_economic")
    assert amount(g, code="30107", unit=CENTRE) == D("100.38")
    t = doc.table("three_public")
    assert amount(t, item="office_operation", measure="total") == D("799.92")
    p = doc.projects
    hall = p[p["name"] == "2023年区政务服务大厅运维费"].iloc[0]
    assert hall["unit"] == CENTRE and hall["amount"] == D("28.00")
    assert hall["performance_goal"].startswith("确保2023年实体大厅的基础设施运维工作")


def test_narrative_from_the_text_layer(doc):
    assert doc.narrative.startswith("第三部分 2023年部门预算情况说明")
    # Wrapped lines joined, the numbers kept in their sentences.
    assert "收入预算1,564.22万元,比上年增加129.41万元,增长9.02%" in doc.narrative


def test_projects_table_continues_over_pages_with_repeated_header(doc):
    info = next(i for i in doc.table_info if i.kind == "projects")
    assert len(info.pages) > 1


def test_pdfplumber_engine_gives_the_same_lines(rendered, doc):
    other = budgetkit.read(rendered, engine="pdfplumber")
    pd.testing.assert_frame_equal(other.lines, doc.lines)


@pytest.mark.slow
def test_tabula_engine_reads_the_main_tables(rendered):
    from budgetkit.reading._tabula import java_available

    if not java_available():
        pytest.skip("no Java runtime")
    doc = budgetkit.read(rendered, engine="tabula")
    # tabula packs merged header cells to the left and splits some tables (README,
    # "Reading PDFs"): it is not the default, but what it reads lands in the same model.
    o = doc.table("overall")
    assert amount(o, side="income", item="fiscal") == D("1564.22")
    assert amount(o, side="expenditure", code="206") == D("548.48")
