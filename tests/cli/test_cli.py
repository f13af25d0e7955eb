"""The CLI, in process (``cli.main``) and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from budgetkit import cli


def run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_json(seed_path, tmp_path, capsys):
    code, out, err = run(["parse", str(seed_path), "--out", str(tmp_path), "--json"], capsys)
    assert code == 0, err
    doc = json.loads(out)["documents"][0]
    assert doc["source"] == [str(seed_path)]
    assert (doc["department"], doc["year"], doc["phase"]) == ("清远市清新区政务服务数据管理局", 2023, "budget")
    assert doc["lines"] == 739
    assert doc["tables"]["projects"] == 20 and len(doc["tables"]) == 12
    assert any("mid-table" in w for w in doc["warnings"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "清远市清新区政务服务数据管理局-2023-budget-projects.csv",
        "清远市清新区政务服务数据管理局-2023-budget-projects.parquet",
        "清远市清新区政务服务数据管理局-2023-budget.csv",
        "清远市清新区政务服务数据管理局-2023-budget.parquet",
    ]


def test_parse_folder_in_plain_text(seed_path, tmp_path, capsys):
    code, out, _ = run(["parse", str(seed_path.parent), "--out", str(tmp_path)], capsys)
    assert code == 0
    assert "739 lines" in out and "warning:" in out


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"", "empty"),
    ("这是一份会议纪要。\n今天讨论了三件事。\n".encode(), "does not look like a government budget disclosure"),
    (b"\x00\x01\x02binary", "binary"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(["parse", str(path), "--out", str(tmp_path / "out")], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("budgetkit: error:") and message in err


def test_empty_folder_exits_2(tmp_path, capsys):
    code, _, err = run(["parse", str(tmp_path)], capsys)
    assert code == 2 and "no .txt or .pdf" in err


def test_subprocess_entry_point(seed_path, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "budgetkit", "parse", str(seed_path), "--out", str(tmp_path), "--json"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["documents"][0]["lines"] == 739
    missing = subprocess.run([sys.executable, "-m", "budgetkit", "parse", str(tmp_path / "nope.txt")],
                             capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
