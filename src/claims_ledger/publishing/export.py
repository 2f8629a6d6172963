"""`claims export`: the ledger for other tools, in four formats (shapes in docs/exports.md).

- claimreview: one JSON-LD file, a @graph of the ClaimReview of every claim with a verdict;
- csv: one row per claim, safe to open in a spreadsheet;
- sqlite: tables with foreign keys and full-text search, for `datasette ledger.db`;
- jsonl: one claim per line, for pipelines.

Each file is written beside OUT and moved into place, so a reader never sees half of it.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..comparing.report import build_report
from ..comparing.wording import value_words
from ..errors import LedgerError
from ..reading.anchoring import Anchor
from ..records.loading import Ledger
from ..records.models import Claim
from .claimreview import claim_review
from .data import claim_author, claim_path, settled
from .evidence import evidence_of
from .options import SiteOptions

FORMATS = ("claimreview", "csv", "sqlite", "jsonl")
CSV_COLUMNS = (
    "id",
    "document",
    "statement",
    "subject",
    "subject_name",
    "property",
    "object",
    "object_name",
    "qualifiers",
    "value_type",
    "value",
    "value_text",
    "quote",
    "line",
    "column",
    "said_by",
    "attributed_to",
    "status",
    "reviewed",
    "reviews",
    "note",
    "part_of",
    "tags",
    "page",
)
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """The cell, with a single quote in front when a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _value_type(claim: Claim) -> str:
    return type(claim.value).__name__.removesuffix("Value").lower()


def claim_record(ledger: Ledger, claim: Claim, options: SiteOptions) -> dict[str, Any]:
    """A claim as exported: the record's fields, its value in words, where its quote stands,
    who says it, and its page's address when the site's address is known."""
    found = ledger.anchors.get(claim.id)
    record = claim.model_dump(mode="json")
    record["review"] = [
        {
            **{k: v for k, v in entry.model_dump(mode="json").items() if k != "evidence"},
            "evidence": [_evidence_dict(item) for item in evidence_of(entry)],
        }
        for entry in claim.review
    ]
    record["value_type"] = _value_type(claim)
    record["value_text"] = value_words(claim.value)
    record["said_by"] = claim_author(ledger, claim)
    record["anchor"] = (
        {"line": found.line, "column": found.column, "start": found.start, "end": found.end}
        if isinstance(found, Anchor)
        else None
    )
    record["page"] = options.base_url + claim_path(claim.id) if options.base_url else None
    return record


def _evidence_dict(item: Any) -> dict[str, Any]:
    """An evidence item as exported: every field the adapter reads, None when absent."""
    return {name: getattr(item, name) for name in item.__dataclass_fields__}


def _claims(ledger: Ledger) -> Iterator[Claim]:
    for claim_id in sorted(ledger.claims):
        yield ledger.claims[claim_id]


# --- the formats


def write_jsonl(ledger: Ledger, path: Path, options: SiteOptions) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for claim in _claims(ledger):
            out.write(json.dumps(claim_record(ledger, claim, options), ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(ledger: Ledger, path: Path, options: SiteOptions) -> int:
    """RFC 4180 (CRLF line ends, quotes doubled), UTF-8 with a byte-order mark so that
    spreadsheets read it as UTF-8."""
    names = {entity_id: e.name for entity_id, e in ledger.entities.items()}
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for claim in _claims(ledger):
            record = claim_record(ledger, claim, options)
            anchor = record["anchor"] or {}
            row = {
                "id": claim.id,
                "document": claim.source.document,
                "statement": claim.statement,
                "subject": claim.subject,
                "subject_name": names.get(claim.subject, ""),
                "property": claim.property,
                "object": claim.object or "",
                "object_name": names.get(claim.object, "") if claim.object else "",
                "qualifiers": "; ".join(f"{k}={v}" for k, v in claim.qualifiers.items()),
                "value_type": record["value_type"],
                "value": json.dumps(record["value"], ensure_ascii=False),
                "value_text": record["value_text"],
                "quote": claim.source.quote,
                "line": anchor.get("line", ""),
                "column": anchor.get("column", ""),
                "said_by": record["said_by"] or "",
                "attributed_to": claim.attributed_to or "",
                "status": claim.status.value,
                "reviewed": claim.review[-1].date if claim.review else "",
                "reviews": len(claim.review),
                "note": claim.note or "",
                "part_of": claim.part_of or "",
                "tags": "; ".join(claim.tags),
                "page": record["page"] or "",
            }
            writer.writerow([spreadsheet_safe(str(row[column])) for column in CSV_COLUMNS])
            count += 1
    return count


def claimreview_graph(ledger: Ledger, options: SiteOptions) -> dict[str, Any]:
    graph = []
    for claim in _claims(ledger):
        url = options.base_url + claim_path(claim.id) if options.base_url else None
        review = claim_review(ledger, claim, options.publisher_name, url)
        if review is not None:
            review.pop("@context")
            graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def write_claimreview(ledger: Ledger, path: Path, options: SiteOptions) -> int:
    data = claimreview_graph(ledger, options)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(data["@graph"])


def write_sqlite(ledger: Ledger, path: Path, options: SiteOptions) -> int:
    """Tables documents, entities, properties, claims, reviews, evidence, findings and
    finding_claims, with foreign keys, and FTS5 on claims' statements and quotes."""
    import sqlite_utils  # deferred: only this format needs it

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
    batches = _Batches(db)  # a claim's row, then its reviews' and their evidence's
    review_id = evidence_id = 0
    for claim in _claims(ledger):
        found = ledger.anchors.get(claim.id)
        anchor = {"line": found.line, "column": found.column} if isinstance(found, Anchor) else {}
        record = {
            "value_type": _value_type(claim),
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
                row = _evidence_dict(item)
                row["cited_claim"] = row.pop("claim")
                batches.add(
                    "evidence", {"id": evidence_id, "review": review_id, "position": number, **row}
                )
    batches.flush()
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


WRITERS: dict[str, Callable[[Ledger, Path, SiteOptions], int]] = {
    "claimreview": write_claimreview,
    "csv": write_csv,
    "sqlite": write_sqlite,
    "jsonl": write_jsonl,
}


def export(ledger: Ledger, fmt: str, out: Path, options: SiteOptions) -> int:
    """Write the ledger to OUT in one format; how many records (claims or reviews) it holds.

    OUT is a file; an existing file is replaced, never written through (a symbolic link
    there is replaced by the file), and a directory is refused.
    """
    if fmt not in WRITERS:
        raise LedgerError(f"--format {fmt}: one of {', '.join(FORMATS)}")
    if out.is_dir() and not out.is_symlink():
        raise LedgerError(f"{out}: a directory: name the file to write, e.g. {out}/ledger.db")
    folder = out.parent
    if not folder.is_dir():
        raise LedgerError(f"{folder}: no such directory")
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        if fmt == "sqlite":
            temporary.unlink()  # sqlite-utils makes the database file itself
        count = WRITERS[fmt](ledger, temporary, options)
        temporary.chmod(0o644)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return count
