"""A fund table printing 收入 on the left and 支出 on the right, on hand-built fragments: both
sides are read, as the 收支总表 reader reads its two sides, whatever the table's kind.

The layout is 西安's 部门综合预算政府性基金收支表 (自然资源和规划局 2022, 表9, p.64, in 元):
收入 | 支出 by 功能分类, by 部门经济分类 and by 政府经济分类, each a name and a 预算数.
"""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd

import budgetkit
from budgetkit.reading.raw import RawTable
from budgetkit.tidy.document import BudgetDocument
from tests.helpers import amount, fragments_document

GOV_FUND = (
    ("序\n号", "收 入", None, "支 出", None, None, None, None, None),
    (None, "项 目", "预算数", "支出功能分类科目（按大类）", "预算数", "部门预算支出经济分类科目\n（按大类）", "预算数",
     "政府预算支出经济分类科\n目（按大类）", "预算数"),
    ("1", "一、政府性基金拨款", "10,000,000.00", "一、科学技术支出", "0.00", "一、人员经费和公用经费支出", "0.00",
     "一、机关工资福利支出", "0.00"),
    ("2", "", "0.00", "二、城乡社区支出", "10,000,000.00", "二、专项业务经费支出", "10,000,000.00",
     "二、机关商品和服务支出", "9,675,500.00"),
    ("3", "", "0.00", "三、其他支出", "0.00", " 商品和服务支出", "9,675,500.00", "三、机关资本性支出（一）",
     "324,500.00"),
    ("4", "", "0.00", "", "0.00", " 资本性支出", "324,500.00", "四、其他支出", "0.00"),
    ("5", "本年收入合计", "10,000,000.00", "本年支出合计", "10,000,000.00", "本年支出合计", "10,000,000.00",
     "本年支出合计", "10,000,000.00"),
)

# The 财政拨款收支总表 and the 一般公共预算支出表 the fund table's 类 add up with.
FISCAL = (
    ("收入", None, "支出", None),
    ("项目", "预算数", "支出功能分类科目（按大类）", "预算数"),
    ("1、一般公共预算拨款", "3,000,000.00", "1、一般公共服务支出", "3,000,000.00"),
    ("2、政府性基金拨款", "10,000,000.00", "2、城乡社区支出", "10,000,000.00"),
    ("本年收入合计", "13,000,000.00", "本年支出合计", "13,000,000.00"),
)
GENERAL = (
    ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
    ("", "合计", "3,000,000.00", "3,000,000.00", "0.00"),
    ("201", "一般公共服务支出", "3,000,000.00", "3,000,000.00", "0.00"),
)


def _fragment(title: str, rows, page: int) -> RawTable:
    return RawTable(title, rows, page=page, money_unit="元", source="fragment.pdf")


def _document(*tables: RawTable) -> BudgetDocument:
    return fragments_document(*tables, year=2022, pages=3)


def _lines(*tables: RawTable) -> pd.DataFrame:
    return _document(*tables).lines


def test_regression_two_sided_fund_table_was_read_one_sided():
    lines = _lines(_fragment("2022年部门综合预算政府性基金收支表（不含上年结转）", GOV_FUND, 64))
    assert set(lines["table"]) == {"gov_fund"}
    # 收入: the fund's income, never a 支出 name beside it.
    assert amount(lines, side="income", item="gov_fund", measure="total") == D("1000")
    assert amount(lines, side="income", item="income_subtotal", measure="total") == D("1000")
    # 支出 by 功能分类: the 类 with their codes, the first breakdown's column the total.
    assert amount(lines, side="expenditure", code="212", measure="total") == D("1000")
    assert amount(lines, side="expenditure", code="206", measure="total") == D("0")
    assert amount(lines, side="expenditure", item="expenditure_subtotal", measure="total") == D("1000")
    # The economic breakdowns beside it are kept, never as the total of a 类.
    coded = lines[(lines["code"] != "") & (lines["measure"] == "total")]
    assert set(coded["code"]) == {"206", "212", "229"}
    assert D("967.55") in set(lines.loc[lines["measure"] != "total", "amount"])


def test_two_sided_fund_table_adds_up_with_the_fiscal_overall_by_class():
    doc = _document(_fragment("财政拨款收支总表", FISCAL, 45),
                    _fragment("一般公共预算支出表", GENERAL, 47),
                    _fragment("政府性基金收支表", GOV_FUND, 64))
    ids = budgetkit.check(doc).identities
    by_class = ids[ids["rule"] == "fiscal_by_class"]
    # 212 is the fund's alone: read one-sided, the fund table gave none and 212 failed.
    assert dict(zip(by_class["code"], by_class["outcome"], strict=True)) == {"201": "exact", "212": "exact"}
    assert not len(ids[ids["outcome"] == "failed"])


def test_one_sided_fund_table_stays_coded():
    # A 支出 table alone (its top row names one side, or none): rows by code, no sides.
    for header in ((("科目编码", "科目名称", "合计", "基本支出", "项目支出"),),
                   (("政府性基金预算支出", None, None, None, None), ("科目编码", "科目名称", "合计", "基本支出", "项目支出"))):
        rows = (*header, ("", "合计", "10,000,000.00", "0.00", "10,000,000.00"),
                ("212", "城乡社区支出", "10,000,000.00", "0.00", "10,000,000.00"))
        lines = _lines(_fragment("政府性基金预算支出表", rows, 64))
        assert set(lines["side"]) == {""}
        assert amount(lines, code="212", measure="total") == D("1000")
        assert amount(lines, item="total", measure="project") == D("1000")
