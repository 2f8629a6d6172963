"""The models: what the records accept and refuse beyond what the schema alone says."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from claims_ledger.checking.validation import validate
from claims_ledger.records.models import Claim
from helpers import build_ledger


def claim(value: dict[str, object]) -> dict[str, object]:
    return {
        "id": "doc/slug",
        "statement": "A fact.",
        "subject": "someone",
        "property": "count",
        "value": value,
        "source": {"document": "doc", "quote": "a quote"},
    }


@pytest.mark.parametrize("amount", [math.nan, math.inf, -math.inf])
def test_a_quantity_must_be_a_finite_number(amount: float) -> None:
    # NaN and infinity would make the JSON output invalid and every comparison meaningless.
    with pytest.raises(ValidationError):
        Claim.model_validate(claim({"quantity": amount, "unit": "person"}))


def test_a_finite_quantity_is_accepted() -> None:
    parsed = Claim.model_validate(claim({"quantity": 1040, "unit": "person", "bound": "more-than"}))
    assert parsed.value.quantity == 1040  # type: ignore[union-attr]


def test_nan_in_a_claim_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    target = next((root / "claims").glob("*/*.yaml"))
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Replace the value block with a NaN quantity, keeping the rest of the record intact.
    start = next(i for i, line in enumerate(lines) if line.startswith("value:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    lines[start:end] = ["value:", "  quantity: .nan", "  unit: person"]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, findings = validate(root)
    rel = target.relative_to(root).as_posix()
    assert any(f.file == rel and f.code == "schema" for f in findings)


def test_an_omitted_list_or_mapping_is_a_new_empty_one_each_record() -> None:
    # the defaults are made by list() and dict(), not copied: no two records share one
    first = Claim.model_validate(claim({"quantity": 1, "unit": "person"}))
    second = Claim.model_validate(
        {
            **claim({"quantity": 2, "unit": "person"}),
            "review": [{"date": "2026-01-02", "status": "unverified", "note": "Read."}],
        }
    )
    assert first.review == [] and first.tags == [] and first.qualifiers == {}
    assert first.review is not Claim.model_validate(claim({"quantity": 1, "unit": "p"})).review
    assert first.qualifiers is not second.qualifiers and first.tags is not second.tags
    assert second.review[0].searched == [] and second.review[0].evidence == []
    assert "review" not in first.model_fields_set  # still a default, not a given value


def test_the_schema_still_gives_each_empty_default() -> None:
    schema = Claim.model_json_schema()
    assert schema["properties"]["qualifiers"]["default"] == {}
    assert schema["properties"]["review"]["default"] == []
    assert schema["properties"]["tags"]["default"] == []
    review = schema["$defs"]["Review"]["properties"]
    assert review["searched"]["default"] == [] and review["evidence"]["default"] == []
