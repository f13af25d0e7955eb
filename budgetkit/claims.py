"""Sentences of the 情况说明 → structured claims.

A *claim* is one figure the narrative states about a subject, with the change and
percentage it gives against the previous year::

    收入预算1,564.22万元，比上年增加129.41万元，增长9.02%

becomes ``subject="income", amount=1564.22, change=129.41, direction="increase",
percent=9.02, previous=1434.81, compared_to=2022``.

The reading tolerates what official text does: line breaks inside a sentence, spaces
around numbers, thousands separators (``1,564.22``), ASCII or full-width punctuation,
a doubled verb (``增加增加``), a parenthetical between a figure and its change (the
公务用车 sentence of the seed) and comparisons against a stated year
(``比2024年预算减少876.75万元``).

The conversions, in order: :func:`compact_text` (text → matching form with a map back
to positions in ``doc.narrative``), :func:`text_to_claims` (matching form → claim
records), :func:`claims` (document → frame).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .catalogue import figures
from .schema import AMOUNT_DTYPE

#: Columns of the claims frame, in order.
CLAIM_COLUMNS = ("subject", "label", "amount", "change", "direction", "percent", "previous",
                 "compared_to", "sentence", "position")

# A 收入预算 / 支出预算 that belongs to a part (其他资金收入预算, 基本支出预算 …) is no headline.
_NOT_QUALIFIED = r"(?<!资金)(?<!基金)(?<!其他)(?<!事业)(?<!经营)(?<!基本)(?<!项目)(?<!预算)(?<!拨款)"

# Label patterns of each subject a claim can name (a figure of budgetkit.catalogue.figures).
# Longer labels come first where one label contains another (财政拨款支出预算 before 支出预算).
_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Never a qualified figure: 「财政拨款收支总预算」 is no 收支总预算, 「政府性基金预算财政拨款收入」 no 财政拨款收入.
    ("income_expenditure_total", tuple(r"(?<!财政拨款)" + p for p in (
        r"收入、支出预算总计", r"收、支预算总计", r"收支预算总计", r"收入、支出总预算", r"收支总预算"))),
    ("fiscal", (r"(?<!预算)财政拨款收入(?:预算)?",)),
    ("fiscal_expenditure", (r"财政拨款支出预算",)),
    ("general_public_expenditure", (r"一般公共预算(?:拨款)?支出预算",)),
    ("gov_fund_expenditure", (r"政府性基金(?:预算)?(?:拨款)?支出预算",)),
    ("state_capital_expenditure", (r"国有资本经营预算(?:拨款)?支出预算",)),
    ("basic", (r"(?<!预算)(?<!拨款)基本支出(?:预算)?",)),
    ("project", (r"(?<!预算)(?<!拨款)项目支出(?:预算)?",)),
    ("income", (_NOT_QUALIFIED + r"收入预算(?:总计|总额|合计)?", _NOT_QUALIFIED + r"收入总预算")),
    ("expenditure", (_NOT_QUALIFIED + r"支出预算(?:总计|总额|合计)?", _NOT_QUALIFIED + r"支出总预算")),
    ("three_public", (r"\"三公\"经费(?:预算)?", r"三公经费(?:预算)?")),
    ("overseas_travel", (r"因公出国\(境\)(?:费用|费|经费)",)),
    ("vehicle", (r"公务(?:用)?车(?:辆)?购置及运行(?:维护|维修)?(?:费用|费|经费)?",)),
    ("vehicle_purchase", (r"公务(?:用)?车(?:辆)?购置(?:费用|费|经费)", r"公务(?:用)?车(?:辆)?购置(?=预算)")),
    ("vehicle_operation", (r"公务(?:用)?车(?:用车)?运行(?:维护|维修)?(?:费用|费|经费)",)),
    ("reception", (r"公务接待(?:费用|费|经费)",)),
    ("meeting", (r"会议费",)),
    ("training", (r"培训费",)),
    ("office_operation", (r"机关运行经费", r"行政经费")),
    ("procurement_goods", (r"货物类(?:采购)?(?:预算)?", r"政府采购货物(?:预算)?", r"拟采购货物(?:支出)?")),
    ("procurement_works", (r"工程类(?:采购)?(?:预算)?", r"政府采购工程(?:预算)?", r"拟采购工程(?:支出)?")),
    ("procurement_services", (r"服务类(?:采购)?(?:预算)?", r"政府采购服务(?:预算)?", r"拟购买服务(?:支出)?")),
    ("procurement", (r"政府采购(?!项目)(?:预算|支出预算)?",)),
)

#: Subjects a claim can name: figure id → (its name, label patterns); see
#: :data:`budgetkit.catalogue.figures.FIGURES` for what each figure is and where it is printed.
SUBJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    subject: (figures.FIGURES[subject].zh, patterns) for subject, patterns in _PATTERNS
}

#: The parts a claim's subject is made of (``three_public`` = its three parts …).
PARTS: dict[str, tuple[str, ...]] = figures.PARTS

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Words allowed between a subject and its figure: 安排, 预算数为, 预算支出 … (no digits,
# no clause punctuation).
_FILLER = r"(?:(?![增减占比于差])[^\d,;。:!?%()\"]){0,12}?"
_SUBJECT = re.compile(
    "(?P<label>" + "|".join(f"(?P<{sid}>{'|'.join(pats)})" for sid, (_, pats) in SUBJECTS.items()) + ")"
    + _FILLER + r"(?P<amount>" + _AMOUNT + r")万元"
)
_INCREASE = ("增加", "增长", "上升", "提高", "大于", "高于", "多")
_DECREASE = ("减少", "下降", "降低", "小于", "低于", "减", "少")
_FLAT = ("持平", "相同", "相等", "等于", "一致", "不变", "无变化", "无增减")
_COMPARISON = re.compile(
    r",?(?:\([^()]{0,200}\))?,?(?:本年数?)?"
    r"(?:与|比|较|同比)(?:上年|上一年度?|去年|(?P<year>(?:19|20)\d{2})年)(?:\([^()]{0,40}\))?"
    r"[^\d,;。%]{0,14}?"
    r"(?P<verb>" + "|".join(_FLAT + _INCREASE + _DECREASE) + r")(?:增加|减少|了)?(?:\((?:增加|减少)\))?"
    r"(?:(?P<change>" + _AMOUNT + r")万元)?"
    r"(?:,?(?:增长|下降|增幅|降幅|减幅|上升|减少|增加|降低|提高|幅度)?(?:\((?:增加|减少|下降)\))?(?:为|了)?(?P<percent>\d+(?:\.\d+)?)%)?"
)
# 本年数小于上年预算数29.65万元: the verb before the base.
_COMPARISON_BEFORE = re.compile(
    r",?本年数?(?P<verb>小于|大于|低于|高于|等于)上年度?(?:预算)?数?"
    r"(?:(?P<change>" + _AMOUNT + r")万元)?(?P<percent>)(?P<year>)"
)
_CHANGE_VERBS = {"增加", "减少", "调增", "调减", "增长", "下降", "压减", "减了"}
# Page numbers printed into the running text by PDF extraction: —5—, -12-.
_PAGE_NUMBER = re.compile(r"[—－-]\d{1,3}[—－-]")
_CLAUSE_END = re.compile(r"[。;；]")


@dataclass(frozen=True)
class CompactText:
    """Narrative text in matching form, with the position of each character in the original."""

    text: str
    positions: tuple[int, ...]

    def origin(self, i: int) -> int:
        """Position in the original text of character ``i`` of the compact text."""
        return self.positions[i] if i < len(self.positions) else (self.positions[-1] + 1 if self.positions else 0)


def compact_text(text: str) -> CompactText:
    """Whitespace removed, full-width forms folded (NFKC per character), quotes made uniform.

    >>> compact_text("收入预算1，564.22 万元").text
    '收入预算1,564.22万元'
    """
    chars, positions = [], []
    for i, ch in enumerate(text or ""):
        if ch.isspace():
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) != 1:
            folded = ch
        if folded in "“”「」『』‘’'":
            folded = '"'
        chars.append(folded)
        positions.append(i)
    joined = "".join(chars)
    for m in reversed(list(_PAGE_NUMBER.finditer(joined))):
        del chars[m.start():m.end()]
        del positions[m.start():m.end()]
    return CompactText("".join(chars), tuple(positions))


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text.replace(",", ""))


def _direction(verb: str | None) -> str:
    if not verb:
        return ""
    if verb in _FLAT:
        return "flat"
    return "increase" if verb in _INCREASE else "decrease"


def _sentence(original: str, start: int, end: int) -> str:
    """The clause of ``original`` from ``start`` to the next 。/； after ``end``, on one line."""
    m = _CLAUSE_END.search(original, end)
    stop = m.end() if m else len(original)
    return re.sub(r"\s+", "", original[start:stop])


def text_to_claims(text: str, year: int | None = None) -> list[dict]:
    """Claim records of a narrative text (see :func:`claims` for the fields).

    >>> [c["subject"] for c in text_to_claims("“三公”经费8.50万元，比上年减少16.40万元，下降65.86%。", 2023)]
    ['three_public']
    """
    compact = compact_text(text)
    s = compact.text
    records = []
    for m in _SUBJECT.finditer(s):
        if s[max(m.start() - 2, 0):m.start()] in _CHANGE_VERBS:
            continue  # 增加基本支出844.15万元: a change, not the subject's amount
        subject = next(sid for sid in SUBJECTS if m.group(sid) is not None)
        amount = _decimal(m.group("amount"))
        cmp = _COMPARISON.match(s, m.end()) or _COMPARISON_BEFORE.match(s, m.end())
        change = percent = None
        direction, compared_to, end = "", None, m.end()
        if cmp:
            direction = _direction(cmp.group("verb"))
            change = _decimal(cmp.group("change"))
            percent = _decimal(cmp.group("percent") or None)
            if direction == "flat":
                change = Decimal(0)
            elif change is not None and direction == "decrease":
                change = -change
            if direction != "flat" and change == 0:
                direction = "flat"
            if cmp.group("year"):
                compared_to = int(cmp.group("year"))
            end = cmp.end()
        if compared_to is None and year is not None:
            compared_to = year - 1
        start = compact.origin(m.start())
        records.append({
            "subject": subject,
            "label": re.sub(r"\s+", "", text[start:compact.origin(m.end("label") - 1) + 1]),
            "amount": amount,
            "change": change,
            "direction": direction,
            "percent": percent,
            "previous": amount - change if change is not None else None,
            "compared_to": compared_to,
            "sentence": _sentence(text, start, compact.origin(max(end - 1, m.start()))),
            "position": start,
        })
    return records


def claims_frame(records: list[dict]) -> pd.DataFrame:
    """Claim records → the claims frame, exact decimals in the schema's decimal dtype."""
    frame = pd.DataFrame.from_records(records, columns=list(CLAIM_COLUMNS))
    for col in ("amount", "change", "percent", "previous"):
        frame[col] = pd.array([None if v is None or v is pd.NA else v for v in frame[col]], dtype=AMOUNT_DTYPE)
    for col in ("subject", "label", "direction", "sentence"):
        frame[col] = frame[col].astype(str)
    frame["compared_to"] = frame["compared_to"].astype("Int64")
    frame["position"] = frame["position"].astype("int64")
    return frame


def claims(doc) -> pd.DataFrame:
    """Structured claims of a document's 情况说明, one row per stated figure.

    Parameters
    ----------
    doc
        A :class:`~budgetkit.document.BudgetDocument`.

    Returns
    -------
    pandas.DataFrame
        ``subject`` (canonical id: ``income``, ``expenditure``, ``income_expenditure_total``,
        ``three_public`` and its parts, ``office_operation``, ``procurement`` and its
        parts … see :data:`SUBJECTS`), ``label`` (as printed), ``amount`` (万元, exact),
        ``change`` (signed, null when not stated; 0 for 持平), ``direction``
        (``increase`` / ``decrease`` / ``flat`` / empty), ``percent`` (as printed,
        unsigned, null when not stated), ``previous`` (amount − change, null when no
        change is stated), ``compared_to`` (the year compared with), ``sentence`` (the
        source clause) and ``position`` (offset of the label in ``doc.narrative``).

    Examples
    --------
    >>> c = budgetkit.claims(budgetkit.read("data/raw/gd-qingxin-zwfw-2023-budget.txt"))  # doctest: +SKIP
    >>> c.set_index("subject").loc["income", ["amount", "change", "percent"]]  # doctest: +SKIP
    """
    return claims_frame(text_to_claims(doc.narrative, doc.year))
