"""Typed values: parsing them into what they admit of reality, so they can be compared.

Dates are EDTF, parsed by the `edtf` library; seasons use our own table (winter spans
December to February, which the library does not model). Numbers carry a bound.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import pycountry
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

from .models import (
    AgeValue,
    DateValue,
    DurationValue,
    MoneyValue,
)

_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}  # spring .. winter (northern)


@cache
def currency_known(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


_PLAIN_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z", re.ASCII)
_EDTF_CHARACTERS = re.compile(r"[!-~]+\Z")  # printable ASCII, no spaces


def _plain_date(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a plain year, month or day ("2019", "2017-11", "2024-06-05").

    Most ledger dates are plain, and the edtf parser costs milliseconds a string; these are
    answered with the calendar alone. None for anything else (seasons, intervals, ~ and ?),
    which goes to the library.
    """
    match = _PLAIN_DATE.match(text)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if month is None:
            return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        if day is None:
            first = dt.date(int(year), int(month), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        exact = dt.date(int(year), int(month), int(day))
        return exact, exact
    except ValueError:
        return None  # not a calendar date (a season, month 13): the library decides


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_SEASON_NAMES = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_ABOUT = {"about", "around", "circa", "c", "ca", "approximately", "roughly"}


def edtf_suggestion(text: str) -> str | None:
    """The EDTF for a date as people write it, or None: "March 2020" is 2020-03, "5 March
    2020" and "March 5, 2020" 2020-03-05, "spring 2020" 2020-21, "about 2019" 2019~,
    "2014-2015" 2014/2015. Only a suggestion: the person who types it checks it."""
    words = re.findall(r"[^\W\d_]+|\d+", text.casefold())
    about = bool(words) and words[0] in _ABOUT
    if about:
        words = words[1:]
    words = [w for w in words if w not in {"of", "in", "the", "st", "nd", "rd", "th"}]
    found: str | None = None
    if len(words) == 1 and re.fullmatch(r"\d{4}", words[0]):
        found = words[0] if about else None
    elif len(words) == 2 and all(re.fullmatch(r"\d{4}", w) for w in words):
        found = f"{words[0]}/{words[1]}"
    elif len(words) == 2 and re.fullmatch(r"\d{4}", words[1]):
        if words[0] in _MONTHS:
            found = f"{words[1]}-{_MONTHS[words[0]]:02d}"
        elif words[0] in _SEASON_NAMES:
            found = f"{words[1]}-{_SEASON_NAMES[words[0]]}"
    elif len(words) == 3 and re.fullmatch(r"\d{4}", words[2]):
        day, month = (words[0], words[1]) if words[0].isdigit() else (words[1], words[0])
        if month in _MONTHS and day.isdigit() and 1 <= int(day) <= 31:
            found = f"{words[2]}-{_MONTHS[month]:02d}-{int(day):02d}"
    if found is None or found == text:
        return None
    return found + "~" if about and not found.endswith("~") else found


@cache
def edtf_problem(text: str) -> str | None:
    """Why an EDTF string cannot be used, or None; with the EDTF to write instead when the
    text is a date as people write it ("March 2020": write '2020-03')."""
    problem = _edtf_problem(text)
    if problem is None:
        return None
    suggestion = edtf_suggestion(text)
    if suggestion is not None and _edtf_problem(suggestion) is None:
        return f"{text!r} is not an EDTF date: write {suggestion!r}"
    return problem


def _edtf_problem(text: str) -> str | None:
    if not _EDTF_CHARACTERS.match(text):
        # Python's int() and \d take "２０１９" for 2019, and the library strips spaces:
        # EDTF itself is ASCII with no spaces, and a date written otherwise is a typo.
        return (
            f"{text!r} is not an EDTF date: write it in ASCII digits with no spaces, "
            'like "2019", "2017-11" or "2020-21"'
        )
    if _plain_date(text) is not None and text[:4] != "0000":
        return None
    plain = _PLAIN_DATE.match(text)
    if plain and plain.group(2) and int(plain.group(2)) <= 12:
        return f"{text!r} is not a date in the calendar: check the month and the day"
    try:
        parsed = parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError) as error:
        return f'{text!r} is not an EDTF date ({error.__class__.__name__}): write it like "2019", "2017-11", "2020-21", "2014/2015" or "2019~"'
    start = date_from_struct(parsed.lower_strict())
    end = date_from_struct(parsed.upper_strict())
    if start is not None and end is not None and end < start:
        # The library parses "2015/2014"; as a range it admits nothing and would conflict
        # with every other date, so it is refused here instead.
        return f"{text!r} ends before it starts: write the earlier date first"
    return None


# re.ASCII: \d alone would take full-width and other Unicode digits, which int() reads.
_DURATION = re.compile(
    r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\Z",
    re.ASCII,
)


def value_problem(value: object) -> str | None:
    """Why a schema-valid value is still unusable (bad EDTF, unknown currency), or None."""
    if isinstance(value, DateValue):
        return edtf_problem(value.date)
    if isinstance(value, AgeValue) and value.as_of is not None:
        problem = edtf_problem(value.as_of)
        return f"as_of: {problem}" if problem else None
    if isinstance(value, MoneyValue) and not currency_known(value.currency):
        return f"{value.currency!r} is not an ISO 4217 currency code (RUB, USD, EUR ...)"
    if isinstance(value, DurationValue) and not _DURATION.match(value.duration):
        return f"{value.duration!r} is not an ISO 8601 duration: write it like P6Y6M"
    return None


def season_months(season: int) -> tuple[int, int] | None:
    return _SEASONS.get(season)


def date_from_struct(struct: object) -> dt.date | None:
    """A struct_time from the edtf library as a date; None for the infinite bounds it invents."""
    try:
        year, month, day = struct[:3]  # type: ignore[index]
    except TypeError:
        return None
    if not isinstance(year, int) or year <= 0 or year > 9999:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # the library accepts days the calendar does not have (29 February 2023)
        return None


# --- What a value admits: an interval on a line (days for dates, numbers for amounts) ---

INF = float("inf")


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a claim admits. `low_open`/`high_open` exclude the end itself.

    `fuzzy_*` widen it for "about", "~" and "?": values there are a tension, not a conflict.
    None as a bound means the text leaves that side open (never a bound we made up).
    """

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    fuzzy_low: float | None = None
    fuzzy_high: float | None = None

    @property
    def fuzzy(self) -> Interval:
        return Interval(
            self.low if self.fuzzy_low is None else self.fuzzy_low,
            self.high if self.fuzzy_high is None else self.fuzzy_high,
            self.low_open and self.fuzzy_low is None,
            self.high_open and self.fuzzy_high is None,
        )

    def contains(self, other: Interval) -> bool:
        """Every value of `other` is a value of self."""
        low_ok = self.low < other.low or (
            self.low == other.low and (not self.low_open or other.low_open)
        )
        high_ok = self.high > other.high or (
            self.high == other.high and (not self.high_open or other.high_open)
        )
        return low_ok and high_ok

    def overlaps(self, other: Interval) -> bool:
        """Some value is admitted by both."""
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low and (self.high_open or other.low_open):
            return False
        return not (other.high == self.low and (other.high_open or self.low_open))


def _day(value: dt.date) -> float:
    return float(value.toordinal())


def _season_interval(year: int, season: int) -> tuple[dt.date, dt.date]:
    first, last = _SEASONS[season]
    start = dt.date(year, first, 1)
    end_year = year + 1 if last < first else year
    end_month_next = dt.date(end_year + (last == 12), last % 12 + 1, 1)
    return start, end_month_next - dt.timedelta(days=1)


_SEASON_TEXT = re.compile(r"(-?\d{4})-(2[1-4])\Z", re.ASCII)


@cache
def date_interval(text: str) -> Interval | None:
    """The days an EDTF date admits (strict), widened by ~ and ? (fuzzy); None if unparsable."""
    plain = _plain_date(text)
    if plain is not None and text[:4] != "0000":
        return Interval(_day(plain[0]), _day(plain[1]))
    season = _SEASON_TEXT.match(text)
    if season:
        start, end = _season_interval(int(season.group(1)), int(season.group(2)))
        return Interval(_day(start), _day(end))
    try:
        parsed = parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError):
        return None
    low = date_from_struct(parsed.lower_strict())
    high = date_from_struct(parsed.upper_strict())
    fuzzy_low = date_from_struct(parsed.lower_fuzzy())
    fuzzy_high = date_from_struct(parsed.upper_fuzzy())
    return Interval(
        _day(low) if low else -INF,
        _day(high) if high else INF,
        fuzzy_low=_day(fuzzy_low) if fuzzy_low and fuzzy_low != low else None,
        fuzzy_high=_day(fuzzy_high) if fuzzy_high and fuzzy_high != high else None,
    )


ABOUT = 0.10  # "about 300" admits 270..330 as a tension, not a conflict


def bounded(amount: float, bound: str) -> Interval:
    """The interval a bound puts around an amount: "more than 1,040" is (1040, inf)."""
    return bounded_range(amount, amount, bound)


def bounded_range(low: float, high: float, bound: str) -> Interval:
    """The interval a bound puts around a value that itself spans [low, high].

    "More than" lies beyond all of it, "at least" reaches down to its lowest, "about" keeps
    it and widens it by ABOUT as a fuzzy margin.
    """
    if bound == "more-than":
        return Interval(high, INF, low_open=True)
    if bound == "at-least":
        return Interval(low, INF)
    if bound == "fewer-than":
        return Interval(-INF, low, high_open=True)
    if bound == "at-most":
        return Interval(-INF, high)
    if bound == "about":
        return Interval(
            low,
            high,
            fuzzy_low=low - abs(low) * ABOUT,
            fuzzy_high=high + abs(high) * ABOUT,
        )
    return Interval(low, high)


DAYS_PER_YEAR = 365.2425
DAYS_PER_MONTH = DAYS_PER_YEAR / 12


def duration_interval(text: str, bound: str = "exact") -> Interval | None:
    """The days an ISO 8601 period can last, however the calendar falls.

    Years and months are counted as months first (five years is sixty months), and n
    consecutive months last within a few days of n mean months: so "one year" and "365
    days" are compatible, "five years" and "60 months" agree, and "six years six months" and
    "six years" conflict.
    """
    match = _DURATION.match(text)
    if not match or text == "P":
        return None
    years, months, weeks, days, hours, minutes, seconds = (
        int(g) if g else 0 for g in match.groups()
    )
    fixed = weeks * 7 + days + (hours + minutes / 60 + seconds / 3600) / 24
    counted = years * 12 + months
    mean = counted * DAYS_PER_MONTH
    shortest = (max(mean - 2.5, counted * 28) if counted else 0) + fixed
    longest = (min(mean + 1.5, counted * 31) if counted else 0) + fixed
    return bounded_range(shortest, longest, bound)


def birth_interval(age: int, as_of: str, bound: str = "exact") -> Interval | None:
    """The days a birth date can fall on, given an age in whole years at a date.

    Ages are whole years, so "more than 60" means 61 or older; "about 66" keeps its margin
    as the fuzzy edge of the birth dates, as it does when two ages are compared directly.
    """
    when = date_interval(as_of)
    if when is None or when.low == -INF or when.high == INF:
        return None
    ages = bounded(float(age), bound)

    def born(ages: Interval) -> tuple[float, float]:
        youngest = ages.low + 1 if ages.low_open else ages.low
        oldest = ages.high - 1 if ages.high_open else ages.high
        # Born on day b, aged n on day d means b in (d - (n + 1) years, d - n years].
        low = when.low - (oldest + 1) * DAYS_PER_YEAR if oldest != INF else -INF
        high = when.high - youngest * DAYS_PER_YEAR if youngest != -INF else INF
        return low, high

    low, high = born(ages)
    fuzzy_low, fuzzy_high = born(ages.fuzzy)
    return Interval(
        low,
        high,
        low_open=low != -INF,
        fuzzy_low=fuzzy_low if fuzzy_low != low else None,
        fuzzy_high=fuzzy_high if fuzzy_high != high else None,
    )
