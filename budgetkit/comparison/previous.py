"""The previous year as a document's own 情况说明 states it ("比上年增加129.41万元"): the
headline figures of a :class:`NarrativeYear`, to compare with when no previous document is given."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from budgetkit.catalogue import figures
from budgetkit.errors import ComparisonError
from budgetkit.tidy.document import BudgetDocument
from budgetkit.tidy.schema import AMOUNT_DTYPE, QUANTUM

_DECREASE = frozenset({"decrease", "down", "减少", "下降", "降低", "压减", "-"})


_FLAT = frozenset({"flat", "equal", "same", "unchanged", "持平", "不变", "一致", "0"})


@dataclass(frozen=True)
class NarrativeYear:
    """The previous year's headline figures, derived from a document's own narrative.

    Attributes
    ----------
    department, year, phase
        Whose figures, and for which year (the document's year minus one).
    source
        The document the sentences come from.
    figures
        One row per figure: ``subject`` (claim subject id), ``table``, ``side``,
        ``item``, ``measure``, ``name``, ``amount`` (万元, exact: the amount stated
        minus the change stated), ``stated_amount``, ``stated_change``, ``sentence``.
    """

    department: str
    year: int
    phase: str
    source: str
    figures: pd.DataFrame

    def __repr__(self) -> str:
        return (f"<NarrativeYear {self.department} {self.year} (derived from the narrative of {self.source}): "
                f"{len(self.figures)} figures>")


def _as_decimal(value) -> Decimal | None:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if value != value:  # NaN: a missing value
            return None
        raise ComparisonError("amounts must be exact decimals, not floats")
    text = str(value).strip().replace(",", "")
    return Decimal(text) if text else None


def previous_from_narrative(doc: BudgetDocument, claims: pd.DataFrame | None = None) -> NarrativeYear:
    """The previous year's headline figures as the document's narrative states them.

    Each claim "X万元，比上年增加/减少 Y万元" gives the previous year's figure X ∓ Y,
    exactly. Only the headline subjects of :data:`NARRATIVE_SUBJECTS` are kept; of
    several claims about one subject the first in the text wins. A claim compared with
    something other than the previous year's budget (a 预算执行数, say) is not one.

    Parameters
    ----------
    doc
        The current year's document.
    claims
        Its narrative claims (:func:`budgetkit.claims`); read from ``doc`` when omitted.

    Raises
    ------
    ComparisonError
        The narrative states no change for any headline subject.
    """
    if claims is None:
        from budgetkit.audit.claims import claims as read_claims  # the claims stage: imported on use

        claims = read_claims(doc)
    records = [f for row in _headline_claims(claims, doc.year) for f in _claim_to_figures(row)]
    if not records:
        raise ComparisonError(
            f"{doc.department} {doc.year}: the narrative states no change from the previous year for "
            f"any of {', '.join(NARRATIVE_SUBJECTS)}; give the previous year's document instead"
        )
    figures = pd.DataFrame.from_records(records).drop_duplicates(["table", "side", "item", "measure"])
    for col in ("amount", "stated_amount", "stated_change"):
        figures[col] = figures[col].astype(AMOUNT_DTYPE)
    return NarrativeYear(department=doc.department, year=doc.year - 1, phase=doc.phase,
                         source=", ".join(doc.sources), figures=figures)


def _headline_claims(claims: pd.DataFrame, year: int) -> list[dict]:
    if claims is None or len(claims) == 0:
        return []
    missing = {"subject", "amount"} - set(claims.columns)
    if missing:
        raise ComparisonError(f"claims lack the columns {sorted(missing)}")
    rows = claims[claims["subject"].isin(NARRATIVE_SUBJECTS)]
    if "position" in rows:
        rows = rows.sort_values("position", kind="stable")
    seen, out = set(), []
    for row in rows.to_dict("records"):
        if row["subject"] in seen or _previous_of(row) is None or not _against_previous_budget(row, year):
            continue
        seen.add(row["subject"])
        out.append(row)
    return out


def _previous_of(claim: dict) -> Decimal | None:
    previous = _as_decimal(claim.get("previous"))
    if previous is not None:
        return previous
    amount, change = _as_decimal(claim.get("amount")), _as_decimal(claim.get("change"))
    direction = str(claim.get("direction") or "").strip().lower()
    if amount is None:
        return None
    if direction in _FLAT and change in (None, Decimal(0)):
        return amount
    if change is None:
        return None
    if direction in _DECREASE:
        return amount + abs(change)
    if direction:
        return amount - abs(change)
    return amount - change  # a signed change


def _against_previous_budget(claim: dict, year: int) -> bool:
    """True for a claim that compares with the previous year's budget (not a 执行数 or 决算)."""
    compared_to = claim.get("compared_to")
    if compared_to is not None and compared_to is not pd.NA and int(compared_to) != year - 1:
        return False
    return not any(word in str(claim.get("sentence") or "") for word in ("执行数", "决算数"))


def _claim_to_figures(claim: dict) -> list[dict]:
    previous = _previous_of(claim)
    label = str(claim.get("label") or "") or figures.figure(claim["subject"]).zh
    return [{
        "subject": claim["subject"], "table": place.table, "side": place.side, "item": place.item,
        "measure": place.measures[0], "name": label, "amount": previous.quantize(QUANTUM),
        "stated_amount": _as_decimal(claim.get("amount")), "stated_change": _as_decimal(claim.get("change")),
        "sentence": str(claim.get("sentence") or ""),
    } for place in figures.recorded_at(claim["subject"])]


def figures_to_lines(year: NarrativeYear) -> pd.DataFrame:
    f = year.figures
    return pd.DataFrame({
        "table": f["table"], "classification": "", "code": "", "item": f["item"], "unit": "",
        "side": f["side"], "measure": f["measure"], "level": pd.array([pd.NA] * len(f), dtype="Int8"),
        "name": f["name"], "amount": f["amount"],
    })


#: Figures a year-over-year comparison speaks of (:mod:`budgetkit.catalogue.figures`): the
#: headline figures, the rows of the “三公” table, and a statement of headline figures at
#: once (``income_expenditure_total``: "收、支预算总计各增加…"). Of a narrative, only these
#: are kept as the previous year.
NARRATIVE_SUBJECTS: tuple[str, ...] = tuple(
    f.id for f in figures.FIGURES.values()
    if f.id in figures.HEADLINE or f.id in figures.THREE_PUBLIC_TABLE
    or (f.states and all(s in figures.HEADLINE for s in f.states))
)
