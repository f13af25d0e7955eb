"""Project lists printed at several levels (一级/二级/三级 项目): the levels found from the
figures themselves (a parent equals the rows under it in every column), one reading or none."""

from __future__ import annotations

from decimal import Decimal

from budgetkit.tidy.fragments import PrintedTable

#: Deepest project level a list is read at (一级 / 二级 / 三级 项目, one more for safety).
_MAX_PROJECT_LEVELS = 4


#: Work allowed to find the levels of one block of projects (each state of the search counts).
_LEVEL_SEARCH_BUDGET = 200_000


def project_levels(table: PrintedTable, records: list[dict], projects: list[dict]) -> list[str]:
    """Projects printed at several levels become leaves under their groups.

    西安's 专项业务经费支出表 lists each unit's projects as 一级 项目 (通用项目 8,580,600.00),
    二级 项目 under it (大型活动 750,000.00) and the projects themselves (统计业务培训
    750,000.00), all in one name column, no indentation, no level column: the unit's rows
    add up to three times its total. Where a unit's rows (or, in a list without units, all
    rows under the 合计) do not add up to its total, the levels are read from the figures:
    every project sits at the same depth (a level the list does not name is printed, as
    "-"), and each row above that depth equals the sum of the rows under it, up to the next
    row of its level. When exactly one reading of the rows at one depth does that in every
    amount column, the rows above the projects become ``project_group`` lines with their
    ``level`` (1 = 一级), the projects keep ``item == "project"`` with the deepest level, and
    only they stay in ``projects``. Several readings leave the rows as printed and return a
    note naming the page; a block that fits no reading is left as printed (its sum fails).
    """
    rows: dict[int, list[dict]] = {}
    for rec in records:
        rows.setdefault(rec["row"], []).append(rec)
    order = sorted(rows)
    total_rows = [r for r in order if rows[r][0]["item"] == "total"]
    headed = any(rows[r][0]["item"] in ("unit_total", "unit_group") for r in order)
    blocks: list[tuple[int | None, list[int]]] = []  # (the row over a run of projects, the run)
    heading: int | None = None
    previous: int | None = None
    for r in order:
        if rows[r][0]["item"] != "project":
            heading = r
        elif blocks and blocks[-1][1][-1] == previous:
            blocks[-1][1].append(r)
        else:
            blocks.append((heading, [r]))
        previous = r
    notes: list[str] = []
    groups: set[int] = set()
    for head, members in blocks:
        if head is None or rows[head][0]["item"] not in ("unit_total", "total"):
            head = total_rows[0] if total_rows and not headed else None
        if head is None:
            continue
        target = {rec["measure"]: rec["amount"] for rec in rows[head]}
        measure = "total" if "total" in target else next(iter(target), None)
        amounts = [{rec["measure"]: rec["amount"] for rec in rows[r]} for r in members]
        if measure is None or any(measure not in a for a in amounts):
            continue
        if sum((a[measure] for a in amounts), Decimal(0)) == target[measure]:
            continue  # a flat list
        found = [_level_readings([a[measure] for a in amounts], depth, target[measure])
                 for depth in range(2, _MAX_PROJECT_LEVELS + 1)]
        readings = [lv for one in found if len(one) == 1 for lv in one if _levels_hold(lv, amounts, target)]
        if any(len(one) > 1 for one in found) or len(readings) > 1:
            first = rows[members[0]][0]
            notes.append(f"{table.where()}: p.{first['page']}: the projects of {first['unit'] or '合计'} are printed "
                         "at several levels that their figures do not tell apart; read as one list")
            continue
        if not readings:
            continue
        depth = max(readings[0])
        for r, level in zip(members, readings[0], strict=True):
            for rec in rows[r]:
                rec["level"] = level
                if level < depth:
                    rec["item"] = "project_group"
                    groups.add(r)
    if groups:
        projects[:] = [p for p in projects if p["table"] != table.kind_id or p["row"] not in groups]
    return notes


def _level_readings(amounts: list[Decimal], depth: int, target: Decimal) -> list[list[int]]:
    """The ways (at most two) ``amounts`` read as trees of uniform ``depth`` whose top rows add
    up to ``target``, each row above ``depth`` the sum of the rows under it: levels per row."""
    n = len(amounts)
    nonnegative = all(a >= 0 for a in amounts)
    budget = [_LEVEL_SEARCH_BUDGET]

    def forest(i: int, level: int, total: Decimal):
        """(end, levels) for rows i..end-1 as trees at ``level`` adding up to ``total``."""
        stack = [(i, total, [])]
        while stack:
            budget[0] -= 1
            if budget[0] < 0:
                raise _SearchTooLong
            pos, rest, levels = stack.pop()
            for end, tree_levels in tree(pos, level):
                left = rest - amounts[pos]
                if nonnegative and left < 0:
                    continue
                if left == 0:
                    yield end, levels + tree_levels
                if end < n and (left != 0 or amounts[end] == 0):
                    stack.append((end, left, levels + tree_levels))

    def tree(i: int, level: int):
        if level == depth:
            yield i + 1, [level]
            return
        if i + 1 >= n:
            return
        for end, levels in forest(i + 1, level + 1, amounts[i]):
            yield end, [level, *levels]

    found: list[list[int]] = []
    try:
        for end, levels in forest(0, 1, target):
            if end == n:
                found.append(levels)
                if len(found) > 1:
                    break
    except _SearchTooLong:
        return [[], []]  # undecided: as good as two readings
    return found


class _SearchTooLong(Exception):
    """The search for a project list's levels went past its budget."""


def _levels_hold(levels: list[int], amounts: list[dict], target: dict) -> bool:
    """Every amount column agrees with a reading: each group row is the sum of its children,
    the top rows the sum ``target`` states."""
    for measure, whole in target.items():
        column = [a.get(measure, Decimal(0)) for a in amounts]
        if sum((v for v, lv in zip(column, levels, strict=True) if lv == 1), Decimal(0)) != whole:
            return False
        for i, level in enumerate(levels):
            children = Decimal(0)
            has_children = False
            for j in range(i + 1, len(levels)):
                if levels[j] <= level:
                    break
                if levels[j] == level + 1:
                    children += column[j]
                    has_children = True
            if has_children and children != column[i]:
                return False
    return True
