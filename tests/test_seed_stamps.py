"""Seeds known by their stamps: a cached run does not read a seed file that has not changed,
reads its text only to anchor a quote in it, and finds what a run reading every seed finds."""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from array import array
from pathlib import Path

import pytest

from claims_ledger.checking.cache import DIRECTORY
from claims_ledger.checking.validation import prepare, validate_all
from claims_ledger.errors import LedgerError
from claims_ledger.reading.anchoring import SeedText
from claims_ledger.records import seeds
from claims_ledger.records.seeds import LaterSeed, SeedChanged, SeedStamps
from helpers import FERRY, SEED, SEED_SHA256, invoke
from test_cache import age


def spy_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The seed files read, by name."""
    reads: list[str] = []
    real = seeds._read_seed

    def spy(path: Path) -> object:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(seeds, "_read_seed", spy)
    return reads


def codes(root: Path, use_cache: bool) -> list[tuple[str, str, int, int]]:
    _, found = validate_all(root, jobs=1, use_cache=use_cache)
    return [(f.code, f.file, f.line, f.column) for f in found]


def stored_seeds(root: Path) -> list[tuple[str, str]]:
    (path,) = (root / DIRECTORY).glob("outcomes-*.sqlite3")
    with sqlite3.connect(path) as db:
        return list(db.execute("SELECT name, sha256 FROM seeds"))


def test_an_unchanged_seed_is_not_read_again(
    ledger_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(ledger_root)
    first = codes(ledger_root, True)
    assert stored_seeds(ledger_root) == [("harbour.txt", SEED_SHA256)]
    reads = spy_reads(monkeypatch)
    assert codes(ledger_root, True) == first
    assert reads == []  # every claim's outcome is kept: no quote is anchored again


def test_an_edited_claim_reads_its_seed_and_finds_what_a_full_run_finds(
    ledger_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(ledger_root)
    codes(ledger_root, True)
    claim = ledger_root / FERRY / "company-founded.yaml"
    text = claim.read_text(encoding="utf-8")
    quote = text.split("quote: ", 1)[1].split("\n", 1)[0]
    claim.write_text(text.replace(quote, '"not a passage of the seed"'), encoding="utf-8")
    reads = spy_reads(monkeypatch)
    cached = codes(ledger_root, True)
    assert reads == ["harbour.txt"]  # once, to anchor the edited quote
    assert ("quote-not-found", f"{FERRY}/company-founded.yaml") in [c[:2] for c in cached]
    assert cached == codes(ledger_root, False)


def test_an_edited_seed_is_read_and_its_hash_checked(
    ledger_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(ledger_root)
    codes(ledger_root, True)
    seed = ledger_root / SEED
    seed.write_text(seed.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    reads = spy_reads(monkeypatch)
    cached = codes(ledger_root, True)
    assert reads == ["harbour.txt"]
    assert [c[0] for c in cached].count("seed-hash") == 1
    assert cached == codes(ledger_root, False)


def test_a_seed_changed_a_moment_ago_is_not_known_by_its_stamp(
    ledger_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second edit within the same clock tick could keep its stamp: it is read each run."""
    age(ledger_root)
    os.utime(ledger_root / SEED)  # changed just now: too recent to be recorded
    codes(ledger_root, True)
    assert stored_seeds(ledger_root) == []
    reads = spy_reads(monkeypatch)
    codes(ledger_root, True)
    assert reads == ["harbour.txt"]


@pytest.mark.parametrize(
    "column, value",
    [
        ("stamp", 7),
        ("sha256", "abc"),
        ("starts", b"\x01\x02\x03"),  # not whole 64-bit integers
        ("starts", array("q", [5, 9]).tobytes()),  # the first line must start at 0
        ("length", "long"),
    ],
)
def test_a_damaged_seed_record_is_not_used(
    ledger_root: Path, monkeypatch: pytest.MonkeyPatch, column: str, value: object
) -> None:
    age(ledger_root)
    first = codes(ledger_root, True)
    (path,) = (ledger_root / DIRECTORY).glob("outcomes-*.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE seeds SET {column} = ?", (value,))
    reads = spy_reads(monkeypatch)
    assert codes(ledger_root, True) == first
    assert reads == ["harbour.txt"]


def later_of(text: str, path: Path, sha256: str = "0" * 64) -> LaterSeed:
    whole = SeedText.of(text)
    return LaterSeed("seed.txt", path, sha256, whole.line_starts, len(text))


@pytest.mark.parametrize("text", ["", "a", "\n", "one\ntwo", "one\ntwo\n", "a\n\nb\n\n"])
def test_a_later_seed_counts_and_spans_lines_as_its_text_does(text: str, tmp_path: Path) -> None:
    whole = SeedText.of(text)
    later = later_of(text, tmp_path / "absent.txt")
    assert later.line_count == whole.line_count
    for first in range(1, whole.line_count + 1):
        for last in range(first, whole.line_count + 1):
            assert later.span(first, last) == whole.span(first, last)


def test_a_later_seed_reads_its_text_once_and_only_with_the_recorded_hash(
    tmp_path: Path,
) -> None:
    path = tmp_path / "seed.txt"
    path.write_bytes("Línea uno.\nLine two.\n".encode())
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    later = later_of("Línea uno.\nLine two.\n", path, sha256)
    assert later.text == "Línea uno.\nLine two.\n"
    path.unlink()
    assert later.text == "Línea uno.\nLine two.\n"  # kept once read
    copy = pickle.loads(pickle.dumps(later))  # as a spawned worker is sent it
    assert type(copy) is SeedText and copy == later
    changed = later_of("Line one.\n", tmp_path / "changed.txt", sha256)
    (tmp_path / "changed.txt").write_text("Line one, edited.\n", encoding="utf-8")
    with pytest.raises(SeedChanged, match=r"seeds/seed\.txt changed while this run"):
        changed.text  # noqa: B018
    assert issubclass(SeedChanged, LedgerError)  # one line on stderr and exit 2, as the CLI does
    gone = later_of("Line one.\n", tmp_path / "gone.txt", sha256)
    with pytest.raises(SeedChanged):
        gone.text  # noqa: B018


def test_a_seed_edited_during_a_run_stops_it_with_a_message(
    ledger_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its hash was taken by its stamp at the start: findings judged against other text
    would be kept under it, so the run stops and says to run again."""
    age(ledger_root)
    codes(ledger_root, True)
    claim = ledger_root / FERRY / "company-founded.yaml"
    claim.write_text(claim.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    real = SeedStamps.later

    def edit_after(self: SeedStamps, name: str, path: Path) -> LaterSeed | None:
        found = real(self, name, path)
        stat = os.stat(path)
        path.write_text(path.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        return found

    monkeypatch.setattr(SeedStamps, "later", edit_after)
    result = invoke("validate", "--root", ledger_root, "--jobs", "1")
    assert result.exit_code == 2
    assert "claims: error: seeds/harbour.txt changed while this run" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_report_and_its_quotes_are_the_same_with_seeds_known_by_stamp(
    ledger_root: Path,
) -> None:
    age(ledger_root)
    whole = prepare(ledger_root, jobs=1, use_cache=False)
    prepare(ledger_root, jobs=2, use_cache=True)
    known = prepare(ledger_root, jobs=2, use_cache=True)
    assert isinstance(known.seeds["harbour.txt"], LaterSeed)
    assert known.spans == whole.spans
    assert known.seed_sha256 == whole.seed_sha256
    assert known.seeds["harbour.txt"].text == whole.seeds["harbour.txt"].text
