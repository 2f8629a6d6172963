"""`claims search TEXT`: where the ledger says something, by its words.

A contributor about to add a claim asks whether the ledger already has it, or where a name
appears, without knowing the claim ids. Statements, quotes and entity names (with their
aliases) are searched case-insensitively; each hit is a small Hit, printed by the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..reading.anchoring import Anchor
from ..reading.locating import locate
from ..reading.textfile import read_text
from ..records.layout import ENTITIES, SEEDS_DIR
from ..records.loading import Ledger


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: the claim or entity id, where it is (file:line), which field, the text."""

    id: str
    file: str
    line: int
    field: str
    text: str


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def search(ledger: Ledger, text: str) -> list[Hit]:
    """Every claim statement, quote and entity name or alias that contains `text`, ignoring
    letter case and runs of spaces; claims in id order, then entities."""
    wanted = _folded(text)
    if not wanted:
        return []
    hits = []
    for claim_id in sorted(ledger.claims):
        claim = ledger.claims[claim_id]
        record = ledger.claim_file[claim_id]
        if wanted in _folded(claim.statement):
            line, _ = locate(_text(ledger, record), ("statement",))
            hits.append(Hit(claim_id, record, line, "statement", claim.statement))
        if wanted in _folded(claim.source.quote):
            document = ledger.documents.get(claim.source.document)
            found = ledger.anchors.get(claim_id)
            if document and isinstance(found, Anchor):
                where, line = f"{SEEDS_DIR}/{document.file}", found.line
            else:
                where, line = record, locate(_text(ledger, record), ("source", "quote"))[0]
            hits.append(Hit(claim_id, where, line, "quote", claim.source.quote))
    entities_text = _text(ledger, ENTITIES)
    for index, entity in enumerate(ledger.entities.values()):
        names = [("name", entity.name, ("entities", index, "name"))] + [
            ("alias", str(alias), ("entities", index, "aliases", number))
            for number, alias in enumerate(entity.aliases)
        ]
        for field, name, pointer in names:
            if wanted in _folded(name):
                line, _ = locate(entities_text, pointer) if entities_text else (1, 1)
                hits.append(Hit(entity.id, ENTITIES, line, field, name))
    return hits


def _text(ledger: Ledger, rel: str) -> str:
    return ledger.texts.get(rel) or read_text(ledger.root / rel).text or ""
