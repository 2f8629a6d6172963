"""plainfields: a record whose fields are plain is its own JSON; any other is serialized."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum, IntEnum
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, BaseModel, Field, PlainSerializer, field_serializer

from claims_ledger.records.models import Claim, Source
from claims_ledger.records.plainfields import fields_are_json, value_json
from claims_ledger.records.valuetypes import VALUE_TYPES
from claims_ledger.records.valuetypes.record import Record

SAMPLES: list[dict[str, Any]] = [
    {"date": "2019"},
    {"date": "2020-21"},
    {"quantity": 5, "unit": "people", "bound": "about"},
    {"quantity": 2.5, "unit": "km"},
    {"money": 10, "currency": "USD", "bound": "at-least"},
    {"money": 1.25e9, "currency": "EUR"},
    {"percentage": 12.5, "bound": "more-than"},
    {"percentage": 40},
    {"duration": "P6Y6M"},
    {"age": 40, "as_of": "2019"},
    {"age": 0},
    {"text": 'a "quoted" text, é and \u2028'},
    {"entity": "saltvik-ferry-company"},
]


def _dumped(data: Any) -> str:
    return json.dumps(data, sort_keys=True)


def test_the_samples_cover_every_value_type() -> None:
    assert {next(iter(sample)) for sample in SAMPLES} == set(VALUE_TYPES)


@pytest.mark.parametrize("sample", SAMPLES)
def test_each_value_type_is_its_own_json(sample: dict[str, Any]) -> None:
    value = Claim.model_validate(
        {
            "id": "a/b",
            "statement": "S.",
            "subject": "s",
            "property": "p",
            "value": sample,
            "source": {"document": "d", "quote": "q"},
        }
    ).value
    assert fields_are_json(type(value))
    assert _dumped(value.__dict__) == _dumped(value_json(value))


def test_a_source_is_plain_and_a_claim_is_not() -> None:
    assert fields_are_json(Source)
    assert not fields_are_json(Claim)  # nested records, enums, validators of its own


class Colour(str, Enum):
    red = "red"


class Number(IntEnum):
    one = 1


class Nested(Record):
    inner: Source


class Serialized(Record):
    text: str

    @field_serializer("text")
    def _upper(self, text: str) -> str:
        return text.upper()


class Written(Record):
    text: Annotated[str, PlainSerializer(lambda text: text.upper())]


class Checked(Record):
    text: Annotated[str, AfterValidator(lambda text: text.strip())]


class Dated(Record):
    day: dt.date


class Counted(Record):
    number: Number


class Listed(Record):
    items: list[str] = Field(default_factory=list)


class Coloured(Record):
    colour: Colour
    text: Annotated[str, Field(min_length=1)] | None = None


@pytest.mark.parametrize("model", [Nested, Serialized, Written, Checked, Dated, Counted, Listed])
def test_anything_but_plain_fields_is_serialized(model: type[BaseModel]) -> None:
    assert not fields_are_json(model)


def test_a_serializer_is_why() -> None:
    written = Written(text="abc")
    assert value_json(written) == {"text": "ABC"} != written.__dict__


def test_a_string_enum_is_written_as_its_value() -> None:
    assert fields_are_json(Coloured)
    coloured = Coloured(colour="red")
    assert (
        _dumped(coloured.__dict__)
        == _dumped(value_json(coloured))
        == '{"colour": "red", "text": null}'
    )
