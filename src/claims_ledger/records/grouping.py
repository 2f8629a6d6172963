"""Comparison keys: claims compare only when they share subject, property, object and the
property's separator qualifiers (as Wikidata's single-value constraint does). Grouping first
means the ledger is never compared all pairs against all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from .loading import Ledger
from .models import Claim, Property

Key = tuple[str, str, str | None, tuple[tuple[str, str | None], ...]]
# each declared property's separator qualifiers, and the key's part of a claim giving none
Separators = dict[str, tuple[tuple[str, ...], tuple[tuple[str, None], ...]]]


def key_of(claim: Claim, prop: Property | None) -> Key:
    declared = prop.qualifiers if prop is not None else sorted(claim.qualifiers)
    return (
        claim.subject,
        claim.property,
        claim.object,
        tuple((name, claim.qualifiers.get(name)) for name in declared),
    )


def separators(properties: Mapping[str, Property]) -> Separators:
    """What `comparison_key` needs of the vocabulary, read once a run."""
    return {
        name: (tuple(prop.qualifiers), tuple((q, None) for q in prop.qualifiers))
        for name, prop in properties.items()
    }


def comparison_key(claim: Any, declared: Separators) -> Key:
    """`key_of` the claim (a Claim or its compact row), its property's separators read from
    `declared`: the same key, made faster where a ledger's claims are grouped."""
    found = declared.get(claim.property)
    if found is None:
        return key_of(claim, None)
    names, part = found
    given = claim.qualifiers
    if given and names:  # the key's part, read in C (zip, map)
        part = tuple(zip(names, map(given.get, names), strict=True))
    return (claim.subject, claim.property, claim.object, part)


def value_key(value: BaseModel) -> tuple[Any, ...]:
    """What makes two values compare alike: the value's type and fields, and each field's
    type too (5 and 5.0 are equal, but not worded alike)."""
    fields = value.__dict__.values()
    return (type(value), *fields, *map(type, fields))


def groups(ledger: Ledger) -> dict[Key, list[str]]:
    """Claim ids by key, for keys held by two or more claims, each list in id order."""
    by_key: dict[Key, list[str]] = defaultdict(list)
    for claim_id in sorted(ledger.claims):
        claim = ledger.claims[claim_id]
        by_key[key_of(claim, ledger.properties.get(claim.property))].append(claim_id)
    return {key: ids for key, ids in by_key.items() if len(ids) > 1}
