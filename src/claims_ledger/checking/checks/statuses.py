"""Statuses: verified and refuted need evidence, and the status is the last review's.

Passing: `status: refuted` whose refuted review entry cites a source that contradicts it.
Failing: `status: verified` with `evidence: []` in every review entry (missing-evidence), or
`status: disputed` when the last review entry says `unverified` (status-mismatch).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from ...records.loading import Ledger
from ...records.models import Status

CODES = ("missing-evidence", "status-mismatch")

NEEDS_EVIDENCE = {Status.verified, Status.refuted}


def check(ledger: Ledger) -> Iterator[Finding]:
    for claim_id, claim in ledger.claims.items():
        rel = ledger.claim_file[claim_id]
        if claim.status in NEEDS_EVIDENCE:
            backing = [e for e in claim.review if e.status == claim.status and e.evidence]
            if not backing:
                yield Finding(
                    "missing-evidence",
                    f"status {claim.status.value} needs evidence: add a review entry with status "
                    f"{claim.status.value} whose evidence cites a public source that was actually "
                    "consulted (url, title, publisher, consulted, excerpt, stance), or for "
                    "refuted a verified claim (claim: ID, stance: contradicts); "
                    "`claims review` writes one",
                    rel,
                    claims=(claim_id,),
                    pointer=("status",),
                )
        if claim.review and claim.review[-1].status != claim.status:
            yield Finding(
                "status-mismatch",
                f"status is {claim.status.value} but the last review entry says "
                f"{claim.review[-1].status.value}: every change of status is a review entry",
                rel,
                claims=(claim_id,),
                pointer=("status",),
            )
