"""One claim as a flat row: the stable shape `claims list --format json` publishes."""

from __future__ import annotations

from typing import Any

from ..errors import LedgerError
from ..hints import closest
from ..reading.anchoring import Anchor
from .layout import ENTITIES, MANIFEST, PROPERTIES, SEEDS_DIR
from .loading import Ledger
from .models import Claim


def value_data(claim: Claim) -> dict[str, Any]:
    return claim.value.model_dump(mode="json")


def claim_row(ledger: Ledger, claim_id: str) -> dict[str, Any]:
    """id, document, record, file, line, start, end, quote, subject, property, object,
    qualifiers, value, attributed_to, status, tags."""
    claim = ledger.claims[claim_id]
    document = ledger.documents.get(claim.source.document)
    found = ledger.anchors.get(claim_id)
    anchored = found if isinstance(found, Anchor) else None
    return {
        "id": claim.id,
        "document": claim.source.document,
        "record": ledger.claim_file[claim_id],
        "file": f"{SEEDS_DIR}/{document.file}" if document else None,
        "line": anchored.line if anchored else None,
        "start": anchored.start if anchored else None,
        "end": anchored.end if anchored else None,
        "quote": claim.source.quote,
        "statement": claim.statement,
        "subject": claim.subject,
        "property": claim.property,
        "object": claim.object,
        "qualifiers": dict(claim.qualifiers),
        "value": value_data(claim),
        "attributed_to": claim.attributed_to,
        "status": claim.status.value,
        "tags": list(claim.tags),
    }


def select_claims(
    ledger: Ledger,
    document: str | None = None,
    status: str | None = None,
    subject: str | None = None,
    prop: str | None = None,
    tag: str | None = None,
) -> list[str]:
    """Claim ids passing every filter given, in id order."""
    chosen = []
    for claim_id in sorted(ledger.claims):
        claim = ledger.claims[claim_id]
        if document and claim.source.document != document:
            continue
        if status and claim.status.value != status:
            continue
        if subject and claim.subject != subject:
            continue
        if prop and claim.property != prop:
            continue
        if tag and tag not in claim.tags:
            continue
        chosen.append(claim_id)
    return chosen


def check_filters(
    ledger: Ledger,
    document: str | None = None,
    subject: str | None = None,
    prop: str | None = None,
) -> None:
    """A filter naming no document, entity or property of the ledger is an error, with the
    closest id as a hint: a misspelt --subject must not print an empty list, nor make
    `claims report --strict` pass. (When the file that defines them did not load, there is
    nothing to check the name against.)"""
    for option, given, known, where, what in (
        ("--document", document, ledger.documents, MANIFEST, "document"),
        ("--subject", subject, ledger.entities, ENTITIES, "entity"),
        ("--property", prop, ledger.properties, PROPERTIES, "property"),
    ):
        if not given or not known or given in known:
            continue
        close = closest(given, known)
        hint = f"did you mean {close!r}?" if close else f"see {where} for the ids"
        raise LedgerError(f"{option} {given}: no such {what} in {where} ({hint})")
