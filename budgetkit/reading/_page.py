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
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from budgetkit.errors import EncryptedPdfError, NotAPdfError, TruncatedPdfError


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
        chars = _chars(page, tf, uh if rotation == 0 else None)
        found = _edges(page, tf) if edges else []
        return _clip(PageModel(index + 1, dw, dh, chars, found))
    finally:
        page.close()


def _clip(page: PageModel) -> PageModel:
    """Only what the page shows: characters and rulings drawn beyond its box are not printed
    (a table laid out past the foot of the page, a cell's text cut by its top)."""
    w, h = page.width, page.height
    page.chars = [c for c in page.chars if 0 <= (c.x0 + c.x1) / 2 <= w and 0 <= (c.top + c.bottom) / 2 <= h]
    edges = []
    for e in page.edges:
        x0, x1, top, bottom = max(e["x0"], 0.0), min(e["x1"], w), max(e["top"], 0.0), min(e["bottom"], h)
        if x0 > x1 or top > bottom:
            continue
        edges.append({**e, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top})
    page.edges = edges
    return page


def _chars(page, tf, height: float | None = None) -> list[Char]:
    """The characters of a page with their boxes in displayed coordinates (``height``: the
    page's, when it is not rotated and only its y axis flips)."""
    textpage = page.get_textpage()
    tp = textpage.raw
    try:
        n = raw.FPDFText_CountChars(tp)
        rect = raw.FS_RECTF()
        out: list[Char] = []
        for i, code in enumerate(_codes(tp, n)):
            if code in (0, 0xFFFE, 0xFFFF) or code in (0x0A, 0x0D):
                continue
            # A space pdfium inferred (not printed) is dropped: lines put a space where the
            # gap between two characters is wide. Asked only of spaces: it costs a call.
            if code <= 0x20 and raw.FPDFText_IsGenerated(tp, i) == 1:
                continue
            ch = chr(code)
            if not raw.FPDFText_GetLooseCharBox(tp, i, rect):
                continue
            if height is not None and rect.left <= rect.right and rect.bottom <= rect.top:
                out.append(Char(ch, rect.left, height - rect.top, rect.right, height - rect.bottom))
                continue
            (ax, ay), (bx, by) = tf(rect.left, rect.top), tf(rect.right, rect.bottom)
            out.append(Char(ch, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        return out
    finally:
        textpage.close()


def _codes(tp, n: int) -> list[int]:
    """The unicode of each of the ``n`` characters of a text page (as ``FPDFText_GetUnicode``
    says), in one call when the page's text has one UTF-16 unit per character (no
    surrogate pair), else one by one."""
    if n <= 0:
        return []
    buffer = (ctypes.c_ushort * (n + 1))()
    written = raw.FPDFText_GetText(tp, 0, n, buffer)
    units = buffer[: max(written - 1, 0)]
    if len(units) != n or any(0xD800 <= u <= 0xDFFF for u in units):
        return [raw.FPDFText_GetUnicode(tp, i) for i in range(n)]
    # What the text maps to a control or non-character (a hyphen pdfium marks at a line's
    # end …) is asked of the character itself.
    return [raw.FPDFText_GetUnicode(tp, i) if u < 0x20 or u >= 0xFFFE else u for i, u in enumerate(units)]


_SEG_LINETO, _SEG_MOVETO = raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_MOVETO


def _edges(page, tf) -> list[dict]:
    out: list[dict] = []
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for h in _paths(page.raw):
        if not raw.FPDFPageObj_GetMatrix(h, matrix):
            continue
        visible = _is_visible(h)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        n = raw.FPDFPath_CountSegments(h)
        if n <= 0 or n > 4000:
            continue
        points: list[tuple[float, float]] = []
        start = None
        for k in range(n):
            seg = raw.FPDFPath_GetPathSegment(h, k)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = tf(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == _SEG_MOVETO:
                start = (px, py)
            elif kind == _SEG_LINETO and points:
                _segment(out, points[-1], (px, py), visible)
            else:  # bezier: not a ruling
                pass
            points.append((px, py))
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _segment(out, (px, py), start, visible)
    return out


def _paths(page):
    """The path objects of a page, and of the forms drawn on it (one level down), as raw
    handles (wrapping every object of a text-heavy page in a Python object costs more
    than reading the paths)."""
    for i in range(raw.FPDFPage_CountObjects(page)):
        h = raw.FPDFPage_GetObject(page, i)
        kind = raw.FPDFPageObj_GetType(h)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            yield h
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            for k in range(raw.FPDFFormObj_CountObjects(h)):
                inner = raw.FPDFFormObj_GetObject(h, k)
                if raw.FPDFPageObj_GetType(inner) == raw.FPDF_PAGEOBJ_PATH:
                    yield inner


def _is_white(h, getter) -> bool:
    """The path's colour (fill or stroke, as ``getter`` reads) is white or fully transparent:
    on a white page it draws nothing."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(h, r, g, b, a):
        return False  # a pattern or a colour space pdfium does not say: assume it shows
    return a.value == 0 or min(r.value, g.value, b.value) >= 250


def _is_visible(h) -> bool:
    """A path that draws a line on the page: stroked in a colour, or filled in one (a thin
    filled bar is a ruling). A white box behind a line of text (a word processor's text
    frame or highlight), neither stroked nor filled in a colour, rules nothing."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(h, fill, stroke):
        return True
    if stroke.value and not _is_white(h, raw.FPDFPageObj_GetStrokeColor):
        return True
    return bool(fill.value) and not _is_white(h, raw.FPDFPageObj_GetFillColor)


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
