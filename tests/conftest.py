"""Fixtures shared by the ledger-core tests: writable copies of the fixture ledgers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from helpers import build_ledger

# Property tests check laws, not speed: on a loaded machine the first example can take longer
# than hypothesis's default deadline of 200 ms, which would fail a test that holds.
settings.register_profile("ledger", deadline=None)
settings.load_profile("ledger")


@pytest.fixture
def ledger_root(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/valid, for tests that change or add files."""
    return build_ledger(tmp_path / "ledger")


@pytest.fixture
def overlaid(tmp_path: Path) -> Callable[..., Path]:
    """Build the valid ledger with overlays laid over it: overlaid(BROKEN / "schema", ...)."""
    count = 0

    def build(*overlays: Path) -> Path:
        nonlocal count
        count += 1
        return build_ledger(tmp_path / f"ledger-{count}", *overlays)

    return build
