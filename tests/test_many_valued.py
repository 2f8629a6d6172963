"""Many-valued facts: two documents that list different charges for one case are a review,
never a conflict; a document whose list lies within the other's is not a finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.comparing.report import build_report

FIXTURE = Path(__file__).parent / "fixtures" / "report"
EAST_CHARGES = (
    "east-bulletin/sapozhnikov-charged-hooliganism",
    "east-bulletin/sapozhnikov-charged-vandalism",
)


def charge(claim_id: str, text: str, quote: str) -> str:
    document = claim_id.split("/")[0]
    return f"""\
id: {claim_id}
statement: "Sergei Sapozhnikov was charged in the leaflet case."
subject: sergei-sapozhnikov
property: charged-with
object: leaflet-case
value:
  text: "{text}"
source:
  document: {document}
  quote: "{quote}"
attributed_to: null
status: unverified
review:
  - date: "2026-11-23"
    status: unverified
    note: Recorded from the text.
    evidence: []
"""


def ledger_with(tmp_path: Path, *records: tuple[str, str, str]):
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    for claim_id, text, quote in records:
        (root / "claims" / f"{claim_id}.yaml").write_text(
            charge(claim_id, text, quote), encoding="utf-8"
        )
    loaded = prepare(root)
    assert not loaded.findings, loaded.findings
    return loaded


def charges_findings(ledger):
    return [e for e in build_report(ledger).entries if "charged-with" in e.finding.key]


def test_two_documents_listing_different_charges_are_a_review(tmp_path: Path) -> None:
    north = "north-gazette/sapozhnikov-charged-seizure"
    ledger = ledger_with(
        tmp_path, (north, "preparing a seizure of power", "preparing a seizure of power")
    )
    (entry,) = charges_findings(ledger)
    assert entry.finding.type == "review"
    assert entry.standing is None and not entry.untriaged
    assert entry.finding.claims == tuple(sorted((*EAST_CHARGES, north)))
    # both passages: the bulletin's and the gazette's
    assert {side.line for side in entry.sides if side.document == "north-gazette"} == {9}
    assert {side.quote for side in entry.sides} >= {
        "Sapozhnikov was charged with hooliganism",
        "preparing a seizure of power",
    }
    assert "different" in entry.finding.explanation
    assert entry.finding.details["values"] == {
        "east-bulletin": ["hooliganism", "vandalism"],
        "north-gazette": ["preparing a seizure of power"],
    }
    assert [e.finding.type for e in build_report(ledger).entries].count("conflict") == 1


@pytest.mark.parametrize("written", ["Hooliganism", "  hooliganism ", "HOOLIGANISM"])
def test_a_list_within_the_other_is_no_finding(tmp_path: Path, written: str) -> None:
    # the gazette names one of the bulletin's two charges, in its own case and spacing
    north = "north-gazette/sapozhnikov-charged-hooliganism"
    ledger = ledger_with(tmp_path, (north, written, "The court fined Sapozhnikov"))
    assert charges_findings(ledger) == []


def test_the_bundled_charges_of_sapozhnikov_are_a_review() -> None:
    report = build_report(prepare(Path(__file__).resolve().parent.parent), ("review",))
    found = [e for e in report.entries if e.finding.key.startswith("Sergei Sapozhnikov · charged")]
    (entry,) = found
    assert entry.finding.claims == (
        "petrov-repression/ufa-sapozhnikov-charged-robbery",
        "spartak-no-one-safe/sapozhnikov-charged-robbery-car-theft",
    )


def test_three_documents_with_three_lists_are_one_review_with_three_sides(
    tmp_path: Path,
) -> None:
    # The bulletin: hooliganism and vandalism; the gazette: a seizure of power; the review:
    # a terrorist community. One disagreement, one finding, every claim of the three.
    north = "north-gazette/sapozhnikov-charged-seizure"
    south = "south-review/sapozhnikov-charged-terrorism"
    ledger = ledger_with(
        tmp_path,
        (north, "preparing a seizure of power", "preparing a seizure of power"),
        (south, "organising a terrorist community", "organising a terrorist community"),
    )
    (entry,) = charges_findings(ledger)
    assert entry.finding.type == "review"
    assert entry.finding.claims == tuple(sorted((*EAST_CHARGES, north, south)))
    assert {side.document for side in entry.sides} == {
        "east-bulletin",
        "north-gazette",
        "south-review",
    }
    assert sorted(entry.finding.details["values"]) == [
        "east-bulletin",
        "north-gazette",
        "south-review",
    ]


def test_an_open_list_is_never_compared(tmp_path: Path) -> None:
    # the same two lists as above, but the property says a document names only some values
    north = "north-gazette/sapozhnikov-charged-seizure"
    root = tmp_path / "open"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    properties = root / "claims" / "properties.yaml"
    text = properties.read_text(encoding="utf-8")
    opened = text.replace(
        "    value_type: text\n    cardinality: many\n",
        "    value_type: text\n    cardinality: many\n    lists: open\n",
        1,
    )
    assert opened != text
    properties.write_text(opened, encoding="utf-8")
    quote = "preparing a seizure of power"
    (root / "claims" / f"{north}.yaml").write_text(charge(north, quote, quote), encoding="utf-8")
    ledger = prepare(root)
    assert not ledger.findings, ledger.findings
    assert charges_findings(ledger) == []


def test_open_lists_only_for_a_many_valued_property(tmp_path: Path) -> None:
    root = tmp_path / "single"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    properties = root / "claims" / "properties.yaml"
    text = properties.read_text(encoding="utf-8")
    marked = text.replace(
        "    cardinality: single\n", "    cardinality: single\n    lists: open\n", 1
    )
    assert marked != text
    properties.write_text(marked, encoding="utf-8")
    messages = [f.message for f in prepare(root).findings]
    assert any("only a property of cardinality many has lists" in m for m in messages), messages


def test_the_bundled_did_lists_are_open_and_charges_are_not() -> None:
    report = build_report(prepare(Path(__file__).resolve().parent.parent), ("review",))
    keys = {e.finding.key for e in report.entries}
    assert not any(" · did" in key for key in keys), keys
    # two accounts of one man's charges, neither within the other: still a finding
    sapozhnikov = (
        "Sergei Sapozhnikov · charged-with · Ukrainian criminal case against Sergei Sapozhnikov"
    )
    assert sapozhnikov in keys, keys
