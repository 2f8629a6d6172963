"""seeds: each document's seed read safely inside seeds/, its hash and line span checked."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from claims_ledger.findings import Finding
from claims_ledger.records import seeds
from claims_ledger.records.layout import MANIFEST
from claims_ledger.records.loading import Ledger, load_ledger
from claims_ledger.records.seeds import load_seeds
from helpers import SEED, SEED_SHA256, places

# In the valid manifest, document 0 (courier-ferry) has its `file` at line 5, its `lines` at
# line 6 and its sha256 at line 11; document 1 (council-minutes) has them at 13, 14 and 19.
# Values start at column 11 (`    file: `), 12 (`    lines: `) and 13 (`    sha256: `).


def run(root: Path) -> tuple[list[Finding], Ledger]:
    ledger = load_ledger(root)
    assert ledger.findings == []
    return list(load_seeds(ledger)), ledger


def edit_manifest(root: Path, old: str, new: str) -> None:
    path = root / MANIFEST
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_valid_seed_loads_with_both_spans(ledger_root: Path) -> None:
    findings, ledger = run(ledger_root)
    assert findings == []
    text = (ledger_root / SEED).read_text(encoding="utf-8")
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == SEED_SHA256
    lines = text.split("\n")
    start, end = ledger.spans["courier-ferry"]
    assert text[start:end] == "\n".join(lines[0:6])
    start, end = ledger.spans["council-minutes"]
    assert text[start:end] == "\n".join(lines[7:13])
    assert list(ledger.seeds) == ["harbour.txt"]  # read once for both documents
    seed = ledger.seeds["harbour.txt"]
    assert ledger.passages == {
        "courier-ferry": (seed, *ledger.spans["courier-ferry"]),
        "council-minutes": (seed, *ledger.spans["council-minutes"]),
    }


def test_an_edited_seed_is_caught_once_per_file(ledger_root: Path) -> None:
    path = ledger_root / SEED
    edited = path.read_bytes().replace(b"120,000", b"125,000")
    path.write_bytes(edited)
    findings, _ = run(ledger_root)
    # Both documents share the file; its hash is checked once, at the first one's sha256.
    assert places(findings) == {(MANIFEST, 0, 0, "seed-hash")}
    assert findings[0].pointer == ("documents", 0, "sha256")
    assert hashlib.sha256(edited).hexdigest() in findings[0].message
    assert SEED_SHA256 in findings[0].message


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../outside.txt", "no '..'"),
        ("sub/../harbour.txt", "no '..'"),
        ("./harbour.txt", "no '..'"),
        ("sub//harbour.txt", "no '..'"),
        ("/etc/passwd", "absolute path"),
        ("C:/seeds/harbour.txt", "absolute path"),
        ("sub\\harbour.txt", "absolute path"),
        ("harbour\0.txt", "NUL character"),  # (a traceback once: no system call takes it)
    ],
)
def test_a_seed_path_that_could_leave_seeds_is_refused(
    ledger_root: Path, name: str, reason: str
) -> None:
    edit_manifest(
        ledger_root,
        "file: harbour.txt\n    lines: {first: 8",
        f"file: {json.dumps(name)}\n    lines: {{first: 8",  # (JSON: YAML's double quotes)
    )
    findings, ledger = run(ledger_root)
    assert [(f.code, f.pointer) for f in findings] == [("unsafe-path", ("documents", 1, "file"))]
    assert reason in findings[0].message
    assert "council-minutes" not in ledger.spans
    assert "council-minutes" not in ledger.passages  # and so its claims are not anchored


def test_a_seed_in_a_subdirectory_of_seeds_is_fine(ledger_root: Path) -> None:
    (ledger_root / "seeds" / "sub").mkdir()
    os.replace(ledger_root / SEED, ledger_root / "seeds" / "sub" / "harbour.txt")
    text = (ledger_root / MANIFEST).read_text(encoding="utf-8")
    (ledger_root / MANIFEST).write_text(text.replace("file: harbour.txt", "file: sub/harbour.txt"))
    findings, ledger = run(ledger_root)
    assert findings == []
    assert set(ledger.spans) == {"courier-ferry", "council-minutes"}


def test_a_symlinked_seed_is_refused_even_inside_seeds(ledger_root: Path) -> None:
    (ledger_root / "seeds" / "alias.txt").symlink_to("harbour.txt")
    edit_manifest(
        ledger_root,
        "file: harbour.txt\n    lines: {first: 8",
        "file: alias.txt\n    lines: {first: 8",
    )
    findings, _ = run(ledger_root)
    assert [(f.code, f.pointer) for f in findings] == [("unsafe-path", ("documents", 1, "file"))]
    assert "symbolic link" in findings[0].message


def test_a_symlinked_directory_in_the_path_is_refused(ledger_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "harbour.txt").write_bytes((ledger_root / SEED).read_bytes())
    (ledger_root / "seeds" / "linked").symlink_to(outside)
    edit_manifest(
        ledger_root,
        "file: harbour.txt\n    lines: {first: 8",
        "file: linked/harbour.txt\n    lines: {first: 8",
    )
    findings, _ = run(ledger_root)
    assert [(f.code, f.pointer) for f in findings] == [("unsafe-path", ("documents", 1, "file"))]
    assert "symbolic link" in findings[0].message


def test_a_missing_seed(ledger_root: Path) -> None:
    edit_manifest(
        ledger_root,
        "file: harbour.txt\n    lines: {first: 8",
        "file: harbor.txt\n    lines: {first: 8",
    )
    findings, _ = run(ledger_root)
    assert [(f.code, f.pointer) for f in findings] == [("seed-missing", ("documents", 1, "file"))]
    assert "seeds/harbor.txt does not exist" in findings[0].message


# A seed that cannot be read is reported at each document that names it.
BOTH_FILES = [("documents", 0, "file"), ("documents", 1, "file")]


def test_a_seed_that_is_not_utf8(ledger_root: Path) -> None:
    (ledger_root / SEED).write_bytes("Märta\n".encode("latin-1"))
    findings, ledger = run(ledger_root)
    assert [(f.code, f.pointer) for f in findings] == [("unreadable", p) for p in BOTH_FILES]
    assert ledger.spans == {}


def test_a_seed_over_the_size_limit(ledger_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = (ledger_root / SEED).stat().st_size
    monkeypatch.setattr(seeds, "MAX_SEED_BYTES", size - 1)
    findings, _ = run(ledger_root)
    assert [(f.code, f.pointer) for f in findings] == [("file-too-large", p) for p in BOTH_FILES]
    monkeypatch.setattr(seeds, "MAX_SEED_BYTES", size)
    assert run(ledger_root)[0] == []


@pytest.mark.parametrize(
    ("span", "fine"),
    [
        ("{first: 8, last: 13}", True),  # the file's last line (13)
        ("{first: 8, last: 14}", False),  # one past it
        ("{first: 13, last: 13}", True),
        ("{first: 9, last: 8}", False),  # last before first
    ],
)
def test_a_span_past_the_end_of_the_file(ledger_root: Path, span: str, fine: bool) -> None:
    edit_manifest(ledger_root, "{first: 8, last: 13}", span)
    findings, ledger = run(ledger_root)
    if fine:
        assert findings == []
        return
    assert [(f.code, f.pointer) for f in findings] == [
        ("span-out-of-range", ("documents", 1, "lines"))
    ]
    assert "which has 13 lines" in findings[0].message
    assert "council-minutes" not in ledger.spans


@pytest.mark.parametrize(
    ("first_span", "overlap"),
    [
        ("{first: 1, last: 6}", False),
        ("{first: 1, last: 7}", False),  # ends on the line before council-minutes starts
        ("{first: 1, last: 8}", True),  # shares line 8
        ("{first: 9, last: 10}", True),  # inside it
    ],
)
def test_spans_in_one_file_must_not_overlap(
    ledger_root: Path, first_span: str, overlap: bool
) -> None:
    edit_manifest(ledger_root, "{first: 1, last: 6}", first_span)
    findings, _ = run(ledger_root)
    if not overlap:
        assert findings == []
        return
    assert [f.code for f in findings] == ["span-overlap"]
    assert "courier-ferry" in findings[0].message and "council-minutes" in findings[0].message


def test_the_overlap_is_reported_at_the_later_document(ledger_root: Path) -> None:
    edit_manifest(ledger_root, "{first: 1, last: 6}", "{first: 1, last: 8}")
    findings, _ = run(ledger_root)
    # Sorted by first line, council-minutes (from 8) comes second: document 1's lines.
    assert findings[0].pointer == ("documents", 1, "lines")


def test_equal_spans_in_different_files_do_not_overlap(ledger_root: Path) -> None:
    (ledger_root / "seeds" / "copy.txt").write_bytes((ledger_root / SEED).read_bytes())
    edit_manifest(
        ledger_root,
        "file: harbour.txt\n    lines: {first: 8, last: 13}",
        "file: copy.txt\n    lines: {first: 1, last: 6}",
    )
    findings, _ = run(ledger_root)
    assert findings == []
