"""compact: loaded claims made smaller in memory, their values and behaviour untouched."""

from __future__ import annotations

import copy
import pickle
from dataclasses import replace

import pytest
from pydantic import ValidationError

from claims_ledger.comparing.report import build_report
from claims_ledger.output.reporters.json_format import render_report
from claims_ledger.records.compact import ClaimRow, compact, row_of
from claims_ledger.records.loading import load_ledger
from claims_ledger.records.models import Claim, Status
from claims_ledger.records.seeds import anchor_claims, load_seeds
from helpers import REPO


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    return list(load_ledger(REPO).claims.values())


def test_a_compacted_claim_equals_and_dumps_as_the_loaded_one(claims: list[Claim]):
    for claim in claims:
        twin = pickle.loads(pickle.dumps(claim))
        compact(twin)
        assert twin == claim
        assert twin.model_dump(mode="json") == claim.model_dump(mode="json")
        assert twin.model_fields_set == claim.model_fields_set
        assert pickle.loads(pickle.dumps(twin)) == claim


def test_equal_field_sets_and_empty_lists_are_shared(claims: list[Claim]):
    twins = [pickle.loads(pickle.dumps(claim)) for claim in claims[:50]]
    for twin in twins:
        compact(twin)
    sets = {id(twin.__pydantic_fields_set__) for twin in twins}
    assert len(sets) < len(twins)
    empty = [twin.tags for twin in twins if not twin.tags] + [
        review.searched for twin in twins for review in twin.review if not review.searched
    ]
    assert empty and len({id(item) for item in empty}) == 1


def test_a_compacted_claim_stays_frozen_and_its_copies_own_their_sets(claims: list[Claim]):
    twin = pickle.loads(pickle.dumps(claims[0]))
    compact(twin)
    shared = twin.__pydantic_fields_set__
    before = set(shared)
    with pytest.raises(ValidationError):
        twin.statement = "changed"  # type: ignore[misc]
    changed = twin.model_copy(update={"note": "a note"})
    assert changed.note == "a note" and twin.note == claims[0].note
    assert twin.__pydantic_fields_set__ == before
    assert copy.deepcopy(twin) == twin


def _rows(claims: list[Claim]) -> list[ClaimRow]:
    return [row_of(claim) for claim in claims]


def test_a_row_reads_as_its_claim_for_every_field_it_keeps(claims: list[Claim]):
    for claim, row in zip(claims, _rows(claims), strict=True):
        twin = pickle.loads(pickle.dumps(row))
        for got in (row, twin):
            for name in ("id", "statement", "subject", "property", "object", "qualifiers"):
                assert getattr(got, name) == getattr(claim, name)
            assert got.value == claim.value and type(got.value) is type(claim.value)
            assert got.status is claim.status and got.breakdown is claim.breakdown
            assert got.part_of == claim.part_of
            for name in ("document", "quote", "prefix", "suffix"):
                assert getattr(got.source, name) == getattr(claim.source, name)


def test_a_row_keeps_the_review_of_a_refuted_or_disputed_claim_only(claims: list[Claim]):
    read = {Status.refuted, Status.disputed}
    assert {c.status for c in claims} >= read | {Status.verified}  # the ledger has them all
    for claim in claims:
        row = pickle.loads(pickle.dumps(row_of(claim)))
        if claim.status in read:
            assert list(row.review) == claim.review
        else:
            assert not row.review
        assert not hasattr(row, "tags") and not hasattr(row, "__dict__")


def test_compacting_a_row_leaves_it_as_it_is(claims: list[Claim]):
    row = row_of(claims[0])
    value, source = row.value, row.source
    compact(row)  # type: ignore[arg-type]
    assert row.value is value and row.source is source


def test_the_report_from_rows_is_the_report_from_models():
    ledger = load_ledger(REPO)
    ledger.findings.extend(load_seeds(ledger))
    anchor_claims(ledger)
    models = build_report(ledger)
    with_rows = replace(ledger, claims={c: row_of(m) for c, m in ledger.claims.items()})
    assert render_report(build_report(with_rows)) == render_report(models)  # type: ignore[arg-type]
    anchored = replace(with_rows, anchors={})
    anchor_claims(anchored)
    assert {c: vars_of(a) for c, a in anchored.anchors.items()} == {
        c: vars_of(a) for c, a in ledger.anchors.items()
    }


def vars_of(found: object) -> object:
    """An anchor's fields, or an anchor problem's code: what comparing them needs."""
    return getattr(found, "code", None) or repr(found)
