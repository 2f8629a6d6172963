"""sentences.segment: pysbd's own cuts, found without compiling a pattern a sentence."""

from __future__ import annotations

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims_ledger.reading.sentences import segment
from claims_ledger.reading.signals import sentences
from helpers import REPO, SENTENCE_TOKENS, VALID, build_ledger, generated, invoke

PYSBD = pysbd.Segmenter(language="en", clean=False)


def paragraphs() -> list[str]:
    found = []
    for root in (REPO, VALID):
        for path in sorted((root / "seeds").glob("*.txt")):
            found += [line for line in path.read_text(encoding="utf-8").split("\n") if line]
    return found


def test_every_paragraph_of_the_seeds_is_cut_as_pysbd_cuts_it():
    texts = paragraphs()
    assert len(texts) > 50
    for text in texts:
        assert segment(text) == PYSBD.segment(text), text


def test_repeated_sentences_and_odd_spaces_are_cut_as_pysbd_cuts_them():
    for text in (
        "",
        " ",
        "Hi. Hi. Hi.",
        "It rained.  It rained.\u00a0It rained.\u2003Then it stopped.",
        "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. He left.",
        "One.\tTwo.\x0bThree!\x1cFour? Five…",
        '"Go," he said. "Now." (Then he went.)',
        "1. First item 2. Second item",
    ):
        assert segment(text) == PYSBD.segment(text), text


def test_every_paragraph_of_a_generated_ledger_is_cut_as_pysbd_cuts_it(tmp_path):
    root = generated(tmp_path / "ledger", 600)
    texts = []
    for path in sorted((root / "seeds").glob("*.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").split("\n") if line]
    assert len(texts) > 500
    for text in texts:
        assert segment(text) == PYSBD.segment(text), text


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_TOKENS), max_size=30).map("".join))
def test_text_of_what_the_rules_look_for_is_cut_as_pysbd_cuts_it(text: str):
    assert_cut_as_pysbd(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab. ?!\"'()…-1eIMrDUS\n\t\u00a0\u2003", max_size=60))
def test_any_text_is_cut_as_pysbd_cuts_it(text: str):
    assert_cut_as_pysbd(text)


# Words that are pysbd abbreviations, or hold one, and what may stand around them: its
# abbreviation search is skipped where it can change nothing, and must cut the same.
WORDS = [
    "Mr", "mr", "MR", "No", "no", "nov", "co", "Court", "St", "first", "a.m", "p.m", "A.M",
    "U.S", "vs", "etc", "Jan", "Fig", "Dr", "Gen", "sec", "pres", "ca", "i.e", "e.g", "ſt",
    "\u212ao", "İnc", "Inc", "5", "10", "Smith", "he", "The",
]  # fmt: skip
GLUE = [" ", ". ", ".", "  ", "\t", "\x1c", "\x1f", "\u00a0", ", ", "? ", "! ", "(", ") ", ":"]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.",
        "The co. filed no. 5 on Nov. 3.\x1cSt. Louis is first. He left.",
        "x ſt. Louis is first. He left.",
        "ſec. secfirst",  # re's IGNORECASE takes "ſ" for "s", and lower() does not
        "The \u212ao. 5 case was heard. It ended.",
        "İnc. rose. Inc. fell. No. 7 won.",
        "MR. JONES SAID SO. DR. WHO AGREED.",
        "She met Gen.\tSmith at the ca. 1900 house.\u00a0Then she left.",
    ],
)
def test_abbreviations_by_every_kind_of_space_and_case_are_cut_as_pysbd_cuts_them(text: str):
    assert segment(text) == PYSBD.segment(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS + GLUE), max_size=24).map("".join))
def test_any_run_of_abbreviations_is_cut_as_pysbd_cuts_it(text: str):
    assert_cut_as_pysbd(text)


SEPARATORS = str.maketrans(dict.fromkeys("\x1c\x1d\x1e\x1f", " "))


def assert_cut_as_pysbd(text: str) -> None:
    """pysbd's cut; where pysbd raises (a separator before a list's number), its cut of the
    text with the separators as spaces, each sentence as the text has it."""
    try:
        expected = PYSBD.segment(text)
    except ValueError:
        cut = segment(text)
        assert all(piece in text for piece in cut), cut
        assert [piece.translate(SEPARATORS) for piece in cut] == PYSBD.segment(
            text.translate(SEPARATORS)
        )
    else:
        assert segment(text) == expected


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("\x1c5. ", ["5. "]),
        ("Text \x1c5. More.", ["Text \x1c5. ", "More."]),
        ("1.\x1c2. x", ["1.\x1c", "2. x"]),
        ("\x1c10. A. \x1f11. B.", ["10. A. \x1f11. B."]),
    ],
)
def test_a_separator_before_a_list_number_is_cut_not_raised(text: str, cut: list[str]):
    with pytest.raises(ValueError):
        PYSBD.segment(text)  # pysbd's own int() of "\x1c5"
    assert segment(text) == cut
    found = sentences(text, 0, len(text))
    assert [(s.start, s.end) for s in found] == [
        (text.index(p.strip()), text.index(p.strip()) + len(p.strip())) for p in cut
    ]


def test_a_seed_with_a_separator_before_a_number_is_shown_published_and_covered(tmp_path):
    root = build_ledger(tmp_path / "ledger")
    seed = root / "seeds" / "harbour.txt"
    text = seed.read_text(encoding="utf-8")
    marked = text.replace("who still runs it.", "who still runs it \x1c5. then", 1)
    assert marked != text
    seed.write_text(marked, encoding="utf-8")
    for args in (
        ("show", "courier-ferry/company-founded"),
        ("coverage",),
        ("site", tmp_path / "site"),
    ):
        result = invoke(*args, "--root", root)
        # the seed's hash no longer matches its manifest: a finding, never a traceback
        assert result.exit_code in (0, 1), (args, result.output)
    page = (tmp_path / "site" / "claims" / "courier-ferry" / "company-founded.html").read_text()
    assert "who still runs it \x1c5." in page
