"""The report the cache keeps (checking/storedreport.py): printed again only for the very
ledger, format and filters it was made from, exactly as a run without the cache prints it;
an edit anywhere the report reads makes it again; a damaged or doctored one is not trusted;
a locked or read-only cache prints the report as without it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from claims_ledger.checking import storedreport
from claims_ledger.checking.cache import DIRECTORY, OutcomeCache
from claims_ledger.checking.listings import Listing
from claims_ledger.comparing import consistency
from claims_ledger.comparing import report as comparing_report
from claims_ledger.output import reporters
from helpers import FIXTURES, build_ledger, invoke
from test_cache import age
from test_parallel import every_broken
from test_report_registries import AFFECTED, TsvReporter, registries, toy_check

REPORT = FIXTURES / "report"
JOINED = "claims/north-gazette/sapozhnikov-joined.yaml"  # a side of an open conflict
JOINED_TOO = "claims/south-review/sapozhnikov-joined.yaml"  # the other side


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    root = build_ledger(tmp_path / "report", REPORT)
    age(root)
    return root


__all__ = ["registries"]  # a fixture, used by name


def _seen(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def _cold(root: Path, *options: str) -> tuple[int, str, str]:
    return _seen(invoke("report", "--root", root, *options, "--no-cache"))


def _cached(root: Path, *options: str) -> tuple[int, str, str]:
    return _seen(invoke("report", "--root", root, *options))


def _unlisted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a listing of claim files is decoded: the report must be found by
    its quick key, the files' stamps compared with the listings' heads alone."""

    def refuse(*_: object, **__: object) -> object:
        raise AssertionError("a listing was read")

    monkeypatch.setattr(Listing, "from_row", classmethod(refuse))


def _unbuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the report is built: it must come from the cache."""

    def refuse(*_: object, **__: object) -> object:
        raise AssertionError("the report was built")

    monkeypatch.setattr(comparing_report, "build_report", refuse)


def _store(root: Path) -> Path:
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    return store


Kept = tuple[str, str, "str | None", str, str, str, str]  # a row of the reports table


def _kept(root: Path) -> list[Kept]:
    db = sqlite3.connect(_store(root))
    try:
        return sorted(
            db.execute("SELECT slot, key, quick, seal, out, lines, unloaded FROM reports")
        )
    finally:
        db.close()


def _generation(root: Path) -> int:
    """How many times the cache's listings were written."""
    db = sqlite3.connect(_store(root))
    try:
        (count,) = db.execute("SELECT value FROM generation").fetchone()
        return int(count)
    finally:
        db.close()


def _set(root: Path, slot: str, **columns: object) -> None:
    db = sqlite3.connect(_store(root))
    try:
        for column, value in columns.items():
            db.execute(f"UPDATE reports SET {column} = ? WHERE slot = ?", (value, slot))
        db.commit()
    finally:
        db.close()


OPTIONS = [
    ("--format", "json"),
    ("--format", "text"),
    ("--format", "markdown"),
    ("--format", "github"),
    ("--format", "json", "--type", "conflict"),
    ("--format", "text", "--type", "timeline", "--type", "arithmetic"),
    ("--format", "markdown", "--document", "east-bulletin"),
    ("--format", "json", "--subject", "anna-vetrova"),
    ("--format", "text", "--strict"),
    ("--format", "json", "--strict", "--type", "conflict"),
]


@pytest.mark.parametrize("options", OPTIONS, ids=" ".join)
def test_a_kept_report_is_printed_as_a_run_without_the_cache_prints_it(
    ledger: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...]
) -> None:
    cold = _cold(ledger, *options)
    assert _cached(ledger, *options) == cold  # built and kept
    _unbuilt(monkeypatch)
    assert _cached(ledger, *options) == cold  # printed from the cache
    assert _cached(ledger, *options, "--jobs", "2") == cold


def test_strict_exit_codes_and_stderr_come_back_with_a_kept_report(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two verified sides of a conflict: conflict-both-verified on stderr and exit 1; load
    problems (a claim file's, a seed's), counted live, fail --strict too."""
    for rel in (JOINED, JOINED_TOO):
        path = ledger / rel
        path.write_text(path.read_text().replace("status: unverified", "status: verified", 1))
    (ledger / "claims/east-bulletin/broken.yaml").write_text("id: [unclosed\n")
    EDITS["a seed"](ledger)  # its manifest's sha256 no longer holds: a problem of the seeds
    age(ledger)
    runs = [
        ("--format", "text", "--strict"),
        ("--format", "json", "--strict"),
        ("--format", "json"),
    ]
    expected = [_cold(ledger, *options) for options in runs]
    for options, cold in zip(runs, expected, strict=True):
        assert cold[0] == 1
        assert "conflict-both-verified" in cold[2]
        assert _cached(ledger, *options) == cold
    assert "the ledger has 2 load problem(s)" in expected[1][2]
    _unbuilt(monkeypatch)
    _unlisted(monkeypatch)  # (the file that did not load is told from the kept report)
    for options, cold in zip(runs, expected, strict=True):
        assert _cached(ledger, *options) == cold


@pytest.mark.parametrize("options", OPTIONS[:3] + OPTIONS[-2:], ids=" ".join)
def test_an_unchanged_ledger_is_answered_without_reading_a_listing(
    ledger: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...]
) -> None:
    cold = _cold(ledger, *options)
    assert _cached(ledger, *options) == cold  # built and kept
    _unbuilt(monkeypatch)
    _unlisted(monkeypatch)
    assert _cached(ledger, *options) == cold


def test_files_that_did_not_load_or_could_not_be_read_are_told_from_the_kept_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = every_broken(tmp_path / "broken")
    age(root)
    cold = _cold(root, "--format", "json")
    assert cold[0] == 2 and cold[2]  # each file left out named on stderr
    assert _cached(root, "--format", "json") == cold
    _unbuilt(monkeypatch)  # (a file that could not be read is read again: no stamp is kept
    assert _cached(root, "--format", "json") == cold  # for it, so its listing is read too)


def test_listings_another_run_wrote_leave_the_quick_key_unused(ledger: Path) -> None:
    """Once `claims validate` has listed an edit, every stamp is again as listed: only the
    count of listing writes tells that the kept report was made from other files."""
    kept = _cold(ledger, "--format", "json")
    assert _cached(ledger, "--format", "json") == kept
    EDITS["a claim's value"](ledger)
    age(ledger, 30)
    written = _generation(ledger)
    invoke("validate", "--root", ledger)
    assert _generation(ledger) == written + 1  # it listed the edit
    cold = _cold(ledger, "--format", "json")
    assert cold != kept
    assert _cached(ledger, "--format", "json") == cold


def test_a_touched_file_keeps_the_report_under_the_new_listings(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file touched, not changed: the report is found by its files' digests, and kept
    again under the listings' new count, so the next run reads no listing."""
    cold = _cold(ledger, "--format", "json")
    assert _cached(ledger, "--format", "json") == cold
    ((_, key, quick, *_),) = _kept(ledger)
    age(ledger, 30)  # every file's stamp changed
    with monkeypatch.context() as patched:
        _unbuilt(patched)
        assert _cached(ledger, "--format", "json") == cold
    ((_, key_after, quick_after, *_),) = _kept(ledger)
    assert key_after == key and quick_after not in (None, quick)
    _unbuilt(monkeypatch)
    _unlisted(monkeypatch)
    assert _cached(ledger, "--format", "json") == cold


def test_a_run_raced_by_another_keeps_no_quick_key(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run wrote listings while this one read the ledger: the listings stored are
    not all this run's, so its report is kept under its files' digests alone."""
    cold = _cold(ledger, "--format", "json")
    with monkeypatch.context() as patched:
        patched.setattr(OutcomeCache, "settled", property(lambda _: None))
        assert _cached(ledger, "--format", "json") == cold
    ((_, _, quick, *_),) = _kept(ledger)
    assert quick is None
    _unbuilt(monkeypatch)  # found by its files, and kept under the listings' count
    assert _cached(ledger, "--format", "json") == cold
    ((_, _, quick, *_),) = _kept(ledger)
    assert quick is not None


def _edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


MORE_DOCUMENTS = """documents:
  - id: west-digest
    file: gazette.txt
    lines: {first: 11, last: 17}
    title: A Document With No Claims
    author: null
    publisher: null
    first_published: West Digest
    sha256: b31f7c30df9dc7a509826fbd7f1a1cd6e3a374a88340afd5f111a3a440f515e3
"""

EDITS = {
    "a claim's statement": _edit(
        "claims/east-bulletin/dock-raid-detainees.yaml", "statement: ", "statement: Edited: "
    ),
    "a claim's status (triage)": _edit(JOINED, "status: unverified", "status: refuted"),
    "a claim's value": _edit(
        "claims/east-bulletin/vetrova-born.yaml", 'date: "1990"', 'date: "1980"'
    ),
    "a seed": _edit("seeds/bulletin.txt", "Anna Vetrova", "Anna  Vetrova"),
    "an entity": _edit("claims/entities.yaml", "name: Anna Vetrova", "name: Anna Vetrova-Orlova"),
    "a property": _edit("claims/properties.yaml", "    follows: [detained]\n", ""),
    "the manifest": _edit("seeds/documents.yaml", "documents:\n", MORE_DOCUMENTS),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_an_edit_the_report_reads_is_never_served_stale(ledger: Path, edit: str, fmt: str) -> None:
    options = ("--format", fmt)
    before = _cold(ledger, *options)
    assert _cached(ledger, *options) == before
    assert _cached(ledger, *options) == before
    EDITS[edit](ledger)
    after = _cold(ledger, *options)
    assert _cached(ledger, *options) == after  # (the edit is seconds old: read again)
    age(ledger)
    assert _cached(ledger, *options) == after  # (its stamp trusted)
    assert after != before, "the edit does not show in the report: it tests nothing"


def test_a_filter_or_a_format_is_never_served_another_s_report(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = [
        ("--format", "json"),
        ("--format", "json", "--type", "timeline"),
        ("--format", "json", "--subject", "anna-vetrova"),
        ("--format", "json", "--document", "east-bulletin"),
        ("--format", "markdown"),
        ("--format", "json"),
    ]
    expected = [_cold(ledger, *options) for options in runs]
    assert all(expected[0] != filtered for filtered in expected[1:4])
    for options, cold in zip(runs, expected, strict=True):
        assert _cached(ledger, *options) == cold
    assert [slot for slot, *_ in _kept(ledger)] == ["json", "markdown"]  # one a format


def test_files_that_did_not_load_and_duplicates_are_in_the_key(tmp_path: Path) -> None:
    root = every_broken(tmp_path / "broken")
    age(root)
    options = ("--format", "json")
    assert _cached(root, *options) == _cold(root, *options)
    copy = root / "claims/courier-ferry/again.yaml"
    shutil.copy(root / "claims/courier-ferry/company-founded.yaml", copy)  # a duplicate id
    assert _cached(root, *options) == _cold(root, *options)
    copy.write_text("id: [unclosed\n")  # now a file that does not load
    assert _cached(root, *options) == _cold(root, *options)
    copy.unlink()
    assert _cached(root, *options) == _cold(root, *options)


def _doctored(kept: Kept) -> list[dict[str, object]]:
    """A kept report spoiled as a damaged or hostile cache could, its keys kept."""
    _, key, quick, _, out, lines, unloaded = kept

    def seal(key: str, out: str, lines: str, unloaded: str = unloaded) -> str:
        return storedreport._seal(key, quick, out, lines, unloaded)

    def sealed(new_out: str, new_lines: str) -> dict[str, object]:
        return {"out": new_out, "lines": new_lines, "seal": seal(key, new_out, new_lines)}

    def left(new: str) -> dict[str, object]:
        return {"unloaded": new, "seal": seal(key, out, lines, new)}

    changed = out.replace("1990", "1991", 1)
    assert changed != out
    return [
        {"out": changed},  # a changed finding, the key and the seal kept
        {"lines": json.dumps([[], ["claims: strict: forged"]])},
        {"seal": "0" * 32},
        {"seal": seal("0" * 32, out, lines)},  # sealed under another key
        {"out": out.encode()},  # not text
        {"out": 42},
        sealed(out, "not json"),
        sealed(out, "[" * 100_000),  # deeper than the parser goes
        sealed(out, "[]"),
        sealed(out, json.dumps([[], [], []])),
        sealed(out, json.dumps([["a"], [1]])),
        sealed(out, json.dumps({"problems": [], "strict": []})),
        sealed(out, json.dumps(["ab", "cd"])),
        {"lines": b"\xff\xfe"},
        {"quick": 42},
        {
            "unloaded": json.dumps(
                [["yaml-syntax", "forged", "claims/x.yaml", 1, 1, "error", [], []]]
            )
        },
        left("not json"),
        left("[1]"),
        left(json.dumps([["code", "message"]])),
        left(json.dumps([["code", "m", "f", 1, 1, "no such severity", [], []]])),
    ]


@pytest.mark.parametrize("at", range(20))
def test_a_damaged_or_doctored_kept_report_is_not_trusted(ledger: Path, at: int) -> None:
    options = ("--format", "json", "--strict")
    cold = _cold(ledger, *options)
    assert _cached(ledger, *options) == cold
    (kept,) = _kept(ledger)
    _set(ledger, "json", **_doctored(kept)[at])
    assert _cached(ledger, *options) == cold
    assert _kept(ledger) == [kept]  # made again and kept in its place
    assert _cached(ledger, *options) == cold


def test_a_forged_seal_is_not_a_defence_the_cache_claims(ledger: Path) -> None:
    """What the seal does not stop (a forger who seals again) is why CI reads no cache:
    with CI set, the report is built whatever the cache holds."""
    options = ("--format", "json")
    cold = _cold(ledger, *options)
    assert _cached(ledger, *options) == cold
    (kept,) = _kept(ledger)
    _, key, quick, _, out, lines, unloaded = kept
    forged = out.replace("1990", "1991")
    _set(ledger, "json", out=forged, seal=storedreport._seal(key, quick, forged, lines, unloaded))
    in_ci = invoke("report", "--root", ledger, *options, env={"CI": "true"})
    assert _seen(in_ci) == cold


def test_a_locked_cache_prints_the_report_and_keeps_nothing(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims_ledger.checking import cache

    monkeypatch.setattr(cache, "_WAIT", 0.05)
    monkeypatch.setattr(storedreport, "_WAIT", 0.05)
    options = ("--format", "json")
    assert _cached(ledger, *options) == _cold(ledger, *options)
    kept = _kept(ledger)
    EDITS["a claim's value"](ledger)
    cold = _cold(ledger, *options)
    for lock in ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"):  # another run writing; committing
        other = sqlite3.connect(_store(ledger), isolation_level=None)
        try:
            other.execute(lock)
            assert _cached(ledger, *options) == cold
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert _kept(ledger) == kept  # the old one, left alone
    assert _cached(ledger, *options) == cold
    assert _kept(ledger) != kept


def test_a_read_only_cache_prints_the_report_and_keeps_nothing(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = ("--format", "json")
    assert _cached(ledger, *options) == _cold(ledger, *options)
    kept = _kept(ledger)
    EDITS["a claim's value"](ledger)
    cold = _cold(ledger, *options)
    real = sqlite3.connect

    def read_only(path: object, **options: object) -> sqlite3.Connection:
        return real(f"file:{path}?mode=ro", uri=True, **options)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", read_only)
        assert _cached(ledger, *options) == cold
        assert _cached(ledger, *options) == cold
    assert _kept(ledger) == kept
    assert _cached(ledger, *options) == cold
    assert _kept(ledger) != kept


def test_no_cache_keeps_no_report(ledger: Path) -> None:
    _cold(ledger, "--format", "json")
    assert not (ledger / DIRECTORY).exists()


def test_a_check_or_format_registered_from_elsewhere_is_never_served_a_kept_report(
    registries: None, tmp_path: Path
) -> None:
    """The key holds the build (this package's files); a check or a format registered at run
    time from anywhere else could change the report under the same key: none is kept."""
    root = build_ledger(tmp_path / "report", REPORT)
    _edit(AFFECTED, "quantity: 12", "quantity: 13")(root)  # what the toy check finds
    _edit(AFFECTED, "household", "person")(root)
    age(root)
    for fmt in ("json", "text"):
        assert _cached(root, "--format", fmt) == _cold(root, "--format", fmt)  # kept
    reporters.register(TsvReporter)
    tsv = _cold(root, "--format", "tsv")
    assert _cached(root, "--format", "tsv") == tsv
    assert _cached(root, "--format", "tsv") == tsv
    consistency.register(toy_check())
    with_toy = _cold(root, "--format", "json")
    assert '"parity"' in with_toy[1]
    assert _cached(root, "--format", "json") == with_toy
    assert _cached(root, "--format", "json") == with_toy
    assert [slot for slot, *_ in _kept(root)] == ["json", "text"]  # as the first runs left them
