"""The department report: the notebook executed by papermill in a real kernel, exported to HTML."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from budgetkit import report
from tests.helpers import write_failing_notebook
from tests.test_batch_inputs import INJECTED, write_generated

BUREAU = "清远市清新区政务服务数据管理局"


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory, seed_path):
    """The seed's report, made once through the CLI (zh, no previous document)."""
    out = tmp_path_factory.mktemp("report")
    done = subprocess.run([sys.executable, "-m", "budgetkit", "report", str(seed_path), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def injected_report(tmp_path_factory):
    """A generated document whose project name and 绩效目标 hold a script, reported in English with a previous year."""
    folder = tmp_path_factory.mktemp("injected")
    current = write_generated(folder, "injected-2023", "生成测试局", 2023, project=INJECTED)
    previous = write_generated(folder, "injected-2022", "生成测试局", 2022, scale_pct=95)
    made = report.render(current, previous, out=folder / "out", lang="en")
    return made


def _html(folder: Path) -> str:
    return (folder / f"{BUREAU}-2023-budget.html").read_text(encoding="utf-8")


def test_notebook_executes_on_the_seed_with_its_parameters(seed_report, seed_path):
    nb = nbformat.read(seed_report / f"{BUREAU}-2023-budget.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and str(seed_path.resolve()) in injected[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    summary = report.summary_of(nb)
    assert summary["department"] == BUREAU and summary["year"] == 2023
    assert summary["income_total"] == summary["expenditure_total"] == "1564.22"
    assert (summary["basic"], summary["project"], summary["three_public"]) == ("708.24", "855.98", "8.50")
    # No previous document: the change comes from the narrative ("支出预算1,564.22万元，比上年增加129.41万元").
    assert (summary["previous_expenditure_total"], summary["change"], summary["change_pct"]) == ("1434.81", "129.41", "9.02")
    assert summary["change_basis"] == "narrative" and summary["previous_year"] == 2022
    assert summary["projects"] == 17 and summary["lines"] == 739
    assert summary["errors"] + summary["warnings"] + summary["infos"] > 0


def test_html_has_no_input_cells_and_every_image_embedded(seed_report):
    page = _html(seed_report)
    assert not re.search(r'class="[^"]*\b(jp-InputArea|jp-Cell-inputWrapper|jp-InputPrompt)\b', page)
    assert re.search(r'class="[^"]*\bjp-OutputArea\b', page)
    for source in ("budgetkit.read(", "report.overview(", "import budgetkit"):
        assert source not in page
    assert "budgetkit-summary" not in page and report.SUMMARY_MIME not in page  # the record cell is left out
    images = re.findall(r"<img\b[^>]*>", page)
    assert len(images) >= 5
    for tag in images:
        src = re.search(r'src="([^"]+)"', tag).group(1)
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert not re.search(r"<script\b[^>]*\bsrc=", page)  # self-contained: nothing fetched
    assert not re.search(r"<link\b[^>]*stylesheet", page)


def test_html_shows_the_documents_figures_in_chinese(seed_report):
    page = _html(seed_report)
    assert f"<h1>{BUREAU} · 2023年预算</h1>" in page
    assert "1564.22" in page and "855.98" in page
    assert "2023年本部门支出预算1,564.22万元，比上年增加129.41万元，增长9.02%。" in page
    assert "绩效目标" in page and "确保各镇和区政务服务中心大厅电子监察监控设备维护和技术支持" in page
    assert "审核发现" in page


def test_document_text_reaching_html_is_escaped(injected_report):
    import html

    import budgetkit

    name = budgetkit.read(injected_report.summary["sources"] and
                          injected_report.notebook.parent.parent / "generated-injected-2023.txt").projects["name"][0]
    assert name.startswith("<script>")
    page = injected_report.html.read_text(encoding="utf-8")
    assert "<script>window" not in page and "<script" not in page.lower()
    assert html.escape(name) in page
    assert "Year over year" in page and "Projects and performance goals" in page


def test_english_report_with_a_previous_document(injected_report):
    summary = injected_report.summary
    assert summary["change_basis"] == "document" and summary["previous_year"] == 2022
    # The previous year is the seed scaled to 95 %: 支出总计 1564.22 × 0.95 = 1486.01 (rounded to the 分).
    assert summary["previous_expenditure_total"] == "1486.01"
    assert (summary["change"], summary["change_pct"]) == ("78.21", "5.26")
    page = injected_report.html.read_text(encoding="utf-8")
    assert "an increase of 78.21万元" in page


def test_report_cli_rejects_bad_input_before_starting_a_kernel(tmp_path):
    missing = tmp_path / "missing.txt"
    done = subprocess.run([sys.executable, "-m", "budgetkit", "report", str(missing), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("budgetkit: error:") and "no such file" in done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())


def test_a_failing_notebook_is_a_report_error(tmp_path, seed_path):
    broken = write_failing_notebook(tmp_path / "broken.ipynb", "ValueError('this notebook fails')")
    with pytest.raises(report.ReportError, match="ValueError: this notebook fails"):
        report.render(seed_path, out=tmp_path / "out", notebook=broken)
    assert not (tmp_path / "out").exists()


def test_blocks_escape_document_text(seed):
    from dataclasses import replace

    doc = replace(seed, department="<b>局</b>", projects=seed.projects.assign(performance_goal="<img src=x onerror=alert(1)>"))
    html = report.title(doc) + report.projects(doc)
    assert "<b>局</b>" not in html and "&lt;b&gt;局&lt;/b&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_headline_and_change_are_exact(seed):
    figures = report.headline(seed)
    assert all(isinstance(v, Decimal) for v in figures.values())
    assert figures["income_total"] == Decimal("1564.22") and figures["three_public"] == Decimal("8.50")
    assert report.change(Decimal("8.50"), Decimal("24.90")) == {"change": "-16.40", "change_pct": "-65.86"}
    assert report.change(Decimal("1"), Decimal("0")) == {"change": "1.00", "change_pct": None}
    assert report.change(None, Decimal("1")) == {"change": None, "change_pct": None}


def test_summary_record_survives_json(seed):
    record = report.summary(seed)
    assert json.loads(json.dumps(record)) == record
    assert record["change"] is None and record["errors"] is None  # no audit, no comparison given


def test_unknown_language_is_refused():
    with pytest.raises(report.ReportError, match="language"):
        report.parameters(["x.txt"], lang="fr")
