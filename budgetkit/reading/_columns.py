"""Tables without full rulings: columns placed by the text's x-positions.

Some disclosures rule their tables with horizontal lines only, or print them with no
rulings at all (columns aligned by whitespace). Such a page has no lattice for the ruled
path to read, but its text is still a grid of figures: several lines each holding
amounts, aligned in x. This module reads those pages from the text alone:

``line_to_fragments``
    each text line split into fragments at wide gaps (one fragment per printed cell);
``fragments_to_runs``
    the figure lines (lines holding amounts) grouped into table bodies, with the header
    lines above them (up to the title, 单位 line or an introducing sentence);
``is_grid``
    the body is a grid (a column of figures beside others), not prose full of figures;
``run_to_columns``
    column spans: the x-extent of the body's fragments (figures and names), widened to
    the header words over them, and header words over a column the body leaves blank;
``page_tables``
    each fragment placed in the column its centre falls in; rows bounded by horizontal
    rules where they part every two figure lines, otherwise anchored on the figure lines,
    a cell's lines printed above or below its figure line (a wrapped name, a paragraph
    centred on its row) joining that row, and the blocks above the first figure line
    making the header rows.

Only pages the ruled path did not take come here; every table read this way carries a
reading note naming its page.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from budgetkit._normalize import looks_like_amount
from budgetkit.reading._lines import Line, _line

#: A gap wider than this many character heights parts two cells of one line.
CELL_GAP = 0.9
#: Lines further apart than this many character heights are not one table.
LINE_GAP = 2.6
#: Two lines of one cell are at most this many character heights apart (bottom to top).
CELL_LEADING = 0.45


@dataclass(frozen=True)
class Fragment:
    """The text of one printed cell on one line."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line: int  #: index of its line in the page's lines

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Run:
    """One table's lines: header lines, then body lines (first and last hold figures)."""

    header: list[int]
    body: list[int]
    anchors: list[int] = field(default_factory=list)  #: body lines holding an amount


def figure_count(text: str) -> int:
    """How many whitespace-separated amounts a line's text holds (cheap: no geometry, no
    meaning — a code counts as one).

    >>> figure_count("住房保障支出 142.27 142.27 0.00")
    3
    >>> figure_count("221 住房保障支出 142.27 142.27 0.00")
    4
    """
    return sum(1 for token in text.split() if any(ch.isdigit() for ch in token) and looks_like_amount(token))


def may_hold_table(lines: list[Line]) -> bool:
    """A page worth reading for a text-placed table: two lines or more with figures."""
    return sum(1 for ln in lines if figure_count(ln.text) >= 1) >= 2


def line_to_fragments(line: Line, index: int) -> list[Fragment]:
    """A line split where the gap between two characters is wider than a cell gap."""
    chars = [c for c in line.chars if not c.text.isspace()]
    if not chars:
        return []
    gap = CELL_GAP * max(line.size, 4.0)
    groups = [[chars[0]]]
    for c in chars[1:]:
        if c.x0 - groups[-1][-1].x1 > gap:
            groups.append([c])
        else:
            groups[-1].append(c)
    out = []
    for g in groups:
        ln = _line(g)
        out.append(Fragment(ln.text.strip(), ln.x0, ln.top, ln.x1, ln.bottom, index))
    return out


def _is_figure(fragment: Fragment) -> bool:
    return any(ch.isdigit() for ch in fragment.text) and looks_like_amount(fragment.text)


def _is_figure_line(frags: list[Fragment]) -> bool:
    """Two amounts or more, or one printed as money (decimals or thousands separators)."""
    figures = [f for f in frags if _is_figure(f)]
    return len(figures) >= 2 or any("." in f.text or "," in f.text for f in figures)


def _aligned(frags: list[Fragment], tolerance: float = 2.0) -> bool:
    """Figures of two lines or more share an edge (left or right aligned): a column."""
    for edge in ("x0", "x1"):
        xs = sorted((getattr(f, edge), f.line) for f in frags)
        for i, (x, ln) in enumerate(xs):
            if any(y - x <= tolerance and other != ln for y, other in xs[i + 1:i + 8]):
                return True
    return False


def fragments_to_runs(lines: list[Line], frags: list[list[Fragment]], is_break: Callable[[str], bool]) -> list[_Run]:
    """The tables of a page as runs of lines: figure lines with what lies between them,
    the header lines above the first (up to a title, unit or note line, or a wide gap)."""
    figure = [bool(f) and _is_figure_line(f) for f in frags]
    breaks = [is_break(ln.text) and not figure[i] for i, ln in enumerate(lines)]
    runs: list[_Run] = []
    i, n = 0, len(lines)
    floor = 0  # lines above this belong to a table already read
    while i < n:
        if not figure[i]:
            i += 1
            continue
        j = last = i
        while j + 1 < n and not breaks[j + 1] and _close(lines[j], lines[j + 1]):
            j += 1
            if figure[j]:
                last = j
        body = list(range(i, last + 1))
        anchors = [k for k in body if figure[k] or any(_is_figure(f) for f in frags[k])]
        bodies = [f for k in anchors for f in frags[k] if _is_figure(f)]
        if (sum(1 for k in body if figure[k]) >= 3 or sum(len([f for f in frags[k] if _is_figure(f)]) >= 2
                                                           for k in body) >= 2) and _aligned(bodies):
            top = i
            left, right = min(f.x0 for k in body for f in frags[k]), max(f.x1 for k in body for f in frags[k])
            while (top - 1 >= floor and not breaks[top - 1] and _close(lines[top - 1], lines[top])
                   and not _is_sentence(frags[top - 1], right - left)):
                top -= 1
            runs.append(_Run(list(range(top, i)), body, anchors))
            floor = last + 1
        i = last + 1
    return runs


def _is_sentence(frags: list[Fragment], width: float) -> bool:
    """A line of prose, not of column headings: one run of text over most of the table's
    width, or a sentence introducing what follows (ending in a colon)."""
    text = "".join(f.text for f in frags).rstrip()
    return any(f.x1 - f.x0 > 0.6 * width for f in frags) or text.endswith(("：", ":", "。"))


def _close(a: Line, b: Line) -> bool:
    return b.top - a.bottom <= LINE_GAP * max(a.size, b.size, 4.0)


def _merge_spans(spans: list[tuple[float, float]], tolerance: float = 1.0) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 <= out[-1][1] + tolerance:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def run_to_columns(body: list[Fragment], header: list[Fragment]) -> list[tuple[float, float]]:
    """Column spans: where the body's fragments lie, widened to the header words over them.

    A header word in the gap between two body columns (left-aligned over right-aligned
    figures, centred over a narrow column) heads the neighbour no other word of its header
    line heads yet (the nearer when both are free), and widens it; when both are headed,
    it heads a column the body leaves blank, a column of its own.
    """
    columns = [list(span) for span in _merge_spans([(f.x0, f.x1) for f in body])]

    def heads(g: Fragment, span) -> bool:
        return g.x0 <= span[1] and g.x1 >= span[0]

    placed: list[tuple[float, float]] = []
    for f in sorted(header, key=lambda f: f.x0):
        if any(heads(f, span) for span in columns):
            continue
        left = [j for j, span in enumerate(columns) if span[1] < f.x0]
        right = [j for j, span in enumerate(columns) if span[0] > f.x1]
        free = [j for j in (left[-1:] + right[:1])
                if not any(g is not f and g.line == f.line and heads(g, columns[j]) for g in header)]
        if not free:
            placed.append((f.x0, f.x1))
            continue
        j = min(free, key=lambda i: min(abs(f.centre - columns[i][0]), abs(f.centre - columns[i][1])))
        columns[j] = [min(columns[j][0], f.x0), max(columns[j][1], f.x1)]
    return sorted([(a, b) for a, b in columns] + _merge_spans(placed))


def is_grid(columns: list[tuple[float, float]], body: list[Fragment], anchors: list[int]) -> bool:
    """The body is a grid, not prose with figures in it: two columns or more, one of them
    a column of figures (on two lines or more, most of its cells amounts), and no figure
    line holding a fragment wider than half the table (a sentence)."""
    if len(columns) < 2:
        return False
    width = max(f.x1 for f in body) - min(f.x0 for f in body)
    lines = set(anchors)
    if any(f.x1 - f.x0 > 0.5 * width for f in body if f.line in lines):
        return False
    for a, b in columns:
        inside = [f for f in body if a <= f.centre <= b]
        figures = [f for f in inside if _is_figure(f)]
        if len({f.line for f in figures}) >= 2 and len(figures) >= 0.6 * len(inside):
            return True
    return False


def fragment_to_column(fragment: Fragment, columns: list[tuple[float, float]]) -> int:
    """The column whose span the fragment's centre falls in (else the one it overlaps
    most, else the nearest)."""
    c = fragment.centre
    for j, (a, b) in enumerate(columns):
        if a - 0.5 <= c <= b + 0.5:
            return j

    def closeness(j: int) -> tuple[float, float]:
        a, b = columns[j]
        overlap = min(b, fragment.x1) - max(a, fragment.x0)
        return (overlap, -min(abs(c - a), abs(c - b)))

    return max(range(len(columns)), key=closeness)


def _rules_part_anchors(rules: list[float], anchors: list[tuple[float, float]]) -> bool:
    """Horizontal rules lie between every two figure lines: they bound the rows."""
    return len(anchors) >= 2 and all(any(a[1] <= y <= b[0] + 0.5 for y in rules)
                                     for a, b in itertools.pairwise(anchors))


def _rows_by_rules(frags: list[Fragment], rules: list[float]) -> list[list[Fragment]]:
    bands: dict[int, list[Fragment]] = {}
    for f in frags:
        bands.setdefault(sum(1 for y in rules if y <= f.middle), []).append(f)
    return [bands[k] for k in sorted(bands)]


def _blocks(frags: list[Fragment], column: dict[int, int], anchor_of: dict[int, int], rules: list[float],
            leading: float) -> list[list[Fragment]]:
    """Each column's fragments joined into cell blocks: lines set close under each other,
    with no rule between them and no two figure lines in one block."""
    by_col: dict[int, list[Fragment]] = {}
    for k, f in enumerate(frags):
        by_col.setdefault(column[k], []).append(f)
    blocks: list[list[Fragment]] = []
    for items in by_col.values():
        items.sort(key=lambda f: (f.top, f.x0))
        current: list[Fragment] = []
        for f in items:
            prev = current[-1] if current else None
            anchored = {anchor_of[g.line] for g in current if g.line in anchor_of}
            if prev is not None and (f.line == prev.line or (
                    f.top - prev.bottom <= leading
                    and not any(prev.middle < y < f.middle for y in rules)
                    and not (f.line in anchor_of and anchored and anchor_of[f.line] not in anchored))):
                current.append(f)
            else:
                if current:
                    blocks.append(current)
                current = [f]
        if current:
            blocks.append(current)
    return blocks


def _rows_by_anchors(frags: list[Fragment], column: dict[int, int], anchors: list[int],
                     lines: list[Line], rules: list[float]) -> list[list[Fragment]]:
    """Rows anchored on the figure lines: a block of a cell's lines goes to the figure line
    it is printed on or around; above the first figure line the blocks are the header,
    in bands of the blocks that start together."""
    size = sorted(lines[k].size for k in anchors)[len(anchors) // 2]
    anchor_of = {k: i for i, k in enumerate(anchors)}
    mids = [lines[k].middle for k in anchors]
    body_rows: list[list[Fragment]] = [[] for _ in anchors]
    head_blocks: list[list[Fragment]] = []
    for block in _blocks(frags, column, anchor_of, rules, CELL_LEADING * max(size, 4.0)):
        top, bottom = min(f.top for f in block), max(f.bottom for f in block)
        own = [anchor_of[f.line] for f in block if f.line in anchor_of]
        around = [i for i, m in enumerate(mids) if top <= m <= bottom]
        if own:
            body_rows[own[0]].extend(block)
        elif around:
            body_rows[around[0]].extend(block)
        elif bottom < mids[0] and top < lines[anchors[0]].top:
            head_blocks.append(block)
        else:
            above = [i for i, m in enumerate(mids) if m < top]
            body_rows[above[-1] if above else 0].extend(block)
    bands: list[tuple[float, float, list[Fragment]]] = []
    for block in sorted(head_blocks, key=lambda b: min(f.top for f in b)):
        top, bottom = min(f.top for f in block), max(f.bottom for f in block)
        for a, b, items in bands:
            if a - 0.5 <= top <= b:
                items.extend(block)
                break
        else:
            bands.append((top, bottom, list(block)))
    return [items for _, _, items in bands] + body_rows


def columns_to_edges(columns: list[tuple[float, float]], body: list[Fragment]) -> tuple[float, ...]:
    """Per column the x its cells keep from page to page (the right edge of a column of
    money, printed right-aligned; the left edge of any other: names, codes), then the right
    border: what a table continued on the next page shares with its first page."""
    edges = []
    for a, b in columns:
        inside = [f for f in body if a <= f.centre <= b]
        money = [f for f in inside if _is_figure(f) and ("." in f.text or "," in f.text)]
        edges.append(max(f.x1 for f in money) if inside and len(money) >= 0.6 * len(inside) else a)
    return (*edges, columns[-1][1])


def _cell_text(frags: list[Fragment]) -> str:
    """A cell's fragments: those of one line joined by a space, lines by ``\\n``."""
    by_line: dict[int, list[Fragment]] = {}
    for f in frags:
        by_line.setdefault(f.line, []).append(f)
    ordered = sorted(by_line.values(), key=lambda fs: min(f.top for f in fs))
    return "\n".join(" ".join(f.text for f in sorted(fs, key=lambda f: f.x0)) for fs in ordered)


def page_tables(lines: list[Line], rules: list[tuple[float, float, float]], is_break: Callable[[str], bool],
                ) -> list[tuple[tuple[float, float, float, float], list[list[str]], tuple[float, ...]]]:
    """The tables of a page without a ruled lattice, read from its text lines.

    Parameters
    ----------
    lines
        The page's text lines (:func:`~budgetkit.reading._lines.chars_to_lines`).
    rules
        Its horizontal rules as (x0, x1, y).
    is_break
        Whether a line's text ends a table above it or starts one below (a title, the
        单位 line, a 注 line).

    Returns
    -------
    list
        Per table: its bbox (x0, top, x1, bottom), its rows of cell text, and the x where
        each column starts followed by the right border.
    """
    frags = [line_to_fragments(ln, i) for i, ln in enumerate(lines)]
    out = []
    for run in fragments_to_runs(lines, frags, is_break):
        body = [f for k in run.body for f in frags[k]]
        header = [f for k in run.header for f in frags[k]]
        columns = run_to_columns(body, header)
        if not is_grid(columns, body, run.anchors):
            continue
        # Lines under the last figure line that sit inside one column each: a wrapped cell.
        k = run.body[-1] + 1
        while (k < len(lines) and frags[k] and not is_break(lines[k].text) and _close(lines[k - 1], lines[k])
               and all(any(a - 0.5 <= f.x0 and f.x1 <= b + 0.5 for a, b in columns) for f in frags[k])):
            run.body.append(k)
            body.extend(frags[k])
            k += 1
        items = header + body
        column = {i: fragment_to_column(f, columns) for i, f in enumerate(items)}
        x0, x1 = min(f.x0 for f in items), max(f.x1 for f in items)
        top, bottom = min(f.top for f in items), max(f.bottom for f in items)
        ys = sorted({round(y, 1) for a, b, y in rules if top - 2 <= y <= bottom + 2 and b - a >= 0.5 * (x1 - x0)})
        anchor_spans = [(lines[k].top, lines[k].bottom) for k in run.anchors]
        if _rules_part_anchors(ys, anchor_spans):
            groups = _rows_by_rules(items, ys)
        else:
            groups = _rows_by_anchors(items, column, run.anchors, lines, ys)
        index = {id(f): i for i, f in enumerate(items)}
        rows = []
        for group in groups:
            cells: list[list[Fragment]] = [[] for _ in columns]
            for f in group:
                cells[column[index[id(f)]]].append(f)
            rows.append([_cell_text(c) for c in cells])
        out.append(((x0, top, x1, bottom), rows, columns_to_edges(columns, body)))
    return out
