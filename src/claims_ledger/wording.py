"""Values and keys in words, for reports a person reads.

Each value type words its own values (valuetypes/); this module words any value by asking
its type, and words the comparison key.
"""

from __future__ import annotations

from typing import Any

from .models import Claim
from .valuetypes import kind_of
from .valuetypes.base import number_words as number_words
from .valuetypes.date import date_words as date_words
from .valuetypes.duration import duration_words as duration_words
from .valuetypes.quantity import unit_words as unit_words


def value_words(value: Any) -> str:
    """A typed value in words: "more than 1,040 people", "spring 2020", "6 years 6 months"."""
    kind = kind_of(value)
    return kind.words(value) if kind is not None else str(value)


def key_words(claim: Claim, names: dict[str, str], qualifiers: tuple[str, ...]) -> str:
    """The comparison key in words: "Sergei Sapozhnikov · joined · Ufa Marxist circle"."""
    parts = [names.get(claim.subject, claim.subject), claim.property]
    if claim.object:
        parts.append(names.get(claim.object, claim.object))
    text = " · ".join(parts)
    given = [f"{q}={claim.qualifiers[q]}" for q in qualifiers if q in claim.qualifiers]
    return f"{text} ({', '.join(given)})" if given else text
