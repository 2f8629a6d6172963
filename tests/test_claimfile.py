"""A new claim's file: created with O_EXCL, never over another, never left half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims_ledger.authoring import claimfile
from claims_ledger.authoring.claimfile import create
from claims_ledger.authoring.new import load_for_authoring, plan, write
from claims_ledger.errors import LedgerError
from workflow_draft import TODAY, WORKFLOW, members


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(WORKFLOW, tmp_path / "ledger"))


def test_an_existing_file_is_refused_and_left_as_it_was(root: Path) -> None:
    new = plan(load_for_authoring(root), members(slug="pickers-wage"), None, TODAY)
    path = root / "claims/orchard-at-fifty/pickers-wage.yaml"
    before = path.read_bytes()
    with pytest.raises(LedgerError, match="already exists and was left as it is"):
        write(root, new)
    assert path.read_bytes() == before


def test_a_failure_while_writing_leaves_no_partial_file(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = plan(load_for_authoring(root), members(), None, TODAY)

    def fail(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(claimfile.os, "fsync", fail)
    with pytest.raises(OSError):
        write(root, new)
    assert not (root / new.rel).exists()
    monkeypatch.undo()
    assert write(root, new).read_text(encoding="utf-8") == new.text


def test_a_symbolic_link_for_the_document_directory_is_refused(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(root / "claims/letter-vell")
    (root / "claims/letter-vell").symlink_to(elsewhere)
    with pytest.raises(LedgerError, match="symbolic link"):
        create(root, "claims/letter-vell/members.yaml", "id: x\n")
    assert list(elsewhere.iterdir()) == []
