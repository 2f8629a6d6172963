"""Coverage on the fixture ledger tests/fixtures/coverage.

Its seed, seeds/harbour.txt, holds two made-up articles. What the tests expect, read from it:

lantern-strike (lines 1-6) has 11 signals. Claims quote "3 March 2021" and "1,200" (one
quote), "two-and-a-half weeks" and "eighteen-year-old": 4 covered. The waiver file waives the
footnote marker "1" of "district.1": 1 waived. Missing: "40%", "$2,500", "May", "fourfold",
"Dozens", "3rd": 6. Coverage 5/11 = 45.45...%, shown as 45.4%.
river-ferry (lines 7-8) has 3 signals: "66-year-old" and "1998", both in one claim's quote,
and "five million dollars", missing. Coverage 2/3, shown as 66.6%.
Total: 14 signals, 6 covered, 1 waived, 7 missing: 50.0%.

Sentences, read from the seed: lantern-strike has 9 (the title; "First published ..."; two on
line 3; two on line 4; two on line 5; line 6). The claims' quotes lie in the two of line 3 and
the first of line 4: 3 covered. seeds/sentence-waivers/lantern-strike.yaml waives the title
as a heading: 1 waived. 5 missing: 4/9 = 44.4%. river-ferry has 4 (the title, the captain's
sentence, the fare, the budget): the captain's is covered, 3 missing: 25.0%. Total: 13
sentences, 4 covered, 1 waived, 8 missing: 5/13 = 38.4%.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from claims_ledger.coverage import measure, percent
from claims_ledger.coverage_text import HINT_LENGTH, hints, render_text, shorten
from claims_ledger.errors import LedgerError
from claims_ledger.sentence_waivers import REASONS, WAIVERS_DIR

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


def sentences_by_status(report, document: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"covered": [], "waived": [], "missing": []}
    for d in report.documents:
        if d.document == document:
            for item in d.sentences:
                found[item.status].append(item.sentence.text)
    return found


def test_every_sentence_is_covered_waived_or_missing() -> None:
    report = measure(FIXTURE)
    assert sentences_by_status(report, "lantern-strike") == {
        "covered": [
            LINES[2][: LINES[2].index(" The strike")],
            LINES[2][LINES[2].index("The strike") :],
            LINES[3][: LINES[3].index(" Someone")],
        ],
        "waived": ["The Lantern Works strike"],
        "missing": [
            "First published in The Harbour Gazette.",
            LINES[3][LINES[3].index("Someone") :],
            "Mayor Ilse Varga said nothing at all.",
            "The owners had promised a fourfold rise in pay.",
            "Dozens of supporters came from the 3rd district.1",
        ],
    }
    assert sentences_by_status(report, "river-ferry") == {
        "covered": [LINES[7][: LINES[7].index(" He says")]],
        "waived": [],
        "missing": [
            "The river ferry",
            "He says the fare was once doubled.",
            "Its annual budget is five million dollars.",
        ],
    }
    lantern, ferry = report.documents
    assert (lantern.sentence_coverage, ferry.sentence_coverage) == (44.4, 25.0)
    assert (report.sentences, report.sentence_count("missing"), report.sentence_coverage) == (
        13,
        8,
        38.4,
    )
    assert lantern.reasons()["heading"] == 1 and sum(lantern.reasons().values()) == 1


def test_a_sentence_knows_its_place_its_claims_and_its_waiver() -> None:
    lantern = measure(FIXTURE).documents[0]
    first, *_ = lantern.sentences
    assert (first.line, first.column, first.reason) == (1, 1, "heading")
    assert first.waiver == f"{WAIVERS_DIR}/lantern-strike.yaml"
    began = next(s for s in lantern.sentences if s.sentence.text.startswith("On 3 March"))
    assert began.claims == ("lantern-strike/strike-began",)
    assert SEED[began.sentence.start : began.sentence.end] == began.sentence.text


def test_a_sentence_without_a_letter_or_digit_is_not_counted(tmp_path: Path) -> None:
    root = copy(tmp_path)
    seed = root / "seeds" / "harbour.txt"
    text = seed.read_text(encoding="utf-8").replace("in pay.\n", "in pay. * * *\n")
    seed.write_text(text, encoding="utf-8")
    manifest = root / "seeds" / "documents.yaml"
    digest = hashlib.sha256(text.encode()).hexdigest()
    manifest.write_text(re.sub("[0-9a-f]{64}", digest, manifest.read_text()))
    lantern = measure(root, "lantern-strike").documents[0]
    assert len(lantern.sentences) == 9
    assert not any("*" in s.sentence.text for s in lantern.sentences)


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
def test_minimum_compares_exactly(tmp_path: Path, minimum: float | None, below: list[str]) -> None:
    root = all_sentences_waived(tmp_path)  # so that only the signals can be under the minimum
    report = measure(root, minimum=minimum)
    assert report.sentence_coverage == 100.0
    assert report.below() == below
    assert report.exit_code() == (1 if below else 0)


def all_sentences_waived(tmp_path: Path) -> Path:
    """A copy of the fixture whose every missing sentence is waived (as a heading: the
    arithmetic, not the reason, is under test)."""
    root = copy(tmp_path)
    report = measure(root)
    folder = root / WAIVERS_DIR
    for d in report.documents:
        lines = [f"document: {d.document}", "waivers:"]
        for item in d.sentences:
            if item.status != "covered":
                quote = item.sentence.text.replace('"', '\\"')
                lines += [f'  - quote: "{quote}"', "    reason: heading", "    note: test"]
        (folder / f"{d.document}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("minimum", "below"),
    [
        (25, []),
        (25.01, ["river-ferry"]),
        (38.46, ["river-ferry"]),  # 5/13 is 38.46...: above it
        (38.47, ["river-ferry", "total"]),
        (44.45, ["lantern-strike", "river-ferry", "total"]),
    ],
)
def test_minimum_holds_for_sentences_too(minimum: float, below: list[str]) -> None:
    report = measure(FIXTURE, minimum=minimum)
    assert report.coverage == 50.0  # the signals alone would pass every minimum here
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
    # With no claim left in it, the captain's sentence is missing too.
    assert ferry.sentence_count("covered") == 0


def test_json_shape() -> None:
    data = measure(FIXTURE, "river-ferry", 60).as_dict()
    assert data["min"] == 60
    assert data["total"] == {
        "documents": 1,
        "counts": {"signals": 3, "covered": 2, "waived": 0, "missing": 1},
        "coverage": 66.6,
        "sentences": {
            "counts": {"sentences": 4, "covered": 1, "waived": 0, "missing": 3},
            "waived_by_reason": dict.fromkeys(REASONS, 0),
            "coverage": 25.0,
        },
        "below_min": True,  # 66.6% of the signals, but 25% of the sentences
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
    # Signals missing: lines 3 (40%), 4 ($2,500, May), 5 (fourfold), 6, 8 (budget). Sentences
    # missing: 2, 4 (the second), 5 (both), 6, 7 (the title), 8 (both). One hint a sentence.
    lantern = [2, 3, 4, 4, 5, 5, 6]
    ferry = [7, 8, 8]
    assert shown == [("lantern-strike", "seeds/harbour.txt", n) for n in lantern] + [
        ("river-ferry", "seeds/harbour.txt", n) for n in ferry
    ]
    texts = [h.text for d in report.documents for h in hints(d)]
    assert not any(t.startswith(("On 3 March", "Ferry captain")) for t in texts)
