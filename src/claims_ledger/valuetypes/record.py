"""The base of every ledger record, and the field types value models share with the rest.

It sits below the value types so that each type's model can be a record without importing
the models that gather them (a claim holds a value; a value never needs a claim).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

SLUG = r"^[a-z0-9][a-z0-9-]*$"

Slug = Annotated[str, Field(pattern=SLUG, max_length=120)]


class Record(BaseModel):
    """Every record rejects unknown keys: a typo must be an error, not silently ignored data."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, regex_engine="python-re", allow_inf_nan=False
    )


class Bound(str, Enum):
    exact = "exact"
    about = "about"
    more_than = "more-than"
    at_least = "at-least"
    fewer_than = "fewer-than"
    at_most = "at-most"


EDTF = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description='An EDTF date, always quoted: "2019", "2017-11", "2020-21" (spring 2020), '
        '"2014/2015", "2019~", "2019?".',
    ),
]
