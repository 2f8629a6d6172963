"""Anchors: each quote occurs exactly once in its document's span (or prefix/suffix pick one).

Passing: `quote: "joined the circle in the spring of 2020"`, copied from the seed.
Failing: the same with straight quotes or a retyped word (quote-not-found, with the nearest
passage), or a quote found twice with no prefix/suffix (quote-ambiguous).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...findings import Finding
from ...reading.anchoring import AnchorProblem
from ...records.loading import Ledger

CODES = ("quote-not-found", "quote-ambiguous")


def check(ledger: Ledger) -> Iterator[Finding]:
    for claim_id, result in ledger.anchors.items():
        yield from claim_check(ledger, claim_id, None, ledger.claim_file[claim_id], result)


def claim_check(
    ledger: Ledger, claim_id: str, claim: object, rel: str, anchor: object
) -> Sequence[Finding]:
    """The finding of a quote that does not stand exactly once (None: it was not looked for)."""
    if not isinstance(anchor, AnchorProblem):
        return ()
    return (
        Finding(anchor.code, anchor.message, rel, claims=(claim_id,), pointer=("source", "quote")),
    )
