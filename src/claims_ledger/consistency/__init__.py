"""Consistency checks over the whole ledger: one module a discrepancy type.

Each module has TYPES and check(ledger, context) yielding Discrepancy objects. A new check is
one module plus one line in CHECKS.
"""

from __future__ import annotations

from types import ModuleType

from ..loading import Ledger
from . import ages, arithmetic, conflict, leader, many, spelling, timeline
from .base import Context, Discrepancy, build_context, merged

CHECKS: tuple[ModuleType, ...] = (conflict, many, ages, spelling, arithmetic, leader, timeline)

# Report order: what cannot be true first, then what needs a reader, then spelling.
ORDER = {
    "conflict": 0,
    "timeline": 1,
    "arithmetic": 2,
    "leader": 3,
    "review": 4,
    "spelling": 5,
}

__all__ = ["CHECKS", "Context", "Discrepancy", "build_context", "run_consistency"]


def run_consistency(ledger: Ledger, context: Context | None = None) -> list[Discrepancy]:
    context = context or build_context(ledger)
    found: list[Discrepancy] = []
    for module in CHECKS:
        found.extend(module.check(ledger, context))
    found = merged(found, "conflict")
    return sorted(found, key=lambda d: (ORDER.get(d.type, len(ORDER)), d.key, d.claims))
