"""Typed values: parsing them into what they admit of reality, so they can be compared.

Dates are EDTF, parsed by the `edtf` library; seasons use our own table (winter spans
December to February, which the library does not model). Numbers carry a bound.
"""

from __future__ import annotations

import datetime as dt
import re
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


@cache
def edtf_problem(text: str) -> str | None:
    """Why an EDTF string cannot be used, or None."""
    try:
        parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError) as error:
        return f"{text!r} is not an EDTF date ({error.__class__.__name__}): write it like \"2019\", \"2017-11\", \"2020-21\", \"2014/2015\" or \"2019~\""
    return None


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


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
    return dt.date(year, month, day)
