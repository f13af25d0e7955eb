"""A 财政拨款收支总表 that breaks 支出 down several times, on a hand-built fragment: the audit
adds one breakdown, never the heading over it."""

from __future__ import annotations

from decimal import Decimal as D

import budgetkit
from budgetkit.reading.raw import RawTable
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.rows import tables_to_records
from tests.helpers import fragments_document

# 西安's 表4 部门综合预算财政拨款收支总表 (统计局 2026, p.29, in 元): 支出 by 功能分类, by 部门经济分类
# and by 政府经济分类 side by side, each under its own "一、财政拨款".
XIAN_FISCAL = (
    ("收入", None, "支出", None, None, None, None, None),
    ("项目", "预算数", "支出功能分类科目（按大类）", "预算数", "部门预算支出经济分类科目（按大类）", "预算数",
     "政府预算支出经济分类科目（按大类）", "预算数"),
    ("一、财政拨款", "62,109,297.20", "一、财政拨款", "62,109,297.20", "一、财政拨款", "62,109,297.20", "一、财政拨款",
     "62,109,297.20"),
    ("1、一般公共预算拨款", "62,109,297.20", "1、一般公共服务支出", "50,037,708.13", "1、人员经费和公用经费支出",
     "36,701,197.20", "1、机关工资福利支出", "32,493,937.03"),
    ("2、政府性基金拨款", "", "5、教育支出", "775,000.00", "2、专项业务经费支出", "25,408,100.00",
     "2、机关商品和服务支出", "29,615,360.17"),
    ("", "", "8、社会保障和就业支出", "11,296,589.07", "", "", "", ""),
    ("本年收入合计", "62,109,297.20", "本年支出合计", "62,109,297.20", "本年支出合计", "62,109,297.20", "本年支出合计",
     "62,109,297.20"),
    ("收入总计", "62,109,297.20", "支出总计", "62,109,297.20", "支出总计", "62,109,297.20", "支出总计",
     "62,109,297.20"),
)


def _document(*tables: RawTable) -> BudgetDocument:
    return fragments_document(*tables)


def test_regression_fund_heading_over_the_expenditure_breakdowns_was_added_to_them():
    audit = budgetkit.check(_document(RawTable("部门综合预算财政拨款收支总表", XIAN_FISCAL, page=29, money_unit="元")))
    ids = audit.identities
    sub = ids[ids["rule"] == "expenditure_subtotal"]
    # One breakdown: the three 类, not the 财政拨款 heading over them (nor the economic ones beside).
    assert list(zip(sub["outcome"], sub["expected"], strict=True)) == [("exact", D("6210.929720"))]
    assert len(sub["rows"].iloc[0].split(", ")) == 4
    assert set(ids.loc[ids["rule"].isin(["income_subtotal", "income_total", "expenditure_total"]), "outcome"]) == {
        "exact"}


def test_regression_last_years_budget_column_was_read_as_the_years_total():
    # 重庆's 表五 一般公共预算支出情况表 (p.19): 2025年预算数 beside 2026年预算数 总计 | 基本支出 | 项目支出.
    rows = (
        ("功能分类科目", None, "2025年预算数", "2026年预算数", None, None),
        ("科目编码", "科目名称", None, "总计", "基本支出", "项目支出"),
        ("合计", None, "219,607.38", "227,955.11", "113,007.22", "114,947.89"),
        ("205", "教育支出", "52.17", "54.94", "54.94", ""),
    )
    records, _, infos, _ = tables_to_records([RawTable("2026年一般公共预算支出情况表", rows, page=19,
                                                       money_unit="万元")])
    got = {(r["code"], r["measure"]): r["amount"] for r in records}
    assert got == {("", "prior_budget"): D("219607.38"), ("", "total"): D("227955.11"),
                   ("", "basic"): D("113007.22"), ("", "project"): D("114947.89"),
                   ("205", "prior_budget"): D("52.17"), ("205", "total"): D("54.94"), ("205", "basic"): D("54.94")}
    assert not infos[0].reading


def test_regression_two_classifications_side_by_side_added_the_kuan_to_the_lei():
    # 烟台's 公开表10 基本支出预算情况表 (信访局 2026, p.21): 部门 | 政府 经济分类 side by side, a 部门 类
    # printed once per 政府 类 (301 | 501, then 301 | 505), each over its 款.
    rows = (
        ("科目编码", None, "部门预算支出经济分类科目", "科目编码", None, "政府预算支出经济分类科目", "合计"),
        ("类", "款", None, "类", "款", None, None),
        ("", "", "合计", "", "", "", "1,021.12"),
        ("301", "", "工资福利支出", "501", "", "机关工资福利支出", "593.01"),
        ("301", "01", "基本工资", "501", "01", "工资奖金津补贴", "300.00"),
        ("301", "02", "津贴补贴", "501", "01", "工资奖金津补贴", "293.01"),
        ("301", "", "工资福利支出", "505", "", "对事业单位经常性补助", "428.11"),
        ("301", "01", "基本工资", "505", "01", "工资福利支出", "428.11"),
    )
    audit = budgetkit.check(_document(RawTable("基本支出预算情况表", rows, page=21, money_unit="万元")))
    ids = audit.identities
    total = ids[(ids["rule"] == "column_total") & (ids["measure"] == "total")]
    assert list(zip(total["outcome"], total["expected"], strict=True)) == [("exact", D("1021.12"))]


def test_regression_fund_columns_of_the_expenditure_side_were_not_compared_with_the_general_table():
    # 重庆's 表四 2026年财政拨款收支总体情况表 (规划和自然资源局, p.18): 支出 by 类 in 总计 | 一般公共预算 |
    # 政府性基金预算 columns; the 表五 一般公共预算支出情况表 spends 227,955.11 = the 一般公共预算 column's
    # 本年支出 (the year's 223,898.88 and 上年结转 4,056.23).
    fiscal = (
        ("收入", None, "支出", None, None, None, None),
        ("项目", "预算数", "项目", "总计", "一般公共预算", "政府性基金预算", "国有资本经营预算"),
        ("一、本年收入", "266,026.92", "一、本年支出", "274,164.30", "227,955.11", "46,209.19", ""),
        ("（一）一般公共预算资金", "223,898.88", "（一）教育支出", "54.94", "54.94", "", ""),
        ("（二）政府性基金预算资金", "42,128.04", "（二）城乡社区支出", "46,209.19", "", "46,209.19", ""),
        ("", "", "（三）自然资源海洋气象等支出", "227,900.17", "227,900.17", "", ""),
        ("二、上年结转", "8,137.38", "二、结转下年", "", "", "", ""),
        ("（一）一般公共预算拨款", "4,056.23", "", "", "", "", ""),
        ("（二）政府性基金预算拨款", "4,081.15", "", "", "", "", ""),
        ("收入合计", "274,164.30", "支出合计", "274,164.30", "227,955.11", "46,209.19", ""),
    )
    general = (("科目编码", "科目名称", "合计"), ("", "合计", "227,955.11"), ("205", "教育支出", "54.94"),
               ("220", "自然资源海洋气象等支出", "227,900.17"))
    audit = budgetkit.check(_document(RawTable("2026年财政拨款收支总体情况表", fiscal, page=18, money_unit="万元"),
                                      RawTable("2026年一般公共预算支出情况表", general, page=19, money_unit="万元")))
    ids = audit.identities
    got = ids[ids["rule"] == "fiscal_vs_general"]
    assert list(zip(got["outcome"], got["expected"], got["actual"], strict=True)) == [
        ("exact", D("227955.11"), D("227955.11"))]
