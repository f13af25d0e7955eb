"""A printed table: its fragments (one per page) joined when their headers or columns agree;
the context a document's tables are read in, and what reading each gave (:class:`TableInfo`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetkit._normalize import clean_text, title_key
from budgetkit.catalogue import kinds
from budgetkit.reading.raw import RawTable


@dataclass
class PrintedTable:
    """Fragments of one printed table, joined."""

    title: str
    kind: kinds.TableKind | None
    fragments: list[RawTable] = field(default_factory=list)

    @property
    def kind_id(self) -> str:
        return self.kind.id if self.kind else kinds.OTHER

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(f.page for f in self.fragments))

    @property
    def money_unit(self) -> str:
        units = [f.money_unit for f in self.fragments if f.money_unit]
        return units[0] if units else ""

    @property
    def unit_name(self) -> str:
        names = [clean_text(f.unit_name) for f in self.fragments if f.unit_name]
        return names[0] if names else ""

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for f in self.fragments for n in f.notes))

    def where(self) -> str:
        pages = self.pages
        span = f"p.{pages[0]}" if len(pages) == 1 else f"p.{pages[0]}–{pages[-1]}"
        return f"{clean_text(self.title)} ({span})"


def join_fragments(fragments: list[RawTable] | tuple[RawTable, ...]) -> list[PrintedTable]:
    """Join consecutive fragments that share a title into printed tables."""
    tables: list[PrintedTable] = []
    for fragment in fragments:
        k = title_key(fragment.title)
        if tables and title_key(tables[-1].title) == k and tables[-1].fragments[-1].source == fragment.source:
            tables[-1].fragments.append(fragment)
        else:
            tables.append(PrintedTable(fragment.title, kinds.recognise(fragment.title, fragment.rows), [fragment]))
    return tables


def fragment_width(fragment: RawTable) -> int:
    return max((len(r) for r in fragment.rows), default=0)


@dataclass(frozen=True)
class TableInfo:
    """A printed table after its fragments were joined."""

    kind: str
    title: str
    pages: tuple[int, ...]
    rows: int  #: data rows read
    lines: int  #: numeric cells read
    status: str  #: ``complete``, ``incomplete`` or ``empty``
    notes: tuple[str, ...] = ()
    unit_name: str = ""
    money_unit: str = ""
    source: str = ""
    #: Why the reading of this table may be at fault (its fragments' and the tidy stage's
    #: own doubts: columns not identified …), each naming the page; empty when confident.
    reading: tuple[str, ...] = ()


@dataclass
class ReadingContext:
    """What the conversion of one document knows beyond the current table."""

    department: str = ""
    phase: str = "budget"
    money_unit: str = "万元"  #: the unit most of the document's tables declare
    units: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
