"""text: a short categorical value, a charge or a role, in words.

Texts are compared as written, case and runs of spaces aside: the same text agrees, and two
different ones are a review for a person, since no rule can tell a synonym from a contradiction.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Pair, ValueKind
from .outcomes import Comparison, Outcome, said
from .parts import Part
from .record import Record


class TextValue(Record):
    text: Annotated[str, Field(min_length=1, max_length=500)]


class Text(ValueKind[TextValue]):
    name = "text"
    model = TextValue
    parts = (
        Part(
            "text",
            "Value, as a short text",
            "A short categorical value (a charge, a role).",
            lambda text, _known: (
                None if 0 < len(text) <= 500 else "a text value is 1 to 500 characters"
            ),
        ),
    )

    def words(self, value: TextValue) -> str:
        return value.text

    def compare(self, pair: Pair[TextValue]) -> Comparison:
        if " ".join(pair.a.text.lower().split()) == " ".join(pair.b.text.lower().split()):
            return Comparison(Outcome.agree, said("the same text"))
        return Comparison(
            Outcome.review, lambda: "different descriptions: {!r} and {!r}".format(*pair.words())
        )


TEXT = Text()
