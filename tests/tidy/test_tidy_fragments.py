"""Raw fragments built by hand, through the tidy stage: where a code is printed and what
its column is headed must not change the code, level and parent read.

The figures are the seed's 一般公共预算支出情况表（按功能分类科目）, first rows (万元).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetkit.reading.raw import RawTable
from budgetkit.tidy.rows import tables_to_records

TITLE = "一般公共预算支出情况表（按功能分类科目）"
DEPARTMENT = "清远市清新区政务服务数据管理局"

#: (code, name, 小计, 基本支出, 项目支出) as the seed prints them.
ROWS = [
    ("", "合 计", "1564.22", "708.24", "855.98"),
    ("201", "一般公共服务支出", "761.01", "454.51", "306.50"),
    ("20103", "政府办公厅（室）及相关机构事务", "754.51", "454.51", "300.00"),
    ("2010301", "行政运行", "184.15", "184.15", "0.00"),
    ("2010350", "事业运行", "270.36", "270.36", "0.00"),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", "300.00", "0.00", "300.00"),
    ("206", "科学技术支出", "548.48", "0.00", "548.48"),
    ("20605", "科学条件与服务", "548.48", "0.00", "548.48"),
    ("2060503", "科技条件专项", "548.48", "0.00", "548.48"),
]

#: What every placement must read: (code, level, parent, name, total).
EXPECTED = [
    ("", None, "", "合计", D("1564.22")),
    ("201", 1, "", "一般公共服务支出", D("761.01")),
    ("20103", 2, "201", "政府办公厅（室）及相关机构事务", D("754.51")),
    ("2010301", 3, "20103", "行政运行", D("184.15")),
    ("2010350", 3, "20103", "事业运行", D("270.36")),
    ("2010399", 3, "20103", "其他政府办公厅（室）及相关机构事务支出", D("300.00")),
    ("206", 1, "", "科学技术支出", D("548.48")),
    ("20605", 2, "206", "科学条件与服务", D("548.48")),
    ("2060503", 3, "20605", "科技条件专项", D("548.48")),
]

AMOUNT_HEADER = [("一般公共预算支出", "", ""), ("小计", "其中：基本支出", "项目支出")]


def fragment(header: list[tuple[str, ...]], body: list[tuple[str, ...]], title: str = TITLE) -> RawTable:
    return RawTable(title=title, rows=tuple(header) + tuple(body), page=1, unit_name=DEPARTMENT,
                    money_unit="万元", source="fragment.pdf")


def totals(frag: RawTable) -> list[tuple]:
    """(code, level, parent, name, amount) of each row's total (小计) line."""
    records, _, infos, _ = tables_to_records([frag], department=DEPARTMENT)
    assert [i.kind for i in infos] == ["general_function"]
    return [(r["code"], r["level"], r["parent"], r["name"], r["amount"])
            for r in records if r["measure"] == "total"]


def _name_header(top: str, bottom: str = "") -> list[tuple[str, ...]]:
    return [(top, *AMOUNT_HEADER[0]), (bottom, *AMOUNT_HEADER[1])]


def bracketed() -> RawTable:
    body = [(f"[{c}]{n}" if c else n, *a) for c, n, *a in ROWS]
    return fragment(_name_header("功能科目名称"), body)


def in_name() -> RawTable:
    body = [(f"{c} {n}" if c else n, *a) for c, n, *a in ROWS]
    return fragment(_name_header("功能科目名称"), body)


def code_column(code_header: str = "科目编码", name_header: str = "科目名称") -> RawTable:
    header = [("功能分类科目", "", *AMOUNT_HEADER[0]), (code_header, name_header, *AMOUNT_HEADER[1])]
    return fragment(header, [tuple(r) for r in ROWS])


def split_codes() -> RawTable:
    header = [("科目编码", "", "", "科目名称", *AMOUNT_HEADER[0]), ("类", "款", "项", "", *AMOUNT_HEADER[1])]
    body = [(c[:3], c[3:5], c[5:7], n, *a) for c, n, *a in ROWS]
    return fragment(header, body)


def test_seed_form_bracketed_codes():
    assert totals(bracketed()) == EXPECTED


def test_code_in_its_own_column():
    assert totals(code_column()) == EXPECTED


def test_code_printed_before_the_name_in_the_name_cell():
    assert totals(in_name()) == EXPECTED


def test_code_split_over_lei_kuan_xiang_columns():
    assert totals(split_codes()) == EXPECTED


def test_all_placements_give_the_same_code_level_and_parent():
    readings = {name: totals(make()) for name, make in
                [("bracketed", bracketed), ("in_name", in_name), ("column", code_column), ("split", split_codes)]}
    assert all(r == readings["bracketed"] for r in readings.values()), readings


def test_gongneng_kemu_daima_header_gives_compact_codes_not_names():
    # 功能科目代码 | 功能科目名称 | 金额: the code goes to ``code``, the name alone to ``name``.
    header = [("功能科目代码", "功能科目名称", "金额")]
    body = [(c, n, total) for c, n, total, *_ in ROWS]
    records, _, _, warnings = tables_to_records([fragment(header, body)], department=DEPARTMENT)
    got = [(r["code"], r["level"], r["parent"], r["name"], r["amount"]) for r in records]
    assert got == EXPECTED
    assert {r["measure"] for r in records} == {"total"}
    assert not any(r["name"][:1].isdigit() for r in records)
    assert not [w for w in warnings if "no code" in w]


@pytest.mark.parametrize("code_header", ["功能分类科目", "项目", "科目", ""])
def test_column_of_codes_is_the_code_column_whatever_its_header(code_header):
    # The cells are 3/5/7-digit codes: that makes the column the code column.
    header = [(code_header, "科目名称", *AMOUNT_HEADER[0]), ("", "", *AMOUNT_HEADER[1])]
    assert totals(fragment(header, [tuple(r) for r in ROWS])) == EXPECTED


@pytest.mark.parametrize("code_header,name_header", [("科目代码", "科目名称"), ("功能科目代码", "功能科目名称"),
                                                     ("编码", "科目名称"), ("科目编码", "项目")])
def test_code_and_name_header_synonyms(code_header, name_header):
    assert totals(code_column(code_header, name_header)) == EXPECTED


def test_economic_codes_split_over_lei_kuan():
    # 类 | 款 of the economic classification (no 项), the seed's 基本支出 figures.
    title = "一般公共预算基本支出情况表（按经济分类科目）"
    header = [("科目编码", "", "部门预算支出经济科目", "预算"), ("类", "款", "", "")]
    body = [("", "", "合 计", "708.24"), ("301", "", "工资福利支出", "246.83"), ("301", "01", "基本工资", "44.78")]
    records, _, infos, _ = tables_to_records([fragment(header, body, title)], department=DEPARTMENT)
    assert [i.kind for i in infos] == ["general_basic_economic"]
    got = [(r["classification"], r["code"], r["level"], r["parent"], r["name"], r["amount"]) for r in records]
    assert got == [("", "", None, "", "合计", D("708.24")),
                   ("economic", "301", 1, "", "工资福利支出", D("246.83")),
                   ("economic", "30101", 2, "301", "基本工资", D("44.78"))]
