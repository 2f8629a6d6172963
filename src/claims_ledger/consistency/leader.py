"""Leader counts: a group counted without its leader, and the same group counted with him.

A count (a quantity, as of the property `count`) may carry the qualifier
`counting: excluding-leader` or `counting: including-leader`. Two counts of the same key
(subject, property, object and every other qualifier alike) that differ only there must differ by exactly one: the leader. Failing:
"five members face up to 20 years, while the alleged leader faces life" (5 without the
leader, so 6 in all) beside "the case has five defendants", the leader among them (5 with
him). Passing: "the four others" (4 without) beside "five defendants" (5 with). Counts
in different units, and "about" counts whose widened ranges still meet, stay silent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from ..comparison import interval_of, unit_of
from ..loading import Ledger
from ..models import Claim, QuantityValue
from ..values import Interval
from ..wording import value_words
from .base import Context, Discrepancy, stable_id

TYPES = ("leader",)
QUALIFIER = "counting"
WITHOUT = "excluding-leader"
WITH = "including-leader"


def _unit(claim: Claim) -> str | None:
    return unit_of(claim.value.unit) if isinstance(claim.value, QuantityValue) else None


def _plus_one(interval: Interval) -> Interval:
    return replace(
        interval,
        low=interval.low + 1,
        high=interval.high + 1,
        fuzzy_low=None if interval.fuzzy_low is None else interval.fuzzy_low + 1,
        fuzzy_high=None if interval.fuzzy_high is None else interval.fuzzy_high + 1,
    )


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    sides: dict[tuple[object, ...], dict[str, list[str]]] = defaultdict(
        lambda: {WITHOUT: [], WITH: []}
    )
    for claim_id in sorted(ledger.claims):
        claim = ledger.claims[claim_id]
        counting = claim.qualifiers.get(QUALIFIER)
        if counting not in (WITHOUT, WITH):
            continue
        if not isinstance(claim.value, QuantityValue):
            continue
        rest = tuple(sorted((k, v) for k, v in claim.qualifiers.items() if k != QUALIFIER))
        sides[(claim.subject, claim.property, claim.object, rest)][counting].append(claim_id)
    for by_side in sides.values():
        for without_id in by_side[WITHOUT]:
            without = ledger.claims[without_id]
            low = interval_of(without)
            if low is None:
                continue
            expected = _plus_one(low)
            for with_id in by_side[WITH]:
                whole = ledger.claims[with_id]
                high = interval_of(whole)
                if high is None or _unit(whole) != _unit(without):
                    continue
                if expected.fuzzy.overlaps(high.fuzzy):
                    continue
                yield Discrepancy(
                    id=stable_id("leader", without_id, with_id),
                    type="leader",
                    key=whole.statement,
                    explanation=(
                        f"{value_words(without.value)} not counting the leader means one more"
                        f" counting him, but the count with the leader is"
                        f" {value_words(whole.value)}"
                    ),
                    claims=(without_id, with_id),
                )
