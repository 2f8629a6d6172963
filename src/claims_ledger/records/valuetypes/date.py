"""date: a day, month, year, season or span, written in EDTF and always quoted.

`value: {date: "2017-11"}` admits every day of November 2017, so it is compatible with
"2017" and with "2017-11-07", and conflicts with "2018". "2019~" (about 2019) widens the
year by a fuzzy margin, where a disagreement is a tension to review, not a conflict. Dates
are parsed by the `edtf` library; seasons use our own table (winter spans December to
February, which the library does not model), and plain dates the calendar alone.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from .base import ValueKind
from .parts import Part
from .ranges import INF, Interval
from .record import EDTF, Record


class DateValue(Record):
    date: EDTF


DAYS_PER_YEAR = 365.2425  # the mean Gregorian year

_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}  # spring .. winter (northern)


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


_MONTH_NUMBERS = {
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
_SEASON_CODES = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
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
        if words[0] in _MONTH_NUMBERS:
            found = f"{words[1]}-{_MONTH_NUMBERS[words[0]]:02d}"
        elif words[0] in _SEASON_CODES:
            found = f"{words[1]}-{_SEASON_CODES[words[0]]}"
    elif len(words) == 3 and re.fullmatch(r"\d{4}", words[2]):
        day, month = (words[0], words[1]) if words[0].isdigit() else (words[1], words[0])
        if month in _MONTH_NUMBERS and day.isdigit() and 1 <= int(day) <= 31:
            found = f"{words[2]}-{_MONTH_NUMBERS[month]:02d}-{int(day):02d}"
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
    from edtf import parse_edtf  # deferred: start-up time (plain dates never need it)
    from edtf.parser.edtf_exceptions import EDTFParseException  # deferred: start-up time

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


def _day(value: dt.date) -> float:
    return float(value.toordinal())


def _season_interval(year: int, season: int) -> tuple[dt.date, dt.date]:
    first, last = _SEASONS[season]
    start = dt.date(year, first, 1)
    end_year = year + 1 if last < first else year
    end_month_next = dt.date(end_year + (last == 12), last % 12 + 1, 1)
    return start, end_month_next - dt.timedelta(days=1)


_SEASON_TEXT = re.compile(r"(-?\d{4})-(2[1-4])\Z", re.ASCII)


def load_edtf_parser() -> None:
    """Import the EDTF parser now (0.1 s), before forking processes that each would import
    it at their first date that is not plain, and for the caller's own dates later: a large
    ledger has such dates, and a process forked after the import shares it."""
    import edtf  # noqa: F401  # deferred: only a run about to fork workers imports it first


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
    from edtf import parse_edtf  # deferred: start-up time (plain dates never need it)
    from edtf.parser.edtf_exceptions import EDTFParseException  # deferred: start-up time

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


# English names whatever the locale (calendar.month_name follows setlocale).
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_SEASON_WORDS = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}


def date_words(text: str) -> str:
    """An EDTF date as a reader says it: 2020-21 is "spring 2020"."""
    suffix = ""
    core = text
    if core.endswith(("~", "?", "%")):
        suffix = {"~": " (approximately)", "?": " (uncertain)", "%": " (uncertain, approximate)"}[
            core[-1]
        ]
        core = core[:-1]
    if "/" in core:
        start, end = core.split("/", 1)
        start_words = "open start" if start in ("", "..") else date_words(start)
        end_words = "open end" if end in ("", "..") else date_words(end)
        return f"{start_words} to {end_words}{suffix}"
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", core)
    if not match:
        return text
    year, month, day = match.groups()
    if month and month in _SEASON_WORDS and not day:
        return f"{_SEASON_WORDS[month]} {year}{suffix}"
    if month and not 1 <= int(month) <= 12:
        return text  # another EDTF season code, or an invalid month: shown as written
    if month and day:
        return f"{int(day)} {_MONTH_NAMES[int(month) - 1]} {year}{suffix}"
    if month:
        return f"{_MONTH_NAMES[int(month) - 1]} {year}{suffix}"
    return f"{year}{suffix}"


class Date(ValueKind[DateValue]):
    name = "date"
    model = DateValue
    parts = (
        Part(
            "date",
            "Date, as EDTF: 2019, 2017-11, 2020-21 (spring 2020), 2014/2015, 2019~",
            'EDTF date, e.g. 2019, 2017-11, 2020-21 (spring 2020), "2019~" (about).',
            lambda text, _known: edtf_problem(text),
        ),
    )
    quoted = ("date",)

    def words(self, value: DateValue) -> str:
        return date_words(value.date)

    def interval(self, value: DateValue) -> Interval | None:
        return date_interval(value.date)

    def problem(self, value: DateValue) -> str | None:
        return edtf_problem(value.date)


DATE = Date()
