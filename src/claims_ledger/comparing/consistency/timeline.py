"""Timeline: one subject's events in an impossible order.

A property may declare `follows: [other properties]` in properties.yaml: for the same subject
and object its date cannot be earlier than theirs (released follows detained). Every dated
event of a person also follows their birth. Failing: "released in April 2018" and "detained
in November 2018" in one case. Passing: released April 2018 after detained November 2017.
Separator qualifiers that both properties declare must match, as for any comparison:
released on the first occasion (April 2018) is not held against detained on the second
(November 2018).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...records.loading import Ledger
from ...records.models import DateValue, Property
from ...records.values import date_interval
from ..wording import date_words
from .base import Context, Discrepancy, stable_id
from .registry import FindingType

TYPES = (FindingType("timeline", rank=1, style="magenta"),)  # first after conflicts


def _shared(prop_a: Property | None, prop_b: Property | None) -> tuple[str, ...] | None:
    """The separator qualifiers both properties declare (None when either is unknown: any
    two claims are then on one occasion)."""
    if prop_a is None or prop_b is None:
        return None
    return tuple(set(prop_a.qualifiers) & set(prop_b.qualifiers))


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    claims, properties = ledger.claims, ledger.properties
    dated: dict[tuple[str, str | None, str], list[str]] = defaultdict(list)
    born: dict[str, list[str]] = defaultdict(list)
    for claim_id in context.of_type(DateValue):
        claim = claims[claim_id]
        dated[(claim.subject, claim.object, claim.property)].append(claim_id)
        if claim.property == "born":
            born[claim.subject].append(claim_id)
    names = {entity_id: entity.name for entity_id, entity in ledger.entities.items()}
    shared: dict[tuple[str, str], tuple[str, ...] | None] = {}  # by the two properties
    # Each key's findings, in the order of the keys' texts: the few keys found are sorted,
    # not every dated key of the ledger.
    found: list[tuple[str, Discrepancy]] = []
    for (subject, obj, prop_id), later_ids in dated.items():
        prop = properties.get(prop_id)
        earlier_ids: list[str] = []
        if prop is not None:
            for before in prop.follows:
                earlier_ids.extend(dated.get((subject, obj, before), ()))
        if prop_id != "born":
            earlier_ids.extend(born.get(subject, ()))
        if not earlier_ids:
            continue
        for later_id in later_ids:
            later = claims[later_id]
            late = date_interval(later.value.date)  # type: ignore[union-attr]
            if late is None:
                continue
            for earlier_id in earlier_ids:
                earlier = claims[earlier_id]
                pair = (prop_id, earlier.property)
                if pair not in shared:
                    shared[pair] = _shared(prop, properties.get(earlier.property))
                names_shared = shared[pair]
                if names_shared and any(
                    later.qualifiers.get(name) != earlier.qualifiers.get(name)
                    for name in names_shared
                ):
                    continue  # a separator qualifier tells the two occasions apart
                early = date_interval(earlier.value.date)  # type: ignore[union-attr]
                if early is None or late.high >= early.low:
                    continue
                finding = Discrepancy(
                    id=stable_id("timeline", earlier_id, later_id),
                    type="timeline",
                    key=f"{names.get(subject, subject)}: {earlier.property} before {later.property}",
                    explanation=(
                        f"{later.property} ({date_words(later.value.date)}) is dated before "  # type: ignore[union-attr]
                        f"{earlier.property} ({date_words(earlier.value.date)}), which it must follow"  # type: ignore[union-attr]
                    ),
                    claims=(earlier_id, later_id),
                )
                found.append((str((subject, obj, prop_id)), finding))
    found.sort(key=lambda item: item[0])  # stable: a key's findings keep their order
    for _, finding in found:
        yield finding
