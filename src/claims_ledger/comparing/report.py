"""The discrepancy report: every consistency finding, with its sides, and a short summary.

The report is data (a Report object, see report_entries.py); reporters/ turn it into text,
markdown, JSON or GitHub annotations.
"""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import replace
from itertools import compress, repeat
from operator import attrgetter, eq

from ..collector import paused
from ..findings import Finding
from ..reading.anchoring import Anchor
from ..reading.locating import locate
from ..reading.textfile import read_text
from ..records.layout import SEEDS_DIR
from ..records.listing import check_filters
from ..records.loading import Ledger
from ..records.models import (
    AgeValue,
    Claim,
    ClaimReference,
    DateValue,
    DurationValue,
    MoneyValue,
    PercentageValue,
    QuantityValue,
    Stance,
    Status,
)
from .consistency import FINDING_TYPES, Discrepancy, build_context, finding_type, run_consistency
from .consistency.base import Context, corroborated
from .report_entries import (
    ACKNOWLEDGED,
    OPEN,
    SETTLED,
    SETTLED_STANDING,
    Entry,
    Refuted,
    Report,
    Shown,
    Side,
    documents_of,
    shown,
    subjects_of,
)
from .wording import value_words

# The report's data objects are re-exported: the publishing code imports them from here.
__all__ = [
    "ACKNOWLEDGED",
    "FINDING_TYPES",
    "OPEN",
    "SETTLED",
    "SETTLED_STANDING",
    "Entry",
    "Refuted",
    "Report",
    "Shown",
    "Side",
    "build_report",
    "conflict_pairs",
    "documents_of",
    "next_to_check",
    "side",
    "subjects_of",
]


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
    context: Context | None = None,
) -> Report:
    """Run every consistency check and assemble the report, filtered as asked.

    A filter naming no document or entity of the ledger is an error, not an empty report:
    a misspelt --document must not make `claims report --strict` pass. (When the manifest
    or entities.yaml did not load, there is nothing to check the name against.)
    `context` is the ledger's comparisons when the caller has made them (the site shows
    them too): each pair is then compared once.
    """
    check_filters(ledger, document=document, subject=subject)
    # Comparing makes many small objects and no cycles: a collection would only walk the
    # whole loaded ledger again, ever more often as the report grows. The report is frozen
    # for the collector as the ledger is (see validation.prepare): writing it out would
    # otherwise start collections that walk its every finding again.
    with paused():
        report = _build(ledger, types, document, subject, context)
        gc.freeze()
    return report


def _build(
    ledger: Ledger,
    types: tuple[str, ...],
    document: str | None,
    subject: str | None,
    context: Context | None = None,
) -> Report:
    if context is None:
        context = build_context(ledger)
    found = run_consistency(ledger, context)
    refuted_of: dict[str, Refuted] = {}
    entries = [_entry(ledger, finding, refuted_of) for finding in found]
    all_entries = entries
    # each claim's status (its text: an Enum member hashes in Python) and document, read
    # in C (map and attrgetter), one pass each
    statuses = list(map(_STATUS, ledger.claims.values()))
    refuted = [refuted_of.get(c) or _refuted(ledger, c) for c in _refuted_ids(ledger, statuses)]
    if types:
        entries = [e for e in entries if e.finding.type in types]
    if document:
        entries = [e for e in entries if document in documents_of(e)]
        refuted = [r for r in refuted if r.document == document]
    if subject:
        entries = [e for e in entries if subject in subjects_of(ledger, e)]
        refuted = [r for r in refuted if ledger.claims[r.id].subject == subject]
    agreeing = corroborated(ledger, context)
    # (document, status) -> claims, counted in C
    counted = Counter(zip(map(_DOCUMENT, ledger.claims.values()), statuses, strict=True))
    per_document: Counter[str] = Counter()
    per_status: dict[str, Counter[str]] = {}
    of_status: Counter[str] = Counter()
    for (doc_id, status), count in counted.items():
        per_document[doc_id] += count
        per_status.setdefault(doc_id, Counter())[status] += count
        of_status[status] += count
    named = [status.value for status in Status]
    none: Counter[str] = Counter()
    standings = Counter(e.standing for e in entries if finding_type(e.finding.type).judged)
    summary = {
        "claims": len(ledger.claims),
        "documents": len(ledger.documents),
        "claims_per_document": {  # every document of the manifest, 0 when it has none
            doc_id: per_document[doc_id]
            for doc_id in sorted(set(ledger.documents) | set(per_document))
        },
        "claims_per_status": {status: of_status[status] for status in named},
        "findings_per_type": {
            kind: sum(1 for e in all_entries if e.finding.type == kind) for kind in FINDING_TYPES
        },
        "corroborated_claims": len(agreeing),
        "compared_pairs": len(context.pairs),
        "untriaged_conflicts": sum(1 for e in all_entries if e.untriaged),
        # of the conflicts the filters keep, as --strict judges them
        "conflicts": {
            "open": standings[OPEN] + standings[ACKNOWLEDGED],
            "acknowledged": standings[ACKNOWLEDGED],
            "settled": standings[SETTLED_STANDING],
            "to_settle": standings[OPEN],
        },
        "statuses_per_document": {
            doc_id: {status: per_status.get(doc_id, none)[status] for status in named}
            for doc_id in sorted(set(ledger.documents) | set(per_document))
        },
        "refuted_claims": len(refuted),
        "next_to_check": next_to_check(ledger, all_entries, context),
    }
    problems = _both_verified(ledger, entries)
    return Report(tuple(entries), summary, tuple(refuted), tuple(problems))


def _entry(ledger: Ledger, finding: Discrepancy, refuted_of: dict[str, Refuted]) -> Entry:
    """A finding with its sides and, as its type says, its standing."""
    kind = finding_type(finding.type)
    sides = tuple(side(ledger, claim_id) for claim_id in finding.claims)
    untriaged = kind.judged and any(
        ledger.claims[c].status is Status.unverified for c in finding.claims
    )
    if kind.judged:
        return _judged(ledger, Entry(finding, sides, untriaged), refuted_of)
    if kind.acknowledged_by:
        # e.g. a spelling recorded as a known variant (an alias with a note)
        known = finding.details.get(kind.acknowledged_by)
        return Entry(finding, sides, untriaged, ACKNOWLEDGED if known else OPEN)
    return Entry(finding, sides, untriaged)


_STATUS = attrgetter("status._value_")
_DOCUMENT = attrgetter("source.document")


def _refuted_ids(ledger: Ledger, statuses: list[str]) -> list[str]:
    """The refuted claims by document, then id (`statuses`: each claim's status as text, in
    the ledger's order)."""
    ids = list(compress(ledger.claims, map(eq, statuses, repeat(Status.refuted.value))))
    return sorted(ids, key=lambda c: (ledger.claims[c].source.document, c))


def _refuted(ledger: Ledger, claim_id: str) -> Refuted:
    claim = ledger.claims[claim_id]
    entries = [e for e in claim.review if e.status is Status.refuted]
    found = ledger.anchors.get(claim_id)
    return Refuted(
        id=claim_id,
        document=claim.source.document,
        statement=claim.statement,
        quote=claim.source.quote,
        line=found.line if isinstance(found, Anchor) else None,
        record=ledger.claim_file[claim_id],
        by=tuple(
            shown(item)
            for entry in entries
            for item in entry.evidence
            if item.stance is Stance.contradicts
        ),
        note=entries[-1].note if entries else "",
    )


def _cites(claim: Claim, other: str) -> bool:
    """Whether a disputed review entry of the claim names the other claim as evidence."""
    return any(
        isinstance(item, ClaimReference) and item.claim == other
        for entry in claim.review
        if entry.status is Status.disputed
        for item in entry.evidence
    )


def conflict_pairs(finding: Discrepancy) -> list[tuple[str, str]]:
    """The pairs of sides that cannot both be true (every pair, for a finding of two)."""
    pairs = finding.details.get("pairs")
    if pairs:
        return [(pair["claims"][0], pair["claims"][1]) for pair in pairs]
    ids = finding.claims
    return [(a, b) for index, a in enumerate(ids) for b in ids[index + 1 :]]


def _judged(ledger: Ledger, entry: Entry, refuted_of: dict[str, Refuted]) -> Entry:
    """A conflict (a finding of a judged type) with its standing: settled, acknowledged or open, and what is left to do.

    Judged pair by pair, so a conflict of three sides is settled only when every pair that
    cannot be true together has a refuted side: refuting a side that agrees with the
    others leaves the disagreement standing.
    """
    ids = entry.finding.claims
    claims = {c: ledger.claims[c] for c in ids}
    status = {c: claim.status for c, claim in claims.items()}
    pairs = conflict_pairs(entry.finding)
    unsettled = [(a, b) for a, b in pairs if Status.refuted not in (status[a], status[b])]
    refuted = [c for c in ids if status[c] is Status.refuted]
    settled = []
    for claim_id in refuted:
        if claim_id not in refuted_of:
            refuted_of[claim_id] = _refuted(ledger, claim_id)
        settled.append(refuted_of[claim_id])
    if not unsettled:
        return replace(entry, standing=SETTLED_STANDING, settled_by=tuple(settled))
    if all(
        status[a] is status[b] is Status.disputed and _cites(claims[a], b) and _cites(claims[b], a)
        for a, b in unsettled
    ):
        return replace(entry, standing=ACKNOWLEDGED)
    left = [c for c in ids if any(c in pair for pair in unsettled)]
    verified = [c for c in left if status[c] is Status.verified]
    unverified = [c for c in left if status[c] is Status.unverified]
    both = [pair for pair in unsettled if status[pair[0]] is status[pair[1]] is Status.verified]
    if both:
        to_do = (
            "has two verified sides: two conflicting claims cannot both be verified; refute "
            "one with the source that contradicts it (claims review ID --status refuted)"
        )
    elif unverified:
        to_do = (
            f"is untriaged: {', '.join(unverified)} "
            + ("is unverified; check it" if len(unverified) == 1 else "are unverified; check them")
            + " against an outside source and verify or refute, or mark every side disputed, "
            "each citing the others (claims review)"
        )
    elif verified:
        against = {
            b if a in verified else a for a, b in unsettled if a in verified or b in verified
        }
        others = ", ".join(c for c in ids if c in against)
        to_do = (
            f"is not settled: {verified[0]} is verified, so refute {others} with the source "
            "that contradicts it (claims review ID --status refuted)"
        )
    else:
        to_do = (
            "is not settled: refute the side the sources contradict, or mark every side "
            "disputed, each citing the others as claim evidence (claims review)"
        )
    return replace(entry, standing=OPEN, to_do=to_do)


NUMERIC = (DateValue, QuantityValue, MoneyValue, PercentageValue, DurationValue, AgeValue)
NEXT_TO_CHECK = 10


def next_to_check(
    ledger: Ledger, entries: list[Entry], context: Context | None = None
) -> list[dict[str, str]]:
    """What most needs checking: unverified sides of open conflicts (those nobody has
    acknowledged first), then unverified claims with a date or a number (found among the
    claims the context knows by the type of their value, when it is given).

    Only the first NEXT_TO_CHECK chosen are told, and a claim chosen stays where it was
    first chosen: the search stops as soon as that many are (a large ledger's open
    conflicts are enough, and its claims with a number are then not read)."""
    chosen: dict[str, str] = {}
    for wanted in (OPEN, ACKNOWLEDGED):
        for entry in entries:
            if not finding_type(entry.finding.type).judged or entry.standing != wanted:
                continue
            for claim_id in entry.finding.claims:
                if ledger.claims[claim_id].status is Status.unverified:
                    chosen.setdefault(claim_id, f"a side of the open conflict {entry.finding.id}")
            if len(chosen) >= NEXT_TO_CHECK:
                return _told(ledger, chosen)
    waiting: dict[str, list[str]] = {}  # by document: one of each document in turn
    # Until enough are chosen, each turn chooses a claim or reads one of the fewer than
    # NEXT_TO_CHECK chosen above: no document's claim after its NEXT_TO_CHECK-th is read.
    turns = NEXT_TO_CHECK
    if context is not None:
        numeric = context.of_type(*NUMERIC)
    else:
        numeric = [c for c in sorted(ledger.claims) if isinstance(ledger.claims[c].value, NUMERIC)]
    claims, unverified = ledger.claims, Status.unverified
    for claim_id in numeric:
        claim = claims[claim_id]
        if claim.status is unverified:
            queue = waiting.get(claim.source.document)
            if queue is None:
                waiting[claim.source.document] = [claim_id]
            elif len(queue) < turns:
                queue.append(claim_id)
    queues = [iter(waiting[document]) for document in sorted(waiting)]
    while queues and len(chosen) < NEXT_TO_CHECK:
        for queue in list(queues):
            claim_id = next(queue, None)
            if claim_id is None:
                queues.remove(queue)
                continue
            kind = "a date" if isinstance(ledger.claims[claim_id].value, DateValue) else "a number"
            chosen.setdefault(claim_id, f"unverified, with {kind}")
            if len(chosen) >= NEXT_TO_CHECK:
                break
    return _told(ledger, chosen)


def _told(ledger: Ledger, chosen: dict[str, str]) -> list[dict[str, str]]:
    """The first NEXT_TO_CHECK claims chosen, each with its document and why."""
    return [
        {"id": claim_id, "document": ledger.claims[claim_id].source.document, "reason": why}
        for claim_id, why in list(chosen.items())[:NEXT_TO_CHECK]
    ]


def _both_verified(ledger: Ledger, entries: list[Entry]) -> list[Finding]:
    """A conflict with two verified sides, as a finding at the later side's status."""
    found = []
    for entry in entries:
        if not finding_type(entry.finding.type).judged:
            continue
        both = [
            pair
            for pair in conflict_pairs(entry.finding)
            if all(ledger.claims[c].status is Status.verified for c in pair)
        ]
        if not both:
            continue
        verified = sorted({c for pair in both for c in pair})
        rel = ledger.claim_file[verified[-1]]
        text = ledger.texts.get(rel) or read_text(ledger.root / rel).text or ""
        line, column = locate(text, ("status",)) if text else (1, 1)
        found.append(
            Finding(
                "conflict-both-verified",
                f"{verified[-1]} and {verified[0]} conflict ({entry.finding.explanation}) but "
                "both are verified: refute the one the sources contradict",
                rel,
                line,
                column,
                claims=tuple(verified),
            )
        )
    return sorted(found, key=Finding.sort_key)
