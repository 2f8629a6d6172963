"""Values and keys in words, for reports a person reads."""

from __future__ import annotations

import re
from typing import Any

from .models import (
    AgeValue,
    Claim,
    DateValue,
    DurationValue,
    EntityValue,
    MoneyValue,
    PercentageValue,
    QuantityValue,
    TextValue,
)

# English names whatever the locale (calendar.month_name follows setlocale).
_MONTHS = [
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
_SEASON_NAMES = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}
_BOUND_WORDS = {
    "exact": "",
    "about": "about ",
    "more-than": "more than ",
    "at-least": "at least ",
    "fewer-than": "fewer than ",
    "at-most": "at most ",
}


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
    if month and month in _SEASON_NAMES and not day:
        return f"{_SEASON_NAMES[month]} {year}{suffix}"
    if month and not 1 <= int(month) <= 12:
        return text  # another EDTF season code, or an invalid month: shown as written
    if month and day:
        return f"{int(day)} {_MONTHS[int(month) - 1]} {year}{suffix}"
    if month:
        return f"{_MONTHS[int(month) - 1]} {year}{suffix}"
    return f"{year}{suffix}"


def number_words(amount: float) -> str:
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,}"


_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}


def unit_words(unit: str, amount: float) -> str:
    """A unit as counted: "1 person", "12 people", "3 households" (units are singular nouns)."""
    if amount == 1:
        return unit
    head, _, last = unit.rpartition(" ")
    lower = last.lower()
    if lower in _PLURALS:
        last = _PLURALS[lower]
    elif lower in _PLURALS.values() or (lower.endswith("s") and not lower.endswith("ss")):
        pass  # written plural already
    elif lower.endswith(("ss", "x", "z", "ch", "sh")):
        last += "es"
    elif lower.endswith("y") and lower[-2:-1] not in ("", "a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def duration_words(text: str) -> str:
    names = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "S": "second"}
    date_part, _, time_part = text[1:].partition("T")
    parts = []
    for part, units in ((date_part, "YMWD"), (time_part, "HMS")):
        for number, unit in re.findall(r"(\d+)([A-Z])", part):
            name = "minute" if (units == "HMS" and unit == "M") else names.get(unit, unit)
            parts.append(f"{int(number)} {name}{'s' if int(number) != 1 else ''}")
    return " ".join(parts) or text


def value_words(value: Any) -> str:
    """A typed value in words: "more than 1,040 people", "spring 2020", "6 years 6 months"."""
    if isinstance(value, DateValue):
        return date_words(value.date)
    bound = _BOUND_WORDS.get(getattr(getattr(value, "bound", None), "value", "exact"), "")
    if isinstance(value, QuantityValue):
        return f"{bound}{number_words(value.quantity)} {unit_words(value.unit, value.quantity)}"
    if isinstance(value, MoneyValue):
        return f"{bound}{number_words(value.money)} {value.currency}"
    if isinstance(value, PercentageValue):
        return f"{bound}{number_words(value.percentage)}%"
    if isinstance(value, DurationValue):
        return f"{bound}{duration_words(value.duration)}"
    if isinstance(value, AgeValue):
        when = f" in {date_words(value.as_of)}" if value.as_of else ""
        return f"{bound}{value.age} years old{when}"
    if isinstance(value, TextValue):
        return value.text
    if isinstance(value, EntityValue):
        return value.entity
    return str(value)


def key_words(claim: Claim, names: dict[str, str], qualifiers: tuple[str, ...]) -> str:
    """The comparison key in words: "Sergei Sapozhnikov · joined · Ufa Marxist circle"."""
    parts = [names.get(claim.subject, claim.subject), claim.property]
    if claim.object:
        parts.append(names.get(claim.object, claim.object))
    text = " · ".join(parts)
    given = [f"{q}={claim.qualifiers[q]}" for q in qualifiers if q in claim.qualifiers]
    return f"{text} ({', '.join(given)})" if given else text
