"""Signals, sentences and proper names: what counts as a checkable fact, and what must not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims_ledger.reading.signals import find_signals, known_names, proper_names, sentences


def kinds(sentence: str) -> list[tuple[str, str]]:
    return [(signal.kind, signal.text) for signal in find_signals(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He joined the circle in 2019.", [("year", "2019")]),
        (
            "More than 1,040 people were charged and 300 jailed.",
            [("number", "1,040"), ("number", "300")],
        ),
        ("The congress met in May.", [("month", "May")]),
        ("The strike lasted two-and-a-half years.", [("duration", "two-and-a-half years")]),
        ("They waited two-and-a-half.", [("number-word", "two-and-a-half")]),
        ("An eighteen-year-old student spoke.", [("age", "eighteen-year-old")]),
        ("A 66-year-old teacher was fined.", [("age", "66-year-old")]),
        ("The acquittal rate was 0.26-percent.", [("percentage", "0.26-percent")]),
        ("About 40% of them stayed.", [("percentage", "40%")]),
        ("The war cost more than $100 billion.", [("money", "$100 billion")]),
        ("The fine was 500,000 roubles.", [("money", "500,000 roubles")]),
        ("He paid a 300,000-rouble fine.", [("money", "300,000-rouble")]),
        ("Arrests rose fourfold.", [("number-word", "fourfold")]),
        (
            "Dozens of people and five officers came.",
            [("number-word", "Dozens"), ("number-word", "five")],
        ),
        ("On 24 June 2023 the putsch began.", [("date", "24 June 2023")]),
        ("Before February 22, 2022, they knew.", [("date", "February 22, 2022")]),
        ("On June 5, the court ruled.", [("date", "June 5")]),
        ("It opened on the fifth of June.", [("date", "fifth of June")]),
        ("In July 2023 he posted it.", [("date", "July 2023")]),
        ("It happened in the 17th century.", [("date", "17th century")]),
        ("The 19th Congress met.", [("ordinal", "19th")]),
        ("By the 1990s it was over.", [("year", "1990s")]),
        ("In 1917 and in 1918-19 it held.", [("year", "1917"), ("year", "1918-19")]),
        ("Members face up to 20 years.", [("duration", "20 years")]),
        ("They face 15 to 30 years.", [("duration", "15 to 30 years")]),
        ("He was banned for one year.", [("duration", "one year")]),
        ("Twenty-one members signed.", [("number-word", "Twenty-one")]),
        ("It was sent to the Soviets.1 But", [("number", "1")]),
        ("Under article 20.3.3 he was fined.", [("number", "20.3.3")]),
    ],
)
def test_signal_kinds(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Someone often said that everyone was alone.",  # ten, one inside words
        "One way or another, no one came.",  # "one" alone is a pronoun
        "A two-party system is one-sided.",  # number words that begin an adjective
        "May I ask what the first step is?",  # the modal verb; an ordinal word
        "Then March on, they said.",  # "March" with no date word before it
        "The regional first secretaries met often.",
        "Nothing here is tenuous or toned down.",
    ],
)
def test_near_misses_are_not_signals(sentence: str) -> None:
    assert kinds(sentence) == []


def test_signal_offsets_are_offsets_in_the_seed() -> None:
    text = "Intro. He was 66-year-old in 2019."
    start = text.index("He")
    for signal in find_signals(text[start:], start):
        assert text[signal.start : signal.end] == signal.text
    assert [s.start for s in find_signals(text[start:], start)] == [
        text.index("66"),
        text.index("2019"),
    ]


def test_sentences_keep_exact_offsets_and_never_cross_a_line() -> None:
    text = "A title with no stop\nDr. Reed arrived in 2019.  He left.\n\n  Last one.\n"
    found = sentences(text, 0, len(text))
    assert [s.text for s in found] == [
        "A title with no stop",
        "Dr. Reed arrived in 2019.",
        "He left.",
        "Last one.",
    ]
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text


def test_sentences_of_crlf_text() -> None:
    text = "First one.\r\nIn 2019 it rained.\r\n"
    found = sentences(text, 0, len(text))
    assert [s.text for s in found] == ["First one.", "In 2019 it rained."]
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text


def test_sentences_of_a_span_only() -> None:
    text = "Before. Inside one. Inside two.\nAfter."
    start, end = text.index("Inside"), text.index("\nAfter")
    found = sentences(text, start, end)
    assert [(s.start, s.text) for s in found] == [
        (start, "Inside one."),
        (text.index("Inside two"), "Inside two."),
    ]


def test_proper_names_skip_the_first_word_unless_it_is_known() -> None:
    sentence = "Prigozhin met Boris Kagarlitsky in June."
    assert proper_names(sentence) == ["Boris Kagarlitsky"]
    assert proper_names(sentence, known_names(["Prigozhin"])) == ["Prigozhin", "Boris Kagarlitsky"]


def test_proper_names_skip_quote_openers_and_keep_abbreviations() -> None:
    assert proper_names("She said “The end is near” and left.") == []
    assert proper_names("He flew to St. Petersburg and the U.S. later.") == [
        "St. Petersburg",
        "U.S.",
    ]
    assert proper_names("It’s Putin’s war.") == ["Putin"]


def test_known_names_are_proper_names_only() -> None:
    assert known_names(["the war", "conflict in Ukraine"]) is None
    pattern = known_names(["the war", "Ufa"])
    assert pattern is not None
    assert proper_names("Ufa is far.", pattern) == ["Ufa"]
    assert proper_names("Ufanet is far.", pattern) == []


TOKENS = ["2019", "1,040", "0.5", "one", "two-and-a-half", "years", "old", "May", "June", "in"]
TOKENS += ["Dr.", "$", "%", "-", "5th", "someone", "Reed", "“", "”", ".", " ", " ", "\n", "?"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_sentences_and_signals_are_exact_spans_and_miss_no_digit(text: str) -> None:
    found = sentences(text, 0, len(text))
    covered_chars: set[int] = set()
    end = 0
    for sentence in found:
        assert sentence.start >= end  # in order, never overlapping
        assert text[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text
        covered_chars.update(range(sentence.start, sentence.end))
        end = sentence.end
        taken = 0
        for signal in find_signals(sentence.text, sentence.start):
            assert signal.start >= taken
            assert text[signal.start : signal.end] == signal.text
            taken = signal.end
            covered_chars.difference_update(
                i for i in range(signal.start, signal.end) if text[i].isdigit()
            )
    # Every character but white space is in a sentence, and every digit in a signal.
    for index, char in enumerate(text):
        if not char.isspace():
            assert index in covered_chars or char.isdigit()
        if char.isdigit():
            assert index not in covered_chars
