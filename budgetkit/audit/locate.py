"""Where a finding sits on the printed page, and a copy of the PDF that shows it.

An audit finding names a table, its rows and a page (or, for the 情况说明, the sentence it
quotes). :func:`locate` finds the characters on the page: the figure's cell (the printed
number on the row whose label or code the line carries) or the sentence's characters,
line by line. :func:`annotate` writes a copy of each source PDF with every located
finding highlighted and its message attached as the annotation's text (pypdf).

A finding that cannot be placed with confidence (the figure printed twice on its row,
a text file, a page without text) gets no box: it is never pinned to the wrong cell.
Its annotation, when written, is a note at the top of its page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from budgetkit._normalize import MONEY_UNITS, WAN, parse_amount
from budgetkit.errors import SourceError
from budgetkit.reading import _page
from budgetkit.reading._lines import chars_to_lines, is_word_gap

Rect = tuple[float, float, float, float]  #: x0, top, x1, bottom in points, the page's top-left as origin

_NUMBER_CHARS = set("0123456789,.-()，")
_QUOTED = re.compile(r"「([^」]+)」")


@dataclass(frozen=True)
class Box:
    """Where a finding is printed: a page of one source file and the rectangles of its text."""

    source: str  #: the file's path as the document was read from it
    page: int  #: 1-based page of that file
    rects: tuple[Rect, ...]  #: one per printed line the text runs over

    @property
    def bbox(self) -> Rect:
        return (min(r[0] for r in self.rects), min(r[1] for r in self.rects),
                max(r[2] for r in self.rects), max(r[3] for r in self.rects))


@dataclass
class _Page:
    lines: list  #: :class:`~budgetkit.reading._lines.Line`, top to bottom


class _Pages:
    """The pages of a document's PDFs, read (characters only) as they are asked for."""

    def __init__(self, sources: Iterable[str]):
        self.paths = {Path(s).name: Path(s) for s in sources if str(s).lower().endswith(".pdf")}
        self._docs: dict[str, object] = {}
        self._pages: dict[tuple[str, int], _Page | None] = {}

    def get(self, source: str, number: int) -> _Page | None:
        key = (source, number)
        if key not in self._pages:
            self._pages[key] = self._read(source, number)
        return self._pages[key]

    def count(self, source: str) -> int:
        """The number of pages of ``source`` (0 when it is no PDF at hand)."""
        pdf = self._document(source)
        return 0 if pdf is None else len(pdf)

    def _document(self, source: str):
        path = self.paths.get(Path(source).name)
        if path is None or not path.is_file():
            return None
        if path.name not in self._docs:
            self._docs[path.name] = _page.open_document(path)
        return self._docs[path.name]

    def _read(self, source: str, number: int) -> _Page | None:
        pdf = self._document(source)
        if pdf is None or not 1 <= number <= len(pdf):
            return None
        return _Page(chars_to_lines(_page.read_page(pdf, number - 1, edges=False).chars))

    def close(self) -> None:
        for pdf in self._docs.values():
            pdf.close()
        self._docs.clear()


def locate(doc, findings: pd.DataFrame) -> list[Box | None]:
    """The printed place of each finding of ``findings`` (an audit's), in order.

    Parameters
    ----------
    doc
        The :class:`~budgetkit.tidy.document.BudgetDocument` the findings are about; its
        source PDFs are opened again (characters only).
    findings
        ``audit.findings`` of :func:`budgetkit.check`.

    Returns
    -------
    list
        A :class:`Box` per finding, or ``None`` where it cannot be placed with confidence.
    """
    pages = _Pages(doc.sources)
    try:
        narrative_sentences = _sentences_by_position(doc)
        return [_locate_one(doc, f, pages, narrative_sentences) for f in findings.to_dict("records")]
    finally:
        pages.close()


def _sentences_by_position(doc) -> dict[int, str]:
    from budgetkit.audit.claims import claims

    frame = claims(doc)
    return {int(p): s for p, s in zip(frame["position"], frame["sentence"], strict=True)} if len(frame) else {}


def _locate_one(doc, finding: dict, pages: _Pages, sentences: dict[int, str]) -> Box | None:
    if finding["table"] == "narrative":
        sentence = _finding_sentence(finding, sentences)
        return _find_sentence(doc, sentence, finding.get("page"), pages) if sentence else None
    return _find_cell(doc, finding, pages)


def _rows(finding: dict) -> list[int]:
    rows = finding.get("rows")
    if isinstance(rows, str):
        return [int(r) for r in re.findall(r"\d+", rows)]
    if isinstance(rows, Iterable):
        return [int(r) for r in rows]
    return []


def _finding_sentence(finding: dict, sentences: dict[int, str]) -> str | None:
    for row in _rows(finding):
        if row in sentences:
            return sentences[row]
    quoted = _QUOTED.search(str(finding.get("message") or ""))
    return quoted.group(1) if quoted else None


# -- table cells ------------------------------------------------------------------------------

def _find_cell(doc, finding: dict, pages: _Pages) -> Box | None:
    """The printed figure of the finding's subject line: the row's first listed line at
    the finding's measure (the one whose value is ``actual`` when that is given)."""
    page = finding.get("page")
    if page is None or page != page or not finding.get("table"):
        return None
    lines = doc.lines
    rows = _rows(finding)
    chosen = lines[(lines["table"] == finding["table"]) & (lines["page"] == int(page))]
    if rows:
        chosen = chosen[chosen["row"].isin(rows)]
    if finding.get("measure"):
        chosen = chosen[chosen["measure"] == finding["measure"]]
    for column in ("code", "item", "unit"):
        if finding.get(column):
            narrowed = chosen[chosen[column] == finding[column]]
            chosen = narrowed if len(narrowed) else chosen
    actual = finding.get("actual")
    if actual is not None and actual == actual and actual != "":
        narrowed = chosen[chosen["amount"] == Decimal(str(actual))]
        chosen = narrowed if len(narrowed) else chosen
    if chosen.empty:
        return None
    if rows:
        chosen = chosen.assign(_order=chosen["row"].map({r: i for i, r in enumerate(rows)})).sort_values("_order")
    line = chosen.iloc[0]
    printed = pages.get(line["source"], int(line["page"]))
    if printed is None:
        return None
    value = Decimal(line["amount"]) * WAN / MONEY_UNITS.get(line["source_unit"], WAN)  # as printed
    rect = _figure_on_row(printed, value, [line["code"], line["name"]])
    return Box(_path_of(doc, line["source"]), int(line["page"]), (rect,)) if rect else None


def _path_of(doc, source: str) -> str:
    return next((s for s in doc.sources if Path(s).name == Path(source).name), source)


def _words(line) -> list[tuple[str, list]]:
    """The line's runs of characters, split at spaces and where its text puts one (:func:`is_word_gap`)."""
    words: list[tuple[str, list]] = []
    current: list = []
    prev = None
    for c in line.chars:
        if c.text.isspace():
            prev = None
            if current:
                words.append(("".join(x.text for x in current), current))
                current = []
            continue
        if prev is not None and current and is_word_gap(prev, c):
            words.append(("".join(x.text for x in current), current))
            current = []
        current.append(c)
        prev = c
    if current:
        words.append(("".join(x.text for x in current), current))
    return words


def _figures(line) -> list[tuple[Decimal, Rect]]:
    out = []
    for text, chars in _words(line):
        text = unicodedata.normalize("NFKC", text)
        if not text or not set(text) <= _NUMBER_CHARS or not any(ch.isdigit() for ch in text):
            continue
        try:
            value = parse_amount(text)
        except ValueError:
            continue
        if value is not None:
            out.append((value, _rect(chars)))
    return out


def _rect(chars) -> Rect:
    return (min(c.x0 for c in chars), min(c.top for c in chars), max(c.x1 for c in chars),
            max(c.bottom for c in chars))


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _figure_on_row(page: _Page, value: Decimal, labels: list[str]) -> Rect | None:
    """The box of ``value`` printed on the row labelled by one of ``labels`` (a code, a
    name); on a page where no label is found, the value's box when it is printed once."""
    hits = [(i, rect) for i, line in enumerate(page.lines) for v, rect in _figures(line) if v == value]
    if not hits:
        return None
    keys = [_compact(k) for k in labels if k and len(_compact(k)) >= 2]
    labelled = [i for i, line in enumerate(page.lines) if any(k in _compact(line.text) for k in keys)]
    if labelled:
        tops = [(page.lines[i].top + page.lines[i].bottom) / 2 for i in labelled]
        near = [(min(abs((r[1] + r[3]) / 2 - t) for t in tops), r) for _, r in hits]
        height = max(page.lines[labelled[0]].bottom - page.lines[labelled[0]].top, 4.0)
        on_row = [r for d, r in near if d <= 2.5 * height]  # a wrapped label sits a line or so off
        if len(on_row) == 1:
            return on_row[0]
        if len(on_row) > 1:  # printed twice on its row (合计 = 基本支出): nearest, if it is the only nearest
            best = min(d for d, _ in near)
            closest = [r for d, r in near if d == best]
            return closest[0] if len(closest) == 1 else None
        return None
    return hits[0][1] if len(hits) == 1 else None


# -- sentences --------------------------------------------------------------------------------

def _find_sentence(doc, sentence: str, page: object, pages: _Pages) -> Box | None:
    """The characters of ``sentence`` on the first page that prints it (the finding's
    page first, when it names one), one rectangle per printed line."""
    if len(_compact(sentence)) < 4:
        return None
    for source in doc.sources:
        if not str(source).lower().endswith(".pdf"):
            continue
        count = pages.count(source)
        order = list(range(1, count + 1))
        if isinstance(page, int | float) and page == page and 1 <= int(page) <= count:
            order.remove(int(page))
            order.insert(0, int(page))
        for number in order:
            printed = pages.get(source, number)
            if printed is None:
                continue
            rects = _sentence_rects(printed, sentence)
            if rects:
                return Box(str(source), number, rects)
    return None


def _one(ch: str) -> str:
    """A character as compared: its NFKC form where that is one character (full-width
    digits and punctuation), else as printed."""
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def _sentence_rects(page: _Page, sentence: str) -> tuple[Rect, ...]:
    chars = [(line_no, c) for line_no, line in enumerate(page.lines) for c in line.chars if not c.text.isspace()]
    text = "".join(_one(c.text) for _, c in chars)
    target = "".join(_one(ch) for ch in sentence if not ch.isspace())
    start = text.find(target) if target else -1
    if start < 0:
        return ()
    by_line: dict[int, list] = {}
    for line_no, c in chars[start:start + len(target)]:
        by_line.setdefault(line_no, []).append(c)
    return tuple(_rect(cs) for _, cs in sorted(by_line.items()))


# -- the annotated copy -----------------------------------------------------------------------

_COLOURS = {"error": (1.0, 0.35, 0.35), "warning": (1.0, 0.8, 0.2), "info": (0.6, 0.8, 1.0)}


def annotate(doc, audit, out: str | Path, *, severities: tuple[str, ...] = ("error", "warning"),
             boxes: list[Box | None] | None = None) -> list[Path]:
    """Write a copy of each source PDF of ``doc`` with the findings of ``audit`` marked.

    Each located finding is a highlight over its figure or sentence whose text (shown by
    any PDF reader on hover or in its comments list) is the finding's severity, rule and
    message; a finding with a page but no box is a note at the top of that page.

    Parameters
    ----------
    doc, audit
        A document and :func:`budgetkit.check`'s result for it.
    out
        A ``.pdf`` path when ``doc`` was read from one PDF; otherwise a folder, which
        receives ``<name>.annotated.pdf`` per source PDF.
    severities
        The severities marked (``info`` findings are many and need no reader's eye).
    boxes
        :func:`locate` of ``audit.findings``, when already at hand.

    Returns
    -------
    list of Path
        The files written.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight, Text
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    pdfs = [s for s in doc.sources if str(s).lower().endswith(".pdf")]
    if not pdfs:
        raise SourceError(f"{', '.join(doc.sources)}: no PDF to annotate (the document was read from text)")
    out = Path(out)
    if out.suffix.lower() == ".pdf" and len(pdfs) > 1:
        raise SourceError(f"{out}: the disclosure has {len(pdfs)} PDFs; give a folder to write their copies in")
    targets = {s: out if out.suffix.lower() == ".pdf" else out / f"{Path(s).stem}.annotated.pdf" for s in pdfs}
    marked = audit.findings["severity"].isin(severities)
    findings = audit.findings[marked].reset_index(drop=True)
    boxes = locate(doc, findings) if boxes is None else [b for b, m in zip(boxes, marked, strict=True) if m]
    written = []
    for source, target in targets.items():
        reader = PdfReader(source)
        writer = PdfWriter(clone_from=reader)
        for finding, box in zip(findings.to_dict("records"), boxes, strict=True):
            if box is not None and Path(box.source).name != Path(source).name:
                continue
            if box is None:
                page = finding.get("page")
                if page is None or page != page:
                    page = finding.get("page2")  # a finding about two tables: the other one's page
                if page is None or page != page or not _finding_source_is(doc, finding, source):
                    continue
                number = int(page)
            else:
                number = box.page
            if not 1 <= number <= len(writer.pages):
                continue
            pdf_page = writer.pages[number - 1]
            to_pdf = _to_user_space(pdf_page)
            text = f"{finding['severity']} · {finding['rule']}: {finding['message']}"
            colour = _COLOURS.get(finding["severity"], _COLOURS["info"])
            if box is None:
                x, y = to_pdf(18.0, 18.0)
                annotation = Text(rect=(x, y - 20, x + 20, y), text=text)
            else:
                quads, user = [], []
                for rect in box.rects:
                    (ax, ay), (bx, by) = to_pdf(rect[0], rect[1]), to_pdf(rect[2], rect[3])
                    x0, x1, y0, y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
                    user.append((x0, y0, x1, y1))
                    quads.extend((x0, y1, x1, y1, x0, y0, x1, y0))
                bbox = (min(u[0] for u in user), min(u[1] for u in user), max(u[2] for u in user),
                        max(u[3] for u in user))
                annotation = Highlight(rect=bbox, quad_points=ArrayObject(FloatObject(q) for q in quads),
                                       highlight_color="".join(f"{round(v * 255):02x}" for v in colour))
                annotation[NameObject("/Contents")] = TextStringObject(text)
            annotation[NameObject("/T")] = TextStringObject(f"budgetkit {finding['rule']}")
            writer.add_annotation(page_number=number - 1, annotation=annotation)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:
            writer.write(fh)
        written.append(target)
    return written


def _finding_source_is(doc, finding: dict, source: str) -> bool:
    """Whether an unlocated finding's page is a page of ``source`` (its table's file)."""
    table = finding.get("table")
    if not table or table == "narrative":
        return len([s for s in doc.sources if str(s).lower().endswith(".pdf")]) == 1
    files = set(doc.lines.loc[doc.lines["table"] == table, "source"])
    return Path(source).name in files


def _to_user_space(pdf_page):
    """Displayed page coordinates (as the reader's page model gives them) back to the page's
    PDF user space, for a page of any /Rotate (one that is no number: none, as pdfium)."""
    box = pdf_page.mediabox
    try:
        rotation = int(pdf_page.get("/Rotate", 0) or 0) % 360
    except (TypeError, ValueError):
        rotation = 0
    return _page.displayed_to_user(rotation, float(box.width), float(box.height))
