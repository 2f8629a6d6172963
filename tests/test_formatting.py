"""claims fmt on files: canonical on disk, nothing lost when a file cannot be written."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from claims_ledger.authoring import formatting
from claims_ledger.authoring.canonical import FormatProblem, format_text, kind_of, schema_ref
from claims_ledger.authoring.formatting import format_file, ledger_files, replace_file
from claims_ledger.errors import LedgerError

WORKFLOW = Path(__file__).parent / "fixtures" / "workflow"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return Path(shutil.copytree(WORKFLOW, tmp_path / "ledger"))


def test_every_fixture_file_is_already_canonical(ledger: Path) -> None:
    for rel in ledger_files(ledger):
        text = (ledger / rel).read_text(encoding="utf-8")
        kind = kind_of(rel)
        assert kind is not None
        assert format_text(text, kind, schema_ref(rel, kind)) == text, rel


def test_a_file_that_does_not_parse_is_reported_and_left_byte_identical(ledger: Path) -> None:
    path = ledger / "claims/letter-vell/pickers-wage.yaml"
    broken = b"id: letter-vell/pickers-wage\nstatement: [unclosed\nstatus: unverified\n"
    path.write_bytes(broken)
    for check in (True, False):
        result = format_file(ledger, "claims/letter-vell/pickers-wage.yaml", check=check)
        assert not result.changed
        assert result.problem is not None
        assert result.problem.code == "yaml-syntax"
        assert result.problem.line == 3  # the parser notices the missing "]" at the next key
        assert path.read_bytes() == broken


def test_duplicate_keys_are_reported_not_merged(ledger: Path) -> None:
    path = ledger / "claims/letter-vell/pickers-wage.yaml"
    text = path.read_text(encoding="utf-8") + "status: verified\n"
    path.write_text(text, encoding="utf-8")
    result = format_file(ledger, "claims/letter-vell/pickers-wage.yaml")
    assert result.problem is not None and result.problem.code == "yaml-duplicate-key"
    assert path.read_text(encoding="utf-8") == text


def test_a_failure_while_writing_leaves_the_original_intact(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rel = "claims/letter-vell/pickers-wage.yaml"
    path = ledger / rel
    original = path.read_bytes().replace(b'- date: "2026-11-23"', b"- date: 2026-11-23")
    path.write_bytes(original)
    assert format_file(ledger, rel, check=True).changed

    def fail(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(formatting.os, "fsync", fail)
    result = format_file(ledger, rel)
    assert result.problem is not None and result.problem.code == "unwritable"
    assert path.read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "charter-dated-1975.yaml",
        "pickers-wage.yaml",
    ]


def test_a_file_edited_while_formatting_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "claim.yaml"
    path.write_bytes(b"edited meanwhile\n")
    with pytest.raises(FormatProblem):
        replace_file(path, b"new\n", original=b"what was read\n")
    assert path.read_bytes() == b"edited meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claim.yaml"]


def test_a_rewrite_keeps_the_file_mode(ledger: Path) -> None:
    rel = "claims/letter-vell/pickers-wage.yaml"
    path = ledger / rel
    path.write_text(
        path.read_text(encoding="utf-8").replace('  - date: "2026-11-23"', "  - date: 2026-11-23")
    )
    os.chmod(path, 0o640)
    result = format_file(ledger, rel)
    assert result.changed and result.problem is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert format_file(ledger, rel, check=True).changed is False


def test_ledger_files_are_every_claim_and_the_three_vocabulary_files(ledger: Path) -> None:
    every = ledger_files(ledger)
    assert every == [
        "claims/entities.yaml",
        "claims/letter-vell/charter-dated-1975.yaml",
        "claims/letter-vell/pickers-wage.yaml",
        "claims/orchard-at-fifty/cooperative-founded.yaml",
        "claims/orchard-at-fifty/founded-by-maranta.yaml",
        "claims/orchard-at-fifty/founded-by-neighbours.yaml",
        "claims/orchard-at-fifty/pickers-wage.yaml",
        "claims/orchard-at-fifty/pressers-wage.yaml",
        "claims/properties.yaml",
        "seeds/documents.yaml",
    ]
    assert ledger_files(ledger, [ledger / "claims/letter-vell"]) == every[1:3]
    assert ledger_files(ledger, [ledger / "seeds"]) == ["seeds/documents.yaml"]
    with pytest.raises(LedgerError, match="not a ledger file"):
        ledger_files(ledger, [ledger / "seeds/orchard.txt"])
    with pytest.raises(LedgerError, match="outside the ledger"):
        ledger_files(ledger, [ledger.parent])
