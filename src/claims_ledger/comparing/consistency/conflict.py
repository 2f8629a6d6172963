"""Conflicts and reviews between claims on one key of a single-valued property.

Conflict, failing: "joined the circle in 2019" and "joined the circle in the spring of 2020"
for the same person and circle: 2019 and spring 2020 cannot both be true.
Passing (compatible, reported as corroboration): "arrested in 2017" and "detained in
November 2017". Review: different currencies, units, or descriptions, which no rule decides.
Many-valued properties (charges, roles) never conflict: several values can all be true.
Reviews of one key are one finding, as conflicts are: three documents giving three different
descriptions of one accusation are one review with three sides, not three pairs.
A sum the document itself gives in two currencies side by side ("213,119 roubles (2,000
euro)") is the document's own conversion, not a discrepancy.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...reading.anchoring import Anchor
from ...records.grouping import Key
from ...records.loading import Ledger
from ...records.models import Cardinality, MoneyValue
from ..comparison import Outcome
from ..wording import key_words
from .base import Context, Discrepancy, merged, stable_id
from .registry import FindingType

# What cannot both be true comes first in the report, and is what --strict fails on.
CONFLICT = FindingType("conflict", rank=0, style="bold red", strict=True, judged=True, merge=True)
REVIEW = FindingType("review", rank=4, style="yellow")  # after what needs reading, before spelling
TYPES = (CONFLICT, REVIEW)


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    """Conflicts in pairs (the engine merges them with every other check's), reviews merged
    here: only this check finds reviews pair by pair."""
    reviews = []
    for found in _pairs(ledger, context):
        if found.type == REVIEW.name:
            reviews.append(found)
        else:
            yield found
    yield from merged(reviews, REVIEW.name)


def _pairs(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    names = {entity_id: entity.name for entity_id, entity in ledger.entities.items()}
    keys: dict[Key, str | None] = {}  # each key in words, None for a many-valued property
    for key, left, right, result in context.pairs.having(Outcome.conflict, Outcome.review):
        words = keys.get(key, "")
        if words == "":
            prop = ledger.properties.get(key[1])
            many = prop is not None and prop.cardinality is Cardinality.many
            claim = ledger.claims[left]
            words = keys[key] = (
                None if many else key_words(claim, names, tuple(name for name, _ in key[3]))
            )
        if words is None or _own_conversion(ledger, left, right):
            continue
        kind = result.outcome.value
        yield Discrepancy(
            id=stable_id(kind, left, right),
            type=kind,
            key=words,
            explanation=result.explanation,
            claims=(left, right),
        )


CONVERSION_REACH = 120  # characters between two amounts of one sum given in two currencies


def _own_conversion(ledger: Ledger, left: str, right: str) -> bool:
    a, b = ledger.claims[left], ledger.claims[right]
    if not (isinstance(a.value, MoneyValue) and isinstance(b.value, MoneyValue)):
        return False
    if a.value.currency == b.value.currency or a.source.document != b.source.document:
        return False
    first, second = ledger.anchors.get(left), ledger.anchors.get(right)
    if not (isinstance(first, Anchor) and isinstance(second, Anchor)):
        return False
    gap = max(first.start, second.start) - min(first.end, second.end)
    return first.line == second.line and gap <= CONVERSION_REACH
