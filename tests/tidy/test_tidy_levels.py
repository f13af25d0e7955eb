"""Project lists printed at several levels (一级 / 二级 / 三级 项目) on hand-built fragments:
the levels read from the figures, so that a unit's projects add up to its total."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd

import budgetkit
from budgetkit.reading.raw import RawTable
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.rows import tables_to_records
from budgetkit.tidy.schema import lines_frame

TITLE = "部门综合预算专项业务经费支出表"
HEADER = ("单位编码", "单位（项目）名称", "项目金额", "项目简介")

# As 西安's 表10 prints it (p.36 of its 统计局 2026): 一级 通用项目 / 专用项目, 二级 under them,
# the projects last, in one name column with no indentation; a 二级 level the list does not
# name is printed "-". The second unit lists its projects flat.
THREE_LEVELS = (
    HEADER,
    ("合计", None, "3,000,000.00", ""),
    ("119", "某某市统计局", "3,000,000.00", ""),
    ("119001", "某某市统计局", "2,600,000.00", ""),
    ("", "通用项目", "900,000.00", ""),
    ("", "大型活动", "750,000.00", ""),
    ("", "统计业务培训", "750,000.00", ""),
    ("", "委托咨询业务", "150,000.00", ""),
    ("", "法律咨询服务", "30,000.00", ""),
    ("", "统计调查监测", "120,000.00", ""),
    ("", "专用项目", "1,700,000.00", ""),
    ("", "-", "1,700,000.00", ""),
    ("", "第四次农业普查", "1,600,000.00", "普查"),
    ("", "人口抽样调查", "100,000.00", ""),
    ("119002", "某某市社会经济调查中心", "400,000.00", ""),
    ("", "社情民意调查", "300,000.00", ""),
    ("", "住户调查", "100,000.00", ""),
)


def _read(rows, title: str = TITLE, page: int = 36, money_unit: str = "元"):
    records, projects, infos, warnings = tables_to_records([RawTable(title, rows, page=page, money_unit=money_unit)],
                                                           department="某某市统计局")
    return pd.DataFrame.from_records(records), projects, infos, warnings


def _levels(lines: pd.DataFrame) -> list:
    return [None if pd.isna(v) else int(v) for v in lines["level"]]


def _document(records: list[dict]) -> BudgetDocument:
    lines = lines_frame([{**r, "department": "某某市统计局", "year": 2026, "phase": "budget"} for r in records])
    infos = tuple(tables_to_records([RawTable(TITLE, THREE_LEVELS, page=36, money_unit="元")])[2])
    return BudgetDocument(sources=("t.pdf",), department="某某市统计局", year=2026, phase="budget",
                          level="department", lines=lines, projects=pd.DataFrame(), table_info=infos, narrative="",
                          text="", pages=1, warnings=())


def test_regression_projects_printed_at_three_levels_were_summed_as_one_list():
    lines, projects, infos, _ = _read(THREE_LEVELS)
    levels = list(zip(lines["name"], lines["item"], _levels(lines), strict=True))
    assert levels[3:13] == [
        ("通用项目", "project_group", 1), ("大型活动", "project_group", 2), ("统计业务培训", "project", 3),
        ("委托咨询业务", "project_group", 2), ("法律咨询服务", "project", 3), ("统计调查监测", "project", 3),
        ("专用项目", "project_group", 1), ("-", "project_group", 2), ("第四次农业普查", "project", 3),
        ("人口抽样调查", "project", 3)]
    # The second unit's projects add up to its total as printed: a flat list, no levels.
    flat = lines[lines["unit"] == "某某市社会经济调查中心"]
    assert list(flat["item"]) == ["unit_total", "project", "project"]
    assert flat["level"].isna().all()
    # Only the projects themselves are projects.
    assert [(p["unit"], p["name"], p["amount"]) for p in projects] == [
        ("某某市统计局", "统计业务培训", D("75")), ("某某市统计局", "法律咨询服务", D("3")),
        ("某某市统计局", "统计调查监测", D("12")), ("某某市统计局", "第四次农业普查", D("160")),
        ("某某市统计局", "人口抽样调查", D("10")), ("某某市社会经济调查中心", "社情民意调查", D("30")),
        ("某某市社会经济调查中心", "住户调查", D("10"))]
    assert not infos[0].reading


def test_project_levels_let_every_unit_sum_hold():
    records, _, _, _ = tables_to_records([RawTable(TITLE, THREE_LEVELS, page=36, money_unit="元")])
    audit = budgetkit.check(_document(records))
    sums = audit.identities[audit.identities["rule"] == "unit_sum"]
    assert len(sums) == 3
    assert set(sums["outcome"]) == {"exact"}
    assert sorted(sums["actual"]) == [D("40"), D("260"), D("300")]


LEVELS_IN_TWO_COLUMNS = (
    ("项目名称", "合计", "财政拨款"),
    ("合计", "30.00", "20.00"),
    ("专用项目", "30.00", "20.00"),
    ("信息化建设", "30.00", "20.00"),
    ("系统运维", "10.00", "10.00"),
    ("平台升级", "20.00", "10.00"),
)


def test_project_levels_are_read_in_every_amount_column():
    lines, projects, _, _ = _read(LEVELS_IN_TWO_COLUMNS, title="项目支出表", page=12, money_unit="万元")
    fiscal = lines[lines["measure"] == "fiscal"]
    assert list(fiscal["item"]) == ["total", "project_group", "project_group", "project", "project"]
    assert _levels(fiscal) == [None, 1, 2, 3, 3]
    assert [p["name"] for p in projects] == ["系统运维", "平台升级"]


def test_project_levels_that_fail_in_one_column_are_not_read():
    # 合计 reads as three levels, 财政拨款 does not (20 over 10 + 5): the list stays as printed.
    rows = (*LEVELS_IN_TWO_COLUMNS[:-1], ("平台升级", "20.00", "5.00"))
    lines, projects, _, _ = _read(rows, title="项目支出表", page=12, money_unit="万元")
    assert set(lines.loc[lines["item"] != "total", "item"]) == {"project"}
    assert len(projects) == 4


def test_project_levels_the_figures_do_not_tell_apart_stay_as_printed_with_a_note():
    # 2 over 2, then three empty rows: either 0 | 0 under the first 0 or 0 beside the 2 —
    # two readings, so none is chosen.
    rows = (
        ("项目名称", "金额"),
        ("合计", "2.00"),
        ("通用项目", "2.00"),
        ("大型活动", "2.00"),
        ("专用项目", "0.00"),
        ("办案业务", "0.00"),
        ("普法宣传", "0.00"),
    )
    lines, projects, infos, warnings = _read(rows, title="项目支出表", page=9, money_unit="万元")
    assert set(lines.loc[lines["item"] != "total", "item"]) == {"project"}
    assert len(projects) == 5
    assert any("p.9" in n and "several levels" in n for n in infos[0].reading)
    assert any("several levels" in w for w in warnings)


def test_a_list_that_fits_no_level_reading_is_left_as_printed():
    # 15 + 145 + 75 = 235 against a 合计 of 525 (the rest withheld): no reading, no note.
    rows = (("项目名称", "合计"), ("合计", "525.00"), ("实施公车统管费用", "15.00"), ("接访大厅运行经费", "145.00"),
            ("信访业务工作经费", "75.00"))
    lines, projects, infos, _ = _read(rows, title="项目支出预算情况表", page=24, money_unit="万元")
    assert list(lines["item"]) == ["total", "project", "project", "project"]
    assert len(projects) == 3
    assert not infos[0].reading


def test_regression_group_of_units_under_a_shorter_code_was_counted_as_a_unit():
    # "1 全额" (the fully funded units) over "234001 某某市气象局", both 17,159,700.
    rows = (
        ("序号", "单位编码", "单位（项目）名称", "项目金额", "项目简介"),
        ("1", "", "合计", "17159700", ""),
        ("2", "1", "全额", "17159700", ""),
        ("3", "234001", "某某市气象局", "17159700", ""),
        ("4", "", "人工增雨作业", "17159700", ""),
    )
    lines, projects, _, _ = _read(rows, page=27)
    assert list(zip(lines["name"], lines["item"], strict=True)) == [
        ("合计", "total"), ("全额", "unit_group"), ("某某市气象局", "unit_total"), ("人工增雨作业", "project")]
    assert projects[0]["unit"] == "某某市气象局"


def test_a_shorter_code_whose_figures_are_not_its_units_sum_stays_a_unit():
    rows = (
        ("单位编码", "单位（项目）名称", "项目金额"),
        ("合计", None, "50.00"),
        ("1", "某某局", "20.00"),
        ("", "甲项目", "20.00"),
        ("234001", "某某中心", "30.00"),
        ("", "乙项目", "30.00"),
    )
    lines, _, _, _ = _read(rows, money_unit="万元")
    assert list(lines["item"]) == ["total", "unit_total", "project", "unit_total", "project"]


def test_regression_name_printed_into_the_unit_code_cell_was_cut_to_its_first_character():
    # The name is wider than its cell: its first character lands in the 单位编码 cell.
    rows = (
        ("序号", "单位编码", "单位（项目）名称", "项目金额", "项目简介"),
        ("1", "", "合计", "6540000", ""),
        ("2", "234001", "某某市气象局", "6540000", ""),
        ("3", "气", "象灾害、空气质量等业务运维", "6540000", "业务维持"),
    )
    _, projects, _, _ = _read(rows, page=27)
    assert [(p["name"], p["amount"]) for p in projects] == [("气象灾害、空气质量等业务运维", D("654"))]


def test_project_levels_whose_search_runs_too_long_stay_as_printed_with_a_note(monkeypatch):
    from budgetkit.tidy import levels

    monkeypatch.setattr(levels, "_LEVEL_SEARCH_BUDGET", 3)
    lines, projects, infos, _ = _read(THREE_LEVELS)
    assert "project_group" not in set(lines["item"])
    assert len(projects) == 12
    assert any("p.36" in n and "several levels" in n for n in infos[0].reading)
