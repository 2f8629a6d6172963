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

A record sent by pickle (`reduced`) comes back compact in the same ways.

`claims report` needs less still: a ClaimRow a claim, what comparing reads of it (see
ClaimRow), made by the workers and sent in place of the models.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from . import models
from .grouping import Key, Separators, comparison_key, value_key
from .models import Breakdown, Claim, Review, Status
from .valuetypes import on_change

_SETS: dict[frozenset[str], set[str]] = {}
_HOLDERS: dict[type, type] = {}
_EMPTY_LIST: list[Any] = []
_EMPTY_DICT: dict[str, Any] = {}


def _shared(fields: set[str]) -> set[str]:
    key = frozenset(fields)
    shared = _SETS.get(key)
    if shared is None:
        shared = _SETS[key] = set(key)
    return shared


def _holder(cls: type) -> Any:
    """An object whose attribute dict shares its keys with those of every other made for
    `cls`: set its attributes in field order and take its __dict__."""
    holder_class = _HOLDERS.get(cls)
    if holder_class is None:
        holder_class = _HOLDERS[cls] = type(f"_{cls.__name__}Fields", (), {})
    return holder_class()


def compact(model: BaseModel) -> None:
    """Shrink the model and every model inside it (see the module's docstring); a ClaimRow
    is left as it is (its value is small, and compacting it would cost more than it saves)."""
    if not isinstance(model, BaseModel):
        return
    fields = model.__pydantic_fields_set__
    shared = _shared(fields)
    if fields is not shared:
        object.__setattr__(model, "__pydantic_fields_set__", shared)
    holder = _holder(type(model))
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


def reduced(model: BaseModel) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """How pickle sends a record: its class, its values and its field set, made again
    compact by `rebuilt` (models inside it are sent the same way). The field sets are
    shared here, so pickle sends each once. A model with extra or private values (none of
    the ledger's records has them) is sent as pydantic sends it."""
    if model.__pydantic_extra__ is not None or model.__pydantic_private__ is not None:
        return model.__reduce_ex__(pickle.HIGHEST_PROTOCOL)  # type: ignore[return-value]
    return rebuilt, (type(model), model.__dict__, _shared(model.__pydantic_fields_set__))


def rebuilt(cls: type[BaseModel], values: dict[str, Any], fields: set[str]) -> BaseModel:
    """A record sent by `reduced`, made without validating again (it was valid when sent),
    with a key-sharing attribute dict and the one empty list and dict."""
    model = cls.__new__(cls)
    holder = _holder(cls)
    for name, value in values.items():
        if not value and (value.__class__ is list or value.__class__ is dict):
            value = _EMPTY_LIST if value.__class__ is list else _EMPTY_DICT
        setattr(holder, name, value)
    object.__setattr__(model, "__dict__", holder.__dict__)
    object.__setattr__(model, "__pydantic_fields_set__", fields)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


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

    A row a worker made also holds the claim's comparison key and its value's
    (records.grouping): made for a hundred thousand claims by the process that gathers
    them, they took about 0.2 s of the 0.7 s the report's context took, on one core, after
    the workers were done. A row read from the cache has neither (None): they are made
    where the context is built.
    """

    __slots__ = (
        "breakdown",
        "id",
        "key",
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
        "value_key",
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
        key: Key | None = None,
        value_key: tuple[Any, ...] | None = None,
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
        self.key = key
        self.value_key = value_key

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
                self.key,
                self.value_key,
            ),
        )


def row_of(
    claim: Claim,
    declared: Separators | None = None,
    values: dict[tuple[Any, ...], tuple[BaseModel, tuple[Any, ...]]] | None = None,
) -> ClaimRow:
    """The claim as the report reads it (see ClaimRow); with its keys, given the
    vocabulary's separators. `values` holds the values of the rows made so far, by their
    key: a row whose value is equal to one of them is given that one and its key, so rows
    pickled together send each value once, and the process they are sent to makes it
    again once."""
    source = claim.source
    value: BaseModel = claim.value
    key = signature = None
    if declared is not None:
        key, signature = comparison_key(claim, declared), value_key(value)
        if values is not None:
            value, signature = values.setdefault(signature, (value, signature))
    return ClaimRow(
        claim.id,
        claim.statement,
        claim.subject,
        claim.property,
        claim.object,
        claim.qualifiers,
        value,
        (source.document, source.quote, source.prefix, source.suffix),
        claim.status,
        claim.review if claim.status in _REVIEW_READ else (),
        claim.part_of,
        claim.breakdown,
        key,
        signature,
    )


def stored_row(claim: Claim, data: dict[str, Any]) -> list[Any]:
    """The claim's row as plain JSON data, for the cache: its value and review as the claim
    file gave them (`row_from` reads them through their models again, as loading did), the
    value as JSON text of its own (a ledger's values repeat: each is read once), the rest as
    loaded."""
    fields = list(row_of(claim).__reduce__()[1][:12])  # not its keys: made where it is read
    fields[6] = json.dumps(data["value"], ensure_ascii=False, separators=(",", ":"))
    fields[7] = list(fields[7])
    fields[8] = claim.status.value
    fields[9] = data.get("review", []) if claim.status in _REVIEW_READ else []
    fields[11] = None if claim.breakdown is None else claim.breakdown.value
    return fields


def row_from(data: Any, values: dict[str, BaseModel]) -> ClaimRow:
    """The row `stored_row` gave; ValueError when the data is not what it gives (a damaged
    or doctored cache): each part's type is checked, the value and review are validated by
    their models, and nothing is built from what fails. `values` holds the values read so
    far, by their text: claims with equal values share one (frozen) value model."""
    if type(data) is not list or len(data) != 12:
        raise ValueError("a stored row is not a list of twelve")
    id, statement, subject, property, object, qualifiers, value, source, status, review = data[:10]
    part_of, breakdown = data[10:]
    if not (
        type(id) is str
        and type(statement) is str
        and type(subject) is str
        and type(property) is str
        and (object is None or type(object) is str)
        and (part_of is None or type(part_of) is str)
        and type(value) is str
        and type(status) is str
        and type(qualifiers) is dict
        and all(type(k) is str and type(v) is str for k, v in qualifiers.items())
        and type(source) is list
        and len(source) == 4
        and type(source[0]) is str
        and type(source[1]) is str
        and (source[2] is None or type(source[2]) is str)
        and (source[3] is None or type(source[3]) is str)
        and type(review) is list
        and (breakdown is None or type(breakdown) is str)
    ):
        raise ValueError("a stored row holds values of the wrong type")
    read = Status(status)
    if review and read not in _REVIEW_READ:
        raise ValueError("a stored row keeps a review the report does not read")
    made = values.get(value)
    if made is None:
        made = values[value] = _adapters()[0].validate_python(json.loads(value))
    return ClaimRow(
        id,
        statement,
        subject,
        property,
        object,
        qualifiers,
        made,
        (source[0], source[1], source[2], source[3]),
        read,
        _adapters()[1].validate_python(review) if read in _REVIEW_READ else (),
        part_of,
        None if breakdown is None else Breakdown(breakdown),
    )


@cache
def _adapters() -> tuple[TypeAdapter[Any], TypeAdapter[list[Review]]]:
    """Validators of a claim's value and review alone, as Claim validates them."""
    return TypeAdapter(models.Value), TypeAdapter(list[Review])


on_change(_adapters.cache_clear)  # a value type added at run time changes Claim.value
