"""The stored form of a directory's listing: read back exactly as written, whatever the
values, and refused whole when a row is not what a run writes."""

from __future__ import annotations

import os
import shutil
import sqlite3
from array import array
from pathlib import Path

import pytest

from claims_ledger.checking.cache import DIRECTORY, OutcomeCache
from claims_ledger.checking.listings import Listing, names_of
from claims_ledger.checking.stamps import joined, packed
from claims_ledger.checking.validation import validate_all
from helpers import FIXTURES
from test_cache import age, build_ledger
from test_parallel import every_broken

PERF = FIXTURES / "perf"
DIGEST = "d" * 32


def round_trip(listing: Listing) -> Listing:
    return Listing.from_row(listing.context, *listing.row())


@pytest.mark.parametrize(
    "listing",
    [
        Listing(
            "c",
            ["a.yaml", "b.yaml"],
            [1, 2, 3, 4, 5, 6, 7, 8],
            [DIGEST, None],
            ["x/a", None],
            {"1": [True, []]},
            ["k", None],
        ),
        Listing("c", [], [], [], [], {}, []),  # a directory without claim files
        Listing("c", ["a.yaml"], [0, -5, -(2**63), 9], [DIGEST], ["x/a"], {}, [None]),
        Listing("c", ["a.yaml"], [1, 2, 3, 2**64 - 1], [DIGEST], ["x/a"], {}, ["k"]),  # a big inode
        Listing("c", ["a\0b.yaml"], [1, 2, 3, 4], ["d\0"], ["x\0a"], {}, ["\0"]),  # NUL inside
        Listing("c", ["a.yaml"], [1, 2, 3, 4], [""], [""], {}, [""]),  # empty, not None
        Listing("c", ["a.yaml"], [1, 2, 3, 4], [None], [None], {}, [None]),
        Listing(
            "c", ["ä ö.yaml"], [1, 2, 3, 4], [DIGEST], ["x/ä"], {"0": [False, ["x/b", "ä"]]}, [None]
        ),
    ],
)
def test_a_listing_reads_back_as_written(listing: Listing) -> None:
    again = round_trip(listing)
    assert again.columns() == listing.columns()
    assert [type(figure) for figure in again.stamps] == [int] * len(listing.stamps)


GOOD = Listing(
    "c",
    ["a.yaml", "b.yaml"],
    [1, 2, 3, 4, 5, 6, 7, 8],
    [DIGEST, DIGEST],
    ["x/a", "x/b"],
    {"0": [True, ["x/b"]]},
    ["k", "l"],
)
NAMES, STAMPS, DIGESTS, IDS, KEYS, EXTRA = range(6)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        (NAMES, 5),  # SQLite keeps whatever type was written
        (NAMES, b"\0a.yaml\0b.yaml"),
        (NAMES, "\0a.yaml"),  # one name short
        (NAMES, "\0a.yaml\0"),  # a name missing
        (NAMES, '["a.yaml", 5]'),
        (NAMES, "not JSON"),
        (STAMPS, b"\0" * 63),  # not a whole number of 8-byte numbers
        (STAMPS, b"\0" * 8 * 7),  # one number short
        (STAMPS, "[1, 2, 3, 4, 5, 6, 7, true]"),
        (STAMPS, '[1, 2, 3, 4, 5, 6, 7, "8"]'),
        (STAMPS, 8),
        (DIGESTS, "\0" + DIGEST),
        (DIGESTS, "\0" + "d" * 15 + "\0" + "d" * 16 + "\0" + DIGEST),  # as long, a NUL inside
        (DIGESTS, f'["{DIGEST}", 5]'),
        (IDS, '{"a": 1}'),
        (KEYS, None),
        (EXTRA, '{"2": [true, []]}'),  # a file the directory does not have
        (EXTRA, '{"-1": [true, []]}'),
        (EXTRA, '{"x": [true, []]}'),
        (EXTRA, '{"0": [1, []]}'),
        (EXTRA, '{"0": [true, "x/b"]}'),
        (EXTRA, '{"0": [true, [["x/b"]]]}'),  # a claim id must be a string (it is looked up)
        (EXTRA, '{"0": [true]}'),
        (EXTRA, "[]"),
        (EXTRA, 3),
    ],
)
def test_a_row_not_as_a_run_writes_it_is_refused(column: int, value: object) -> None:
    row = list(GOOD.row())
    row[column] = value
    with pytest.raises((ValueError, TypeError)):
        Listing.from_row("c", *row)
    with pytest.raises(ValueError):
        Listing.from_row(5, *GOOD.row())  # nor a context that is not a string


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE listings SET names = 5",
        "UPDATE listings SET stamps = x'00'",
        "UPDATE listings SET ids = substr(ids, 2)",
        """UPDATE listings SET extra = '{"0": [false, [["x"]]]}'""",  # looked up: unhashable
        "UPDATE listings SET directory = x'61' WHERE rowid = (SELECT min(rowid) FROM listings)",
    ],
)
def test_a_damaged_listing_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    _, expected = validate_all(root, jobs=1, use_cache=True)
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    with sqlite3.connect(store) as db:
        db.execute(damage)
    db.close()
    assert not OutcomeCache(root).listings  # thrown away, not trusted
    assert validate_all(root, jobs=1, use_cache=True)[1] == expected
    assert OutcomeCache(root).listings  # rebuilt
    assert validate_all(root, jobs=1, use_cache=True)[1] == expected


def test_an_unchanged_directory_holds_one_copy_of_its_names_and_stamps(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    from claims_ledger.records.layout import claim_files

    stamps: dict[str, tuple[list[str], list[int]]] = {}
    claim_files(root, stamps)
    cache = OutcomeCache(root)
    cache.expect(next(iter(cache.listings.values())).context)
    kept = cache.kept(stamps)
    assert kept
    for directory, (names, figures) in stamps.items():
        assert cache.listings[directory].names is names
        assert cache.listings[directory].stamps is figures


def test_stamps_are_held_packed_and_compare_whole(tmp_path: Path) -> None:
    """A warm run holds every file's stamp: as one array of 64-bit integers a directory,
    whether scanned apart or here, and read back from the cache the same way."""
    from claims_ledger.checking.scanning import Scan
    from claims_ledger.records.layout import claim_files

    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    scan = Scan(root)
    try:
        found = scan.result()
    finally:
        scan.close()
    assert found is not None
    scanned = found[1]
    here: dict[str, tuple[list[str], list[int]]] = {}
    claim_files(root, here)
    assert scanned.keys() == here.keys()
    for directory, (names, figures) in scanned.items():
        assert type(figures) is array and figures.typecode == "q"
        assert (names, figures.tolist()) == (joined(here[directory][0]), here[directory][1])
    cache = OutcomeCache(root)
    assert all(type(listing.stamps) is array for listing in cache.listings.values())
    cache.expect(next(iter(cache.listings.values())).context)
    assert len(cache.kept(here)) == len(claim_files(root)[0])  # lists given: packed to compare
    assert all(type(figures) is array for _, figures in here.values())


@pytest.mark.parametrize("at_once", [1, 2, 1000])
def test_a_scan_sends_its_listing_a_part_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    """However many directories a part holds, the parent gets every directory's names and
    stamps, as claim_files gives them; a process that ends before the last part gives none."""
    from claims_ledger.checking import scanning
    from claims_ledger.records.layout import claim_files

    root = build_ledger(tmp_path / "ledger", PERF)
    monkeypatch.setattr(scanning, "_AT_ONCE", at_once)
    scan = scanning.Scan(root)
    try:
        found = scan.result()
    finally:
        scan.close()
    assert found is not None
    here: dict[str, tuple[list[str], list[int]]] = {}
    claim_files(root, here)
    assert len(here) >= 2  # more parts than one
    assert {d: (n, f.tolist()) for d, (n, f) in found[1].items()} == {
        d: (joined(n), f) for d, (n, f) in here.items()
    }


def test_a_scan_that_ends_early_gives_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims_ledger.checking import scanning

    root = build_ledger(tmp_path / "ledger", PERF)
    real = scanning.Connection.send if hasattr(scanning.Connection, "send") else None
    assert real is not None
    sent: list[object] = []

    def send(self: object, value: object) -> None:  # the process ends after its first part
        if sent:
            os._exit(0)
        sent.append(value)
        real(self, value)  # type: ignore[arg-type]

    monkeypatch.setattr(scanning.Connection, "send", send)
    scan = scanning.Scan(root)
    try:
        assert scan.result() is None
    finally:
        scan.close()


def test_stamps_too_large_to_pack_stay_as_given() -> None:
    assert packed([1, 2, 3, 2**63]) == [1, 2, 3, 2**63]
    assert packed([1, 2, 3, -(2**63)]) == array("q", [1, 2, 3, -(2**63)])
    big = Listing("c", ["a.yaml"], [1, 2, 3, 2**64 - 1], [DIGEST], ["x/a"], {}, [None])
    assert type(big.stamps) is list
    assert round_trip(big).stamps == big.stamps
    small = Listing("c", ["a.yaml"], [1, 2, 3, 4], [DIGEST], ["x/a"], {}, [None])
    assert small.stamps == packed([1, 2, 3, 4]) != big.stamps


def test_a_run_holds_each_path_once(tmp_path: Path) -> None:
    """The paths given for a directory whose files are those recorded are the keys of what
    the cache keeps; any other directory's are made from the names given."""
    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    cache = OutcomeCache(root)
    cache.expect(next(iter(cache.listings.values())).context)
    directory, listing = next(iter(cache.listings.items()))
    names = listing.name_list()
    given = cache.paths(directory, joined(names))
    assert given == [f"{directory}/{name}" for name in names]
    keys = {id(rel) for rel in cache.kept({directory: (listing.names, listing.stamps)})}
    assert all(id(rel) in keys for rel in given)  # what is kept of them is found by them
    again = cache.paths(directory, joined(names))  # given out once: then made anew, the same
    assert again == given and not any(id(rel) in keys for rel in again)
    other, second = list(cache.listings.items())[1]
    fewer = second.name_list()[1:]
    assert cache.paths(other, joined(fewer)) == [f"{other}/{name}" for name in fewer]
    assert cache.paths("claims/none", joined(["a.yaml"])) == ["claims/none/a.yaml"]


def test_a_scan_packs_each_directory_as_it_is_listed(tmp_path: Path) -> None:
    """The second process never holds the whole ledger's stamps as Python integers: each
    directory's are packed as claim_files puts them in (a number too big stays as it is)."""
    from claims_ledger.checking.scanning import _Packing
    from claims_ledger.records.layout import claim_files

    packing = _Packing()
    packing["a"] = (["x.yaml"], [1, 2, 3, 4])
    packing["b"] = (["y.yaml"], [1, 2, 3, 2**64 - 1])  # an inode beyond 2**63
    assert type(packing["a"][1]) is array and packing["a"][1].tolist() == [1, 2, 3, 4]
    assert type(packing["b"][1]) is list and packing["b"][1] == [1, 2, 3, 2**64 - 1]
    root = build_ledger(tmp_path / "ledger", PERF)
    listed = _Packing()
    rels, _ = claim_files(root, listed)
    assert rels and all(type(figures) is array for _, figures in listed.values())
    plain: dict[str, tuple[list[str], list[int]]] = {}
    claim_files(root, plain)
    assert {d: (n, f.tolist()) for d, (n, f) in listed.items()} == {
        d: (joined(n), f) for d, (n, f) in plain.items()
    }


def test_digests_of_32_characters_are_held_as_one_text_and_cut_when_asked() -> None:
    other = "e" * 32
    whole = Listing(
        "c", ["a.yaml", "b.yaml"], [0] * 8, [DIGEST, other], ["x/a", "x/b"], {}, [None] * 2
    )
    assert type(whole._digests) is str
    assert [whole.digest(0), whole.digest(1)] == [DIGEST, other] == whole.digests
    assert round_trip(whole).digest(1) == other
    mixed = Listing(
        "c", ["a.yaml", "b.yaml"], [0] * 8, [DIGEST, None], ["x/a", None], {}, [None] * 2
    )
    assert type(mixed._digests) is list
    assert [mixed.digest(0), mixed.digest(1)] == [DIGEST, None] == round_trip(mixed).digests
    short = Listing("c", ["a.yaml"], [0] * 4, ["d" * 31], ["x/a"], {}, [None])
    assert short.digest(0) == "d" * 31 == round_trip(short).digest(0)


@pytest.mark.parametrize(
    ("names", "name", "expected"),
    [
        (["a.yaml", "b.yaml", "c.yaml"], "b.yaml", 1),
        (["a.yaml", "b.yaml", "c.yaml"], "a.yaml", 0),
        (["a.yaml", "b.yaml", "c.yaml"], "c.yaml", 2),
        (["a.yaml", "b.yaml"], "x.yaml", None),
        (["ba.yaml", "xa.yaml"], "a.yaml", None),  # the end of another name is not a name
        (["a.yaml.bak", "b.yaml"], "a.yaml", None),  # nor its start
        (["a\0b.yaml", "c.yaml"], "c.yaml", 1),  # held as JSON
        (["a\0b.yaml", "c.yaml"], "b.yaml", None),
    ],
)
def test_a_file_is_found_among_its_directorys_names(
    names: list[str], name: str, expected: int | None
) -> None:
    listing = Listing(
        "c",
        names,
        [0] * 4 * len(names),
        [None] * len(names),
        [None] * len(names),
        {},
        [None] * len(names),
    )
    assert listing.index(name) == expected
    assert round_trip(listing).index(name) == expected


def _validated(
    tmp_path: Path,
) -> tuple[dict[str, tuple[list[str], list[int]]], list[str], OutcomeCache]:
    """A ledger validated once with the cache, its files listed again: their stamps, paths
    and the cache, expecting the context of that run."""
    from claims_ledger.records.layout import claim_files

    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    stamps: dict[str, tuple[list[str], list[int]]] = {}
    rels, _ = claim_files(root, stamps)
    cache = OutcomeCache(root)
    cache.expect(next(iter(cache.listings.values())).context)
    return stamps, rels, cache


def test_what_is_kept_of_each_file_is_made_from_its_listing(tmp_path: Path) -> None:
    """A warm run holds where each file is in its listing; what is kept of a file, and the
    files with findings of their own, are read from the listing when asked."""
    stamps, rels, cache = _validated(tmp_path)
    kept = cache.kept(stamps)
    assert sorted(kept) == rels
    own = []
    for directory, listing in cache.listings.items():
        for at, name in enumerate(listing.name_list()):
            rel = f"{directory}/{name}"
            item = kept[rel]
            assert kept.where(rel) == (listing, at)
            assert (item.digest, item.claim_id, item.key) == (
                listing.digests[at],
                listing.ids[at],
                listing.keys[at],
            )
            more = listing.extra.get(at)
            assert (item.extra is None) == (more is None)
            if more is not None:
                assert (item.extra.own, item.extra.named) == tuple(more)
                if more[0]:
                    own.append((rel, item.digest))
    assert own and kept.own() == own
    assert "claims/none/a.yaml" not in kept and kept.get("claims/none/a.yaml") is None


def test_kept_files_are_found_in_any_order_and_only_where_kept(tmp_path: Path) -> None:
    """A path asked out of order is still found; a directory with a file changed keeps its
    other files; in another context only the files that did not load are kept."""
    from claims_ledger.records.layout import claim_files

    root = every_broken(tmp_path / "ledger")  # some files that do not load among them
    shutil.rmtree(root / DIRECTORY, ignore_errors=True)
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    stamps: dict[str, tuple[list[str], list[int]]] = {}
    rels, _ = claim_files(root, stamps)
    unchanged = OutcomeCache(root)
    context = next(iter(unchanged.listings.values())).context
    unchanged.expect(context)
    every = set(unchanged.kept(stamps))
    cache = OutcomeCache(root)
    cache.expect(context)
    directory, (joined_names, figures) = next(iter(stamps.items()))
    names = names_of(joined_names)  # (joined, as the first run held them)
    figures[1] += 1  # its first file's mtime: changed
    kept = cache.kept(stamps)
    changed = f"{directory}/{names[0]}"
    assert changed in every and changed not in kept and kept.get(changed) is None
    assert f"{directory}/{names[1]}" in kept
    assert sorted(kept) == sorted(every - {changed})
    for rel in [*reversed(rels), *rels]:  # out of order, then in order
        if rel not in every or rel == changed:
            continue
        listing, at = kept.where(rel)
        assert f"{rel.rpartition('/')[0]}/{listing.name_list()[at]}" == rel
        assert kept[rel].claim_id == listing.ids[at]
    assert "claims/none/a.yaml" not in kept and f"{directory}/none.yaml" not in kept
    other = OutcomeCache(root)
    other.expect("another context")
    elsewhere = other.kept(stamps)
    unloaded = sorted(rel for rel in rels if kept.get(rel) and kept[rel].claim_id is None)
    assert unloaded and sorted(elsewhere) == unloaded


def test_each_gives_what_one_lookup_a_file_gives_skipping_what_it_is_told(
    tmp_path: Path,
) -> None:
    """`each` goes a directory at a time where every file is kept, and a file at a time
    where one is not (a changed file) or where one is to be skipped (read in this run)."""
    stamps, rels, cache = _validated(tmp_path)
    directories = list(stamps)
    assert len(directories) >= 2
    stamps[directories[0]][1][1] += 1  # a file changed: its directory is not kept whole
    kept = cache.kept(stamps)
    changed = f"{directories[0]}/{names_of(stamps[directories[0]][0])[0]}"
    listed = [rel for rel in rels if rel != changed]
    skipped = {next(rel for rel in listed if rel.startswith(f"{directories[1]}/"))}
    expected = [
        (None, None) if rel in skipped else (kept[rel].digest, kept[rel].claim_id) for rel in listed
    ]
    assert list(kept.each(listed, skipped)) == expected
    assert list(kept.each(listed, set())) == [(kept[r].digest, kept[r].claim_id) for r in listed]
    assert all(digest for digest, _ in expected if digest is not None)
    with pytest.raises(KeyError):
        list(kept.each(rels, set()))  # the changed file is not kept
