"""Values as people type them: each part checked where it is given, named by its option."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims_ledger.authoring.value_input import (
    BOUNDS,
    VALUE_OPTIONS,
    finish_value,
    option,
    parse_number,
    value_checks,
)
from claims_ledger.checking.validation import prepare
from claims_ledger.errors import LedgerError
from claims_ledger.records.models import Bound
from claims_ledger.records.values import edtf_problem

WORKFLOW = Path(__file__).parent / "fixtures" / "workflow"


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1040", 1040), ("1,040", 1040), ("12.5", 12.5), ("40%", 40), ("100 000", 100000)],
)
def test_numbers_are_read_as_people_write_them(typed: str, number: float) -> None:
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["many", "1,04", "nan", "inf", ""])
def test_what_is_not_a_number_says_so(typed: str) -> None:
    assert isinstance(parse_number(typed), str)


def test_each_part_has_a_check_that_refuses_the_near_miss() -> None:
    checks = value_checks(prepare(WORKFLOW, only=[]))
    accepted = {
        "date": "2020-21",
        "as_of": "2019~",
        "currency": "eur",
        "duration": "P6Y6M",
        "bound": "more-than",
        "age": "78",
        "entity": "town-archive",
    }
    refused = {
        "date": "spring 2020",
        "as_of": "2019-13",
        "currency": "EURO",
        "duration": "6 years",
        "bound": "over",
        "age": "78.5",
        "entity": "town-archives",
    }
    for part, typed in accepted.items():
        assert checks[part](typed) is None, part
    for part, typed in refused.items():
        assert checks[part](typed), part
    assert "did you mean town-archive" in str(checks["entity"]("town-archives"))


def test_every_bound_is_explained_and_every_part_has_an_option() -> None:
    assert list(BOUNDS) == [bound.value for bound in Bound]
    assert [option(name) for name in VALUE_OPTIONS] == [
        "--age",
        "--as-of",
        "--bound",
        "--currency",
        "--date",
        "--duration",
        "--entity",
        "--money",
        "--percentage",
        "--quantity",
        "--text",
        "--unit",
    ]


def test_a_finished_value_has_numbers_and_an_upper_case_currency() -> None:
    assert finish_value("money", {"money": "1,500", "currency": "rub", "bound": "about"}) == {
        "money": 1500,
        "currency": "RUB",
        "bound": "about",
    }
    with pytest.raises(LedgerError, match="not a valid age"):
        finish_value("age", {"age": "200"})


@pytest.mark.parametrize(
    ("typed", "edtf"),
    [
        ("March 2020", "2020-03"),
        ("5 March 2020", "2020-03-05"),
        ("March 5, 2020", "2020-03-05"),
        ("spring 2020", "2020-21"),
        ("about 2019", "2019~"),
        ("2014-2015", "2014/2015"),
    ],
)
def test_a_date_as_people_write_it_is_answered_with_its_edtf(typed: str, edtf: str) -> None:
    problem = edtf_problem(typed)
    assert problem == f"{typed!r} is not an EDTF date: write {edtf!r}"
    assert edtf_problem(edtf) is None  # what it suggests is itself accepted


def test_no_suggestion_for_what_is_not_a_calendar_date() -> None:
    # a 31 February, or a month misspelt: the general advice, never an exception's name
    for typed in ("31 February 2020", "Marchh 2020"):
        problem = edtf_problem(typed) or ""
        assert "write '" not in problem and "Exception" not in problem
        assert 'like "2019", "2017-11"' in problem
