"""The model of the coverage waiver file, seeds/coverage-waivers.yaml (see waivers.py).

Apart from waivers.py, which loads and places the waivers: the kinds registry needs the
model, and loading a ledger needs the registry, not the coverage feature.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .models import Record, Slug

OneLine = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\n\r]+$")]


class Waiver(Record):
    """One signal that is not a fact to claim, found by its quote like a claim's passage."""

    document: Slug
    signal: Annotated[
        str,
        Field(
            min_length=1,
            max_length=200,
            pattern=r"^[^\n\r]+$",
            description='the signal exactly as `claims coverage` prints it: "1", "19th", "May"',
        ),
    ]
    quote: Annotated[
        str,
        Field(
            min_length=1,
            max_length=2000,
            description="the signal with the text around it, copied character for character "
            "from the seed, long enough to occur once in the document",
        ),
    ]
    prefix: Annotated[str, Field(min_length=1)] | None = None
    suffix: Annotated[str, Field(min_length=1)] | None = None
    reason: Annotated[
        OneLine,
        Field(description="one line: why this is not a fact to claim"),
    ]


class Waivers(Record):
    """The whole waiver file."""

    waivers: list[Waiver]
