"""compact: loaded claims made smaller in memory, their values and behaviour untouched."""

from __future__ import annotations

import copy
import pickle

import pytest
from pydantic import ValidationError

from claims_ledger.records.compact import compact
from claims_ledger.records.loading import load_ledger
from claims_ledger.records.models import Claim
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
