"""Typed values as people type them: the parts of each value type, and a check for each part.

`claims new` takes a value part by part (--quantity 1040 --unit person --bound more-than);
each part is checked where it is given, so a mistake is named with the option that made it,
and the assembled value is validated by its model before anything is written.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from .errors import LedgerError
from .loading import ENTITIES, Ledger
from .models import ISO_DURATION, VALUE_CLASSES, Bound, ValueType

# Each value type's parts: (field, prompt, optional). bound is asked last, default exact.
VALUE_PARTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "date": (
        ("date", "Date, as EDTF: 2019, 2017-11, 2020-21 (spring 2020), 2014/2015, 2019~", False),
    ),
    "quantity": (
        ("quantity", "Number", False),
        ("unit", "Unit, a singular noun (person, case, year)", False),
    ),
    "money": (
        ("money", "Amount", False),
        ("currency", "Currency, ISO 4217 (RUB, USD, EUR)", False),
    ),
    "percentage": (("percentage", "Percentage (40 for 40%)", False),),
    "duration": (("duration", "Duration, ISO 8601 (P6Y6M is six years and six months)", False),),
    "age": (
        ("age", "Age in whole years", False),
        ("as_of", "As of what date (EDTF; empty if the text does not say)", True),
    ),
    "text": (("text", "Value, as a short text", False),),
    "entity": (("entity", "Value, an entity id", False),),
}
BOUNDS = {
    "exact": "exactly this number (the default)",
    "about": "about, around, some, roughly",
    "more-than": "more than, over (the number itself excluded)",
    "at-least": "at least, no fewer than",
    "fewer-than": "fewer than, under (the number itself excluded)",
    "at-most": "at most, up to, no more than",
}
BOUNDED = {"quantity", "money", "percentage", "duration", "age"}
VALUE_OPTIONS = sorted({part for parts in VALUE_PARTS.values() for part, _, _ in parts} | {"bound"})


def option(name: str) -> str:
    return "--" + name.replace("_", "-")


def parse_number(text: str) -> int | float | str:
    """A number as people write it ("1,040", "12.5", "40%"), or why it is not one."""
    cleaned = text.strip().removesuffix("%").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        number = float(cleaned)
    except ValueError:
        return f"{text!r} is not a number: write it like 1040 or 12.5"
    return number if math.isfinite(number) else f"{text!r} is not a finite number"


def value_checks(ledger: Ledger) -> dict[str, Callable[[str], str | None]]:
    from .values import currency_known, edtf_problem  # deferred: start-up time

    def number(text: str) -> str | None:
        parsed = parse_number(text)
        return parsed if isinstance(parsed, str) else None

    def age(text: str) -> str | None:
        parsed = parse_number(text)
        if not isinstance(parsed, int) or not 0 <= parsed <= 150:
            return f"{text!r} is not an age in whole years (0 to 150)"
        return None

    def entity(text: str) -> str | None:
        return (
            None
            if text in ledger.entities
            else unknown_name("entity", text, ledger.entities, ENTITIES)
        )

    return {
        "date": edtf_problem,
        "as_of": edtf_problem,
        "quantity": number,
        "money": number,
        "percentage": number,
        "age": age,
        "unit": lambda t: None if 0 < len(t) <= 60 else "a unit is a short singular noun",
        "currency": lambda t: (
            None
            if currency_known(t.upper())
            else f"{t!r} is not an ISO 4217 currency code (RUB, USD, EUR ...)"
        ),
        "duration": lambda t: (
            None
            if re.match(ISO_DURATION, t)
            else f"{t!r} is not an ISO 8601 duration: write P6Y6M for six years and six months"
        ),
        "bound": lambda t: (
            None
            if t in {b.value for b in Bound}
            else f"bound is one of {', '.join(b.value for b in Bound)}"
        ),
        "text": lambda t: None if 0 < len(t) <= 500 else "a text value is 1 to 500 characters",
        "entity": entity,
    }


def unknown_name(what: str, name: str, known: Any, where: str) -> str:
    close = difflib.get_close_matches(name, list(known), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    article = "an" if what[0] in "aeiou" else "a"
    return f"{name!r} is not {article} {what} in {where}{hint}: add it there first, or pick one that is"


def finish_value(kind: str, parts: dict[str, Any]) -> dict[str, Any]:
    """The value from its checked parts: numbers as numbers, the currency upper-case."""
    value = dict(parts)
    for name in ("quantity", "money", "percentage", "age"):
        if name in value:
            value[name] = parse_number(value[name])
    if "currency" in value:
        value["currency"] = value["currency"].upper()
    try:
        VALUE_CLASSES[ValueType(kind)].model_validate(value)
    except ValidationError as error:
        raise LedgerError(f"the value is not a valid {kind}: {error.errors()[0]['msg']}") from None
    return value
