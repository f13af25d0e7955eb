"""The boundary between sources and the tidy stage.

A source (the tab-separated text of the seed, a PDF read by pdfplumber or tabula) turns
a file into a :class:`RawDocument`: the page fragments of its tables as rows of cell
text, and its prose. Everything after this boundary is engine-agnostic: it never looks
at a file again.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawTable:
    """One page fragment of a printed table.

    ``rows`` hold the cell text as the engine read it (header rows included, no
    normalisation; the lines of a wrapped cell separated by ``\n``); ``None`` is a cell
    covered by a merged cell (PDF engines know it, the text source does not and gives
    ``""``). A table printed over several pages is several fragments with the same
    title, which the tidy stage joins.
    """

    title: str
    rows: tuple[tuple[str | None, ...], ...]
    page: int
    unit_name: str = ""  #: 单位名称 printed above the table
    money_unit: str = ""  #: "万元", "元" … as declared above the table ("" when not declared)
    notes: tuple[str, ...] = ()  #: 注 lines printed under the table
    source: str = ""
    #: Why this fragment's reading may be at fault, each naming the page: a grid pieced
    #: together from cell rectangles, columns placed by the text's x-positions, a row
    #: joined across a page break … An audit identity that fails on such a table is a
    #: warning about the reading, never an error of the document.
    reading: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawDocument:
    """A disclosure as a source read it: table fragments and prose."""

    sources: tuple[str, ...]
    tables: tuple[RawTable, ...]
    text: str  #: all prose outside the tables, in reading order
    narrative: str  #: the 情况说明 section (empty when none was found)
    pages: int
    warnings: tuple[str, ...] = field(default=())
    #: Where each page's prose starts in ``text`` and in ``narrative``: ``(offset, page)`` pairs in
    #: order (empty where the source has no pages, as the text seed).
    text_pages: tuple[tuple[int, int], ...] = field(default=())
    narrative_pages: tuple[tuple[int, int], ...] = field(default=())
