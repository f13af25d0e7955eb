"""``budgetkit compare``: in process and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from budgetkit import cli
from budgetkit.dataset.files import csv_frame
from tests.helpers import SEED_PREVIOUS, edited


def run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def previous_files(seed, tmp_path_factory):
    folder = tmp_path_factory.mktemp("previous")
    lines = edited(seed.lines, 2022, SEED_PREVIOUS)
    parquet, csv = folder / "previous-2022.parquet", folder / "previous-2022.csv"
    lines.to_parquet(parquet, index=False)
    csv_frame(lines).to_csv(csv, index=False, encoding="utf-8")
    return parquet, csv


def test_narrative_in_chinese(seed_path, previous_files, capsys):
    code, out, err = run(["compare", str(previous_files[0]), str(seed_path)], capsys)
    assert code == 0, err
    sentences = out.splitlines()
    assert sentences[0] == "2023年本部门收入预算1,564.22万元，比上年增加129.41万元，增长9.02%。"
    assert "2023年本部门“三公”经费8.50万元，比上年减少16.40万元，下降65.86%。" in sentences
    assert sentences[-1].startswith("变化最大的")


def test_csv_lines_compare_the_same(seed_path, previous_files, capsys):
    _, from_parquet, _ = run(["compare", str(previous_files[0]), str(seed_path)], capsys)
    code, from_csv, err = run(["compare", str(previous_files[1]), str(seed_path)], capsys)
    assert code == 0, err
    assert from_csv == from_parquet


def test_json_has_sentences_and_rows(seed_path, previous_files, capsys):
    code, out, err = run(["compare", str(previous_files[0]), str(seed_path), "--json", "--lang", "en"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"sentences", "rows"}
    assert data["sentences"][0].startswith("In 2023 the department's income budget is 1,564.22万元")
    assert len(data["rows"]) == 739
    income = next(r for r in data["rows"] if r["table"] == "overall" and r["item"] == "income_total")
    assert (income["previous_amount"], income["current_amount"], income["change"]) == ("1434.81", "1564.22", "129.41")
    assert income["status"] == "same" and income["basis"] == "table"
    assert income["level"] is None


def test_from_narrative(seed_path, capsys):
    code, out, err = run(["compare", "--from-narrative", str(seed_path), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert {r["basis"] for r in data["rows"]} == {"narrative"}
    assert "2023年本部门机关运行经费799.92万元，比上年增加763.61万元，增长2103.03%。" in data["sentences"]


@pytest.mark.parametrize("argv, message", [
    (["compare", "missing-2022.txt", "SEED"], "no such file"),
    (["compare", "SEED", "SEED"], "nothing to compare"),
    (["compare", "SEED"], "give PREVIOUS CURRENT"),
    (["compare", "--from-narrative", "SEED", "SEED"], "give CURRENT"),
    (["compare", "--from-narrative", "PARQUET"], "needs the disclosure itself"),
    (["compare", "SEED", "PARQUET"], "earlier year first"),
])
def test_unusable_input_exits_2(argv, message, seed_path, previous_files, capsys):
    argv = [str(seed_path) if a == "SEED" else str(previous_files[0]) if a == "PARQUET" else a for a in argv]
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("budgetkit: error:") and message in err
    assert "Traceback" not in err


def test_subprocess(seed_path, tmp_path):
    done = subprocess.run([sys.executable, "-m", "budgetkit", "compare", str(tmp_path / "none.pdf"), str(seed_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no such file" in done.stderr
    done = subprocess.run([sys.executable, "-m", "budgetkit", "compare", "--from-narrative", str(seed_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "2023年本部门收入预算1,564.22万元，比上年增加129.41万元，增长9.02%。"
