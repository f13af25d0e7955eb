"""Bad PDF input: each case a specific BudgetkitError with an actionable message, and exit 2."""

from __future__ import annotations

import pytest

import budgetkit
from budgetkit import cli
from budgetkit.errors import (
    BudgetkitError,
    EmptyFileError,
    EncryptedPdfError,
    EngineUnavailableError,
    NotADisclosureError,
    NotAPdfError,
    ScannedPdfError,
    TruncatedPdfError,
)
from tests.fixtures import pdfs


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("bad")


@pytest.fixture(scope="module")
def good_pdf(folder):
    return pdfs.render_seed(folder)


def _cases(folder, good_pdf):
    not_pdf = folder / "report.pdf"
    not_pdf.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    empty = folder / "empty.pdf"
    empty.write_bytes(b"")
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(good_pdf.read_bytes()[:2000])
    return {
        "not_pdf": (not_pdf, NotAPdfError, "not a PDF"),
        "empty": (empty, EmptyFileError, "empty"),
        "truncated": (truncated, TruncatedPdfError, "download it again"),
        "encrypted": (pdfs.encrypted_pdf(folder), EncryptedPdfError, "qpdf --decrypt"),
        "scanned": (pdfs.scanned_pdf(folder), ScannedPdfError, "OCR"),
        "not_disclosure": (pdfs.prose_pdf(folder), NotADisclosureError, "does not look like"),
    }


CASES = ["not_pdf", "empty", "truncated", "encrypted", "scanned", "not_disclosure"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_raises_its_own_error(case, folder, good_pdf):
    path, error, hint = _cases(folder, good_pdf)[case]
    with pytest.raises(error) as info:
        budgetkit.read(path)
    assert isinstance(info.value, BudgetkitError)
    assert str(path) in str(info.value) or path.name in str(info.value)
    assert hint in str(info.value)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_exits_2_with_one_line(case, folder, good_pdf, tmp_path, capsys):
    path, _, hint = _cases(folder, good_pdf)[case]
    code = cli.main(["parse", str(path), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("budgetkit: error:") and hint in err and err.count("\n") == 1


def test_the_errors_are_distinct_classes():
    classes = {NotAPdfError, EmptyFileError, TruncatedPdfError, EncryptedPdfError, ScannedPdfError,
               NotADisclosureError, EngineUnavailableError}
    assert len(classes) == 7
    assert all(issubclass(c, BudgetkitError) for c in classes)


def test_missing_jvm_is_an_actionable_error(good_pdf, monkeypatch, tmp_path, capsys):
    from budgetkit.reading import _tabula

    monkeypatch.setattr(_tabula.shutil, "which", lambda name: None)
    with pytest.raises(EngineUnavailableError, match="Java runtime"):
        budgetkit.read(good_pdf, engine="tabula")
    assert cli.main(["parse", str(good_pdf), "--engine", "tabula", "--out", str(tmp_path)]) == 2
    assert "default-jre-headless" in capsys.readouterr().err


def test_unknown_engine(good_pdf):
    with pytest.raises(EngineUnavailableError, match="pdfium"):
        budgetkit.read(good_pdf, engine="camelot")


def test_narrative_alone_is_not_a_disclosure_but_says_to_add_the_tables(corpus):
    with pytest.raises(NotADisclosureError, match="tables' file"):
        budgetkit.read(corpus / "js-party-office-2017-narrative.pdf")
