"""The pdfium engine's lattice (:mod:`budgetkit.reading._pdfium`) is pdfplumber's, restated
on tuples: the same merged edges, intersections, cells and tables, in the same order, as
pdfplumber's own ``merge_edges`` → ``edges_to_intersections`` → ``intersections_to_cells``
→ ``cells_to_tables`` on the same edges.

Checked on edges made to snap and join in every way (jittered grids, overlapping and
touching pieces, a seeded random draw), on the rendered seed, and on every page of the
corpus (skipped when absent).
"""

from __future__ import annotations

import random

import pytest
from pdfplumber import table as plumber

from budgetkit.reading import _page, _pdfium
from budgetkit.reading._pdfium import INTERSECT, JOIN, MIN_LENGTH, SNAP

# ------------------------------------------------------------------ both pipelines


def _length(e: dict) -> float:
    return e["width"] if e["orientation"] == "h" else e["height"]


def _as_tuple(e: dict) -> tuple[float, float, float, float, float]:
    return (e["x0"], e["top"], e["x1"], e["bottom"], _length(e))


def _plumber(edges: list[dict]):
    """pdfplumber's lattice, as the engine ran it before: merged edges (horizontal, vertical),
    intersection points, cells, tables."""
    edges = [e for e in edges if _length(e) >= 1]
    if not edges:
        return [], [], [], [], []
    merged = plumber.merge_edges(edges, SNAP, SNAP, JOIN, JOIN)
    merged = [e for e in merged if _length(e) >= MIN_LENGTH]
    intersections = plumber.edges_to_intersections(merged, INTERSECT, INTERSECT)
    cells = plumber.intersections_to_cells(intersections)
    return ([_as_tuple(e) for e in merged if e["orientation"] == "h"],
            [_as_tuple(e) for e in merged if e["orientation"] == "v"],
            sorted(intersections), cells, plumber.cells_to_tables(cells))


def _ours(edges: list[dict]):
    h = [_as_tuple(e) for e in edges if e["orientation"] == "h" and e["width"] >= 1]
    v = [_as_tuple(e) for e in edges if e["orientation"] == "v" and e["height"] >= 1]
    if not h and not v:
        return [], [], [], [], []
    h, v = _pdfium.merge_edges(h, v, SNAP, JOIN)
    h = [e for e in h if e[4] >= MIN_LENGTH]
    v = [e for e in v if e[4] >= MIN_LENGTH]
    intersections = _pdfium.edges_to_intersections(h, v, INTERSECT)
    cells = _pdfium.intersections_to_cells(intersections)
    return h, v, sorted(intersections), cells, _pdfium.cells_to_tables(cells)


def _h(x0: float, x1: float, y: float) -> dict:
    return {"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y,
            "width": x1 - x0, "height": 0.0, "visible": True}


def _v(x: float, top: float, bottom: float) -> dict:
    return {"object_type": "line", "orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom,
            "width": 0.0, "height": bottom - top, "visible": True}


def _assert_same(edges: list[dict]) -> None:
    theirs, ours = _plumber(edges), _ours(edges)
    for name, a, b in zip(("horizontal edges", "vertical edges", "intersections", "cells", "tables"),
                          theirs, ours, strict=True):
        assert b == a, name


# ------------------------------------------------------------------ made edges


def test_a_grid_drawn_as_cell_rectangles_a_little_off_each_other():
    # Each cell its own rectangle, its sides up to 2 pt off the neighbour's: snapped, joined.
    rng = random.Random(7)
    edges = []
    for row in range(6):
        for col in range(5):
            x0, top = 50 + 80 * col + rng.uniform(-2, 2), 100 + 20 * row + rng.uniform(-2, 2)
            x1, bottom = x0 + 80 + rng.uniform(-2, 2), top + 20 + rng.uniform(-2, 2)
            edges += [_h(x0, x1, top), _h(x0, x1, bottom), _v(x0, top, bottom), _v(x1, top, bottom)]
    _assert_same(edges)


def test_pieces_that_touch_overlap_or_leave_gaps_along_one_line():
    edges = [_h(10, 50, 100), _h(52, 90, 100), _h(95, 130, 100.4), _h(20, 40, 100), _h(140, 141.5, 100),
             _h(10, 130, 140), _h(10, 130, 180), _v(10, 100, 180), _v(60, 99, 139), _v(61.5, 141, 180),
             _v(130, 100, 120), _v(130, 121, 180), _v(200, 0, 2.5), _h(300, 302, 300)]
    _assert_same(edges)


@pytest.mark.parametrize("seed", range(20))
def test_random_edges(seed):
    rng = random.Random(seed)
    xs = [rng.choice([0, 0.5, 1, 2, 2.9, 3, 3.1, 4]) + 40 * k for k in range(8)]
    ys = [rng.choice([0, 0.5, 1, 2, 2.9, 3, 3.1, 4]) + 25 * k for k in range(8)]
    edges = []
    for _ in range(rng.randint(5, 60)):
        if rng.random() < 0.5:
            a, b = sorted(rng.sample(xs, 2))
            edges.append(_h(a + rng.uniform(-3, 3), b + rng.uniform(-3, 3), rng.choice(ys) + rng.uniform(-3, 3)))
        else:
            a, b = sorted(rng.sample(ys, 2))
            edges.append(_v(rng.choice(xs) + rng.uniform(-3, 3), a + rng.uniform(-3, 3), b + rng.uniform(-3, 3)))
    _assert_same([e for e in edges if e["x0"] <= e["x1"] and e["top"] <= e["bottom"]])


def test_no_edges_and_one_direction_only():
    _assert_same([])
    _assert_same([_h(0, 100, 10), _h(0, 100, 20)])
    _assert_same([_v(10, 0, 100)])


# ------------------------------------------------------------------ real pages


def _pages(path):
    pdf = _page.open_document(path)
    try:
        return [_page.read_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()


def test_rendered_seed_pages(render_variant):
    for page in _pages(render_variant("")):
        _assert_same(page.edges)


def _corpus_pdfs():
    from tests.conftest import CORPUS

    return sorted(CORPUS.glob("*.pdf")) + sorted((CORPUS / "cities").glob("*.pdf")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", _corpus_pdfs(), ids=lambda p: p.name)
def test_corpus_pages(path):
    for page in _pages(path):
        _assert_same(page.edges)
