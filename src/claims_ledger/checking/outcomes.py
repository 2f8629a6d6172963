"""What checking one claim file gives, and what a run keeps of a file it does not read.

Shared by the workers that produce outcomes (parallel.py), the cache that stores them
(cache.py) and the engine that settles them (validation.py): kept below all three.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..findings import Finding, Severity, plain_state
from ..reading.anchoring import Anchor
from ..records.compact import ClaimRow, row_from, stored_row
from ..records.models import Claim


@dataclass(frozen=True, slots=True)
class Extra:
    """What a run must know of a file with findings or naming claims, without reading it."""

    own: bool  # it has findings of its own (or cites a claim to refute: judged every run)
    named: list[str]  # the claim ids it names


# Not frozen: one is made for each claim file of a warm run, and a frozen one costs three
# times as much to make (70 ms at 100,000 files). Nothing changes one once it is made.
@dataclass(slots=True)
class Kept:
    """What a run keeps of a file it does not read."""

    digest: str
    claim_id: str | None
    extra: Extra | None  # None when it has no findings and names no claim
    key: str | None  # the claim's fingerprint (checks.duplicates)


@plain_state
@dataclass(frozen=True, slots=True)
class Loose:
    """A claim id the claim names, and the finding if no claim has it: the caller settles it."""

    finding: Finding  # not yet placed, and without its hint
    target: str  # the claim id named
    # a status the named claim must have (a claim cited to refute must be verified): then
    # the finding stands when the claim exists without that status, not when it is missing
    needs: str | None = None


class FileOutcome(NamedTuple):
    """What checking one claim file gave: sent back by a worker, kept in the cache.

    A named tuple: a worker sends the fields after the path as a plain tuple, and the
    caller makes the outcome with its own path in one call (a frozen dataclass set its
    eleven fields one by one, about 1.5 us a file in the process gathering them all)."""

    rel: str
    digest: str | None  # of its path and content; None when unread, or read for no cache
    claim_id: str | None  # None when it did not load
    findings: tuple[Finding, ...]  # load findings, or the claim's own check findings, placed
    loose: tuple[Loose, ...] = ()
    record: str | None = None  # the loaded YAML as JSON, to rebuild the model without parsing
    cached: bool = False  # the cache holds this file's outcome (its digest is known there)
    # the model itself, for a caller that needs every claim (or its compact row: ClaimRow)
    claim: Claim | None = None
    anchor: Anchor | None = None  # where its quote stands, when it stands exactly once
    key: str | None = None  # the claim's fingerprint, to find duplicate claims (see checks)
    row: str | None = None  # its compact row and anchor as JSON, for the cache (row_text)


def digest_of(rel: str, text: str) -> str:
    """The cache key of a file: its path (messages name it) and its content."""
    return hashlib.blake2b(f"{rel}\0{text}".encode(), digest_size=16).hexdigest()


def row_text(claim: Claim, data: dict[str, Any], anchor: object) -> str:
    """What the cache keeps for `claims report` of a loaded claim: its compact row
    (records/compact.py) and its anchor when it has one, as JSON (read back by `read_row`)."""
    at = (
        [anchor.start, anchor.end, anchor.line, anchor.column]
        if isinstance(anchor, Anchor)
        else None
    )
    return json.dumps([*stored_row(claim, data), at], ensure_ascii=False, separators=(",", ":"))


def read_row(text: Any, values: dict[str, Any]) -> tuple[ClaimRow, Anchor | None]:
    """The row and anchor `row_text` gave; ValueError when the text is not what it gives.
    `values`: the values read so far (see row_from)."""
    if type(text) is not str:
        raise ValueError("a stored row is not text")
    data = json.loads(text)
    if type(data) is not list or not data:
        raise ValueError("a stored row is not a list")
    at = data.pop()
    if at is None:
        return row_from(data, values), None
    if type(at) is not list or len(at) != 4 or not all(type(n) is int and n >= 0 for n in at):
        raise ValueError("a stored anchor is not four numbers")
    return row_from(data, values), Anchor(*at)


def outcome_data(outcome: FileOutcome) -> dict[str, Any]:
    """The outcome as plain JSON data, for the cache."""
    return {
        "claim_id": outcome.claim_id,
        "findings": [finding_data(f) for f in outcome.findings],
        "loose": [[finding_data(i.finding), i.target, i.needs] for i in outcome.loose],
    }


def outcome_from(rel: str, digest: str, data: dict[str, Any], record: str | None) -> FileOutcome:
    """The outcome stored by outcome_data, back as a FileOutcome."""
    return FileOutcome(
        rel,
        digest,
        data["claim_id"],
        tuple(finding_from(f) for f in data["findings"]),
        tuple(Loose(finding_from(f), *rest) for f, *rest in data["loose"]),
        record,
    )


def finding_data(finding: Finding) -> list[Any]:
    return [
        finding.code,
        finding.message,
        finding.file,
        finding.line,
        finding.column,
        finding.severity.value,
        list(finding.claims),
        list(finding.pointer),
    ]


def finding_from(data: list[Any]) -> Finding:
    code, message, file, line, column, severity, claims, pointer = data
    return Finding(
        code, message, file, line, column, Severity(severity), tuple(claims), tuple(pointer)
    )
