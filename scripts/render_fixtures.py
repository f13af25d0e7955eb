"""Render the seed text into a PDF disclosure, the project's own PDF fixture.

    python scripts/render_fixtures.py [SEED.txt] [OUT.pdf]

The PDF looks like a real Guangdong disclosure: the 概况 prose first, then each table
page of the seed on its own page — ruled grid, title, 单位名称 and 单位 above, 注 below —
landscape for wide tables, long cells wrapped inside their cells, and a table too long
for one page continued on the next with its header rows repeated. The 情况说明 follows.
Reading it must give exactly the tidy lines of the text (tests/test_pdf_render.py).

The CJK font is WenQuanYi Micro Hei (Debian's fonts-wqy-microhei, installed by
scripts/install-system-deps.sh).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "gd-qingxin-zwfw-2023-budget.txt"
FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "WQYMicroHei"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    if not FONT_PATH.exists():
        raise SystemExit(f"{FONT_PATH} is missing: run scripts/install-system-deps.sh (fonts-wqy-microhei)")
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))


def _split_prose(text: str, first_title: str, narrative_head: str) -> tuple[list[str], list[str]]:
    """Prose lines before the first table, and from the 情况说明 on."""
    lines = [ln.strip() for ln in text.splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln == first_title.strip())
    while start > 0 and (not lines[start - 1] or lines[start - 1].startswith("表")):
        start -= 1
    tail = next((i for i, ln in enumerate(lines) if i > start and ln == narrative_head.strip()), len(lines))
    return [ln for ln in lines[:start] if ln], [ln for ln in lines[tail:] if ln]


def render(seed: Path = SEED, out: Path | None = None) -> Path:
    """Render ``seed`` (a text disclosure) to ``out`` (default: next to it, .pdf)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    sys.path.insert(0, str(ROOT))
    from budgetkit._sources.text import parse_text
    from budgetkit.tables import split_header

    _register_font()
    text = seed.read_text(encoding="utf-8")
    raw = parse_text(text, source=str(seed))
    out = out or seed.with_suffix(".pdf")
    narrative_head = raw.narrative.splitlines()[0] if raw.narrative else ""
    head, tail = _split_prose(text, raw.tables[0].title, narrative_head)

    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK", firstLineIndent=21)
    heading = ParagraphStyle("heading", parent=body, fontSize=15, leading=22, alignment=1, firstLineIndent=0)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=13, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5, wordWrap="CJK")

    margin = 15 * mm
    portrait_frame = Frame(margin, margin, A4[0] - 2 * margin, A4[1] - 2 * margin, id="p")
    landscape_frame = Frame(margin, margin, A4[1] - 2 * margin, A4[0] - 2 * margin, id="l")
    doc = BaseDocTemplate(str(out), pagesize=A4, title=f"{seed.stem}", author="budgetkit fixtures")
    doc.addPageTemplates([
        PageTemplate(id="portrait", frames=[portrait_frame], pagesize=A4),
        PageTemplate(id="landscape", frames=[landscape_frame], pagesize=landscape(A4)),
    ])

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story: list = [NextPageTemplate("portrait")]
    story += [Paragraph(esc(ln), heading if i < 3 else body) for i, ln in enumerate(head)]
    for number, fragment in enumerate(raw.tables, start=1):
        width = max(len(r) for r in fragment.rows)
        wide = width >= 6
        story += [NextPageTemplate("landscape" if wide else "portrait"), PageBreak()]
        story.append(Paragraph(f"表 {number}", small))
        story.append(Paragraph(esc(fragment.title), heading))
        if fragment.unit_name:
            story.append(Paragraph(esc(f"单位名称： {fragment.unit_name}"), small))
        if fragment.money_unit:
            story.append(Paragraph(esc(f"单位： {fragment.money_unit}"), small))
        story.append(Spacer(1, 4))
        rows = [list(r) + [""] * (width - len(r)) for r in fragment.rows]
        available = (A4[1] if wide else A4[0]) - 2 * margin
        weights = [min(max((len(r[j]) for r in rows), default=1), 24) + 3 for j in range(width)]
        col_widths = [available * w / sum(weights) for w in weights]
        data = [[Paragraph(esc(c), cell) for c in r] for r in rows]
        header_rows = len(split_header(fragment.rows)[0])
        table = Table(data, colWidths=col_widths, repeatRows=header_rows)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        story.append(table)
        for note in fragment.notes:
            story.append(Paragraph(esc(note), small))
    story += [NextPageTemplate("portrait"), PageBreak()]
    story += [Paragraph(esc(ln), body) for ln in tail]
    doc.build(story)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    seed = Path(argv[0]) if argv else SEED
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "fixtures" / f"{seed.stem}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    print(render(seed, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
