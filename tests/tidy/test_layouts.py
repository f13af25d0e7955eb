"""Identity detection and overrides, disclosure grouping and the evaluate command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import budgetkit
from budgetkit import cli
from budgetkit.catalogue import kinds
from budgetkit.tidy.document import detect_identity, group_raws, load_raw


def _unit_version(seed_text: str) -> str:
    # The same disclosure published by the unit itself: "单位预算" on the cover and in the titles.
    return re.sub(r"部门预(\s*)算", r"单位预\1算", seed_text)


def test_department_document_level(seed):
    assert seed.level == "department"


def test_unit_document_level(seed_text, tmp_path):
    path = tmp_path / "unit.txt"
    path.write_text(_unit_version(seed_text), encoding="utf-8")
    doc = budgetkit.read(path)
    assert doc.level == "unit"
    assert doc.department == "清远市清新区政务服务数据管理局"


def test_identity_overrides(seed_path):
    doc = budgetkit.read(seed_path, department="某局", year=2024, phase="final", level="unit")
    assert (doc.department, doc.year, doc.phase, doc.level) == ("某局", 2024, "final", "unit")
    assert set(doc.lines["year"]) == {2024} and set(doc.lines["phase"]) == {"final"}


def test_bad_override_is_an_error(seed_path):
    with pytest.raises(budgetkit.SourceError, match="level"):
        budgetkit.read(seed_path, level="province")


def test_grouping_options(seed_path, seed_text, tmp_path):
    other = tmp_path / "unit.txt"
    other.write_text(_unit_version(seed_text).replace("2023", "2022"), encoding="utf-8")
    raws = [load_raw(seed_path), load_raw(other)]
    assert [len(g) for g in group_raws(raws, "auto")] == [1, 1]  # different years
    assert [len(g) for g in group_raws(raws, "each")] == [1, 1]
    assert [len(g) for g in group_raws(raws, "all")] == [2]
    with pytest.raises(budgetkit.SourceError, match="auto, each or all"):
        group_raws(raws, "random")


def test_cli_parse_groups_a_narrative_and_its_tables(corpus, tmp_path, capsys):
    files = [str(corpus / "js-party-office-2017-narrative.pdf"), str(corpus / "js-party-office-2017-tables.pdf")]
    assert cli.main(["parse", *files, "--out", str(tmp_path), "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)["documents"]
    assert len(docs) == 1 and len(docs[0]["source"]) == 2
    # --group each reads them apart: the narrative alone holds no table, and is named on
    # stderr while the tables file is still read (exit 0: something could be read).
    capsys.readouterr()
    assert cli.main(["parse", *files, "--out", str(tmp_path), "--group", "each", "--json"]) == 0
    captured = capsys.readouterr()
    read = [[Path(s).name for s in d["source"]] for d in json.loads(captured.out)["documents"]]
    assert read == [["js-party-office-2017-tables.pdf"]]
    assert "js-party-office-2017-narrative.pdf" in captured.err


def test_cli_evaluate_json_fields(seed_path, capsys):
    assert cli.main(["evaluate", str(seed_path.parent), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)["documents"][0]
    assert {"source", "pages", "listed_tables", "expected_tables", "missing_tables", "identities",
            "seconds", "lines"} <= set(doc)
    assert doc["expected_from"] == "contents" and doc["missing_tables"] == [] and doc["other_tables"] == 0
    assert doc["listed_tables"] == list(kinds.GUANGDONG_KINDS)
    assert doc["tables"]["projects"] == 20


def test_cli_evaluate_table(seed_path, capsys):
    assert cli.main(["evaluate", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| document | pages | listed |") and "| 27 | 12 | 12/12 |" in out


def test_detect_identity_of_a_shanghai_cover():
    from budgetkit.reading.raw import RawDocument

    raw = RawDocument(sources=("x.pdf",), tables=(), text="上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区财政局",
                      narrative="", pages=1)
    found = detect_identity(raw)
    assert found["year"] == 2025 and found["phase"] == "budget" and found["level"] == "department"
    assert found["department"] == "上海市普陀区财政局"
