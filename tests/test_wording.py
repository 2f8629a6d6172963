"""wording: values and keys as a reader says them."""

from __future__ import annotations

from typing import Any

import pytest

from claims_ledger.comparing.wording import (
    date_words,
    duration_words,
    key_words,
    number_words,
    unit_words,
    value_words,
)
from claims_ledger.records.models import Claim


@pytest.mark.parametrize(
    ("edtf", "words"),
    [
        ("2019", "2019"),
        ("2017-11", "November 2017"),
        ("2024-06-05", "5 June 2024"),
        ("2020-21", "spring 2020"),
        ("2020-22", "summer 2020"),
        ("2020-23", "autumn 2020"),
        ("2020-24", "winter 2020"),
        ("2019~", "2019 (approximately)"),
        ("2024-06-05?", "5 June 2024 (uncertain)"),
        ("2019%", "2019 (uncertain, approximate)"),
        ("2014/2015", "2014 to 2015"),
        ("2014/..", "2014 to open end"),
        ("../2015-03", "open start to March 2015"),
    ],
)
def test_date_words(edtf: str, words: str) -> None:
    assert date_words(edtf) == words


@pytest.mark.parametrize(
    "edtf",
    [
        "[2019,2021]",
        "2020-25",  # a level-2 season code: not in our table, so not guessed at
        "2020-13",
        "2020-00",
        "2020-13-01",  # invalid (validation says so), yet the report must still word it
        "2020-21-05",
    ],
)
def test_a_date_the_words_do_not_know_is_shown_as_written(edtf: str) -> None:
    assert date_words(edtf) == edtf


@pytest.mark.parametrize(
    ("amount", "words"), [(1040, "1,040"), (1040.0, "1,040"), (0.26, "0.26"), (500000, "500,000")]
)
def test_number_words(amount: float, words: str) -> None:
    assert number_words(amount) == words


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("P6Y6M", "6 years 6 months"),
        ("P1Y", "1 year"),
        ("P3M", "3 months"),
        ("PT3H30M", "3 hours 30 minutes"),
        ("P2WT1M", "2 weeks 1 minute"),
    ],
)
def test_duration_words_tell_months_from_minutes(period: str, words: str) -> None:
    assert duration_words(period) == words


@pytest.mark.parametrize(
    ("unit", "amount", "words"),
    [
        ("person", 1, "person"),
        ("person", 12, "people"),
        ("person", 1040.5, "people"),
        ("household", 12, "households"),
        ("child", 3, "children"),
        ("city", 2, "cities"),
        ("day", 2, "days"),
        ("box", 2, "boxes"),
        ("metric ton", 4, "metric tons"),
        ("people", 12, "people"),  # written plural already: left alone
        ("cases", 12, "cases"),
    ],
)
def test_units_are_counted(unit: str, amount: float, words: str) -> None:
    assert unit_words(unit, amount) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"date": "2020-21"}, "spring 2020"),
        ({"quantity": 1040, "unit": "person", "bound": "more-than"}, "more than 1,040 people"),
        ({"quantity": 1, "unit": "person"}, "1 person"),
        ({"quantity": 5, "unit": "flat", "bound": "at-least"}, "at least 5 flats"),
        ({"quantity": 5, "unit": "flat", "bound": "fewer-than"}, "fewer than 5 flats"),
        ({"quantity": 5, "unit": "flat", "bound": "at-most"}, "at most 5 flats"),
        ({"money": 500000, "currency": "RUB", "bound": "about"}, "about 500,000 RUB"),
        ({"percentage": 0.26}, "0.26%"),
        ({"duration": "P3M", "bound": "more-than"}, "more than 3 months"),
        ({"age": 66, "as_of": "2024"}, "66 years old in 2024"),
        ({"age": 66}, "66 years old"),
        (
            {"text": "preparation for a violent seizure of power"},
            "preparation for a violent seizure of power",
        ),
        ({"entity": "ufa"}, "ufa"),
    ],
)
def test_value_words(value: dict[str, Any], words: str) -> None:
    assert value_words(make_claim(value).value) == words


def make_claim(value: dict[str, Any], **fields: Any) -> Claim:
    return Claim.model_validate(
        {
            "id": "doc/claim",
            "statement": "A statement.",
            "subject": "sergei-sapozhnikov",
            "property": "joined",
            "value": value,
            "source": {"document": "doc", "quote": "a quote"},
            **fields,
        }
    )


def test_key_words_name_the_entities_and_the_declared_qualifiers() -> None:
    names = {"sergei-sapozhnikov": "Sergei Sapozhnikov", "reading-circle": "the reading circle"}
    claim = make_claim(
        {"date": "2019"}, object="reading-circle", qualifiers={"case": "ufa-case", "other": "x"}
    )
    assert (
        key_words(claim, names, ("case",))
        == "Sergei Sapozhnikov · joined · the reading circle (case=ufa-case)"
    )
    # An entity without a name shows its id; no object and no qualifier, no trailing parts.
    bare = make_claim({"date": "2019"}, subject="someone-else")
    assert key_words(bare, names, ("case",)) == "someone-else · joined"
