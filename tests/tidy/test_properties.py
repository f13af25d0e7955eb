"""Mutated seed text: the reader never reads more than was printed, names the page of what it
doubts, and raises only the library's error, and only when the mutation took away what makes
the text a disclosure.

Each mutation keeps or removes something known, so each test states which outcome it must
have: a mutation of table rows alone leaves every title, header and the year in place, so
the text must still read; a cut before the first table must raise NotADisclosureError, a
cut after the first table's first data row must read. No test passes by catching an error.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import budgetkit
from budgetkit.catalogue import kinds
from budgetkit.errors import NotADisclosureError, SourceError
from budgetkit.reading.text import parse_text
from budgetkit.tidy.document import BudgetDocument
from tests.conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
# Tab rows of the tables (the 情况说明's own project list is prose, not a table).
NARRATIVE_START = LINES.index("第三部分 2023年部门预算情况说明", 40)
TABLES_START = LINES.index("第二部分 2023年部门预算表")
TAB_ROWS = [i for i, line in enumerate(LINES[:NARRATIVE_START]) if "\t" in line]
AMOUNT_CELLS = [(i, j) for i in TAB_ROWS for j, cell in enumerate(LINES[i].split("\t"))
                if re.fullmatch(r"\d+\.\d\d", cell.strip())]
#: The seed's first printed table: its title line and its first data row (after two header rows).
FIRST_TITLE = next(i for i in range(TABLES_START, NARRATIVE_START) if kinds.match(LINES[i].strip()) is not None)
FIRST_DATA_ROW = [i for i in TAB_ROWS if i > FIRST_TITLE][2]
#: Lines stating the year, and title lines: a deletion of fewer lines than either leaves both.
YEAR_LINES = [i for i, line in enumerate(LINES) if "2023年" in line]
TITLE_LINES = [i for i in range(TABLES_START, NARRATIVE_START) if kinds.match(LINES[i].strip()) is not None]
SEED_LINES = 739
PAGE = re.compile(r"\bp\.\s?\d+")

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def offset(line: int) -> int:
    """Character offset in TEXT of the end of line ``line``."""
    return len("\n".join(LINES[:line + 1]))


def read(text: str, tmp_path_factory) -> BudgetDocument:
    path = tmp_path_factory.mktemp("mutated") / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return budgetkit.read(path)


@pytest.fixture(scope="module")
def per_table(seed) -> dict[str, int]:
    counts = seed.lines.groupby("table").size().to_dict()
    assert sum(counts.values()) == SEED_LINES
    return counts


def assert_no_table_grew(doc: BudgetDocument, per_table: dict[str, int]) -> None:
    """No table of ``doc`` has more lines than the same table of the seed, nor the whole more."""
    counts = doc.lines.groupby("table").size().to_dict()
    grown = {t: (n, per_table.get(t, 0)) for t, n in counts.items() if n > per_table.get(t, 0)}
    assert not grown, f"tables read into more lines than printed (mutated, seed): {grown}"
    assert len(doc.lines) <= SEED_LINES


def assert_warnings_name_pages(doc: BudgetDocument) -> None:
    """Every warning about a table (naming a table's title, a 表 or a row) names a page."""
    titles = {info.title for info in doc.table_info if info.title}
    for warning in doc.warnings:
        if any(title in warning for title in titles) or "表" in warning or "row" in warning:
            assert PAGE.search(warning), f"a warning about a table names no page: {warning}"


def test_the_landmarks_are_where_the_tests_expect_them():
    assert LINES[FIRST_TITLE] == "收支总体情况表"
    assert LINES[FIRST_DATA_ROW].startswith("一、预算拨款\t1564.22")
    assert len(TITLE_LINES) >= 20 and len(YEAR_LINES) >= 5


def test_the_seed_itself_holds_the_properties(seed, per_table):
    assert_no_table_grew(seed, per_table)
    assert_warnings_name_pages(seed)
    assert seed.warnings, "the seed has warnings to check"


@SETTINGS
@given(st.sets(st.sampled_from(TAB_ROWS), min_size=1, max_size=60))
def test_deleted_table_rows(tmp_path_factory, per_table, dropped):
    # Titles, the year and the prose are left: the text still reads, into no more lines.
    doc = read("\n".join(line for i, line in enumerate(LINES) if i not in dropped), tmp_path_factory)
    assert_no_table_grew(doc, per_table)
    assert_warnings_name_pages(doc)


@SETTINGS
@given(st.sets(st.integers(0, len(LINES) - 1), min_size=1, max_size=min(len(YEAR_LINES), len(TITLE_LINES)) - 1))
def test_deleted_lines(tmp_path_factory, per_table, dropped):
    # Fewer lines deleted than there are lines stating the year or titles: a document remains.
    doc = read("\n".join(line for i, line in enumerate(LINES) if i not in dropped), tmp_path_factory)
    assert_no_table_grew(doc, per_table)
    assert_warnings_name_pages(doc)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(TAB_ROWS), st.integers(0, 13), st.integers(0, 13)), min_size=1, max_size=20))
def test_swapped_columns(tmp_path_factory, per_table, swaps):
    lines = list(LINES)
    for i, a, b in swaps:
        cells = lines[i].split("\t")
        if a < len(cells) and b < len(cells):
            cells[a], cells[b] = cells[b], cells[a]
        lines[i] = "\t".join(cells)
    doc = read("\n".join(lines), tmp_path_factory)
    assert_no_table_grew(doc, per_table)
    assert_warnings_name_pages(doc)


@SETTINGS
@given(st.sampled_from(AMOUNT_CELLS),
       st.text(alphabet="0123456789.,-xX元万（）% ", min_size=1, max_size=8).filter(lambda s: s.strip()))
def test_garbage_number_is_never_silently_read(tmp_path_factory, per_table, cell, garbage):
    from budgetkit._normalize import is_blank_amount, looks_like_amount

    i, j = cell
    lines = list(LINES)
    cells = lines[i].split("\t")
    cells[j] = garbage
    lines[i] = "\t".join(cells)
    doc = read("\n".join(lines), tmp_path_factory)
    assert_no_table_grew(doc, per_table)
    assert_warnings_name_pages(doc)
    if looks_like_amount(garbage) or is_blank_amount(garbage):
        return
    assert any("is not a number" in w and repr(garbage.strip()) in w for w in doc.warnings)
    assert len(doc.lines) < SEED_LINES


@SETTINGS
@given(st.integers(offset(FIRST_DATA_ROW), len(TEXT)))
def test_text_cut_after_the_first_table_row_reads(tmp_path_factory, per_table, cut):
    doc = read(TEXT[:cut], tmp_path_factory)
    assert len(doc.lines) > 0
    assert_no_table_grew(doc, per_table)
    assert_warnings_name_pages(doc)


@SETTINGS
@given(st.integers(0, offset(FIRST_TITLE - 1)))
def test_text_cut_before_the_first_table_is_no_disclosure(tmp_path_factory, cut):
    error = SourceError if not TEXT[:cut].strip() else NotADisclosureError
    with pytest.raises(error):
        read(TEXT[:cut], tmp_path_factory)


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_the_splitter(text):
    raw = parse_text(text)
    assert raw.pages == len(raw.tables)
    assert all(table.page == n for n, table in enumerate(raw.tables, start=1))
