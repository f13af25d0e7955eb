"""Blocks of lines attributed to the 资金使用单位 they belong to: by the unit a row names, or by
the unit totals another table prints, solved exactly; a unit that contradicts the totals is a note."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from budgetkit._format import display_amount
from budgetkit.tidy.fragments import ReadingContext, TableInfo


def _blocks(records: list[dict], table: str) -> list[dict]:
    """Level-1 blocks (a 类 row and the 款 rows under it) of an economic table."""
    blocks: list[dict] = []
    for rec in records:
        if rec["table"] != table or rec["classification"] != "economic":
            continue
        if rec["level"] == 1:
            if blocks and blocks[-1]["row"] == rec["row"]:
                blocks[-1]["records"].append(rec)
                continue
            blocks.append({"code": rec["code"], "name": rec["name"], "row": rec["row"], "amount": None,
                           "records": [rec]})
        elif blocks and rec["code"].startswith(blocks[-1]["code"]):
            blocks[-1]["records"].append(rec)
        if rec["level"] == 1 and rec["measure"] == "total":
            blocks[-1]["amount"] = rec["amount"]
    return blocks


def _unit_figures(records: list[dict], table: str) -> tuple[dict[str, dict[str, Decimal]], dict[str, Decimal]]:
    """Per-unit economic group amounts and per-unit totals stated by ``table``."""
    groups: dict[str, dict[str, Decimal]] = {}
    totals: dict[str, Decimal] = {}
    rows = [r for r in records if r["table"] == table and r["unit"]]
    measures = {r["measure"] for r in rows}
    measure = "general_public" if "general_public" in measures else "total"
    for r in rows:
        if r["measure"] != measure:
            continue
        if r["item"] == "unit_total":
            totals[r["unit"]] = r["amount"]
        elif r["code"]:
            groups.setdefault(r["unit"], {})[r["code"]] = r["amount"]
    return groups, totals


_UNIT_SOURCES = {"general_basic_economic": "basic_by_unit", "general_project_economic": "projects"}


def attribute_units(records: list[dict], infos: list[TableInfo], ctx: ReadingContext) -> None:
    """Attribute economic blocks that a table repeats once per unit to their units.

    The tables repeat the ``[301]``/``[302]`` groups once per 资金使用单位 without naming
    it. A block goes to the unit whose own figures (from the per-unit tables) it matches,
    first group by group, then by finding the one assignment of the remaining blocks
    that makes every unit's total come out exactly. Blocks that no unique assignment
    explains stay at department level, with a warning.
    """
    titles = {i.kind: i for i in infos}
    for table, unit_table in _UNIT_SOURCES.items():
        blocks = _blocks(records, table)
        counts = Counter(b["code"] for b in blocks)
        if not blocks or max(counts.values()) < 2:
            continue
        where = f"{titles[table].title} (p.{titles[table].pages[0]})"
        repeated = ", ".join(f"[{c}]" for c, n in counts.items() if n > 1)
        if unit_table not in titles:
            ctx.warnings.append(f"{where}: groups {repeated} are repeated once per unit without naming it, "
                                "and no per-unit table says which unit is which; kept at department level")
            continue
        groups, totals = _unit_figures(records, unit_table)
        remaining = dict(totals)
        pending = []
        for block in blocks:
            matches = [u for u, g in groups.items() if g.get(block["code"]) == block["amount"]]
            if len(matches) == 1:
                _assign(block, matches[0], remaining)
            else:
                pending.append(block)
        solution = _solve(pending, remaining) if pending else {}
        for block in pending:
            unit = solution.get(id(block)) if solution else None
            if unit:
                _assign(block, unit, remaining)
                continue
            parts = [f"{u} {g[block['code']]}" for u, g in groups.items() if block["code"] in g]
            detail = f" ({titles[unit_table].title} gives {' + '.join(parts)})" if parts else ""
            ctx.warnings.append(
                f"{where}: block [{block['code']}]{block['name']} {'?' if block['amount'] is None else display_amount(block['amount'])} matches no single "
                f"unit{detail}; kept at department level"
            )


def _assign(block: dict, unit: str, remaining: dict[str, Decimal]) -> None:
    for rec in block["records"]:
        rec["unit"] = unit
    if unit in remaining and block["amount"] is not None:
        remaining[unit] -= block["amount"]


def _solve(blocks: list[dict], remaining: dict[str, Decimal]) -> dict[int, str] | None:
    """The unique assignment of ``blocks`` to units that empties every unit's remainder."""
    units = list(remaining)
    if not units or any(b["amount"] is None for b in blocks) or len(units) ** len(blocks) > 200_000:
        return None
    found = None
    for choice in itertools.product(units, repeat=len(blocks)):
        seen = set()
        sums = dict.fromkeys(units, Decimal(0))
        for block, unit in zip(blocks, choice, strict=True):
            if (unit, block["code"]) in seen:
                break
            seen.add((unit, block["code"]))
            sums[unit] += block["amount"]
        else:
            if all(sums[u] == remaining[u] for u in units):
                if found is not None:
                    return None
                found = {id(b): u for b, u in zip(blocks, choice, strict=True)}
    return found


def implausible_units(records: list[dict], infos: list[TableInfo], ctx: ReadingContext) -> list[TableInfo]:
    """A table whose amounts dwarf the whole department's total was read in the wrong unit
    (元 figures taken for 万元): a reading note naming the table, never a silent figure."""
    totals = [r["amount"] for r in records if r["table"] in ("overall", "income", "expenditure")
              and r["item"] in ("total", "income_total", "expenditure_total") and r["amount"] > 0]
    if not totals:
        return infos
    ceiling = max(totals) * 100
    out = []
    for info in infos:
        biggest = max((r["amount"] for r in records if r["table"] == info.kind and r["page"] in info.pages
                       and r["source"] == Path(info.source).name), default=Decimal(0))
        if biggest > ceiling:
            note = (f"{info.title} (p.{info.pages[0]}): amounts up to {display_amount(biggest)} {info.money_unit} exceed "
                    f"the department's total {display_amount(max(totals))} 万元 a hundredfold; its money unit is in doubt")
            ctx.warnings.append(note)
            info = replace(info, reading=(*info.reading, note))
        out.append(info)
    return out
