"""Mutated seed text: the reader returns warnings or raises the library's error, nothing else."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import budgetkit
from budgetkit import BudgetkitError
from budgetkit._sources.text import parse_text
from budgetkit.document import BudgetDocument
from tests.conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
# Tab rows of the tables (the 情况说明's own project list is prose, not a table).
NARRATIVE_START = LINES.index("第三部分 2023年部门预算情况说明", 40)
TAB_ROWS = [i for i, line in enumerate(LINES[:NARRATIVE_START]) if "\t" in line]
AMOUNT_CELLS = [(i, j) for i in TAB_ROWS for j, cell in enumerate(LINES[i].split("\t"))
                if re.fullmatch(r"\d+\.\d\d", cell.strip())]

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_mutated(text: str, tmp_path_factory) -> BudgetDocument | None:
    path = tmp_path_factory.mktemp("mutated") / "doc.txt"
    path.write_text(text, encoding="utf-8")
    try:
        return budgetkit.read(path)
    except BudgetkitError:
        return None


@SETTINGS
@given(st.sets(st.integers(0, len(LINES) - 1), min_size=1, max_size=60))
def test_deleted_lines(tmp_path_factory, dropped):
    read_mutated("\n".join(line for i, line in enumerate(LINES) if i not in dropped), tmp_path_factory)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(TAB_ROWS), st.integers(0, 13), st.integers(0, 13)), min_size=1, max_size=20))
def test_swapped_columns(tmp_path_factory, swaps):
    lines = list(LINES)
    for i, a, b in swaps:
        cells = lines[i].split("\t")
        if a < len(cells) and b < len(cells):
            cells[a], cells[b] = cells[b], cells[a]
        lines[i] = "\t".join(cells)
    read_mutated("\n".join(lines), tmp_path_factory)


@SETTINGS
@given(st.sampled_from(AMOUNT_CELLS),
       st.text(alphabet="0123456789.,-xX元万（）% ", min_size=1, max_size=8).filter(lambda s: s.strip()))
def test_garbage_number_is_never_silently_read(tmp_path_factory, cell, garbage):
    from budgetkit._normalize import is_blank_amount, looks_like_amount

    i, j = cell
    lines = list(LINES)
    cells = lines[i].split("\t")
    cells[j] = garbage
    lines[i] = "\t".join(cells)
    doc = read_mutated("\n".join(lines), tmp_path_factory)
    if doc is None or looks_like_amount(garbage) or is_blank_amount(garbage):
        return
    assert any("is not a number" in w and repr(garbage.strip()) in w for w in doc.warnings)
    assert len(doc.lines) < 739


@SETTINGS
@given(st.integers(0, len(TEXT)))
def test_truncated_text(tmp_path_factory, cut):
    doc = read_mutated(TEXT[:cut], tmp_path_factory)
    if doc is not None:
        assert len(doc.lines) <= 739


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_the_splitter(text):
    raw = parse_text(text)
    assert raw.pages == len(raw.tables)
