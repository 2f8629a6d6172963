"""Validation checks: one module a check, each with CODES and check functions -> findings.

Each check function is registered once in REGISTRY with its scope, and the engine decides
from the scope where it runs. A new check is one module plus one line in REGISTRY.

- Scope.CLAIM: judges one claim against the vocabulary (documents, seeds, entities,
  properties). The engine runs it on each claim file alone, in worker processes, and caches
  its findings with the file's outcome. Its `each` function, when it has one, judges one
  claim given the vocabulary itself (claim_findings), with no one-claim ledger made for it;
  `run` over a ledger must find what `each` finds claim by claim.
- Scope.LEDGER: judges the ledger as a whole. `validate` runs it over every claim; the fast
  `validate_all` runs it once, on the ledger without claim records, and settles the three
  judgements across claims (unknown-claim, refuting-claim-unverified, duplicate-claim) from
  what each file's outcome sends back (parallel.py). A new check across claims needs that
  path taught too; a new check of the vocabulary does not.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from types import ModuleType
from typing import Any

from ...findings import Finding
from ...records.loading import Ledger
from ...records.models import Claim
from . import anchors, duplicates, evidence, identity, references, statuses, values


class Scope(Enum):
    CLAIM = "claim"  # one claim and the vocabulary
    LEDGER = "ledger"  # the whole ledger


# One claim's findings from one check: (the vocabulary, the claim's id, the claim, its file,
# its anchor or AnchorProblem or None); empty, and best not a new object, when it has none.
ClaimCheck = Callable[[Ledger, str, Claim, str, Any], Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """One registered check function and the scope it judges (with, for a claim check, its
    function of one claim: see claim_findings)."""

    run: Callable[[Ledger], Iterable[Finding]]
    scope: Scope
    each: ClaimCheck | None = None

    @property
    def module(self) -> ModuleType:
        return sys.modules[self.run.__module__]


REGISTRY: tuple[Check, ...] = (
    Check(identity.check, Scope.CLAIM, identity.claim_check),
    Check(identity.duplicate_ids, Scope.LEDGER),
    Check(references.within, Scope.LEDGER),
    Check(references.check, Scope.CLAIM, references.claim_check),
    Check(references.claim_links, Scope.LEDGER),
    Check(values.check, Scope.CLAIM, values.claim_check),
    Check(anchors.check, Scope.CLAIM, anchors.claim_check),
    Check(statuses.check, Scope.CLAIM, statuses.claim_check),
    Check(evidence.check, Scope.CLAIM, evidence.claim_check),
    Check(evidence.refuting, Scope.LEDGER),
    Check(duplicates.check, Scope.LEDGER),
)

# The check modules, in the order of the registry: their CODES and user docs.
CHECKS: tuple[ModuleType, ...] = tuple(dict.fromkeys(check.module for check in REGISTRY))


def run_checks(ledger: Ledger, scope: Scope | None = None) -> list[Finding]:
    """The findings of every registered check of `scope` (None: of every check)."""
    found: list[Finding] = []
    for check in _chosen(REGISTRY, scope):
        found.extend(check.run(ledger))
    return found


def claim_findings(vocabulary: Ledger, claim: Claim, rel: str, anchor: Any) -> list[Finding]:
    """The findings of every claim check on one claim, in registry order, judged against the
    vocabulary (a ledger without claims): what `run_checks(alone(...), Scope.CLAIM)` finds,
    with no ledger made but for a check that has no `each`."""
    found: list[Finding] = []
    claim_id = claim.id
    for each, run in _claim_functions(REGISTRY):
        if each is not None:
            more = each(vocabulary, claim_id, claim, rel, anchor)
            if more:
                found.extend(more)
        else:
            found.extend(run(alone(vocabulary, claim, rel, anchor)))
    return found


def alone(vocabulary: Ledger, claim: Claim, rel: str, anchor: Any) -> Ledger:
    """The vocabulary with this claim alone and its anchor (None: it has none): a new
    ledger, so that no ledger is changed once made, not even a worker's."""
    one = object.__new__(Ledger)  # a shallow copy: dataclasses.replace runs __init__ anew
    one.__dict__.update(vocabulary.__dict__)
    one.claims = {claim.id: claim}
    one.claim_file = {claim.id: rel}
    one.texts = {}
    one.anchors = {} if anchor is None else {claim.id: anchor}
    one.findings = []
    one.duplicates = []
    return one


# The checks of each scope, with the registry they were chosen from.
_CHOSEN: dict[Scope | None, tuple[tuple[Check, ...], tuple[Check, ...]]] = {}
# The claim checks' (each, run) pairs, with the registry they were taken from.
_EACH: list[tuple[tuple[Check, ...], tuple[tuple[ClaimCheck | None, Any], ...]]] = []


def _chosen(registry: tuple[Check, ...], scope: Scope | None) -> tuple[Check, ...]:
    """The checks of `scope` (None: every one), in registry order: chosen once, not once a file. A
    registry replaced by a test is another object, so its checks are chosen again (an
    identity test: hashing the registry's eleven checks cost more than choosing them)."""
    chosen = _CHOSEN.get(scope)
    if chosen is not None and chosen[0] is registry:
        return chosen[1]
    checks = tuple(check for check in registry if scope is None or check.scope is scope)
    _CHOSEN[scope] = (registry, checks)
    return checks


def _claim_functions(
    registry: tuple[Check, ...],
) -> tuple[tuple[ClaimCheck | None, Any], ...]:
    """Each claim check's `each` and `run`, taken once a registry (as _chosen): a claim file
    then costs one lookup, not the choice and two attributes a check."""
    if _EACH and _EACH[0][0] is registry:
        return _EACH[0][1]
    pairs = tuple((check.each, check.run) for check in _chosen(registry, Scope.CLAIM))
    _EACH[:] = [(registry, pairs)]
    return pairs
