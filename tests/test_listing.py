"""listing: a claim as the flat row `claims list --format json` publishes, and the filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.records.listing import claim_row, select_claims
from claims_ledger.records.loading import Ledger
from helpers import SEED, VALID

SEED_TEXT = (VALID / SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return prepare(VALID)


def test_a_row_has_every_published_field(ledger: Ledger) -> None:
    row = claim_row(ledger, "courier-ferry/company-employees")
    assert row == {
        "id": "courier-ferry/company-employees",
        "document": "courier-ferry",
        "record": "claims/courier-ferry/company-employees.yaml",
        "file": "seeds/harbour.txt",
        "line": 5,
        "start": row["start"],  # checked against the seed below
        "end": row["end"],
        "quote": "It employs about 40 people.",
        "statement": "The Saltvik ferry company employs about 40 people.",
        "subject": "saltvik-ferry-company",
        "property": "employees",
        "object": None,
        "qualifiers": {"site": "saltvik"},
        "value": {"quantity": 40, "unit": "person", "bound": "about"},
        "attributed_to": None,
        "status": "unverified",
        "tags": [],
    }
    assert SEED_TEXT[row["start"] : row["end"]] == row["quote"]


def test_offsets_are_code_points_of_the_seed_file(ledger: Ledger) -> None:
    # Seed lines 1-3 are 28 + 1, 38 + 1 and 0 + 1 characters: line 4 starts at offset 69.
    # "The Saltvik ferry company was founded in 1998 by Märta Lindqvist, " is 66 characters
    # (ä one code point, though two UTF-8 bytes), so the quote starts at 69 + 66 = 135.
    row = claim_row(ledger, "courier-ferry/company-founder")
    assert (row["line"], row["start"], row["end"]) == (4, 135, 135 + len("who still runs it"))
    assert SEED_TEXT[135:152] == "who still runs it"
    assert SEED_TEXT.encode("utf-8")[136:139] == b"who"  # in bytes it would be 136


def test_every_row_slices_its_quote_out_of_the_seed(ledger: Ledger) -> None:
    for claim_id in ledger.claims:
        row = claim_row(ledger, claim_id)
        assert SEED_TEXT[row["start"] : row["end"]] == row["quote"], claim_id
        assert SEED_TEXT.count("\n", 0, row["start"]) + 1 == row["line"]


def test_a_suffix_picks_the_second_occurrence(ledger: Ledger) -> None:
    # "The ferry company" opens seed line 12 and comes again after "a new pier. " (40
    # characters); the suffix " was told to wait" picks the second.
    row = claim_row(ledger, "council-minutes/pier-request")
    line_12 = SEED_TEXT.split("\n")[11]
    assert row["line"] == 12
    assert row["start"] - SEED_TEXT.index(line_12) == 40
    assert row["object"] == "saltvik-council"
    assert row["value"] == {"text": "a new pier"}


def test_an_unanchored_claim_has_no_offsets(ledger_root: Path) -> None:
    path = ledger_root / "claims" / "courier-ferry" / "company-founder.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("still runs", "still owns"))
    row = claim_row(prepare(ledger_root), "courier-ferry/company-founder")
    assert (row["line"], row["start"], row["end"]) == (None, None, None)
    assert row["quote"] == "who still owns it"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 5),
        ({"document": "council-minutes"}, 2),
        ({"status": "verified"}, 1),
        ({"subject": "marta-lindqvist"}, 1),
        ({"prop": "founded"}, 1),
        ({"tag": "ferry"}, 1),
        ({"document": "courier-ferry", "subject": "saltvik-ferry-company"}, 3),
        ({"document": "courier-ferry", "status": "verified"}, 0),
        ({"document": "no-such-document"}, 0),
    ],
)
def test_select_claims_applies_every_filter(
    ledger: Ledger, filters: dict[str, str], expected: int
) -> None:
    chosen = select_claims(ledger, **filters)
    assert len(chosen) == expected
    assert chosen == sorted(chosen)
