"""The seed document (a 2023 Guangdong district bureau) read in full: values checked by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetkit.catalogue import kinds
from tests.helpers import amount, total

BUREAU = "清远市清新区政务服务数据管理局"
CENTRE = "清远市清新区综合政务服务中心"


def test_identity(seed):
    assert seed.department == BUREAU
    assert seed.year == 2023
    assert seed.phase == "budget"
    assert seed.level == "department"


def test_all_twelve_tables_in_order(seed):
    assert [i.kind for i in seed.table_info] == list(kinds.GUANGDONG_KINDS)
    assert seed.summary()["tables"] == {
        "overall": 28, "income": 6, "expenditure": 26, "fiscal_overall": 26, "general_function": 26,
        "general_basic_economic": 35, "three_public": 7, "gov_fund": 5, "state_capital": 4,
        "general_project_economic": 19, "basic_by_unit": 13, "projects": 20,
    }


def test_every_published_number_is_a_line(seed_text, seed):
    # Every numeric cell of every table row in the text is one line: count them independently.
    from budgetkit._normalize import looks_like_amount

    narrative_start = seed_text.index("第三部分 2023年部门预算情况说明")
    table_part = seed_text[:narrative_start]
    cells = [c for line in table_part.splitlines() if "\t" in line for c in line.split("\t")]
    codes = [c for c in cells if c.strip().isdigit() and len(c.strip()) in (3, 5, 7)]
    numbers = [c for c in cells if looks_like_amount(c)]
    assert len(seed.lines) == len(numbers) - len(codes) == 739


def test_tables_split_over_pages_are_joined(seed):
    pages = {i.kind: i.pages for i in seed.table_info}
    assert pages["overall"] == (1, 2, 3)
    assert pages["expenditure"] == (5, 6, 7)
    assert pages["projects"] == (22, 23, 24, 25, 26, 27)
    rows = seed.table("expenditure").drop_duplicates("row")
    assert list(rows["row"]) == list(range(26))


# Table 1: 收支总体情况表
def test_overall(seed):
    t = seed.table("overall")
    assert amount(t, side="income", item="fiscal") == D("1564.22")
    assert amount(t, side="income", item="income_total") == D("1564.22")
    assert amount(t, side="expenditure", code="206") == D("548.48")
    assert amount(t, side="expenditure", code="221") == D("142.27")
    assert amount(t, side="expenditure", item="expenditure_total") == D("1564.22")
    assert amount(t, side="expenditure", item="carryover") == D("0")
    # The page-3 continuation rows keep their side.
    assert amount(t, side="income", item="business_fund") == D("0")
    assert amount(t, side="expenditure", item="remit_to_superior") == D("0")


# Table 2: 收入总体情况表 (starts mid-table)
def test_income_incomplete_but_read(seed):
    t = seed.table("income")
    assert amount(t, code="21201", measure="general_public") == D("1.00")
    assert amount(t, code="2210203", measure="total") == D("84.67")
    assert amount(t, code="221", measure="business_fund") == D("0")
    assert set(t["measure"]) == set(kinds.REGISTRY["income"].measures)
    info = next(i for i in seed.table_info if i.kind == "income")
    assert info.status == "incomplete"
    assert any("收入总体情况表" in w and "mid-table" in w and "21201" in w for w in seed.warnings)


# Table 3: 支出总体情况表
def test_expenditure(seed):
    t = seed.table("expenditure")
    assert amount(t, item="total", measure="total") == D("1564.22")
    assert amount(t, item="total", measure="basic") == D("708.24")
    assert amount(t, item="total", measure="project") == D("855.98")
    assert amount(t, code="2010350", measure="basic") == D("270.36")
    assert amount(t, code="2210203", measure="total") == D("84.67")  # third page
    # The third page wraps "事业单位经营支 出" in its header: still the same measure.
    assert amount(t, code="2210203", measure="operating_expense") == D("0")
    row = t[t["code"] == "2010301"].iloc[0]
    assert (row["level"], row["parent"], row["name"]) == (3, "20103", "行政运行")
    assert t[t["code"] == "20605"]["name"].iloc[0] == "科技条件与服务"


# Table 4: 财政拨款收支总体情况表
def test_fiscal_overall(seed):
    t = seed.table("fiscal_overall")
    assert amount(t, side="income", item="general_public") == D("1564.22")
    assert amount(t, side="income", item="gov_fund") == D("0")
    assert amount(t, side="expenditure", code="201") == D("761.01")
    assert amount(t, side="expenditure", code="221") == D("142.27")
    assert amount(t, side="expenditure", item="expenditure_subtotal") == D("1564.22")


# Table 5: 一般公共预算支出情况表（按功能分类科目）
def test_general_function(seed):
    t = seed.table("general_function")
    assert amount(t, item="total", measure="basic") == D("708.24")
    assert amount(t, code="2080506", measure="basic") == D("28.14")
    assert amount(t, code="2210201", measure="total") == D("57.60")
    # The document prints 20605 as 科学条件与服务 here and 科技条件与服务 in table 3.
    assert t[t["code"] == "20605"]["name"].iloc[0] == "科学条件与服务"


# Table 6: 一般公共预算基本支出情况表（按经济分类科目）, blocks repeated per unit
def test_basic_economic_blocks_attributed_to_units(seed):
    t = seed.table("general_basic_economic")
    assert amount(t, item="total") == D("708.24")
    assert amount(t, code="301", unit=BUREAU) == D("246.83")
    assert amount(t, code="301", unit=CENTRE) == D("395.73")
    assert amount(t, code="30107", unit=CENTRE) == D("100.38")
    assert amount(t, code="30231", unit=BUREAU) == D("5.50")
    assert amount(t, code="30231", unit=CENTRE) == D("3.00")
    assert amount(t, code="30239", unit=BUREAU) == D("5.58")
    # [303] is printed once for both units (10.80 + 16.80): kept at department level, said so.
    assert amount(t, code="303", unit="") == D("27.60")
    assert any("[303]" in w and "10.80" in w and "16.80" in w for w in seed.warnings)


# Table 7: 行政经费 and “三公”经费
def test_three_public(seed):
    t = seed.table("three_public")
    assert amount(t, item="office_operation", measure="total") == D("799.92")
    assert amount(t, item="three_public", measure="general_public") == D("8.50")
    assert amount(t, item="vehicle", measure="total") == D("8.50")
    assert amount(t, item="vehicle_purchase", measure="total") == D("0")
    assert amount(t, item="vehicle_operation", measure="total") == D("8.50")
    assert amount(t, item="overseas_travel", measure="total") == D("0")
    assert amount(t, item="reception", measure="total") == D("0")


# Tables 8 and 9: empty, with their notes
@pytest.mark.parametrize("kind, code", [("gov_fund", "2296004"), ("state_capital", "2230101")])
def test_empty_tables_with_notes(seed, kind, code):
    info = next(i for i in seed.table_info if i.kind == kind)
    assert info.status == "empty"
    assert any("本表本年无发生额" in n for n in info.notes)
    assert amount(seed.table(kind), code=code, measure="total") == D("0")


# Table 10: 一般公共预算项目支出情况表（按经济分类科目）
def test_project_economic_blocks_attributed_by_unit_totals(seed):
    t = seed.table("general_project_economic")
    assert amount(t, item="total") == D("855.98")
    assert amount(t, code="31002") == D("26.71")
    assert amount(t, code="310") == D("52.66")
    # Only the unit totals of the project list (827.98, 28.00) tell the blocks apart.
    assert amount(t, code="301", unit=CENTRE) == D("11.00")
    assert amount(t, code="302", unit=BUREAU) == D("570.38")
    assert amount(t, code="302", unit=CENTRE) == D("17.00")
    assert amount(t, code="30213", unit=CENTRE) == D("8.80")
    assert set(t[t["code"].str.startswith("309")]["unit"]) == {BUREAU}
    assert total(t, unit=BUREAU, level=1) == D("827.98")
    assert total(t, unit=CENTRE, level=1) == D("28.00")


# Table 11: 部门预算基本支出预算表
def test_basic_by_unit(seed):
    t = seed.table("basic_by_unit")
    assert amount(t, item="total", measure="total") == D("708.24")
    assert amount(t, code="301", unit="", measure="total") == D("642.56")
    assert amount(t, item="unit_total", unit=CENTRE, measure="general_public") == D("429.53")
    assert amount(t, code="303", unit=BUREAU, measure="total") == D("10.80")
    assert amount(t, item="other_capital", measure="total") == D("0")


# Table 12: projects with 绩效目标, names wrapped in their cells
def test_projects_and_goals(seed):
    p = seed.projects
    assert len(p) == 17
    assert set(p["unit"]) == {BUREAU, CENTRE}
    assert "监控系统运行维护费项目" in set(p["name"])
    assert "区中心机房核心设备网络维养部分项目" in set(p["name"])
    hall = p[p["name"] == "2023年区政务服务大厅运维费"].iloc[0]
    assert hall["unit"] == CENTRE and hall["amount"] == D("28.00")
    assert hall["performance_goal"].startswith("确保2023年实体大厅的基础设施运维工作")
    jintan = p[p["name"].str.contains("浸潭镇")].iloc[0]
    assert jintan["amount"] == D("248.00")
    t = seed.table("projects")
    assert amount(t, item="unit_total", unit=BUREAU, measure="total") == D("827.98")


def test_wrapped_unit_name_joined(seed):
    t = seed.table("projects")
    assert set(t[t["item"] == "unit_total"]["name"]) == {BUREAU, CENTRE}


# Totals the seed states, recomputed from the parsed lines
def test_stated_totals_recomputed(seed):
    e = seed.table("expenditure")
    assert amount(e, item="total", measure="basic") + amount(e, item="total", measure="project") == D("1564.22")
    # The six 类 add up to 1564.21: one cent under the printed 合计, the 尾差 the notes declare.
    assert total(e, level=1, measure="total") == D("1564.21")
    assert total(seed.table("general_basic_economic"), level=1) == D("708.24")
    assert total(seed.table("general_project_economic"), level=1) == D("855.98")
    o = seed.table("overall")
    assert total(o, side="expenditure", level=1) == amount(o, item="expenditure_subtotal") - D("0.01")
    assert sum(seed.projects["amount"], D(0)) == D("855.98")
    b = seed.table("basic_by_unit")
    assert total(b, item="unit_total", measure="total") == D("708.24")


def test_amounts_are_exact_decimals(seed):
    assert str(seed.lines["amount"].dtype) == "decimal128(20, 6)[pyarrow]"
    assert isinstance(seed.lines["amount"].sum(), D)


def test_narrative_kept(seed):
    assert seed.narrative.startswith("第三部分 2023年部门预算情况说明")
    assert "收入预算1,564.22万元,比上年增加129.41万元,增长9.02%" in seed.narrative
    assert "名词解释" not in seed.narrative
    assert "政府采购安排12.82万元" in seed.narrative
