"""A value as people type it: its parts, each with an option, a prompt, help and a check.

`claims new` takes a value part by part (--quantity 1040 --unit person --bound more-than);
each part is checked where it is given, so a mistake is named with the option that made it.
A part's name is one command-line option, shared by every value type that has the part.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol

from .record import Bound


class Known(Protocol):
    """What a typed part may be checked against: the ledger's entity ids and their file."""

    @property
    def entities(self) -> Collection[str]: ...

    @property
    def entities_file(self) -> str: ...


Check = Callable[[str, Known], str | None]  # why the typed text will not do, or None


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a value: the model's field, typed as the option --<name>."""

    name: str
    prompt: str  # what `claims new` asks for it
    help: str  # its option's help in `claims new --help`
    check: Check
    optional: bool = False
    convert: Callable[[str], Any] | None = None  # the typed text as the model's value


BOUNDS = {
    "exact": "exactly this number (the default)",
    "about": "about, around, some, roughly",
    "more-than": "more than, over (the number itself excluded)",
    "at-least": "at least, no fewer than",
    "fewer-than": "fewer than, under (the number itself excluded)",
    "at-most": "at most, up to, no more than",
}
BOUND_HELP = "exact (default), about, more-than, at-least, fewer-than, at-most."


def bound_problem(text: str) -> str | None:
    if text in {b.value for b in Bound}:
        return None
    return f"bound is one of {', '.join(b.value for b in Bound)}"


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


def number_problem(text: str, _known: Known) -> str | None:
    parsed = parse_number(text)
    return parsed if isinstance(parsed, str) else None


def unknown_name(what: str, name: str, known: Any, where: str) -> str:
    close = difflib.get_close_matches(name, list(known), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    article = "an" if what[0] in "aeiou" else "a"
    return f"{name!r} is not {article} {what} in {where}{hint}: add it there first, or pick one that is"
