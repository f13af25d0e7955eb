"""The ``pdfium`` engine: ruled tables from pdfium's page model.

The ruling edges (:mod:`._pdfium`) go through pdfplumber's lattice geometry
(``merge_edges`` → ``edges_to_intersections`` → ``intersections_to_cells`` →
``cells_to_tables``), so tables are found exactly as pdfplumber's ``lines`` strategy
finds them; only the page is parsed by pdfium instead of pdfminer. The steps are
pdfplumber's, restated here on plain tuples (an edge is ``(x0, top, x1, bottom,
length)``) instead of a dict copied at every step: the same arithmetic in the same order,
so the same cells (``tests/test_grid.py`` holds them to pdfplumber's own on every corpus
page). Cell text is the characters whose centre lies in the cell, wrapped lines joined.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right

from budgetkit.reading._lines import cell_text
from budgetkit.reading._page import Char, PageModel

#: pdfplumber's defaults for the ``lines`` strategy.
SNAP, JOIN, INTERSECT, MIN_LENGTH = 3, 3, 3, 3

#: An edge: x0, top, x1, bottom, and its length as pdfplumber keeps it (``width`` of a
#: horizontal edge, ``height`` of a vertical one).
Edge = tuple[float, float, float, float, float]


def page_tables(page: PageModel) -> list[tuple[tuple[float, float, float, float], list[list[str | None]],
                                               tuple[float, ...]]]:
    """Every ruled table of ``page``: its bbox (x0, top, x1, bottom), its rows, and where
    its columns start (:func:`cells_to_columns`: the geometry by which a table continued
    on the next page is told from another)."""
    h_edges: list[Edge] = []
    v_edges: list[Edge] = []
    for e in page.edges:
        if e["orientation"] == "h":
            if e["width"] >= 1:
                h_edges.append((e["x0"], e["top"], e["x1"], e["bottom"], e["width"]))
        elif e["height"] >= 1:
            v_edges.append((e["x0"], e["top"], e["x1"], e["bottom"], e["height"]))
    if not h_edges and not v_edges:
        return []
    h_edges, v_edges = merge_edges(h_edges, v_edges, SNAP, JOIN)
    h_edges = [e for e in h_edges if e[4] >= MIN_LENGTH]
    v_edges = [e for e in v_edges if e[4] >= MIN_LENGTH]
    cells = intersections_to_cells(edges_to_intersections(h_edges, v_edges, INTERSECT))
    out = []
    chars = sorted((c for c in page.chars if not c.text.isspace()), key=lambda c: (c.top + c.bottom) / 2)
    mids = [(c.top + c.bottom) / 2 for c in chars]
    for table_cells in cells_to_tables(cells):
        bbox = (min(c[0] for c in table_cells), min(c[1] for c in table_cells),
                max(c[2] for c in table_cells), max(c[3] for c in table_cells))
        out.append((bbox, _extract(table_cells, chars, mids), cells_to_columns(table_cells)))
    out.sort(key=lambda t: (t[0][1], t[0][0]))
    return out


def _snap(edges: list[Edge], at: int, tolerance: float) -> list[Edge]:
    """pdfplumber's ``snap_objects``: the edges whose coordinate ``at`` (0: x0 of vertical
    edges, 1: top of horizontal ones) lies within ``tolerance`` of the next in a chain
    move to their mean, cluster by cluster (ascending), each in its given order."""
    values = sorted({e[at] for e in edges})
    cluster: dict[float, int] = {}
    n = 0
    for i, x in enumerate(values):
        if i and not x <= values[i - 1] + tolerance:
            n += 1
        cluster[x] = n
    groups: list[list[Edge]] = [[] for _ in range(n + 1 if values else 0)]
    for e in edges:
        groups[cluster[e[at]]].append(e)
    out: list[Edge] = []
    for group in groups:
        mean = sum(e[at] for e in group) / len(group)
        for x0, top, x1, bottom, length in group:
            shift = mean - (x0 if at == 0 else top)
            if at == 0:
                out.append((x0 + shift, top, x1 + shift, bottom, length))
            else:
                out.append((x0, top + shift, x1, bottom + shift, length))
    return out


def _join(edges: list[Edge], at: int, tolerance: float) -> list[Edge]:
    """pdfplumber's ``join_edge_group``: edges of one line (sorted by where they start:
    ``at`` 0 for horizontal, 1 for vertical) joined where one starts within ``tolerance``
    of where the one before ends, lengthened as ``resize_object`` does."""
    ordered = sorted(edges, key=lambda e: e[at])
    joined = [ordered[0]]
    end = at + 2
    for e in ordered[1:]:
        last = joined[-1]
        if e[at] <= last[end] + tolerance:
            if e[end] > last[end]:
                if at == 0:  # x1 moves; width = new x1 - x0
                    joined[-1] = (last[0], last[1], e[2], last[3], e[2] - last[0])
                else:  # bottom moves; height grows by as much
                    joined[-1] = (last[0], last[1], last[2], e[3], last[4] + (e[3] - last[3]))
        else:
            joined.append(e)
    return joined


def merge_edges(h_edges: list[Edge], v_edges: list[Edge], snap: float = SNAP,
                join: float = JOIN) -> tuple[list[Edge], list[Edge]]:
    """pdfplumber's ``merge_edges``: edges snapped to their neighbours' mean position, then
    the edges of each line joined; horizontal and vertical, in pdfplumber's order."""
    def lines(edges: list[Edge], at: int) -> list[Edge]:
        out: list[Edge] = []
        for _, group in itertools.groupby(sorted(edges, key=lambda e: e[at]), key=lambda e: e[at]):
            out.extend(_join(list(group), 1 - at, join))
        return out

    return lines(_snap(h_edges, 1, snap), 1), lines(_snap(v_edges, 0, snap), 0)


def edges_to_intersections(h_edges: list[Edge], v_edges: list[Edge], tolerance: float = INTERSECT,
                           ) -> dict[tuple[float, float], tuple[set, set]]:
    """pdfplumber's ``edges_to_intersections``: each point where a vertical and a horizontal
    edge meet (within ``tolerance``), with the boxes of the vertical and of the horizontal
    edges through it. Each vertical edge is tried only against the horizontal edges whose
    top lies near its span (then by pdfplumber's own test)."""
    h_sorted = sorted(h_edges, key=lambda e: (e[1], e[0]))
    tops = [e[1] for e in h_sorted]
    out: dict[tuple[float, float], tuple[set, set]] = {}
    for v in sorted(v_edges, key=lambda e: (e[0], e[1])):
        vx, vtop, vbottom = v[0], v[1], v[3]
        # A margin of a point over the tolerance: the test below decides, as pdfplumber's.
        lo, hi = bisect_left(tops, vtop - tolerance - 1), bisect_right(tops, vbottom + tolerance + 1)
        for h in h_sorted[lo:hi]:
            if (vtop <= h[1] + tolerance and vbottom >= h[1] - tolerance
                    and vx >= h[0] - tolerance and vx <= h[2] + tolerance):
                vertex = (vx, h[1])
                if vertex not in out:
                    out[vertex] = (set(), set())
                out[vertex][0].add(v[:4])
                out[vertex][1].add(h[:4])
    return out


def cells_to_tables(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's ``cells_to_tables``: cells grouped into tables by shared corners, pass
    after pass over the cells left, sorted by their top-left cell; tables of one cell
    dropped."""
    remaining = list(cells)
    corners: set[tuple[float, float]] = set()
    current: list[tuple[float, float, float, float]] = []
    tables = []
    while remaining:
        before = len(current)
        left = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            own = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in own):
                corners.update(own)
                current.append(cell)
            else:
                left.append(cell)
        remaining = left
        if len(current) == before:
            tables.append(current)
            corners, current = set(), []
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def cells_to_columns(cells) -> tuple[float, ...]:
    """The x where each column of the rows starts (the cells' distinct left borders,
    ascending, as the rows are indexed), then the table's right border."""
    return (*sorted({c[0] for c in cells}), max(c[2] for c in cells))


def intersections_to_cells(intersections: dict[tuple[float, float], tuple[set, set]],
                           ) -> list[tuple[float, float, float, float]]:
    """pdfplumber's ``intersections_to_cells``, with each point's edge sets built once
    (:func:`edges_to_intersections`: per point, the boxes of its vertical edges and of its
    horizontal ones).

    The same cells in the same order. pdfplumber rebuilds the sets of edge boxes for
    every pair of points it compares, and tests each point right of a point again for
    every point below it, which dominates on pages ruled with many rectangles. Two points
    of one column are joined by a vertical edge through both, two of one row by a
    horizontal one (pdfplumber's ``edge_connects`` on points that share x, or y).
    """
    v_sets = {p: v for p, (v, _) in intersections.items()}
    h_sets = {p: h for p, (_, h) in intersections.items()}
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
        vertical, horizontal = v_sets[pt], h_sets[pt]
        right = None  # those of its row it is joined to, found when first needed
        found = None
        for below_pt in by_x[pt[0]][i + 1:]:
            if vertical.isdisjoint(v_sets[below_pt]):
                continue
            if right is None:
                right = [q for q in by_y[pt[1]][j + 1:] if not horizontal.isdisjoint(h_sets[q])]
            for right_pt in right:
                corner = (right_pt[0], below_pt[1])
                if (corner in intersections and not v_sets[corner].isdisjoint(v_sets[right_pt])
                        and not h_sets[corner].isdisjoint(h_sets[below_pt])):
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
