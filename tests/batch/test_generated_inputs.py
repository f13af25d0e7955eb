"""Generated batch inputs: the seed disclosure re-labelled with other departments and years.

A batch needs many documents and the project ships one. These are built from the seed
text at test time (never written into ``data/raw``): every file starts with a line
saying it is generated, and its name starts with ``generated-``. Amounts are the seed's,
optionally scaled by a whole percentage so years differ.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import LABEL, SEED, SEED_DEPARTMENT, write_generated


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
    assert report.headline_amounts(doc)["expenditure_total"] == Decimal("1720.64")  # 1564.22 × 1.1, rounded
