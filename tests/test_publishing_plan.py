"""The site's plan: made from claim records or from the loading's compact rows alike; and
work handed to a forked process, its result or its failure coming back."""

from __future__ import annotations

import os
from dataclasses import fields, replace
from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.errors import LedgerError
from claims_ledger.publishing import plan as planning
from claims_ledger.publishing.plan import Plan, in_child
from claims_ledger.reading.anchoring import Anchor
from claims_ledger.records import models
from claims_ledger.records.compact import row_of
from claims_ledger.records.models import Status
from claims_ledger.records.valuetypes import registered
from helpers import generated
from test_value_type_registry import Distance


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


def _other_process() -> int:
    return os.getpid()


def _fails() -> None:
    raise LedgerError("no such thing")


def _crashes() -> None:
    os._exit(3)


def test_work_in_a_child_runs_elsewhere_and_sends_its_result_back():
    assert in_child(_other_process) != os.getpid()
    assert in_child(sorted, [3, 1, 2]) == [1, 2, 3]


def test_an_exception_in_the_child_is_raised_here():
    with pytest.raises(LedgerError, match="no such thing"):
        in_child(_fails)


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(LedgerError, match="the process loading the ledger failed"):
        in_child(_crashes)


def test_work_that_cannot_be_sent_back_is_an_error(capfd):
    with pytest.raises(LedgerError, match="the process loading the ledger failed"):
        in_child(lambda: lambda: None)  # a lambda does not pickle
    assert "pickle" in capfd.readouterr().err.lower()


def test_the_loading_process_reads_the_rows_of_a_path_it_is_given(tmp_path: Path):
    root = generated(tmp_path / "ledger", 120)
    ledger, plan = in_child(planning._planned, lambda: prepare(root, jobs=2, rows=True))
    assert not ledger.claims and len(plan.rows) == len(prepare(root).claims)


def test_rows_and_anchors_come_back_from_the_child_field_for_field():
    """They are sent as their class's arguments: a field added, dropped or reordered
    without the reducer following would come back wrong, or not at all."""
    row = planning.Row("doc/a", "doc", "<said>", Status.disputed, "5 km")
    found = Anchor(start=3, end=9, line=2, column=4)
    back_row, back_found = in_child(lambda: (row, found))
    assert back_row == row and back_found == found
    assert [getattr(back_row, f.name) for f in fields(planning.Row)] == [
        "doc/a",
        "doc",
        "<said>",
        Status.disputed,
        "5 km",
    ]
    assert (back_found.start, back_found.end, back_found.line, back_found.column) == (3, 9, 2, 4)


def test_a_property_value_type_is_sent_after_the_registry_changed():
    """The registry's enum is made anew when a value type is added or removed: the child
    sends the members of the one in use, not of the one the module saw when imported."""
    with registered(Distance()):
        pass
    kind = models.ValueType("date")
    assert in_child(lambda: kind) is kind
