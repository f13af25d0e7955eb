"""Rules between tables: totals, 财政拨款 by class, 基本支出 by economic class, 公务用车 and 机关运行经费."""

from __future__ import annotations

from decimal import Decimal

from budgetkit._format import evidence_amount
from budgetkit.audit.engine import MEASURE_NAMES, Auditor, beyond_the_year, nonzero, sum_amounts


def _class_totals(a: Auditor, kind: str, measure: str = "total", side: str = "") -> dict[str, tuple]:
    """类 code → (Σ amount over the table's level-1 rows, first page, rows)."""
    t = a.table(kind)
    t = t[(t["measure"] == measure) & (t["level"] == 1) & (t["code"] != "")]
    if side:
        t = t[t["side"] == side]
    out: dict[str, tuple] = {}
    for code, g in t.groupby("code", sort=False):
        out[code] = (sum(g["amt"], Decimal(0)), int(g["page"].iloc[0]), list(g["row"]))
    return out


def _codes(a: Auditor, kind: str, measure: str = "total") -> dict[str, tuple]:
    """Every code of a coded table → (amount, page, row), when printed once."""
    t = a.table(kind)
    t = t[(t["measure"] == measure) & (t["code"] != "")]
    out = {}
    for code, g in t.groupby("code", sort=False):
        out[code] = (sum(g["amt"], Decimal(0)), int(g["page"].iloc[0]), list(g["row"]))
    return out


def _compare_maps(a: Auditor, rule: str, left: dict, right: dict, *, table: str, table2: str, label: str,
                  measure: str = "total", codes=None, addends: dict[str, int] | None = None) -> None:
    """``left[code]`` (table) = ``right[code]`` (table2) for each code; a missing code is 0.
    ``addends`` counts the rounded figures a ``right`` value adds, where it is a sum."""
    if not left or not right:
        return  # one table prints no 类 rows (or was not read as far): nothing to compare
    codes = codes if codes is not None else list(dict.fromkeys([*left, *right]))
    for code in codes:
        lv, lp, lrows = left.get(code, (Decimal(0), None, []))
        rv, rp, _ = right.get(code, (Decimal(0), None, []))
        if (code not in left and rv == 0) or (code not in right and lv == 0):
            continue
        a.identity(rule, f"{a.title(table)} {code} {label}（对照{a.title(table2)}）", rv, lv, table=table,
                   table2=table2, code=code, measure=measure, page=lp, page2=rp, rows=lrows,
                   addends=(addends or {}).get(code, 1))


def _year_income(a: Auditor) -> tuple | None:
    """The 收入总表's 合计 of the year's income: its 合计 less the columns it prints beside them
    that are no income of the year (:func:`beyond_the_year`)."""
    total = figure_of(a, "income", item="total", unit="")
    if total is None:
        return total
    beside = [figure_of(a, "income", (m,), item="total", unit="") for m in beyond_the_year(a.lines)]
    return (total[0] - sum((b[0] for b in beside if b is not None), Decimal(0)), *total[1:])


def figure_of(a: Auditor, kind: str, measures=("total",), **where) -> tuple | None:
    r = a.first(kind, tuple(measures), **where)
    return None if r is None else (r["amt"], int(r["page"]), int(r["row"]), r["measure"])


def _same(a: Auditor, rule: str, label: str, left: tuple | None, right: tuple | None, *, table: str, table2: str,
          item: str = "", measure: str = "total", unit: str = "") -> None:
    """``left`` (in table) equals ``right`` (in table2), when both are printed."""
    if left is None or right is None:
        return
    a.identity(rule, f"{a.title(table)}{label}（对照{a.title(table2)}）", right[0], left[0], table=table,
               table2=table2, item=item, measure=measure, unit=unit, page=left[1], page2=right[1], rows=[left[2]])


def check_cross(a: Auditor) -> None:
    """Every cross-table identity of :data:`budgetkit.audit.rules.RULES` the document's tables allow."""
    has = set(a.by_kind)
    # 收支总表 vs 支出总表
    if {"overall", "expenditure"} <= has:
        _compare_maps(a, "overall_vs_expenditure", _class_totals(a, "overall", side="expenditure"),
                      _class_totals(a, "expenditure"), table="overall", table2="expenditure", label="类合计")
        _same(a, "overall_vs_expenditure", "本年支出合计",
              figure_of(a, "overall", side="expenditure", item="expenditure_subtotal"),
              figure_of(a, "expenditure", item="total", unit=""), table="overall", table2="expenditure",
              item="expenditure_subtotal")
    info = {i.kind: i for i in a.doc.table_info}
    if {"overall", "income"} <= has and info["income"].status == "complete":
        _same(a, "overall_vs_income", "本年收入合计", figure_of(a, "overall", side="income", item="income_subtotal"),
              _year_income(a), table="overall", table2="income", item="income_subtotal")
    if {"income", "expenditure"} <= has and a.doc.phase != "final":
        # A 决算's income and spending of a code differ by what was carried over.
        inc, exp = _codes(a, "income"), _codes(a, "expenditure")
        _compare_maps(a, "income_vs_expenditure", inc, exp, table="income", table2="expenditure", label="合计",
                      codes=[c for c in inc if c in exp])
    if {"overall", "fiscal_overall"} <= has:
        fiscal = figure_of(a, "fiscal_overall", side="income", item="income_subtotal")
        _same(a, "overall_vs_fiscal", "财政拨款收入", figure_of(a, "overall", side="income", item="fiscal"), fiscal,
              table="overall", table2="fiscal_overall", item="fiscal")
    if {"fiscal_overall", "general_function"} <= has:
        # Where the 支出 side prints a 一般公共预算 column (重庆's 表四: 本年支出 总计 | 一般公共预算 |
        # 政府性基金), its 本年支出 is what the 一般公共预算支出表 spends, 上年结转 included. A 决算's
        # 一般公共预算 income and spending differ by what was carried over: it is compared on its
        # spending side only.
        spent = figure_of(a, "fiscal_overall", ("general_public",), side="expenditure", item="expenditure_subtotal")
        if spent or a.doc.phase == "final":
            _same(a, "fiscal_vs_general", "一般公共预算支出", spent,
                  figure_of(a, "general_function", item="total", unit=""), table="fiscal_overall",
                  table2="general_function", item="expenditure_subtotal", measure="general_public")
        else:
            _same(a, "fiscal_vs_general", "一般公共预算收入",
                  figure_of(a, "fiscal_overall", side="income", item="general_public"),
                  figure_of(a, "general_function", item="total", unit=""), table="fiscal_overall",
                  table2="general_function", item="general_public")
        funds = [k for k in ("general_function", "gov_fund", "state_capital") if k in has]
        summed: dict[str, tuple] = {}
        printed: dict[str, int] = {}  # the rounded figures each sum adds
        for k in funds:
            for code, (v, p, rows) in _class_totals(a, k).items():
                old = summed.get(code, (Decimal(0), p, rows))
                summed[code] = (old[0] + v, old[1], old[2])
                printed[code] = printed.get(code, 0) + (v != 0)
        if not _spends_carryover_the_funds_leave_out(a, summed):
            _compare_maps(a, "fiscal_by_class", _class_totals(a, "fiscal_overall", side="expenditure"), summed,
                          table="fiscal_overall", table2="general_function", label="类合计", addends=printed)
    if {"general_function", "expenditure"} <= has:
        g_total = figure_of(a, "general_function", item="total", unit="")
        e_total = figure_of(a, "expenditure", item="total", unit="")
        if g_total and e_total and abs(g_total[0] - e_total[0]) <= a.rounding("expenditure"):
            for measure in ("total", "basic", "project"):
                left, right = _codes(a, "general_function", measure), _codes(a, "expenditure", measure)
                if left and right:
                    _compare_maps(a, "general_vs_expenditure", left, right, table="general_function",
                                  table2="expenditure", label=MEASURE_NAMES[measure], measure=measure)
    _check_basic_and_projects(a, has)
    _check_vehicle_and_office(a, has)


def _spends_carryover_the_funds_leave_out(a: Auditor, summed: dict[str, tuple]) -> bool:
    """The 财政拨款收支总表's 支出 spends its 上年结转 too (its 本年支出 = 本年收入 + 上年结转),
    while the fund tables' 类 add up to something else: they print the year's money only
    (国家信访局's 一般公共预算支出表 2026年预算数 16,474.82 against 18,728.94 with 上年结转
    2,254.12). The 类 cannot be compared one by one; the fund tables are compared with the
    year's income instead."""
    year = figure_of(a, "fiscal_overall", side="income", item="income_subtotal")
    carried = figure_of(a, "fiscal_overall", side="income", item="prior_carryover")
    spent = figure_of(a, "fiscal_overall", side="expenditure", item="expenditure_subtotal")
    if None in (year, carried, spent) or not carried[0] or not summed:
        return False
    funds = sum((v for v, _, _ in summed.values()), Decimal(0))
    tolerance = a.rounding("fiscal_overall", "general_function") * len(summed)
    if abs(spent[0] - year[0] - carried[0]) > a.rounding("fiscal_overall") or abs(funds - spent[0]) <= tolerance:
        return False
    a.identity("fiscal_by_class", f"{a.title('fiscal_overall')}本年收入（对照{a.title('general_function')}等各类合计，"
                                  f"支出含上年结转 {evidence_amount(carried[0])}）", funds, year[0], addends=len(summed),
               table="fiscal_overall", table2="general_function", item="income_subtotal", page=year[1],
               rows=[year[2]])
    return True


def _check_basic_and_projects(a: Auditor, has: set) -> None:
    if {"general_function", "general_basic_economic"} <= has:
        _same(a, "basic_vs_economic", "合计", figure_of(a, "general_basic_economic", item="total", unit=""),
              figure_of(a, "general_function", ("basic",), item="total", unit=""),
              table="general_basic_economic", table2="general_function", item="total")
    if {"general_basic_economic", "basic_by_unit"} <= has:
        gp = ("general_public", "fiscal", "total")
        _same(a, "basic_vs_units", "合计", figure_of(a, "general_basic_economic", item="total", unit=""),
              figure_of(a, "basic_by_unit", gp, item="total"), table="general_basic_economic",
              table2="basic_by_unit", item="total")
        measure = next((m for m in gp if not a.table("basic_by_unit")[a.table("basic_by_unit")["measure"] == m].empty),
                       "total")
        econ = _class_totals(a, "general_basic_economic")
        units = _class_totals_where(a, "basic_by_unit", measure, unit="")
        _compare_maps(a, "basic_vs_units", econ, units, table="general_basic_economic", table2="basic_by_unit",
                      label="类合计（全部门）")
        for unit in sorted(set(a.table("basic_by_unit")["unit"]) - {""}):
            left = _class_totals_where(a, "general_basic_economic", "total", unit=unit)
            right = _class_totals_where(a, "basic_by_unit", measure, unit=unit)
            for code in left:
                if code in right:
                    lv, lp, lrows = left[code]
                    a.identity("basic_vs_units", f"{a.title('general_basic_economic')}（{unit}）{code}类合计"
                                                 f"（对照{a.title('basic_by_unit')}）", right[code][0], lv,
                               table="general_basic_economic", table2="basic_by_unit", code=code, unit=unit,
                               measure="total", page=lp, page2=right[code][1], rows=lrows)
    if {"general_function", "general_project_economic"} <= has:
        _same(a, "project_vs_economic", "合计", figure_of(a, "general_project_economic", item="total", unit=""),
              figure_of(a, "general_function", ("project",), item="total", unit=""),
              table="general_project_economic", table2="general_function", item="total")
    if {"general_project_economic", "projects"} <= has:
        gp = ("general_public", "fiscal", "total")
        _same(a, "project_vs_list", "合计", figure_of(a, "general_project_economic", item="total", unit=""),
              figure_of(a, "projects", gp, item="total"), table="general_project_economic", table2="projects",
              item="total")
        econ = a.table("general_project_economic")
        for unit in sorted(set(econ["unit"]) - {""}):
            rows = econ[(econ["unit"] == unit) & (econ["level"] == 1) & (econ["measure"] == "total")]
            ut = figure_of(a, "projects", gp, item="unit_total", unit=unit)
            if ut is None or rows.empty:
                continue
            a.identity("project_vs_list", f"{a.title('general_project_economic')}（{unit}）各类之和"
                                          f"（对照{a.title('projects')}单位合计）", ut[0], sum(rows["amt"], Decimal(0)),
                       addends=nonzero(rows["amt"]), table="general_project_economic", table2="projects", unit=unit,
                       measure="total", page=int(rows["page"].iloc[0]), page2=ut[1], rows=list(rows["row"]))


def _class_totals_where(a: Auditor, kind: str, measure: str, unit: str) -> dict[str, tuple]:
    t = a.table(kind)
    t = t[(t["measure"] == measure) & (t["level"] == 1) & (t["code"] != "") & (t["unit"] == unit)]
    return {code: (sum(g["amt"], Decimal(0)), int(g["page"].iloc[0]), list(g["row"]))
            for code, g in t.groupby("code", sort=False)}


def _check_vehicle_and_office(a: Auditor, has: set) -> None:
    if "three_public" not in has:
        return
    # The economic tables are 一般公共预算 tables: their 30231 is compared with the “三公”
    # table's 一般公共预算 column where it prints one (Guangzhou: 156.49 of a 170.39 that adds
    # 13.90 of 政府性基金), else with its total.
    op = figure_of(a, "three_public", ("general_public", "total"), item="vehicle_operation")
    econ = [k for k in ("general_basic_economic", "general_project_economic") if k in has]
    lines = [r for k in econ for r in a.table(k)[(a.table(k)["code"] == "30231") &
                                                (a.table(k)["measure"] == "total")].to_dict("records")]
    project = (figure_of(a, "expenditure", ("project",), item="total", unit="") or
               figure_of(a, "general_function", ("project",), item="total", unit=""))
    basic_only = "general_project_economic" not in has and (project is None or project[0] != 0)
    if op is not None and lines and basic_only:
        # The “三公” figure takes project spending too, and the table that would show 30231's
        # project part is not printed: the basic part printed is a floor, not the figure.
        floor = sum_amounts(lines)
        what = f"{a.title('three_public')}公务用车运行维护费 ≥ {a.title(lines[0]['table'])}经济科目30231"
        held = op[0] >= floor
        evidence = dict(table="three_public", table2=lines[0]["table"], code="30231", item="vehicle_operation",
                        measure=op[3], expected=floor, actual=op[0], difference=op[0] - floor, page=op[1],
                        page2=int(lines[0]["page"]))
        a.result("vehicle_scope", what, "exact" if held else "failed", **evidence)
        if not held:
            a.finding("vehicle_scope", "warning",
                      f"{what}：{evidence_amount(op[0])} 小于基本支出中的 {evidence_amount(floor)}",
                      rows=str(op[2]), **evidence)
    elif op is not None and lines:
        a.identity("vehicle_vs_30231", f"{a.title('three_public')}公务用车运行维护费（对照经济科目30231）",
                   sum_amounts(lines), op[0], addends=len(lines), table="three_public", table2=lines[0]["table"],
                   code="30231", item="vehicle_operation", measure=op[3], page=op[1], page2=int(lines[0]["page"]),
                   rows=[op[2]])
    office = figure_of(a, "three_public", ("total", "general_public"), item="office_operation")
    basic = (figure_of(a, "expenditure", ("basic",), item="total", unit="") or
             figure_of(a, "general_function", ("basic",), item="total", unit=""))
    if office is not None and basic is not None:
        table2 = "expenditure" if "expenditure" in has else "general_function"
        evidence = dict(table="three_public", table2=table2, item="office_operation", measure=office[3],
                        expected=basic[0], actual=office[0], difference=office[0] - basic[0], page=office[1],
                        page2=basic[1])
        a.result("office_operation_scope", f"{a.title('three_public')}机关运行经费（行政经费）≤ 基本支出合计",
                 "exact" if office[0] <= basic[0] else "failed", **evidence)
        if office[0] <= basic[0]:
            return
        a.finding("office_operation_scope", "warning",
                  f"{a.title('three_public')}机关运行经费（行政经费）{evidence_amount(office[0])} 超过基本支出合计 {evidence_amount(basic[0])}"
                  f"（{a.title(table2)}），相差 {evidence_amount(office[0] - basic[0])}：其口径包含项目支出，"
                  "不能与只计基本支出中公用经费的口径直接比较",
                  rows=str(office[2]), **evidence)
