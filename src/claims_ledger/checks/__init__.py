"""Validation checks: one module a check, each with CODES and check(ledger) -> findings.

A new check is one module plus one line in CHECKS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType

from ..findings import Finding
from ..loading import Ledger
from . import anchors, duplicates, evidence, identity, references, statuses, values

CHECKS: tuple[ModuleType, ...] = (
    identity,
    references,
    values,
    anchors,
    statuses,
    evidence,
    duplicates,
)

Check = Callable[[Ledger], Iterable[Finding]]


def run_checks(ledger: Ledger) -> list[Finding]:
    found: list[Finding] = []
    for module in CHECKS:
        found.extend(module.check(ledger))
    return found
