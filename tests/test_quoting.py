"""Finding a pasted quote: every occurrence, and the selectors that single one out."""

from __future__ import annotations

from claims_ledger.authoring.quoting import occurrences, selectors
from claims_ledger.reading.anchoring import Anchor, SeedText, anchor


def test_selectors_grow_until_one_occurrence_is_singled_out() -> None:
    seed = SeedText.of("I saw the cat. You saw the cat. I saw the cat today.\n")
    span = (0, len(seed.text) - 1)
    hits = occurrences(seed, span, "the cat")
    assert [h.start for h in hits] == [6, 23, 38]
    for hit in hits:
        prefix, suffix = selectors(seed, span, "the cat", hit.start)
        found = anchor(seed, span, "the cat", prefix, suffix)
        assert isinstance(found, Anchor) and found.start == hit.start
    # One word either side is not enough for the first ("saw " and "." recur); two are.
    assert selectors(seed, span, "the cat", 6) == (None, ". You")


def test_occurrences_are_offered_with_their_line_and_context() -> None:
    seed = SeedText.of("A first line.\nSay the cat sat. Then the cat ran.\n")
    span = (0, len(seed.text) - 1)
    hits = occurrences(seed, span, "the cat")
    assert [(h.line, h.column) for h in hits] == [(2, 5), (2, 23)]
    assert hits[0].context == "…Say »the cat« sat. Then the cat ran.…"


def test_occurrences_stay_inside_the_document_span() -> None:
    seed = SeedText.of("the cat\nthe cat\n")
    second_line = (8, 15)
    assert [h.line for h in occurrences(seed, second_line, "the cat")] == [2]
