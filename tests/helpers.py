"""The tests' shared builders: small documents and lines, edited copies of the seed, generated
department-years (never real disclosures: each carries :data:`LABEL`), and assertions on tidy lines."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from decimal import Decimal as D
from pathlib import Path

import pandas as pd

import budgetkit
from budgetkit.catalogue import kinds
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.fragments import TableInfo
from budgetkit.tidy.schema import lines_frame


def amount(lines: pd.DataFrame, **where) -> Decimal:
    """The one amount matching ``where`` (column=value); fails unless exactly one matches."""
    mask = pd.Series(True, index=lines.index)
    for column, value in where.items():
        mask &= lines[column] == value
    found = lines[mask]
    assert len(found) == 1, f"{len(found)} lines match {where}:\n{found}"
    return found["amount"].iloc[0]


def total(lines: pd.DataFrame, **where) -> Decimal:
    mask = pd.Series(True, index=lines.index)
    for column, value in where.items():
        mask &= lines[column] == value
    return sum(lines[mask]["amount"], Decimal(0))


def write_failing_notebook(path, error: str):
    """A report template with a parameters cell whose next cell raises ``error``."""
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                            "display_name": "Python 3"}}, cells=[
        nbformat.v4.new_code_cell("current = []", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(f"raise {error}"),
    ])
    nbformat.write(nb, path)
    return path


def line(table: str, row: int, amount: str, *, code: str = "", item: str = "", measure: str = "total",
         side: str = "", unit: str = "", name: str = "", page: int = 1, source_unit: str = "万元") -> dict:
    level = {3: 1, 5: 2, 7: 3}.get(len(code))
    parent = code[:3] if len(code) == 5 else code[:5] if len(code) == 7 else ""
    return {"source": "t.txt", "department": "测试局", "unit": unit, "year": 2023, "phase": "budget",
            "table": table, "table_title": kinds.REGISTRY[table].title,
            "classification": kinds.REGISTRY[table].classification if code else "", "code": code, "level": level,
            "parent": parent, "name": name or code or item, "item": item, "side": side, "measure": measure,
            "amount": D(amount), "source_unit": source_unit, "page": page, "row": row}


def document(records: list[dict], *, narrative: str = "", status: dict | None = None,
             notes: dict | None = None, warnings: tuple = ()) -> BudgetDocument:
    lines = lines_frame(records)
    infos = []
    for kind in dict.fromkeys(r["table"] for r in records):
        t = lines[lines["table"] == kind]
        infos.append(TableInfo(kind, kinds.REGISTRY[kind].title, tuple(sorted(set(t["page"]))), t["row"].nunique(),
                               len(t), (status or {}).get(kind, "complete"), tuple((notes or {}).get(kind, ()))))
    return BudgetDocument(sources=("t.txt",), department="测试局", year=2023, phase="budget", level="department",
                          lines=lines, projects=pd.DataFrame(), table_info=tuple(infos), narrative=narrative,
                          text=narrative, pages=1, warnings=warnings)


def expenditure(rows: list[tuple[str, str, str, str]]) -> list[dict]:
    """支出总体情况表 rows (code or "" for 合计, total, basic, project)."""
    out = []
    for i, (code, total, basic, project) in enumerate(rows):
        where = {"code": code} if code else {"item": "total"}
        for measure, value in (("total", total), ("basic", basic), ("project", project)):
            out.append(line("expenditure", i, value, measure=measure, **where))
    return out


def findings(doc, rule: str | None = None) -> pd.DataFrame:
    """Findings of ``rule``, or all but the missing-table ones (small documents lack most tables)."""
    f = budgetkit.check(doc).findings
    keep = f["rule"] != "table_missing" if rule is None else f["rule"] == rule
    return f[keep].reset_index(drop=True)


GOOD = [("", "30.00", "10.00", "20.00"), ("201", "30.00", "10.00", "20.00"), ("20103", "30.00", "10.00", "20.00"),
        ("2010301", "10.00", "10.00", "0.00"), ("2010399", "20.00", "0.00", "20.00")]


#: The previous-year figures the seed's own narrative states (2023 amount minus the change).
SEED_PREVIOUS = {
    ("overall", "income", "income_total"): "1434.81",
    ("overall", "expenditure", "expenditure_total"): "1434.81",
    ("three_public", "", "three_public"): "24.90",
    ("three_public", "", "vehicle"): "24.50",
    ("three_public", "", "vehicle_purchase"): "16.00",
    ("three_public", "", "reception"): "0.40",
    ("three_public", "", "office_operation"): "36.31",
}


def edited(lines: pd.DataFrame, year: int, values: dict[tuple[str, str, str], str],
           measure: str = "total") -> pd.DataFrame:
    """A copy of ``lines`` for ``year`` with the amounts of (table, side, item or code) replaced."""
    out = lines.copy()
    out["year"] = year
    for (table, side, key), value in values.items():
        mask = (out["table"] == table) & (out["side"] == side) & (out["measure"] == measure)
        mask &= (out["code"] == key) if key.isdigit() else (out["item"] == key)
        assert mask.sum() == 1, (table, side, key)
        out.loc[mask, "amount"] = pd.array([D(value)], dtype=out["amount"].dtype)
    return out


SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "gd-qingxin-zwfw-2023-budget.txt"


SEED_DEPARTMENT = "清远市清新区政务服务数据管理局"


SEED_UNIT = "清远市清新区综合政务服务中心"


SEED_PROJECT = "监控系统运行维护费项目"


LABEL = "【生成的测试文件，不是真实的公开文件 / generated for budgetkit tests from the seed; not a real disclosure】"


INJECTED = "<script>window.pwned=1</script>"


_AMOUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})(?![\d%])")


def generated_text(department: str, year: int, *, unit: str | None = None, project: str | None = None,
                   scale_pct: int = 100) -> str:
    """The seed's text for another department and year (labelled as generated)."""
    text = SEED.read_text(encoding="utf-8")
    if scale_pct != 100:
        table_part, sep, rest = text.partition("第三部分 2023年部门预算情况说明")
        table_part = _AMOUNT.sub(lambda m: _scaled(m, scale_pct), table_part)
        text = table_part + sep + rest
    text = _replace(text, SEED_DEPARTMENT, department)
    if unit is not None:
        text = _replace(text, SEED_UNIT, unit)
    if project is not None:
        text = _replace(text, SEED_PROJECT, project)
    text = re.sub(r"202[23]", lambda m: str(year if m.group() == "2023" else year - 1), text)
    return f"{LABEL}\n{text}"


def _replace(text: str, old: str, new: str) -> str:
    """Replace ``old`` also where the extracted text wrapped it over lines or cells."""
    pattern = re.compile(r"[ \t\n]*".join(map(re.escape, old)))
    return pattern.sub(lambda m: new, text)


def _scaled(match: re.Match, pct: int) -> str:
    value = Decimal(f"{match.group(1).replace(',', '')}.{match.group(2)}")
    return str((value * pct / 100).quantize(Decimal("0.01"), ROUND_HALF_UP))


def write_generated(folder: Path, name: str, department: str, year: int, **kwargs) -> Path:
    """Write one generated disclosure as ``folder/generated-<name>.txt``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"generated-{name}.txt"
    path.write_text(generated_text(department, year, **kwargs), encoding="utf-8")
    return path


def write_generated_split(folder: Path, name: str, department: str, year: int, **kwargs) -> list[Path]:
    """One generated disclosure published as two files: ``-narrative.txt`` and ``-tables.txt``."""
    text = generated_text(department, year, **kwargs)
    cut = text.rindex("第三部分")
    folder.mkdir(parents=True, exist_ok=True)
    narrative, tables = folder / f"generated-{name}-narrative.txt", folder / f"generated-{name}-tables.txt"
    narrative.write_text(f"{LABEL}\n{text[cut:]}", encoding="utf-8")
    tables.write_text(text[:cut], encoding="utf-8")
    return [narrative, tables]


def department_years(folder: Path, count: int, *, first_year: int = 2022, years: int = 2) -> list[Path]:
    """``count`` generated disclosures: ``count / years`` departments over ``years`` consecutive years."""
    paths = []
    for i in range(count):
        dept, y = divmod(i, years)
        paths.append(write_generated(folder, f"d{dept:02d}-{first_year + y}", f"清远市生成测试第{dept + 1}局",
                                     first_year + y))
    return paths


def fragments_document(*tables, department: str = "某某局", year: int = 2026, pages: int = 1):
    """A :class:`BudgetDocument` tidied from raw table fragments (:class:`RawTable`), as the
    reader would give it for a document holding only those tables."""
    from budgetkit.tidy.rows import tables_to_records

    records, projects, infos, warnings = tables_to_records(list(tables), department=department)
    lines = lines_frame([{**r, "department": department, "year": year, "phase": "budget"} for r in records])
    return BudgetDocument(sources=("t.pdf",), department=department, year=year, phase="budget", level="department",
                          lines=lines, projects=pd.DataFrame(projects), table_info=tuple(infos), narrative="",
                          text="", pages=pages, warnings=tuple(warnings))

