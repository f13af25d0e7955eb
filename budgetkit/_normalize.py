"""Normalise once: cell text, header keys, titles, amounts and money units.

Every source (text, pdfplumber, tabula) hands its cells to these functions, so the
rest of the pipeline sees one canonical form whatever engine read the page:

* wrapped cell text is joined (whitespace between CJK characters disappears);
* ASCII parentheses become full-width and ASCII ``: , ;`` become full-width unless
  they sit between ASCII letters or digits (``1,564.22`` keeps its comma), because PDF
  engines disagree about which form a page used;
* amounts are parsed into :class:`~decimal.Decimal` and converted to 万元 exactly.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

#: Money units a table may declare, as the number of 元 in one unit.
MONEY_UNITS: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
WAN = MONEY_UNITS["万元"]

_WS = re.compile(r"\s+")
_BLANKS = {"", "-", "—", "–", "－", "--", "——", "/", "／"}
_NUMBER = re.compile(r"^[+-]?(\d+(,\d{3})*|\d*)(\.\d+)?$")
_FULLWIDTH = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"}
_QUOTES = str.maketrans({c: '"' for c in "“”‘’'「」"})


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=1 << 16)  # pure, and a document's cells and labels repeat: worth it on the hot path
def clean_text(text: str | None) -> str:
    """Canonical form of printed cell text.

    >>> clean_text("清远市清新区 政务服务数据 管理局")
    '清远市清新区政务服务数据管理局'
    >>> clean_text("政府办公厅(室)及相关机构事务")
    '政府办公厅（室）及相关机构事务'
    >>> clean_text("全区行政村通光纤 VPN 专网, 1,564.22")
    '全区行政村通光纤VPN专网，1,564.22'
    """
    if not text:
        return ""
    text = _WS.sub(" ", str(text).replace("\u3000", " ")).strip()
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            prev = out[-1] if out else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if prev and nxt and _is_ascii_word(prev) and _is_ascii_word(nxt):
                out.append(ch)
            continue
        if ch in _FULLWIDTH:
            prev = out[-1] if out else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if ch in "()" or not (_is_ascii_word(prev) and _is_ascii_word(nxt)):
                ch = _FULLWIDTH[ch]
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def key(text: str | None) -> str:
    """A matching key: NFKC, no whitespace, no "其中：" prefix, uniform quotes.

    >>> key("其中：基本支出")
    '基本支出'
    >>> key("事业单位经营支 出")
    '事业单位经营支出'
    """
    if not text:
        return ""
    k = unicodedata.normalize("NFKC", str(text))
    k = _WS.sub("", k)
    k = k.translate(_QUOTES)
    k = re.sub(r"^其中[:：]?", "", k)
    return k


#: A table's number label as publishers print it before its title, in every form met:
#: 公开05表, 预算01表, 预算表12, 附表1, 附件2, 部门公开表一, 表3-1, 表 1.
TABLE_LABEL = (
    r"(?:(?:部门)?(?:公开|预算|决算|附)?\s*表?\s*\d+(?:\s*[-—－]\s*\d+)*\s*表"
    r"|(?:部门)?(?:公开|预算|决算|附)?\s*表\s*(?:\d+|[一二三四五六七八九十]+(?!般))(?:\s*[-—－]\s*\d+)*"
    r"|附(?:件|表)\s*\d*(?:\s*[-—－]\s*\d+)*)"
)
#: A list enumerator before a title: 一、 （一） 1、
ENUMERATOR = r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))"
#: Either: the one pattern the title keys and kinds strip; the PDF reader strips the label from a
#: title as printed, and the text reader skips a line that is only a label.
TABLE_NUMBER = rf"(?:{TABLE_LABEL}|{ENUMERATOR})"
_TITLE_PREFIX = re.compile(rf"^\s*{TABLE_NUMBER}\s*[-—.．、:：]?\s*")
_YEAR_PREFIX = re.compile(r"^\s*(\d{4})\s*年度?\s*")


def title_key(text: str) -> str:
    """Key of a table title: :func:`key`, without 表N / ordinal / year prefixes.

    >>> title_key("表 1  2025年部门财务收支预算总表")
    '部门财务收支预算总表'
    >>> title_key("表3-1 一般公共预算支出预算表")
    '一般公共预算支出预算表'
    """
    t = unicodedata.normalize("NFKC", str(text))
    while True:
        stripped = _YEAR_PREFIX.sub("", _TITLE_PREFIX.sub("", t, count=1), count=1)
        if stripped == t:
            return key(t)
        t = stripped


_NUMBERING = re.compile(
    r"^(其中[:：]?)?\s*"
    r"(([一二三四五六七八九十百]+|\d+)[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．](?!\d))\s*"
)


def strip_numbering(name: str) -> str:
    """A row label without its list numbering or "其中：" prefix.

    >>> strip_numbering("二十一、国有资本经营预算支出")
    '国有资本经营预算支出'
    >>> strip_numbering("其中：（一）因公出国（境）支出")
    '因公出国（境）支出'
    >>> strip_numbering("1. 公务用车购置")
    '公务用车购置'
    """
    prev = None
    name = name.strip()
    while prev != name:
        prev = name
        name = _NUMBERING.sub("", name, count=1).strip()
        name = re.sub(r"^其中[:：]\s*", "", name)
    return name


def is_blank_amount(text: str | None) -> bool:
    """True for an empty cell or a dash that stands for "nothing published"."""
    return text is None or key(text) in _BLANKS


def parse_amount(text: str | None) -> Decimal | None:
    """Parse a printed amount exactly; ``None`` for a blank or dash cell.

    Raises :class:`ValueError` for text that is not a number.

    >>> parse_amount("1,564.22")
    Decimal('1564.22')
    >>> parse_amount("(16.40)")
    Decimal('-16.40')
    >>> parse_amount("—") is None
    True
    """
    value = _amount(text) if text is None or isinstance(text, str) else _amount(str(text))
    if value is _NOT_AN_AMOUNT:
        raise ValueError(f"not an amount: {text!r}")
    return value


def looks_like_amount(text: str | None) -> bool:
    """True when the cell holds a number (blank and dash cells do not)."""
    value = _amount(text) if text is None or isinstance(text, str) else _amount(str(text))
    return value is not None and value is not _NOT_AN_AMOUNT


_NOT_AN_AMOUNT = object()


def clear_caches() -> None:
    """Forget the cached texts and amounts (a benchmark timing a cold read)."""
    for cached in (clean_text, key, _amount):
        cached.cache_clear()


@lru_cache(maxsize=1 << 16)
def _amount(text: str | None):
    """The amount ``text`` prints, ``None`` for a blank, :data:`_NOT_AN_AMOUNT` for other
    text (cached: a table's cells are asked whether they are amounts, then parsed)."""
    if is_blank_amount(text):
        return None
    s = unicodedata.normalize("NFKC", text).replace(" ", "").replace("，", ",")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if not _NUMBER.match(s) or s in {"", ".", "+", "-"}:
        return _NOT_AN_AMOUNT
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex guards this
        return _NOT_AN_AMOUNT
    return -value if negative else value


def to_wan(value: Decimal, unit: str) -> Decimal:
    """Convert an amount printed in ``unit`` to 万元, exactly.

    >>> to_wan(Decimal("12345.67"), "元")
    Decimal('1.234567')
    """
    try:
        factor = MONEY_UNITS[unit]
    except KeyError:
        raise ValueError(f"unknown money unit {unit!r}; known: {', '.join(MONEY_UNITS)}") from None
    if factor == WAN:
        return value
    return (value * factor / WAN).normalize() if factor > WAN else value.scaleb(-4)


_UNIT_DECL = re.compile(r"(?:金额)?单位[:：]\s*(亿元|万元|元)")


def find_money_unit(text: str) -> str | None:
    """The money unit a line declares ("单位：万元"), if any."""
    m = _UNIT_DECL.search(unicodedata.normalize("NFKC", text).replace(" ", "").replace(":", "："))
    return m.group(1) if m else None
