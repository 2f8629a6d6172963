"""The SQLite export: tables with foreign keys and full-text search, written in batches
as the rows are made, so a large ledger never sits in memory as rows."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..comparing.report import build_report
from ..comparing.wording import value_words
from ..reading.anchoring import Anchor
from ..records.loading import Ledger
from .data import claim_author, claim_path, settled
from .evidence import evidence_of
from .options import SiteOptions
from .rows import claims_in_order, evidence_row, value_type_name


def write_sqlite(ledger: Ledger, path: Path, options: SiteOptions) -> int:
    """Tables documents, entities, properties, claims, reviews, evidence, findings and
    finding_claims, with foreign keys, and FTS5 on claims' statements and quotes."""
    import sqlite_utils  # deferred: only this format needs it

    # Longer than the rest on purpose: one create statement a table, in the order of
    # docs/exports.md, so the database's shape reads in one place.

    db = sqlite_utils.Database(str(path))
    # The file is a temporary one, moved into place only once whole (see export): a crash
    # while it is written loses nothing, so it is written without a journal on disk and
    # without a flush to disk each transaction (one fsync at the end, below).
    db.execute("PRAGMA journal_mode = MEMORY")
    db.execute("PRAGMA synchronous = OFF")
    db["documents"].create(
        {
            "id": str,
            "title": str,
            "author": str,
            "publisher": str,
            "first_published": str,
            "note": str,
            "file": str,
            "first_line": int,
            "last_line": int,
            "sha256": str,
            "text": str,
        },
        pk="id",
    )
    db["entities"].create(
        {
            "id": str,
            "type": str,
            "name": str,
            "aliases": str,
            "alias_notes": str,
            "description": str,
            "within": str,
        },
        pk="id",
    )
    db["properties"].create(
        {"id": str, "label": str, "description": str, "value_type": str, "cardinality": str},
        pk="id",
    )
    db["claims"].create(
        {
            "id": str,
            "document": str,
            "statement": str,
            "subject": str,
            "property": str,
            "object": str,
            "qualifiers": str,
            "value_type": str,
            "value": str,
            "value_text": str,
            "quote": str,
            "line": int,
            "column": int,
            "said_by": str,
            "attributed_to": str,
            "status": str,
            "note": str,
            "part_of": str,
            "tags": str,
            "page": str,
        },
        pk="id",
        foreign_keys=[
            ("document", "documents", "id"),
            ("subject", "entities", "id"),
            ("object", "entities", "id"),
            ("property", "properties", "id"),
            ("part_of", "claims", "id"),
        ],
    )
    db["reviews"].create(
        {
            "id": int,
            "claim": str,
            "position": int,
            "date": str,
            "status": str,
            "by": str,
            "note": str,
        },
        pk="id",
        foreign_keys=[("claim", "claims", "id")],
    )
    db["evidence"].create(
        {
            "id": int,
            "review": int,
            "position": int,
            "kind": str,
            "cited_claim": str,
            "stance": str,
            "url": str,
            "title": str,
            "publisher": str,
            "published": str,
            "consulted": str,
            "excerpt": str,
            "language": str,
            "translation": str,
            "archived": str,
            "text": str,
        },
        pk="id",
        foreign_keys=[("review", "reviews", "id"), ("cited_claim", "claims", "id")],
    )
    db["findings"].create(
        {"id": str, "type": str, "key": str, "explanation": str, "settled": int, "untriaged": int},
        pk="id",
    )
    db["finding_claims"].create(
        {"finding": str, "claim": str, "position": int},
        pk=("finding", "claim"),
        foreign_keys=[("finding", "findings", "id"), ("claim", "claims", "id")],
    )
    with db.conn:
        db.execute("BEGIN")  # one transaction, not one a batch of rows
        _fill(db, ledger, options)
    db["claims"].enable_fts(["statement", "quote"], fts_version="FTS5", create_triggers=True)
    for table, column in (
        ("claims", "document"),
        ("claims", "subject"),
        ("claims", "status"),
        ("reviews", "claim"),
        ("evidence", "review"),
        ("finding_claims", "claim"),
    ):
        db[table].create_index([column])
    db.vacuum()
    db.conn.close()
    with path.open("rb") as written:  # on disk before it is moved into place
        os.fsync(written.fileno())
    return len(ledger.claims)


# Rows sent to SQLite at once: a batch is a list of tuples, made and dropped as it goes,
# so that no table's rows are all held at once (100,000 claims' rows were 300 MiB).
BATCH = 1000


class _Batches:
    """Rows of several tables, inserted as sqlite-utils' insert_all would insert them (lists
    and dicts as JSON) but with one prepared statement a table, a batch at a time:
    insert_all checks every row's columns and types again, which at 100,000 claims costs
    more than SQLite's own work. The columns of a table are its first row's keys."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.columns: dict[str, list[str]] = {}
        self.pending: dict[str, list[tuple[Any, ...]]] = {}

    def add(self, table: str, row: dict[str, Any]) -> None:
        columns = self.columns.get(table)
        if columns is None:
            columns = self.columns[table] = list(row)
            self.pending[table] = []
        waiting = self.pending[table]
        waiting.append(tuple(_cell(row[c]) for c in columns))
        if len(waiting) >= BATCH:
            self._send(table)

    def flush(self) -> None:
        for table in self.pending:
            self._send(table)

    def _send(self, table: str) -> None:
        waiting = self.pending[table]
        if not waiting:
            return
        columns = self.columns[table]
        names = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.db.conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", waiting)
        self.pending[table] = []


def _insert(db: Any, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows whose keys are columns of the table, a batch at a time (see _Batches)."""
    batches = _Batches(db)
    for row in rows:
        batches.add(table, row)
    batches.flush()


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=repr, ensure_ascii=False)
    return value


def _documents(ledger: Ledger) -> Iterator[dict[str, Any]]:
    for doc_id, document in ledger.documents.items():
        seed = ledger.seeds.get(document.file)
        span = ledger.spans.get(doc_id)
        yield {
            "id": doc_id,
            "title": document.title,
            "author": document.author,
            "publisher": document.publisher,
            "first_published": document.first_published,
            "note": document.note,
            "file": document.file,
            "first_line": document.lines.first,
            "last_line": document.lines.last,
            "sha256": document.sha256,
            "text": seed.text[span[0] : span[1]] if seed and span else None,
        }


def _fill(db: Any, ledger: Ledger, options: SiteOptions) -> None:
    _insert(db, "documents", _documents(ledger))
    _vocabulary(db, ledger)
    _claim_rows(db, ledger, options)
    _findings(db, ledger)


def _vocabulary(db: Any, ledger: Ledger) -> None:
    _insert(
        db,
        "entities",
        [
            {
                "id": e.id,
                "type": e.type.value,
                "name": e.name,
                "aliases": json.dumps(e.aliases, ensure_ascii=False),
                # a known variant's note: why that spelling is accepted
                "alias_notes": json.dumps(
                    {str(a): a.note for a in e.aliases if getattr(a, "note", None)},
                    ensure_ascii=False,
                ),
                "description": e.description,
                "within": json.dumps(e.within),
            }
            for e in ledger.entities.values()
        ],
    )
    _insert(
        db,
        "properties",
        [
            {
                "id": p.id,
                "label": p.label,
                "description": p.description,
                "value_type": p.value_type.value,
                "cardinality": p.cardinality.value,
            }
            for p in ledger.properties.values()
        ],
    )


def _claim_rows(db: Any, ledger: Ledger, options: SiteOptions) -> None:
    """A claim's row, then its reviews' and their evidence's, in batches."""
    batches = _Batches(db)  # a claim's row, then its reviews' and their evidence's
    review_id = evidence_id = 0
    for claim in claims_in_order(ledger):
        found = ledger.anchors.get(claim.id)
        anchor = {"line": found.line, "column": found.column} if isinstance(found, Anchor) else {}
        record = {
            "value_type": value_type_name(claim),
            "value": claim.value.model_dump(mode="json"),  # as in claim_record, not the rest
            "value_text": value_words(claim.value),
            "said_by": claim_author(ledger, claim),
            "page": options.base_url + claim_path(claim.id) if options.base_url else None,
        }
        batches.add(
            "claims",
            {
                "id": claim.id,
                "document": claim.source.document,
                "statement": claim.statement,
                "subject": claim.subject,
                "property": claim.property,
                "object": claim.object,
                "qualifiers": json.dumps(claim.qualifiers, ensure_ascii=False),
                "value_type": record["value_type"],
                "value": json.dumps(record["value"], ensure_ascii=False),
                "value_text": record["value_text"],
                "quote": claim.source.quote,
                "line": anchor.get("line"),
                "column": anchor.get("column"),
                "said_by": record["said_by"],
                "attributed_to": claim.attributed_to,
                "status": claim.status.value,
                "note": claim.note,
                "part_of": claim.part_of,
                "tags": json.dumps(claim.tags),
                "page": record["page"],
            },
        )
        for position, entry in enumerate(claim.review):
            review_id += 1
            batches.add(
                "reviews",
                {
                    "id": review_id,
                    "claim": claim.id,
                    "position": position,
                    "date": entry.date,
                    "status": entry.status.value,
                    "by": getattr(entry, "by", None),
                    "note": entry.note,
                },
            )
            for number, item in enumerate(evidence_of(entry)):
                evidence_id += 1
                row = evidence_row(item)
                row["cited_claim"] = row.pop("claim")
                batches.add(
                    "evidence", {"id": evidence_id, "review": review_id, "position": number, **row}
                )
    batches.flush()


def _findings(db: Any, ledger: Ledger) -> None:
    report = build_report(ledger)
    _insert(
        db,
        "findings",
        (
            {
                "id": entry.finding.id,
                "type": entry.finding.type,
                "key": entry.finding.key,
                "explanation": entry.finding.explanation,
                "settled": int(settled(entry)),
                "untriaged": int(entry.untriaged),
            }
            for entry in report.entries
        ),
    )
    _insert(
        db,
        "finding_claims",
        (
            {"finding": entry.finding.id, "claim": side.id, "position": position}
            for entry in report.entries
            for position, side in enumerate(entry.sides)
        ),
    )
