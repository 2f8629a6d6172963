"""claims show and the list table: the passage, the claims on the same key, within 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from claims_ledger.checking.validation import prepare
from claims_ledger.errors import LedgerError
from claims_ledger.output.showing import (
    claim_view,
    claims_table,
    render_plain,
    render_rich,
    sentence_around,
)
from claims_ledger.reading.anchoring import Anchor
from claims_ledger.records.loading import Ledger

WORKFLOW = Path(__file__).parent / "fixtures" / "workflow"


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return prepare(WORKFLOW)


def test_the_passage_is_the_sentence_around_the_quote(ledger: Ledger) -> None:
    # Line 4: "... and eleven neighbours. It now has more than 320 members, and the
    # cooperative presses cider every autumn." The quote sits inside the second sentence.
    seed = ledger.seeds["orchard.txt"]
    start = seed.text.index("more than 320 members")
    line, column = seed.position(start)
    found = Anchor(start, start + len("more than 320 members"), line, column)
    assert sentence_around(seed, found) == (
        "It now has ",
        ", and the cooperative presses cider every autumn.",
    )


def test_a_quote_that_is_a_whole_sentence_has_only_its_full_stop_around(ledger: Ledger) -> None:
    view = claim_view(ledger, "orchard-at-fifty/pickers-wage")
    assert view.passage is not None
    assert (view.passage.before, view.passage.after) == ("", ".")
    assert (view.passage.file, view.passage.line) == ("seeds/orchard.txt", 5)


def test_other_claims_share_the_key_including_its_qualifiers(ledger: Ledger) -> None:
    view = claim_view(ledger, "orchard-at-fifty/pickers-wage")
    # The letter repeats the pickers' wage (role=picker); the pressers' wage is another key.
    assert [(r.id, r.outcome, r.line) for r in view.related] == [
        ("letter-vell/pickers-wage", "agree", 12)
    ]
    assert view.key == "brenna-orchard-cooperative · hourly-wage (role=picker)"


def test_a_conflict_is_shown_with_its_outcome(ledger: Ledger) -> None:
    view = claim_view(ledger, "orchard-at-fifty/cooperative-founded")
    assert [(r.id, r.value, r.document, r.line, r.outcome, r.status) for r in view.related] == [
        ("letter-vell/charter-dated-1975", "1975", "letter-vell", 11, "conflict", "disputed")
    ]


def test_plain_text_marks_the_quote(ledger: Ledger) -> None:
    text = render_plain(claim_view(ledger, "orchard-at-fifty/pickers-wage"))
    assert "  »The cooperative pays its pickers 14 euros an hour«.\n" in text
    assert "Passage (orchard-at-fifty, seeds/orchard.txt:5:50):" in text
    assert "\x1b[" not in text
    assert "  agree      letter-vell/pickers-wage  [unverified]\n" in text
    assert "pressers-wage" not in text


def test_rich_text_highlights_the_quote(ledger: Ledger) -> None:
    console = Console(width=100, force_terminal=True, color_system="standard")
    with console.capture() as captured:
        console.print(render_rich(claim_view(ledger, "orchard-at-fifty/cooperative-founded")))
    out = captured.get()
    assert "The Brenna orchard cooperative was founded in 1974" in out
    assert "»" not in out
    assert "\x1b[1;30;43mThe Brenna orchard cooperative was founded in 1974\x1b[0m" in out


def test_a_claim_can_be_named_by_its_path(ledger: Ledger) -> None:
    view = claim_view(ledger, "claims/letter-vell/pickers-wage.yaml")
    assert view.claim.id == "letter-vell/pickers-wage"


def test_an_unknown_claim_suggests_the_nearest_ids(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="did you mean letter-vell/pickers-wage"):
        claim_view(ledger, "letter-vell/pickers-wages")


def test_the_table_fits_80_columns_and_lists_every_claim(ledger: Ledger) -> None:
    ids = sorted(ledger.claims)
    table = claims_table(ledger, ids, width=80)
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 80
    for claim_id in ids:
        assert any(line.startswith(claim_id) for line in lines), claim_id
    assert lines[-1] == "7 claim(s)"
    assert "\x1b[" not in table


def test_the_table_folds_long_ids_rather_than_cutting_them(ledger: Ledger) -> None:
    table = claims_table(ledger, sorted(ledger.claims), width=40)
    assert max(len(line) for line in table.splitlines()) <= 40
    assert "…" not in table


def test_many_valued_properties_show_other_values_as_distinct(ledger: Ledger) -> None:
    # founder takes many values: Ilse Maranta and the eleven neighbours are both founders.
    view = claim_view(ledger, "orchard-at-fifty/founded-by-maranta")
    assert [(r.id, r.outcome) for r in view.related] == [
        ("orchard-at-fifty/founded-by-neighbours", "distinct")
    ]


def test_show_compares_places_as_the_report_does() -> None:
    # In the bundled ledger Ufa lies within Russia: "arrested in Russia" (Spartak) and
    # "detained in Ufa" (Petrov) are compatible in `claims show`, and no report finding.
    repo = Path(__file__).resolve().parent.parent
    bundled = prepare(repo)
    view = claim_view(bundled, "spartak-no-one-safe/sapozhnikov-arrested-in-russia")
    outcomes = {item.id: item.outcome for item in view.related}
    assert outcomes == {"petrov-repression/ufa-sapozhnikov-detained-in-ufa": "compatible"}
