"""The waiver file: loading it, anchoring each waiver, and the findings a bad waiver gives.

The fixture's seed (tests/fixtures/coverage/seeds/harbour.txt) ends its line 6 with
"the 3rd district.1": signals "3rd" and "1". Its line 3 holds "1,200", which a claim quotes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims_ledger.coverage.measure import measure
from claims_ledger.coverage.waivers import WAIVERS_FILE, load_waivers
from claims_ledger.reading.yamlparse import parse
from claims_ledger.records.schemas import render, validator

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "coverage"
REPO = Path(__file__).resolve().parent.parent


def ledger_with(tmp_path: Path, waivers: str | None) -> Path:
    """The coverage fixture with its waiver file replaced (or removed, for None)."""
    root = Path(shutil.copytree(FIXTURE, tmp_path / "ledger"))
    path = root / WAIVERS_FILE
    if waivers is None:
        path.unlink()
    else:
        path.write_text(waivers, encoding="utf-8")
    return root


def waiver(document: str, signal: str, quote: str) -> str:
    """A waiver file of one waiver: document on line 2, signal 3, quote 4, reason 5."""
    return (
        "waivers:\n"
        f"  - document: {document}\n"
        f'    signal: "{signal}"\n'
        f'    quote: "{quote}"\n'
        "    reason: not a fact\n"
    )


def findings(root: Path, document: str | None = None) -> list[tuple[int, int, str, str]]:
    report = measure(root, document)
    return [(f.line, f.column, f.code, f.severity.value) for f in report.findings]


def test_no_waiver_file_means_no_waivers(tmp_path: Path) -> None:
    root = ledger_with(tmp_path, None)
    assert load_waivers(root).waivers == ()
    report = measure(root)
    assert report.count("waived") == 0
    assert report.findings == ()


def test_the_fixture_waiver_file_matches_the_schema() -> None:
    data = parse((FIXTURE / WAIVERS_FILE).read_text(encoding="utf-8"))
    assert list(validator("waivers").iter_errors(data)) == []


def test_the_committed_schema_is_generated_from_the_model() -> None:
    committed = (REPO / "schemas" / "waivers.schema.json").read_text(encoding="utf-8")
    assert committed == render("waivers")


def test_a_stale_waiver_is_a_finding_and_waives_nothing(tmp_path: Path) -> None:
    root = ledger_with(tmp_path, waiver("lantern-strike", "2", "the 3rd district.2"))
    report = measure(root)
    # "    quote: " is 11 characters: the value starts in column 12 of line 4.
    assert [(f.line, f.column, f.code) for f in report.findings] == [
        (4, 12, "waiver-quote-not-found")
    ]
    assert "stale waiver" in report.findings[0].message
    assert report.count("waived") == 0
    assert report.exit_code() == 1


def test_an_ambiguous_quote(tmp_path: Path) -> None:
    root = ledger_with(tmp_path, waiver("lantern-strike", "1", "1"))
    assert findings(root) == [(4, 12, "waiver-quote-ambiguous", "error")]


def test_a_waiver_must_name_a_signal_its_quote_holds(tmp_path: Path) -> None:
    # "3" is in the quote, but the signal there is the ordinal "3rd".
    root = ledger_with(tmp_path, waiver("lantern-strike", "3", "the 3rd district.1"))
    report = measure(root)
    assert [(f.line, f.code) for f in report.findings] == [(3, "waiver-no-signal")]
    assert "'3rd', '1'" in report.findings[0].message


def test_the_signal_must_be_in_the_quote(tmp_path: Path) -> None:
    # "    signal: " is 12 characters: the value starts in column 13 of line 3.
    root = ledger_with(tmp_path, waiver("lantern-strike", "1998", "the 3rd district.1"))
    assert findings(root) == [(3, 13, "waiver-signal-not-in-quote", "error")]


def test_an_unknown_document(tmp_path: Path) -> None:
    root = ledger_with(tmp_path, waiver("no-such-article", "1", "district.1"))
    # "  - document: " is 14 characters: the value starts in column 15 of line 2.
    assert findings(root) == [(2, 15, "waiver-unknown-document", "error")]


def test_a_waiver_of_a_covered_signal_is_a_warning(tmp_path: Path) -> None:
    root = ledger_with(tmp_path, waiver("lantern-strike", "1,200", "2021, 1,200 workers"))
    report = measure(root)
    assert [(f.code, f.severity.value) for f in report.findings] == [
        ("waiver-redundant", "warning")
    ]
    assert "lantern-strike/strike-began" in report.findings[0].message
    assert report.exit_code() == 0


def test_waivers_of_other_documents_are_not_checked_when_focused(tmp_path: Path) -> None:
    root = ledger_with(tmp_path, waiver("lantern-strike", "2", "the 3rd district.2"))
    assert findings(root, "river-ferry") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("waivers:\n  - document: [lantern\n", (3, 1, "yaml-syntax")),
        (
            "waivers:\n  - document: lantern-strike\n    signal: '1'\n    quote: district.1\n",
            (2, 5, "schema"),  # no reason: the waiver's mapping is where it goes
        ),
    ],
)
def test_a_broken_waiver_file_is_a_finding(
    tmp_path: Path, text: str, place: tuple[int, int, str]
) -> None:
    root = ledger_with(tmp_path, text)
    report = measure(root)
    assert [(f.file, f.line, f.column, f.code) for f in report.findings] == [(WAIVERS_FILE, *place)]
    assert report.count("waived") == 0
    assert report.exit_code() == 1
