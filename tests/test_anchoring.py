"""anchoring: a quote (with prefix/suffix) placed exactly once in its span, in code points."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_ledger.reading.anchoring import (
    Anchor,
    AnchorProblem,
    SeedText,
    _occurrences,
    anchor,
    nearest_match,
)

LINES = [
    "Ferry Line Turns Twenty-Five",  # 28 characters
    "The ferry company was founded in 1998 by Märta Lindqvist, who still runs it.",
    "“We never missed a crossing,” she said — not once.",
    "The ferry company asked for a pier. The ferry company was told to wait.",
    "Last line, without a newline",
]
TEXT = "\n".join(LINES)
SEED = SeedText.of(TEXT)
EVERYTHING = (0, len(TEXT))


def lines(first: int, last: int) -> tuple[int, int]:
    return SEED.span(first, last)


# --- SeedText ---


def test_line_starts_and_count() -> None:
    assert list(SEED.line_starts[:3]) == [0, 29, 29 + len(LINES[1]) + 1]
    assert SEED.line_count == 5
    assert SeedText.of(TEXT + "\n").line_count == 5  # a final newline adds no line
    assert SeedText.of("").line_count == 1


def test_seed_texts_are_equal_by_their_text() -> None:
    same = SeedText.of(TEXT)
    assert same == SEED and hash(same) == hash(SEED)
    assert SeedText.of(TEXT + "\n") != SEED
    assert SEED != TEXT  # not a string, though it holds one
    assert len({same, SEED}) == 1


def test_position_is_one_based_line_and_column() -> None:
    assert SEED.position(0) == (1, 1)
    assert SEED.position(28) == (1, 29)  # the newline ending line 1
    assert SEED.position(29) == (2, 1)


def test_span_covers_whole_lines_without_the_last_newline() -> None:
    start, end = lines(2, 3)
    assert TEXT[start:end] == LINES[1] + "\n" + LINES[2]
    start, end = lines(5, 5)
    assert TEXT[start:end] == LINES[4]  # the last line runs to the end of the text


# --- anchor ---


def test_a_unique_quote_is_placed_in_code_points() -> None:
    # Line 2 starts at offset 29; "The ferry company was founded in 1998 by Märta Lindqvist, "
    # is 58 characters (ä is one code point, two UTF-8 bytes), so the quote is at column 59.
    found = anchor(SEED, lines(2, 4), "who still runs it")
    assert found == Anchor(start=29 + 58, end=29 + 58 + 17, line=2, column=59)
    assert TEXT[found.start : found.end] == "who still runs it"


def test_a_quote_may_run_across_lines() -> None:
    found = anchor(SEED, lines(2, 4), "runs it.\n“We never")
    assert isinstance(found, Anchor)
    assert (found.line, TEXT[found.start : found.end]) == (2, "runs it.\n“We never")


def test_a_repeated_quote_is_ambiguous_and_says_where() -> None:
    # "The ferry company" opens line 2 and line 4, and follows "a pier. " (36 characters) on
    # line 4, at column 37.
    found = anchor(SEED, lines(2, 4), "The ferry company")
    assert isinstance(found, AnchorProblem)
    assert found.code == "quote-ambiguous"
    assert "3 times" in found.message
    assert "2:1, 4:1, 4:37" in found.message


@pytest.mark.parametrize(
    ("prefix", "suffix", "line", "column"),
    [
        ("pier. ", None, 4, 37),
        (None, " asked", 4, 1),
        (None, " was founded", 2, 1),
        ("pier. ", " was told", 4, 37),
    ],
)
def test_prefix_or_suffix_picks_one(
    prefix: str | None, suffix: str | None, line: int, column: int
) -> None:
    found = anchor(SEED, lines(2, 4), "The ferry company", prefix, suffix)
    assert isinstance(found, Anchor)
    assert (found.line, found.column) == (line, column)
    assert TEXT[found.start : found.end] == "The ferry company"


def test_a_suffix_shared_by_two_places_stays_ambiguous() -> None:
    # " was" follows "The ferry company" on line 2 and the second time on line 4.
    found = anchor(SEED, lines(2, 4), "The ferry company", suffix=" was")
    assert isinstance(found, AnchorProblem) and found.code == "quote-ambiguous"


@pytest.mark.parametrize(
    ("prefix", "suffix", "named"),
    [("harbour. ", None, "prefix"), (None, " sailed", "suffix"), ("x", "y", "prefix and suffix")],
)
def test_a_prefix_or_suffix_that_never_occurs_is_not_found(
    prefix: str | None, suffix: str | None, named: str
) -> None:
    found = anchor(SEED, lines(2, 4), "The ferry company", prefix, suffix)
    assert isinstance(found, AnchorProblem)
    assert found.code == "quote-not-found"
    assert f"never with this {named}" in found.message


def test_the_span_limits_where_a_quote_counts() -> None:
    # Only line 2 holds it once; only line 4 holds it twice; line 1 holds it not at all.
    assert isinstance(anchor(SEED, lines(2, 3), "The ferry company"), Anchor)
    ambiguous = anchor(SEED, lines(4, 4), "The ferry company")
    assert isinstance(ambiguous, AnchorProblem) and ambiguous.code == "quote-ambiguous"
    missing = anchor(SEED, lines(2, 5), "Ferry Line Turns")
    assert isinstance(missing, AnchorProblem) and missing.code == "quote-not-found"


def test_prefix_and_suffix_must_lie_inside_the_span() -> None:
    # The prefix "Five\n" ends line 1, outside a span starting at line 2.
    outside = anchor(SEED, lines(2, 2), "The ferry company", prefix="Five\n")
    assert isinstance(outside, AnchorProblem) and outside.code == "quote-not-found"
    # The suffix ".\n“We" runs into line 3, outside a span of line 2 only; "." alone does not.
    past_end = anchor(SEED, lines(2, 2), "who still runs it", suffix=".\n“We")
    assert isinstance(past_end, AnchorProblem) and past_end.code == "quote-not-found"
    assert isinstance(anchor(SEED, lines(2, 2), "who still runs it", suffix="."), Anchor)
    assert isinstance(anchor(SEED, lines(2, 3), "who still runs it", suffix=".\n“We"), Anchor)


def test_not_found_names_the_nearest_line() -> None:
    found = anchor(SEED, EVERYTHING, "was established in 1998 by Märta Lindqvist")
    assert isinstance(found, AnchorProblem)
    assert found.code == "quote-not-found"
    assert "nearest passage is at line 2" in found.message
    assert "other quote marks" not in found.message


def test_typography_only_difference_is_said_so() -> None:
    # Straight quotes and a hyphen where the seed has curly quotes and an em dash.
    found = anchor(SEED, EVERYTHING, '"We never missed a crossing," she said - not once.')
    assert isinstance(found, AnchorProblem)
    assert found.code == "quote-not-found"
    assert "at line 3 with other quote marks, dashes or spaces" in found.message
    assert LINES[2] in found.message  # the exact text to copy


def test_a_quote_like_nothing_in_the_text_says_copy_it() -> None:
    found = anchor(SEED, EVERYTHING, "zzzz qqqq xxxx")
    assert isinstance(found, AnchorProblem)
    assert "does not occur in the document: copy it from the seed text" in found.message


@pytest.mark.parametrize("quote", ["\u2003", "\t", "  \u00a0 "])
def test_a_blank_quote_that_does_not_occur_is_not_found_not_a_crash(quote: str) -> None:
    found = anchor(SEED, EVERYTHING, quote)
    assert isinstance(found, AnchorProblem) and found.code == "quote-not-found"
    assert nearest_match(SEED, EVERYTHING, quote) is None


def test_nearest_match_reports_line_passage_and_kind() -> None:
    line, passage, folded = nearest_match(SEED, EVERYTHING, "asked for a peir") or (0, "", True)
    assert (line, folded) == (4, False)
    assert passage == "asked for a pier"


# --- the quote found once with nothing to pick: placed without listing every hit ---

SMALL = st.text(alphabet="ab\n", max_size=14)


@given(text=SMALL, quote=st.text(alphabet="ab\n", min_size=1, max_size=3), data=st.data())
def test_a_quote_is_placed_as_every_occurrence_in_its_span_says(
    text: str, quote: str, data: st.DataObject
) -> None:
    """Overlapping hits ("aa" in "aaa"), hits at either edge of the span and hits that run
    past its end: one occurrence, counted as _occurrences counts them, is an anchor."""
    seed = SeedText.of(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    hits = _occurrences(text, quote, start, end)
    found = anchor(seed, (start, end), quote)
    if len(hits) == 1:
        line, column = seed.position(hits[0])
        assert found == Anchor(hits[0], hits[0] + len(quote), line, column)
    else:
        assert isinstance(found, AnchorProblem)
        assert found.code == ("quote-not-found" if not hits else "quote-ambiguous")
        if hits:
            assert f"occurs {len(hits)} times" in found.message


@pytest.mark.parametrize(
    ("text", "span", "quote", "hits"),
    [
        ("aaa", (0, 3), "aa", 2),  # overlapping: the second starts inside the first
        ("abab", (0, 4), "ab", 2),
        ("abab", (0, 3), "ab", 1),  # the second runs past the span
        ("abab", (1, 4), "ab", 1),  # the first starts before it
        ("ab\nab", (0, 5), "b\na", 1),
    ],
)
def test_overlapping_and_edge_hits_are_counted(
    text: str, span: tuple[int, int], quote: str, hits: int
) -> None:
    found = anchor(SeedText.of(text), span, quote)
    assert isinstance(found, Anchor) if hits == 1 else found.code == "quote-ambiguous"


def test_an_anchor_is_pickled_by_its_values() -> None:
    """Workers send an anchor back with every claim: its state is its four numbers."""
    anchor = Anchor(10, 24, 3, 7)
    assert anchor.__getstate__() == (10, 24, 3, 7)
    assert pickle.loads(pickle.dumps(anchor)) == anchor
