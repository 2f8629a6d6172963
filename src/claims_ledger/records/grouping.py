"""Comparison keys: claims compare only when they share subject, property, object and the
property's separator qualifiers (as Wikidata's single-value constraint does). Grouping first
means the ledger is never compared all pairs against all pairs.
"""

from __future__ import annotations

from collections import defaultdict

from .loading import Ledger
from .models import Claim, Property

Key = tuple[str, str, str | None, tuple[tuple[str, str | None], ...]]


def key_of(claim: Claim, prop: Property | None) -> Key:
    declared = prop.qualifiers if prop is not None else sorted(claim.qualifiers)
    return (
        claim.subject,
        claim.property,
        claim.object,
        tuple((name, claim.qualifiers.get(name)) for name in declared),
    )


def groups(ledger: Ledger) -> dict[Key, list[str]]:
    """Claim ids by key, for keys held by two or more claims, each list in id order."""
    by_key: dict[Key, list[str]] = defaultdict(list)
    for claim_id in sorted(ledger.claims):
        claim = ledger.claims[claim_id]
        by_key[key_of(claim, ledger.properties.get(claim.property))].append(claim_id)
    return {key: ids for key, ids in by_key.items() if len(ids) > 1}
