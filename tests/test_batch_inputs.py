"""Generated batch inputs: the seed disclosure re-labelled with other departments and years.

A batch needs many documents and the project ships one. These are built from the seed
text at test time (never written into ``data/raw``): every file starts with a line
saying it is generated, and its name starts with ``generated-``. Amounts are the seed's,
optionally scaled by a whole percentage so years differ.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "gd-qingxin-zwfw-2023-budget.txt"
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


def test_generated_documents_read_as_other_departments_and_years(tmp_path):
    import budgetkit

    path = write_generated(tmp_path, "a", "某市生成测试局", 2021, unit="某市生成测试中心")
    assert path.read_text(encoding="utf-8").startswith(LABEL)
    doc = budgetkit.read(path)
    assert (doc.department, doc.year, doc.phase) == ("某市生成测试局", 2021, "budget")
    assert SEED_DEPARTMENT not in set(doc.lines["unit"]) and "某市生成测试中心" in set(doc.lines["unit"])
    assert len(doc.lines) == 739
    assert "2021年" in doc.text and "2020" in doc.narrative and "2023" not in doc.text
    assert not any(p.name.startswith("generated") for p in SEED.parent.iterdir())


def test_scaled_generated_document_keeps_the_seed_shape(tmp_path):
    import budgetkit
    from budgetkit import report

    doc = budgetkit.read(write_generated(tmp_path, "b", "某市生成测试局", 2024, scale_pct=110))
    assert len(doc.lines) == 739
    assert report.headline(doc)["expenditure_total"] == Decimal("1720.64")  # 1564.22 × 1.1, rounded
