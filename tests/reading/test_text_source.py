"""The text source and the tidy stage on small pieces of text, plus parsing regressions."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import budgetkit
from budgetkit._normalize import clean_text, parse_amount, strip_numbering, title_key, to_wan
from budgetkit.reading.text import parse_text
from tests.helpers import amount

HEADER = "2023年\n某某局部门预算\n\n"
TABLE6 = (
    "一般公共预算基本支出情况表（按经济分类科目）\n\n单位名称： 某某局\n\n单位：万元\n\n"
    "部门预算支出经济科目\t预算\n"
)


def _read(tmp_path, text):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return budgetkit.read(path)


def test_fragments_pages_units_and_notes(seed_text):
    raw = parse_text(seed_text)
    assert raw.pages == 27
    first = raw.tables[0]
    assert first.title == "收支总体情况表"
    assert first.unit_name == "清远市清新区政务服务数据管理局"
    assert first.money_unit == "万元"
    assert first.rows[0] == ("收 入", "", "支 出", "")
    third = raw.tables[2]
    assert third.notes[0].startswith("注： 财政拨款收支情况包括")
    # The table of contents lists titles too; they are not tables.
    assert all("\t" not in line for line in raw.text.splitlines()[:20])


def test_regression_garbled_first_row_is_not_taken_for_a_header(tmp_path):
    text = HEADER + TABLE6 + "合 计\t7o8.24\n[301]工资福利支出\t246.83\n[30101]基本工资\t246.83\n"
    doc = _read(tmp_path, text)
    assert any("'7o8.24'" in w and "is not a number" in w for w in doc.warnings)
    assert amount(doc.lines, code="301") == D("246.83")


def test_regression_table_number_before_year_in_title():
    # "表 1" and "2025年" both prefix the title; the number must not swallow the year.
    assert title_key("表 1  2025年部门财务收支预算总表") == "部门财务收支预算总表"
    assert budgetkit.catalogue.kinds.match("表1 2025年部门财务收支预算总表").id == "overall"


def test_regression_wrapped_header_cell_on_continuation_page(seed):
    # The third page of 支出总体情况表 prints "事业单位经营支 出": same column, no warning.
    assert not any("header on p.7 differs" in w for w in seed.warnings)
    assert amount(seed.table("expenditure"), code="2210201", measure="operating_expense") == D("0")


def test_unknown_table_kept_as_other_with_warning(tmp_path):
    text = HEADER + TABLE6 + "合 计\t1.00\n[301]工资福利支出\t1.00\n\n" + (
        "部门机构人员情况表\n\n单位：万元\n\n项 目\t金额\n培训\t2.00\n"
    )
    doc = _read(tmp_path, text)
    other = doc.table("other")
    assert list(other["name"]) == ["培训"] and other["amount"].iloc[0] == D("2.00")
    assert any("部门机构人员情况表" in w and "'other'" in w for w in doc.warnings)


def test_yuan_table_converted_exactly(tmp_path):
    text = HEADER + TABLE6.replace("单位：万元", "单位：元") + "合 计\t12,345.67\n[301]工资福利支出\t12,345.67\n"
    doc = _read(tmp_path, text)
    line = doc.lines[doc.lines["code"] == "301"].iloc[0]
    assert line["amount"] == D("1.234567") and line["source_unit"] == "元"


def test_missing_money_unit_is_a_warning(tmp_path):
    doc = _read(tmp_path, HEADER + TABLE6.replace("单位：万元\n\n", "") + "合 计\t1.00\n")
    assert any("no money unit printed" in w for w in doc.warnings)


def test_repeated_blocks_without_unit_table_are_kept_and_said(tmp_path):
    text = HEADER + TABLE6 + ("合 计\t3.00\n[301]工资福利支出\t1.00\n[30101]基本工资\t1.00\n"
                              "[301]工资福利支出\t2.00\n[30101]基本工资\t2.00\n")
    doc = _read(tmp_path, text)
    assert list(doc.lines[doc.lines["code"] == "301"]["unit"]) == ["", ""]
    assert any("[301]" in w and "without naming it" in w for w in doc.warnings)


def test_identity_overrides(seed_path):
    doc = budgetkit.read(seed_path, department="某局", year=2024, phase="final")
    assert (doc.department, doc.year, doc.phase) == ("某局", 2024, "final")
    assert set(doc.lines["department"]) == {"某局"} and set(doc.lines["year"]) == {2024}


def test_html_summary(seed):
    html = seed._repr_html_()
    assert "清远市清新区政务服务数据管理局" in html and "2023年预算" in html
    assert html.count("<tr>") == 13  # header + 12 tables
    assert "收入总体情况表" in html and "incomplete" in html and "mid-table" in html


@pytest.mark.parametrize("text, expected", [
    ("区中心机房核 心设备网络维 养部分项目", "区中心机房核心设备网络维养部分项目"),
    ("(2023 年区级创文项目) “讲文明树新风” 公益广告", "（2023年区级创文项目）“讲文明树新风”公益广告"),
    ("VPN 专网", "VPN专网"),
    ("5 x 8 小时", "5 x 8小时"),
])
def test_clean_text(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize("text, value", [
    ("1,564.22", D("1564.22")), ("０.００", D("0.00")), ("-16.40", D("-16.40")), ("(0.40)", D("-0.40")),
    ("", None), ("-", None), ("—", None),
])
def test_parse_amount(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["12x.5", "1.2.3", "万元", "%"])
def test_parse_amount_rejects_garbage(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_to_wan_exact():
    assert to_wan(D("123456789.01"), "元") == D("12345.678901")
    assert to_wan(D("1.5"), "亿元") == D("15000")


def test_strip_numbering():
    assert strip_numbering("十九、住房保障支出") == "住房保障支出"
    assert strip_numbering("2. 公务用车运行维护费") == "公务用车运行维护费"
    assert strip_numbering("2023年区政务服务大厅运维费") == "2023年区政务服务大厅运维费"


def test_regression_garbled_row_opening_a_continuation_page_is_reported(seed_text, tmp_path):
    # p.9 of 财政拨款收支总体情况表 opens with " \t \t十四、资源勘探工业信息等支出\t0.00": with its one
    # amount garbled, the row was taken for a header row and lost without a word.
    row = "\t\t十四、资源勘探工业信息等支出\t0.00"
    at = seed_text.index(row, seed_text.index("\n财政拨款收支总体情况表\n"))
    doc = _read(tmp_path, seed_text[:at] + row.replace("0.00", "X") + seed_text[at + len(row):])
    assert any("'X'" in w and "is not a number" in w and "财政拨款收支总体情况表" in w for w in doc.warnings)
    assert not any("header on p.9 differs" in w for w in doc.warnings)
    assert len(doc.lines) == 738
