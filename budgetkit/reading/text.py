"""Text source: a disclosure extracted to text, tables as tab-separated lines.

This is the form of the seed document: prose paragraphs, and for each page of a table
its title, "单位名称：…", "单位：万元", the header rows and the data rows, each cell
separated by a tab, then "注：" lines. A table continued on the next page repeats its
title and headers. Pages are not marked otherwise, so the *page* of a fragment is its
ordinal among the table pages of the text.
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetkit._normalize import TABLE_LABEL, find_money_unit, key
from budgetkit.catalogue import kinds
from budgetkit.errors import SourceError
from budgetkit.reading.raw import RawDocument, RawTable

_SECTION = re.compile(r"^第[一二三四五六七八九十]+部分")
_NARRATIVE_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分.*情况说明\s*$")
_UNIT_NAME = re.compile(r"^(?:单位名称|部门名称|编制单位)\s*[:：]\s*(.*)$")
_TABLE_NUMBER = re.compile(rf"{TABLE_LABEL}\s*$")


def read_text(path: str | Path) -> RawDocument:
    """Read a text disclosure into a :class:`RawDocument`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder; give the disclosure's files") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise SourceError(f"{path}: the file is empty")
    if b"\x00" in data[:4096]:
        raise SourceError(f"{path}: binary data, not text; give a .txt extraction or a PDF")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise SourceError(f"{path}: not UTF-8 or GB18030 text")
    return parse_text(text, source=str(path))


def _is_title(lines: list[str], i: int) -> bool:
    """Whether line ``i`` opens a table page."""
    line = lines[i].strip()
    if not line or "\t" in line or line.startswith("-") or len(line) > 80:
        return False
    if kinds.match(line) is not None:
        return _table_follows(lines, i)
    return key(line).endswith("表") and _table_follows(lines, i)


def _table_follows(lines: list[str], i: int) -> bool:
    """A tab row comes after only blank, 单位名称 and 单位 lines."""
    for nxt in lines[i + 1 : i + 12]:
        s = nxt.strip()
        if "\t" in nxt:
            return True
        if not s or _UNIT_NAME.match(s) or find_money_unit(s) or _TABLE_NUMBER.match(s):
            continue
        return False
    return False


def parse_text(text: str, source: str = "") -> RawDocument:
    """Split disclosure text into table fragments and prose."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tables: list[RawTable] = []
    prose: list[str] = []
    narrative: list[str] | None = None
    narrative_done = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if _is_title(lines, i):
            fragment, i = _read_fragment(lines, i, page=len(tables) + 1, source=source)
            tables.append(fragment)
            continue
        if _NARRATIVE_HEADING.match(stripped) and not _is_toc_entry(lines, i):
            narrative, narrative_done = [stripped], False
        elif _SECTION.match(stripped) and narrative is not None and len(narrative) > 1:
            narrative_done = True
        if stripped and not _TABLE_NUMBER.match(stripped):
            prose.append(stripped.replace("\t", " "))
            if narrative is not None and not narrative_done and stripped != narrative[0]:
                narrative.append(stripped.replace("\t", " "))
        i += 1
    return RawDocument(
        sources=(source,),
        tables=tuple(tables),
        text="\n".join(prose),
        narrative="\n".join(narrative or []),
        pages=len(tables),
    )


def _is_toc_entry(lines: list[str], i: int) -> bool:
    """A 第三部分 heading in the table of contents is followed by another heading."""
    for nxt in lines[i + 1 : i + 4]:
        if nxt.strip():
            return bool(_SECTION.match(nxt.strip()))
    return True


def _read_fragment(lines: list[str], i: int, page: int, source: str) -> tuple[RawTable, int]:
    title = lines[i].strip()
    unit_name = money_unit = ""
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    i += 1
    while i < len(lines):
        raw = lines[i]
        s = raw.strip()
        if _is_title(lines, i) or _SECTION.match(s):
            break
        if "\t" in raw and not notes:
            rows.append(tuple(cell.strip() for cell in raw.split("\t")))
        elif s:
            m = _UNIT_NAME.match(s)
            if m and not rows:
                unit_name = m.group(1).strip()
            elif find_money_unit(s) and not rows:
                money_unit = find_money_unit(s) or ""
            elif _TABLE_NUMBER.match(s):
                pass
            else:
                notes.append(s)
        i += 1
    return RawTable(
        title=title, rows=tuple(rows), page=page, unit_name=unit_name,
        money_unit=money_unit, notes=tuple(notes), source=source,
    ), i

