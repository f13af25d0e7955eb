"""A fast page model from pdfium: characters with boxes, and ruling edges.

pdfminer (under pdfplumber) interprets content streams in Python; pdfium does it in C,
an order of magnitude faster. This module reads, per page, only what the PDF engines
and the page classifier need, in pdfplumber's coordinate convention (origin at the top
left of the page as displayed, ``top`` growing downwards):

* :class:`Char` — one character of the text layer with its (loose) box;
* edges — horizontal and vertical ruling segments as pdfplumber-style dicts, from the
  path objects (lines, rectangles, thin filled bars) of the page; ``visible`` says
  whether the path draws anything on a white page (a white box behind a line of text
  does not, though a cell's white box may still close a lattice the lines leave open).
"""

from __future__ import annotations

import ctypes
from array import array
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from budgetkit.errors import (
    EncryptedPdfError,
    NotAPdfError,
    TruncatedPdfError,
)


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PageModel:
    """What one page holds, in displayed coordinates."""

    number: int  #: 1-based page number
    width: float
    height: float
    chars: list[Char]
    edges: list[dict]

    @property
    def text_chars(self) -> int:
        return sum(1 for c in self.chars if not c.text.isspace())


def open_document(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with pdfium; bad files raise a specific :class:`SourceError`."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(
                f"{path}: the PDF is encrypted (password protected); save an unprotected copy "
                "(e.g. `qpdf --decrypt in.pdf out.pdf`) and read that"
            ) from None
        with path.open("rb") as fh:
            head = fh.read(1024)
        if b"%PDF" not in head:
            raise NotAPdfError(f"{path}: not a PDF (no %PDF header); give a budget disclosure as PDF or text") from None
        raise TruncatedPdfError(
            f"{path}: the PDF is damaged or truncated and cannot be opened ({exc}); download it again"
        ) from None


def _transform(rotation: int, width: float, height: float):
    """Map unrotated PDF user space (origin bottom-left) to displayed top-left coordinates."""
    if rotation == 90:
        return lambda x, y: (y, x), height, width
    if rotation == 180:
        return lambda x, y: (width - x, y), width, height
    if rotation == 270:
        return lambda x, y: (height - y, width - x), height, width
    return lambda x, y: (x, height - y), width, height


def displayed_to_user(rotation: int, width: float, height: float):
    """The inverse of :func:`_transform`: displayed top-left coordinates back to unrotated
    PDF user space (``width`` and ``height`` of the unrotated page)."""
    if rotation == 90:
        return lambda x, y: (y, x)
    if rotation == 180:
        return lambda x, y: (width - x, y)
    if rotation == 270:
        return lambda x, y: (width - y, height - x)
    return lambda x, y: (x, height - y)


def read_page(pdf: pdfium.PdfDocument, index: int, *, edges: bool = True) -> PageModel:
    """The characters (and ruling edges) of page ``index`` (0-based); a page pdfium cannot
    load (its object or content damaged) raises :class:`TruncatedPdfError`."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise TruncatedPdfError(f"p.{index + 1} of the PDF is damaged and cannot be read ({exc}); download it again") from None
    try:
        width, height = page.get_size()
        rotation = page.get_rotation() % 360
        # get_size is of the displayed page; the user space is unrotated.
        uw, uh = (height, width) if rotation in (90, 270) else (width, height)
        tf, dw, dh = _transform(rotation, uw, uh)
        flip = uh if rotation == 0 else None
        chars = _chars(page, tf, flip, (dw, dh))
        found = _clip(_edges(page, tf, flip), dw, dh) if edges else []
        return PageModel(index + 1, dw, dh, chars, found)
    finally:
        page.close()


def _clip(edges: list[dict], width: float, height: float) -> list[dict]:
    """Only what the page shows: rulings drawn beyond its box are not printed (a table laid
    out past the foot of the page); :func:`_chars` drops the characters there likewise.
    An edge inside the box is kept as it is (the same values its clipped copy would hold)."""
    out = []
    for e in edges:
        x0, x1, top, bottom = max(e["x0"], 0.0), min(e["x1"], width), max(e["top"], 0.0), min(e["bottom"], height)
        if x0 > x1 or top > bottom:
            continue
        if x0 == e["x0"] and x1 == e["x1"] and top == e["top"] and bottom == e["bottom"]:
            out.append(e)
            continue
        out.append({**e, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top})
    return out


def _void_p(name: str, restype, *argtypes):
    """pdfium's function ``name`` taking (and giving) handles as plain addresses.

    pypdfium2's bindings type every handle, and ctypes checking those types costs more
    than the call itself where it is made per character, page object or path segment.
    """
    typed = getattr(raw, name)
    fn = type(typed)(ctypes.cast(typed, ctypes.c_void_p).value)  # the same library's calling convention
    fn.restype, fn.argtypes = restype, argtypes
    return fn


_P, _INT = ctypes.c_void_p, ctypes.c_int
_get_text = _void_p("FPDFText_GetText", _INT, _P, _INT, _INT, _P)
_get_unicode = _void_p("FPDFText_GetUnicode", ctypes.c_uint, _P, _INT)
_is_generated = _void_p("FPDFText_IsGenerated", _INT, _P, _INT)
_loose_char_box = _void_p("FPDFText_GetLooseCharBox", _INT, _P, _INT, _P)
_count_objects = _void_p("FPDFPage_CountObjects", _INT, _P)
_get_object = _void_p("FPDFPage_GetObject", _P, _P, _INT)
_object_type = _void_p("FPDFPageObj_GetType", _INT, _P)
_form_count = _void_p("FPDFFormObj_CountObjects", _INT, _P)
_form_object = _void_p("FPDFFormObj_GetObject", _P, _P, ctypes.c_ulong)
_get_matrix = _void_p("FPDFPageObj_GetMatrix", _INT, _P, _P)
_count_segments = _void_p("FPDFPath_CountSegments", _INT, _P)
_get_segment = _void_p("FPDFPath_GetPathSegment", _P, _P, _INT)
_segment_point = _void_p("FPDFPathSegment_GetPoint", _INT, _P, _P, _P)
_segment_type = _void_p("FPDFPathSegment_GetType", _INT, _P)
_segment_close = _void_p("FPDFPathSegment_GetClose", _INT, _P)
_draw_mode = _void_p("FPDFPath_GetDrawMode", _INT, _P, _P, _P)
_stroke_color = _void_p("FPDFPageObj_GetStrokeColor", _INT, _P, _P, _P, _P, _P)
_fill_color = _void_p("FPDFPageObj_GetFillColor", _INT, _P, _P, _P, _P, _P)

#: What no character prints: NUL, non-characters, line breaks pdfium infers.
_NOT_PRINTED = frozenset((0, 0xFFFE, 0xFFFF, 0x0A, 0x0D))


def _address(handle) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _chars(page, tf, height: float | None, box: tuple[float, float]) -> list[Char]:
    """The characters of a page with their boxes in displayed coordinates (``height``: the
    page's, when it is not rotated and only its y axis flips), those whose centre lies
    outside the displayed ``box`` (width, height) left out: they are not printed (a cell's
    text cut by the top of the page)."""
    textpage = page.get_textpage()
    try:
        tp = _address(textpage.raw)
        n = raw.FPDFText_CountChars(textpage.raw)
        rect = array("f", bytes(16))  # left, top, right, bottom, as FS_RECTF
        at = rect.buffer_info()[0]
        w, h = box
        out: list[Char] = []
        for i, code in enumerate(_codes(tp, n)):
            if code in _NOT_PRINTED:
                continue
            # A space pdfium inferred (not printed) is dropped: lines put a space where the
            # gap between two characters is wide. Asked only of spaces: it costs a call.
            if code <= 0x20 and _is_generated(tp, i) == 1:
                continue
            if not _loose_char_box(tp, i, at):
                continue
            left, top, right, bottom = rect
            if height is not None and left <= right and bottom <= top:
                x0, y0, x1, y1 = left, height - top, right, height - bottom
            else:
                (ax, ay), (bx, by) = tf(left, top), tf(right, bottom)
                x0, y0, x1, y1 = min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
            if 0 <= (x0 + x1) / 2 <= w and 0 <= (y0 + y1) / 2 <= h:
                out.append(Char(chr(code), x0, y0, x1, y1))
        return out
    finally:
        textpage.close()


def _codes(tp: int, n: int) -> list[int]:
    """The unicode of each of the ``n`` characters of a text page (as ``FPDFText_GetUnicode``
    says), in one call when the page's text has one UTF-16 unit per character (no
    surrogate pair), else one by one."""
    if n <= 0:
        return []
    buffer = array("H", bytes(2 * (n + 1)))  # (a ctypes array would make a new type per length)
    written = _get_text(tp, 0, n, buffer.buffer_info()[0])
    units = buffer[: max(written - 1, 0)].tolist()
    if len(units) != n or any(0xD800 <= u <= 0xDFFF for u in units):
        return [_get_unicode(tp, i) for i in range(n)]
    # What the text maps to a control or non-character (a hyphen pdfium marks at a line's
    # end …) is asked of the character itself.
    return [_get_unicode(tp, i) if u < 0x20 or u >= 0xFFFE else u for i, u in enumerate(units)]


_SEG_LINETO, _SEG_MOVETO = raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_MOVETO


def _edges(page, tf, height: float | None = None) -> list[dict]:
    """The ruling segments of a page's paths (``height`` as for :func:`_chars`)."""
    out: list[dict] = []
    matrix = array("f", bytes(24))  # a, b, c, d, e, f, as FS_MATRIX
    m_at = matrix.buffer_info()[0]
    point = array("f", bytes(8))
    x_at = point.buffer_info()[0]
    y_at = x_at + point.itemsize
    colours = array("I", bytes(16))  # draw modes (fill, stroke), then r, g, b, a
    for h in _paths(_address(page.raw)):
        if not _get_matrix(h, m_at):
            continue
        visible = _is_visible(h, colours)
        a, b, c, d, e, f = matrix
        n = _count_segments(h)
        if n <= 0 or n > 4000:
            continue
        last = start = None
        for k in range(n):
            seg = _get_segment(h, k)
            _segment_point(seg, x_at, y_at)  # (when it fails, the point before stays)
            x, y = point
            if height is not None:
                px, py = a * x + c * y + e, height - (b * x + d * y + f)
            else:
                px, py = tf(a * x + c * y + e, b * x + d * y + f)
            kind = _segment_type(seg)
            if kind == _SEG_MOVETO:
                start = (px, py)
            elif kind == _SEG_LINETO and last is not None:
                _segment(out, last, (px, py), visible)
            else:  # bezier: not a ruling
                pass
            last = (px, py)
            if _segment_close(seg) and start is not None:
                _segment(out, last, start, visible)
    return out


def _paths(page: int):
    """The path objects of a page, and of the forms drawn on it (one level down), as
    addresses (wrapping every object of a text-heavy page in a Python object costs more
    than reading the paths)."""
    for i in range(_count_objects(page)):
        h = _get_object(page, i)
        kind = _object_type(h)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            yield h
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            for k in range(_form_count(h)):
                inner = _form_object(h, k)
                if _object_type(inner) == raw.FPDF_PAGEOBJ_PATH:
                    yield inner


def _is_white(h, getter, rgba: array) -> bool:
    """The path's colour (fill or stroke, as ``getter`` reads into ``rgba``) is white or
    fully transparent: on a white page it draws nothing."""
    at, size = rgba.buffer_info()[0], rgba.itemsize
    if not getter(h, at, at + size, at + 2 * size, at + 3 * size):
        return False  # a pattern or a colour space pdfium does not say: assume it shows
    r, g, b, a = rgba
    return a == 0 or min(r, g, b) >= 250


def _is_visible(h, buffer: array) -> bool:
    """A path that draws a line on the page: stroked in a colour, or filled in one (a thin
    filled bar is a ruling). A white box behind a line of text (a word processor's text
    frame or highlight), neither stroked nor filled in a colour, rules nothing.
    (``buffer``: four C ints to read into.)"""
    at = buffer.buffer_info()[0]
    if not _draw_mode(h, at, at + buffer.itemsize):
        return True
    fill, stroke = buffer[0], buffer[1]
    if stroke and not _is_white(h, _stroke_color, buffer):
        return True
    return bool(fill) and not _is_white(h, _fill_color, buffer)


def _segment(out: list[dict], p: tuple[float, float], q: tuple[float, float], visible: bool = True) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 1:
        xa, xb = sorted((x0, x1))
        out.append({"object_type": "line", "orientation": "h", "x0": xa, "x1": xb, "top": y0, "bottom": y0,
                    "width": xb - xa, "height": 0.0, "visible": visible})
    elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 1:
        ya, yb = sorted((y0, y1))
        out.append({"object_type": "line", "orientation": "v", "x0": x0, "x1": x0, "top": ya, "bottom": yb,
                    "width": 0.0, "height": yb - ya, "visible": visible})


@dataclass(frozen=True)
class EngineTable:
    """One ruled table an engine found: its page, its box and its cells as read."""

    page: int
    bbox: tuple[float, float, float, float]  #: x0, top, x1, bottom (top-left origin)
    rows: tuple[tuple[str | None, ...], ...]
    #: x where each column of ``rows`` starts, then the right border (empty when the
    #: engine does not say)
    columns: tuple[float, ...] = ()
    #: why this table's reading may be at fault ("" when read from a ruled lattice)
    reading: str = ""
