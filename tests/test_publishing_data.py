"""publishing.data: each claim's comparisons, kept a group at a time, as a list a claim."""

from __future__ import annotations

from pathlib import Path

from claims_ledger.checking.validation import prepare
from claims_ledger.comparing.consistency.base import build_context
from claims_ledger.publishing.data import Comparisons, comparisons
from helpers import REPO, generated


def test_comparisons_kept_by_group_are_the_lists_a_claim(tmp_path: Path):
    for root in (REPO, generated(tmp_path / "ledger", 600)):
        ledger = prepare(root)
        context = build_context(ledger)
        lists = comparisons(ledger, context)
        kept = Comparisons(ledger, context)
        assert lists
        for claim_id in ledger.claims:
            assert kept.of(claim_id) == lists.get(claim_id, [])
