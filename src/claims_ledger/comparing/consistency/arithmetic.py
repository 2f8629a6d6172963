"""Arithmetic: parts that exceed their whole, or a complete breakdown that falls short.

A claim with `part_of: <claim id>` says its count is a share of that claim's count (several
parts of one whole are disjoint shares). Failing: "14 people were detained", "of whom 15 were
charged" (part 15 > whole 14). Passing: "more than 1,040 implicated", "over 300 convicted".
A breakdown a document gives in full (`breakdown: complete` on its shares) must add up to
the whole exactly. Failing: "14 detained: 8 charged and 5 released", declared complete.
Passing: the same without `breakdown` (the text may not list every share), or 8 and 6.
Each document's shares are summed on their own: two accounts of one share are not two
shares. A part counted in another unit or currency than its whole is left out of the sum:
units and currencies are never converted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...records.loading import Ledger
from ...records.models import Breakdown, Claim, value_type_of
from ...records.valuetypes import VALUE_TYPES, kind_of
from ..comparison import interval_of
from ..wording import value_words
from .base import Context, Discrepancy, stable_id
from .registry import FindingType

TYPES = (FindingType("arithmetic", rank=2, style="magenta"),)


def _measure(claim: Claim) -> str | None:
    """What a count is counted in: its unit (as a singular) or currency, as its type says."""
    kind = kind_of(claim.value)
    return kind.measure(claim.value) if kind is not None else None


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    parts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for claim_id in context.ids:
        claim = ledger.claims[claim_id]
        if claim.part_of and claim.part_of in ledger.claims:
            parts[claim.part_of][claim.source.document].append(claim_id)
    for whole_id, by_document in parts.items():
        whole = ledger.claims[whole_id]
        kind = value_type_of(whole.value)
        whole_range = interval_of(whole)
        if kind is None or not VALUE_TYPES[kind].summable or whole_range is None:
            continue
        for document in sorted(by_document):
            part_ids = by_document[document]
            usable = [
                p
                for p in part_ids
                if value_type_of(ledger.claims[p].value) == kind
                and _measure(ledger.claims[p]) == _measure(whole)
                and interval_of(ledger.claims[p])
            ]
            if not usable:
                continue
            ranges = [interval_of(ledger.claims[p]) for p in usable]
            least = sum(r.low for r in ranges)  # type: ignore[union-attr]
            most = sum(r.high for r in ranges)  # type: ignore[union-attr]
            open_low = any(r.low_open for r in ranges)  # type: ignore[union-attr]
            open_high = any(r.high_open for r in ranges)  # type: ignore[union-attr]
            listed = ", ".join(value_words(ledger.claims[p].value) for p in usable)
            share = "the part" if len(usable) == 1 else "the parts together"
            if least > whole_range.high or (
                least == whole_range.high and (open_low or whole_range.high_open)
            ):
                verb = "exceeds" if len(usable) == 1 else "exceed"
                why = f"{share} ({listed}) {verb} the whole ({value_words(whole.value)})"
            elif _complete(ledger, part_ids) and (
                most < whole_range.low
                or (most == whole_range.low and (open_high or whole_range.low_open))
            ):
                verb = "falls" if len(usable) == 1 else "fall"
                why = (
                    f"{share} ({listed}) {verb} short of the whole ({value_words(whole.value)}),"
                    f" though {document} gives its breakdown as complete"
                )
            else:
                continue
            yield Discrepancy(
                id=stable_id("arithmetic", whole_id, *usable),
                type="arithmetic",
                key=f"{whole.statement}",
                explanation=why,
                claims=(whole_id, *usable),
            )


def _complete(ledger: Ledger, part_ids: list[str]) -> bool:
    """Whether a document declares its shares of a whole to be all of it."""
    return any(ledger.claims[p].breakdown is Breakdown.complete for p in part_ids)
