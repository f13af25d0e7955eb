"""What a disclosure holds: the one place budgetkit's domain facts are written.

``kinds``       every table kind of 部门 and 单位, 预算 and 决算 disclosures: the words
                its title is recognised by, its classification, layout and measures
``vocabulary``  column headers → measures, named rows → items, 类 names → codes,
                department names → one key

Every stage — reading, tidying, the audit, ``compare``, the narratives, the charts and
the report — takes these facts from here; a new title or header synonym is one edit.
"""

from budgetkit.catalogue import figures, kinds, vocabulary

__all__ = ["figures", "kinds", "vocabulary"]
