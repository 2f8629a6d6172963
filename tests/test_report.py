"""report: the findings with their sides, the summary, --strict's rule, and each format."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.comparing.report import NUMERIC, Report, build_report
from claims_ledger.errors import LedgerError
from claims_ledger.output.reporters import FORMATS
from claims_ledger.records.loading import Ledger
from claims_ledger.records.models import Claim

FIXTURE = Path(__file__).parent / "fixtures" / "report"
NORTH, SOUTH, EAST = "north-gazette/", "south-review/", "east-bulletin/"
JOINED = (NORTH + "sapozhnikov-joined", SOUTH + "sapozhnikov-joined")
ANSI = re.compile(r"\x1b\[")
STYLE = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def ledger() -> Ledger:
    loaded = prepare(FIXTURE)
    assert not loaded.findings
    return loaded


def edit(ledger: Ledger, claim_id: str, **changes: Any) -> None:
    data = ledger.claims[claim_id].model_dump(mode="json")
    data.update(changes)
    ledger.claims[claim_id] = Claim.model_validate(data)


SOURCE = {
    "url": "https://records.example/circle",
    "title": "Reading circle records",
    "publisher": "River College",
    "published": None,
    "consulted": "2026-11-24",
    "excerpt": "joined the reading circle",
    "language": "en",
    "translation": None,
    "archived": None,
}


def evidence_for(claim_id: str, status: str) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """What a reviewer cites for each status: a source that supports or contradicts, the
    other side of the conflict, or where they searched."""
    other = next((c for c in JOINED if c != claim_id), f"{EAST}orlov-detained")
    if status == "verified":
        return [{**SOURCE, "stance": "supports"}], []
    if status == "refuted":
        return [{**SOURCE, "stance": "contradicts"}], []
    if status == "disputed":
        return [{"claim": other, "stance": "contradicts"}], []
    if status == "unverifiable":
        return [], [{"where": "the college archive", "query": "reading circle members"}]
    return [], []


def set_status(ledger: Ledger, claim_id: str, status: str) -> None:
    """Give a claim a new status the way a reviewer does: with a review entry."""
    review = ledger.claims[claim_id].model_dump(mode="json")["review"]
    evidence, searched = evidence_for(claim_id, status)
    review.append(
        {
            "date": "2026-11-24",
            "status": status,
            "note": "Checked.",
            "evidence": evidence,
            "searched": searched,
        }
    )
    edit(ledger, claim_id, status=status, review=review)


def conflict_of(report: Report) -> Any:
    (entry,) = [e for e in report.entries if e.finding.type == "conflict"]
    return entry


# --- findings and sides ------------------------------------------------------------------


def test_each_side_shows_where_the_claim_stands_and_what_it_says(ledger: Ledger) -> None:
    entry = conflict_of(build_report(ledger))
    north, south = entry.sides
    assert (north.id, south.id) == JOINED
    assert (north.document, north.file, north.line) == ("north-gazette", "seeds/gazette.txt", 4)
    assert (south.document, south.file, south.line) == ("south-review", "seeds/gazette.txt", 14)
    assert north.quote == "Sergei Sapozhnikov joined the reading circle in 2019"
    assert (north.value, north.value_data) == ("2019", {"date": "2019"})
    assert (south.value, south.value_data) == ("spring 2020", {"date": "2020-21"})
    assert north.status == "unverified"
    assert north.record == "claims/north-gazette/sapozhnikov-joined.yaml"


def test_a_conflict_with_an_unverified_side_is_untriaged(ledger: Ledger) -> None:
    report = build_report(ledger)
    assert conflict_of(report).untriaged
    # Only conflicts are ever untriaged: a review or a timeline finding is not.
    assert [e.finding.type for e in report.entries if e.untriaged] == ["conflict"]


STATUSES = ("unverified", "verified", "disputed", "refuted", "unverifiable")


def standing_of(north: str, south: str) -> str:
    """The rule, written out: a refuted side settles it; two disputed sides citing each
    other acknowledge it; anything else is open."""
    if "refuted" in (north, south):
        return "settled"
    if north == south == "disputed":
        return "acknowledged"
    return "open"


@pytest.mark.parametrize("north", STATUSES)
@pytest.mark.parametrize("south", STATUSES)
def test_every_combination_of_statuses_has_one_standing(
    ledger: Ledger, north: str, south: str
) -> None:
    for claim_id, status in zip(JOINED, (north, south), strict=True):
        if status != "unverified":
            set_status(ledger, claim_id, status)
    report = build_report(ledger)
    entry = conflict_of(report)
    standing = standing_of(north, south)
    assert entry.standing == standing
    assert entry.untriaged == ("unverified" in (north, south))
    assert (entry.to_do is not None) == (standing == "open")
    assert [e.finding.type for e in report.strict_failures()] == (
        ["conflict"] if standing == "open" else []
    )
    conflicts = report.summary["conflicts"]
    assert conflicts == {
        "open": int(standing != "settled"),
        "acknowledged": int(standing == "acknowledged"),
        "settled": int(standing == "settled"),
        "to_settle": int(standing == "open"),
    }
    settled = [refuted.id for refuted in entry.settled_by]
    assert settled == [c for c, s in zip(JOINED, (north, south), strict=True) if s == "refuted"]
    for refuted in entry.settled_by:
        assert [item.url for item in refuted.by] == [SOURCE["url"]]
    both = north == south == "verified"
    assert [p.code for p in report.problems] == (["conflict-both-verified"] if both else [])
    if both:
        assert "two verified sides" in (entry.to_do or "")


def test_disputed_sides_that_do_not_cite_each_other_are_not_acknowledged(
    ledger: Ledger,
) -> None:
    for claim_id in JOINED:
        review = ledger.claims[claim_id].model_dump(mode="json")["review"]
        review.append({"date": "2026-11-24", "status": "disputed", "note": "Doubted."})
        edit(ledger, claim_id, status="disputed", review=review)
    entry = conflict_of(build_report(ledger))
    assert entry.standing == "open"
    assert "each citing the others" in (entry.to_do or "")


def test_refuted_claims_are_listed_by_document_with_their_source(ledger: Ledger) -> None:
    set_status(ledger, JOINED[1], "refuted")
    report = build_report(ledger)
    (refuted,) = report.refuted
    assert (refuted.id, refuted.document, refuted.line) == (JOINED[1], "south-review", 14)
    assert [item.title for item in refuted.by] == ["Reading circle records"]
    assert report.summary["refuted_claims"] == 1
    assert build_report(ledger, document="north-gazette").refuted == ()
    text = FORMATS["text"].render_report(report)
    assert "Refuted claims" in text
    assert "shown wrong by Reading circle records (River College)" in text
    assert "settled: south-review/sapozhnikov-joined is refuted by" in text
    markdown = FORMATS["markdown"].render_report(report)
    assert "## Refuted claims" in markdown
    assert "[Reading circle records](https://records.example/circle)" in markdown


def test_next_to_check_starts_with_the_sides_of_open_conflicts(ledger: Ledger) -> None:
    first = build_report(ledger).summary["next_to_check"]
    assert [item["id"] for item in first[:2]] == list(JOINED)
    assert all(item["reason"].startswith("a side of the open conflict") for item in first[:2])
    assert len(first) == 10


def _next_uncapped(ledger: Ledger, report: Report) -> list[str]:
    """What next_to_check chooses, found by reading every claim: sides of open conflicts,
    then one unverified dated or counted claim of each document in turn."""
    chosen = [c for e in report.entries if e.standing == "open" for c in e.finding.claims]
    chosen = [c for c in dict.fromkeys(chosen) if ledger.claims[c].status.value == "unverified"]
    waiting: dict[str, list[str]] = {}
    for claim_id in sorted(ledger.claims):
        claim = ledger.claims[claim_id]
        if claim.status.value == "unverified" and isinstance(claim.value, NUMERIC):
            waiting.setdefault(claim.source.document, []).append(claim_id)
    queues = [waiting[document] for document in sorted(waiting)]
    for turn in range(max(map(len, queues), default=0)):
        chosen += [queue[turn] for queue in queues if turn < len(queue)]
    return list(dict.fromkeys(chosen))[:10]


def test_next_to_check_reads_as_far_into_one_document_as_it_must(ledger: Ledger) -> None:
    """Only the conflict's sides and one document's claims wait: the choice goes nine claims
    into that document (its first is a side already chosen), as reading every claim does."""
    for claim_id in list(ledger.claims):
        if claim_id not in JOINED and ledger.claims[claim_id].status.value == "unverified":
            set_status(ledger, claim_id, "verified")
    north = ledger.claims[JOINED[0]].model_dump(mode="json")
    for number in range(12):
        made = {**north, "id": f"{NORTH}zz-{number:02}", "subject": f"person-{number}"}
        ledger.claims[made["id"]] = Claim.model_validate(made)
        ledger.claim_file[made["id"]] = f"claims/{made['id']}.yaml"
    report = build_report(ledger)
    chosen = [item["id"] for item in report.summary["next_to_check"]]
    assert chosen == _next_uncapped(ledger, report)
    assert chosen[:2] == list(JOINED)
    assert chosen[2:] == [f"{NORTH}zz-{number:02}" for number in range(8)]


def test_next_to_check_stops_at_the_sides_of_enough_open_conflicts(ledger: Ledger) -> None:
    """Seven open conflicts have fourteen unverified sides: the first ten, in the report's
    order, are chosen, as reading every claim does, and no claim with a number is."""
    for number in range(6):
        for claim_id in JOINED:
            made = {
                **ledger.claims[claim_id].model_dump(mode="json"),
                "id": f"{claim_id}-{number}",
                "subject": f"person-{number}",
            }
            ledger.claims[made["id"]] = Claim.model_validate(made)
            ledger.claim_file[made["id"]] = f"claims/{made['id']}.yaml"
    report = build_report(ledger)
    assert sum(1 for e in report.entries if e.standing == "open") >= 7
    chosen = report.summary["next_to_check"]
    assert [item["id"] for item in chosen] == _next_uncapped(ledger, report)
    assert all(item["reason"].startswith("a side of the open conflict") for item in chosen)


def test_strict_ignores_every_finding_but_conflicts(ledger: Ledger) -> None:
    # The fixture's reviews, spelling, arithmetic and timeline are all untouched and
    # unverified; once the one conflict is triaged nothing fails.
    for claim_id in JOINED:
        set_status(ledger, claim_id, "disputed")
    report = build_report(ledger)
    assert {e.finding.type for e in report.entries} == {
        "conflict",
        "review",
        "spelling",
        "arithmetic",
        "timeline",
    }
    assert report.strict_failures() == []


# --- filters -----------------------------------------------------------------------------


def types_of(report: Report) -> list[str]:
    return sorted(e.finding.type for e in report.entries)


def test_filter_by_type(ledger: Ledger) -> None:
    assert types_of(build_report(ledger, ("conflict", "spelling"))) == ["conflict", "spelling"]
    assert types_of(build_report(ledger, ("timeline",))) == ["timeline", "timeline"]


def test_filter_by_document(ledger: Ledger) -> None:
    # The east bulletin takes part in the founding review, the arithmetic and both timeline
    # findings; the conflict and the spelling are between the other two documents.
    assert types_of(build_report(ledger, document="east-bulletin")) == [
        "arithmetic",
        "review",
        "timeline",
        "timeline",
    ]
    assert types_of(build_report(ledger, document="south-review")) == [
        "conflict",
        "review",
        "review",
        "review",
        "spelling",
    ]


def test_filter_by_subject(ledger: Ledger) -> None:
    # Sapozhnikov: when he joined, his fine, his accusation, and his name's spelling.
    assert types_of(build_report(ledger, subject="sergei-sapozhnikov")) == [
        "conflict",
        "review",
        "review",
        "spelling",
    ]
    assert types_of(build_report(ledger, subject="anna-vetrova")) == ["timeline", "timeline"]
    assert types_of(build_report(ledger, subject="pavel-orlov")) == []  # corroborated only


def test_filters_combine(ledger: Ledger) -> None:
    report = build_report(ledger, ("review",), "north-gazette", "sergei-sapozhnikov")
    assert sorted(e.finding.claims for e in report.entries) == [
        (NORTH + "sapozhnikov-accused", SOUTH + "sapozhnikov-accused"),
        (NORTH + "sapozhnikov-fined", SOUTH + "sapozhnikov-fined"),
    ]


def test_a_spelling_no_claim_quotes_is_still_found_by_document_and_subject(
    ledger: Ledger,
) -> None:
    edit(ledger, JOINED[0], source={"document": "north-gazette", "quote": "joined the circle"})
    edit(ledger, JOINED[1], source={"document": "south-review", "quote": "joined the circle"})
    (spelling,) = [e for e in build_report(ledger).entries if e.finding.type == "spelling"]
    assert spelling.sides == ()
    for document in ("north-gazette", "south-review"):
        assert "spelling" in types_of(build_report(ledger, document=document))
    assert "spelling" not in types_of(build_report(ledger, document="east-bulletin"))
    assert "spelling" in types_of(build_report(ledger, subject="sergei-sapozhnikov"))


def test_a_filter_naming_nothing_in_the_ledger_is_an_error(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="--document north-gazzette: no such document"):
        build_report(ledger, document="north-gazzette")
    with pytest.raises(LedgerError, match="--subject sergey-sapozhnikov: no such entity"):
        build_report(ledger, subject="sergey-sapozhnikov")
    with pytest.raises(LedgerError, match="did you mean 'sergei-sapozhnikov'"):
        build_report(ledger, subject="sergey-sapozhnikov")
    with pytest.raises(LedgerError, match="did you mean 'north-gazette'"):
        build_report(ledger, document="north-gazzette")


# --- summary -----------------------------------------------------------------------------


def test_the_summary_counts_the_whole_ledger_whatever_the_filter(ledger: Ledger) -> None:
    for report in (build_report(ledger), build_report(ledger, ("timeline",))):
        summary = dict(report.summary)
        # the conflicts' standings are of the findings shown, as --strict judges them
        kept = 1 if len(report.entries) > 2 else 0
        assert summary.pop("conflicts") == {
            "open": kept,
            "acknowledged": 0,
            "settled": 0,
            "to_settle": kept,
        }
        assert summary == {
            "claims": 29,
            "documents": 3,
            "claims_per_document": {"east-bulletin": 19, "north-gazette": 6, "south-review": 4},
            "claims_per_status": {
                "unverified": 29,
                "verified": 0,
                "disputed": 0,
                "refuted": 0,
                "unverifiable": 0,
            },
            "findings_per_type": {
                "conflict": 1,
                "review": 4,
                "spelling": 1,
                "arithmetic": 1,
                "timeline": 2,
                "leader": 0,
            },
            # Orlov "arrested in 2017" (north) and "detained in November 2017" (east).
            "corroborated_claims": 2,
            # The seven keys two claims share, one pair each.
            "compared_pairs": 7,
            "untriaged_conflicts": 1,
            "statuses_per_document": {
                document: {
                    "unverified": count,
                    "verified": 0,
                    "disputed": 0,
                    "refuted": 0,
                    "unverifiable": 0,
                }
                for document, count in (
                    ("east-bulletin", 19),
                    ("north-gazette", 6),
                    ("south-review", 4),
                )
            },
            "refuted_claims": 0,
            "next_to_check": summary["next_to_check"],
        }


def test_a_document_without_claims_is_counted_as_zero(ledger: Ledger) -> None:
    for claim_id in [c for c in ledger.claims if c.startswith(SOUTH)]:
        del ledger.claims[claim_id]
    assert build_report(ledger).summary["claims_per_document"]["south-review"] == 0


# --- formats -----------------------------------------------------------------------------


def test_json_has_the_documented_shape(ledger: Ledger) -> None:
    data = json.loads(FORMATS["json"].render_report(build_report(ledger)))
    assert set(data) == {"findings", "refuted", "problems", "summary"}
    assert len(data["findings"]) == 9
    for finding in data["findings"]:
        assert {"id", "type", "key", "explanation", "untriaged", "standing", "claims"} <= set(
            finding
        )
        for side in finding["claims"]:
            assert {"id", "document", "file", "line", "quote", "value", "status"} <= set(side)
    (conflict,) = [f for f in data["findings"] if f["type"] == "conflict"]
    assert conflict["untriaged"] is True
    assert (conflict["standing"], conflict["settled_by"]) == ("open", [])
    assert "is untriaged" in conflict["to_do"]
    assert conflict["claims"][1] == {
        "id": SOUTH + "sapozhnikov-joined",
        "document": "south-review",
        "file": "seeds/gazette.txt",
        "line": 14,
        "quote": "Sergey Sapozhnikov, who joined the reading circle in the spring of 2020",
        "value": {"date": "2020-21"},
        "value_text": "spring 2020",
        "status": "unverified",
        "record": "claims/south-review/sapozhnikov-joined.yaml",
    }
    assert data["summary"]["untriaged_conflicts"] == 1


def test_text_fits_80_columns_and_has_colour_only_when_asked(ledger: Ledger) -> None:
    report = build_report(ledger)
    plain = FORMATS["text"].render_report(report, color=False)
    assert not ANSI.search(plain)
    assert max(len(line) for line in plain.splitlines()) <= 80
    # Every finding is there, with its id and both sides' quotes.
    for entry in report.entries:
        assert f"id: {entry.finding.id}" in plain
        assert entry.finding.type.upper() in plain
    assert "“Sergei Sapozhnikov joined the reading circle in 2019”" in plain
    assert "[untriaged]" in plain
    coloured = FORMATS["text"].render_report(report, color=True)
    assert ANSI.search(coloured)
    assert max(len(STYLE.sub("", line)) for line in coloured.splitlines()) <= 80


def test_markdown_has_a_table_for_every_finding(ledger: Ledger) -> None:
    report = build_report(ledger)
    text = FORMATS["markdown"].render_report(report)
    assert text.count("| value | claim | status | passage | record | quote |") == len(
        report.entries
    )
    assert text.count("\n### ") == len(report.entries)
    assert (
        "| 2019 | `north-gazette/sapozhnikov-joined` | unverified | `seeds/gazette.txt:4` | "
        "`claims/north-gazette/sapozhnikov-joined.yaml` | “Sergei Sapozhnikov joined"
    ) in text
    assert "⚠️ untriaged" in text
    assert "**1 untriaged conflict(s)**" in text


def test_markdown_shows_where_a_spelling_stands_when_no_claim_quotes_it(ledger: Ledger) -> None:
    edit(ledger, JOINED[0], source={"document": "north-gazette", "quote": "joined the circle"})
    edit(ledger, JOINED[1], source={"document": "south-review", "quote": "joined the circle"})
    text = FORMATS["markdown"].render_report(build_report(ledger, ("spelling",)))
    assert "| spelling | document | line |" in text
    assert "| Sergei | north-gazette | 4 |" in text
    assert "| Sergey | south-review | 14 |" in text


def test_markdown_escapes_a_pipe_in_a_value(ledger: Ledger) -> None:
    edit(ledger, NORTH + "sapozhnikov-accused", value={"text": "plotting | scheming"})
    text = FORMATS["markdown"].render_report(build_report(ledger, ("review",)))
    assert "| plotting \\| scheming |" in text


def annotations(text: str) -> list[tuple[str, str, str]]:
    """(level, file, title) of each ::level file=...,title=...:: line."""
    found = re.findall(r"^::(\w+) file=([^,]+),line=\d+,col=\d+,title=([^:]+)::", text, re.M)
    return [(level, file, title.split(" ")[0]) for level, file, title in found]


def test_github_marks_untriaged_conflicts_as_errors(ledger: Ledger) -> None:
    text = FORMATS["github"].render_report(build_report(ledger))
    found = annotations(text)
    assert len(found) == 9
    assert [a for a in found if a[0] == "error"] == [
        ("error", "claims/north-gazette/sapozhnikov-joined.yaml", "conflict")
    ]
    assert {a[2] for a in found if a[0] == "warning"} == {"review", "arithmetic", "timeline"}
    assert [a[2] for a in found if a[0] == "notice"] == ["spelling"]
    assert text.endswith(
        "9 finding(s); 1 untriaged conflict(s); 1 open conflict(s), of which 0 acknowledged; "
        "0 settled\n"
    )


def test_github_errors_on_two_verified_sides_but_not_on_a_triaged_conflict(
    ledger: Ledger,
) -> None:
    for claim_id in JOINED:
        set_status(ledger, claim_id, "verified")
    levels = [a[0] for a in annotations(FORMATS["github"].render_report(build_report(ledger)))]
    assert levels.count("error") == 2  # the conflict, and conflict-both-verified
    set_status(ledger, JOINED[1], "refuted")
    levels = [a[0] for a in annotations(FORMATS["github"].render_report(build_report(ledger)))]
    assert levels.count("error") == 0


def test_github_escapes_what_would_end_an_annotation(ledger: Ledger) -> None:
    edit(ledger, NORTH + "sapozhnikov-accused", value={"text": "plotting: 100% sure,\nreally"})
    text = FORMATS["github"].render_report(build_report(ledger, ("review",)))
    assert "plotting: 100%25 sure,%0Areally" in text
    assert all(line.startswith("::") or line.endswith(" settled") for line in text.splitlines())
