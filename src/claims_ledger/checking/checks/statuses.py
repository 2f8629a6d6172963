"""Statuses: verified and refuted need evidence, and the status is the last review's.

Passing: `status: refuted` whose refuted review entry cites a source that contradicts it.
Failing: `status: verified` with `evidence: []` in every review entry (missing-evidence), or
`status: disputed` when the last review entry says `unverified` (status-mismatch).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...findings import Finding
from ...records.loading import Ledger
from ...records.models import Claim, Status

CODES = ("missing-evidence", "status-mismatch")

NEEDS_EVIDENCE = {Status.verified, Status.refuted}


def check(ledger: Ledger) -> Iterator[Finding]:
    for claim_id, claim in ledger.claims.items():
        yield from claim_check(ledger, claim_id, claim, ledger.claim_file[claim_id], None)


def claim_check(
    ledger: Ledger, claim_id: str, claim: Claim, rel: str, anchor: object
) -> Sequence[Finding]:
    """A verdict without evidence, or a status that is not the last review entry's."""
    status = claim.status
    review = claim.review
    found: list[Finding] = []
    if status in NEEDS_EVIDENCE:
        backing = [e for e in review if e.status == status and e.evidence]
        if not backing:
            found.append(
                Finding(
                    "missing-evidence",
                    f"status {status.value} needs evidence: add a review entry with status "
                    f"{status.value} whose evidence cites a public source that was actually "
                    "consulted (url, title, publisher, consulted, excerpt, stance), or for "
                    "refuted a verified claim (claim: ID, stance: contradicts); "
                    "`claims review` writes one",
                    rel,
                    claims=(claim_id,),
                    pointer=("status",),
                )
            )
    elif not review or review[-1].status == status:
        return ()  # (the common case: nothing to say, nothing made)
    if review and review[-1].status != status:
        found.append(
            Finding(
                "status-mismatch",
                f"status is {status.value} but the last review entry says "
                f"{review[-1].status.value}: every change of status is a review entry",
                rel,
                claims=(claim_id,),
                pointer=("status",),
            )
        )
    return found
