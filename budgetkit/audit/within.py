"""Rules within one table: rows, columns, the 类/款/项 hierarchy, two-sided tables, units, “三公” parts."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pandas as pd

from budgetkit.audit.engine import INCOME_SINGLES, MEASURE_NAMES, Auditor, nonzero, sum_amounts
from budgetkit.catalogue import kinds

_EXPENDITURE_COMPONENTS = ("basic", "project", "operating_expense", "subsidy_to_subordinate",
                           "remit_to_superior", "carryover")

_GROUPS = {"fiscal": ("general_public", "gov_fund", "state_capital"),
           "fiscal_special": ("education_fee", "other_special_account"),
           "other_funds": ("business", "operating", "other"),
           "prior_carryover": ("prior_carryover_fiscal", "prior_carryover_other")}

_BASIC_PARTS = ("personnel", "public_use")

#: Rows of a 收支总表 that break expenditure down by use, beside its 类 rows.
_USE_ITEMS = ("basic_expenditure", "project_expenditure", "reserve")

#: Rows of a 收支总表 that come after the year's subtotal, never part of it.
_AFTER_SUBTOTAL = ("prior_carryover", "carryover", "business_fund", "non_fiscal_balance_used", "opening_balance",
                   "closing_balance", "balance_distribution")

_ROW_RULES = {"fiscal": "row_fiscal", "fiscal_special": "row_fiscal_special", "other_funds": "row_other_funds"}



def check_rows(a: Auditor) -> None:
    """Row identities: 合计 = its component columns; 财政拨款 = its three funds; …"""
    known = set(MEASURE_NAMES) | set(_EXPENDITURE_COMPONENTS) | {m for g in _GROUPS.values() for m in g} | set(
        INCOME_SINGLES) | {"education_fee", "other_special_account", "business", "operating", "current"}
    for kind, frame in a.by_kind.items():
        measures = set(frame["measure"])
        if len(measures) < 2:
            continue
        # The funds under 上年结转 (prior_carryover/general_public …) are parts of its column.
        complete_header = all(m in known or m.startswith("prior_carryover/") for m in measures)
        for r in _rows_of(frame):
            m = r["m"]
            where = dict(table=kind, code=r["code"], unit=r["unit"], item=r["item"], page=r["page"], rows=[r["row"]])
            label = f"{a.title(kind)}「{r['code'] or ''}{r['name']}」行"
            for group, parts in _GROUPS.items():
                present = [p for p in parts if p in m]
                if group in m and present and not (group == "other_funds" and present == ["other"] and len(present) == 1
                                                   and "business" not in measures):
                    a.identity(_ROW_RULES[group], f"{label}{MEASURE_NAMES.get(group, group)}", sum_amounts(
                        [{"amt": m[p]} for p in present]), m[group], addends=nonzero(m[p] for p in present),
                        measure=group, **where)
            if "basic" in m and ("personnel" in m or "public_use" in m):
                parts = [m[p] for p in ("personnel", "public_use") if p in m]
                a.identity("row_basic", f"{label}基本支出", sum(parts, Decimal(0)), m["basic"],
                           addends=nonzero(parts), measure="basic", **where)
            if "total" not in m or not complete_header:
                continue
            comps = _total_components(m, measures)
            if not comps:
                continue
            values = [m[c] for c in comps]
            a.identity("row_total", f"{label}合计", sum(values, Decimal(0)), m["total"], addends=nonzero(values),
                       measure="total", **where)
            # 合计 | 本年收入 (小计 | its sources) | 上年结转 (小计 | its funds): each 小计 adds up alone.
            for whole, parts in (("current", [c for c in comps if c != "prior_carryover"]),
                                 ("prior_carryover", sorted(c for c in m if c.startswith("prior_carryover/")))):
                if whole in m and parts and (whole != "current" or "prior_carryover" in m):
                    values = [m[c] for c in parts]
                    a.identity("row_total", f"{label}{MEASURE_NAMES.get(whole, whole)}", sum(values, Decimal(0)),
                               m[whole], addends=nonzero(values), measure=whole, **where)


def _total_components(m: dict, measures: set) -> list[str]:
    """The measures whose sum is the row's 合计."""
    if measures & set(_EXPENDITURE_COMPONENTS):
        comps = [c for c in _EXPENDITURE_COMPONENTS if c in m]
        if "basic" not in measures:
            # 基本支出 printed only as its parts (人员经费 / 公用经费 columns, no 小计)
            comps[:0] = [c for c in _BASIC_PARTS if c in m]
        return comps
    comps: list[str] = []
    for group, parts in _GROUPS.items():
        if group in m:
            comps.append(group)
        else:
            comps.extend(p for p in parts if p in m)
    comps.extend(c for c in INCOME_SINGLES if c in m and c not in comps)
    return comps


def check_columns_and_hierarchy(a: Auditor) -> None:
    """合计 row = Σ 类 rows; 类 = Σ 款 = Σ 项 (blocks by printed order, so per unit where repeated)."""
    for kind, frame in a.by_kind.items():
        k = kinds.REGISTRY.kinds.get(kind)
        if k is None or k.layout != "coded":
            continue
        rows = _rows_of(frame)
        info = next((i for i in a.doc.table_info if i.kind == kind), None)
        total = next((r for r in rows if r["item"] == "total" and not r["unit"]), None)
        own = set(frame.loc[frame["code"] != "", "classification"]) if not k.classification else {k.classification}
        classes = [r for r in rows if r["level"] == 1 and _classification(r["code"]) in own]
        if total is not None and classes and (info is None or info.status != "incomplete"):
            for measure, amount in total["m"].items():
                values = [r["m"][measure] for r in classes if measure in r["m"]]
                if not values:
                    continue  # no 类 row prints this column: nothing to add up
                a.identity("column_total", f"{a.title(kind)}合计行{MEASURE_NAMES.get(measure, measure)}（Σ 各类）",
                           sum(values, Decimal(0)), amount, addends=nonzero(values), table=kind, measure=measure,
                           item="total", page=total["page"], rows=[total["row"]] + [r["row"] for r in classes])
        _check_hierarchy(a, kind, rows)


def _classification(code: str) -> str:
    """``function`` for 2xx codes, ``economic`` for 3xx / 5xx ones."""
    return "function" if code.startswith("2") else "economic"


def _check_hierarchy(a: Auditor, kind: str, rows: list[dict]) -> None:
    children: dict[int, list[dict]] = defaultdict(list)
    parents: dict[int, dict] = {}
    cur1 = cur2 = None
    for r in rows:
        level = r["level"]
        if level is pd.NA or level is None or not r["code"]:
            continue
        if level == 1:
            cur1, cur2 = r, None
        elif level == 2:
            if cur1 is not None and r["parent"] == cur1["code"]:
                children[id(cur1)].append(r)
                parents[id(cur1)] = cur1
            else:
                cur1 = None
            cur2 = r
        elif level == 3 and cur2 is not None and r["parent"] == cur2["code"]:
            children[id(cur2)].append(r)
            parents[id(cur2)] = cur2
    for pid, kids in children.items():
        parent = parents[pid]
        what = "类" if parent["level"] == 1 else "款"
        for measure, amount in parent["m"].items():
            values = [c["m"][measure] for c in kids if measure in c["m"]]
            if not values:
                continue  # no 款 / 项 row prints this column
            unit = f"（{parent['unit']}）" if parent["unit"] else ""
            a.identity("hierarchy", f"{a.title(kind)}{unit}{what} {parent['code']}{parent['name']}"
                                    f"{MEASURE_NAMES.get(measure, measure)}（Σ 下级科目）",
                       sum(values, Decimal(0)), amount, addends=nonzero(values), table=kind, code=parent["code"],
                       measure=measure, unit=parent["unit"], page=parent["page"],
                       rows=[parent["row"]] + [c["row"] for c in kids])


def check_two_sided(a: Auditor) -> None:
    """收支总表 and 财政拨款收支总表: 本年收入合计, 本年支出合计, 收入总计, 支出总计 and their balance."""
    for kind in ("overall", "fiscal_overall"):
        if kind not in a.by_kind:
            continue
        rows = [r for r in _rows_of(a.by_kind[kind]) if "total" in r["m"]]
        title = a.title(kind)
        inc = [r for r in rows if r["side"] == "income"]
        exp = [r for r in rows if r["side"] == "expenditure"]
        totals = {}
        for side_rows, sub_item, total_item, rule_sub, rule_total, label in (
                (inc, "income_subtotal", "income_total", "income_subtotal", "income_total", "收入"),
                (exp, "expenditure_subtotal", "expenditure_total", "expenditure_subtotal", "expenditure_total", "支出")):
            sub = next((r for r in side_rows if r["item"] == sub_item), None)
            tot = next((r for r in side_rows if r["item"] == total_item), None)
            if label == "收入":
                items = _income_items([r for r in side_rows if r["item"] and r["item"] not in
                                       ("income_subtotal", "income_total", "total")])
            else:
                # A 支出 row named for a fund heads the breakdowns under it (西安's 财政拨款收支总表:
                # "一、财政拨款 62,109,297.20" over the 类, and again over each economic breakdown).
                items = [r for r in side_rows if (r["code"] and r["level"] == 1) or
                         (r["item"] and r["item"] not in ("expenditure_subtotal", "expenditure_total", "total",
                                                          "fiscal", *_GROUPS["fiscal"]))]
            before = [r for r in items if sub is None or r["row"] < sub["row"]]
            later = [r for r in items if sub is not None and r["row"] > sub["row"]]
            if sub is not None and not before:
                # The central layout heads its parts with the subtotal ("一、本年收入 16,474.82" over
                # "（一）一般公共预算拨款", then "二、上年结转" over its own funds): the rows under
                # it up to the next heading are its parts.
                n = next((i for i, r in enumerate(later) if r["item"] in _AFTER_SUBTOTAL), len(later))
                before, later = later[:n], later[n:]
            after = _without_carryover_parts(later)
            # Some 收支总表 break expenditure down twice before the subtotal: by 类 and by use
            # (基本支出 / 项目支出 / 单位预留机动经费, Jiangsu). Each breakdown adds up alone; a
            # breakdown the table does not print is not checked, and uncoded rows that are no
            # use (上缴上级支出, 对附属单位补助支出 …) add to the 类.
            uses = [r for r in before if not r["code"] and r["item"] in _USE_ITEMS]
            breakdowns = [([r for r in before if r not in uses], "各类"), (uses, "各用途")] if uses and \
                label == "支出" else [(before, "各项" if label == "收入" else "各类")]
            for parts, what in breakdowns:
                if sub is None or not parts:
                    continue
                values = [r["m"]["total"] for r in parts]
                a.identity(rule_sub, f"{title}本年{label}合计（Σ {what}）", sum(values, Decimal(0)), sub["m"]["total"],
                           addends=nonzero(values), table=kind, item=sub_item, measure="total", page=sub["page"],
                           rows=[sub["row"]] + [r["row"] for r in parts])
            if tot is not None and (sub is not None or items):
                parts = ([sub] if sub is not None else []) + (after if sub is not None else items)
                values = [r["m"]["total"] for r in parts]
                a.identity(rule_total, f"{title}{label}总计", sum(values, Decimal(0)), tot["m"]["total"],
                           addends=nonzero(values), table=kind, item=total_item, measure="total", page=tot["page"],
                           rows=[tot["row"]] + [r["row"] for r in parts])
            totals[label] = tot
        if totals.get("收入") is not None and totals.get("支出") is not None:
            i, e = totals["收入"], totals["支出"]
            a.identity("balance", f"{title}支出总计（= 收入总计）", i["m"]["total"], e["m"]["total"], table=kind,
                       item="expenditure_total", measure="total", page=e["page"], rows=[i["row"], e["row"]])


def _without_carryover_parts(rows: list[dict]) -> list[dict]:
    """Rows after 本年收入合计 to add up: the funds printed under a 上年结转 (or a 决算's
    年初结转和结余) row are its parts."""
    out, carried = [], False
    for r in rows:
        if r["item"] in ("prior_carryover", "opening_balance"):
            carried = True
        elif carried and r["item"] in _GROUPS["fiscal"] + _GROUPS["prior_carryover"]:
            continue
        out.append(r)
    return out


def _income_items(items: list[dict]) -> list[dict]:
    """Income rows to add up: a group's total (财政拨款) replaces its printed parts."""
    present = {r["item"] for r in items}
    skip = {p for g, parts in _GROUPS.items() if g in present for p in parts}
    return [r for r in items if r["item"] not in skip]


def check_units(a: Auditor) -> None:
    """Per-unit tables: unit totals = Σ their rows; 合计 = Σ unit totals; department groups = Σ units."""
    for kind in ("basic_by_unit", "projects"):
        if kind not in a.by_kind:
            continue
        rows = _rows_of(a.by_kind[kind])
        title = a.title(kind)
        total = next((r for r in rows if r["item"] == "total"), None)
        unit_totals = [r for r in rows if r["item"] == "unit_total"]
        members = [r for r in rows if r["item"] == "project" or (r["item"] != "unit_total" and r["unit"] and
                                                                 (r["code"] or r["item"] == "other_capital"))]
        dept_groups = [r for r in rows if not r["unit"] and (r["code"] or r["item"] == "other_capital")]
        # The 类 add up to the 合计, never their 款 too (烟台's 基本支出预算情况表 prints 301 over 30101 …).
        classes = [r for r in dept_groups if len(r["code"]) <= 3]
        for measure in (total or {"m": {}})["m"]:
            name = MEASURE_NAMES.get(measure, measure)
            values = [r["m"][measure] for r in classes if measure in r["m"]]
            if values:
                a.identity("column_total", f"{title}合计{name}（Σ 各类）", sum(values, Decimal(0)), total["m"][measure],
                           addends=nonzero(values), table=kind, item="total", measure=measure, page=total["page"],
                           rows=[total["row"]] + [r["row"] for r in classes])
            parts = unit_totals or (members if kind == "projects" else [])
            values = [r["m"][measure] for r in parts if measure in r["m"]]
            if values:
                a.identity("unit_sum", f"{title}合计{name}（Σ 各{'单位' if unit_totals else '项目'}）",
                           sum(values, Decimal(0)), total["m"][measure], addends=nonzero(values), table=kind,
                           item="total", measure=measure, page=total["page"],
                           rows=[total["row"]] + [r["row"] for r in parts])
        for ut in unit_totals:
            own = [r for r in members if r["unit"] == ut["unit"]]
            if not own:
                continue
            for measure, amount in ut["m"].items():
                values = [r["m"][measure] for r in own if measure in r["m"]]
                if not values:
                    continue
                a.identity("unit_sum", f"{title}{ut['unit']}合计{MEASURE_NAMES.get(measure, measure)}",
                           sum(values, Decimal(0)), amount, addends=nonzero(values), table=kind, unit=ut["unit"],
                           item="unit_total", measure=measure, page=ut["page"],
                           rows=[ut["row"]] + [r["row"] for r in own])
        for g in dept_groups:
            same = [r for r in members if (r["code"], r["item"]) == (g["code"], g["item"])]
            if not same or not unit_totals:
                continue
            for measure, amount in g["m"].items():
                values = [r["m"][measure] for r in same if measure in r["m"]]
                if not values:
                    continue
                a.identity("unit_sum", f"{title}{g['code'] or ''}{g['name']}{MEASURE_NAMES.get(measure, measure)}"
                                       "（Σ 各单位）", sum(values, Decimal(0)), amount, addends=nonzero(values),
                           table=kind, code=g["code"], item=g["item"], measure=measure, page=g["page"],
                           rows=[g["row"]] + [r["row"] for r in same])


def check_three_public(a: Auditor) -> None:
    """“三公”经费 = its three parts; 公务用车 = 购置 + 运行维护 (every fund column) — for the
    department and, where the table prints a row per unit, for each unit on its own."""
    if "three_public" not in a.by_kind:
        return
    by_unit: dict[str, dict[str, dict]] = {}
    for r in _rows_of(a.by_kind["three_public"]):
        if r["item"]:
            by_unit.setdefault(r["unit"], {})[r["item"]] = r
    for unit, rows in by_unit.items():
        for rule, whole, parts, label in (
                ("three_public_parts", "three_public", ("overseas_travel", "vehicle", "reception"), "“三公”经费"),
                ("vehicle_parts", "vehicle", ("vehicle_purchase", "vehicle_operation"), "公务用车购置及运行费")):
            if whole not in rows or not all(p in rows for p in parts):
                continue
            w = rows[whole]
            for measure, amount in w["m"].items():
                values = [rows[p]["m"][measure] for p in parts if measure in rows[p]["m"]]
                if not values:
                    continue  # no part prints this column
                a.identity(rule, f"{a.title('three_public')}{unit}{label}{MEASURE_NAMES.get(measure, measure)}（Σ 各项）",
                           sum(values, Decimal(0)), amount, addends=nonzero(values), table="three_public",
                           item=whole, measure=measure, unit=unit, page=w["page"],
                           rows=[w["row"]] + [rows[p]["row"] for p in parts])


def _rows_of(frame: pd.DataFrame) -> list[dict]:
    """Rows of one table: ``{"row", "side", "code", "level", "parent", "item", "unit", "name", "page", "m"}``."""
    out: dict[tuple, dict] = {}
    for rec in frame.sort_values("row", kind="stable").to_dict("records"):
        # A printed row can hold two cells of one side (Jiangsu 收支总表: a 类 and a use).
        k = (rec["row"], rec["side"], rec["code"], rec["item"], rec["unit"])
        if k not in out:
            out[k] = {c: rec[c] for c in ("row", "side", "code", "level", "parent", "item", "unit", "name", "page")}
            out[k]["m"] = {}
        out[k]["m"].setdefault(rec["measure"], rec["amt"])
    return list(out.values())
