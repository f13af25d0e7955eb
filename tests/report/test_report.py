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

import budgetkit
from budgetkit import report
from tests.helpers import INJECTED, write_failing_notebook, write_generated

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
    assert "1,564.22" in page and "855.98" in page
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
    with pytest.raises(budgetkit.ReportError, match="ValueError: this notebook fails"):
        report.render(seed_path, out=tmp_path / "out", notebook=broken)
    assert not (tmp_path / "out").exists()


def test_blocks_escape_document_text(seed):
    from dataclasses import replace

    doc = replace(seed, department="<b>局</b>", projects=seed.projects.assign(performance_goal="<img src=x onerror=alert(1)>"))
    html = report.title(doc) + report.projects(doc)
    assert "<b>局</b>" not in html and "&lt;b&gt;局&lt;/b&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_headline_and_change_are_exact(seed):
    figures = report.headline_amounts(seed)
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
    with pytest.raises(budgetkit.ReportError, match="language"):
        report.parameters(["x.txt"], lang="fr")


# What a published report has -------------------------------------------------------------

def _text_of(page: str) -> str:
    """The page's visible text, roughly: tags, styles and image data removed."""
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    page = re.sub(r"<img\b[^>]*>", "", page)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", page))


import html as html_module  # noqa: E402


def _stderr_outputs(nb) -> list[str]:
    return [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if o.output_type == "stream" and o.name == "stderr"]


def test_publication_basics_on_the_seed(seed_report, seed_path):
    import hashlib

    import budgetkit

    page = _html(seed_report)
    assert '<a href="index.html">' in page and '<html lang="zh">' in page and (seed_report / "index.html").is_file()
    for anchor, _ in report.SECTIONS:  # every entry of the contents has its section
        assert f'<a href="#{anchor}">' in page and f'id="{anchor}"' in page
    assert hashlib.sha256(seed_path.read_bytes()).hexdigest() in page
    assert f"<dd>{budgetkit.__version__}</dd>" in page and re.search(r"<dd>\d{4}-\d{2}-\d{2}</dd>", page)
    assert "方法说明" in page and "四舍五入" in page and "577 个等式，576 个成立" in page
    assert "第15页" in page  # the “三公”经费 and its sentence cite the page of the “三公” table
    assert '2023年本部门“三公”经费8.50万元，比上年减少16.40万元，下降65.86%。<span class="ref">（第15页；情况说明）' in page
    assert page.count("<img ") == len(report.CHARTS)
    assert all(re.search(r'alt="[^"]{20,}"', tag) for tag in re.findall(r"<img\b[^>]*>", page))
    assert "@media print" in page


def test_classification_tables_with_shares(seed_report):
    text = _text_of(_html(seed_report))
    assert re.search(r"201\s+一般公共服务支出\s+761\.01\s+48\.65%\s+454\.51\s+306\.50", text)
    assert re.search(r"20103\s+政府办公厅（室）及相关机构事务\s+754\.51", text)
    assert re.search(r"302\s+商品和服务支出\s+625\.46\s+39\.99%\s+38\.08\s+587\.38", text)


def test_amounts_print_one_way(seed_report):
    text = _text_of(_html(seed_report))
    text = re.sub(r"\b[0-9a-f]{64}\b", "", text)  # checksums
    assert not re.search(r"\d\.\d{3,}", text), re.search(r".{30}\d\.\d{3,}.{10}", text)
    assert not re.search(r"(?<![\d,.])\d{4,}\.\d{2}(?!\d*%)", text), "an amount without separators"


def test_downloads_open_with_exact_decimals(seed_report, seed):
    import openpyxl
    import pandas as pd

    csv_path = seed_report / f"{BUREAU}-2023-budget-lines.csv"
    assert csv_path.read_bytes()[:3] == b"\xef\xbb\xbf"  # BOM: Excel opens the Chinese
    lines = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(lines) == 739 and list(lines.columns) == list(seed.lines.columns)
    assert "1564.22" in set(lines["amount"])
    book = openpyxl.load_workbook(seed_report / f"{BUREAU}-2023-budget-lines.xlsx", read_only=True)
    rows = list(book["lines"].iter_rows(values_only=True))
    assert len(rows) == 740 and rows[0][0] == "source"
    assert len(list(book["projects"].iter_rows(values_only=True))) == 18
    page = _html(seed_report)
    assert f"{BUREAU}-2023-budget-lines.csv" in page and f"{BUREAU}-2023-budget-lines.xlsx" in page


def test_no_warning_or_stderr_reaches_the_notebook(seed_report):
    nb = nbformat.read(seed_report / f"{BUREAU}-2023-budget.ipynb", as_version=4)
    assert _stderr_outputs(nb) == []
    page = _html(seed_report)
    assert "Warning" not in page and "/work/" not in page and "site-packages" not in page


def test_a_report_without_a_previous_year_says_so_and_states_no_change():
    block = report.narrative(None, "zh")
    assert "没有上一年度的资料" in block
    assert not any(w in block for w in ("持平", "增加", "减少", "增长", "下降"))
    assert "No previous year available" in report.narrative(None, "en")


def test_projects_without_a_list_say_what_the_document_says(seed):
    from dataclasses import replace

    doc = replace(seed, projects=seed.projects.iloc[0:0])
    block = report.projects(doc)
    assert "项目支出855.98万元（第5页），但未读到逐项的项目清单" in block and "没有项目" not in block


@pytest.mark.corpus
def test_regression_wanli_2023_report_states_its_appropriations_rise(corpus, tmp_path):
    made = report.render(corpus / "sh-putuo-wanli-2023-budget.pdf", out=tmp_path)
    nb = nbformat.read(made.notebook, as_version=4)
    assert _stderr_outputs(nb) == []
    page = made.html.read_text(encoding="utf-8")
    assert "2023年本部门财政拨款收入16,497.86万元，比上年增加1,421.25万元，增长9.43%。" in page
    assert "各项支出均与上年持平" not in page and "没有项目" not in page
    assert "按功能分类的各类支出：没有两个年度都有的数字，未作比较。" in page
    assert "项目支出6,557.23万元" in page and "绩效目标表（第31–35页）" in page
    assert "UserWarning" not in page and str(corpus) not in page.replace(f"{corpus}/", "")
