"""The ``tabula`` engine: tabula-java's lattice mode, every table page in one JVM call.

tabula's quirks stay here: it needs a Java runtime (checked first, with an actionable
error); its JSON output carries each table's box but no page number, so each table is
matched to the first remaining table page whose text, inside that box, holds the table's
first cell; it rewrites full-width punctuation to ASCII (:func:`clean_text` restores it
later) and separates a cell's lines with ``\\r``.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from budgetkit.errors import EngineUnavailableError
from budgetkit.reading._page import EngineTable, PageModel


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def java_available() -> bool:
    return shutil.which("java") is not None


def extract(path: Path, pages: list[PageModel], table_pages: list[int]):
    if not java_available():
        raise EngineUnavailableError(
            "the tabula engine needs a Java runtime and none is on PATH: install one "
            "(Debian: apt-get install default-jre-headless; or run scripts/install-system-deps.sh), "
            "or read with engine='pdfium'"
        )
    import tabula

    try:
        found = tabula.read_pdf(str(path), pages=table_pages, lattice=True, output_format="json",
                                silent=True, multiple_tables=True)
    except Exception as exc:  # tabula wraps JVM failures in several exception types
        raise EngineUnavailableError(f"{path}: tabula failed ({exc}); read with engine='pdfium'") from None
    out = []
    cursor = 0
    for table in found:
        rows = [[(cell.get("text") or "").replace("\r", "\n") for cell in row] for row in table.get("data", [])]
        if not rows or table.get("width", 0) < 1:
            continue
        bbox = (table["left"], table["top"], table["right"], table["bottom"])
        sample = next((_key(c)[:4] for r in rows for c in r if _key(c)), "")
        page = _page_of(pages, table_pages, cursor, bbox, sample)
        if page is None:
            continue
        cursor = table_pages.index(page)
        out.append(EngineTable(page, bbox, tuple(tuple(r) for r in rows)))
    return out


def _page_of(pages: list[PageModel], table_pages: list[int], start: int, bbox, sample: str) -> int | None:
    for number in table_pages[start:]:
        page = pages[number - 1]
        x0, top, x1, bottom = bbox
        inside = "".join(c.text for c in page.chars
                         if x0 - 2 <= (c.x0 + c.x1) / 2 <= x1 + 2 and top - 2 <= (c.top + c.bottom) / 2 <= bottom + 2)
        if not sample or sample in _key(inside):
            return number
    return None
