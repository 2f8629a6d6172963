"""Leader counts: a group counted without its leader, and the same group counted with him.

A count (a quantity, as of the property `count`) may carry the qualifier
`counting: excluding-leader` or `counting: including-leader`. Two counts of the same key
(subject, property, object and every other qualifier alike) that differ only there must differ by exactly one: the leader. Failing:
"five members face up to 20 years, while the alleged leader faces life" (5 without the
leader, so 6 in all) beside "the case has five defendants", the leader among them (5 with
him). Passing: "the four others" (4 without) beside "five defendants" (5 with). Counts
in different units, and "about" counts whose widened ranges still meet, stay silent.

A count that does not say (no `counting`), such as a group named by its number ("the Ufa
Five"), is compared with both: it may count the leader or not, so it must equal the count
with him or the count without him. Failing: "the Dock Six" beside four without the leader
and five with him. Passing: "the Dock Five" or "the Dock Four" beside the same two.
One disagreement is one finding: the pairs of one group are merged, as conflicts are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from ...records.loading import Ledger
from ...records.models import Claim, QuantityValue
from ...records.values import Interval
from ..comparison import interval_of, unit_of
from ..wording import key_words, value_words
from .base import Context, Discrepancy, merged, stable_id
from .registry import FindingType

TYPES = (FindingType("leader", rank=3, style="magenta"),)
QUALIFIER = "counting"
WITHOUT = "excluding-leader"
WITH = "including-leader"
UNSAID = "unsaid"


def _unit(claim: Claim) -> str | None:
    return unit_of(claim.value.unit) if isinstance(claim.value, QuantityValue) else None


def _plus(interval: Interval, by: int) -> Interval:
    return replace(
        interval,
        low=interval.low + by,
        high=interval.high + by,
        fuzzy_low=None if interval.fuzzy_low is None else interval.fuzzy_low + by,
        fuzzy_high=None if interval.fuzzy_high is None else interval.fuzzy_high + by,
    )


def _meets(left: Interval, right: Interval) -> bool:
    return left.fuzzy.overlaps(right.fuzzy)


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    return iter(merged(list(_pairs(ledger, context)), "leader"))


def _pairs(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    sides: dict[tuple[object, ...], dict[str, list[str]]] = defaultdict(
        lambda: {WITHOUT: [], WITH: [], UNSAID: []}
    )
    for claim_id in context.of_type(QuantityValue):
        claim = ledger.claims[claim_id]
        counting = claim.qualifiers.get(QUALIFIER, UNSAID)
        if counting not in (WITHOUT, WITH, UNSAID):
            continue
        prop = ledger.properties.get(claim.property)
        if counting == UNSAID and (prop is None or QUALIFIER not in prop.qualifiers):
            continue  # a count of a property that never tells the leader apart
        rest = tuple(sorted((k, v) for k, v in claim.qualifiers.items() if k != QUALIFIER))
        sides[(claim.subject, claim.property, claim.object, rest)][counting].append(claim_id)
    names = {entity_id: entity.name for entity_id, entity in ledger.entities.items()}
    for by_side in sides.values():
        if not (by_side[WITHOUT] or by_side[WITH]):
            continue
        first = ledger.claims[(by_side[WITH] or by_side[WITHOUT])[0]]
        prop = ledger.properties.get(first.property)
        shown = tuple(q for q in (prop.qualifiers if prop else ()) if q != QUALIFIER)
        key = key_words(first, names, shown)
        for without_id in by_side[WITHOUT]:
            for with_id in by_side[WITH]:
                if not _fits(ledger, without_id, with_id, (1,)):
                    yield _finding(
                        ledger,
                        key,
                        (without_id, with_id),
                        f"{_words(ledger, without_id)} not counting the leader means one more"
                        f" counting him, but the count with the leader is"
                        f" {_words(ledger, with_id)}",
                    )
        for unsaid_id in by_side[UNSAID]:
            for other_id, other, offsets in [
                *((i, "with", (0, -1)) for i in by_side[WITH]),
                *((i, "without", (0, 1)) for i in by_side[WITHOUT]),
            ]:
                if not _fits(ledger, other_id, unsaid_id, offsets):
                    near = "one fewer" if other == "with" else "one more"
                    yield _finding(
                        ledger,
                        key,
                        (unsaid_id, other_id),
                        f"{_words(ledger, unsaid_id)}, a count that does not say whether the"
                        f" leader is among them, is neither the count {other} the leader"
                        f" ({_words(ledger, other_id)}) nor {near}",
                    )


def _fits(ledger: Ledger, base_id: str, other_id: str, offsets: tuple[int, ...]) -> bool:
    """Whether the other count meets the base count moved by one of the offsets; counts in
    different units, or not read as a range, are never compared."""
    base, other = ledger.claims[base_id], ledger.claims[other_id]
    low, high = interval_of(base), interval_of(other)
    if low is None or high is None or _unit(base) != _unit(other):
        return True
    return any(_meets(_plus(low, by), high) for by in offsets)


def _words(ledger: Ledger, claim_id: str) -> str:
    return value_words(ledger.claims[claim_id].value)


def _finding(ledger: Ledger, key: str, pair: tuple[str, str], why: str) -> Discrepancy:
    return Discrepancy(
        id=stable_id("leader", *pair), type="leader", key=key, explanation=why, claims=pair
    )
