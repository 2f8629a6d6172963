"""Hostile files and directories: FIFOs, linked claims/, seeds/ and .claims-cache/, a
damaged cache, fmt's temporary files and read-only files, and claim files a listing leaves
out. Each case is a finding or a note naming the file, never a hang or a traceback, and
nothing outside the ledger is read or written.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import FERRY, invoke

MANIFEST = "seeds/documents.yaml"


class Hung(BaseException):
    """Not an OSError (as TimeoutError is), so that no `except OSError` can swallow it."""


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a blocked open or read is interrupted by the alarm."""

    def expire(*_: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def tree(directory: Path) -> dict[str, bytes]:
    """Every file below directory with its bytes: to prove nothing there changed."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# --- FIFOs: never opened for reading in a way that waits


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("validate", "--no-cache", "--jobs", "1"),
        ("list",),
        ("fmt", "--check"),
        ("fmt",),
    ],
)
def test_a_fifo_claim_file_is_a_finding_not_a_hang(ledger_root: Path, args: tuple[str]) -> None:
    os.mkfifo(ledger_root / FERRY / "pipe.yaml")
    with deadline(20):
        result = invoke(*args, "--root", ledger_root)
    assert result.exit_code in (1, 2)
    assert f"{FERRY}/pipe.yaml:1:1: unreadable" in result.output
    assert "named pipe (FIFO)" in result.output


def test_a_fifo_vocabulary_file_is_a_finding_not_a_hang(ledger_root: Path) -> None:
    entities = ledger_root / "claims" / "entities.yaml"
    entities.unlink()
    os.mkfifo(entities)
    with deadline(20):
        result = invoke("validate", "--root", ledger_root)
    assert result.exit_code == 1
    assert "claims/entities.yaml:1:1: unreadable" in result.output


def test_a_fifo_seed_is_a_finding_not_a_hang(ledger_root: Path) -> None:
    seed = ledger_root / "seeds" / "harbour.txt"
    seed.unlink()
    os.mkfifo(seed)
    with deadline(20):
        code, findings = validate_json(ledger_root)
    assert code == 1
    fifo = [f for f in findings if "harbour.txt is not a regular file" in f["message"]]
    assert fifo and fifo[0]["file"] == MANIFEST and fifo[0]["code"] == "unreadable"


def validate_json(root: Path) -> tuple[int, list[dict[str, object]]]:
    result = invoke("validate", "--format", "json", "--root", root)
    return result.exit_code, json.loads(result.stdout)


# --- symbolic links: claims/, seeds/ and their directories are never followed


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory outside the ledger that a link may point to."""
    directory = tmp_path / "outside"
    directory.mkdir()
    return directory


def link_out(ledger_root: Path, outside: Path, name: str) -> Path:
    """Move ledger_root/name outside and leave a link to it in its place."""
    target = outside / name
    shutil.move(ledger_root / name, target)
    (ledger_root / name).symlink_to(target, target_is_directory=True)
    return target


def test_a_linked_claims_directory_is_not_followed(ledger_root: Path, outside: Path) -> None:
    target = link_out(ledger_root, outside, "claims")
    (target / "secret.txt").write_text("a secret outside the ledger\n")
    code, findings = validate_json(ledger_root)
    assert code == 1
    files = {f["file"] for f in findings}
    assert "claims" in files
    assert not any("secret" in f for f in files)
    assert "a secret outside" not in json.dumps(findings)


def test_fmt_never_writes_through_a_linked_claims_directory(
    ledger_root: Path, outside: Path
) -> None:
    target = link_out(ledger_root, outside, "claims")
    claim = target / "courier-ferry" / "company-founded.yaml"
    claim.write_text(claim.read_text().replace("\n", "\n\n", 2))  # not canonical any more
    before = tree(outside)
    result = invoke("fmt", "--root", ledger_root)
    assert result.exit_code == 2
    assert "claims:1:1: unsafe-path claims/ is a symbolic link" in result.stderr
    assert tree(outside) == before


def test_a_linked_claim_directory_inside_claims_is_refused_by_fmt(
    ledger_root: Path, outside: Path
) -> None:
    target = outside / "courier-ferry"
    shutil.move(ledger_root / FERRY, target)
    (ledger_root / FERRY).symlink_to(target, target_is_directory=True)
    before = tree(outside)
    result = invoke("fmt", "--root", ledger_root)
    assert result.exit_code == 2
    assert f"{FERRY}:1:1: unsafe-path" in result.stderr
    assert tree(outside) == before


def test_a_linked_seeds_directory_is_not_followed(ledger_root: Path, outside: Path) -> None:
    link_out(ledger_root, outside, "seeds")
    code, findings = validate_json(ledger_root)
    assert code == 1
    assert (findings[0]["file"], findings[0]["line"], findings[0]["code"]) == (
        MANIFEST,
        1,
        "unsafe-path",
    )
    assert "seeds/ is a symbolic link" in findings[0]["message"]


def test_fmt_never_writes_through_a_linked_seeds_directory(
    ledger_root: Path, outside: Path
) -> None:
    target = link_out(ledger_root, outside, "seeds")
    manifest = target / "documents.yaml"
    manifest.write_text(manifest.read_text() + "\n\n")  # not canonical any more
    before = tree(outside)
    result = invoke("fmt", "--root", ledger_root)
    assert result.exit_code == 2
    assert f"{MANIFEST}:1:1: unsafe-path seeds/ is a symbolic link" in result.stderr
    assert tree(outside) == before


def test_a_seed_path_checks_seeds_itself_not_only_below_it(
    ledger_root: Path, outside: Path
) -> None:
    """The manifest read through a real seeds/ directory, the seed through a linked one."""
    from claims_ledger.records.seeds import _safe_path

    link_out(ledger_root, outside, "seeds")
    refused = _safe_path(ledger_root, "harbour.txt")
    assert isinstance(refused, str) and "symbolic link" in refused


# --- the cache: a linked one is never used, a damaged one never breaks a run


def cache_file(root: Path) -> Path:
    (store,) = (root / ".claims-cache").glob("*.sqlite3")
    return store


@pytest.mark.parametrize("command", ["validate", "report"])
def test_a_linked_cache_directory_is_not_used(
    ledger_root: Path, outside: Path, command: str
) -> None:
    expected = invoke(command, "--no-cache", "--root", ledger_root)
    (ledger_root / ".claims-cache").symlink_to(outside, target_is_directory=True)
    for _ in range(2):
        result = invoke(command, "--root", ledger_root)
        assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
        assert result.stderr.count(".claims-cache is a symbolic link") == 1
    assert list(outside.iterdir()) == []


def test_a_linked_cache_file_is_not_used(ledger_root: Path, outside: Path) -> None:
    invoke("validate", "--root", ledger_root)
    store = cache_file(ledger_root)
    store.unlink()
    target = outside / "elsewhere.sqlite3"
    store.symlink_to(target)
    result = invoke("validate", "--root", ledger_root)
    assert result.exit_code == 0
    assert "is a symbolic link: the cache was not used" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE outcomes SET row = NULL",  # the rows a report reads in place of records
        "UPDATE outcomes SET row = 'not JSON'",
        "UPDATE outcomes SET row = '[5]'",
        "DROP TABLE outcomes",
    ],
)
def test_a_damaged_cache_is_ignored_said_once_and_rebuilt(ledger_root: Path, damage: str) -> None:
    import sqlite3

    expected = invoke("report", "--no-cache", "--root", ledger_root)
    invoke("report", "--root", ledger_root)
    with sqlite3.connect(cache_file(ledger_root)) as db:
        db.execute("DELETE FROM reports")  # else the report it kept is printed, no row read
        db.execute(damage)
    db.close()
    result = invoke("report", "--root", ledger_root)
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
    assert result.stderr.count("was damaged") == 1
    again = invoke("report", "--root", ledger_root)  # rebuilt: nothing more to say
    assert (again.exit_code, again.stdout, again.stderr) == (
        expected.exit_code,
        expected.stdout,
        "",
    )


def test_garbled_pages_of_the_cache_file_are_ignored(ledger_root: Path) -> None:
    from claims_ledger.checking.cache import OutcomeCache

    expected = invoke("report", "--no-cache", "--root", ledger_root)
    invoke("report", "--root", ledger_root)
    store = cache_file(ledger_root)
    data = bytearray(store.read_bytes())
    pages = len(data) // 4096
    assert pages > 1
    for page in range(1, pages):  # every page but the header's, one at a time
        garbled = data[:]
        garbled[page * 4096 : (page + 1) * 4096] = bytes(range(256)) * 16
        store.write_bytes(garbled)
        result = invoke("report", "--root", ledger_root)
        assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
        assert "Traceback" not in result.output
        OutcomeCache(ledger_root)  # whatever is left reads without an error
        if store.exists():
            store.write_bytes(data)


# --- fmt: a comment it cannot place, read-only files, temporary files left by a kill


def test_a_comment_between_a_key_and_its_value_is_a_finding(ledger_root: Path) -> None:
    path = ledger_root / FERRY / "zz.yaml"
    path.write_text("statement:  # a\n  # b\n  text\n\n")
    for args in (("fmt", "--check"), ("fmt",)):
        result = invoke(*args, "--root", ledger_root)
        assert result.exit_code == 2
        assert f"{FERRY}/zz.yaml:1:13: fmt-refused" in result.stderr  # at "# a"
        assert path.read_text() == "statement:  # a\n  # b\n  text\n\n"


def test_fmt_refuses_to_replace_a_read_only_file(ledger_root: Path) -> None:
    path = ledger_root / FERRY / "company-founded.yaml"
    text = path.read_text().replace("\n", "\n\n", 2)  # not canonical
    path.write_text(text)
    path.chmod(0o444)
    result = invoke("fmt", "--root", ledger_root)
    assert result.exit_code == 2
    assert f"{FERRY}/company-founded.yaml:1:1: fmt-refused the file is read-only" in result.stderr
    assert path.read_text() == text
    assert path.stat().st_mode & 0o777 == 0o444


def test_fmt_removes_temporary_files_an_interrupted_run_left(ledger_root: Path) -> None:
    old = ledger_root / FERRY / ".company-founded.yaml.ab_c1234.tmp"
    old.write_text("half written")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    mine = ledger_root / FERRY / ".notes.yaml.keep.tmp"  # not our pattern: kept
    mine.write_text("the user's")
    result = invoke("fmt", "--root", ledger_root)
    assert result.exit_code == 0
    assert f"removed {FERRY}/.company-founded.yaml.ab_c1234.tmp" in result.stderr
    assert not old.exists()
    assert mine.read_text() == "the user's"
    assert [p.name for p in (ledger_root / FERRY).glob(".*.tmp")] == [mine.name]


# --- list, report, coverage and show say which claim files they left out


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("list",), 2),
        (("list", "--format", "json"), 2),
        (("report",), 2),
        (("report", "--no-cache", "--jobs", "2"), 2),
        (("coverage",), 2),
        (("show", "courier-ferry/company-founded"), 2),
    ],
)
def test_a_claim_file_left_out_is_named_and_fails_the_command(
    ledger_root: Path, args: tuple[str, ...], code: int
) -> None:
    (ledger_root / FERRY / "latin1.yaml").write_bytes(
        b"id: courier-ferry/latin1\nstatement: M\xe4\n"
    )
    result = invoke(*args, "--root", ledger_root)
    assert result.exit_code == code
    assert f"claims: {FERRY}/latin1.yaml:2:13: unreadable" in result.stderr


def test_a_claim_file_that_does_not_validate_exits_1_when_left_out(ledger_root: Path) -> None:
    (ledger_root / FERRY / "bad.yaml").write_text("id: courier-ferry/bad\nstatment: x\n")
    result = invoke("list", "--root", ledger_root)
    assert result.exit_code == 1
    assert f"claims: {FERRY}/bad.yaml:" in result.stderr
    assert "left out" in result.stderr
