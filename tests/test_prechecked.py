"""prechecked: the validator for data jsonschema-rs passed builds what the model builds, and
matches with Rust's engine only the patterns that engine matches as Python's does."""

from __future__ import annotations

import copy
from typing import Annotated, Any

import pytest
from pydantic import Field, ValidationError

from claims_ledger.reading.yamlparse import parse
from claims_ledger.records.loading import load_text
from claims_ledger.records.models import CLAIM_ID, ISO_DATE, LANGUAGE, SLUG, WEB_URL, Claim
from claims_ledger.records.prechecked import neutral, prechecked_validator
from claims_ledger.records.schemas import schema_passes
from claims_ledger.records.valuetypes.duration import ISO_DURATION
from claims_ledger.records.valuetypes.record import Record
from helpers import REPO, VALID

FOUNDED = VALID / "claims/courier-ferry/company-founded.yaml"
# A claim of the valid ledger, with both kinds of evidence.
CLAIM = parse(FOUNDED.read_text(encoding="utf-8"))
CLAIM["review"][0]["evidence"] = [
    {
        "url": "https://example.org/page",
        "title": "A page",
        "publisher": "Example",
        "consulted": "2024-03-10",
        "excerpt": "was founded in 1998",
        "stance": "supports",
    },
    {"claim": "courier-ferry/company-founder", "stance": "supports"},
]


def _claim(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(CLAIM)
    data.update(changes)
    return data


def _outcome(validate: Any, data: Any) -> tuple[Any, ...]:
    """What building a record gives: the record, its fields set and its dump, or the errors."""
    try:
        record = validate(data)
    except ValidationError as error:
        return ("error", error.errors(include_url=False, include_context=False))
    return ("record", type(record), record, record.model_fields_set, record.model_dump())


@pytest.mark.parametrize("pattern", [SLUG, CLAIM_ID, ISO_DATE, LANGUAGE, r"^[A-Z]{3}$", "^(a|b)$"])
def test_plain_patterns_are_neutral(pattern: str) -> None:
    assert neutral(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        WEB_URL,
        ISO_DURATION,
        r"^[^\n\r]+$",
        r"^\w+$",
        r"(?i)^a$",
        r"^a(?=b)",
        r"^(?P<x>a)$",
        "[[:alpha:]]",
        "^[a--b]$",
        "a{,3}",
        3,
    ],
)
def test_patterns_read_otherwise_by_either_engine_are_not(pattern: Any) -> None:
    assert not neutral(pattern)


def test_every_claim_of_the_ledgers_is_built_alike() -> None:
    prechecked = prechecked_validator(Claim).validate_python
    own = Claim.__pydantic_validator__.validate_python
    seen = 0
    for root in (REPO, VALID):
        for path in sorted((root / "claims").rglob("*.yaml")):
            if path.name in ("entities.yaml", "properties.yaml"):
                continue
            data = parse(path.read_text(encoding="utf-8"))
            if schema_passes("claim", data):
                seen += 1
                assert _outcome(prechecked, data) == _outcome(own, data), path
    assert seen > 20


@pytest.mark.parametrize(
    "data",
    [
        _claim(),
        _claim(breakdown="complete"),  # a model validator's own error
        _claim(qualifiers={"Role": "chair"}),
        _claim(value={"duration": "P6Y"}),
        _claim(value={"duration": "PT"}),  # the lookahead refuses it
        _claim(status="refuted", object=None, part_of="courier-ferry/whole"),
    ],
)
def test_records_and_errors_are_the_model_s(data: dict[str, Any]) -> None:
    prechecked = prechecked_validator(Claim).validate_python
    assert _outcome(prechecked, data) == _outcome(
        Claim.__pydantic_validator__.validate_python, data
    )


def test_an_address_keeps_python_s_whitespace() -> None:
    """Python's \\s takes the separators U+001C to U+001F, Rust's does not: the model of an
    address keeps Python's engine, so an address holding one is refused by both."""
    data = _claim()
    data["review"][0]["evidence"][0]["url"] = "https://exa\x1cmple.org/page"
    own = _outcome(Claim.__pydantic_validator__.validate_python, data)
    assert own[0] == "error"
    assert _outcome(prechecked_validator(Claim).validate_python, data) == own


class Box(Record):
    """A model of its own, built again here (not the registry's: rebuilding those replaces
    classes other modules hold)."""

    label: Annotated[str, Field(pattern=r"^[a-z]+$")]


def test_a_model_built_again_gets_a_validator_of_its_own() -> None:
    before = prechecked_validator(Box)
    assert prechecked_validator(Box) is before
    Box.model_rebuild(force=True)
    after = prechecked_validator(Box)
    assert after is not before
    assert prechecked_validator(Box) is after
    assert after.validate_python({"label": "abc"}) == Box(label="abc")
    if after is Box.__pydantic_validator__:  # a pydantic-core that cannot build it anew
        assert after.validate_python({"label": "abc\n"}) == Box(label="abc\n")  # Python's `$`
        return
    with pytest.raises(ValidationError):
        after.validate_python({"label": "abc\n"})  # Rust's `$`: the end of the text only


def _file(subject: str) -> str:
    """The claim file with another subject."""
    text = FOUNDED.read_text(encoding="utf-8")
    return text.replace("subject: saltvik-ferry-company\n", f"subject: {subject}\n", 1)


def test_a_slug_jsonschema_rs_refuses_is_judged_by_python_s_engine_as_before() -> None:
    """A final line break: jsonschema-rs refuses it, python-jsonschema and the model (both
    with Python's `$`) take it, and the file loads as it did; Rust's `$` would refuse it."""
    result = load_text("claims/x.yaml", _file('"saltvik\\n"'), "claim")
    assert result.findings == ()
    assert result.record.subject == "saltvik\n"


def test_a_slug_both_refuse_is_a_schema_finding() -> None:
    result = load_text("claims/x.yaml", _file("Saltvik"), "claim")
    assert result.record is None
    assert [finding.code for finding in result.findings] == ["schema"]
