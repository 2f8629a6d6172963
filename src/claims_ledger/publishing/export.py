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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..comparing.wording import value_words
from ..errors import LedgerError
from ..reading.anchoring import Anchor
from ..records.loading import Ledger
from ..records.models import Claim
from .claimreview import claim_review
from .data import claim_author, claim_path
from .evidence import evidence_of
from .options import SiteOptions
from .rows import claims_in_order, evidence_row, value_type_name
from .sqlite import write_sqlite

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


def claim_record(ledger: Ledger, claim: Claim, options: SiteOptions) -> dict[str, Any]:
    """A claim as exported: the record's fields, its value in words, where its quote stands,
    who says it, and its page's address when the site's address is known."""
    found = ledger.anchors.get(claim.id)
    record = claim.model_dump(mode="json")
    record["review"] = [
        {
            **{k: v for k, v in entry.model_dump(mode="json").items() if k != "evidence"},
            "evidence": [evidence_row(item) for item in evidence_of(entry)],
        }
        for entry in claim.review
    ]
    record["value_type"] = value_type_name(claim)
    record["value_text"] = value_words(claim.value)
    record["said_by"] = claim_author(ledger, claim)
    record["anchor"] = (
        {"line": found.line, "column": found.column, "start": found.start, "end": found.end}
        if isinstance(found, Anchor)
        else None
    )
    record["page"] = options.base_url + claim_path(claim.id) if options.base_url else None
    return record


# --- the formats


def write_jsonl(ledger: Ledger, path: Path, options: SiteOptions) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for claim in claims_in_order(ledger):
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
        for claim in claims_in_order(ledger):
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
    for claim in claims_in_order(ledger):
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
