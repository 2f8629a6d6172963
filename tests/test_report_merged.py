"""One finding a disagreement: three accounts of one date make one conflict with three sides.

The fixture ledger gets a third claim on Sapozhnikov joining the circle: "2020", which
conflicts with the north's "2019" but fits the south's "spring 2020".
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from claims_ledger.loading import Ledger
from claims_ledger.report import build_report
from claims_ledger.reporters import FORMATS
from claims_ledger.validation import prepare
from helpers import REPO
from test_report import JOINED, NORTH, SOUTH, conflict_of, set_status

FIXTURE = Path(__file__).parent / "fixtures" / "report"
THIRD = SOUTH + "sapozhnikov-joined-year"
THIRD_RECORD = f"""\
id: {THIRD}
statement: "Sergei Sapozhnikov joined the reading circle in 2020."
subject: sergei-sapozhnikov
property: joined
object: reading-circle
value:
  date: "2020"
source:
  document: south-review
  quote: "who joined the reading circle in the spring of 2020"
attributed_to: null
status: unverified
review:
  - date: "2026-11-23"
    status: unverified
    note: Recorded from the text.
    evidence: []
"""
ALL = tuple(sorted((*JOINED, THIRD)))


@pytest.fixture
def three(tmp_path: Path) -> Ledger:
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    (root / "claims" / f"{THIRD}.yaml").write_text(THIRD_RECORD, encoding="utf-8")
    loaded = prepare(root)
    assert not loaded.findings
    return loaded


def test_three_claims_on_one_date_are_one_conflict_with_three_sides(three: Ledger) -> None:
    entry = conflict_of(build_report(three))
    assert entry.finding.claims == ALL
    assert [side.id for side in entry.sides] == list(ALL)
    # the pairs that cannot both be true; 2020 and spring 2020 fit together, so not that one
    pairs = {tuple(pair["claims"]) for pair in entry.finding.details["pairs"]}
    assert pairs == {
        (NORTH + "sapozhnikov-joined", s) for s in (THIRD, SOUTH + "sapozhnikov-joined")
    }
    assert entry.finding.explanation.count("cannot both be true") == 2
    assert "spring 2020" in entry.finding.explanation


def test_the_merged_id_is_a_hash_of_every_side_whatever_their_order(three: Ledger) -> None:
    digest = hashlib.sha256("\x1f".join(("conflict", *ALL)).encode()).hexdigest()
    assert conflict_of(build_report(three)).finding.id == f"conflict-{digest[:10]}"


def test_a_conflict_of_two_keeps_its_id(tmp_path: Path) -> None:
    entry = conflict_of(build_report(prepare(FIXTURE)))
    digest = hashlib.sha256("\x1f".join(("conflict", *sorted(JOINED))).encode()).hexdigest()
    assert entry.finding.id == f"conflict-{digest[:10]}"
    assert entry.finding.explanation.count("cannot both be true") == 1


def test_refuting_the_side_the_others_agree_with_does_not_settle_it(three: Ledger) -> None:
    # 2020 refuted: 2019 and spring 2020 still cannot both be true
    set_status(three, THIRD, "refuted")
    entry = conflict_of(build_report(three))
    assert entry.standing == "open"
    # the odd one out refuted: every pair that disagreed has a refuted side
    set_status(three, NORTH + "sapozhnikov-joined", "refuted")
    entry = conflict_of(build_report(three))
    assert entry.standing == "settled"
    assert [r.id for r in entry.settled_by] == [NORTH + "sapozhnikov-joined", THIRD]


def test_sides_that_agree_need_not_cite_each_other_to_acknowledge(three: Ledger) -> None:
    north = NORTH + "sapozhnikov-joined"
    for claim_id, cites in ((north, [THIRD, JOINED[1]]), (THIRD, [north]), (JOINED[1], [north])):
        review = three.claims[claim_id].model_dump(mode="json")["review"]
        evidence = [{"claim": other, "stance": "contradicts"} for other in cites]
        review.append(
            {"date": "2026-11-24", "status": "disputed", "note": "Doubted.", "evidence": evidence}
        )
        data = three.claims[claim_id].model_dump(mode="json")
        data.update(status="disputed", review=review)
        three.claims[claim_id] = type(three.claims[claim_id]).model_validate(data)
    assert conflict_of(build_report(three)).standing == "acknowledged"
    report = build_report(three)
    assert report.strict_failures() == []


def test_two_verified_sides_that_agree_are_not_a_problem(three: Ledger) -> None:
    set_status(three, THIRD, "verified")
    set_status(three, SOUTH + "sapozhnikov-joined", "verified")
    assert build_report(three).problems == ()
    set_status(three, NORTH + "sapozhnikov-joined", "verified")
    assert [p.code for p in build_report(three).problems] == ["conflict-both-verified"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "github"])
def test_every_format_names_each_side_its_record_and_its_line(three: Ledger, fmt: str) -> None:
    text = FORMATS[fmt].render_report(build_report(three, ("conflict",)))
    lines = {NORTH + "sapozhnikov-joined": 4, SOUTH + "sapozhnikov-joined": 14, THIRD: 14}
    for claim_id, line in lines.items():
        assert claim_id in text
        assert f"claims/{claim_id}.yaml" in text
        if fmt != "json":
            assert f"seeds/gazette.txt:{line}" in text
    if fmt == "json":
        (finding,) = json.loads(text)["findings"]
        assert [(s["id"], s["file"], s["line"]) for s in finding["claims"]] == [
            (claim_id, "seeds/gazette.txt", lines[claim_id]) for claim_id in ALL
        ]
        assert len(finding["details"]["pairs"]) == 2


def test_the_bundled_sapozhnikov_dates_are_one_conflict() -> None:
    report = build_report(prepare(REPO), ("conflict",))
    (entry,) = report.entries
    assert entry.finding.claims == (
        "petrov-repression/ufa-sapozhnikov-introduced-2020",
        "petrov-repression/ufa-sapozhnikov-joined-spring-2020",
        "spartak-no-one-safe/sapozhnikov-joined-circle-2019",
    )
    assert entry.standing == "acknowledged"


# --- reviews: one finding a disagreement too -----------------------------------------------

EAST_ACCUSED = "east-bulletin/sapozhnikov-accused"
ACCUSED = tuple(
    sorted((EAST_ACCUSED, NORTH + "sapozhnikov-accused", SOUTH + "sapozhnikov-accused"))
)


def accused_in_the_bulletin(tmp_path: Path, text: str) -> Ledger:
    """The fixture with a third account of what Sapozhnikov was accused of: the bulletin's
    "charged with hooliganism", on the single-valued `accused-of` of the other two."""
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    record = (root / "claims" / f"{NORTH}sapozhnikov-accused.yaml").read_text(encoding="utf-8")
    record = (
        record.replace(f"{NORTH}sapozhnikov-accused", EAST_ACCUSED)
        .replace("preparing a seizure of power\n", f"{text}\n")
        .replace("document: north-gazette", "document: east-bulletin")
        .replace(
            "accused Sapozhnikov of preparing a seizure of power",
            "Sapozhnikov was charged with hooliganism",
        )
    )
    (root / "claims" / f"{EAST_ACCUSED}.yaml").write_text(record, encoding="utf-8")
    loaded = prepare(root)
    assert not loaded.findings, loaded.findings
    return loaded


def reviews_of(report, claim_id: str) -> list:
    return [
        e for e in report.entries if e.finding.type == "review" and claim_id in e.finding.claims
    ]


def test_three_documents_with_three_descriptions_are_one_review(tmp_path: Path) -> None:
    ledger = accused_in_the_bulletin(tmp_path, "hooliganism")
    report = build_report(ledger)
    (entry,) = reviews_of(report, EAST_ACCUSED)
    assert entry.finding.claims == ACCUSED
    assert [side.id for side in entry.sides] == list(ACCUSED)
    # every pair differs: three pairs, one finding
    assert len(entry.finding.details["pairs"]) == 3
    digest = hashlib.sha256("\x1f".join(("review", *ACCUSED)).encode()).hexdigest()
    assert entry.finding.id == f"review-{digest[:10]}"
    # each side names its passage: the bulletin's line 12 and the gazette's 9 and 17
    lines = {side.id: (side.file, side.line) for side in entry.sides}
    assert lines[EAST_ACCUSED] == ("seeds/bulletin.txt", 12)
    assert lines[NORTH + "sapozhnikov-accused"] == ("seeds/gazette.txt", 9)
    assert lines[SOUTH + "sapozhnikov-accused"] == ("seeds/gazette.txt", 17)
    text = FORMATS["text"].render_report(report)
    assert text.count(f"id: {entry.finding.id}") == 1


def test_a_third_account_that_agrees_with_one_side_joins_the_one_review(tmp_path: Path) -> None:
    # The bulletin says what the gazette says: still one disagreement (with the review).
    ledger = accused_in_the_bulletin(tmp_path, "Preparing a seizure of power")
    (entry,) = reviews_of(build_report(ledger), EAST_ACCUSED)
    assert entry.finding.claims == ACCUSED
    pairs = {tuple(pair["claims"]) for pair in entry.finding.details["pairs"]}
    assert pairs == {
        (EAST_ACCUSED, SOUTH + "sapozhnikov-accused"),
        (NORTH + "sapozhnikov-accused", SOUTH + "sapozhnikov-accused"),
    }


# --- the bundled Ufa case: a group named by its number ------------------------------------

UFA_FIVE = "petrov-repression/ufa-five-named-count"
UFA_COUNTS = (
    "petrov-repression/ufa-case-five-defendants",  # five taken into custody, named
    UFA_FIVE,  # the "Ufa Five"
    "spartak-no-one-safe/ufa-case-five-defendants",  # five members, and the leader apart
)


def seed_line(ledger: Ledger, claim_id: str) -> int:
    """The line of the seed file a claim's quote stands on, found in the seed text."""
    claim = ledger.claims[claim_id]
    text = ledger.seeds[ledger.documents[claim.source.document].file].text
    first, last = ledger.spans[claim.source.document]
    return text.count("\n", 0, text.index(claim.source.quote, first, last)) + 1


def test_the_ufa_five_is_a_side_of_the_one_leader_finding() -> None:
    ledger = prepare(REPO)
    (entry,) = build_report(ledger, ("leader",)).entries
    assert entry.finding.claims == UFA_COUNTS
    assert {side.id: side.line for side in entry.sides} == {
        claim_id: seed_line(ledger, claim_id) for claim_id in UFA_COUNTS
    }
    # the name says five: Petrov's five, the leader among them, against Spartak's five
    # without him
    assert ledger.claims[UFA_FIVE].value.quantity == 5  # type: ignore[union-attr]
    assert "“Ufa Five" in ledger.claims[UFA_FIVE].source.quote


def test_the_ufa_five_read_without_the_leader_would_be_no_alarm() -> None:
    # Near miss: had the name been recorded as not saying whether the leader is counted,
    # five fits Spartak's five without him: the finding keeps only the two counts that say.
    ledger = prepare(REPO)
    data = ledger.claims[UFA_FIVE].model_dump(mode="json")
    data["qualifiers"] = {"of": "defendants"}
    ledger.claims[UFA_FIVE] = type(ledger.claims[UFA_FIVE]).model_validate(data)
    (entry,) = build_report(ledger, ("leader",)).entries
    assert entry.finding.claims == (UFA_COUNTS[0], UFA_COUNTS[2])
