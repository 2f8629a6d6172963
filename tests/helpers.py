"""Shared test helpers: fixture ledgers on disk, and findings reduced to what tests assert."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from click.testing import CliRunner, Result

from claims_ledger.cli import main
from claims_ledger.findings import Finding

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
HOSTILE = FIXTURES / "hostile"

# The seed of the valid fixture ledger, and the sha256 its manifest records.
SEED = "seeds/harbour.txt"
SEED_SHA256 = "715c9668a5695186d06685ea0e5a669d020161e645b75ba4e43ee8f95807bda3"

Place = tuple[str, int, int, str]  # file, line, column, code


def build_ledger(dest: Path, *overlays: Path) -> Path:
    """A copy of the valid fixture ledger at dest, with each overlay's files laid over it."""
    shutil.copytree(VALID, dest)
    for overlay in overlays:
        shutil.copytree(overlay, dest, dirs_exist_ok=True)
    return dest


def places(findings: Iterable[Finding]) -> set[Place]:
    """Where each finding points and what it says, without the wording of its message."""
    return {(f.file, f.line, f.column, f.code) for f in findings}


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run the `claims` CLI in-process; GITHUB_ACTIONS is unset unless env sets it."""
    runner = CliRunner()
    environment = {"GITHUB_ACTIONS": None, **(env or {})}
    return runner.invoke(main, [str(a) for a in args], env=environment, catch_exceptions=False)
