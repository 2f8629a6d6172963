"""One cache file a ledger: a run removes the files other builds of the tool left in
.claims-cache/, and nothing else (not a link, not a stranger's file, not a file another run
holds)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

import claims_ledger
from claims_ledger.checking.cache import DIRECTORY, Listing, OutcomeCache
from claims_ledger.checking.cachefile import build_salt, installed, prune, sources, store_path
from claims_ledger.checking.outcomes import FileOutcome
from claims_ledger.checking.validation import validate_all
from claims_ledger.records.valuetypes import registered
from helpers import invoke
from test_cache import build_ledger
from test_value_type_registry import Distance

OLD, NEW = "a" * 32, "b" * 32


def fill(root: Path, salt: str) -> Path:
    """The cache file a build with this salt writes, as a run of it would."""
    cache = OutcomeCache(root, salt=salt)
    cache.put(FileOutcome("claims/x/y.yaml", "d" * 32, "x/y", ()), "context")
    cache.save(
        {"claims/x": Listing("context", ["y.yaml"], [1, 2, 3, 4], ["d" * 32], ["x/y"], {}, [None])}
    )
    return cache.path


def stores(root: Path) -> list[str]:
    return sorted(path.name for path in (root / DIRECTORY).iterdir())


def test_a_run_removes_the_file_another_build_left(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    old = fill(root, OLD)
    new = fill(root, NEW)
    assert stores(root) == [new.name]
    assert OutcomeCache(root, salt=NEW).listings  # its own file is whole
    old = fill(root, OLD)  # and back to the first build
    assert stores(root) == [old.name]


def test_a_warm_run_that_writes_nothing_also_prunes(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    validate_all(root, jobs=1, use_cache=True)
    (mine,) = stores(root)
    stray = fill(root, OLD)  # (this build's file removed)
    assert stores(root) == [stray.name]
    validate_all(root, jobs=1, use_cache=True)  # fills its own again
    assert stores(root) == [mine]
    stray = store_path(root, OLD)
    stray.write_bytes((root / DIRECTORY / mine).read_bytes())  # an old build's, left as was
    validate_all(root, jobs=1, use_cache=True)  # nothing changed: nothing written
    assert stores(root) == [mine]


def test_the_command_line_keeps_one_cache_file(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    fill(root, OLD)
    assert invoke("validate", "--root", root).exit_code == 0
    assert stores(root) == [store_path(root).name]


def test_links_and_strangers_files_are_left_alone(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "precious.sqlite3"
    target.write_bytes(store_path(root, OLD).name.encode())
    fill(root, OLD)
    directory = root / DIRECTORY
    store_path(root, OLD).rename(directory / "copy.sqlite3")  # a name no build gives
    linked = store_path(root, "c" * 32)
    linked.symlink_to(target)  # a link with a cache file's name
    (directory / "notes.txt").write_text("mine\n", encoding="utf-8")
    (directory / f"{store_path(root, 'e' * 32).name}.bak").write_bytes(b"kept")
    store_path(root, "f" * 32).mkdir()  # a directory with a cache file's name
    before = stores(root)
    new = fill(root, NEW)
    assert stores(root) == sorted([*before, new.name])
    assert target.read_bytes() == store_path(root, OLD).name.encode()
    assert linked.is_symlink()


def test_a_file_a_linked_journal_would_touch_is_left_alone(tmp_path: Path) -> None:
    """Opening a database can write its journal: a cache file whose journal is a link is
    not opened, so not removed."""
    root = build_ledger(tmp_path / "ledger")
    old = fill(root, OLD)
    outside = tmp_path / "journal"
    outside.write_bytes(b"outside\n")
    Path(f"{old}-journal").symlink_to(outside)
    fill(root, NEW)
    assert old.is_file() and outside.read_bytes() == b"outside\n"


def test_a_file_another_run_holds_is_left_alone(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    old = fill(root, OLD)
    for lock in ("BEGIN IMMEDIATE", "BEGIN"):  # a run writing it, and one reading it
        other = sqlite3.connect(old, isolation_level=None)
        try:
            other.execute(lock)
            other.execute("SELECT count(*) FROM outcomes").fetchall()
            fill(root, NEW)
            assert old.is_file()
        finally:
            other.execute("ROLLBACK")
            other.close()
    fill(root, NEW)  # released: removed by the next run
    assert not old.exists()


def test_a_damaged_file_of_another_build_is_removed(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    old = fill(root, OLD)
    old.write_bytes(b"not a database" * 100)
    fill(root, NEW)
    assert not old.exists()


def test_nothing_outside_the_cache_directory_is_touched(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    beside = root / store_path(root, OLD).name  # a cache file's name, at the ledger's top
    beside.write_bytes(b"not the cache's\n")
    fill(root, NEW)
    prune(root, store_path(root, NEW))
    assert beside.read_bytes() == b"not the cache's\n"


def test_a_linked_cache_directory_is_never_pruned(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    old = store_path(outside.parent / "unused", OLD).name
    (outside / old).write_bytes(b"someone else's\n")
    (root / DIRECTORY).symlink_to(outside, target_is_directory=True)
    prune(root, store_path(root, NEW))
    validate_all(root, jobs=1, use_cache=True)
    assert (outside / old).read_bytes() == b"someone else's\n"


def test_a_library_upgraded_in_place_is_another_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The distributions installed beside the tool are part of its build: after an upgrade in
    place (a new metadata folder name), the old cache file is another build's."""
    packages = tmp_path / "site-packages"
    (packages / "edtf-5.0.1.dist-info").mkdir(parents=True)
    (packages / "edtf").mkdir()
    monkeypatch.setattr(sys, "path", [str(packages), "relative/ignored"])
    build_salt.cache_clear()
    try:
        assert installed() == ["edtf-5.0.1.dist-info"]
        before = build_salt()
        assert build_salt() == before
        (packages / "edtf-5.0.1.dist-info").rename(packages / "edtf-5.0.2.dist-info")
        build_salt.cache_clear()
        assert installed() == ["edtf-5.0.2.dist-info"]
        assert build_salt() != before
    finally:
        build_salt.cache_clear()


def test_every_module_of_the_package_is_part_of_the_build() -> None:
    """A change to any module is another build, not only to those beside the cache's own."""
    package = Path(claims_ledger.__file__).parent
    names = {name for name, _ in sources()}
    assert "records/models.py" in names
    assert "comparing/consistency/conflict.py" in names
    assert "checking/cachefile.py" in names
    assert names == {p.relative_to(package).as_posix() for p in package.rglob("*.py")}


def test_a_value_type_added_at_run_time_is_another_build() -> None:
    """The shipped registry's schemas follow from the sources; an added type's do not."""
    build_salt.cache_clear()
    shipped = build_salt()
    with registered(Distance()):
        assert build_salt() != shipped
    assert build_salt() == shipped
