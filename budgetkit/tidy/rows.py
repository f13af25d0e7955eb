"""Raw table fragments to tidy budget lines.

The conversions, in order (each small and testable alone):

``join_fragments``   page fragments with the same title → one printed table (:mod:`.fragments`)
``split_header``     leading rows without amounts → header rows (:mod:`.headers`)
``header_to_columns`` header rows → one ``Column`` (role, measure, side) per column (:mod:`.headers`)
``table_to_records`` data rows → line records, by the kind's layout (or the header's: 收入 | 支出 side by side)
``attribute_units``  economic blocks repeated per unit → their 资金使用单位 (:mod:`.units`)

Nothing here reads a file: the input is :class:`~budgetkit.reading.raw.RawTable`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from budgetkit._normalize import clean_text, key, looks_like_amount, parse_amount, strip_numbering, to_wan
from budgetkit.catalogue.vocabulary import economic_class_of, function_class_of, item_of, measure_of
from budgetkit.tidy.fragments import PrintedTable, ReadingContext, TableInfo, fragment_width, join_fragments
from budgetkit.tidy.headers import (
    YEAR_PREFIX,
    Column,
    code_columns_by_content,
    header_to_columns,
    income_beside_expenditure,
    parse_label,
    spilled_names,
    split_header,
    text_columns_are_labels,
)
from budgetkit.tidy.levels import project_levels
from budgetkit.tidy.units import attribute_units, implausible_units

_UNIT_SUFFIX = re.compile(r"(局|中心|办公室|委员会|办事处|街道|站|所|院|队|馆|处|厅|部|会|室|社|校|园|团)$")


def _code_fields(code: str, classification: str) -> dict:
    if not code:
        return {"classification": "", "code": "", "level": None, "parent": ""}
    if not classification:
        classification = "function" if code.startswith("2") else "economic"
    level = {3: 1, 5: 2, 7: 3}[len(code)]
    parent = code[:-2] if level > 1 else ""
    return {"classification": classification, "code": code, "level": level, "parent": parent}


@dataclass
class RowReading:
    """What a row reader reads one table's rows with (the table, its columns, the document's
    context), what it writes (line and project records), and what it learns row by row."""

    table: PrintedTable
    columns: list[Column]
    ctx: ReadingContext
    records: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    #: the spending unit the rows below belong to ("" for the department)
    unit: str = ""
    #: no data row read yet; the table started mid-table (no 合计 or 类 row first)
    first: bool = True
    incomplete: bool = False
    #: the years a wide table prints in its rows; the measure and unit the current row group reads as
    years: list[int] = field(default_factory=list)
    row_measure: str | None = None
    row_unit: str = ""
    #: the label the rows below share (a group heading of an items table)
    group: str = ""
    #: codes completed from their 类 / 款 / 项 parts; the unit code of each project-list row
    codes_by_parts: dict = field(default_factory=dict)
    unit_codes: dict[int, str] = field(default_factory=dict)


def table_to_records(table: PrintedTable, ctx: ReadingContext, first_row: int = 0) -> tuple[list[dict], list[dict], TableInfo]:
    """Convert one printed table to line records, project records and its info."""
    kind = table.kind
    layout = kind.layout if kind else "listing"
    money_unit = table.money_unit or ctx.money_unit
    if not table.money_unit:
        ctx.warnings.append(f"{table.where()}: no money unit printed; read as the document's {money_unit}")
    header, data = [], []
    first_header_keys = None
    for fragment in table.fragments:
        head, rows = split_header(fragment.rows)
        keys = [tuple(key(c) for c in r) for r in head]
        if not first_header_keys:  # the first fragment with a header (a title alone at a page's foot has none)
            header, first_header_keys = head, keys
        elif head and keys != first_header_keys and _strip_empty(keys) != _strip_empty(first_header_keys):
            ctx.warnings.append(
                f"{table.where()}: the header on p.{fragment.page} differs from the first page's; "
                "its columns were read as the first page's"
            )
        data.extend((row, fragment.page, fragment.source, fragment_width(fragment)) for row in rows)
    width = max([len(r) for r in header] + [len(r) for r, _, _, _ in data] + [1])
    # A page holding only the 合计 row of a table has fewer ruled columns: the merged label
    # cell spans the code and name columns, the amounts keep to the right.
    data = [(r if fw >= width or len(r) < 2 else (r[0], *([None] * (width - len(r))), *r[1:]), p, s)
            for r, p, s, fw in data]
    columns = header_to_columns(header, width, sided=layout == "two_sided", phase=ctx.phase)
    if layout in ("coded", "items"):
        sided = header_to_columns(header, width, sided=True, phase=ctx.phase)
        if income_beside_expenditure(sided):
            # 收入 | 支出 side by side under one title (西安's 政府性基金收支表): read as a 收支总表.
            columns, layout = sided, "two_sided"
    columns = code_columns_by_content(text_columns_are_labels(columns, data), data)
    panels = _panels(columns)
    if panels:
        # A table folded into panels side by side (code | name | 决算数 | code | name | 决算数):
        # the left panel's rows, then the right one's, each under the first panel's columns.
        data = [(tuple(row[j] if j < len(row) else "" for j in panel), page, source)
                for panel in panels for row, page, source in data]
        columns = [columns[j] for j in panels[0]]
        width = len(columns)
    wide = _is_wide(data)
    years: list[int] = []  # the years a wide table prints in its rows, known before its first row
    if wide:
        # One row of figures under a header naming each column (三公 parts, 支出总表 totals).
        columns = [replace(c, role="amount") for c in columns]
        layout = "wide"
    elif layout == "items" and _columns_name_items(columns, ctx.phase):
        layout = "wide"  # the parts as columns, a row per unit or per year
        years = [int(m.group(0)[:4]) for r, *_ in data for c in r if c
                          for m in [YEAR_PREFIX.match(clean_text(c))] if m]
    elif layout == "coded" and not _has_codes(columns, data) and not any(c.role == "unit" for c in columns):
        layout = "items"  # a 收入总表 of named sources (Jiangsu), not of codes
    elif layout == "units" and _has_codes(columns, data):
        layout = "coded"  # a 基本支出 table by economic code, not by unit
    reading = list(dict.fromkeys(note for f in table.fragments for note in f.reading))
    columns, second = _first_classification(columns)
    if second:
        reading.append(f"{table.where()}: a second classification is printed beside the first "
                       f"({second}); only the first is read, and its codes repeat once per code of the second")
    if layout in ("units", "projects", "listing") and not (
            layout == "projects" and any(c.role == "label" for c in columns)):
        # The 单位 column holds the unit rows' names: it is the label these readers take
        # (a project list with its own 项目名称 column keeps it as the unit of each row).
        columns = [replace(c, role="label") if c.role == "unit" else c for c in columns]
    data, spilled = spilled_names(columns, data)
    if spilled:
        reading.append(f"{table.where()}: p.{', p.'.join(map(str, spilled))}: the end of a name printed into "
                       "the figure's cell beside it; joined back to the name")
    if not header:
        reading.append(f"{table.where()}: no header rows; columns were not identified")
    for col in columns:
        if col.role == "amount" and not col.measure and not (wide and _wide_item(col)):
            reading.append(f"{table.where()}: column {col.header or '(untitled)'!r} is not a known measure")
    ctx.warnings.extend(n for n in reading if n not in ctx.warnings)

    reader = _ROW_READERS.get(layout, _coded_row)
    rd = RowReading(table, columns, ctx, years=years)
    records, projects = rd.records, rd.projects
    names: dict[str, str] = {}
    for n, (row, page, source) in enumerate(data):
        row = tuple(row) + ("",) * (width - len(row))
        if source not in names:
            names[source] = Path(source).name if source else ""
        base = {"source": names[source], "table": table.kind_id,
                "table_title": clean_text(table.title), "page": page, "row": first_row + n,
                "source_unit": money_unit}
        reader(rd, row, base)
    if rd.unit_codes:
        _unit_groups(records, rd.unit_codes)
    if layout == "projects":
        for note in project_levels(table, records, projects):
            reading.append(note)
            ctx.warnings.append(note)
    if table.kind_id == "three_public":
        _three_public_total(records)
    status = "complete"
    if rd.incomplete:
        status = "incomplete"
    elif (data and all(r["amount"] == 0 for r in records)) or not records:
        status = "empty"
    info = TableInfo(
        kind=table.kind_id, title=clean_text(table.title), pages=table.pages, rows=len(data),
        lines=len(records), status=status, notes=table.notes, unit_name=table.unit_name,
        money_unit=money_unit, source=table.fragments[0].source, reading=tuple(reading),
    )
    return records, projects, info


def _is_wide(data) -> bool:
    """Data rows hold figures only (no label text): a wide table of one or two rows."""
    if not data or len(data) > 2:
        return False
    cells = [c for row, _, _ in data for c in row if clean_text(c)]
    return bool(cells) and all(looks_like_amount(c) for c in cells)


def _has_codes(columns: list[Column], data) -> bool:
    if any(c.role in ("code", "code_part") for c in columns):
        return True
    for row, _, _ in data[:40]:
        for col, cell in zip(columns, row, strict=False):
            if col.role == "label" and parse_label(cell or "", coded=True)[0]:
                return True
    return False


def _wide_measure(col: Column, phase: str) -> str:
    """The measure a wide table's leaf header names (预算数 | 决算数 under each part of a 决算's
    “三公” table), ``""`` when the leaf names a part."""
    measure = measure_of(col.header, phase=phase)
    if not measure or len(col.path) < 2 or key(col.header) in {"合计", "小计"}:
        return ""
    # Under a part (因公出国（境）费 | 一般公共预算), a word that is also an item is the measure.
    under_part = any(item_of(p) or "三公" in p for p in col.path[:-1])
    return measure if under_part or not item_of(col.header) else ""


def _wide_item(col: Column, phase: str = "budget") -> str:
    """The item a column of a wide table stands for: 因公出国（境）费, 小计 under 公务用车… ."""
    def norm(text: str) -> str:
        t = YEAR_PREFIX.sub("", key(text))
        return t.removesuffix("预算数").removesuffix("预算")

    if _wide_measure(col, phase):
        # The leaf names the figure: the part is the header above it.
        above = [p for p in col.path[:-1] if norm(p)]
        leaf, parent = (norm(above[-1]), norm(above[-2]) if len(above) > 1 else "") if above else ("", "")
    else:
        leaf, parent = norm(col.header), norm(col.parent)
    parent_item = item_of(parent) if parent else None
    if key(leaf) in {"合计", "小计"}:
        return parent_item or "total"
    if parent_item == "vehicle" and leaf in {"购置费", "购置"}:
        return "vehicle_purchase"
    if parent_item == "vehicle" and leaf in {"运行费", "运行维护费"}:
        return "vehicle_operation"
    return item_of(leaf) or _split_label_item(col.path) or ("three_public" if "三公" in leaf else "")


def _split_label_item(path: tuple[str, ...]) -> str:
    """A header cell whose lines were read as cells of their own ("因公出国" over "（境）费", a
    lattice pieced from rectangles): the last cells of the path joined name the item."""
    for k in range(2, len(path) + 1):
        item = item_of("".join(key(p) for p in path[-k:]))
        if item:
            return item
    return ""


_THREE_PUBLIC_PARTS = {"three_public", "overseas_travel", "vehicle", "vehicle_purchase", "vehicle_operation",
                       "reception"}
_COLUMN_PARTS = _THREE_PUBLIC_PARTS | {"total", "meeting", "training", "office_operation"}


def _wide_row(rd: RowReading, row, base) -> None:
    table, columns, records, ctx = rd.table, rd.columns, rd.records, rd.ctx
    items_layout = table.kind is not None and table.kind.layout == "items"
    # A row per unit (单位名称 | parts …) and/or per year (2025年 | 2026年 | 增减变化金额).
    label = ""
    for text in (clean_text(c) for col, c in zip(columns, row, strict=True) if col.role in ("unit", "label")):
        if YEAR_PREFIX.match(text) or key(text) in _CHANGE_ROWS:
            rd.row_measure = _year_row_measure(text, rd)
        elif text and not label:
            label = "" if item_of(text) == "total" else text
            rd.row_unit = label
    label = label or rd.row_unit
    row_measure = rd.row_measure
    for col, cell in zip(columns, row, strict=True):
        if col.role != "amount":
            continue
        amounts = _amounts(table, [col], (cell,), base, None, ctx)
        if not amounts:
            continue
        if items_layout:
            item = _wide_item(col, ctx.phase)
            if not item:
                ctx.warnings.append(f"{table.where()}: p.{base['page']}: column {col.header!r} is not a known item")
            leaf_measure = _wide_measure(col, ctx.phase)  # the leaf names the figure, its part is above
            measure = leaf_measure or "total"
            name = col.path[-2] if leaf_measure else col.header
            if row_measure and row_measure != "total":
                # an earlier year's row, or the change: 2025年 | 因公出国（境）费 | 一般公共预算
                measure = row_measure if measure == "total" else f"{row_measure}/{measure}"
            fields = {"name": clean_text(name), "item": item, "side": "", "unit": label, **_code_fields("", "")}
            amounts = [{**a, "measure": measure} for a in amounts]
        else:
            fields = {"name": "合计", "item": "total", "side": "", "unit": "", **_code_fields("", "")}
        records.extend({**base, **fields, **a} for a in amounts)


_CHANGE_ROWS = {"增减变化金额", "增减额", "增减", "增减变化"}


def _columns_name_items(columns: list[Column], phase: str) -> bool:
    """Most amount columns name a part (因公出国（境）费 | 公务接待费 | 会议费 …): the parts are
    columns (columns of funds — 一般公共预算 | 政府性基金 — are measures, not parts)."""
    amounts = [c for c in columns if c.role == "amount"]
    named = [c for c in amounts if _wide_item(c, phase) in _COLUMN_PARTS]
    return len(amounts) >= 3 and len(named) >= 0.6 * len(amounts)


def _year_row_measure(label: str, rd: RowReading) -> str:
    """The measure of a row of a table printing the years one per row: the latest year's
    figures are the document's own (total), an earlier year's the previous budget."""
    if key(label) in _CHANGE_ROWS:
        return "change"
    year = int(YEAR_PREFIX.match(label).group(0)[:4])
    latest = max(rd.years or [year])
    return "total" if year >= latest else "prior_budget"


def _three_public_total(records: list[dict]) -> None:
    """A “三公” table of the parts alone: its 合计 is the “三公”经费 (beside 会议费, 培训费 or
    机关运行经费 the 合计 is more than that, and stays the table's total)."""
    items = {r["item"] for r in records} - {"", "total"}
    if items and items <= _THREE_PUBLIC_PARTS:
        for r in records:
            if r["item"] == "total":
                r["item"] = "three_public"


def _strip_empty(keys):
    return [tuple(c for c in row if c) for row in keys]


def _amounts(table: PrintedTable, columns: list[Column], row, base: dict, side: str | None,
             ctx: ReadingContext) -> list[dict]:
    """One record per amount cell of ``row`` (of ``side`` when given)."""
    out = []
    for col, cell in zip(columns, row, strict=True):
        if col.role != "amount" or (side is not None and col.side != side):
            continue
        try:
            value = parse_amount(cell)
        except ValueError:
            ctx.warnings.append(
                f"{table.where()}: p.{base['page']} row {base['row']}: {cell!r} under "
                f"{col.header!r} is not a number; the cell was not read"
            )
            continue
        if value is None:
            continue
        out.append({**base, "measure": col.measure or key(col.header) or "unknown",
                    **_converted(value, _column_unit(col) or base["source_unit"])})
    return out


_COLUMN_UNIT = re.compile(r"[（(](?:金额)?(?:单位[:：])?(亿元|万元|元)[)）]$")


def _column_unit(col: Column) -> str:
    """The money unit a column's own header declares ("预算数（元）"), "" when it declares none."""
    for text in (col.header, col.parent):
        m = _COLUMN_UNIT.search(key(text))
        if m:
            return m.group(1)
    return ""


def _converted(value: Decimal, unit: str) -> dict:
    return {"amount": to_wan(value, unit), "source_unit": unit}


def _label(columns: list[Column], row, side: str | None = None) -> tuple[str, str]:
    """(code cell, label cell) of a row, for one side when given."""
    code = label = ""
    parts: list[str] = []
    for col, cell in zip(columns, row, strict=True):
        if side is not None and col.side != side:
            continue
        if col.role == "code" and not code:
            code = clean_text(cell)
        elif col.role == "code_part":
            part = clean_text(cell)
            # 款/项 are two digits; a document that prints "2" for 02 still means 02.
            parts.append(part.zfill(2) if parts and part.isdigit() and len(part) == 1 else part)
        elif col.role == "label" and not clean_text(label):
            label = cell or ""
    if parts and not code:
        joined = "".join(parts)
        lead = len(parts) - len(list(itertools.dropwhile(lambda p: not p, parts)))
        if joined.isdigit() and lead:
            # "| 03 |" under a 类 printed once above: the 款 alone, its 类 left blank.
            code = "~" * lead + joined
        elif joined.isdigit():
            code = joined
        elif joined:  # 合计 printed across the merged 类/款/项 cells
            label = joined if not clean_text(label) else label
    return code, label


def _describe(code: str, label: str, classification: str, table: PrintedTable, ctx: ReadingContext,
              base: dict, coded: bool = True) -> dict:
    """Fields that say what a row is: code and its hierarchy, or an item."""
    if code and not code.isdigit():
        label, code = f"{code}{label}", ""
    parsed_code, name = parse_label(label, coded)
    code = code or parsed_code
    name = strip_numbering(_misplaced_numbering(name))
    if code and len(code) not in (3, 5, 7):
        ctx.warnings.append(f"{table.where()}: p.{base['page']}: code {code!r} is not a 类/款/项 code; "
                            "the row is kept without a code")
        name, code = f"{code}{name}", ""
    fields = {"name": name, "item": "", "side": "", "unit": ""}
    if code:
        fields.update(_code_fields(code, classification))
        return fields
    item = item_of(name)
    if item:
        fields.update(_code_fields("", ""), item=item)
        return fields
    class_of = {"function": function_class_of, "economic": economic_class_of}.get(classification)
    cls = class_of(name) if class_of else None
    if cls:
        fields.update(_code_fields(cls, classification))
        return fields
    fields.update(_code_fields("", ""))
    return fields


_NUMERAL = "一二三四五六七八九十"


def _misplaced_numbering(name: str) -> str:
    """A label whose list numbering came out split around it ("一一般公共服务支出、" for
    "一、一般公共服务支出", "十九住房保障支出、"): a trailing 、 ends no name. The numeral
    is the prefix that leaves a known name, else one character."""
    if not name.endswith("、") or not name or name[0] not in _NUMERAL:
        return name
    lead = len(name) - len(name.lstrip(_NUMERAL))
    candidates = [name[n:-1] for n in range(1, min(lead, 3) + 1)]
    known = [c for c in candidates if item_of(c) or function_class_of(c) or economic_class_of(c)]
    return (known or candidates)[0]


def _coded_row(rd: RowReading, row, base) -> None:
    table, columns, records, ctx = rd.table, rd.columns, rd.records, rd.ctx
    code, label = _label(columns, row)
    code = _complete_code(code, rd)
    if not code and not clean_text(label):
        # "合计" printed across the merged 单位编码 | 单位名称 cells.
        label = next((clean_text(c) for col, c in zip(columns, row, strict=True)
                      if col.role == "unit_code" and clean_text(c) and not clean_text(c).isdigit()), "")
    unit = _unit_cell(columns, row)
    if unit:
        rd.unit = unit
    if not code and not clean_text(label) and unit:
        # A spending unit's own row (its total), in a table listing units: 预算单位 | 合计 …
        fields = {"name": unit, "item": "unit_total", "side": "", "unit": unit, **_code_fields("", "")}
        if item_of(unit) == "total":
            fields.update(item="total", unit="")
        records.extend({**base, **fields, **a} for a in _amounts(table, columns, row, base, None, ctx))
        return
    if not code and not clean_text(label) and not any(looks_like_amount(c) for c in row):
        return
    classification = table.kind.classification if table.kind else ""
    fields = _describe(code, label, classification, table, ctx, base)
    if fields["item"] != "total":
        fields["unit"] = rd.unit
    if not fields["code"] and not fields["item"] and fields["name"]:
        ctx.warnings.append(f"{table.where()}: p.{base['page']}: row {fields['name']!r} has no code "
                            "and is not a known total; kept without a code")
    if rd.first:
        rd.first = False
        if fields["item"] != "total" and fields["level"] not in (1, None):
            rd.incomplete = True
            ctx.warnings.append(
                f"{table.where()}: incomplete: the table starts mid-table at "
                f"{fields['code']} {fields['name']} (no 合计 row, no 类 row before it); "
                "read as far as it goes"
            )
    records.extend({**base, **fields, **a} for a in _amounts(table, columns, row, base, None, ctx))


def _complete_code(code: str, rd: RowReading) -> str:
    """A split code printed without its leading parts ("~03": the 款 03 under the 类 printed
    on a row above) takes them from the last code that printed them."""
    lead = len(code) - len(code.lstrip("~"))
    known = rd.codes_by_parts
    if lead:
        prefix = known.get(lead, "")
        code = prefix + code[lead:] if prefix else ""
    if code.isdigit() and len(code) in (3, 5, 7):
        parts = {3: 1, 5: 2, 7: 3}[len(code)]
        known[parts] = code
        for deeper in range(parts + 1, 4):
            known.pop(deeper, None)
    return code


def _unit_cell(columns: list[Column], row) -> str:
    """The spending unit a row names in its 单位 column ("" when it names none: the rows of
    a unit's block below its own row, or a table without such a column)."""
    cell = next((cell for c, cell in zip(columns, row, strict=True) if c.role == "unit"), None)
    return clean_text(cell)


def _column_groups(columns: list[Column]) -> list[list[int]]:
    """Columns grouped as label + its amounts: 收入 | 支出 by function | 支出 by purpose …"""
    groups: list[list[int]] = []
    for j, col in enumerate(columns):
        if col.role == "label" or not groups or (col.side and col.side != columns[groups[-1][0]].side):
            groups.append([j])
        else:
            groups[-1].append(j)
    return groups


def _two_sided_row(rd: RowReading, row, base) -> None:
    table, columns, records, ctx = rd.table, rd.columns, rd.records, rd.ctx
    groups = _column_groups(columns)
    # A group whose label cell is covered by a merged cell (None) lends its amounts to the
    # group on its left: "当年支出小计" spanning the function and purpose columns.
    merged: list[list[int]] = []
    for g in groups:
        lead = columns[g[0]]
        if merged and lead.role == "label" and row[g[0]] is None:
            merged[-1] = merged[-1] + [j for j in g if columns[j].role == "amount"]
        else:
            merged.append(list(g))
    for g in merged:
        sub_cols = [columns[j] for j in g]
        sub_row = tuple(row[j] for j in g)
        side = next((c.side for c in sub_cols if c.side), "")
        code, label = _label(sub_cols, sub_row)
        if not clean_text(label) and not code:
            continue
        classification = "function" if side == "expenditure" else ""
        fields = _describe(code, label, classification, table, ctx, base, coded=False)
        fields["side"] = side
        if fields["item"] == "total" and side and key(fields["name"]) == "总计":
            fields["item"] = f"{side}_total"  # 总计 under 收入 is the 收入总计, under 支出 the 支出总计
        amounts = _amounts(table, sub_cols, sub_row, base, None, ctx)
        if not fields["code"] and not fields["item"] and amounts:
            ctx.warnings.append(f"{table.where()}: p.{base['page']}: {side} row {fields['name']!r} "
                                "is not a known item; kept without an item id")
        records.extend({**base, **fields, **a} for a in amounts)


def _items_row(rd: RowReading, row, base) -> None:
    table, columns, records, ctx = rd.table, rd.columns, rd.records, rd.ctx
    code, label = _label(columns, row)
    labels = [clean_text(c) for col, c in zip(columns, row, strict=True) if col.role == "label"]
    if len(labels) > 1:
        # 项目名称 printed over two columns: group | part ("一般公共预算资金 | 小计").
        if labels[0]:
            rd.group = labels[0]
        filled = [lb for lb in labels if lb]
        if filled and key(filled[-1]) in {"小计", "合计"}:
            label = labels[0] or rd.group or filled[-1]
        elif filled:
            label = filled[-1]
    if not clean_text(label):
        return
    classification = table.kind.classification if table.kind else ""
    fields = _describe(code, label, classification, table, ctx, base, coded=False)
    amounts = _amounts(table, columns, row, base, None, ctx)
    if not fields["item"] and not fields["code"] and amounts:
        ctx.warnings.append(f"{table.where()}: p.{base['page']}: row {fields['name']!r} is not a known item")
    records.extend({**base, **fields, **a} for a in amounts)


def _units_row(rd: RowReading, row, base) -> None:
    table, columns, records, ctx = rd.table, rd.columns, rd.records, rd.ctx
    _, label = _label(columns, row)
    name = strip_numbering(clean_text(label))
    if not name:
        return
    amounts = _amounts(table, columns, row, base, None, ctx)
    item = item_of(name)
    group = economic_class_of(name)
    is_dept_total = name.endswith("合计")
    fields = {"name": name, "item": "", "side": "", **_code_fields("", "")}
    if item == "total":
        fields["item"], fields["unit"] = "total", ""
        rd.unit = ""
    elif group or item == "other_capital":
        fields.update(_code_fields(group, "economic") if group else {"item": "other_capital"})
        fields["unit"] = "" if is_dept_total else rd.unit
    elif rd.unit and not _names_a_unit(name, ctx):
        # A 款 under its group, named without its code (基本工资, 办公费): detail of the unit.
        fields["unit"] = rd.unit
    else:
        rd.unit = name
        ctx.units.add(name)
        fields.update(item="unit_total", unit=name)
    records.extend({**base, **fields, **a} for a in amounts)


def _names_a_unit(name: str, ctx: ReadingContext) -> bool:
    """A spending unit's name: one seen before, the department's, or an organisation's."""
    bare = _QUALIFIED.sub("", name)  # 某某中心（本级）, 广州地区公文交换站（广州市机要局）
    return name in ctx.units or name == ctx.department or bool(_UNIT_SUFFIX.search(bare))


_QUALIFIED = re.compile(r"(?:[（(][^（）()]*[)）])+$")


def _panels(columns: list[Column]) -> list[list[int]] | None:
    """The column groups of a table printed as panels side by side: each starts with its
    code columns and holds amounts, and every panel has the same headers."""
    coded = ("code", "code_part")
    starts = [j for j, c in enumerate(columns) if c.role in coded and (j == 0 or columns[j - 1].role not in coded)]
    if len(starts) < 2 or starts[0] != 0:
        return None
    bounds = [*starts, len(columns)]
    panels = [list(range(a, b)) for a, b in itertools.pairwise(bounds)]
    shapes = {tuple((columns[j].role, key(columns[j].header)) for j in p) for p in panels}
    if len(shapes) == 1 and all(any(columns[j].role == "amount" for j in p) for p in panels):
        return panels
    return None


def _first_classification(columns: list[Column]) -> tuple[list[Column], str]:
    """Columns of the first classification only: a second code (and its name) printed
    beside the first (部门 | 政府 预算支出经济分类: 301 工资福利支出 | 501 机关工资福利支出)
    becomes text, and its header is returned."""
    seen_label = False
    out, second = [], ""
    for col in columns:
        if col.role in ("code", "code_part") and seen_label:
            second = second or (col.parent or col.header)
            out.append(replace(col, role="text"))
            continue
        if col.role == "label" and second and out and out[-1].role == "text":
            out.append(replace(col, role="text"))
            continue
        seen_label = seen_label or col.role == "label"
        out.append(col)
    return out, second


def _projects_row(rd: RowReading, row, base) -> None:
    table, columns, records, ctx = rd.table, rd.columns, rd.records, rd.ctx
    _, label = _label(columns, row)
    name = clean_text(label)
    unit = _unit_cell(columns, row)
    if unit and item_of(unit) != "total":
        # 单位名称 | 项目名称: the unit printed beside each project (or once, over its block).
        if not name:
            name, unit = unit, ""
        elif unit != rd.unit:
            rd.unit = unit
            ctx.units.add(unit)
    elif unit and not name:
        name = unit
    unit_code = next((clean_text(c) for col, c in zip(columns, row, strict=True) if col.role == "unit_code"), None)
    if unit_code and not unit_code.isdigit():
        # 合计 printed across the unit code and name cells, or the head of a name too wide for
        # its cell printed into the code cell ("气" | "象灾害、空气质量…业务运维").
        name, unit_code = f"{unit_code}{name}", ""
    if not name:
        return
    goal = " ".join(clean_text(c) for col, c in zip(columns, row, strict=True) if col.role == "text" and c)
    amounts = _amounts(table, columns, row, base, None, ctx)
    fields = {"name": name, "side": "", **_code_fields("", "")}
    if item_of(name) == "total":
        fields.update(item="total", unit="")
    elif unit_code is not None and (unit_code or not _names_a_unit(name, ctx)) and item_of(name) != "total":
        # A table that codes its units (单位编码): a coded row is a unit, an uncoded one a project.
        if unit_code:
            rd.unit_codes[base["row"]] = unit_code
            rd.unit = name
            ctx.units.add(name)
            fields.update(item="unit_total", unit=name)
        else:
            _project_row(rd, name, goal, amounts, base, fields)
    elif not goal and _names_a_unit(name, ctx):
        rd.unit = name
        fields.update(item="unit_total", unit=name)
    else:
        _project_row(rd, name, goal, amounts, base, fields)
    records.extend({**base, **fields, **a} for a in amounts)


def _project_row(rd: RowReading, name, goal, amounts, base, fields) -> None:
    fields.update(item="project", unit=rd.unit)
    total = next((a["amount"] for a in amounts if a["measure"] == "total"), None)
    rd.projects.append({"source": base["source"], "table": rd.table.kind_id, "unit": rd.unit, "name": name, "amount": total,
                        "performance_goal": goal, "page": base["page"], "row": base["row"]})


def _unit_groups(records: list[dict], unit_codes: dict[int, str]) -> None:
    """A coded unit row whose code its units extend (154 over 154001, 154002) is their group
    — the 主管部门's own row, equal to the 合计 — not one more unit.

    So is a row of a shorter code whose figures are the sum of the longer-coded units under
    it, up to the next code as short: 西安's "1 全额" (the fully funded units) over "234001
    西安市气象局", both 17,159,700.
    """
    groups = {row for row, code in unit_codes.items()
              if any(other != code and other.startswith(code) for other in unit_codes.values())}
    totals: dict[int, dict[str, Decimal]] = {}
    for rec in records:
        if rec["row"] in unit_codes:
            totals.setdefault(rec["row"], {})[rec["measure"]] = rec["amount"]
    coded = sorted(unit_codes)
    for i, row in enumerate(coded):
        length = len(unit_codes[row])
        under = list(itertools.takewhile(lambda r, n=length: len(unit_codes[r]) > n, coded[i + 1:]))
        if row in groups or not under or row not in totals:
            continue
        if all(sum((totals.get(r, {}).get(m, Decimal(0)) for r in under), Decimal(0)) == amount
               for m, amount in totals[row].items()):
            groups.add(row)
    for rec in records:
        if rec["row"] in groups and rec["item"] == "unit_total":
            rec.update(item="unit_group", unit="")


def _listing_row(rd: RowReading, row, base) -> None:
    """Named entries without ids (政府采购 lists, unknown tables): name and amounts, kept as printed."""
    table, columns, records, ctx = rd.table, rd.columns, rd.records, rd.ctx
    labels = [clean_text(c) for col, c in zip(columns, row, strict=True) if col.role in ("label", "text", "code")]
    name = " / ".join(lb for lb in labels if lb)
    amounts = _amounts(table, columns, row, base, None, ctx)
    if not name and not amounts:
        return
    item = item_of(name) if name else ""
    fields = {"name": strip_numbering(name), "item": "total" if item == "total" else "", "side": "", "unit": "",
              **_code_fields("", "")}
    records.extend({**base, **fields, **a} for a in amounts)


#: The row reader of each layout: ``reader(rd, row, base)`` reads one printed row into ``rd.records``.
_ROW_READERS = {
    "wide": _wide_row,
    "listing": _listing_row,
    "coded": _coded_row,
    "two_sided": _two_sided_row,
    "items": _items_row,
    "units": _units_row,
    "projects": _projects_row,
}


def tables_to_records(fragments, department: str = "", phase: str = "budget",
                      ) -> tuple[list[dict], list[dict], list[TableInfo], list[str]]:
    """All tables of a document → (line records, project records, table infos, warnings)."""
    printed = join_fragments(fragments)
    declared = Counter(t.money_unit for t in printed if t.money_unit)
    ctx = ReadingContext(department=department, phase=phase,
                   money_unit=declared.most_common(1)[0][0] if declared else "万元")
    # Units first: the project list recognises its unit rows by the units' names.
    order = sorted(range(len(printed)), key=lambda i: printed[i].kind is None or printed[i].kind.layout != "units")
    results: dict[int, tuple] = {}
    for i in order:
        table = printed[i]
        if table.kind is None:
            ctx.warnings.append(f"{table.where()}: title matches no known table kind; kept as 'other'")
        results[i] = table_to_records(table, ctx)
    records, projects, infos = [], [], []
    for i in range(len(printed)):
        recs, projs, info = results[i]
        records.extend(recs)
        projects.extend(projs)
        infos.append(info)
    attribute_units(records, infos, ctx)
    infos = implausible_units(records, infos, ctx)
    return records, projects, infos, ctx.warnings


