"""Anchors: each quote occurs exactly once in its document's span (or prefix/suffix pick one).

Passing: `quote: "joined the circle in the spring of 2020"`, copied from the seed.
Failing: the same with straight quotes or a retyped word (quote-not-found, with the nearest
passage), or a quote found twice with no prefix/suffix (quote-ambiguous).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from ...reading.anchoring import AnchorProblem
from ...records.loading import Ledger

CODES = ("quote-not-found", "quote-ambiguous")


def check(ledger: Ledger) -> Iterator[Finding]:
    for claim_id, result in ledger.anchors.items():
        if isinstance(result, AnchorProblem):
            yield Finding(
                result.code,
                result.message,
                ledger.claim_file[claim_id],
                claims=(claim_id,),
                pointer=("source", "quote"),
            )
