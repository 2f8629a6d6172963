"""Validation checks: one module a check, each with CODES and check functions -> findings.

Each check function is registered once in REGISTRY with its scope, and the engine decides
from the scope where it runs. A new check is one module plus one line in REGISTRY.

- Scope.CLAIM: judges one claim against the vocabulary (documents, seeds, entities,
  properties). The engine runs it on each claim file alone, in worker processes, and caches
  its findings with the file's outcome.
- Scope.LEDGER: judges the ledger as a whole. `validate` runs it over every claim; the fast
  `validate_all` runs it once, on the ledger without claim records, and settles the three
  judgements across claims (unknown-claim, refuting-claim-unverified, duplicate-claim) from
  what each file's outcome sends back (parallel.py). A new check across claims needs that
  path taught too; a new check of the vocabulary does not.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from types import ModuleType

from ...findings import Finding
from ...records.loading import Ledger
from . import anchors, duplicates, evidence, identity, references, statuses, values


class Scope(Enum):
    CLAIM = "claim"  # one claim and the vocabulary
    LEDGER = "ledger"  # the whole ledger


@dataclass(frozen=True, slots=True)
class Check:
    """One registered check function and the scope it judges."""

    run: Callable[[Ledger], Iterable[Finding]]
    scope: Scope

    @property
    def module(self) -> ModuleType:
        return sys.modules[self.run.__module__]


REGISTRY: tuple[Check, ...] = (
    Check(identity.check, Scope.CLAIM),
    Check(identity.duplicate_ids, Scope.LEDGER),
    Check(references.within, Scope.LEDGER),
    Check(references.check, Scope.CLAIM),
    Check(references.claim_links, Scope.LEDGER),
    Check(values.check, Scope.CLAIM),
    Check(anchors.check, Scope.CLAIM),
    Check(statuses.check, Scope.CLAIM),
    Check(evidence.check, Scope.CLAIM),
    Check(evidence.refuting, Scope.LEDGER),
    Check(duplicates.check, Scope.LEDGER),
)

# The check modules, in the order of the registry: their CODES and user docs.
CHECKS: tuple[ModuleType, ...] = tuple(dict.fromkeys(check.module for check in REGISTRY))


def run_checks(ledger: Ledger, scope: Scope | None = None) -> list[Finding]:
    """The findings of every registered check of `scope` (None: of every check)."""
    found: list[Finding] = []
    for run in _runs(REGISTRY, scope):
        found.extend(run(ledger))
    return found


# The check functions of each scope, with the registry they were chosen from.
_CHOSEN: dict[
    Scope | None, tuple[tuple[Check, ...], tuple[Callable[[Ledger], Iterable[Finding]], ...]]
] = {}


def _runs(
    registry: tuple[Check, ...], scope: Scope | None
) -> tuple[Callable[[Ledger], Iterable[Finding]], ...]:
    """The check functions of `scope`, in registry order: chosen once, not once a file. A
    registry replaced by a test is another object, so its functions are chosen again (an
    identity test: hashing the registry's eleven checks cost more than choosing them)."""
    chosen = _CHOSEN.get(scope)
    if chosen is not None and chosen[0] is registry:
        return chosen[1]
    runs = tuple(check.run for check in registry if scope is None or check.scope is scope)
    _CHOSEN[scope] = (registry, runs)
    return runs
