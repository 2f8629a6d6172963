"""Many-valued facts: two documents that list different items for one fact.

A property of cardinality `many` (charges, roles) takes several values at once, so two values
never conflict. But when each of two documents lists items the other does not, a reader must
look: one account may be incomplete, or one wrong. Each document's values on a key are a set
of normalised texts. Failing (a review): "charged with hooliganism and vandalism" in one
document and "charged with arson" in another. Passing: "hooliganism and vandalism" beside "hooliganism"
(one set contains the other: a shorter list, not a different one). Never a conflict, and
never for a property whose lists are open (`did`): a document that names some of what a
person did says nothing of the rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...records.loading import Ledger
from ...records.models import Cardinality, EntityValue, Lists, TextValue
from ..wording import key_words, value_words
from .base import Context, Discrepancy, stable_id
from .conflict import REVIEW

TYPES = (REVIEW,)


def normalised(value: object) -> str:
    """A value as the text it is compared by: case and runs of spaces do not count."""
    if isinstance(value, TextValue):
        text = value.text
    elif isinstance(value, EntityValue):
        text = value.entity
    else:
        text = value_words(value)  # type: ignore[arg-type]
    return " ".join(text.casefold().split())


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    names = {entity_id: entity.name for entity_id, entity in ledger.entities.items()}
    listing = {  # the properties whose lists are compared (a few of a ledger's groups)
        name: prop
        for name, prop in ledger.properties.items()
        if prop.cardinality is Cardinality.many and prop.lists is not Lists.open
    }
    for key, ids in context.groups.items():
        prop = listing.get(key[1])
        if prop is None:
            continue
        listed: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for claim_id in ids:
            claim = ledger.claims[claim_id]
            listed[claim.source.document][normalised(claim.value)].append(claim_id)
        documents = sorted(listed)
        differing: set[str] = set()
        for index, left in enumerate(documents):
            for right in documents[index + 1 :]:
                a, b = set(listed[left]), set(listed[right])
                if not (a <= b or b <= a):
                    differing.update((left, right))
        if not differing:
            continue
        shown = sorted(differing)
        claims = tuple(sorted(c for doc in shown for group in listed[doc].values() for c in group))
        words = "; ".join(f"{doc} gives {', '.join(sorted(listed[doc]))}" for doc in shown)
        yield Discrepancy(
            id=stable_id(REVIEW.name, *claims),
            type=REVIEW.name,
            key=key_words(ledger.claims[ids[0]], names, tuple(name for name, _ in key[3])),
            explanation=(
                f"the documents give different lists for '{prop.label}', neither within the "
                f"other: {words}"
            ),
            claims=claims,
            details={"values": {doc: sorted(listed[doc]) for doc in shown}},
        )
