"""Signals: the spans of a text that state something checkable, and its sentences and names.

A *signal* is a number ("1,040"), a year ("2019", "1918-19", "the 1990s"), a date
("24 June 2023", "February 22, 2022", "the 17th century"), a month ("in May"), a number word
("five", "two-and-a-half", "fourfold", "dozens"), an ordinal in digits ("19th"), a percentage
("0.26-percent"), money ("$100 billion", "500,000 roubles"), a duration ("six years",
"two months") or an age ("66-year-old", "eighteen-year-old"). Each is found once, as the
largest of these it is part of: "24 June 2023" is one date, not a number, a month and a year.

What is deliberately not a signal: a number word inside another word ("someone", "often",
"everyone"); "one" on its own (a pronoun or an article far more often than a count: "one way
or another"; "one year" and "twenty-one" do count); a number word that begins a compound
adjective ("a two-party system", "one-sided"); ordinal words ("the first step") unless they
date something ("the fifth of June"); "May" and "March" unless they follow a word that
introduces a date ("in May") or carry a day or year, since both are also common words.

Sentences come from pysbd, one line (paragraph) at a time: a sentence never crosses a line
break. Offsets are code points in the seed file, as anchoring's are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import segment

KINDS = ("date", "age", "money", "percentage", "duration", "year", "ordinal", "number")
KINDS += ("number-word", "month")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's span [start, end) in the seed file, without surrounding white space."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Signal:
    """A span [start, end) of the seed file that states something checkable."""

    kind: str
    text: str
    start: int
    end: int


def sentences(text: str, start: int, end: int) -> list[Sentence]:
    """The sentences of text[start:end], each with its exact offsets in `text`.

    pysbd finds the boundaries; each sentence it returns is found again in order in its line,
    so the offsets are exact whatever it does to white space. Text it leaves out (it should
    not) becomes a sentence of its own, so no signal can fall between sentences.
    """
    found: list[Sentence] = []
    line_start = start
    for line in text[start:end].split("\n"):
        cursor = 0
        for piece in segment(line) if line.strip() else ():
            piece = piece.strip()
            at = line.find(piece, cursor) if piece else -1
            if at < 0:
                continue
            _gap(found, line, line_start, cursor, at)
            found.append(Sentence(line_start + at, line_start + at + len(piece), piece))
            cursor = at + len(piece)
        _gap(found, line, line_start, cursor, len(line))
        line_start += len(line) + 1
    return found


def _gap(found: list[Sentence], line: str, base: int, start: int, end: int) -> None:
    piece = line[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        found.append(Sentence(base + start + lead, base + start + lead + len(piece), piece))


# The building blocks of the signal patterns. Month names are case-sensitive (they are
# capitalised in English, and "may" and "march" are also common words); number words are not.
_UNITS_1_9 = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALES = "hundred|thousand|million|billion|trillion"
_WORD_STEM = rf"(?:(?:{_TENS})(?:-(?:{_UNITS_1_9}))?|{_TEENS}|{_UNITS_1_9}|zero|{_SCALES}|dozen)"
_WORD = rf"{_WORD_STEM}\b"
_FRACTION = r"(?:halves|half|thirds?|quarters?)\b"
_NUMBER_WORDS = (
    rf"\b(?i:{_WORD}(?:[- ](?:and[- ])?{_WORD})*"
    rf"(?:[- ]and[- ]a[- ](?:half|quarter)\b|[- ]{_FRACTION})?)"
)
_DIGITS = r"(?<!\d)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)*(?!\d)"
_SCALED = rf"{_DIGITS}(?:\s(?i:{_SCALES})\b)?"
_NUM = rf"(?:{_SCALED}|{_NUMBER_WORDS})"
_RANGE = rf"{_NUM}(?:\s?(?:[-–—]|to|or)\s?{_NUM})?"
_HALF = r"(?:[- ]and[- ]a[- ]half)"

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH = rf"(?:(?:{_MONTHS})\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
_ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "twenty-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|"
    "thirty-first"
)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?(?![\w])|(?i:{_ORDINAL_WORDS})\b)"
_YEAR = r"(?<![\d,.])(?:1[5-9]|20)\d\d(?![\d]|[.,]\d)"
_CENTURY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|(?i:{_ORDINAL_WORDS}))[- ](?i:century|centuries)\b"
_TIME_UNIT = r"(?i:years?|months?|weeks?|days?|hours?|minutes?|decades?|century|centuries)\b"
_TIME_UNIT_ONE = r"(?i:year|month|week|decade|century)\b"
_DATE_WORD = (
    r"(?:in|of|since|until|till|by|from|to|before|after|during|through|on|early|late|"
    r"mid|last|next|this|that|each|every)[\s-]"
)

# (kind, pattern), in priority order: a later match that overlaps an earlier one is dropped,
# so "24 June 2023" is one date, not a number, a month and a year.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("date", rf"{_DAY}\s(?:of\s)?{_MONTH}(?:,?\s{_YEAR})?"),
        ("date", rf"{_MONTH}\s(?:the\s)?{_DAY}(?:,?\s{_YEAR})?"),
        ("date", rf"{_MONTH},?\s{_YEAR}"),
        ("date", _CENTURY),
        (
            "age",
            rf"{_NUM}[- ](?i:years?)[- ](?i:old)\b|\b(?i:aged|age of)\s{_NUM}"
            rf"|{_NUM}\s(?i:years of age)\b",
        ),
        (
            "money",
            rf"(?:US\$|\$|€|£|₽|¥|\b(?:USD|EUR|RUB|GBP)\s?){_DIGITS}"
            rf"(?:\s?(?i:{_SCALES}|bn|mn|m|k)\b)?"
            rf"|{_NUM}[\s-](?i:roubles?|rubles?|dollars?|euros?|pounds sterling|hryvnias?|yuan)\b"
            rf"|{_NUM}\s(?:USD|EUR|RUB|GBP)\b",
        ),
        ("percentage", rf"{_NUM}\s?-?\s?(?:%|(?i:per\s?cent|percent|percentage points?)\b)"),
        (
            "duration",
            rf"{_RANGE}{_HALF}?[- ]{_TIME_UNIT}{_HALF}?"
            rf"|\b(?i:an?|one)[- ]{_TIME_UNIT_ONE}{_HALF}?"
            rf"|\b(?i:half[- ]an?|a quarter of an?)[- ]{_TIME_UNIT_ONE}",
        ),
        ("year", rf"{_YEAR}\s?[-–—/]\s?(?:(?:1[5-9]|20)\d\d|\d\d)(?!\d)"),
        ("year", r"(?<![\w’'])(?:1[5-9]|20|[’'])?\d0s\b"),
        ("year", _YEAR),
        ("ordinal", r"(?<![\d.,])\d+(?:st|nd|rd|th)\b"),
        ("number-word", rf"\b(?i:(?:{_WORD_STEM}|\d+)-?fold)\b"),
        ("number", _SCALED),
        (
            "number-word",
            rf"{_NUMBER_WORDS}|\b(?i:twice|thrice|half)\b"
            r"|\b(?i:tens|dozens|hundreds|thousands|millions|billions)"
            r"(?: of (?i:thousands|millions|billions))?\b",
        ),
        ("month", rf"(?<!\w){_MONTH}"),
    )
)
_DATE_WORD_BEFORE = re.compile(rf"(?i:{_DATE_WORD})\s*$")
_AMBIGUOUS_MONTHS = ("May", "March")


def _keep(kind: str, match: re.Match[str], sentence: str) -> bool:
    """Drop the matches that look like signals but are ordinary words (see the docstring)."""
    text = match.group()
    if kind == "number-word":
        if text.lower() == "one":
            return False
        if re.match(r"-[^\W\d_]", sentence[match.end() :]) and not text.lower().endswith("fold"):
            return False  # "two-party", "one-sided": an adjective, not a count
    if kind == "month" and text in _AMBIGUOUS_MONTHS:
        return bool(_DATE_WORD_BEFORE.search(sentence[: match.start()]))
    return True


def find_signals(sentence: str, offset: int = 0) -> list[Signal]:
    """Every signal in one sentence, in order; `offset` is where the sentence starts."""
    taken: list[tuple[int, int]] = []
    found: list[Signal] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if start == end or any(start < b and a < end for a, b in taken):
                continue
            if not _keep(kind, match, sentence):
                continue
            taken.append((start, end))
            found.append(Signal(kind, match.group(), offset + start, offset + end))
    # Whatever the patterns leave of a digit run is a number still: no digit goes uncounted.
    for match in re.finditer(r"\d+", sentence):
        for start, end in _uncovered(match.start(), match.end(), taken):
            found.append(Signal("number", sentence[start:end], offset + start, offset + end))
    return sorted(found, key=lambda signal: signal.start)


def _uncovered(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) that no taken span covers."""
    free = [i for i in range(start, end) if not any(a <= i < b for a, b in taken)]
    runs: list[tuple[int, int]] = []
    for i in free:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


# Proper names: a capitalised word that does not begin its sentence, or any name or alias of
# an entity. They only point at sentences no claim quotes; they are shown, never counted.
_NAME_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w’'-]*")
_NOT_NAMES = frozenset(
    {"I", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
    | set(_MONTHS.split("|"))
)
_OPENERS = ("“", '"', "‘", ":", ".", "!", "?", "…")  # the next word begins a quote or sentence
_ABBREVIATION = re.compile(r"(?:^|\s)[A-Z][a-z]?\.$")  # "St. Petersburg", "Dr. Reed"


def proper_names(sentence: str, known: re.Pattern[str] | None = None) -> list[str]:
    """The proper names in a sentence, in order: runs of capitalised words, and known names."""
    spans: list[tuple[int, int]] = []
    for number, match in enumerate(_NAME_WORD.finditer(sentence)):
        word = re.sub(r"[’']s$", "", match.group())
        before = sentence[: match.start()].rstrip()
        if number == 0 or not word[0].isupper() or word in _NOT_NAMES:
            continue
        if before.endswith(_OPENERS) and not _ABBREVIATION.search(before):
            continue
        start, end = match.start(), match.start() + len(word)
        if spans and sentence[spans[-1][1] : start] in (" ", ". "):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    if known is not None:
        spans.extend(match.span() for match in known.finditer(sentence))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if kept and end <= kept[-1][1]:
            continue
        if kept and start < kept[-1][1]:
            kept[-1] = (kept[-1][0], end)
        else:
            kept.append((start, end))
    names: list[str] = []
    for start, end in kept:
        if sentence[start:end] not in names:
            names.append(sentence[start:end])
    return names


def known_names(names: list[str]) -> re.Pattern[str] | None:
    """One pattern finding any of the given proper names (capitalised) as whole words."""
    unique = sorted({name for name in names if name[:1].isupper()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, unique))})(?!\w)")
