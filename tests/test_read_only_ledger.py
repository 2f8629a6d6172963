"""The ledger `prepare` returns is not changed afterwards: the report, the views of `claims
show`, the site's data and the exports read it; what a run works out lives apart from it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from claims_ledger.checking.validation import place, prepare
from claims_ledger.comparing.report import build_report
from claims_ledger.findings import Finding
from claims_ledger.output.showing import claim_view
from claims_ledger.publishing.export import export
from claims_ledger.publishing.options import SiteOptions

REPO = Path(__file__).resolve().parents[1]


def snapshot(ledger: Any) -> dict[str, Any]:
    """Every field's value, copied one level down: a changed, added or removed item shows."""
    taken = {}
    for field in dataclasses.fields(ledger):
        value = getattr(ledger, field.name)
        if isinstance(value, dict):
            value = dict(value)
        elif isinstance(value, list):
            value = list(value)
        taken[field.name] = value
    return taken


def test_reading_the_bundled_ledger_changes_nothing_in_it(tmp_path: Path) -> None:
    ledger = prepare(REPO)
    before = snapshot(ledger)
    report = build_report(ledger)
    assert report.entries  # the bundled ledger's report is not empty
    rel = ledger.claim_file["spartak-no-one-safe/sapozhnikov-joined-circle-2019"]
    (placed,) = place(
        ledger, [Finding("test", "placed from the file's text", rel, pointer=("status",))]
    )
    assert placed.line > 1  # its text was read to place it
    claim_view(ledger, "spartak-no-one-safe/sapozhnikov-joined-circle-2019")
    for fmt in ("jsonl", "sqlite"):
        export(ledger, fmt, tmp_path / f"ledger.{fmt}", SiteOptions())
    assert snapshot(ledger) == before
