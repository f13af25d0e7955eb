"""上年结转 printed beside or inside the year's income, and 结转 lines on the 支出 side, on
hand-built fragments: read so that the year's figures and the carried-over ones each add up."""

from __future__ import annotations

from decimal import Decimal as D

import budgetkit
from budgetkit.audit.evaluate import identities
from budgetkit.reading.raw import RawTable
from budgetkit.tidy.document import BudgetDocument
from tests.helpers import amount, fragments_document


def _document(*tables: RawTable) -> BudgetDocument:
    return fragments_document(*tables, pages=2)


# 北京's 预算02表 收入总表 (统计局 2026, p.2): the 合计 takes in 上年结转结余, printed beside the
# year's income with its own 小计 and funds.
BEIJING_INCOME = (
    ("合计", "本年收入", None, None, None, "上年结转结余", None, None),
    (None, "小计", "一般公共预算资金", "政府性基金预算资金", "其他收入", "小计", "一般公共预算资金", "单位资金"),
    ("51,036.219169", "50,666.454093", "50,665.496773", "", "0.957320", "369.765076", "152.679076", "217.086000"),
)
# 预算01表 收支总表 (p.1): 上年结转结余 under 本年收入合计, 年终结转结余 under 本年支出合计.
BEIJING_OVERALL = (
    ("收 入", None, "支 出", None),
    ("项 目", "预算数", "项 目", "预算数"),
    ("一、一般公共预算拨款收入", "50,665.496773", "一、一般公共服务支出", "40,262.925697"),
    ("二、其他收入", "0.957320", "二、社会保障和就业支出", "10,665.025044"),
    ("本年收入合计", "50,666.454093", "本年支出合计", "50,927.950741"),
    ("上年结转结余", "369.765076", "年终结转结余", "108.268428"),
    ("收入总计", "51,036.219169", "支出总计", "51,036.219169"),
)


def test_regression_carried_over_funds_beside_the_years_income_were_read_as_the_years():
    lines = _document(RawTable("预算02表 收入总表", BEIJING_INCOME, page=2, money_unit="万元")).lines
    assert amount(lines, measure="total") == D("51036.219169")
    assert amount(lines, measure="current") == D("50666.454093")
    assert amount(lines, measure="general_public") == D("50665.496773")
    assert amount(lines, measure="prior_carryover") == D("369.765076")
    assert amount(lines, measure="prior_carryover/general_public") == D("152.679076")
    # 单位资金 under 上年结转结余 is last year's money, not the year's 其他资金收入.
    assert amount(lines, measure="prior_carryover/other_funds") == D("217.086000")
    assert "other_funds" not in set(lines["measure"])


def test_income_beside_its_carryover_adds_up_three_ways():
    audit = budgetkit.check(_document(RawTable("预算02表 收入总表", BEIJING_INCOME, page=2, money_unit="万元")))
    rows = audit.identities[audit.identities["rule"] == "row_total"]
    assert list(zip(rows["measure"], rows["outcome"], rows["actual"], strict=True)) == [
        ("total", "exact", D("51036.219169")), ("current", "exact", D("50666.454093")),
        ("prior_carryover", "exact", D("369.765076"))]


def test_regression_year_end_carryover_of_the_expenditure_side_was_left_out_of_its_total():
    doc = _document(RawTable("预算01表 收支总表", BEIJING_OVERALL, page=1, money_unit="万元"))
    assert amount(doc.lines, side="expenditure", item="carryover") == D("108.268428")
    audit = budgetkit.check(doc)
    totals = audit.identities[audit.identities["rule"] == "expenditure_total"]
    assert list(zip(totals["outcome"], totals["expected"], strict=True)) == [("exact", D("51036.219169"))]


def test_regression_headline_income_of_the_income_table_took_in_its_carryover():
    doc = _document(RawTable("预算01表 收支总表", BEIJING_OVERALL, page=1, money_unit="万元"),
                    RawTable("预算02表 收入总表", BEIJING_INCOME, page=2, money_unit="万元"))
    headline = [i for i in identities(doc) if i.rule == "headline_totals" and "本年收入" in i.what]
    assert [(i.left, i.right) for i in headline] == [(D("50666.454093"), D("50666.454093"))]


# The central layout's 财政拨款收支总表 (国家信访局 2026, p.9): each side heads its parts with the
# year's subtotal, and 上年结转 heads its own funds.
CENTRAL_FISCAL = (
    ("收 入", None, "支 出", None),
    ("项目", "预算数", "项目", "预算数"),
    ("一、本年收入", "16,474.82", "一、本年支出", "18,728.94"),
    ("（一）一般公共预算拨款", "16,474.82", "（一）一般公共服务支出", "15,291.30"),
    ("（二）政府性基金预算拨款", "", "（二）教育支出", "118.01"),
    ("（三）国有资本经营预算拨款", "", "（三）社会保障和就业支出", "2,208.19"),
    ("", "", "（四）住房保障支出", "1,111.44"),
    ("二、上年结转", "2,254.12", "", ""),
    ("（一）一般公共预算拨款", "2,254.12", "二、结转下年", ""),
    ("（二）政府性基金预算拨款", "", "", ""),
    ("收 入 总 计", "18,728.94", "支 出 总 计", "18,728.94"),
)


def test_regression_central_layout_added_the_carried_over_funds_twice():
    doc = _document(RawTable("财政拨款收支总表", CENTRAL_FISCAL, page=9, money_unit="万元"))
    assert amount(doc.lines, side="income", item="income_subtotal") == D("16474.82")
    assert amount(doc.lines, side="expenditure", item="expenditure_subtotal") == D("18728.94")
    audit = budgetkit.check(doc)
    got = {r["rule"]: (r["outcome"], r["expected"], r["actual"]) for r in audit.identities.to_dict("records")
           if r["rule"] in ("income_subtotal", "income_total", "expenditure_subtotal", "expenditure_total")}
    assert got == {
        "income_subtotal": ("exact", D("16474.82"), D("16474.82")),
        "income_total": ("exact", D("18728.94"), D("18728.94")),
        "expenditure_subtotal": ("exact", D("18728.94"), D("18728.94")),
        "expenditure_total": ("exact", D("18728.94"), D("18728.94")),
    }


# 烟台's 公开表1 收支总体情况表 and 公开表2 收入总体情况表 (教育局 2026, p.9–10): 上级补助收入 printed under
# 本年收入合计, the 收入总体情况表's 合计 taking it in; 事业收入 named "（不含教育收费）".
YANTAI_OVERALL = (
    ("收 入", None, "支 出", None),
    ("项目", "预算数", "项目", "预算数"),
    ("一、财政拨款收入", "233,644.90", "一、教育支出", "313,083.04"),
    ("一般公共预算收入", "231,286.22", "二、城乡社区支出", "2,358.68"),
    ("政府性基金预算收入", "2,358.68", "", ""),
    ("二、财政专户管理资金收入", "62,466.06", "", ""),
    ("三、事业收入（不含教育收费）", "4,828.50", "", ""),
    ("四、其他收入", "14,296.37", "", ""),
    ("本 年 收 入 合 计", "315,235.83", "本 年 支 出 合 计", "315,441.72"),
    ("上级补助收入", "205.89", "结转下年", ""),
    ("收 入 总 计", "315,441.72", "支 出 总 计", "315,441.72"),
)
YANTAI_INCOME = (
    ("科目编码", "科目名称", "合计", "财政拨款收入", None, None, "财政专户管理资金收入", "事业收入（不含教育收费）",
     "其他收入", "上级补助收入", "上年结转"),
    (None, None, None, "小计", "一般公共预算收入", "政府性基金预算收入", None, None, None, None, None),
    ("", "合 计", "315,441.72", "233,644.90", "231,286.22", "2,358.68", "62,466.06", "4,828.50", "14,296.37",
     "205.89", ""),
    ("205", "教育支出", "313,083.04", "231,286.22", "231,286.22", "", "62,466.06", "4,828.50", "14,296.37", "205.89",
     ""),
    ("212", "城乡社区支出", "2,358.68", "2,358.68", "", "2,358.68", "", "", "", "", ""),
)


def test_regression_sources_under_the_years_subtotal_were_counted_as_the_years_income():
    doc = _document(RawTable("收支总体情况表", YANTAI_OVERALL, page=9, money_unit="万元"),
                    RawTable("收入总体情况表", YANTAI_INCOME, page=10, money_unit="万元"))
    assert amount(doc.lines, table="overall", item="business") == D("4828.50")
    assert amount(doc.lines, table="income", item="total", measure="gov_fund") == D("2358.68")
    ids = budgetkit.check(doc).identities
    got = {r["rule"]: (r["outcome"], r["expected"]) for r in ids.to_dict("records")
           if r["rule"] in ("income_subtotal", "overall_vs_income")}
    assert got == {"income_subtotal": ("exact", D("315235.83")), "overall_vs_income": ("exact", D("315235.83"))}
    headline = [i for i in identities(doc) if i.rule == "headline_totals" and "本年收入" in i.what]
    assert [(i.left, i.right) for i in headline] == [(D("315235.83"), D("315235.83"))]


def test_regression_carryover_spent_by_the_fiscal_overall_was_compared_class_by_class():
    # 国家信访局's 一般公共预算支出表 (p.10) prints the year's 16,474.82 by 类; the 财政拨款收支总表 (p.9)
    # spends the 上年结转 2,254.12 too, 类 by 类.
    general = (
        ("科目编码", "科目名称", "合计"),
        ("", "合计", "16,474.82"),
        ("201", "一般公共服务支出", "13,144.37"),
        ("205", "教育支出", "118.01"),
        ("208", "社会保障和就业支出", "2,156.86"),
        ("221", "住房保障支出", "1,055.58"),
    )
    doc = _document(RawTable("财政拨款收支总表", CENTRAL_FISCAL, page=9, money_unit="万元"),
                    RawTable("一般公共预算支出表", general, page=10, money_unit="万元"))
    ids = budgetkit.check(doc).identities
    by_class = ids[ids["rule"] == "fiscal_by_class"]
    assert list(zip(by_class["outcome"], by_class["expected"], by_class["actual"], strict=True)) == [
        ("exact", D("16474.82"), D("16474.82"))]
