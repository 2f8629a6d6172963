"""Coverage on the fixture ledger tests/fixtures/coverage.

Its seed, seeds/harbour.txt, holds two made-up articles. What the tests expect, read from it:

lantern-strike (lines 1-6) has 11 signals. Claims quote "3 March 2021" and "1,200" (one
quote), "two-and-a-half weeks" and "eighteen-year-old": 4 covered. The waiver file waives the
footnote marker "1" of "district.1": 1 waived. Missing: "40%", "$2,500", "May", "fourfold",
"Dozens", "3rd": 6. Coverage 5/11 = 45.45...%, shown as 45.4%.
river-ferry (lines 7-8) has 3 signals: "66-year-old" and "1998", both in one claim's quote,
and "five million dollars", missing. Coverage 2/3, shown as 66.6%.
Total: 14 signals, 6 covered, 1 waived, 7 missing: 50.0%.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims_ledger.coverage import HINT_LENGTH, hints, measure, percent, render_text, shorten
from claims_ledger.errors import LedgerError

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "coverage"
SEED = (FIXTURE / "seeds" / "harbour.txt").read_text(encoding="utf-8")
LINES = SEED.split("\n")


def copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "ledger"))


def by_status(report, document: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"covered": [], "waived": [], "missing": []}
    for d in report.documents:
        if d.document == document:
            for item in d.signals:
                found[item.status].append(item.signal.text)
    return found


def test_covered_waived_and_missing_per_document() -> None:
    report = measure(FIXTURE)
    assert [d.document for d in report.documents] == ["lantern-strike", "river-ferry"]
    assert by_status(report, "lantern-strike") == {
        "covered": ["3 March 2021", "1,200", "two-and-a-half weeks", "eighteen-year-old"],
        "waived": ["1"],
        "missing": ["40%", "$2,500", "May", "fourfold", "Dozens", "3rd"],
    }
    assert by_status(report, "river-ferry") == {
        "covered": ["66-year-old", "1998"],
        "waived": [],
        "missing": ["five million dollars"],
    }
    lantern, ferry = report.documents
    assert (lantern.coverage, ferry.coverage, report.coverage) == (45.4, 66.6, 50.0)
    assert (report.signals, report.count("covered"), report.count("waived")) == (14, 6, 1)
    assert report.findings == ()


def test_each_signal_knows_its_claims_place_and_sentence() -> None:
    lantern = measure(FIXTURE).documents[0]
    items = {item.signal.text: item for item in lantern.signals}
    assert items["1,200"].claims == ("lantern-strike/strike-began",)
    assert items["1"].reason == "footnote marker, not a fact"
    money = items["$2,500"]
    assert (money.line, money.column) == (4, LINES[3].index("$2,500") + 1)
    assert SEED[money.signal.start : money.signal.end] == "$2,500"
    assert money.sentence.text == (
        "Strike leader Mara Quill, an eighteen-year-old apprentice, was fined $2,500 in May."
    )
    assert SEED[money.sentence.start : money.sentence.end] == money.sentence.text


def test_named_sentences_without_a_claim_are_shown_not_counted() -> None:
    lantern, ferry = measure(FIXTURE).documents
    shown = [(n.line, n.names) for n in lantern.unclaimed]
    # Line 1 names the strike entity; line 2 the paper; line 5's first sentence the mayor.
    # Line 4's second sentence has no name; the sentences of lines 3-4 hold claims.
    assert shown == [
        (1, ("Lantern Works strike",)),
        (2, ("The Harbour Gazette",)),
        (5, ("Ilse Varga",)),
    ]
    assert ferry.unclaimed == ()


def test_focus_on_one_document() -> None:
    report = measure(FIXTURE, "river-ferry")
    assert [d.document for d in report.documents] == ["river-ferry"]
    assert (report.signals, report.coverage) == (3, 66.6)


@pytest.mark.parametrize(
    ("minimum", "below"),
    [
        (None, []),
        (45, []),
        (45.45, []),  # 5/11 is 45.4545...: above it, although it shows as 45.4%
        (45.5, ["lantern-strike"]),
        (50, ["lantern-strike"]),
        (50.01, ["lantern-strike", "total"]),
        (70, ["lantern-strike", "river-ferry", "total"]),
    ],
)
def test_minimum_compares_exactly(minimum: float | None, below: list[str]) -> None:
    report = measure(FIXTURE, minimum=minimum)
    assert report.below() == below
    assert report.exit_code() == (1 if below else 0)


def test_percent_rounds_down() -> None:
    assert percent(5, 11) == 45.4
    assert percent(1999, 2000) == 99.9
    assert percent(0, 0) == 100.0


def test_claims_whose_quote_does_not_anchor_cover_nothing(tmp_path: Path) -> None:
    root = copy(tmp_path)
    path = root / "claims" / "river-ferry" / "reed-age.yaml"
    path.write_text(path.read_text().replace("a 66-year-old veteran", "a 67-year-old veteran"))
    report = measure(root, "river-ferry")
    ferry = report.documents[0]
    assert ferry.unanchored == ("river-ferry/reed-age",)
    assert "quote does not anchor (see `claims validate`): river-ferry/reed-age\n" in (
        render_text(report)
    )
    assert ferry.claims == ()
    assert ferry.count("covered") == 0
    # With no claim left in it, the first sentence now shows its name.
    assert [n.names for n in ferry.unclaimed] == [("Tomas Reed",)]


def test_json_shape() -> None:
    data = measure(FIXTURE, "river-ferry", 60).as_dict()
    assert data["min"] == 60
    assert data["total"] == {
        "documents": 1,
        "counts": {"signals": 3, "covered": 2, "waived": 0, "missing": 1},
        "coverage": 66.6,
        "below_min": False,
    }
    (ferry,) = data["documents"]
    assert ferry["file"] == "seeds/harbour.txt"
    assert ferry["lines"] == {"first": 7, "last": 8}
    assert ferry["claims"] == 1
    money = ferry["signals"][2]
    start = SEED.index("five million dollars")
    assert money == {
        "kind": "money",
        "text": "five million dollars",
        "line": 8,
        "column": LINES[7].index("five million dollars") + 1,
        "start": start,
        "end": start + len("five million dollars"),
        "status": "missing",
        "claims": [],
        "reason": None,
        "sentence": {
            "start": SEED.index("Its annual"),
            "end": SEED.index("dollars.") + len("dollars."),
            "text": "Its annual budget is five million dollars.",
        },
    }


def test_text_lists_missing_signals_under_their_sentence() -> None:
    text = render_text(measure(FIXTURE, "lantern-strike", 50))
    column = LINES[3].index("$2,500") + 1
    assert f'    seeds/harbour.txt:4:{column}  money "$2,500"\n' in text
    assert "  11 signal(s): 4 covered, 1 waived, 6 missing; coverage 45.4%\n" in text
    assert "        | Strike leader Mara Quill" in text
    assert text.endswith("below --min 50%: lantern-strike, total\n")


def test_unknown_document_is_an_input_error() -> None:
    with pytest.raises(LedgerError, match=r"no document 'nowhere'.*lantern-strike, river-ferry"):
        measure(FIXTURE, "nowhere")


def test_a_manifest_that_does_not_load_is_an_input_error(tmp_path: Path) -> None:
    root = copy(tmp_path)
    (root / "seeds" / "documents.yaml").write_text("documents:\n  - id: [unclosed\n")
    with pytest.raises(LedgerError, match=r"seeds/documents\.yaml:\d+:\d+: "):
        measure(root)


def test_a_missing_seed_is_an_input_error(tmp_path: Path) -> None:
    root = copy(tmp_path)
    (root / "seeds" / "harbour.txt").unlink()
    with pytest.raises(LedgerError, match=r"lantern-strike.*claims validate"):
        measure(root)


def test_shorten_keeps_a_short_sentence_and_cuts_a_long_one_at_a_word() -> None:
    assert shorten("Its annual\n budget is  five million dollars.") == (
        "Its annual budget is five million dollars."
    )
    exactly = "x" * HINT_LENGTH
    assert shorten(exactly) == exactly
    long = "word " * 40
    short = shorten(long)
    assert short.endswith("word...") and len(short) <= HINT_LENGTH


def test_a_sentence_with_only_covered_or_waived_signals_gets_no_hint() -> None:
    report = measure(FIXTURE)
    shown = [(h.document, h.file, h.line) for d in report.documents for h in hints(d)]
    assert shown == [
        ("lantern-strike", "seeds/harbour.txt", 3),
        ("lantern-strike", "seeds/harbour.txt", 4),
        ("lantern-strike", "seeds/harbour.txt", 5),
        ("lantern-strike", "seeds/harbour.txt", 6),
        ("river-ferry", "seeds/harbour.txt", 8),
    ]
    texts = [h.text for d in report.documents for h in hints(d)]
    assert not any(t.startswith(("On 3 March", "Ferry captain")) for t in texts)
