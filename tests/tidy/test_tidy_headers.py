"""Header analysis and row labels on hand-built fragments: the forms publishers print that
the tidy stage once misread, each a regression test named for what went wrong."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd

from budgetkit.reading.raw import RawTable
from budgetkit.tidy.rows import tables_to_records
from tests.helpers import amount


def _read(*tables: RawTable, phase: str = "budget") -> tuple[pd.DataFrame, list, list[str]]:
    records, _, infos, warnings = tables_to_records(list(tables), department="某某局", phase=phase)
    return pd.DataFrame.from_records(records), infos, warnings


# A function table with a three-row header: 基本支出 spans 小计 | 人员经费 | 公用经费, and the
# 科目编码 | 科目名称 row leaves the amount columns empty (covered by cells merged downwards).
THREE_ROW_HEADER = (
    ("功能分类科目", None, "总 计", "基本支出", None, None, "项目支出"),
    ("科目编码", "科目名称", None, None, None, None, None),
    (None, None, None, "小计", "人员经费", "公用经费", None),
    ("合 计", None, "3,210.10", "2,235.04", "2,103.71", "131.33", "975.06"),
    ("201", "一般公共服务支出", "3,210.10", "2,235.04", "2,103.71", "131.33", "975.06"),
)


def test_regression_subtotal_under_basic_expenditure_was_a_second_total():
    lines, infos, _ = _read(RawTable("一般公共预算支出表", THREE_ROW_HEADER, page=3, money_unit="万元"))
    assert amount(lines, code="201", measure="total") == D("3210.10")
    assert amount(lines, code="201", measure="basic") == D("2235.04")
    assert amount(lines, code="201", measure="personnel") == D("2103.71")
    assert amount(lines, code="201", measure="public_use") == D("131.33")
    assert amount(lines, code="201", measure="project") == D("975.06")
    assert infos[0].reading == ()


def test_regression_name_header_carried_right_was_taken_for_the_parent_of_amounts():
    # Before: 科目名称 was carried across the empty cells of its row and 小计 read under it.
    lines, _, _ = _read(RawTable("一般公共预算支出表", THREE_ROW_HEADER, page=3, money_unit="万元"))
    assert set(lines["measure"]) == {"total", "basic", "personnel", "public_use", "project"}


def test_regression_span_crossed_a_cell_starting_in_the_row_above():
    # 公务接待费 starts above the last column: its 决算数 is not under 公务用车运行费.
    rows = (
        ("合计", None, "因公出国（境）费", None, "公务用车购置及运行费", None, None, None, "公务接待费", None),
        (None, None, None, None, "公务用车购置费", None, "公务用车运行费", None, None, None),
        ("预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数"),
        ("12.00", "10.50", "3.00", "2.50", "0.00", "0.00", "5.00", "4.00", "4.00", "4.00"),
    )
    lines, _, _ = _read(RawTable("财政拨款“三公”经费支出决算表", rows, page=18, money_unit="万元"), phase="final")
    # a table of the “三公” parts alone: its 合计 is the “三公”经费
    assert amount(lines, item="three_public", measure="budget") == D("12.00")
    assert amount(lines, item="three_public", measure="total") == D("10.50")
    assert amount(lines, item="overseas_travel", measure="total") == D("2.50")
    assert amount(lines, item="vehicle_operation", measure="budget") == D("5.00")
    assert amount(lines, item="reception", measure="budget") == D("4.00")
    assert amount(lines, item="reception", measure="total") == D("4.00")
    assert not lines["item"].eq("").any()


def test_final_document_names_its_plan_and_its_outturn():
    rows = (
        ("科目编码", "科目名称", "年初预算数", "调整预算数", "决算数"),
        ("201", "一般公共服务支出", "100.00", "110.00", "105.50"),
    )
    lines, _, _ = _read(RawTable("一般公共预算财政拨款支出决算表", rows, page=9, money_unit="万元"), phase="final")
    assert amount(lines, code="201", measure="total") == D("105.50")
    assert amount(lines, code="201", measure="budget") == D("100.00")
    assert amount(lines, code="201", measure="adjusted_budget") == D("110.00")


def test_percentage_columns_are_not_amounts_and_two_bases_keep_two_measures():
    rows = (
        ("科目编码", "科目名称", "上年执行数", "本年预算数", "比上年执行数", None, "比上年预算数", None),
        (None, None, None, None, "增减额", "增减(%)", "增减额", "增减(%)"),
        ("201", "一般公共服务支出", "80.00", "100.00", "20.00", "25.00%", "10.00", "11.11%"),
    )
    lines, _, warnings = _read(RawTable("一般公共预算支出表", rows, page=4, money_unit="万元"))
    assert amount(lines, code="201", measure="total") == D("100.00")
    assert amount(lines, code="201", measure="prior_actual") == D("80.00")
    assert amount(lines, code="201", measure="change") == D("20.00")
    assert sorted(lines["amount"]) == [D("10.00"), D("20.00"), D("80.00"), D("100.00")]
    assert not [w for w in warnings if "is not a number" in w]


def test_regression_numbering_split_around_the_label():
    # "一、一般公共服务支出" extracted as "一一般公共服务支出、", "十九、住房保障支出" as "十九住房保障支出、".
    rows = (
        ("项目", None, "项目", None),
        ("", "决算数", "", "决算数"),
        ("一一般公共预算财政拨款收入、", "100.00", "一一般公共服务支出、", "60.00"),
        ("", "", "十九住房保障支出、", "40.00"),
        ("本年收入合计", "100.00", "本年支出合计", "100.00"),
    )
    top = (("收入", None, "支出", None),)
    lines, _, _ = _read(RawTable("收入支出决算总表", top + rows, page=5, money_unit="万元"), phase="final")
    assert amount(lines, side="income", item="general_public") == D("100.00")
    assert amount(lines, side="expenditure", code="201") == D("60.00")
    assert amount(lines, side="expenditure", code="221") == D("40.00")


def test_codes_printed_before_the_name_with_a_dash():
    rows = (
        ("经济分类科目名称", "合计"),
        ("302-商品和服务支出", "30.00"),
        ("30299-其他商品和服务支出", "30.00"),
    )
    lines, _, _ = _read(RawTable("一般公共预算基本支出表", rows, page=6, money_unit="万元"))
    assert amount(lines, code="30299") == D("30.00")
    assert lines.set_index("code").loc["30299", "parent"] == "302"


def test_economic_class_named_without_its_code():
    rows = (("经济分类科目名称", "合计"), ("工资福利支出", "20.00"), ("商品和服务支出", "30.00"))
    lines, _, _ = _read(RawTable("一般公共预算基本支出表", rows, page=6, money_unit="万元"))
    assert dict(zip(lines["code"], lines["amount"], strict=True)) == {"301": D("20.00"), "302": D("30.00")}


def test_table_printing_no_unit_takes_the_documents():
    declared = RawTable("收入总表", (("项目", "合计"), ("合计", "1,000,000.00")), page=2, money_unit="元")
    bare = RawTable("政府采购预算表", (("采购项目", "金额"), ("办公设备", "20,000.00")), page=9)
    lines, _, warnings = _read(declared, bare)
    assert amount(lines, table="procurement") == D("2")
    assert any("政府采购预算表" in w and "read as the document's 元" in w for w in warnings)


def test_amounts_dwarfing_the_departments_total_put_the_unit_in_doubt():
    overall = RawTable("收入总表", (("项目", "合计"), ("合计", "1,000.00")), page=2, money_unit="万元")
    goals = RawTable("项目支出绩效目标表", (("项目名称", "金额"), ("信息化运维", "5,000,000.00")), page=20,
                     money_unit="万元")
    _, infos, _ = _read(overall, goals)
    doubt = {i.kind: i.reading for i in infos}
    assert doubt["income"] == ()
    assert any("money unit is in doubt" in note and "p.20" in note for note in doubt["performance_goals"])


def test_regression_unit_codes_were_read_as_function_codes():
    # 单位编码 | 单位名称: the rows are spending units (119, 119001 …), not 类/款/项.
    rows = (
        ("单位编码", "单位名称", "部门预算", None, None),
        (None, None, "合计", "一般公共预算拨款", "上年实户资金余额"),
        ("合计", None, "6,210.93", "6,210.93", ""),
        ("119", "某某市统计局", "6,210.93", "6,210.93", ""),
        ("119001", "某某市统计局", "4,105.91", "4,105.91", ""),
        ("119002", "某某市社会经济调查中心", "2,105.02", "2,105.02", ""),
    )
    lines, _, _ = _read(RawTable("部门综合预算支出总表", rows, page=28, money_unit="万元"))
    assert not lines["code"].ne("").any()
    assert amount(lines, item="total", measure="total") == D("6210.93")
    assert amount(lines, unit="某某市社会经济调查中心", measure="general_public") == D("2105.02")
    assert set(lines.loc[lines["unit"] != "", "item"]) == {"unit_total"}


def test_regression_header_with_a_year_and_a_unit_block_column_was_taken_for_data():
    # "2026年政府采购项目" in the header has digits; the 预算单位 column names the unit once.
    rows = (
        ("预算单位", "科目编码", "科目名称", "支出总计", "基本支出", "项目支出", "2026年政府采购项目", None),
        (None, None, None, None, None, None, "小计", "其中：预留给中小企业的项目资金规模"),
        ("某某局（本级）", "", "", "100.00", "60.00", "40.00", "5.00", "0.00"),
        ("", "201", "一般公共服务支出", "100.00", "60.00", "40.00", "5.00", "0.00"),
    )
    lines, _, _ = _read(RawTable("支出总表", rows, page=22, money_unit="万元"))
    assert amount(lines, item="unit_total", measure="total") == D("100.00")
    assert amount(lines, code="201", measure="basic") == D("60.00")
    assert set(lines["unit"]) == {"某某局（本级）"}
    # the word-headed column of numbers holds amounts, it is no name
    assert set(lines["name"]) == {"某某局（本级）", "一般公共服务支出"}


def test_regression_column_number_row_was_read_as_data():
    rows = (
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("栏次", None, "1", "2", "3"),
        ("201", "一般公共服务支出", "10.00", "6.00", "4.00"),
    )
    lines, _, _ = _read(RawTable("支出总表", rows, page=3, money_unit="万元"))
    assert list(lines["code"].unique()) == ["201"] and len(lines) == 3


def test_three_public_total_named_by_its_own_words_in_a_wide_table():
    rows = (
        ("“三公”经费财政拨款预算总额", "因公出国（境）费用", "公务接待费", "公务用车购置及运行维护费", None),
        (None, None, None, "公务用车购置费", "公务用车运行维护费"),
        ("8.50", "0.00", "1.00", "5.00", "2.50"),
    )
    lines, _, _ = _read(RawTable("财政拨款“三公”经费支出表", rows, page=19, money_unit="万元"))
    assert amount(lines, item="three_public") == D("8.50")
    assert amount(lines, item="vehicle_operation") == D("2.50")


def test_total_of_a_wide_table_with_more_than_the_three_public_parts_stays_the_total():
    rows = (("合计", "“三公”经费", "会议费", "培训费"), ("12.00", "8.50", "1.50", "2.00"))
    lines, _, _ = _read(RawTable("一般公共预算“三公”经费、会议费、培训费支出表", rows, page=20, money_unit="万元"))
    assert amount(lines, item="total") == D("12.00") and amount(lines, item="three_public") == D("8.50")


def test_regression_economic_detail_rows_were_taken_for_units():
    # 基本支出总表: a unit, its 类 groups and their 款 named without codes.
    rows = (
        ("支出项目类别", "总计", "财政拨款"),
        ("某某局（本级）", "60.00", "60.00"),
        ("工资福利支出", "50.00", "50.00"),
        ("基本工资", "30.00", "30.00"),
        ("津贴补贴", "20.00", "20.00"),
        ("商品和服务支出", "10.00", "10.00"),
        ("办公费", "10.00", "10.00"),
    )
    lines, _, _ = _read(RawTable("基本支出总表", rows, page=26, money_unit="万元"))
    assert set(lines["unit"]) == {"某某局（本级）"}
    assert list(lines.loc[lines["item"] == "unit_total", "name"].unique()) == ["某某局（本级）"]
    assert amount(lines, code="302", measure="total") == D("10.00")


def test_regression_coded_units_of_a_project_list_were_counted_twice():
    # 154 is the 主管部门's row over its units 154001 …; uncoded rows are projects.
    rows = (
        ("单位编码", "单位（项目）名称", "项目金额", "项目简介"),
        ("合计", None, "100.00", ""),
        ("154", "某某市司法局", "100.00", ""),
        ("154001", "某某市司法局", "70.00", ""),
        ("", "通用项目", "70.00", ""),
        ("154002", "某某市法律援助中心", "30.00", ""),
        ("", "法律援助", "30.00", "为困难群众提供法律援助"),
    )
    records, projects, _, _ = tables_to_records([RawTable("部门综合预算专项业务经费支出表", rows, page=43,
                                                          money_unit="万元")])
    lines = pd.DataFrame.from_records(records)
    assert list(lines["item"]) == ["total", "unit_group", "unit_total", "project", "unit_total", "project"]
    assert [(p["unit"], p["name"], p["amount"]) for p in projects] == [
        ("某某市司法局", "通用项目", D("70.00")), ("某某市法律援助中心", "法律援助", D("30.00"))]


def test_second_classification_beside_the_first_is_not_glued_to_its_codes():
    rows = (
        ("科目编码", None, "部门预算支出经济分类科目", "科目编码", None, "政府预算支出经济分类科目", "合计"),
        ("类", "款", None, "类", "款", None, None),
        ("", "", "合计", "", "", "", "60.00"),
        ("301", "", "工资福利支出", "501", "", "机关工资福利支出", "60.00"),
        ("301", "01", "基本工资", "501", "01", "工资奖金津补贴", "60.00"),
    )
    lines, infos, _ = _read(RawTable("基本支出预算情况表", rows, page=21, money_unit="万元"))
    assert list(lines["code"]) == ["", "301", "30101"]
    assert any("second classification" in note for note in infos[0].reading)


def test_regression_header_naming_its_unit_was_dropped_as_a_unit_line():
    from budgetkit.reading.pdf import _is_meta_row

    assert not _is_meta_row(["项目", "预算数（单位：万元）", "绩效目标"])
    assert _is_meta_row(["单位名称：某某局", "单位：万元"])
    assert _is_meta_row(["", "金额单位：万元"])


def test_regression_wrapped_label_joined_the_other_side_of_a_two_sided_table():
    from budgetkit.reading.pdf import _append_to_label

    last = ("一、一般公共预算拨款", "27,664.22", "三、国防支出", "10.00", "三、单位预留机", "3,990.40")
    first = (None, None, None, None, "动经费", None)
    assert _append_to_label(last, first)[4] == "三、单位预留机动经费"
    assert _append_to_label(last, first)[2] == "三、国防支出"
    # a remainder in a column of its own goes to the nearest label on its left
    assert _append_to_label(("合计", "1.00", "本年支出合", "1.00"), (None, None, None, "计"))[2] == "本年支出合计"


def test_regression_unit_named_with_a_qualifier_was_read_as_a_detail_row():
    rows = (
        ("单位名称", "合计"),
        ("某某市民政局", "70.00"),
        ("工资福利支出", "70.00"),
        ("某某地区公文交换站（某某市机要局）", "30.00"),
        ("工资福利支出", "30.00"),
    )
    lines, _, _ = _read(RawTable("部门预算基本支出预算表", rows, page=20, money_unit="万元"))
    assert list(lines.loc[lines["item"] == "unit_total", "unit"]) == ["某某市民政局", "某某地区公文交换站（某某市机要局）"]


def test_regression_unit_printed_beside_every_project_was_read_as_a_unit_total():
    rows = (
        ("单位名称", "项目名称", "总计"),
        ("合计", None, "100.00"),
        ("某某市交通运输局", "日常保障运行", "60.00"),
        ("某某市交通运输局", "综合交通规划", "30.00"),
        ("某某服务中心", "日常保障运行", "10.00"),
    )
    records, projects, _, _ = tables_to_records([RawTable("项目支出预算表", rows, page=37, money_unit="万元")])
    assert [r["item"] for r in records] == ["total", "project", "project", "project"]
    assert [(p["unit"], p["name"]) for p in projects] == [
        ("某某市交通运输局", "日常保障运行"), ("某某市交通运输局", "综合交通规划"), ("某某服务中心", "日常保障运行")]


def test_regression_kuan_printed_without_its_lei_lost_its_code():
    # 类 | 款 | 项 columns where a 款 row leaves the 类 cell blank: "| 03 |" under "205".
    rows = (
        ("科目编码", None, None, "功能科目", "总 计"),
        ("类", "款", "项", None, None),
        ("**", "**", "**", "**", "1"),
        ("", "", "", "合计", "656.73"),
        ("205", "", "", "教育支出", "656.73"),
        ("", "03", "", "职业教育", "656.73"),
        ("205", "03", "99", "其他职业教育支出", "656.73"),
    )
    lines, _, _ = _read(RawTable("部门支出总体情况表", rows, page=14, money_unit="万元"))
    assert list(lines["code"]) == ["", "205", "20503", "2050399"]
    assert list(lines["parent"]) == ["", "", "205", "20503"]


def test_three_public_parts_as_columns_a_row_per_unit():
    rows = (
        ("单位名称", "“三公”经费\n合计", "因公出国(境)费\n用", "公务用车购置及运行费", None, None, "公务接待费"),
        (None, None, None, "小计", "公务用车购置\n费", "公务用车运行\n维护费", None),
        ("**", "1", "2", "3", "4", "5", "6"),
        ("合计", "9.30", "", "3.50", "", "3.50", "5.80"),
        ("某某市财政局", "7.50", "", "3.50", "", "3.50", "4.00"),
        ("某某市支付中心", "1.80", "", "", "", "", "1.80"),
    )
    lines, _, _ = _read(RawTable("市级部门一般公共预算“三公”经费支出表", rows, page=28, money_unit="万元"))
    assert amount(lines, unit="", item="three_public") == D("9.30")
    assert amount(lines, unit="某某市财政局", item="vehicle_operation") == D("3.50")
    assert amount(lines, unit="某某市支付中心", item="reception") == D("1.80")


def test_three_public_printed_a_row_per_year_keeps_each_year_apart():
    rows = (
        ("预算单位", "年度", "总计", "因公出国(境)费", "公务接待费"),
        ("某某局（本级）", "2025年", "112.31", "79.31", "33.00"),
        ("", "2026年", "118.20", "90.00", "28.20"),
        ("", "增减变化金额", "5.89", "10.69", "-4.80"),
    )
    lines, _, _ = _read(RawTable("财政拨款“三公”经费支出表", rows, page=39, money_unit="万元"))
    assert amount(lines, item="three_public", measure="total") == D("118.20")
    assert amount(lines, item="three_public", measure="prior_budget") == D("112.31")
    assert amount(lines, item="reception", measure="change") == D("-4.80")


def test_three_public_rows_of_the_parts_alone_total_the_three_public():
    rows = (("项目", "预算数"), ("合计", "84.10"), ("1、因公出国（境）费用", "70.00"), ("2、公务接待费", "6.10"),
            ("3、公务用车购置及运行费", "8.00"))
    lines, _, _ = _read(RawTable("2026年度一般公共预算“三公”经费支出预算表", rows, page=24, money_unit="万元"))
    assert amount(lines, item="three_public") == D("84.10")


def test_regression_row_numbers_were_read_as_unit_names():
    rows = (("序号", "单位（项目）名称", "项目金额"), ("1", "某某市自然资源局", "30.00"), ("2", "测绘项目", "30.00"))
    records, projects, _, _ = tables_to_records([RawTable("部门综合预算专项业务经费支出表", rows, page=66,
                                                          money_unit="万元")])
    assert [(r["name"], r["item"]) for r in records] == [("某某市自然资源局", "unit_total"), ("测绘项目", "project")]
    assert projects[0]["unit"] == "某某市自然资源局"


def test_previous_balance_printed_with_its_parts_is_one_income_item():
    rows = (
        ("收 入", None, "支 出", None),
        ("项目", "预算数", "项目", "预算数"),
        ("财政拨款", "100.00", "一般公共服务支出", "100.00"),
        ("本年收入合计", "100.00", "本年支出合计", "100.00"),
        ("上年结余、结转", "11.96", "结转下年", "11.96"),
        ("财政拨款结余、结转", "11.96", "", ""),
        ("非财政拨款结余、结转", "0.00", "", ""),
        ("收入总计", "111.96", "支出总计", "111.96"),
    )
    lines, _, _ = _read(RawTable("收支总表", rows, page=22, money_unit="万元"))
    assert amount(lines, side="income", item="prior_carryover") == D("11.96")
    assert amount(lines, side="income", item="prior_carryover_fiscal") == D("11.96")


def test_regression_header_cell_split_over_rows_lost_its_item():
    # A lattice pieced from rectangles reads each line of a header cell as a row of its own.
    rows = (
        ("合计", "“三公”经费", "因公出国", "公务接", "会议费", "培训费"),
        (None, "小计", None, None, None, None),
        (None, None, "（境）费", "待费", None, None),
        ("2,599.37", "670.12", "180.00", "185.72", "228.00", "1,701.25"),
    )
    lines, _, _ = _read(RawTable("一般公共预算“三公”经费、会议费、培训费支出预算表", rows, page=17, money_unit="万元"))
    assert amount(lines, item="three_public") == D("670.12")
    assert amount(lines, item="overseas_travel") == D("180.00")
    assert amount(lines, item="reception") == D("185.72")
    assert amount(lines, item="total") == D("2599.37")


def test_regression_table_folded_into_two_panels_read_its_right_panel_as_other_measures():
    rows = (
        ("经济分类", None, "科目名称", "决算数", "经济分类", None, "科目名称", "决算数"),
        ("科目编码", None, None, None, "科目编码", None, None, None),
        ("类", "款", None, None, "类", "款", None, None),
        ("301", "", "工资福利支出", "2,082.85", "302", "", "商品和服务支出", "171.07"),
        ("301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"),
    )
    lines, _, _ = _read(RawTable("一般公共预算财政拨款基本支出决算表", rows, page=16, money_unit="万元"), phase="final")
    assert list(zip(lines["code"], lines["measure"], lines["amount"], strict=True)) == [
        ("301", "total", D("2082.85")), ("30101", "total", D("262.33")),
        ("302", "total", D("171.07")), ("30201", "total", D("21.21"))]


def test_regression_code_part_headers_printed_on_the_total_row():
    # The 决算 template prints 类 | 款 | 项 on its 合计 row.
    rows = (
        ("项目", None, None, None, "本年支出合计", "基本支出"),
        ("支出功能分类", None, None, "科目名称", None, None),
        ("科目编码", None, None, None, None, None),
        ("类", "款", "项", "合计", "2,940.05", "2,336.91"),
        ("201", "", "", "一般公共服务支出", "2,940.05", "2,336.91"),
        ("201", "06", "", "财政事务", "2,940.05", "2,336.91"),
        ("201", "06", "01", "行政运行", "2,940.05", "2,336.91"),
    )
    lines, _, _ = _read(RawTable("支出决算表", rows, page=10, money_unit="万元"), phase="final")
    assert list(lines.loc[lines["measure"] == "total", "code"]) == ["", "201", "20106", "2010601"]
    assert amount(lines, item="total", measure="basic") == D("2336.91")


def test_a_column_declaring_its_own_unit_is_read_in_it():
    rows = (("项目名称", "预算数（元）", "上年数（万元）"), ("信息化运维", "1,234,567.89", "120.00"))
    lines, _, _ = _read(RawTable("项目支出预算表", rows, page=30, money_unit="万元"))
    by_unit = dict(zip(lines["source_unit"], lines["amount"], strict=True))
    assert by_unit == {"元": D("123.456789"), "万元": D("120.00")}


def test_regression_name_spilling_into_the_figure_cell_lost_the_figure():
    rows = (
        ("序号", "功能科目编码", "功能科目名称", "合计"),
        ("1", "", "合计", "43608.96"),
        ("2", "208", "社会保障和就业支出", "43608.96"),
        ("3", "20805", "行政事业单位养老支出", "43608.96"),
        ("4", "2080506", "机关事业单位职业年金", "缴费支出43608.96"),
    )
    lines, infos, _ = _read(RawTable("一般公共预算支出明细表（按功能科目分）", rows, page=22, money_unit="万元"))
    assert amount(lines, code="2080506") == D("43608.96")
    assert lines.set_index("code").loc["2080506", "name"] == "机关事业单位职业年金缴费支出"
    assert any("p.22" in note and "joined back" in note for note in infos[0].reading)


def test_regression_a_money_word_before_a_figure_was_taken_for_a_spilled_name():
    """"万0" in a figure's cell is not a name's end and a zero: the cell is not a number."""
    rows = (
        ("功能科目编码", "功能科目名称", "合计"),
        ("", "合计", "43608.96"),
        ("208", "社会保障和就业支出", "万0"),
        ("20805", "行政事业单位养老支出", "X元0"),
    )
    lines, infos, warnings = _read(RawTable("一般公共预算支出明细表（按功能科目分）", rows, page=22, money_unit="万元"))
    assert not {"208", "20805"} & set(lines["code"])
    assert lines.loc[lines["item"] == "total", "amount"].tolist() == [D("43608.96")]
    assert not any("joined back" in note for note in infos[0].reading)
    assert any("'万0'" in w and "is not a number" in w for w in warnings)
    assert any("'X元0'" in w and "is not a number" in w for w in warnings)
