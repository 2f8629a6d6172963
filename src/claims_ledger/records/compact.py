"""Loaded records made smaller in memory, their values untouched.

A loaded claim is seven pydantic models or so (the claim, its value, its source, its
reviews and their evidence), 3.7 KB at 100,000 claims, of which the models' bookkeeping is
most: the set of the fields each model was given (1.5 KB a claim), each model's attribute
dict (1.2 KB) and its empty lists. Records are frozen and nothing changes them in place
(a copy of a model copies its set and its dict), so:

- equal field sets are one set;
- each attribute dict is rebuilt as a key-sharing dict (CPython keeps the keys once for
  every dict made from instances of one class, and only the values in each);
- empty lists and dicts are one list and one dict.

That takes a loaded claim to about 1.5 KB, and a 100,000-claim ledger from 560 MiB to
under 400 MiB. On another Python the dicts stay as they were; the values never change.

`claims report` needs less still: a ClaimRow a claim, what comparing reads of it (see
ClaimRow), made by the workers and sent in place of the models.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from .models import Breakdown, Claim, Status

_SETS: dict[frozenset[str], set[str]] = {}
_HOLDERS: dict[type, type] = {}
_EMPTY_LIST: list[Any] = []
_EMPTY_DICT: dict[str, Any] = {}


def compact(model: BaseModel) -> None:
    """Shrink the model and every model inside it (see the module's docstring); a ClaimRow
    is left as it is (its value is small, and compacting it would cost more than it saves)."""
    if not isinstance(model, BaseModel):
        return
    fields = model.__pydantic_fields_set__
    key = frozenset(fields)
    shared = _SETS.get(key)
    if shared is None:
        shared = _SETS[key] = set(key)
    if fields is not shared:
        object.__setattr__(model, "__pydantic_fields_set__", shared)
    cls = type(model)
    holder_class = _HOLDERS.get(cls)
    if holder_class is None:
        holder_class = _HOLDERS[cls] = type(f"_{cls.__name__}Fields", (), {})
    holder = holder_class()
    for name, value in model.__dict__.items():
        if isinstance(value, BaseModel):
            compact(value)
        elif isinstance(value, list):
            if not value:
                value = _EMPTY_LIST
            for item in value:
                if isinstance(item, BaseModel):
                    compact(item)
        elif isinstance(value, dict) and not value:
            value = _EMPTY_DICT
        setattr(holder, name, value)
    object.__setattr__(model, "__dict__", holder.__dict__)


class RowSource:
    """The passage of a ClaimRow: what `claim.source` gives the report and the anchoring."""

    __slots__ = ("document", "prefix", "quote", "suffix")

    def __init__(self, document: str, quote: str, prefix: str | None, suffix: str | None):
        self.document = document
        self.quote = quote
        self.prefix = prefix
        self.suffix = suffix


# Only a claim with one of these statuses has its review read by the report: a refuted
# claim lists the evidence against it, and a disputed one may cite the other side.
_REVIEW_READ = frozenset({Status.refuted, Status.disputed})


class ClaimRow:
    """What comparing claims reads of a claim, read like the claim itself (row.source.quote,
    row.value, row.status): a few strings and its value model, where a claim is seven models.

    A worker sends a row a claim for `claims report`: sent as one plain tuple and made
    again by a call (no model's state to restore), a row costs the process that gathers a
    hundred thousand of them a fraction of the models. Its review is kept only where the
    report reads it (refuted and disputed claims); `tags`, `note` and `attributed_to`,
    which no comparison reads, are not kept.
    """

    __slots__ = (
        "breakdown",
        "id",
        "object",
        "part_of",
        "property",
        "qualifiers",
        "review",
        "source",
        "statement",
        "status",
        "subject",
        "value",
    )

    def __init__(
        self,
        id: str,
        statement: str,
        subject: str,
        property: str,
        object: str | None,
        qualifiers: dict[str, str],
        value: BaseModel,
        source: tuple[str, str, str | None, str | None],
        status: Status,
        review: Sequence[Any],
        part_of: str | None,
        breakdown: Breakdown | None,
    ) -> None:
        self.id = id
        self.statement = statement
        self.subject = subject
        self.property = property
        self.object = object
        self.qualifiers = qualifiers or _EMPTY_DICT
        self.value = value
        self.source = RowSource(*source)
        self.status = status
        self.review = review
        self.part_of = part_of
        self.breakdown = breakdown

    def __reduce__(self) -> tuple[type[ClaimRow], tuple[Any, ...]]:
        source = self.source
        return (
            ClaimRow,
            (
                self.id,
                self.statement,
                self.subject,
                self.property,
                self.object,
                self.qualifiers,
                self.value,
                (source.document, source.quote, source.prefix, source.suffix),
                self.status,
                self.review,
                self.part_of,
                self.breakdown,
            ),
        )


def row_of(claim: Claim) -> ClaimRow:
    """The claim as the report reads it (see ClaimRow)."""
    source = claim.source
    return ClaimRow(
        claim.id,
        claim.statement,
        claim.subject,
        claim.property,
        claim.object,
        claim.qualifiers,
        claim.value,
        (source.document, source.quote, source.prefix, source.suffix),
        claim.status,
        claim.review if claim.status in _REVIEW_READ else (),
        claim.part_of,
        claim.breakdown,
    )
