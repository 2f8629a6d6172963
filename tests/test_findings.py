"""Findings and outcomes pickle by their fields' values, the way workers send them back."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, fields

import pytest

from claims_ledger.checking.outcomes import FileOutcome, Loose
from claims_ledger.checking.parallel import _outcome
from claims_ledger.findings import Finding, plain_state

FINDING = Finding(
    "unknown-claim", "names no claim", "claims/a/b.yaml", 3, 4, claims=("a/b",), pointer=("x", 1)
)
OUTCOME = FileOutcome(
    "claims/a/b.yaml", "d1", "a/b", (FINDING,), (Loose(FINDING, "a/c", "verified"),), key="k"
)


@pytest.mark.parametrize("value", [FINDING, OUTCOME, Loose(FINDING, "a/c")])
def test_a_round_trip_gives_an_equal_object(value: object) -> None:
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(value, protocol=protocol))
        assert back == value and type(back) is type(value)
    assert copy.copy(value) == value and copy.deepcopy(value) == value


def test_every_field_is_in_the_state_in_field_order() -> None:
    state = FINDING.__getstate__()  # type: ignore[attr-defined]
    assert state == tuple(getattr(FINDING, item.name) for item in fields(Finding))


def test_a_state_as_dataclasses_writes_it_is_read() -> None:
    # dataclasses' own state is a list of the values in field order
    loose = Loose(FINDING, "a/c", "verified")
    state = [getattr(loose, item.name) for item in fields(Loose)]
    back = object.__new__(Loose)
    back.__setstate__(state)  # type: ignore[attr-defined]
    assert back == loose


def test_an_outcome_is_made_again_from_its_fields_after_the_path() -> None:
    """What a worker sends of an outcome (see parallel._examine_chunk)."""
    back = _outcome(OUTCOME.rel, OUTCOME[1:])
    assert back == OUTCOME and type(back) is FileOutcome and back.key == "k"
    assert back.loose == OUTCOME.loose and back.digest == "d1"


@plain_state
@dataclass(frozen=True, slots=True)
class _One:
    only: str


def test_a_class_of_one_field_keeps_its_value_whole() -> None:
    assert pickle.loads(pickle.dumps(_One("ab"))) == _One("ab")
    assert _One("ab").__getstate__() == ("ab",)  # type: ignore[attr-defined]
