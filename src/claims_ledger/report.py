"""The discrepancy report: every consistency finding, with its sides, and a short summary.

The report is data (a Report object); reporters/ turn it into text, markdown, JSON or
GitHub annotations.
"""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .anchoring import Anchor
from .consistency import Discrepancy, build_context, run_consistency
from .consistency.base import corroborated
from .errors import LedgerError
from .loading import ENTITIES, MANIFEST, SEEDS_DIR, Ledger
from .models import Status
from .wording import value_words

FINDING_TYPES = ("conflict", "review", "spelling", "arithmetic", "timeline")
SETTLED = {Status.disputed, Status.refuted, Status.unverifiable, Status.verified}


@dataclass(frozen=True)
class Side:
    """One claim as the report shows it."""

    id: str
    document: str
    file: str | None
    line: int | None
    quote: str
    value: str
    value_data: dict[str, Any]
    status: str
    record: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "file": self.file,
            "line": self.line,
            "quote": self.quote,
            "value": self.value_data,
            "value_text": self.value,
            "status": self.status,
            "record": self.record,
        }


@dataclass(frozen=True)
class Entry:
    finding: Discrepancy
    sides: tuple[Side, ...]
    untriaged: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.finding.id,
            "type": self.finding.type,
            "key": self.finding.key,
            "explanation": self.finding.explanation,
            "untriaged": self.untriaged,
            "claims": [side.as_dict() for side in self.sides],
        }


def documents_of(entry: Entry) -> set[str]:
    """The documents a finding concerns: its sides', and for spelling where each form occurs."""
    found = {side.document for side in entry.sides}
    for places in entry.finding.details.get("spellings", {}).values():
        found.update(doc for doc, _ in places)
    return found


def subjects_of(ledger: Ledger, entry: Entry) -> set[str]:
    """The entities a finding is about: its sides' subjects, and a misspelt entity."""
    found = {ledger.claims[side.id].subject for side in entry.sides}
    if "entity" in entry.finding.details:
        found.add(entry.finding.details["entity"])
    return found


@dataclass(frozen=True)
class Report:
    entries: tuple[Entry, ...]
    summary: dict[str, Any]

    def strict_failures(self) -> list[Entry]:
        """Conflicts with a side still unverified, or with two verified sides."""
        failed = []
        for entry in self.entries:
            if entry.finding.type != "conflict":
                continue
            verified = sum(1 for side in entry.sides if side.status == Status.verified.value)
            if entry.untriaged or verified >= 2:
                failed.append(entry)
        return failed

    def as_dict(self) -> dict[str, Any]:
        return {"findings": [entry.as_dict() for entry in self.entries], "summary": self.summary}


def side(ledger: Ledger, claim_id: str) -> Side:
    claim = ledger.claims[claim_id]
    document = ledger.documents.get(claim.source.document)
    found = ledger.anchors.get(claim_id)
    return Side(
        id=claim_id,
        document=claim.source.document,
        file=f"{SEEDS_DIR}/{document.file}" if document else None,
        line=found.line if isinstance(found, Anchor) else None,
        quote=claim.source.quote,
        value=value_words(claim.value),
        value_data=claim.value.model_dump(mode="json"),
        status=claim.status.value,
        record=ledger.claim_file[claim_id],
    )


def build_report(
    ledger: Ledger,
    types: tuple[str, ...] = (),
    document: str | None = None,
    subject: str | None = None,
) -> Report:
    """Run every consistency check and assemble the report, filtered as asked.

    A filter naming no document or entity of the ledger is an error, not an empty report:
    a misspelt --document must not make `claims report --strict` pass. (When the manifest
    or entities.yaml did not load, there is nothing to check the name against.)
    """
    if document and ledger.documents and document not in ledger.documents:
        raise LedgerError(
            f"--document {document}: no such document in {MANIFEST} "
            f"(known: {', '.join(sorted(ledger.documents)) or 'none'})"
        )
    if subject and ledger.entities and subject not in ledger.entities:
        raise LedgerError(
            f"--subject {subject}: no such entity id in {ENTITIES}: "
            "use the id of an entity listed there"
        )
    # Comparing makes many small objects and no cycles: a collection would only walk the
    # whole loaded ledger again, ever more often as the report grows.
    collect = gc.isenabled()
    gc.disable()
    try:
        return _build(ledger, types, document, subject)
    finally:
        if collect:
            gc.enable()


def _build(
    ledger: Ledger, types: tuple[str, ...], document: str | None, subject: str | None
) -> Report:
    context = build_context(ledger)
    found = run_consistency(ledger, context)
    entries = []
    for finding in found:
        sides = tuple(side(ledger, claim_id) for claim_id in finding.claims)
        untriaged = finding.type == "conflict" and any(
            ledger.claims[c].status is Status.unverified for c in finding.claims
        )
        entries.append(Entry(finding, sides, untriaged))
    all_entries = entries
    if types:
        entries = [e for e in entries if e.finding.type in types]
    if document:
        entries = [e for e in entries if document in documents_of(e)]
    if subject:
        entries = [e for e in entries if subject in subjects_of(ledger, e)]
    agreeing = corroborated(ledger, context)
    per_document = Counter(c.source.document for c in ledger.claims.values())
    summary = {
        "claims": len(ledger.claims),
        "documents": len(ledger.documents),
        "claims_per_document": {  # every document of the manifest, 0 when it has none
            doc_id: per_document[doc_id]
            for doc_id in sorted(set(ledger.documents) | set(per_document))
        },
        "claims_per_status": {
            status.value: sum(1 for c in ledger.claims.values() if c.status is status)
            for status in Status
        },
        "findings_per_type": {
            kind: sum(1 for e in all_entries if e.finding.type == kind) for kind in FINDING_TYPES
        },
        "corroborated_claims": len(agreeing),
        "compared_pairs": len(context.pairs),
        "untriaged_conflicts": sum(1 for e in all_entries if e.untriaged),
    }
    return Report(tuple(entries), summary)
