"""The site's plan: made from claim records or from the loading's compact rows alike, and
sent back from the process that made it (records/apart.py has the sending itself)."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.publishing import plan as planning
from claims_ledger.publishing.plan import Plan, in_child
from claims_ledger.records.compact import row_of
from claims_ledger.records.models import Status
from helpers import generated


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory):
    return prepare(generated(tmp_path_factory.mktemp("plan") / "ledger", 600))


def _comparisons(plan: Plan, ids: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    return {
        claim_id: [(c.other, c.outcome, c.explanation) for c in plan.compared.of(claim_id)]
        for claim_id in ids
    }


def test_the_plan_of_compact_rows_is_the_plan_of_the_records(ledger):
    rows = replace(ledger, claims={c: row_of(m) for c, m in ledger.claims.items()})
    whole, compact = Plan.of(ledger), Plan.of(rows)
    assert compact.rows == whole.rows
    assert compact.report.entries == whole.report.entries
    ids = sorted(ledger.claims)
    compared = _comparisons(whole, ids)
    assert sum(map(len, compared.values())) > 0  # the ledger has claims on one fact
    assert _comparisons(compact, ids) == compared


def test_the_loading_process_reads_the_rows_of_a_path_it_is_given(tmp_path: Path):
    root = generated(tmp_path / "ledger", 120)
    ledger, plan = in_child(planning._planned, lambda: prepare(root, jobs=2, rows=True))
    assert not ledger.claims and len(plan.rows) == len(prepare(root).claims)


def test_rows_come_back_from_the_child_field_for_field():
    """They are sent as their class's arguments: a field added, dropped or reordered
    without the reducer following would come back wrong, or not at all."""
    row = planning.Row("doc/a", "doc", "<said>", Status.disputed, "5 km")
    back_row = in_child(lambda: row)
    assert back_row == row
    assert [getattr(back_row, f.name) for f in fields(planning.Row)] == [
        "doc/a",
        "doc",
        "<said>",
        Status.disputed,
        "5 km",
    ]
