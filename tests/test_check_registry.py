"""A check is its module plus one registry line: a toy check, registered through the registry
alone, is run by the engine and its finding reported at its place."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims_ledger import checks
from claims_ledger.checks import Check, Scope
from claims_ledger.findings import Finding
from claims_ledger.loading import Ledger
from helpers import invoke

TARGET = "courier-ferry/company-founded"


def toy(ledger: Ledger) -> Iterator[Finding]:
    """Flags one claim's status, wherever it is checked."""
    for claim_id in ledger.claims:
        if claim_id == TARGET:
            yield Finding(
                "status-mismatch",
                "toy check",
                ledger.claim_file[claim_id],
                claims=(claim_id,),
                pointer=("status",),
            )


@pytest.mark.parametrize("extra", [[], ["--no-cache"], ["--jobs", "2"]])
def test_a_registered_check_runs_end_to_end(
    ledger_root: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    monkeypatch.setattr(checks, "REGISTRY", (*checks.REGISTRY, Check(toy, Scope.CLAIM)))
    result = invoke("validate", "--format", "json", "--root", ledger_root, *extra)
    rel = f"claims/{TARGET}.yaml"
    lines = (ledger_root / rel).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("status:"))
    found = [
        (f["file"], f["line"], f["column"])
        for f in json.loads(result.output)
        if f["message"] == "toy check"
    ]
    assert found == [(rel, line, len("status: ") + 1)]


def test_the_registry_is_restored_afterwards() -> None:
    assert all(check.run is not toy for check in checks.REGISTRY)
