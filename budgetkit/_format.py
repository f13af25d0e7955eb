"""Amounts and percentages as text: one place, two meanings.

* :func:`exact_amount` — for data (CSV, JSON, downloads): every digit the decimal holds,
  at least two decimals, no separators: ``1564.22``, ``1.234567``.
* :func:`display_amount` / :func:`display_percent` — for prose and pages: thousands
  separators, two decimals rounded half-up on the exact decimal: ``1,564.22``, ``9.02``.
* :func:`evidence_amount` / :func:`printed_percent` — for a finding's evidence: separators,
  and every decimal the figure has beyond two (a difference of 0.004 is not shown as
  0.00); a stated percentage as the document printed it.

None of them ever goes through a float; :func:`decimal_or_none` is the one way a cell that
may be missing (None, ``pd.NA``, NaN, "") becomes ``None`` and a figure a ``Decimal``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def decimal_or_none(value) -> Decimal | None:
    """A figure as a ``Decimal``; ``None`` for a missing one (None, ``pd.NA``, NaN, "", text
    that is no number). A float is taken by its shortest text, never by its binary value.

    >>> decimal_or_none(Decimal("1.50")), decimal_or_none("12.3"), decimal_or_none(None), decimal_or_none("")
    (Decimal('1.50'), Decimal('12.3'), None, None)
    >>> import pandas as pd; decimal_or_none(pd.NA), decimal_or_none(float("nan")), decimal_or_none("n/a")
    (None, None, None)
    """
    if value is None or isinstance(value, Decimal):
        return value if value is None or value == value else None
    if isinstance(value, float) and value != value:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:  # "", "<NA>", text that is no number
        return None
    return None if number.is_nan() else number


def exact_amount(value: Decimal) -> str:
    """Exact amount as text, with at least two decimals.

    >>> exact_amount(Decimal("1564.220000")), exact_amount(Decimal("1.234567")), exact_amount(Decimal("5E+1"))
    ('1564.22', '1.234567', '50.00')
    """
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def display_amount(value: Decimal) -> str:
    """An amount in 万元 as a document prints it: thousands separators, two decimals.

    Rounded half-up on the exact decimal; an amount that would print as 0.00 but is not
    zero prints exactly instead.

    >>> display_amount(Decimal("1564.22"))
    '1,564.22'
    >>> display_amount(Decimal("0.005"))
    '0.01'
    >>> display_amount(Decimal("0.004"))
    '0.004'
    >>> display_amount(Decimal("-12345.675"))
    '-12,345.68'
    """
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded == 0:
        return "0.00" if value == 0 else format(value.normalize(), "f")
    return f"{rounded:,.2f}"


def display_percent(change: Decimal, previous: Decimal) -> str:
    """``|change| / |previous|`` in percent, two decimals rounded half-up exactly.

    Computed in integers, so no intermediate rounding can move the last digit; a
    non-zero percentage below 0.005 prints as ``<0.01``.

    >>> display_percent(Decimal("129.41"), Decimal("1434.81"))
    '9.02'
    >>> display_percent(Decimal("763.61"), Decimal("36.31"))
    '2103.03'
    >>> display_percent(Decimal("0.000001"), Decimal("1000"))
    '<0.01'
    """
    num, den = abs(change), abs(previous)
    exponent = min(num.as_tuple().exponent, den.as_tuple().exponent, 0)
    num_i, den_i = int(num.scaleb(-exponent)), int(den.scaleb(-exponent))
    hundredths = (2 * num_i * 10_000 + den_i) // (2 * den_i)  # half-up of num/den * 100 * 100
    if hundredths == 0 and num_i:
        return "<0.01"
    return f"{Decimal(hundredths).scaleb(-2):.2f}"


def evidence_amount(value: Decimal | None) -> str:
    """A figure of a finding: separators, two decimals, and any decimal beyond them kept.

    >>> evidence_amount(Decimal("9078.520000")), evidence_amount(Decimal("0.004")), evidence_amount(None)
    ('9,078.52', '0.004', '')
    """
    if value is None:
        return ""
    q = value.quantize(CENT) if value == value.quantize(CENT) else value.normalize()
    return f"{q:,f}"


def printed_percent(value: Decimal) -> str:
    """A percentage as the document printed it, without the frame's trailing zeros.

    >>> printed_percent(Decimal("71.730000")), printed_percent(Decimal("100.000000")), printed_percent(Decimal("9"))
    ('71.73', '100', '9')
    """
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
