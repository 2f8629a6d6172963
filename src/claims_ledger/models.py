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
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
)

SLUG = r"^[a-z0-9][a-z0-9-]*$"
CLAIM_ID = r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"
ISO_DURATION = r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
SHA256 = r"^[0-9a-f]{64}$"
# An http(s) address with a host: a scheme alone, or a host with spaces, is not an address.
WEB_URL = r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$"
LANGUAGE = r"^[a-z]{2}$"

Slug = Annotated[str, Field(pattern=SLUG, max_length=120)]


class Record(BaseModel):
    """Every record rejects unknown keys: a typo must be an error, not silently ignored data."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, regex_engine="python-re", allow_inf_nan=False
    )


class Status(str, Enum):
    unverified = "unverified"
    verified = "verified"
    disputed = "disputed"
    refuted = "refuted"
    unverifiable = "unverifiable"


class Bound(str, Enum):
    exact = "exact"
    about = "about"
    more_than = "more-than"
    at_least = "at-least"
    fewer_than = "fewer-than"
    at_most = "at-most"


class ValueType(str, Enum):
    date = "date"
    quantity = "quantity"
    money = "money"
    percentage = "percentage"
    duration = "duration"
    age = "age"
    text = "text"
    entity = "entity"


EDTF = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description='An EDTF date, always quoted: "2019", "2017-11", "2020-21" (spring 2020), '
        '"2014/2015", "2019~", "2019?".',
    ),
]


class DateValue(Record):
    date: EDTF


class QuantityValue(Record):
    quantity: float | int
    unit: Annotated[str, Field(min_length=1, max_length=60)]
    bound: Bound = Bound.exact


class MoneyValue(Record):
    money: float | int
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]
    bound: Bound = Bound.exact


class PercentageValue(Record):
    percentage: Annotated[
        Annotated[float, Field(ge=0, le=100)] | Annotated[int, Field(ge=0, le=100)],
        Field(description="a share of a whole, from 0 to 100: 40 for 40%"),
    ]
    bound: Bound = Bound.exact


class DurationValue(Record):
    duration: Annotated[str, Field(pattern=ISO_DURATION, description="ISO 8601 period: P6Y6M")]
    bound: Bound = Bound.exact


class AgeValue(Record):
    age: Annotated[int, Field(ge=0, le=150)]
    as_of: EDTF | None = None
    bound: Bound = Bound.exact


class TextValue(Record):
    text: Annotated[str, Field(min_length=1, max_length=500)]


class EntityValue(Record):
    entity: Slug


VALUE_CLASSES: dict[ValueType, type[Record]] = {
    ValueType.date: DateValue,
    ValueType.quantity: QuantityValue,
    ValueType.money: MoneyValue,
    ValueType.percentage: PercentageValue,
    ValueType.duration: DurationValue,
    ValueType.age: AgeValue,
    ValueType.text: TextValue,
    ValueType.entity: EntityValue,
}
_TYPE_OF_CLASS: dict[type, str] = {cls: kind.value for kind, cls in VALUE_CLASSES.items()}


_KEYS = tuple(kind.value for kind in ValueType)


def value_type_of(raw: Any) -> str | None:
    """The type of a value: a built value's class, or the first type key of a raw mapping."""
    known = _TYPE_OF_CLASS.get(type(raw))
    if known is not None:
        return known
    if isinstance(raw, dict):
        for key in _KEYS:
            if key in raw:
                return key
    return None


Value = Annotated[
    Annotated[DateValue, Tag("date")]
    | Annotated[QuantityValue, Tag("quantity")]
    | Annotated[MoneyValue, Tag("money")]
    | Annotated[PercentageValue, Tag("percentage")]
    | Annotated[DurationValue, Tag("duration")]
    | Annotated[AgeValue, Tag("age")]
    | Annotated[TextValue, Tag("text")]
    | Annotated[EntityValue, Tag("entity")],
    Discriminator(value_type_of),
]


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
    searched: list[Search] = []
    evidence: list[Evidence] = []


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
    qualifiers: dict[str, Annotated[str, Field(min_length=1)]] = {}
    value: Value
    source: Source
    attributed_to: Annotated[str, Field(min_length=1)] | None = None
    status: Status = Status.unverified
    review: list[Review] = []
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
    tags: list[Slug] = []

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
    ] = Field(
        default=[],
        description="every other spelling the documents use: a string, or a known variant "
        "with a note",
    )
    description: str | None = None
    within: list[Slug] = Field(
        default=[],
        description="entities this one lies inside (a city's region and country), so that "
        "values naming either are compatible",
    )


class Entities(Record):
    entities: list[Entity]


class Cardinality(str, Enum):
    single = "single"
    many = "many"


class Property(Record):
    id: Slug
    label: Annotated[str, Field(min_length=1)]
    description: Annotated[str, Field(min_length=1)]
    value_type: ValueType
    cardinality: Cardinality = Cardinality.single
    qualifiers: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]] = []
    follows: list[Slug] = Field(
        default=[],
        description="properties whose dates, for the same subject and object, cannot be later",
    )


class Properties(Record):
    properties: list[Property]


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


MODEL_OF_KIND: dict[str, type[Record]] = {
    "claim": Claim,
    "documents": Manifest,
    "entities": Entities,
    "properties": Properties,
    "sentence-waivers": SentenceWaivers,
}
