"""schemas: the committed JSON Schemas are current, and schema errors become plain findings."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from claims_ledger.reading.yamlparse import parse
from claims_ledger.records.schemas import (
    SCHEMA_FILES,
    generate,
    schema_findings,
    stale_files,
    validator,
    write_all,
)
from helpers import REPO, VALID, invoke


def test_the_committed_schemas_are_current() -> None:
    """What `claims schemas --check` checks: schemas/ is what the models generate."""
    assert stale_files(REPO / "schemas") == []
    assert sorted(p.name for p in (REPO / "schemas").glob("*.schema.json")) == sorted(
        SCHEMA_FILES.values()
    )


def test_schemas_check_passes_on_the_repository() -> None:
    result = invoke("schemas", "--check", "--root", REPO)
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_stale_or_missing_schema_is_named(tmp_path: Path) -> None:
    directory = tmp_path / "schemas"
    write_all(directory)
    assert stale_files(directory) == []
    claim = directory / "claim.schema.json"
    claim.write_text(claim.read_text(encoding="utf-8").replace("Statement", "Statment"))
    (directory / "entities.schema.json").unlink()
    assert stale_files(directory) == ["claim.schema.json", "entities.schema.json"]


def test_schemas_check_fails_on_a_stale_schema_and_writing_fixes_it(tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "documents.yaml").write_text("documents: []\n")
    result = invoke("schemas", "--check", "--root", root)
    assert result.exit_code == 1
    assert "schemas/claim.schema.json: stale" in result.stdout
    assert not (root / "schemas").exists()  # --check writes nothing
    assert invoke("schemas", "--root", root).exit_code == 0
    assert invoke("schemas", "--check", "--root", root).exit_code == 0


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_each_schema_is_draft_2020_12_with_its_own_id(kind: str) -> None:
    schema = generate(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/" + SCHEMA_FILES[kind])
    committed = json.loads((REPO / "schemas" / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    assert committed == schema


@pytest.mark.parametrize(
    ("kind", "rel"),
    [
        ("documents", "seeds/documents.yaml"),
        ("entities", "claims/entities.yaml"),
        ("properties", "claims/properties.yaml"),
        ("claim", "claims/courier-ferry/company-founded.yaml"),
        ("claim", "claims/council-minutes/lindqvist-age.yaml"),
    ],
)
def test_the_valid_fixture_files_match_their_schemas(kind: str, rel: str) -> None:
    data = parse((VALID / rel).read_text(encoding="utf-8"))
    assert schema_findings(kind, data, rel) == []


CLAIM: dict[str, Any] = {
    "id": "courier-ferry/company-founded",
    "statement": "The Saltvik ferry company was founded in 1998.",
    "subject": "saltvik-ferry-company",
    "property": "founded",
    "value": {"date": "1998"},
    "source": {"document": "courier-ferry", "quote": "was founded in 1998"},
}


def claim_with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(CLAIM)
    target = data
    for step in path[:-1]:
        target = target.setdefault(step, {})
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


DELETE = object()

# (where, what is written there, the pointer of the finding, words its message must hold)
MESSAGES: list[tuple[tuple[Any, ...], Any, tuple[Any, ...], list[str]]] = [
    # 3.10 unquoted is the float 3.1: the message must say to quote it
    (("statement",), 3.1, ("statement",), ["quote this value", "number 3.1"]),
    (("value",), {"text": 3.1}, ("value", "text"), ["quote this value", "number 3.1"]),
    # a key that may also be null: the string branch explains, not "any of the given schemas"
    (("attributed_to",), 3.1, ("attributed_to",), ["quote this value", "number 3.1"]),
    (("note",), 2019, ("note",), ["quote this value"]),
    (("object",), "Saltvik", ("object",), ['"Saltvik" is not in the expected form']),
    (("value", "date"), 1998, ("value", "date"), ["quote this value"]),
    (("status",), "confirmed", ("status",), ["not one of", "unverified", "verified"]),
    (("statement",), DELETE, (), ["required key 'statement' is missing"]),
    (("source", "quote"), DELETE, ("source",), ["required key 'quote' is missing"]),
    # an unknown key points at itself, and the message lists what is allowed
    (("statment",), "x", ("statment",), ["unknown key 'statment'", "allowed keys are"]),
    (("source", "page"), 3, ("source", "page"), ["unknown key 'page'", "document, prefix"]),
    (("value",), {"when": "1998"}, ("value",), ["needs exactly one type key"]),
    (
        ("value",),
        {"date": "1998", "text": "x"},
        ("value",),
        ["more than one type key (date, text)"],
    ),
    (("value",), "1998", ("value",), ['must be a mapping with one type key, such as date: "2019"']),
    # the value's type key picks which of the eight value schemas explains the error
    (("value",), {"quantity": 40}, ("value",), ["required key 'unit' is missing"]),
    (("value",), {"money": 5, "currency": "rub"}, ("value", "currency"), ["ISO 4217"]),
    (("value",), {"age": 200}, ("value", "age"), ["out of range"]),
    (("statement",), "", ("statement",), ["must not be empty"]),
    (("id",), "Courier/Founded", ("id",), ["<document-id>/<slug>"]),
]


@pytest.mark.parametrize(("path", "written", "pointer", "words"), MESSAGES)
def test_a_schema_error_says_what_to_do(
    path: tuple[Any, ...], written: Any, pointer: tuple[Any, ...], words: list[str]
) -> None:
    findings = schema_findings("claim", claim_with(path, written), "claims/x.yaml")
    assert len(findings) == 1, [f.message for f in findings]
    finding = findings[0]
    assert (finding.code, finding.file, finding.pointer) == ("schema", "claims/x.yaml", pointer)
    for word in words:
        assert word in finding.message


def test_the_valid_claim_has_no_schema_findings() -> None:
    assert schema_findings("claim", CLAIM, "claims/x.yaml") == []


def test_every_schema_error_of_a_file_is_reported() -> None:
    data = claim_with(("statement",), DELETE)
    data["status"] = "confirmed"
    data["tags"] = [3.1, "ok", "Not A Slug"]
    data["extra"] = True
    findings = schema_findings("claim", data, "claims/x.yaml")
    assert sorted(f.pointer for f in findings) == sorted(
        [(), ("status",), ("tags", 0), ("tags", 2), ("extra",)]
    )


def test_a_file_that_is_not_a_mapping() -> None:
    findings = schema_findings("claim", ["a", "list"], "claims/x.yaml")
    assert [(f.pointer, f.message) for f in findings] == [
        ((), 'the file: expected object, got ["a", "list"]')
    ]


def test_validators_are_compiled_once() -> None:
    assert validator("claim") is validator("claim")
