"""Characters to text: lines, cell text and paragraphs (engine-agnostic helpers).

Numbers set in another font sit on a slightly different baseline than the CJK text
around them; grouping characters into lines by the *centre* of their boxes with a
tolerance of half a glyph height keeps them in their sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter

from budgetkit.reading._page import Char


@dataclass
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    #: the characters of the line, left to right (what the text-placed table reader splits)
    chars: list[Char] = field(default_factory=list, repr=False)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


_X0, _TOP, _X1, _BOTTOM = (attrgetter(name) for name in ("x0", "top", "x1", "bottom"))


def chars_to_lines(chars: list[Char], y_tolerance: float | None = None) -> list[Line]:
    """Group characters into lines (top to bottom), each line's characters left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0))
    groups: list[list[Char]] = []
    mids: list[float] = []
    for c in ordered:
        mid = (c.top + c.bottom) / 2
        tol = y_tolerance if y_tolerance is not None else max(1.5, 0.45 * (c.bottom - c.top))
        if groups and abs(mid - mids[-1]) <= tol:
            groups[-1].append(c)
            # running mean keeps a long line from drifting
            mids[-1] += (mid - mids[-1]) / len(groups[-1])
        else:
            groups.append([c])
            mids.append(mid)
    lines = []
    for group in groups:
        group.sort(key=_X0)
        lines.append(_line(group))
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return lines


def is_word_gap(prev: Char, c: Char) -> bool:
    """Whether the gap between two neighbouring characters of a line is a space: wider than
    0.4 of the larger character (at least 1 pt). The size is asked only of a gap that could
    be one (most characters touch their neighbour)."""
    gap = c.x0 - prev.x1
    return gap > 0.4 and gap > 0.4 * max(prev.bottom - prev.top, c.bottom - c.top, 1.0)


def _text(group: list[Char]) -> str:
    """The text of one line's characters (left to right), a space where the gap is wide."""
    parts: list[str] = []
    prev = None
    for c in group:
        # is_word_gap, inlined: this runs for every character of the document
        if prev is not None:
            gap = c.x0 - prev.x1
            if (gap > 0.4 and gap > 0.4 * max(prev.bottom - prev.top, c.bottom - c.top, 1.0)
                    and not prev.text.isspace() and not c.text.isspace()):
                parts.append(" ")
        parts.append(c.text)
        prev = c
    return "".join(parts)


def _line(group: list[Char]) -> Line:
    text = _text(group)
    sizes = sorted(c.bottom - c.top for c in group if not c.text.isspace()) or [0.0]
    return Line(text, min(map(_X0, group)), min(map(_TOP, group)), max(map(_X1, group)),
                max(map(_BOTTOM, group)), sizes[len(sizes) // 2], group)


def join_wrapped(parts: list[str]) -> str:
    """Join the lines of one wrapped cell or sentence.

    Lines are glued without a space, except between two ASCII letters (a word wrapped
    at a space); a number wrapped mid-way comes back whole.

    >>> join_wrapped(["收、支预算总计各增加3205.", "79万元"])
    '收、支预算总计各增加3205.79万元'
    >>> join_wrapped(["全区行政村通光纤 VPN", "network"])
    '全区行政村通光纤 VPN network'
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "
        out += part
    return out


def cell_text(chars: list[Char]) -> str:
    """Text of the characters inside one table cell, one line of the cell per line.

    Lines are kept apart with ``\n`` (as pdfplumber does; :func:`clean_text` joins them),
    except a number wrapped inside a narrow cell, which is glued back whole.
    """
    if not chars:
        return ""
    mids = [(c.top + c.bottom) / 2 for c in chars]
    if max(mids) - min(mids) <= max(1.5, 0.45 * min(c.bottom - c.top for c in chars)):
        # One line (most cells): the grouping chars_to_lines does would find just this.
        return _text(sorted(chars, key=lambda c: c.x0)).strip()
    out = ""
    for ln in chars_to_lines(chars):
        text = ln.text.strip()
        if not text:
            continue
        if out and _NUMBERISH.match(out[-1]) and _NUMBERISH.match(text[0]):
            out += text
        else:
            out += ("\n" if out else "") + text
    return out


_NUMBERISH = re.compile(r"[\d.,]")


_PARAGRAPH_START = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[．.、](?!\d)|注[:：]|表\s*\d)"
)


def lines_to_paragraphs(lines: list[Line], right: float | None = None) -> list[str]:
    """Wrapped lines back into paragraphs.

    A line continues the previous one when the previous line runs to the right margin
    (within two characters) and this one is not indented and does not open a heading or
    list item.
    """
    if not lines:
        return []
    right = right if right is not None else max(ln.x1 for ln in lines)
    left = min(ln.x0 for ln in lines)
    paragraphs: list[list[str]] = []
    prev: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        size = max(ln.size, 6.0)
        continues = (
            prev is not None
            and prev.x1 >= right - 2.2 * size
            and ln.x0 <= left + 1.2 * size
            and not _PARAGRAPH_START.match(text)
            and ln.top - prev.bottom < 1.5 * size
        )
        if continues:
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        prev = ln
    return [join_wrapped(p) for p in paragraphs]
