"""Reports in a real browser: Debian's Chromium, driven by Playwright (no browser download).

The batch output (index and reports) is opened from disk: Chinese text shows, every image
has loaded, nothing logs an error, every link resolves, and a document that carries a
``<script>`` in its project name shows that text literally without running it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from budgetkit import batch
from tests.test_batch_inputs import INJECTED, write_generated

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
BUREAU = "清远市清新区政务服务数据管理局"
SCRIPT_DEPARTMENT = "<script>window.pwned=2</script>局"


@pytest.fixture(scope="session")
def reports(tmp_path_factory, seed_path) -> Path:
    root = tmp_path_factory.mktemp("browser")
    folder = root / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    write_generated(folder, "qingxin-2022", BUREAU, 2022, scale_pct=95)
    write_generated(folder, "injected-2023", SCRIPT_DEPARTMENT, 2023, project=INJECTED)
    result = batch.run(folder, out=root / "reports", processed=root / "processed", jobs=2)
    assert result.exit_code == 0, result.failed
    return root / "reports"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install-system-deps.sh (Debian package chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Page:
    """A page opened from disk, with what it logged."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.context = browser.new_context(java_script_enabled=True)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        response = self.page.goto(path.resolve().as_uri(), wait_until="load")
        assert response is None or response.ok

    def images(self) -> list[dict]:
        return self.page.eval_on_selector_all(
            "img", "els => els.map(e => ({complete: e.complete, width: e.naturalWidth, src: e.src.slice(0, 30)}))")

    def text(self) -> str:
        return self.page.inner_text("body")

    def close(self) -> None:
        self.context.close()


def _report(reports: Path, department: str) -> Path:
    import pandas as pd

    summary = pd.read_csv(reports / "summary.csv", dtype=str, keep_default_na=False).set_index(["department", "year"])
    return reports / summary.loc[(department, "2023"), "report"]


def test_index_page(browser, reports):
    page = Page(browser, reports / "index.html")
    try:
        text = page.text()
        assert BUREAU in text and "部门预算报告" in text and "支出总计" in text
        assert "1564.22" in text and "78.21" in text
        hrefs = page.page.eval_on_selector_all("a", "els => els.map(e => e.href)")
        assert len(hrefs) == 3 + 1  # three reports and the summary CSV
        for href in hrefs:
            target = Path(unquote(urlparse(href).path))
            assert target.is_file() and target.parent == reports.resolve()
        page.page.click(f"text={Path(_report(reports, BUREAU)).name}")
        page.page.wait_for_load_state("load")
        assert unquote(page.page.url).endswith(f"{BUREAU}-2023-budget.html")
        assert f"{BUREAU} · 2023年预算" in page.text()
        assert page.errors == []
    finally:
        page.close()


def test_department_report(browser, reports):
    page = Page(browser, _report(reports, BUREAU))
    try:
        text = page.text()
        assert f"{BUREAU} · 2023年预算" in text
        assert "项目支出与绩效目标" in text and "确保各镇和区政务服务中心大厅电子监察监控设备维护和技术支持" in text
        assert "2023年本部门支出预算1,564.22万元，比上年增加78.21万元，增长5.26%。" in text
        images = page.images()
        assert len(images) >= 5
        assert all(i["complete"] and i["width"] > 0 for i in images), images
        assert all(i["src"].startswith("data:image/png") for i in images)
        assert "import budgetkit" not in text  # no input cells
        assert page.errors == []
    finally:
        page.close()


def test_injected_script_is_shown_literally_and_never_run(browser, reports):
    import budgetkit

    doc = budgetkit.read(reports.parent / "in" / "generated-injected-2023.txt")
    project, department = doc.projects["name"].iloc[0], doc.department
    assert project.startswith("<script>") and department.startswith("<script>")
    for path in (_report(reports, department), reports / "index.html"):
        page = Page(browser, path)
        try:
            assert page.page.evaluate("typeof window.pwned") == "undefined"
            assert page.page.evaluate("document.querySelectorAll('script').length") == 0
            assert department in page.text()
            if path.name != "index.html":
                assert project in page.text()
            assert page.errors == []
        finally:
            page.close()
