"""Narrative: a year-over-year frame in, the sentences a report prints out (zh or en)."""

from budgetkit.narrative.sentences import narrate

__all__ = ["narrate"]
