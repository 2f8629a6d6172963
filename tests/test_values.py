"""values: what an EDTF date, a bounded number, a duration or an age admits of reality."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_ledger.records.values import (
    DAYS_PER_YEAR,
    INF,
    Interval,
    birth_interval,
    bounded,
    date_interval,
    duration_interval,
    edtf_problem,
    season_months,
)


def day(text: str) -> float:
    return float(dt.date.fromisoformat(text).toordinal())


def span(first: str, last: str) -> Interval:
    return Interval(day(first), day(last))


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edtf", "first", "last"),
    [
        ("2019", "2019-01-01", "2019-12-31"),
        ("2017-11", "2017-11-01", "2017-11-30"),
        ("2024-02", "2024-02-01", "2024-02-29"),  # a leap year's February
        ("2024-06-05", "2024-06-05", "2024-06-05"),
        ("2014/2015", "2014-01-01", "2015-12-31"),
        ("2020-21", "2020-03-01", "2020-05-31"),  # spring
        ("2020-22", "2020-06-01", "2020-08-31"),  # summer
        ("2020-23", "2020-09-01", "2020-11-30"),  # autumn
        ("2020-24", "2020-12-01", "2021-02-28"),  # winter runs into the next year
        ("2023-24", "2023-12-01", "2024-02-29"),  # ... and ends on a leap day when there is one
    ],
)
def test_a_date_admits_every_day_of_its_precision(edtf: str, first: str, last: str) -> None:
    assert date_interval(edtf) == span(first, last)


def test_winter_is_our_table_not_the_library_s_december() -> None:
    assert season_months(24) == (12, 2)
    winter = date_interval("2020-24")
    assert winter is not None
    assert winter.contains(date_interval("2021-01"))  # type: ignore[arg-type]
    assert winter.contains(date_interval("2020-12-25"))  # type: ignore[arg-type]
    assert not winter.overlaps(date_interval("2021-03"))  # type: ignore[arg-type]
    assert not winter.overlaps(date_interval("2020-11"))  # type: ignore[arg-type]


def test_approximate_and_uncertain_widen_only_the_fuzzy_edges() -> None:
    for qualified in ("2019~", "2019?", "2019%"):
        found = date_interval(qualified)
        assert found is not None
        # What the text states is still 2019 ...
        assert (found.low, found.high) == (day("2019-01-01"), day("2019-12-31"))
        # ... and the margin reaches into the neighbouring years, as a tension only.
        assert found.fuzzy.contains(span("2019-01-01", "2019-12-31"))
        assert found.fuzzy.overlaps(span("2020-01-01", "2020-12-31"))
        assert found.fuzzy.overlaps(span("2018-01-01", "2018-12-31"))
        assert not found.fuzzy.overlaps(span("2022-01-01", "2022-12-31"))
    plain = date_interval("2019")
    assert plain is not None and plain.fuzzy == plain


def test_an_open_end_is_unbounded_not_a_made_up_date() -> None:
    since = date_interval("2014/..")
    assert since is not None
    assert since.low == day("2014-01-01") and since.high == INF
    until = date_interval("../2015")
    assert until is not None
    assert until.low == -INF and until.high == day("2015-12-31")


@pytest.mark.parametrize("text", ["spring 2020", "2019-13-45", "", "20199"])
def test_an_unparsable_date_has_no_interval_and_a_problem(text: str) -> None:
    assert date_interval(text) is None
    problem = edtf_problem(text)
    assert problem is not None and "EDTF" in problem


def test_an_interval_that_ends_before_it_starts_is_a_problem() -> None:
    problem = edtf_problem("2015/2014")
    assert problem is not None and "ends before it starts" in problem
    assert edtf_problem("2014-05/2014-03") is not None
    # The right order, and a one-year interval, are fine.
    assert edtf_problem("2014/2015") is None
    assert edtf_problem("2014/2014") is None


@pytest.mark.parametrize("text", ["2019", "2017-11", "2020-21", "2014/2015", "2019~", "2019?"])
def test_the_documented_forms_have_no_problem(text: str) -> None:
    assert edtf_problem(text) is None


# --- bounds ------------------------------------------------------------------------------


def test_every_bound_kind_is_the_interval_its_words_say() -> None:
    assert bounded(1040, "more-than") == Interval(1040, INF, low_open=True)
    assert bounded(1040, "at-least") == Interval(1040, INF)
    assert bounded(5, "fewer-than") == Interval(-INF, 5, high_open=True)
    assert bounded(5, "at-most") == Interval(-INF, 5)
    assert bounded(300, "exact") == Interval(300, 300)
    about = bounded(300, "about")
    assert (about.low, about.high) == (300, 300)
    assert (about.fuzzy.low, about.fuzzy.high) == pytest.approx((270, 330))


def test_a_closed_end_touches_and_an_open_end_does_not() -> None:
    assert bounded(5, "at-most").overlaps(bounded(5, "at-least"))
    assert not bounded(5, "fewer-than").overlaps(bounded(5, "at-least"))
    assert not bounded(5, "at-most").overlaps(bounded(5, "more-than"))
    assert bounded(5, "at-least").contains(bounded(5, "exact"))
    assert not bounded(5, "more-than").contains(bounded(5, "exact"))
    assert bounded(1000, "more-than").contains(bounded(1040, "more-than"))
    assert not bounded(1040, "more-than").contains(bounded(1000, "more-than"))


# --- durations ---------------------------------------------------------------------------


def days(text: str) -> tuple[float, float]:
    interval = duration_interval(text)
    assert interval is not None
    return interval.low, interval.high


def test_durations_count_years_and_months_as_the_calendar_allows() -> None:
    assert days("P5Y") == days("P60M")
    assert days("P1W") == (7, 7)
    assert days("P1DT12H") == (1.5, 1.5)
    assert days("PT90M") == pytest.approx((1 / 16, 1 / 16))
    low, high = days("P6Y6M")
    assert low <= 6.5 * DAYS_PER_YEAR <= high
    assert not duration_interval("P6Y6M").overlaps(duration_interval("P6Y"))  # type: ignore[union-attr,arg-type]
    # A year is 365 or 366 days, whichever year it is.
    assert days("P1Y")[0] <= 365 and days("P1Y")[1] >= 366


def test_a_bound_on_a_duration_reaches_past_its_whole_range() -> None:
    year = duration_interval("P1Y")
    more = duration_interval("P1Y", "more-than")
    assert year is not None and more is not None
    assert more.low == year.high and more.low_open
    assert duration_interval("P1Y", "at-least").low == year.low  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["P", "6 years", "P6.5Y", "6Y", ""])
def test_a_malformed_duration_has_no_length(text: str) -> None:
    assert duration_interval(text) is None


# --- ages --------------------------------------------------------------------------------


def test_ages_a_year_apart_at_dates_a_year_apart_allow_the_same_births() -> None:
    at_66 = birth_interval(66, "2024")
    at_65 = birth_interval(65, "2023")
    assert at_66 is not None and at_65 is not None
    assert at_66.overlaps(at_65)
    # 66 on some day of 2024: born after 1 January 1957 and by 31 December 1958 (years are
    # counted at their mean length, so the ends may move by less than a day).
    assert at_66.low_open and not at_66.high_open
    assert at_66.low == pytest.approx(day("1957-01-01"), abs=1)
    assert at_66.high == pytest.approx(day("1958-12-31"), abs=1)


def test_ages_six_years_apart_at_one_date_allow_no_common_birth() -> None:
    at_66 = birth_interval(66, "2024")
    at_60 = birth_interval(60, "2024")
    assert at_66 is not None and at_60 is not None
    assert not at_66.overlaps(at_60)


def test_ages_are_whole_years_so_more_than_60_means_61_or_older() -> None:
    more_than_60 = birth_interval(60, "2024-06-01", "more-than")
    exactly_60 = birth_interval(60, "2024-06-01")
    exactly_61 = birth_interval(61, "2024-06-01")
    assert more_than_60 is not None and exactly_60 is not None and exactly_61 is not None
    assert not more_than_60.overlaps(exactly_60)
    assert more_than_60.contains(exactly_61)
    fewer_than_60 = birth_interval(60, "2024-06-01", "fewer-than")
    assert fewer_than_60 is not None
    assert not fewer_than_60.overlaps(exactly_60)
    assert fewer_than_60.contains(birth_interval(59, "2024-06-01"))  # type: ignore[arg-type]


def test_about_an_age_keeps_its_margin_as_fuzzy_birth_dates() -> None:
    about_66 = birth_interval(66, "2024", "about")
    exactly_62 = birth_interval(62, "2024")
    assert about_66 is not None and exactly_62 is not None
    assert not about_66.overlaps(exactly_62)
    assert about_66.fuzzy.overlaps(exactly_62)  # 62 is within ten per cent of 66
    assert not about_66.fuzzy.overlaps(birth_interval(50, "2024"))  # type: ignore[arg-type]


def test_an_age_at_an_open_date_fixes_no_birth() -> None:
    assert birth_interval(66, "2014/..") is None
    assert birth_interval(66, "not a date") is None


# --- laws of intervals -------------------------------------------------------------------

finite = st.integers(min_value=-1000, max_value=1000).map(float)
end = st.one_of(finite, st.just(INF), st.just(-INF))


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    """Non-empty intervals: the only kind a value can admit."""
    low, high = sorted((draw(end), draw(end)))
    if low == high:
        if low in (INF, -INF):
            low, high = -INF, INF
        return Interval(low, high)
    return Interval(
        low,
        high,
        low_open=draw(st.booleans()) and low != -INF,
        high_open=draw(st.booleans()) and high != INF,
    )


amounts = st.integers(min_value=-10_000, max_value=10_000).map(float)
bounds = st.sampled_from(["exact", "about", "more-than", "at-least", "fewer-than", "at-most"])


@given(intervals(), intervals())
def test_contains_implies_overlaps(a: Interval, b: Interval) -> None:
    if a.contains(b):
        assert a.overlaps(b)


@given(intervals(), intervals())
def test_overlaps_is_symmetric(a: Interval, b: Interval) -> None:
    assert a.overlaps(b) == b.overlaps(a)


@given(intervals())
def test_an_interval_contains_and_overlaps_itself(a: Interval) -> None:
    assert a.contains(a)
    assert a.overlaps(a)


@given(amounts, bounds)
def test_the_fuzzy_interval_contains_the_strict_one(amount: float, bound: str) -> None:
    strict = bounded(amount, bound)
    assert strict.fuzzy.contains(strict)


@pytest.mark.parametrize(
    "text",
    ["2019", "2017-11", "2024-02", "2023-02", "2024-02-29", "2024-06-05", "1917-10-25", "0001"],
)
def test_plain_dates_read_as_the_edtf_library_reads_them(text: str) -> None:
    # Plain dates skip the (slow) library parser; they must admit exactly the same days.
    from edtf import parse_edtf

    from claims_ledger.records.values import date_from_struct

    parsed = parse_edtf(text)
    low = date_from_struct(parsed.lower_strict())
    high = date_from_struct(parsed.upper_strict())
    interval = date_interval(text)
    assert interval is not None and low is not None and high is not None
    assert (interval.low, interval.high) == (low.toordinal(), high.toordinal())
    assert edtf_problem(text) is None


@pytest.mark.parametrize("text", ["2023-02-29", "2019-13", "2019-00", "2019-06-31"])
def test_plain_looking_dates_that_are_not_in_the_calendar_are_refused(text: str) -> None:
    assert edtf_problem(text) is not None
