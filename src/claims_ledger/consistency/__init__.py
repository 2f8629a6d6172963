"""Consistency checks over the whole ledger: one module a check, one line a check below.

Each module declares TYPES (the FindingType of each finding it yields: see registry.py) and
check(ledger, context) yielding Discrepancy objects; its docstring is its documentation.
A new check, with a new finding type or not, is one module plus one `register` line here.
"""

from __future__ import annotations

from ..loading import Ledger
from . import ages, arithmetic, conflict, leader, many, spelling, timeline
from .base import Context, Discrepancy, build_context, merged
from .registry import CHECKS, FINDING_TYPES, FindingType, finding_type, register, run_checks

# The registry, in the order the report's summary counts the finding types first declared.
# Each type's rank orders the report: conflict 0, timeline 1, arithmetic 2, leader 3, review 4,
# spelling 5 (what cannot be true first, then what needs a reader, then spelling).
register(conflict)  # conflict, review
register(many)  # review
register(ages)  # conflict
register(spelling)
register(arithmetic)
register(timeline)
register(leader)

__all__ = [
    "CHECKS",
    "FINDING_TYPES",
    "Context",
    "Discrepancy",
    "FindingType",
    "build_context",
    "finding_type",
    "register",
    "run_consistency",
]


def run_consistency(ledger: Ledger, context: Context | None = None) -> list[Discrepancy]:
    """Every check's findings, those of a merging type joined, in the report's order."""
    context = context or build_context(ledger)
    found = run_checks(ledger, context)
    for kind in FINDING_TYPES.values():
        if kind.merge:
            found = merged(found, kind.name)
    return sorted(found, key=lambda d: (finding_type(d.type).rank, d.key, d.claims))
