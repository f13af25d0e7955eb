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
from tests.helpers import INJECTED, write_generated

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
        assert "1,564.22" in text and "78.21" in text
        hrefs = page.page.eval_on_selector_all("a", "els => els.map(e => e.href)")
        assert len(set(hrefs)) == 3 + 1  # three reports and the summary CSV (one table per sort order)
        for href in hrefs:
            target = Path(unquote(urlparse(href).path))
            assert target.is_file() and target.parent == reports.resolve()
        page.page.click(f".view.default >> text={Path(_report(reports, BUREAU)).name}")
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


WIDTHS = (360, 900, 1400)
#: Words of the report's own interface, by language (the document's names aside).
ZH_UI = "table th, h1, h2, h3, nav, dt, p.missing, p.basis, ul.gaps li, section#methodology p, ul.downloads li"
EN_UI = ZH_UI


def _open(browser, path: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    return context, page


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture(scope="session")
def english(tmp_path_factory, seed_path) -> Path:
    from budgetkit import report

    out = tmp_path_factory.mktemp("english")
    previous = write_generated(out.parent / f"{out.name}-in", "qingxin-2022", BUREAU, 2022, scale_pct=95)
    return report.render(seed_path, previous, out=out, lang="en").html


@pytest.mark.parametrize("width", WIDTHS)
def test_no_horizontal_overflow(browser, reports, english, width):
    for path in (reports / "index.html", _report(reports, BUREAU), english):
        context, page = _open(browser, path, width)
        try:
            assert _overflow(page) <= 0, f"{path.name} overflows at {width} px"
            if path.name == "index.html":  # a department's name is never one character per line
                height = page.evaluate("Math.max(...[...document.querySelectorAll('.view.default td.department')]"
                                       ".map(e => e.getBoundingClientRect().height))")
                assert height < 120, f"a department cell {height} px high at {width} px"
        finally:
            context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_contents_links_resolve_and_downloads_open(browser, reports, width):
    import openpyxl
    import pandas as pd

    path = _report(reports, BUREAU)
    context, page = _open(browser, path, width)
    try:
        anchors = page.eval_on_selector_all("nav.toc a", "els => els.map(e => e.getAttribute('href'))")
        assert len(anchors) == 9
        for anchor in anchors:
            assert page.locator(anchor).count() == 1, anchor
            page.click(f"nav.toc a[href='{anchor}']")
            assert page.evaluate(  # scrolled to it, unless the page ends before it can reach the top
                f"document.querySelector('{anchor}').getBoundingClientRect().top < 60 || "
                "window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2")
        back = page.eval_on_selector("nav.back a", "e => e.href")
        assert Path(unquote(urlparse(back).path)) == (reports / "index.html").resolve()
        links = page.eval_on_selector_all("ul.downloads a", "els => els.map(e => e.href)")
        files = [Path(unquote(urlparse(h).path)) for h in links]
        assert [f.suffix for f in files] == [".csv", ".xlsx"] and all(f.is_file() for f in files)
        lines = pd.read_csv(files[0], dtype=str, keep_default_na=False, encoding="utf-8-sig")
        assert len(lines) == 739 and "1564.22" in set(lines["amount"])
        sheet = openpyxl.load_workbook(files[1], read_only=True)["lines"]
        assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 740
    finally:
        context.close()


def _ui_text(page) -> str:
    return "\n".join(page.eval_on_selector_all(ZH_UI, "els => els.map(e => e.innerText)"))


def test_no_english_label_in_a_chinese_report(browser, reports):
    import re

    import budgetkit

    doc = budgetkit.read(reports.parent / "in" / "gd-qingxin-zwfw-2023-budget.txt")
    context, page = _open(browser, _report(reports, BUREAU), 1400)
    try:
        text = _ui_text(page)
        for own in [*doc.sources, *(Path(s).name for s in doc.sources)]:
            text = text.replace(str(own), "")
        text = re.sub(r"[\w.\-]+\.(csv|xlsx|txt|pdf)|budgetkit|SHA-256|CSV|UTF-8|Excel|\b[0-9a-f]{64}\b", "", text)
        assert not re.search(r"[A-Za-z]{2,}", text), re.findall(r".{20}[A-Za-z]{2,}.{20}", text)[:5]
    finally:
        context.close()


def test_no_chinese_label_in_an_english_report(browser, english, seed):
    import re

    doc = seed
    names = set(doc.lines["name"]) | set(doc.lines["table_title"]) | set(doc.projects["name"]) | set(
        doc.projects["unit"]) | set(doc.projects["performance_goal"]) | {doc.department}
    context, page = _open(browser, english, 1400)
    try:
        text = _ui_text(page)
        for name in sorted(names, key=len, reverse=True):
            if name:
                text = text.replace(name, "")
        # the unit 万元 and the names the catalogue gives in brackets are the document's own words
        text = re.sub(r"万元|（[^）]*）|\([^)]*[\u4e00-\u9fff][^)]*\)|“[^”]*”", "", text)
        assert not re.search(r"[\u4e00-\u9fff]", text), re.findall(r".{15}[\u4e00-\u9fff]+.{15}", text)[:5]
    finally:
        context.close()
