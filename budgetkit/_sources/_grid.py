"""The ``pdfium`` engine: ruled tables from pdfium's page model.

The ruling edges (:mod:`._pdfium`) go through pdfplumber's own lattice geometry
(``merge_edges`` → ``edges_to_intersections`` → ``intersections_to_cells`` →
``cells_to_tables``), so tables are found exactly as pdfplumber's ``lines`` strategy
finds them; only the page is parsed by pdfium instead of pdfminer. Cell text is the
characters whose centre lies in the cell, wrapped lines joined.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pdfplumber.table import cells_to_tables, edges_to_intersections, merge_edges
from pdfplumber.utils import obj_to_bbox

from ._layout import cell_text
from ._pdfium import Char, PageModel

#: pdfplumber's defaults for the ``lines`` strategy.
SNAP, JOIN, INTERSECT, MIN_LENGTH = 3, 3, 3, 3


def page_tables(page: PageModel) -> list[tuple[tuple[float, float, float, float], list[list[str | None]],
                                               tuple[float, ...]]]:
    """Every ruled table of ``page``: its bbox (x0, top, x1, bottom), its rows, and where
    its columns start (:func:`cells_to_columns`: the geometry by which a table continued
    on the next page is told from another)."""
    edges = [e for e in page.edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= 1]
    if not edges:
        return []
    merged = merge_edges(edges, SNAP, SNAP, JOIN, JOIN)
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= MIN_LENGTH]
    intersections = edges_to_intersections(merged, INTERSECT, INTERSECT)
    cells = intersections_to_cells(intersections)
    out = []
    chars = sorted((c for c in page.chars if not c.text.isspace()), key=lambda c: (c.top + c.bottom) / 2)
    mids = [(c.top + c.bottom) / 2 for c in chars]
    for table_cells in cells_to_tables(cells):
        bbox = (min(c[0] for c in table_cells), min(c[1] for c in table_cells),
                max(c[2] for c in table_cells), max(c[3] for c in table_cells))
        out.append((bbox, _extract(table_cells, chars, mids), cells_to_columns(table_cells)))
    out.sort(key=lambda t: (t[0][1], t[0][0]))
    return out


def cells_to_columns(cells) -> tuple[float, ...]:
    """The x where each column of the rows starts (the cells' distinct left borders,
    ascending, as the rows are indexed), then the table's right border."""
    return (*sorted({c[0] for c in cells}), max(c[2] for c in cells))


def intersections_to_cells(intersections) -> list[tuple[float, float, float, float]]:
    """pdfplumber's ``intersections_to_cells``, with each point's edge sets built once.

    The same cells in the same order; pdfplumber rebuilds the sets of edge boxes for
    every pair of points it compares, which dominates on pages ruled with many
    rectangles.
    """
    v_sets = {p: {obj_to_bbox(e) for e in d["v"]} for p, d in intersections.items()}
    h_sets = {p: {obj_to_bbox(e) for e in d["h"]} for p, d in intersections.items()}

    def connects(p1, p2) -> bool:
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    points = sorted(intersections)
    by_x: dict[float, list] = {}
    by_y: dict[float, list] = {}
    at: dict[tuple, tuple[int, int]] = {}  # each point's place in its column and its row
    for pt in points:  # sorted: each list is in the order pdfplumber scans
        column, row = by_x.setdefault(pt[0], []), by_y.setdefault(pt[1], [])
        at[pt] = (len(column), len(row))
        column.append(pt)
        row.append(pt)
    cells = []
    for pt in points:
        # The points after ``pt`` in its column and its row (the lists are sorted).
        i, j = at[pt]
        below = by_x[pt[0]][i + 1:]
        right = by_y[pt[1]][j + 1:]
        found = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _extract(cells, chars: list[Char], mids: list[float]) -> list[list[str | None]]:
    """Each cell's text: the characters whose centre lies in it (``chars`` in the order of
    their vertical centres ``mids``), in that order.

    The characters of a band of cells (one top and bottom) are found once and ordered by
    horizontal centre, so each cell of the band takes its own by bisection instead of
    looking at every character of the row.
    """
    xs = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    rows: list[list[str | None]] = [[None] * len(xs) for _ in tops]
    col = {x: i for i, x in enumerate(xs)}
    row = {t: i for i, t in enumerate(tops)}
    centres = [(c.x0 + c.x1) / 2 for c in chars]
    bands: dict[tuple[float, float], tuple[list[float], list[int]]] = {}
    for x0, top, x1, bottom in cells:
        band = bands.get((top, bottom))
        if band is None:
            order = sorted(range(bisect_left(mids, top), bisect_right(mids, bottom)), key=centres.__getitem__)
            band = bands[top, bottom] = ([centres[i] for i in order], order)
        across, order = band
        taken = order[bisect_left(across, x0):bisect_left(across, x1)]  # x0 <= centre < x1
        rows[row[top]][col[x0]] = cell_text([chars[i] for i in sorted(taken)])
    return rows
