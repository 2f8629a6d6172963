"""What the report is made of: each finding with its sides and standing, the refuted claims,
and the Report that holds them with the summary. report.py builds it; reporters word it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .consistency import Discrepancy, finding_type
from .findings import Finding
from .loading import Ledger
from .models import ClaimReference, Evidence, Status

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

    @property
    def place(self) -> str:
        """Where the passage is: `seeds/<file>:<line>`, or the document when not found."""
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or self.document

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
class Shown:
    """One evidence item as a reader needs it: which way it points, and what it is."""

    stance: str
    claim: str | None = None  # a claim of the ledger, or else a source:
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    excerpt: str | None = None
    translation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.claim is not None:
            return {"stance": self.stance, "claim": self.claim}
        return {
            "stance": self.stance,
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "published": self.published,
            "excerpt": self.excerpt,
            "translation": self.translation,
        }

    def words(self) -> str:
        if self.claim is not None:
            return f"claim {self.claim}"
        published = f", {self.published}" if self.published else ""
        return f"{self.title} ({self.publisher}{published}) {self.url}"


def shown(item: Evidence) -> Shown:
    if isinstance(item, ClaimReference):
        return Shown(item.stance.value, claim=item.claim)
    return Shown(
        item.stance.value,
        title=item.title,
        publisher=item.publisher,
        url=item.url,
        published=item.published,
        excerpt=item.excerpt,
        translation=item.translation,
    )


@dataclass(frozen=True)
class Refuted:
    """A claim the evidence shows to be wrong, and what shows it."""

    id: str
    document: str
    statement: str
    quote: str
    line: int | None
    record: str
    by: tuple[Shown, ...]  # the contradicting evidence of its refuted review entries
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "statement": self.statement,
            "quote": self.quote,
            "line": self.line,
            "record": self.record,
            "note": self.note,
            "evidence": [item.as_dict() for item in self.by],
        }


# How far a conflict is from settled. Settled: a side is refuted by evidence. Acknowledged:
# every side disputed, each citing the others; still open. Open: neither; --strict fails.
SETTLED_STANDING, ACKNOWLEDGED, OPEN = "settled", "acknowledged", "open"


@dataclass(frozen=True)
class Entry:
    finding: Discrepancy
    sides: tuple[Side, ...]
    untriaged: bool
    standing: str | None = None  # for a conflict: settled, acknowledged or open
    settled_by: tuple[Refuted, ...] = ()  # the refuted sides of a settled conflict
    to_do: str | None = None  # for an open conflict: what is left to do

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.finding.id,
            "type": self.finding.type,
            "key": self.finding.key,
            "explanation": self.finding.explanation,
            "untriaged": self.untriaged,
            "standing": self.standing,
            "settled_by": [item.as_dict() for item in self.settled_by],
            "to_do": self.to_do,
            "details": self.finding.details,
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
    refuted: tuple[Refuted, ...] = ()  # by document, then id
    problems: tuple[Finding, ...] = ()  # conflict-both-verified, placed in the claim file

    def strict_failures(self) -> list[Entry]:
        """Open findings of the types --strict counts: conflicts neither settled nor
        acknowledged (two verified sides among them)."""
        return [
            e for e in self.entries if finding_type(e.finding.type).strict and e.standing == OPEN
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "findings": [entry.as_dict() for entry in self.entries],
            "refuted": [item.as_dict() for item in self.refuted],
            "problems": [finding.as_dict() for finding in self.problems],
            "summary": self.summary,
        }
