"""Gathering a run's outcomes: a filling run keeps of each file only what its listing needs,
and makes each directory's listing as soon as its last file is in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims_ledger.checking import gathering
from claims_ledger.checking.cache import DIRECTORY, OutcomeCache
from claims_ledger.checking.gathering import Filling, _listings, gather, listing_after
from claims_ledger.checking.gathering import _trimmer as real_trimmer
from claims_ledger.checking.listings import KeptFiles
from claims_ledger.checking.outcomes import FileOutcome
from claims_ledger.checking.parallel import ExamineContext, examine
from claims_ledger.checking.validation import _begin_run, validate, validate_all
from test_parallel import every_broken


def _filled(root: Path):  # type: ignore[no-untyped-def]
    shutil.rmtree(root / DIRECTORY, ignore_errors=True)
    ledger, rels, stamps, cache, _, workers = _begin_run(root, 1, True)
    assert cache is not None and stamps is not None and workers is None
    return ledger, rels, stamps, cache, gather(ledger, rels, stamps, 1, cache, None, False)


def test_a_fill_holds_only_the_outcomes_it_must_and_lists_what_the_old_way_did(
    tmp_path: Path,
) -> None:
    root = every_broken(tmp_path / "ledger")
    ledger, rels, stamps, cache, run = _filled(root)
    work = ExamineContext(ledger, records=True)
    every = {rel: examine(rel, work)._replace(record=None, row=None) for rel in rels}
    held = {  # it did not load, has findings, or cites a claim to refute
        rel: outcome
        for rel, outcome in every.items()
        if outcome.claim_id is None or outcome.findings or any(i.needs for i in outcome.loose)
    }
    assert run.found == held and len(held) < len(rels)
    expected = _listings(cache, stamps, cache.context, run.kept, every)
    assert {d: x.columns() for d, x in run.listings.items()} == {
        d: x.columns() for d, x in expected.items()
    }
    for rel in rels:  # every file not held is answered for by this run's listings
        if rel not in run.found:
            listing, at = run.known.where(rel)
            assert listing.digest(at) == every[rel].digest
            assert listing.ids[at] == every[rel].claim_id


def test_a_fill_gives_the_findings_and_a_warm_run_after_it_the_same(tmp_path: Path) -> None:
    root = every_broken(tmp_path / "ledger")
    _, expected = validate(root)
    for jobs in (1, 2):
        shutil.rmtree(root / DIRECTORY, ignore_errors=True)
        assert validate_all(root, jobs=jobs, use_cache=True)[1] == expected  # filling
        assert validate_all(root, jobs=jobs, use_cache=True)[1] == expected  # warm


def test_a_directory_is_listed_as_soon_as_its_last_file_is_in(tmp_path: Path) -> None:
    root = every_broken(tmp_path / "ledger")
    ledger, rels, stamps, cache, _ = _filled(root)
    work = ExamineContext(ledger, records=True)
    directories = sorted({rel.rpartition("/")[0] for rel in rels})
    first = [rel for rel in rels if rel.rpartition("/")[0] == directories[0]]
    found: dict[str, FileOutcome] = {}
    filling = Filling(cache, stamps, KeptFiles({}, {}, {}), found, rels)
    for rel in first[:-1]:
        filling.add(examine(rel, work))
    assert not filling.listings and filling.where  # not yet: one file is still to come
    filling.add(examine(first[-1], work))
    assert list(filling.listings) == [directories[0]] and not filling.where
    assert filling.paths[directories[0]] == first
    taken = [rel for rel in first if rel not in found]  # (their paths held once, not twice)
    assert taken and all(any(p is rel for p in filling.paths[directories[0]]) for rel in taken)
    assert set(filling.end()) == set(stamps)  # the rest, none of their files read


def test_an_outcome_its_listing_cannot_answer_for_is_held(tmp_path: Path) -> None:
    root = every_broken(tmp_path / "ledger")
    ledger, rels, stamps, cache, _ = _filled(root)
    work = ExamineContext(ledger, records=True)
    outcomes = (examine(rel, work) for rel in rels)
    clean = next(o for o in outcomes if not o.findings and o.claim_id)
    found: dict[str, FileOutcome] = {}
    directory = clean.rel.rpartition("/")[0]
    unlisted = {d: v for d, v in stamps.items() if d != directory}  # its directory not listed
    Filling(cache, unlisted, KeptFiles({}, {}, {}), found, rels).add(clean)
    assert found == {clean.rel: clean}
    found = {}
    stranger = clean._replace(rel=f"{directory}/not-listed.yaml")  # a name not listed
    Filling(cache, stamps, KeptFiles({}, {}, {}), found, rels).add(stranger)
    assert found == {stranger.rel: stranger}
    found = {}
    Filling(cache, stamps, KeptFiles({}, {}, {}), found, rels).add(clean)
    assert found == {}


def test_filling_from_nothing_streams_every_outcome_and_writes_each_listing_at_once(
    tmp_path: Path,
) -> None:
    root = every_broken(tmp_path / "ledger")
    held = _filled(root)[-1]  # outcomes held, as a cache that lists files is filled
    expected = {d: x.columns() for d, x in held.listings.items()}
    shutil.rmtree(root / DIRECTORY, ignore_errors=True)
    ledger, rels, stamps, cache, _, _ = _begin_run(root, 1, True)
    assert cache is not None and stamps is not None and not cache.listings
    taken: list[FileOutcome] = []
    run = gather(ledger, rels, stamps, 1, cache, None, False, take=taken.append)
    assert [o.rel for o in taken] == rels and not run.found  # in order, none held
    assert not stamps and not run.listings  # each written and let go
    cache.save(run.listings)
    assert {d: x.columns() for d, x in OutcomeCache(root).listings.items()} == expected


def test_a_cache_that_lists_files_is_not_streamed(tmp_path: Path) -> None:
    root = every_broken(tmp_path / "ledger")
    *_, cache, run = _filled(root)
    cache.save(run.listings)
    ledger, rels, stamps, cache, _, _ = _begin_run(root, 1, True)
    assert cache is not None and stamps is not None and cache.listings
    taken: list[FileOutcome] = []
    run = gather(ledger, rels, stamps, 1, cache, None, False, take=taken.append)
    assert not taken and set(run.listings) == set(stamps)


def test_filling_trims_the_c_heap_every_so_many_outcomes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trims: list[int] = []
    monkeypatch.setattr(gathering, "_TRIM_EVERY", 4)
    monkeypatch.setattr(gathering, "_trimmer", lambda: trims.append)
    root = every_broken(tmp_path / "ledger")
    *_, rels, _, _, _ = _filled(root)
    assert trims == [0] * (len(rels) // 4) and trims
    trims.clear()
    validate_all(root, jobs=1, use_cache=False)  # nothing stored: nothing to trim
    assert not trims


def test_the_trimmer_is_the_c_librarys_where_it_has_one() -> None:
    trim = real_trimmer()
    if trim is not None:  # glibc: gives back what it can, says whether it did
        assert trim(0) in (0, 1)


def test_a_directory_unchanged_keeps_its_listing_and_its_paths_are_made_when_asked(
    tmp_path: Path,
) -> None:
    root = every_broken(tmp_path / "ledger")
    *_, cache, run = _filled(root)
    cache.save(run.listings)
    _, _, stamps, cache, _, _ = _begin_run(root, 1, True)
    assert cache is not None and stamps is not None
    kept = cache.kept(stamps)
    directory, (names, figures) = next(iter(stamps.items()))
    old = cache.listings[directory]
    assert listing_after(cache, directory, names, figures, kept, {}, {}) == (old, [])
    paths = listing_after(cache, directory, names, figures, kept, {}, {}, with_paths=True)[1]
    assert paths == [f"{directory}/{name}" for name in old.name_list()]
