"""The models of the coverage waiver files: seeds/coverage-waivers.yaml (see waivers.py) and
seeds/sentence-waivers/<document>.yaml (see sentence_waivers.py).

Apart from waivers.py, which loads and places the waivers: the kinds registry needs the
model, and loading a ledger needs the registry, not the coverage feature.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field

from .models import CLAIM_ID, Record, Slug

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


class WaiverReason(str, Enum):
    """Why a sentence states no fact to claim: a small fixed list, so a reader can audit it."""

    opinion = "opinion"  # opinion or analysis
    rhetoric = "rhetoric"  # rhetoric or a call to action
    question = "question"
    quotation = "quotation"  # a quotation of verse or a slogan
    heading = "heading"
    link = "link"
    restatement = "restatement"  # only restates a fact another sentence's claim records


class SentenceWaiver(Record):
    """One sentence that states no checkable fact, found by a quote like a claim's passage."""

    quote: Annotated[
        str,
        Field(
            min_length=1,
            max_length=2000,
            description="text of the sentence copied character for character from the seed, "
            "long enough to occur once in the document (or give prefix or suffix)",
        ),
    ]
    prefix: Annotated[str, Field(min_length=1)] | None = None
    suffix: Annotated[str, Field(min_length=1)] | None = None
    reason: WaiverReason
    claim: (
        Annotated[
            str,
            Field(
                pattern=CLAIM_ID,
                description="for a restatement: the claim that records the fact it repeats",
            ),
        ]
        | None
    ) = None
    note: Annotated[
        str,
        Field(
            min_length=1,
            max_length=300,
            pattern=r"^[^\n\r]+$",
            description="one line: why this sentence is not a fact to claim",
        ),
    ]


class SentenceWaivers(Record):
    """A document's sentence waiver file, seeds/sentence-waivers/<document>.yaml."""

    document: Slug
    waivers: list[SentenceWaiver]
