"""Conflicts and reviews between claims on one key of a single-valued property.

Conflict, failing: "joined the circle in 2019" and "joined the circle in the spring of 2020"
for the same person and circle: 2019 and spring 2020 cannot both be true.
Passing (compatible, reported as corroboration): "arrested in 2017" and "detained in
November 2017". Review: different currencies, units, or descriptions, which no rule decides.
Many-valued properties (charges, roles) never conflict: several values can all be true.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..comparison import Outcome
from ..loading import Ledger
from ..models import Cardinality
from ..wording import key_words
from .base import Context, Discrepancy, stable_id

TYPES = ("conflict", "review")


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    names = {entity_id: entity.name for entity_id, entity in ledger.entities.items()}
    for key, left, right, result in context.pairs:
        if result.outcome not in (Outcome.conflict, Outcome.review):
            continue
        prop = ledger.properties.get(key[1])
        if prop is not None and prop.cardinality is Cardinality.many:
            continue
        kind = result.outcome.value
        claim = ledger.claims[left]
        yield Discrepancy(
            id=stable_id(kind, left, right),
            type=kind,
            key=key_words(claim, names, tuple(name for name, _ in key[3])),
            explanation=result.explanation,
            claims=(left, right),
        )
