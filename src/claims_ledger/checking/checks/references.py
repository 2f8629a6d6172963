"""References: every document, entity, property, qualifier and claim: evidence a claim names
exists in the ledger.

Passing: `subject: sergei-sapozhnikov` with that id in claims/entities.yaml.
Failing: `subject: sergey-sapozhnikov` when no entity has that id (unknown-entity).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ...findings import Finding
from ...hints import claim_hint
from ...records.layout import ENTITIES, MANIFEST, PROPERTIES
from ...records.loading import Ledger, ids_of
from ...records.models import Claim, ClaimReference, EntityValue

CODES = (
    "unknown-document",
    "unknown-entity",
    "unknown-property",
    "unknown-qualifier",
    "unknown-claim",
)


def within(ledger: Ledger) -> Iterator[Finding]:
    """Each place an entity lies within is an entity."""
    for number, (entity_id, entity) in enumerate(ledger.entities.items()):
        for index, outer in enumerate(entity.within):
            if outer not in ledger.entities:
                yield Finding(
                    "unknown-entity",
                    f"entity {entity_id!r}: within {outer!r} is not an entity"
                    + claim_hint(outer, ledger.entities),
                    "claims/entities.yaml",
                    pointer=("entities", number, "within", index),
                )


def check(ledger: Ledger) -> Iterator[Finding]:
    """Each document, entity, property and qualifier a claim names exists."""
    for claim_id, claim in ledger.claims.items():
        yield from claim_check(ledger, claim_id, claim, ledger.claim_file[claim_id], None)


def claim_check(
    ledger: Ledger, claim_id: str, claim: Claim, rel: str, anchor: object
) -> Sequence[Finding]:
    """Each document, entity, property and qualifier one claim names exists."""
    if _all_known(ledger, claim):
        return ()
    # A manifest or vocabulary file that did not load has its own finding; every claim naming
    # its ids would otherwise repeat it as a misleading "unknown" one.
    judged = _Judged(
        MANIFEST not in ledger.unloaded,
        ENTITIES not in ledger.unloaded,
        PROPERTIES not in ledger.unloaded,
    )
    return [
        Finding(code, message, rel, claims=(claim_id,), pointer=pointer)
        for code, message, pointer in _claim_problems(ledger, claim, judged)
    ]


def _all_known(ledger: Ledger, claim: Claim) -> bool:
    """Whether every id the claim names is known, so it has no problem here: a shortcut
    for the common claim, which may say False where _claim_problems finds nothing."""
    entities = ledger.entities
    prop = ledger.properties.get(claim.property)
    return (
        prop is not None
        and claim.source.document in ledger.documents
        and claim.subject in entities
        and (claim.object is None or claim.object in entities)
        and (not isinstance(claim.value, EntityValue) or claim.value.entity in entities)
        and (not claim.qualifiers or all(name in prop.qualifiers for name in claim.qualifiers))
    )


class _Judged(NamedTuple):
    """Which files' ids are judged: those that loaded."""

    documents: bool
    entities: bool
    properties: bool


# A claim's problem: (code, message, where in the record).
_Problem = tuple[str, str, tuple[object, ...]]


def _claim_problems(ledger: Ledger, claim: Claim, judged: _Judged) -> Iterator[_Problem]:
    if judged.documents:
        yield from _document(ledger, claim)
    if judged.entities:
        yield from _entities(ledger, claim)
    yield from _property(ledger, claim, judged.properties)


def _document(ledger: Ledger, claim: Claim) -> Iterator[_Problem]:
    if claim.source.document not in ledger.documents:
        yield (
            "unknown-document",
            f"document {claim.source.document!r} is not in seeds/documents.yaml"
            + claim_hint(claim.source.document, ids_of(ledger, "documents")),
            ("source", "document"),
        )


def _entities(ledger: Ledger, claim: Claim) -> Iterator[_Problem]:
    for field, name in (("subject", claim.subject), ("object", claim.object)):
        if name is not None and name not in ledger.entities:
            yield (
                "unknown-entity",
                f"{field} {name!r} is not an entity in claims/entities.yaml: add it there"
                + claim_hint(name, ids_of(ledger, "entities")),
                (field,),
            )
    if isinstance(claim.value, EntityValue) and claim.value.entity not in ledger.entities:
        yield (
            "unknown-entity",
            f"value entity {claim.value.entity!r} is not in claims/entities.yaml"
            + claim_hint(claim.value.entity, ids_of(ledger, "entities")),
            ("value", "entity"),
        )


def _property(ledger: Ledger, claim: Claim, judge_properties: bool) -> Iterator[_Problem]:
    """The property is known (when properties.yaml loaded), and so is each qualifier."""
    prop = ledger.properties.get(claim.property)
    if prop is None and judge_properties:
        yield (
            "unknown-property",
            f"property {claim.property!r} is not in claims/properties.yaml"
            + claim_hint(claim.property, ledger.properties),
            ("property",),
        )
    elif prop is not None:
        for name in claim.qualifiers:
            if name not in prop.qualifiers:
                allowed = ", ".join(prop.qualifiers) or "none"
                yield (
                    "unknown-qualifier",
                    f"qualifier {name!r} is not declared by property {prop.id!r} "
                    f"(it declares: {allowed})",
                    ("qualifiers", name),
                )


def claim_links(ledger: Ledger) -> Iterator[Finding]:
    """Each claim a claim names exists: a judgement over every claim id of the ledger."""
    for claim_id, claim in ledger.claims.items():
        rel = ledger.claim_file[claim_id]
        for target, message, pointer in claim_references(claim):
            if target not in ledger.claims and not _outside_selection(ledger, target):
                yield Finding(
                    "unknown-claim",
                    message + claim_hint(target, ledger.claims),
                    rel,
                    claims=(claim_id,),
                    pointer=pointer,
                )


def claim_references(claim: Claim) -> Iterator[tuple[str, str, tuple[object, ...]]]:
    """Each claim id the claim names: (the id, the message if none has it, where it is named).

    The message has no hint yet: the hint depends on every claim id there is.
    """
    if claim.part_of is not None:
        yield claim.part_of, f"part_of {claim.part_of!r} names no claim in the ledger", ("part_of",)
    for number, entry in enumerate(claim.review):
        for index, item in enumerate(entry.evidence):
            if isinstance(item, ClaimReference):
                yield (
                    item.claim,
                    f"evidence claim {item.claim!r} names no claim in the ledger",
                    ("review", number, "evidence", index, "claim"),
                )


def _outside_selection(ledger: Ledger, target: str) -> bool:
    """When only some files were loaded, a claim that exists on disk still resolves."""
    return ledger.partial and (ledger.root / "claims" / f"{target}.yaml").is_file()
