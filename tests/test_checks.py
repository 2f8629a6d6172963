"""checks: the registry, each check's near misses, and every problem of one claim reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims_ledger.checking.checks import CHECKS, duplicates, run_checks
from claims_ledger.checking.validation import prepare, validate
from claims_ledger.findings import CODES
from claims_ledger.records.grouping import key_of
from claims_ledger.records.models import Claim
from helpers import places

REL = "claims/courier-ferry/extra.yaml"

# A claim that passes every check; each test below changes one or more lines of it.
BASE = """\
id: courier-ferry/extra
statement: The Saltvik ferry company was founded in 1998.
subject: saltvik-ferry-company
property: founded
value:
  date: "1998"
source:
  document: courier-ferry
  quote: "was founded in 1998"
status: unverified
"""


SOURCE = (
    '{url: "https://trade.example/saltvik", title: Saltvik ferries, publisher: Trade register, '
    'consulted: "2024-03-12", excerpt: "founded 1998", stance: supports}'
)
CITED = "{claim: courier-ferry/company-founded, stance: supports}"
EVIDENCE = {
    "": "",
    "SOURCE": SOURCE,
    "AGAINST": SOURCE.replace("supports", "contradicts"),
    "CITED": CITED,
    "CITED_AGAINST": CITED.replace("supports", "contradicts"),
}


def claim_findings(root: Path, text: str) -> set[tuple[str, int, int, str]]:
    (root / REL).write_text(text, encoding="utf-8")
    _, findings = validate(root)
    return places(findings)


def test_every_check_has_codes_known_to_findings_and_user_docs() -> None:
    for module in CHECKS:
        assert set(module.CODES) <= set(CODES), module.__name__
        assert "Passing:" in (module.__doc__ or ""), module.__name__
        assert "Failing:" in (module.__doc__ or ""), module.__name__


def test_no_two_checks_claim_one_code() -> None:
    codes = [code for module in CHECKS for code in module.CODES]
    assert len(codes) == len(set(codes))


def test_the_base_claim_passes(ledger_root: Path) -> None:
    assert claim_findings(ledger_root, BASE) == set()


def test_run_checks_on_the_valid_ledger_finds_nothing(ledger_root: Path) -> None:
    assert run_checks(prepare(ledger_root)) == []


def test_one_claim_with_many_problems_reports_each(ledger_root: Path) -> None:
    text = (
        BASE.replace("subject: saltvik-ferry-company", "subject: saltvik-ferries")
        .replace("property: founded", "property: founded-on\nobject: saltvik-counsil")
        .replace("status: unverified", "status: refuted")
        + "review:\n  - date: '2024-03-12'\n    status: unverified\n    note: Recorded.\n"
    )
    # line 3 subject, line 4 property, line 5 object, line 11 status (twice: no evidence for
    # refuted, and the last review says unverified). value-type is not judged against a
    # property that does not exist.
    assert claim_findings(ledger_root, text) == {
        (REL, 3, 10, "unknown-entity"),
        (REL, 4, 11, "unknown-property"),
        (REL, 5, 9, "unknown-entity"),
        (REL, 11, 9, "missing-evidence"),
        (REL, 11, 9, "status-mismatch"),
    }


@pytest.mark.parametrize(
    ("status", "evidence", "expected"),
    [
        ("verified", "SOURCE", set()),
        ("verified", "CITED", {(REL, 10, 9, "no-supporting-source")}),
        ("refuted", "AGAINST", set()),
        ("refuted", "SOURCE", {(REL, 10, 9, "no-contradicting-source")}),
        # the cited claim is unverified: `    evidence: [{claim: ` is 23 characters
        ("refuted", "CITED_AGAINST", {(REL, 15, 24, "refuting-claim-unverified")}),
        ("refuted", "", {(REL, 10, 9, "missing-evidence")}),  # status is line 10
        # disputed needs no evidence; unverifiable needs `searched:` instead
        ("disputed", "", set()),
        ("unverifiable", "", {(REL, 10, 9, "unverifiable-unsearched")}),
    ],
)
def test_evidence_is_needed_for_verified_and_refuted_only(
    ledger_root: Path, status: str, evidence: str, expected: set[tuple[str, int, int, str]]
) -> None:
    text = BASE.replace("status: unverified", f"status: {status}") + (
        f"review:\n  - date: '2024-03-12'\n    status: {status}\n    note: Checked.\n"
        f"    evidence: [{EVIDENCE[evidence]}]\n"
    )
    assert claim_findings(ledger_root, text) == expected


def test_evidence_in_an_earlier_review_of_another_status_does_not_count(ledger_root: Path) -> None:
    text = BASE.replace("status: unverified", "status: verified") + (
        "review:\n"
        "  - date: '2024-03-10'\n    status: disputed\n    note: Doubted.\n"
        f"    evidence: [{SOURCE}]\n"
        "  - date: '2024-03-12'\n    status: verified\n    note: Settled.\n"
    )
    assert claim_findings(ledger_root, text) == {(REL, 10, 9, "missing-evidence")}


def test_a_status_without_reviews_is_not_a_mismatch(ledger_root: Path) -> None:
    assert claim_findings(ledger_root, BASE.replace("unverified", "disputed")) == set()


def test_an_unknown_entity_value_is_placed_at_the_entity(ledger_root: Path) -> None:
    text = BASE.replace("property: founded", "property: founder").replace(
        'date: "1998"', "entity: marta-lindkvist"
    )
    assert claim_findings(ledger_root, text) == {(REL, 6, 11, "unknown-entity")}


def test_qualifiers_on_a_property_that_declares_none(ledger_root: Path) -> None:
    text = BASE.replace("value:", "qualifiers:\n  site: saltvik\nvalue:")
    found = claim_findings(ledger_root, text)
    assert found == {(REL, 6, 9, "unknown-qualifier")}


@pytest.mark.parametrize(
    ("part_of", "expected"),
    [
        ("courier-ferry/company-employees", set()),
        ("courier-ferry/company-staff", {(REL, 11, 10, "unknown-claim")}),
    ],
)
def test_part_of_must_name_a_claim(
    ledger_root: Path, part_of: str, expected: set[tuple[str, int, int, str]]
) -> None:
    assert claim_findings(ledger_root, BASE + f"part_of: {part_of}\n") == expected


@pytest.mark.parametrize(
    ("value", "line", "column"),
    [
        ('  date: "1998-13"', 6, 9),  # no month 13
        # an age's as_of and a sum's currency are what is wrong, so they are placed there
        ("  age: 61\n  as_of: March 2024", 7, 10),
    ],
)
def test_invalid_values_are_placed_at_the_wrong_key(
    ledger_root: Path, value: str, line: int, column: int
) -> None:
    text = BASE.replace('  date: "1998"', value)
    if "age" in value:
        text = text.replace("property: founded", "property: age")
    assert claim_findings(ledger_root, text) == {(REL, line, column, "invalid-value")}


def test_an_unknown_currency_is_placed_at_the_currency(ledger_root: Path) -> None:
    (ledger_root / "claims" / "properties.yaml").write_text(
        (ledger_root / "claims" / "properties.yaml").read_text(encoding="utf-8")
        + "  - id: revenue\n    label: earned\n    description: Yearly revenue.\n"
        "    value_type: money\n",
        encoding="utf-8",
    )
    text = BASE.replace("property: founded", "property: revenue").replace(
        '  date: "1998"', "  money: 500000\n  currency: XYZ"
    )
    assert claim_findings(ledger_root, text) == {(REL, 7, 13, "invalid-value")}


def test_a_claim_file_copied_under_another_name_is_a_duplicate(ledger_root: Path) -> None:
    source = ledger_root / "claims" / "courier-ferry" / "company-founded.yaml"
    (ledger_root / "claims" / "courier-ferry" / "copy.yaml").write_bytes(source.read_bytes())
    _, findings = validate(ledger_root)
    # the id is on line 2, after the schema comment; the first file keeps the id
    assert places(findings) == {("claims/courier-ferry/copy.yaml", 2, 5, "duplicate-id")}
    assert "already used in claims/courier-ferry/company-founded.yaml" in findings[0].message


_JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_JSON = st.recursive(
    _JSON_LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), _JSON, max_size=6))
def test_a_value_is_fingerprinted_as_json_dumps_with_sorted_keys_writes_it(data: dict) -> None:
    # the fingerprint's encoder is built once; its text must stay json.dumps's, which tells
    # apart every string, number and None that the claims' fingerprints must tell apart
    assert duplicates.sorted_json(data) == json.dumps(data, sort_keys=True)


def test_every_registered_check_of_a_scope_runs_after_the_registry_is_replaced(
    monkeypatch: pytest.MonkeyPatch, ledger_root: Path
) -> None:
    from claims_ledger.checking import checks

    ledger = prepare(ledger_root)
    before = run_checks(ledger, checks.Scope.CLAIM)
    calls: list[str] = []

    def toy(given: object) -> list[object]:
        calls.append("ran")
        return []

    monkeypatch.setattr(
        checks, "REGISTRY", (*checks.REGISTRY, checks.Check(toy, checks.Scope.CLAIM))
    )
    assert run_checks(ledger, checks.Scope.CLAIM) == before and calls == ["ran"]
    monkeypatch.undo()
    assert run_checks(ledger, checks.Scope.CLAIM) == before and calls == ["ran"]


def _fingerprint_by_repr(claim: Claim, properties: dict) -> str:
    """The fingerprint as it was first written: the repr of a tuple holding the value's JSON."""
    source, value = claim.source, claim.value
    data = (
        key_of(claim, properties.get(claim.property)),
        sorted(claim.qualifiers.items()),
        json.dumps(value.__pydantic_serializer__.to_python(value, mode="json"), sort_keys=True),
        (source.document, source.quote, source.prefix, source.suffix),
    )
    return repr(data)


def test_claims_share_a_fingerprint_just_when_their_key_value_and_passage_are_the_same(
    ledger_root: Path,
) -> None:
    """Every pair of variants of one claim: the same fingerprint exactly when the repr of
    what it is made of is the same (a default written or not, or another id or status, is
    the same claim; a changed subject, qualifier, number or passage, even to the text
    'None' where there was none, is another)."""
    ledger = prepare(ledger_root)
    base = ledger.claims["courier-ferry/company-employees"].model_dump(mode="json")
    value = {"quantity": 40, "unit": "person", "bound": "about"}
    source = {"document": "courier-ferry", "quote": "It employs about 40 people."}
    changes: list[dict[str, Any]] = [
        {},
        {"id": "courier-ferry/other", "statement": "Another sentence.", "status": "disputed"},
        {"value": {**value, "bound": "exact"}},
        {"value": {"quantity": 40, "unit": "person"}},  # the default bound, unwritten
        {"value": {**value, "quantity": 40.0}},
        {"value": {**value, "quantity": 41}},
        {"value": {**value, "unit": "household"}},
        {"qualifiers": {}},
        {"qualifiers": {"site": "None"}},
        {"qualifiers": {"site": "saltvik", "zone": "north"}},
        {"property": "founded", "value": {"date": "1998"}},
        {"property": "founded", "value": {"date": "1998"}, "qualifiers": {}},
        {"subject": "saltvik-harbour"},
        {"object": "saltvik-harbour"},
        {"object": "none"},
        {"source": {**source, "document": "harbour-notice"}},
        {"source": {**source, "quote": "It employs about 40 people"}},
        {"source": {**source, "prefix": "None"}},
        {"source": {**source, "suffix": "None"}},
        {"source": {**source, "prefix": "x", "suffix": None}},
        {"source": {**source, "prefix": None, "suffix": "x"}},
        {"source": {**source, "quote": 'a "quoted" \\ word, é, \u2028'}},
    ]
    claims = [Claim.model_validate({**base, **change}) for change in changes]
    new = [duplicates.fingerprint(claim, ledger.properties) for claim in claims]
    old = [_fingerprint_by_repr(claim, ledger.properties) for claim in claims]
    for i in range(len(claims)):
        for j in range(len(claims)):
            assert (new[i] == new[j]) == (old[i] == old[j]), (changes[i], changes[j])
    assert new[0] == new[1] and new[2] == new[3] and new[0] != new[2]
    assert len(set(new)) == len(set(old)) == len(changes) - 2
