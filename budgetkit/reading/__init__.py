"""Reading: files in, raw fragments out — no budget meaning yet beyond finding the tables.

Takes a path, gives a :class:`RawDocument`: its pages' tables as cell grids with their
titles, units and pages (:class:`RawTable`), and its prose by page.

- :mod:`.pdf` — PDFs: the page model, table detection and the engines that cut cells;
- :mod:`._page` — a page as pdfium gives it: characters, rulings, rectangles;
- :mod:`._pdfium` — the default engine: cells from rulings, rectangles or whitespace;
- :mod:`._tabula` — the tabula-py engine (a JVM), chosen with ``engine="tabula"``;
- :mod:`._lines` — characters into lines and paragraphs; :mod:`._columns` — columns by x-position;
- :mod:`.text` — the tab-separated text form of a disclosure;
- :mod:`.raw` — the fragments every reader returns.
"""

from budgetkit.reading.raw import RawDocument, RawTable

__all__ = ["RawDocument", "RawTable"]
