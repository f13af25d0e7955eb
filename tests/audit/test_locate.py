"""Findings placed on the printed page, and ``check --annotate`` writing them into the PDF."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pdfplumber
import pytest
from pypdf import PdfReader

import budgetkit
from budgetkit.audit.checks import check
from budgetkit.audit.locate import Box, _figure_on_row, _Page, annotate, locate
from tests.fixtures.pdfs import SEED, _renderer

#: The seed with two printed mistakes: 行政运行's 合计 (184.15 -> 184.51, so the row and
#: 20103 no longer add up) and the 情况说明's income (1,564.22 -> 1,546.22).
_MISTAKES = (("2010301\t行政运行\t184.15\t184.15", "2010301\t行政运行\t184.51\t184.15"),
             ("收入预算1,564.22万元", "收入预算1,546.22万元"))


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mistaken")
    text = SEED.read_text(encoding="utf-8")
    for old, new in _MISTAKES:
        assert old in text
        text = text.replace(old, new, 1)
    seed = folder / SEED.name
    seed.write_text(text, encoding="utf-8")
    pdf = _renderer().render(seed, folder / "gd-qingxin-zwfw-2023-budget.pdf")
    doc = budgetkit.read(pdf)
    return pdf, doc, check(doc)


def _word_box(pdf, page: int, text: str, near_label: str) -> tuple[float, float, float, float]:
    """The printed word ``text`` on the row of ``near_label`` (pdfplumber: top-left origin)."""
    with pdfplumber.open(pdf) as document:
        words = document.pages[page - 1].extract_words()
    label = next(w for w in words if w["text"] == near_label)
    word = next(w for w in words if w["text"] == text and abs(w["top"] - label["top"]) < 3)
    return word["x0"], word["top"], word["x1"], word["bottom"]


def _inside(inner, outer, slack: float = 1.5) -> bool:
    return (outer[0] - slack <= inner[0] and inner[2] <= outer[2] + slack
            and outer[1] - slack <= inner[1] and inner[3] <= outer[3] + slack)


def _finding(audit, rule: str, **where):
    f = audit.findings
    f = f[(f["rule"] == rule) & (f["severity"] == "error")]
    for column, value in where.items():
        f = f[f[column] == value]
    assert len(f) == 1, audit.findings[["rule", "severity", "code", "message"]]
    return f


def test_a_wrong_cell_is_located_on_its_row(mistaken):
    pdf, doc, audit = mistaken
    finding = _finding(audit, "row_total", code="2010301")
    [box] = locate(doc, finding)
    assert box.page == int(finding["page"].iloc[0])
    assert _inside(_word_box(pdf, box.page, "184.51", "2010301"), box.bbox)
    assert box.bbox[2] - box.bbox[0] < 60  # the cell's figure, not the row


def test_a_broken_parent_is_located_at_its_own_figure(mistaken):
    pdf, doc, audit = mistaken
    finding = _finding(audit, "hierarchy", code="20103")
    [box] = locate(doc, finding)
    assert Decimal(finding["actual"].iloc[0]) == Decimal("754.51")
    assert _inside(_word_box(pdf, box.page, "754.51", "20103"), box.bbox)


def test_a_narrative_finding_is_located_at_its_sentence(mistaken):
    pdf, doc, audit = mistaken
    finding = audit.findings[(audit.findings["table"] == "narrative")
                             & audit.findings["message"].str.contains("1,546.22")]
    assert len(finding) >= 1
    [box] = locate(doc, finding.head(1))
    with pdfplumber.open(pdf) as document:
        page = document.pages[box.page - 1]
        printed = "".join(page.crop((0, box.rects[0][1] - 1, page.width, box.rects[0][3] + 1)).extract_text().split())
    assert "1,546.22" in printed
    assert box.rects[0][1] < box.rects[-1][1] or len(box.rects) == 1  # line by line, top to bottom


def test_annotated_copy_holds_each_finding_at_its_page_and_box(mistaken, tmp_path):
    pdf, doc, audit = mistaken
    [written] = annotate(doc, audit, tmp_path / "annotated.pdf")
    reader = PdfReader(written)
    finding = _finding(audit, "row_total", code="2010301")
    page = int(finding["page"].iloc[0])
    height = float(reader.pages[page - 1].mediabox.height)  # the table pages are landscape
    notes = [a.get_object() for a in reader.pages[page - 1].get("/Annots", [])]
    [note] = [a for a in notes if "row_total" in a["/Contents"] and "2010301" not in a["/T"]
              and "184.51" in a["/Contents"]]
    assert note["/Subtype"] == "/Highlight"
    x0, top, x1, bottom = _word_box(pdf, page, "184.51", "2010301")
    rect = [float(v) for v in note["/Rect"]]
    assert _inside((x0, height - bottom, x1, height - top), (rect[0], rect[1], rect[2], rect[3]))
    errors = audit.findings[audit.findings["severity"].isin(["error", "warning"])]
    placed = sum(len(p.get("/Annots", [])) for p in reader.pages)
    assert placed == len(errors[errors["page"].notna() | errors["page2"].notna() | (errors["table"] == "narrative")])
    assert len(reader.pages) == len(PdfReader(pdf).pages)


def test_figure_printed_twice_on_its_row_is_not_guessed():
    """合计 and 基本支出 both 184.15 on one row: the box would be a guess, so there is none."""
    from budgetkit.reading._lines import chars_to_lines
    from budgetkit.reading._page import Char

    def word(text, x, top=100.0):
        return [Char(ch, x + 6 * i, top, x + 6 * (i + 1), top + 10) for i, ch in enumerate(text)]

    chars = word("2010301", 10) + word("184.15", 200) + word("184.15", 300) + word("0.00", 400)
    page = _Page(chars_to_lines(chars))
    assert _figure_on_row(page, Decimal("184.15"), ["2010301", "行政运行"]) is None
    assert _figure_on_row(page, Decimal("0.00"), ["2010301"]) == (400, 100.0, 424, 110.0)
    assert _figure_on_row(page, Decimal("9.99"), ["2010301"]) is None


@pytest.mark.parametrize("rotation", [0, 90, 180, 270, "/A"])
def test_displayed_coordinates_go_back_to_user_space_for_every_rotation(rotation):
    """The reader's characters are in displayed coordinates; the annotation's are the page's own."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    from budgetkit.audit.locate import _to_user_space
    from budgetkit.reading._page import _transform

    page = PdfWriter().add_blank_page(width=595.3, height=841.9)
    page[NameObject("/Rotate")] = NameObject(rotation) if isinstance(rotation, str) else NumberObject(rotation)
    to_display, _, _ = _transform(rotation if isinstance(rotation, int) else 0, 595.3, 841.9)
    back = _to_user_space(page)
    for x, y in ((0.0, 0.0), (100.5, 700.25), (595.3, 841.9), (12.0, 400.0)):
        assert back(*to_display(x, y)) == pytest.approx((x, y))


def test_a_text_disclosure_has_no_box_and_no_copy(seed, tmp_path):
    audit = check(seed)
    assert locate(seed, audit.findings) == [None] * len(audit.findings)
    with pytest.raises(budgetkit.SourceError, match="no PDF"):
        annotate(seed, audit, tmp_path / "x.pdf")


def test_check_annotate_on_the_command_line(mistaken, tmp_path):
    pdf, _, _ = mistaken
    out = tmp_path / "out" / "checked.pdf"
    run = subprocess.run([sys.executable, "-m", "budgetkit", "check", str(pdf), "--annotate", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr  # the mistakes are errors
    assert f"annotated: {out}" in run.stderr
    assert any(a.get_object()["/Subtype"] == "/Highlight" for p in PdfReader(out).pages
               for a in p.get("/Annots", []))
    text = subprocess.run([sys.executable, "-m", "budgetkit", "check", str(SEED), "--annotate", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert text.returncode == 0 and "no PDF to annotate" in text.stderr


def test_corpus_error_is_located_on_the_printed_total(corpus):
    """p.20 of a Suzhou unit budget prints a 合计 row short of its 类 (real, not a misreading)."""
    path = corpus / "cities" / "suzhou-ziranziyuanheguihuaju-2026-budget-unit.pdf"
    doc = budgetkit.read(path)
    audit = check(doc)
    finding = _finding(audit, "column_total", measure="total")
    [box] = locate(doc, finding)
    assert isinstance(box, Box) and box.page == 20
    with pdfplumber.open(path) as document:
        words = document.pages[19].extract_words()
    [printed] = [w for w in words if w["text"] == "9,078.52"]
    assert _inside((printed["x0"], printed["top"], printed["x1"], printed["bottom"]), box.bbox)


def test_report_links_each_finding_to_its_printed_page(mistaken, tmp_path):
    """The report's findings table: a table finding's page and a narrative finding's page
    (where its sentence is printed) link into the PDF, relative to the report's folder."""
    import os

    from budgetkit import report

    pdf, doc, audit = mistaken
    out = tmp_path / "reports"
    out.mkdir()
    page = str(report.findings(audit, "zh", doc.phase, doc=doc, out=out))
    target = os.path.relpath(pdf, out)
    row = int(_finding(audit, "row_total", code="2010301")["page"].iloc[0])
    assert f'<a href="{target}#page={row}">第{row}页</a>' in page
    [sentence] = locate(doc, audit.findings[(audit.findings["table"] == "narrative")
                                            & audit.findings["message"].str.contains("1,546.22")].head(1))
    assert f'<a href="{target}#page={sentence.page}">第{sentence.page}页</a>' in page
    assert "#page=" not in str(report.findings(audit, "zh", doc.phase))  # without the document: no link


def test_check_json_gives_each_finding_its_box(mistaken, capsys):
    from budgetkit import cli

    pdf, doc, audit = mistaken
    assert cli.main(["check", str(pdf), "--json"]) == 1
    [document] = __import__("json").loads(capsys.readouterr().out)["documents"]
    [row] = [f for f in document["findings"] if f["rule"] == "row_total" and f["code"] == "2010301"]
    [box] = locate(doc, _finding(audit, "row_total", code="2010301"))
    assert row["box"] == {"source": str(pdf), "page": box.page, "rects": [[round(v, 2) for v in box.rects[0]]]}
    assert all("box" in f for f in document["findings"])


def test_corpus_error_on_a_rotated_page_is_highlighted_over_its_figure(corpus, tmp_path):
    """Yantai prints its tables on pages turned by /Rotate 90: the highlight is placed in the
    page's own (unrotated) space, over the characters of 1,378.84 as pdfium reports them."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    path = corpus / "cities" / "yantai-xinfangju-2026-budget.pdf"
    doc = budgetkit.read(path)
    audit = check(doc)
    page = 9
    [written] = annotate(doc, audit, tmp_path / "annotated.pdf")
    [note] = [a.get_object() for a in PdfReader(written).pages[page - 1].get("/Annots", [])
              if "20140" in a.get_object()["/Contents"]]
    rect = [float(v) for v in note["/Rect"]]
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert pdf[page - 1].get_rotation() == 90
        text = pdf[page - 1].get_textpage()
        found = text.search("1,378.84", match_case=True)
        boxes = []
        while (hit := found.get_next()) is not None:
            start, count = hit
            for i in range(start, start + count):
                left, bottom, right, top = (ctypes.c_double() for _ in range(4))
                raw.FPDFText_GetCharBox(text.raw, i, left, right, bottom, top)
                boxes.append((left.value, bottom.value, right.value, top.value))
    finally:
        pdf.close()
    assert len(boxes) == 16  # printed twice: on the 201 and the 20140 rows
    assert any(all(rect[0] - 1 <= b[0] and b[2] <= rect[2] + 1 and rect[1] - 1 <= b[1] and b[3] <= rect[3] + 1
                   for b in boxes[k:k + 8]) for k in (0, 8))


def test_check_annotate_on_a_folder_writes_one_copy_per_pdf(mistaken, tmp_path):
    """Two PDFs checked with --annotate x.pdf: each gets its own copy in the folder x/."""
    import shutil

    pdf, _, _ = mistaken
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(pdf, folder / "a-2023-budget.pdf")
    shutil.copy(pdf, folder / "b-2023-budget.pdf")
    out = tmp_path / "x.pdf"
    run = subprocess.run([sys.executable, "-m", "budgetkit", "check", str(folder), "--annotate", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stderr
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["a-2023-budget.annotated.pdf",
                                                                  "b-2023-budget.annotated.pdf"]
    assert not out.exists()
