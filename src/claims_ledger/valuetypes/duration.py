"""duration: how long something lasted, an ISO 8601 period, with a bound.

`value: {duration: P6Y6M}` (six years six months) conflicts with "P6Y" and agrees with
"P78M"; "P1Y" and "P365D" are compatible, since a year of the calendar lasts 365 or 366 days.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

from .base import ValueKind, bound_words
from .date import DAYS_PER_YEAR
from .parts import Part
from .ranges import Interval, bounded_range
from .record import Bound, Record

ISO_DURATION = r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$"


class DurationValue(Record):
    duration: Annotated[str, Field(pattern=ISO_DURATION, description="ISO 8601 period: P6Y6M")]
    bound: Bound = Bound.exact


# re.ASCII: \d alone would take full-width and other Unicode digits, which int() reads.
_DURATION = re.compile(
    r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\Z",
    re.ASCII,
)

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


def duration_words(text: str) -> str:
    names = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "S": "second"}
    date_part, _, time_part = text[1:].partition("T")
    parts = []
    for part, units in ((date_part, "YMWD"), (time_part, "HMS")):
        for number, unit in re.findall(r"(\d+)([A-Z])", part):
            name = "minute" if (units == "HMS" and unit == "M") else names.get(unit, unit)
            parts.append(f"{int(number)} {name}{'s' if int(number) != 1 else ''}")
    return " ".join(parts) or text


def _typed_problem(text: str) -> str | None:
    if re.match(ISO_DURATION, text):
        return None
    return f"{text!r} is not an ISO 8601 duration: write P6Y6M for six years and six months"


class Duration(ValueKind[DurationValue]):
    name = "duration"
    model = DurationValue
    parts = (
        Part(
            "duration",
            "Duration, ISO 8601 (P6Y6M is six years and six months)",
            "ISO 8601 duration, e.g. P6Y6M (six years six months).",
            lambda text, _known: _typed_problem(text),
        ),
    )
    bounded = True
    quoted = ("duration",)
    summable = True

    def words(self, value: DurationValue) -> str:
        return f"{bound_words(value.bound)}{duration_words(value.duration)}"

    def interval(self, value: DurationValue) -> Interval | None:
        return duration_interval(value.duration, value.bound.value)

    def problem(self, value: DurationValue) -> str | None:
        if _DURATION.match(value.duration):
            return None
        return f"{value.duration!r} is not an ISO 8601 duration: write it like P6Y6M"


DURATION = Duration()
