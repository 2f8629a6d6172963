"""Did-you-mean hints: closest() is difflib.get_close_matches(n=1), with or without its index."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims_ledger import hints
from claims_ledger.hints import Joined, claim_hint, closest, did_you_mean

# Few letters, so that names share many characters and bounds and scores tie often.
ids = st.text(alphabet="abc-1é", max_size=9)
CUTOFFS = st.sampled_from([0.6, 0.0001, 0.3, 0.75, 0.9, 1.0])


def reference(name: str, candidates: list[str], cutoff: float) -> str | None:
    found = difflib.get_close_matches(name, candidates, n=1, cutoff=cutoff)
    return found[0] if found else None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abc-1é", min_size=1, max_size=9), st.lists(ids, max_size=40), CUTOFFS)
@example("ab", ["ba", "ab-", "ab1", "b-a"], 0.6)  # ties broken by the greater string
@example("a", ["", "b", "a"], 0.6)
@example("1c-b1b", ["cba11b", "cc-1-b"], 0.6)  # a tie of scores under a lower bound
@example("aaa", ["a", "aa", "aaaa", "aaaaaaa"], 0.6)  # the k-th occurrence of a character
def test_the_index_finds_what_difflib_finds(name: str, candidates: list[str], cutoff: float):
    expected = reference(name, candidates, cutoff)
    index = hints._index(candidates)
    assert index is not None and index.closest(name, cutoff) == expected
    if candidates:  # the same ids joined in one string (see Joined)
        joined = hints._index(Joined("\n".join(candidates), "\n"))
        assert joined is not None and joined.closest(name, cutoff) == expected
    assert closest(name, candidates, cutoff) == expected  # the pass over every candidate


def test_many_candidates_are_looked_up_in_an_index_kept_for_the_next_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hints, "INDEX_FROM", 4)
    monkeypatch.setattr(hints, "_INDEXES", {})
    entities = ["ivan-petrov", "ivan-petrova", "olga-ivanova", "petr-ivanov", "kazan"]
    assert closest("ivan-petrovx", entities) == "ivan-petrov"
    assert list(hints._INDEXES) == [tuple(entities)]
    index = hints._INDEXES[tuple(entities)]
    assert did_you_mean("olga-ivanov", iter(entities)) == " (did you mean 'olga-ivanova'?)"
    assert hints._INDEXES[tuple(entities)] is index  # made once
    assert closest("zzzz", entities) is None
    assert closest("", entities) == reference("", entities, 0.6)  # (no index for no name)


def test_fewer_candidates_are_passed_over_without_an_index(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(hints, "_INDEXES", {})
    assert closest("kazn", ["kazan", "moscow"]) == "kazan"
    assert hints._INDEXES == {}


def test_the_indexes_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hints, "INDEX_FROM", 2)
    monkeypatch.setattr(hints, "_INDEXES", {})
    for n in range(hints._INDEXES_KEPT * 2 + 1):
        pool = [f"name-{n}", f"other-{n}"]
        assert closest(f"name-{n}x", pool) == f"name-{n}"
        assert len(hints._INDEXES) <= hints._INDEXES_KEPT


def test_a_candidate_longer_than_an_index_holds_is_passed_over_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hints, "INDEX_FROM", 2)
    monkeypatch.setattr(hints, "_INDEXES", {})
    pool = ["a" * 300, "a" * 299 + "b", "kazan"]
    assert closest("a" * 299 + "c", pool) == reference("a" * 299 + "c", pool, 0.6) == pool[1]
    assert closest("kazn", pool) == "kazan"
    assert hints._INDEXES == {}


def test_ids_joined_in_one_string_give_the_hints_of_the_ids(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(hints, "INDEX_FROM", 3)
    monkeypatch.setattr(hints, "_INDEXES", {})
    ids = ["ivan-petrov", "olga-ivanova", "petr-ivanov", "kazan", "council/minutes"]
    joined = Joined("\0".join(ids), "\0")
    assert len(joined) == len(ids) and list(joined) == ids
    for name in ("ivan-petrovx", "kazn", "council/minute", "zzzz"):
        assert claim_hint(name, joined) == claim_hint(name, ids)
        assert closest(name, joined) == reference(name, ids, 0.6)
    assert list(hints._INDEXES) == [(Joined, joined.text, "\0"), tuple(ids)]  # no ids kept
    other = Joined(joined.text, "-")  # the same text cut elsewhere: other ids, its own index
    assert closest("petrov", other) == reference("petrov", list(other), 0.6)
    with pytest.raises(ValueError):
        Joined("ab", "")
