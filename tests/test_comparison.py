"""comparison: two claims on one key agree, are compatible, conflict, or need review."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims_ledger.comparing.comparison import Outcome, compare
from claims_ledger.records.models import Claim
from claims_ledger.records.values import date_interval

AGREE, COMPATIBLE, CONFLICT, REVIEW = (
    Outcome.agree,
    Outcome.compatible,
    Outcome.conflict,
    Outcome.review,
)
NOT_A_DISCREPANCY = {AGREE, COMPATIBLE}


def claim(value: dict[str, Any], slug: str = "a") -> Claim:
    return Claim.model_validate(
        {
            "id": f"doc/{slug}",
            "statement": "A statement.",
            "subject": "someone",
            "property": "something",
            "value": value,
            "source": {"document": "doc", "quote": "a quote"},
        }
    )


def outcome(left: dict[str, Any], right: dict[str, Any]) -> Outcome:
    """The outcome, after checking that it does not depend on the order of the two claims."""
    forward = compare(claim(left, "a"), claim(right, "b"))
    backward = compare(claim(right, "b"), claim(left, "a"))
    assert forward.outcome == backward.outcome, (forward, backward)
    assert forward.explanation
    return forward.outcome


def date(text: str) -> dict[str, Any]:
    return {"date": text}


def people(amount: float, bound: str = "exact") -> dict[str, Any]:
    return {"quantity": amount, "unit": "person", "bound": bound}


def age(years: int, as_of: str | None, bound: str = "exact") -> dict[str, Any]:
    return {"age": years, "as_of": as_of, "bound": bound}


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        # "joined in 2019" and "joined in the spring of 2020": disjoint.
        ("2019", "2020-21", {CONFLICT}),
        # "arrested in 2017" and "detained in November 2017": one inside the other.
        ("2017", "2017-11", {COMPATIBLE}),
        ("2019", "2019", {AGREE}),
        # Only the fuzzy edge of "about 2019" reaches 2020: a tension, not a proof.
        ("2019~", "2020", {REVIEW}),
        ("2019?", "2020", {REVIEW}),
        # ... but no margin reaches 2022.
        ("2019~", "2022", {CONFLICT}),
        # Winter 2020 runs from December 2020 to February 2021.
        ("2021-01", "2020-24", {COMPATIBLE}),
        ("2020-12-25", "2020-24", {COMPATIBLE}),
        ("2021-03", "2020-24", {CONFLICT}),
        ("2020-11", "2020-24", {CONFLICT}),
        ("2014/2015", "2015-06", {COMPATIBLE}),
        ("2014/2015", "2015/2016", {COMPATIBLE}),  # overlapping ranges: both can be true
        ("2014/..", "2030", {COMPATIBLE}),
        ("2014/..", "2013", {CONFLICT}),
    ],
)
def test_dates(left: str, right: str, expected: set[Outcome]) -> None:
    assert outcome(date(left), date(right)) in expected


def test_a_conflict_says_which_values_and_a_compatible_pair_which_lies_inside() -> None:
    joined = compare(claim(date("2019")), claim(date("2020-21")))
    assert joined.explanation == "2019 and spring 2020 cannot both be true"
    arrested = compare(claim(date("2017")), claim(date("2017-11")))
    assert arrested.explanation == "November 2017 lies within 2017"


# --- bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (people(1040, "more-than"), people(1000, "more-than"), NOT_A_DISCREPANCY),
        (people(5), people(6), {CONFLICT}),
        (people(5), people(5), {AGREE}),
        (people(5, "at-most"), people(5, "at-least"), {COMPATIBLE}),  # both closed at 5
        (people(5, "fewer-than"), people(5, "at-least"), {CONFLICT}),  # 5 itself is excluded
        (people(5, "at-most"), people(5, "more-than"), {CONFLICT}),
        (people(5, "fewer-than"), people(4), {COMPATIBLE}),
        (people(5, "at-least"), people(4), {CONFLICT}),
        (people(1040, "more-than"), people(1040), {CONFLICT}),
        (people(1040, "at-least"), people(1040), {COMPATIBLE}),
        (people(300, "about"), people(310), {COMPATIBLE, REVIEW}),
        (people(300, "about"), people(500), {CONFLICT}),
        (people(300, "about"), people(300, "about"), {AGREE}),
        # "About 300" admits more than "300": the exact figure fits it, but they do not say
        # the same thing.
        (people(300, "about"), people(300), {COMPATIBLE}),
        (people(300, "about"), people(250, "more-than"), NOT_A_DISCREPANCY),
    ],
)
def test_bounds(left: dict[str, Any], right: dict[str, Any], expected: set[Outcome]) -> None:
    assert outcome(left, right) in expected


def test_percentages_and_money_in_one_currency_compare_as_numbers() -> None:
    assert outcome({"percentage": 40, "bound": "about"}, {"percentage": 41}) in {
        COMPATIBLE,
        REVIEW,
    }
    assert outcome({"percentage": 40}, {"percentage": 60}) == CONFLICT
    assert outcome({"money": 500, "currency": "RUB"}, {"money": 600, "currency": "RUB"}) == (
        CONFLICT
    )
    assert outcome(
        {"money": 500, "currency": "RUB"}, {"money": 400, "currency": "RUB", "bound": "more-than"}
    ) == (COMPATIBLE)


# --- what no rule decides ----------------------------------------------------------------


def test_different_units_are_never_converted() -> None:
    result = compare(claim(people(12)), claim({"quantity": 12, "unit": "household"}))
    assert result.outcome == REVIEW
    assert "units" in result.explanation


def test_a_plural_unit_is_the_same_unit() -> None:
    assert outcome(people(12), {"quantity": 12, "unit": "people"}) == AGREE
    assert outcome({"quantity": 3, "unit": "cities"}, {"quantity": 4, "unit": "city"}) == CONFLICT


def test_different_currencies_are_never_converted() -> None:
    # 30,000 roubles and 400 euros were about equal at some rate; no rate is ever assumed.
    result = compare(
        claim({"money": 30000, "currency": "RUB"}), claim({"money": 400, "currency": "EUR"})
    )
    assert result.outcome == REVIEW
    assert "currencies" in result.explanation
    # Even amounts that would agree at a rate of 1 are not compared across currencies.
    assert outcome({"money": 400, "currency": "USD"}, {"money": 400, "currency": "EUR"}) == REVIEW


def test_different_text_values_need_review_and_equal_ones_agree() -> None:
    result = compare(
        claim({"text": "preparing a seizure of power"}),
        claim({"text": "organising a terrorist community"}),
    )
    assert result.outcome == REVIEW
    assert outcome({"text": "Treason"}, {"text": "  treason "}) == AGREE
    assert outcome({"entity": "ufa"}, {"entity": "ufa"}) == AGREE
    assert outcome({"entity": "ufa"}, {"entity": "moscow"}) == REVIEW


def test_values_of_different_types_need_review() -> None:
    assert outcome(date("2019"), people(2019)) == REVIEW


# --- durations and ages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("P5Y", "P60M", AGREE),
        ("P1Y", "P12M", AGREE),
        ("P6Y6M", "P6Y", CONFLICT),
        ("P2W", "P14D", AGREE),
        # A year lasts 365 or 366 days: "one year" and "365 days" can both be true.
        ("P1Y", "P365D", COMPATIBLE),
        ("P1Y", "P300D", CONFLICT),
    ],
)
def test_durations(left: str, right: str, expected: Outcome) -> None:
    assert outcome({"duration": left}, {"duration": right}) == expected


def test_a_bounded_duration() -> None:
    assert outcome({"duration": "P3M", "bound": "more-than"}, {"duration": "P6M"}) == COMPATIBLE
    assert outcome({"duration": "P3M", "bound": "more-than"}, {"duration": "P2M"}) == CONFLICT


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        # Both can be true of one birth date: 66 in 2024 and 65 in 2023.
        (age(66, "2024"), age(65, "2023"), NOT_A_DISCREPANCY),
        # Within one year someone is 65 before their birthday and 66 after it.
        (age(66, "2024"), age(65, "2024"), NOT_A_DISCREPANCY),
        (age(66, "2024"), age(60, "2024"), {CONFLICT}),
        (age(66, "2024"), age(60, "2018"), NOT_A_DISCREPANCY),
        (age(66, "2024"), age(50, "2018"), {CONFLICT}),
        # On one day, one age.
        (age(66, "2024-06-05"), age(65, "2024-06-05"), {CONFLICT}),
        (age(66, "2024-06-05"), age(66, "2024-06-05"), {AGREE}),
        # Whole years: "more than 60" is 61 or older.
        (age(60, "2024-06-05", "more-than"), age(60, "2024-06-05"), {CONFLICT}),
        (age(60, "2024-06-05", "more-than"), age(61, "2024-06-05"), {COMPATIBLE}),
        # "About 66" keeps its margin whether or not the dates are the same.
        (age(66, "2024", "about"), age(62, "2024"), {REVIEW}),
        (age(66, "2024", "about"), age(61, "2023"), {REVIEW}),
        (age(66, "2024", "about"), age(40, "2024"), {CONFLICT}),
    ],
)
def test_ages_compare_as_birth_dates(
    left: dict[str, Any], right: dict[str, Any], expected: set[Outcome]
) -> None:
    assert outcome(left, right) in expected


def test_an_age_without_its_date_is_never_a_conflict() -> None:
    assert outcome(age(66, None), age(60, None)) == REVIEW
    assert outcome(age(66, None), age(66, "2024")) == REVIEW
    assert outcome(age(66, None), age(66, None)) == AGREE
    assert outcome(age(66, "2014/.."), age(60, "2014/..")) == REVIEW


# --- laws --------------------------------------------------------------------------------

bounds = st.sampled_from(["exact", "about", "more-than", "at-least", "fewer-than", "at-most"])
small = st.integers(min_value=0, max_value=60)
years = st.integers(min_value=1990, max_value=2030)


@st.composite
def edtf_dates(draw: st.DrawFn) -> str:
    year = draw(years)
    form = draw(st.sampled_from(["year", "month", "day", "season", "range", "open"]))
    if form == "year":
        text = str(year)
    elif form == "month":
        text = f"{year}-{draw(st.integers(1, 12)):02d}"
    elif form == "day":
        text = f"{year}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
    elif form == "season":
        text = f"{year}-{draw(st.integers(21, 24))}"
    elif form == "range":
        text = f"{year}/{year + draw(st.integers(0, 3))}"
    else:
        return f"{year}/.."
    return text + draw(st.sampled_from(["", "", "~", "?"])) if form != "season" else text


values = st.one_of(
    edtf_dates().map(date),
    st.builds(people, small, bounds),
    st.builds(
        lambda n, b: {"money": n, "currency": "RUB", "bound": b},
        small,
        bounds,
    ),
    st.builds(lambda n, b: {"percentage": n, "bound": b}, small, bounds),
    st.builds(
        lambda y, m, b: {"duration": f"P{y}Y{m}M", "bound": b},
        st.integers(0, 8),
        st.integers(0, 24),
        bounds,
    ),
    st.builds(
        age,
        st.integers(0, 100),
        st.one_of(st.none(), edtf_dates()),
        bounds,
    ),
    st.sampled_from(["treason", "Treason", "hooliganism"]).map(lambda t: {"text": t}),
)


@given(values, values)
def test_compare_is_symmetric_in_its_outcome(left: dict[str, Any], right: dict[str, Any]) -> None:
    assert compare(claim(left, "a"), claim(right, "b")).outcome == (
        compare(claim(right, "b"), claim(left, "a")).outcome
    )


@given(values)
def test_a_value_always_agrees_with_itself(value: dict[str, Any]) -> None:
    assert compare(claim(value, "a"), claim(value, "b")).outcome == AGREE


@settings(max_examples=40)  # each new EDTF string is parsed afresh, at about 10 ms
@given(edtf_dates(), st.integers(1, 12), st.integers(1, 28))
def test_a_day_within_a_date_is_never_a_conflict_with_it(
    edtf: str, month: int, day_of_month: int
) -> None:
    """Compatible never means conflict: a value inside another's range is not a discrepancy."""
    year = int(edtf[:4])
    inner = f"{year}-{month:02d}-{day_of_month:02d}"
    result = compare(claim(date(edtf), "a"), claim(date(inner), "b")).outcome
    outer_range, inner_range = date_interval(edtf), date_interval(inner)
    assert outer_range is not None and inner_range is not None
    if outer_range.contains(inner_range):
        assert result in NOT_A_DISCREPANCY
    else:
        assert result != AGREE


@given(small, bounds, st.integers(-5, 5))
def test_a_number_its_bound_admits_is_never_a_conflict(
    amount: int, bound: str, offset: int
) -> None:
    """Compatible never means conflict, for numbers: an admitted exact value is compatible."""
    exact = amount + offset
    admitted = {
        "exact": exact == amount,
        "about": exact == amount,
        "more-than": exact > amount,
        "at-least": exact >= amount,
        "fewer-than": exact < amount,
        "at-most": exact <= amount,
    }[bound]
    result = outcome(people(amount, bound), people(exact))
    if admitted:
        assert result in NOT_A_DISCREPANCY
    elif bound == "about" and abs(offset) <= amount * 0.1:
        assert result == REVIEW
    else:
        assert result == CONFLICT


def test_an_explanation_is_worded_once_when_first_read_and_not_before():
    from claims_ledger.comparing.comparison import Comparison

    calls = []

    def explain() -> str:
        calls.append(1)
        return f"worded {len(calls)} time(s)"

    result = Comparison(Outcome.conflict, explain)
    assert calls == []
    assert result.explanation == "worded 1 time(s)"
    assert result.explanation == "worded 1 time(s)"
    assert calls == [1]
    assert result == Comparison(Outcome.conflict, lambda: "other words")  # the why is not compared
