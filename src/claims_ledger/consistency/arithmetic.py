"""Arithmetic: parts that exceed their whole, where the ledger states both.

A claim with `part_of: <claim id>` says its count is a share of that claim's count (several
parts of one whole are disjoint shares). Failing: "14 people were detained", "of whom 15 were
charged" (part 15 > whole 14). Passing: "more than 1,040 implicated", "over 300 convicted".
A part counted in another unit or currency than its whole is left out of the sum: units and
currencies are never converted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..comparison import interval_of, unit_of
from ..loading import Ledger
from ..models import Claim, MoneyValue, QuantityValue, value_type_of
from ..wording import value_words
from .base import Context, Discrepancy, stable_id

TYPES = ("arithmetic",)
NUMERIC = {"quantity", "money", "percentage", "duration"}


def _measure(claim: Claim) -> str | None:
    """What a count is counted in: its unit (as a singular) or currency."""
    value = claim.value
    if isinstance(value, QuantityValue):
        return unit_of(value.unit)
    if isinstance(value, MoneyValue):
        return value.currency
    return None


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    parts: dict[str, list[str]] = defaultdict(list)
    for claim_id in sorted(ledger.claims):
        whole = ledger.claims[claim_id].part_of
        if whole and whole in ledger.claims:
            parts[whole].append(claim_id)
    for whole_id, part_ids in parts.items():
        whole = ledger.claims[whole_id]
        kind = value_type_of(whole.value)
        whole_range = interval_of(whole)
        if kind not in NUMERIC or whole_range is None:
            continue
        usable = [
            p
            for p in part_ids
            if value_type_of(ledger.claims[p].value) == kind
            and _measure(ledger.claims[p]) == _measure(whole)
            and interval_of(ledger.claims[p])
        ]
        if not usable:
            continue
        least = sum(interval_of(ledger.claims[p]).low for p in usable)  # type: ignore[union-attr]
        open_low = any(interval_of(ledger.claims[p]).low_open for p in usable)  # type: ignore[union-attr]
        if least > whole_range.high or (
            least == whole_range.high and (open_low or whole_range.high_open)
        ):
            listed = ", ".join(value_words(ledger.claims[p].value) for p in usable)
            share = "the part" if len(usable) == 1 else "the parts together"
            verb = "exceeds" if len(usable) == 1 else "exceed"
            yield Discrepancy(
                id=stable_id("arithmetic", whole_id, *usable),
                type="arithmetic",
                key=f"{whole.statement}",
                explanation=f"{share} ({listed}) {verb} the whole ({value_words(whole.value)})",
                claims=(whole_id, *usable),
            )
