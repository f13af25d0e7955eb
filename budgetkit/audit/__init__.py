"""The audit: takes a tidy :class:`~budgetkit.tidy.document.BudgetDocument`, gives an :class:`Audit`.

Every identity the document's tables and narrative allow is checked once, by the rule
families below, each rule's tolerance declared in :data:`rules.RULES`:

- :mod:`.engine` — the auditor: one pass over the lines, how an identity is checked and
  what severity its failure takes (a table read with doubts gives warnings, not errors);
- :mod:`.within` — within one table: rows, columns, the 类/款/项 hierarchy, two-sided
  tables, units, “三公” parts;
- :mod:`.cross` — between tables: totals, 财政拨款 by class, 基本支出 by economic class …;
- :mod:`.claims` and :mod:`.prose` — the narrative's sentences parsed, and checked against
  the tables and against themselves;
- :mod:`.completeness` — tables listed but missing, empty without a note, naming;
- :mod:`.result` — the :class:`Audit` (findings and identities frames, JSON, HTML);
- :mod:`.evaluate` — a view over the identities, plus table coverage against the contents page;
- :mod:`.locate` — where a finding's figures sit on the printed page.
"""

from budgetkit.audit.checks import check
from budgetkit.audit.claims import claims
from budgetkit.audit.engine import reading_doubts
from budgetkit.audit.result import Audit, audit_json
from budgetkit.audit.rules import RULES, rules

__all__ = ["RULES", "Audit", "audit_json", "check", "claims", "reading_doubts", "rules"]
