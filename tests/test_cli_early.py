"""The listing started from the command's first moment: started only for a command line that
will list the whole ledger, taken only by a run that lists it so, and stopped otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claims_ledger.checking import scanning
from claims_ledger.checking.scanning import SCAN_DIRECTORIES_FROM, take_early
from claims_ledger.checking.validation import validate_all
from claims_ledger.cli import early
from helpers import build_ledger


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid ledger with as many more (empty) document directories as make a run list its
    claim files apart, on a machine of two cores, run from inside it."""
    root = build_ledger(tmp_path / "ledger")
    for at in range(SCAN_DIRECTORIES_FROM):
        (root / "claims" / f"document-{at:03}").mkdir()
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(root / "claims")
    return root


@pytest.mark.parametrize(
    "argv",
    [
        ["claims"],
        ["claims", "list"],
        ["claims", "fmt", "--check"],
        ["claims", "validate", "--help"],
        ["claims", "validate", "claims/courier-ferry"],  # only the files named
        ["claims", "validate", "--jobs", "1"],
        ["claims", "validate", "--jobs=1"],
        ["claims", "validate", "--colour"],  # not an option: click will say so
    ],
)
def test_no_listing_is_guessed_where_the_run_makes_none_or_the_line_does_not_say(
    large: Path, argv: list[str]
) -> None:
    assert early._shape(argv) is None


@pytest.mark.parametrize(
    ("argv", "stamped", "parts"),
    [
        (["claims", "validate"], True, 2),
        (["claims", "validate", "--format", "json", "--jobs", "2"], True, 2),
        (["claims", "validate", "--no-cache"], False, 1),
        (["claims", "report", "--type=conflict", "--strict", "--document", "x"], True, 2),
    ],
)
def test_a_listing_is_guessed_as_the_run_will_make_it(
    large: Path, argv: list[str], stamped: bool, parts: int
) -> None:
    assert early._shape(argv) == (large.resolve(), stamped, parts)


def test_in_ci_the_listing_has_no_stamps(large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")  # the run uses no cache there
    assert early._shape(["claims", "validate"]) == (large.resolve(), False, 1)


def test_a_small_ledger_is_listed_by_the_run_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_ledger(tmp_path / "ledger")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert early._shape(["claims", "validate", "--root", str(root)]) is None
    assert early._shape(["claims", "validate", "--root", str(tmp_path)]) is None  # no ledger


def test_a_large_cache_file_makes_the_guess_and_a_linked_one_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_ledger(tmp_path / "ledger")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.delenv("CI", raising=False)
    outside = tmp_path / "outside.sqlite3"
    outside.write_bytes(b"\0" * scanning.SCAN_APART_FROM)
    (root / ".claims-cache").mkdir()
    (root / ".claims-cache" / "outcomes-linked.sqlite3").symlink_to(outside)
    argv = ["claims", "validate", f"--root={root}"]
    assert early._shape(argv) is None
    (root / ".claims-cache" / "outcomes-big.sqlite3").write_bytes(outside.read_bytes())
    assert early._shape(argv) == (root.resolve(), True, 2)
    assert early._shape([*argv, "--no-cache"]) is None  # without the cache, few directories


def test_the_run_takes_the_listing_started_early_and_finds_the_same(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = validate_all(large, jobs=1, use_cache=False)[1]
    early.start(["claims", "validate"])
    assert len(scanning._early) == 1
    started = scanning._early[0]
    taken: list[object] = []
    real = scanning.Scan.result

    def spy(self: scanning.Scan) -> object:
        taken.append(self)
        return real(self)

    monkeypatch.setattr(scanning.Scan, "result", spy)
    try:
        assert validate_all(large.resolve(), use_cache=True)[1] == expected
    finally:
        early.stop()
    assert taken == [started] and scanning._early == []


def test_a_listing_of_another_shape_is_stopped_not_taken(large: Path) -> None:
    early.start(["claims", "validate"])
    (started,) = scanning._early
    assert take_early(large.resolve(), False, 1) is None  # the run lists without stamps: its own
    assert scanning._early == [] and all(not p.is_alive() for p in started.processes)


def test_a_failed_guess_starts_nothing(large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> int:
        raise PermissionError("claims/: permission denied")

    monkeypatch.setattr(early, "directories", fail)
    early.start(["claims", "validate"])
    assert scanning._early == []
