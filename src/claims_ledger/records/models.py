"""The ledger's records as pydantic models: the one source of truth for the JSON Schemas.

Raw YAML is validated against the generated schemas first (which gives every error with
its place); models are then built from data already known to be valid.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
)
from pydantic.fields import FieldInfo

from .valuetypes import on_change, value_type_enum, value_union
from .valuetypes import value_type_of as value_type_of
from .valuetypes.age import AgeValue as AgeValue
from .valuetypes.date import DateValue as DateValue
from .valuetypes.duration import ISO_DURATION as ISO_DURATION
from .valuetypes.duration import DurationValue as DurationValue
from .valuetypes.entity import EntityValue as EntityValue
from .valuetypes.money import MoneyValue as MoneyValue
from .valuetypes.percentage import PercentageValue as PercentageValue
from .valuetypes.quantity import QuantityValue as QuantityValue
from .valuetypes.record import EDTF as EDTF
from .valuetypes.record import SLUG as SLUG
from .valuetypes.record import Bound as Bound
from .valuetypes.record import Record as Record
from .valuetypes.record import Slug as Slug
from .valuetypes.text import TextValue as TextValue

CLAIM_ID = r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
SHA256 = r"^[0-9a-f]{64}$"
# An http(s) address with a host: a scheme alone, or a host with spaces, is not an address.
WEB_URL = r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$"
LANGUAGE = r"^[a-z]{2}$"


def _new_list(description: str | None = None) -> Any:
    """An empty list as a field's default, made afresh for each record by a call to `list`:
    pydantic copies a default written `= []` with copy.deepcopy, a fifth of building a
    claim. The schema still gives the default."""
    return Field(default_factory=list, json_schema_extra={"default": []}, description=description)


def _new_dict() -> Any:
    """An empty mapping as a field's default: see _new_list."""
    return Field(default_factory=dict, json_schema_extra={"default": {}})


class Status(str, Enum):
    unverified = "unverified"
    verified = "verified"
    disputed = "disputed"
    refuted = "refuted"
    unverifiable = "unverifiable"


# The value types and their models are in valuetypes/, whose registry is read here: a
# claim's value is one of its models, a property's value_type one of its names.
ValueType = value_type_enum()
Value = value_union()


class Source(Record):
    document: Slug
    quote: Annotated[str, Field(min_length=1, max_length=2000)]
    prefix: Annotated[str, Field(min_length=1)] | None = None
    suffix: Annotated[str, Field(min_length=1)] | None = None


class Stance(str, Enum):
    supports = "supports"
    contradicts = "contradicts"
    context = "context"


Address = Annotated[
    str, Field(pattern=WEB_URL, max_length=2000, description="an http or https address")
]
Day = Annotated[str, Field(pattern=ISO_DATE, description="YYYY-MM-DD, quoted")]


class ExternalSource(Record):
    """A page that was actually read: what it says, copied, and which way it points."""

    url: Address
    title: Annotated[str, Field(min_length=1, max_length=500, description="the page's headline")]
    publisher: Annotated[str, Field(min_length=1, max_length=200)]
    published: EDTF | None = Field(
        default=None, description="the EDTF date the page gives for itself, or null"
    )
    consulted: Day = Field(description="the day the page was read: YYYY-MM-DD, quoted")
    excerpt: Annotated[
        str,
        Field(
            min_length=1,
            max_length=2000,
            description="copied character for character; at most 60 words",
        ),
    ]
    language: Annotated[str, Field(pattern=LANGUAGE, description="ISO 639-1 code")] = "en"
    translation: Annotated[str, Field(min_length=1)] | None = Field(
        default=None, description="an English translation of the excerpt when language is not en"
    )
    stance: Stance
    archived: Address | None = Field(default=None, description="an archived copy's address")


class ClaimReference(Record):
    """Another claim of the ledger as evidence."""

    claim: Annotated[str, Field(pattern=CLAIM_ID, description="<document-id>/<slug>")]
    stance: Stance


def evidence_kind(raw: Any) -> str | None:
    """A claim reference has a `claim` key; everything else is read as an external source."""
    if isinstance(raw, ClaimReference):
        return "claim"
    if isinstance(raw, ExternalSource):
        return "source"
    if isinstance(raw, dict):
        return "claim" if "claim" in raw else "source"
    return None


Evidence = Annotated[
    Annotated[ExternalSource, Tag("source")] | Annotated[ClaimReference, Tag("claim")],
    Discriminator(evidence_kind),
]


class Search(Record):
    """Where a reviewer looked and what for: what makes `unverifiable` an honest verdict."""

    where: Annotated[str, Field(min_length=1, max_length=300)]
    query: Annotated[str, Field(min_length=1, max_length=500)]


class Review(Record):
    date: Day
    status: Status
    by: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    note: Annotated[str, Field(min_length=1)]
    searched: list[Search] = _new_list()
    evidence: list[Evidence] = _new_list()


class Breakdown(str, Enum):
    """Whether a document's shares of a whole are every share of it."""

    complete = "complete"


class Claim(Record):
    """One assertion made in one passage of one document."""

    id: Annotated[str, Field(pattern=CLAIM_ID, description="<document-id>/<slug>, as its path")]
    statement: Annotated[str, Field(min_length=1)]
    subject: Slug
    property: Slug
    object: Slug | None = None
    qualifiers: dict[str, Annotated[str, Field(min_length=1)]] = _new_dict()
    value: Value
    source: Source
    attributed_to: Annotated[str, Field(min_length=1)] | None = None
    status: Status = Status.unverified
    review: list[Review] = _new_list()
    note: str | None = None
    part_of: (
        Annotated[
            str,
            Field(
                pattern=CLAIM_ID,
                description="id of a claim whose count this claim's count is a share of",
            ),
        ]
        | None
    ) = None
    breakdown: Breakdown | None = Field(
        default=None,
        description="complete: the document gives every share of the whole named in part_of, "
        "so its shares must add up to it exactly",
    )
    tags: list[Slug] = _new_list()

    @field_validator("breakdown")
    @classmethod
    def _breakdown_of_a_whole(cls, value: Breakdown | None, info: ValidationInfo) -> Any:
        if value is not None and not info.data.get("part_of"):
            raise ValueError("a breakdown is of a whole: give part_of, the total's claim id")
        return value

    @field_validator("qualifiers")
    @classmethod
    def _qualifier_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not re.match(r"^[a-z][a-z0-9_-]*$", key):
                raise ValueError(f"qualifier name {key!r} must be lowercase")
        return value


class LineSpan(Record):
    first: Annotated[int, Field(ge=1)]
    last: Annotated[int, Field(ge=1)]


class Document(Record):
    """One article: a line span of one seed file."""

    id: Slug
    file: Annotated[str, Field(min_length=1, description="a file inside seeds/")]
    lines: LineSpan
    title: str | None
    author: str | None
    publisher: str | None
    first_published: str | None
    note: str | None = None
    sha256: Annotated[str, Field(pattern=SHA256)]


class Manifest(Record):
    documents: list[Document]


class EntityType(str, Enum):
    person = "person"
    organisation = "organisation"
    place = "place"
    event = "event"
    work = "work"
    other = "other"


class KnownVariant(Record):
    """An alias written as a mapping: a spelling of the entity known and accepted, and why.
    `claims report` shows a spelling finding on it as acknowledged, not open."""

    name: Annotated[str, Field(min_length=1)]
    note: Annotated[
        str,
        Field(
            min_length=1,
            description="why this spelling is a known variant (whose transliteration, say)",
        ),
    ]


class Alias(str):
    """An alias as every reader of names sees it, a string, with the note of a known
    variant (None for a plain alias)."""

    note: str | None = None


def _alias(value: str | KnownVariant) -> str:
    if isinstance(value, KnownVariant):
        alias = Alias(value.name)
        alias.note = value.note
        return alias
    return value


class Entity(Record):
    id: Slug
    type: EntityType
    name: Annotated[str, Field(min_length=1)]
    aliases: list[
        Annotated[Annotated[str, Field(min_length=1)] | KnownVariant, AfterValidator(_alias)]
    ] = _new_list(
        description="every other spelling the documents use: a string, or a known variant "
        "with a note",
    )
    description: str | None = None
    within: list[Slug] = _new_list(
        description="entities this one lies inside (a city's region and country), so that "
        "values naming either are compatible",
    )


class Entities(Record):
    entities: list[Entity]


class Cardinality(str, Enum):
    single = "single"
    many = "many"


class Lists(str, Enum):
    """Whether one document's values of a many-valued property are read as its whole list."""

    closed = "closed"
    open = "open"


class Property(Record):
    id: Slug
    label: Annotated[str, Field(min_length=1)]
    description: Annotated[str, Field(min_length=1)]
    value_type: ValueType
    cardinality: Cardinality = Cardinality.single
    lists: Lists = Field(
        default=Lists.closed,
        description="many-valued only. closed: each document's values are compared as a "
        "list, and two lists neither within the other are a review. open: a document names "
        "some of the values and says nothing of the rest (what a person did), so lists are "
        "never compared",
    )

    @field_validator("lists")
    @classmethod
    def _lists_of_many(cls, value: Lists, info: ValidationInfo) -> Lists:
        if value is Lists.open and info.data.get("cardinality") is not Cardinality.many:
            raise ValueError("only a property of cardinality many has lists: remove `lists`")
        return value

    qualifiers: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]] = _new_list()
    follows: list[Slug] = _new_list(
        description="properties whose dates, for the same subject and object, cannot be later",
    )


class Properties(Record):
    properties: list[Property]


@on_change
def _rebuild_value_fields() -> None:
    """Claim.value and Property.value_type again, from the registry as it now is."""
    global Value, ValueType
    Value, ValueType = value_union(), value_type_enum()
    Claim.__pydantic_fields__["value"] = FieldInfo.from_annotation(Value)
    Property.__pydantic_fields__["value_type"] = FieldInfo.from_annotation(ValueType)
    for model in (Claim, Property, Properties):
        model.model_rebuild(force=True)
