"""What the pages are made from: a compact row a claim, worked out in a process that ends, so its memory is returned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..collector import paused
from ..comparing.consistency.base import build_context
from ..comparing.report import Report, build_report
from ..comparing.wording import value_words
from ..output.showing import sentence_around
from ..reading.anchoring import Anchor
from ..records import apart
from ..records.apart import Reducer
from ..records.compact import ClaimRow
from ..records.layout import CLAIMS_DIR, SEEDS_DIR
from ..records.loading import Ledger
from ..records.models import Claim, Status
from .data import (
    Comparisons,
)


@dataclass(frozen=True, slots=True)
class Row:
    """What the pages of others show of a claim (the index, documents, findings, links):
    the site holds one of these a claim, and each claim's whole record only for its page
    (and the pages of its findings)."""

    id: str
    document: str
    statement: str
    status: Status
    value: str  # in words


def row_of(claim: Claim | ClaimRow) -> Row:
    """A claim's row, from its record or from the compact row its loading made."""
    return Row(
        claim.id,
        claim.source.document,
        claim.statement,
        claim.status,
        value_words(claim.value),
    )


@dataclass(frozen=True)
class Plan:
    """What every page needs of the whole ledger, made once: the report, each claim's
    comparisons with the others on its fact (the report's own, not made again) and a row
    a claim. Small enough to hand from the process that loaded the claims to the one that
    writes the pages, which then reads each claim's record again only for its own page."""

    report: Report
    compared: Comparisons
    rows: dict[str, Row]

    @classmethod
    def of(cls, ledger: Ledger) -> Plan:
        context = build_context(ledger)
        report = build_report(ledger, context=context)
        compared = Comparisons(ledger, context)
        del context
        shared: dict[str, str] = {}  # one string for the documents' ids, values in words, ...
        rows = {}
        for claim_id, claim in ledger.claims.items():
            row = row_of(claim)
            rows[claim_id] = Row(
                row.id,
                shared.setdefault(row.document, row.document),
                row.statement,
                row.status,
                shared.setdefault(row.value, row.value),
            )
        return cls(report, compared, rows)


def _passage(ledger: Ledger, claim_id: str, doc_id: str) -> dict[str, Any] | None:
    found = ledger.anchors.get(claim_id)
    document = ledger.documents.get(doc_id)
    if not isinstance(found, Anchor) or document is None or document.file not in ledger.seeds:
        return None
    seed = ledger.seeds[document.file]
    before, after = sentence_around(seed, found)
    return {
        "before": before,
        "quote": seed.text[found.start : found.end],
        "after": after,
        "line": found.line,
        "column": found.column,
        "file": f"{SEEDS_DIR}/{document.file}",
    }


def _planned(load: Callable[[], Ledger]) -> tuple[Ledger, Plan]:
    ledger = load()
    with paused():  # many long-lived records, no cycles: a collection would walk the ledger
        plan = Plan.of(ledger)
    ledger.claims = {}  # this process ends once they are sent: their memory serves the pickling
    # the site places only anchored quotes; why a quote has no anchor is validate's to say
    ledger.anchors = {k: v for k, v in ledger.anchors.items() if isinstance(v, Anchor)}
    # a claim's file is its id's path but for a claim whose id is not (see Site.record)
    ledger.claim_file = {k: v for k, v in ledger.claim_file.items() if v != _file_of(k)}
    return ledger, plan


def _file_of(claim_id: str) -> str:
    return f"{CLAIMS_DIR}/{claim_id}.yaml"


# How the plan's rows are sent: as the arguments of their class (see records/apart.py).
def _reducers() -> dict[type, Reducer]:
    return {Row: lambda row: (Row, (row.id, row.document, row.statement, row.status, row.value))}


def in_child(work: Callable[..., Any], *args: Any) -> Any:
    """`work(*args)` in a process that ends, its result (the plan's rows among it) sent back
    (see records/apart.py)."""
    return apart.in_child(work, *args, reducers=_reducers())
