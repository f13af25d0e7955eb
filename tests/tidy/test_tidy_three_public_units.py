"""A “三公” table printing one row per spending unit under its 合计 row, on a hand-built
fragment: the 合计 row gives the department's figures (``unit`` empty), each unit's row its
own (``unit`` its name), as every per-unit table is attributed.

The layout is 杭州's 表7 2026年市级部门一般公共预算“三公”经费预算表 (交通运输局 2026, p.34, 万元):
单位名称 | “三公”经费合计 | 因公出国（境）费用 | 公务用车购置及运行费 (小计 | 购置费 | 运行维护费) | 公务接待费.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import budgetkit
from budgetkit.catalogue import figures
from budgetkit.reading.raw import RawTable
from budgetkit.tidy.document import BudgetDocument
from tests.helpers import amount, fragments_document

HEADER = (
    ("单位名称", "“三公”经\n费合计", "因公出国\n(境)费用", "公务用车购置及运行费", None, None, "公务接\n待费"),
    (None, None, None, "小计", "公务用车\n购置费", "公务用车\n运行维护\n费", None),
)
TOTAL = ("合计", "873.20", "", "846.10", "421.30", "424.80", "27.10")
UNITS = (
    ("杭州市交通运输局", "6.00", "", "", "", "", "6.00"),
    ("杭州市道路运输管理服务中心", "10.00", "", "", "", "", "10.00"),
    ("杭州市公路与港航管理服务中心", "140.30", "", "138.30", "72.30", "66.00", "2.00"),
    ("杭州市交通运输行政执法队", "684.00", "", "679.00", "349.00", "330.00", "5.00"),
    ("杭州技师学院（杭州交通高级技工\n学校）", "21.10", "", "18.00", "", "18.00", "3.10"),
    ("杭州汽车高级技工学校", "11.80", "", "10.80", "", "10.80", "1.00"),
)
TITLE = "2026年市级部门一般公共预算“三公”经费预算表"
DEPARTMENT = "杭州市交通运输局"
PARTS = {"three_public": "873.20", "vehicle": "846.10", "vehicle_purchase": "421.30", "vehicle_operation": "424.80",
         "reception": "27.10"}


def _document(*rows) -> BudgetDocument:
    fragment = RawTable(TITLE, HEADER + tuple(rows), page=34, money_unit="万元", source="fragment.pdf")
    return fragments_document(fragment, department=DEPARTMENT)


@pytest.mark.parametrize("order", ["total first", "total last"])
def test_per_unit_three_public_table_gives_the_department_figures_from_its_total_row(order):
    rows = (TOTAL, *UNITS) if order == "total first" else (*UNITS, TOTAL)
    lines = _document(*rows).lines
    assert set(lines["table"]) == {"three_public"}
    for item, value in PARTS.items():
        assert amount(lines, unit="", item=item, measure="total") == D(value)
        # The place every stage reads the figure from is the department's row.
        place = figures.places_of(item)[0]
        assert place.table == "three_public" and lines[place.matches(lines, "total")]["amount"].tolist() == [D(value)]
    # No 因公出国（境） figure is printed: none is read (not a 0).
    assert not len(lines[lines["item"] == "overseas_travel"])


def test_per_unit_three_public_table_keeps_each_units_row_as_its_own():
    lines = _document(TOTAL, *UNITS).lines
    units = lines[lines["unit"] != ""]
    assert list(dict.fromkeys(units["unit"])) == [row[0].replace("\n", "") for row in UNITS]
    assert amount(units, unit="杭州技师学院（杭州交通高级技工学校）", item="vehicle_operation") == D("18.00")
    assert amount(units, unit="杭州市交通运输行政执法队", item="vehicle_purchase") == D("349.00")
    # Each unit's 公务用车 adds up from its own parts, and the units add up to the 合计.
    for unit, g in units.groupby("unit"):
        parts = g[g["item"].isin(["vehicle_purchase", "vehicle_operation"])]["amount"].sum()
        assert g.loc[g["item"] == "vehicle", "amount"].sum() == parts, unit
    for item, value in PARTS.items():
        assert units.loc[units["item"] == item, "amount"].sum() == D(value), item


def test_regression_vehicle_parts_of_a_per_unit_three_public_table_were_checked_across_units():
    ids = budgetkit.check(_document(TOTAL, *UNITS)).identities
    parts = ids[ids["rule"] == "vehicle_parts"]
    assert len(parts) and set(parts["outcome"]) == {"exact"}
    assert D("846.10") in set(parts.loc[parts["unit"] == "", "actual"])
    assert D("679.00") in set(parts.loc[parts["unit"] == "杭州市交通运输行政执法队", "actual"])
