"""jsontext.dumps writes exactly the text of json.dumps(indent=2, ensure_ascii=False)."""

from __future__ import annotations

import json
from enum import Enum, IntEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_ledger.output.jsontext import dumps, native_dumps


def expected(value: object, depth: int = 0) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


class Colour(str, Enum):
    red = "red"


class Rank(IntEnum):
    first = 1


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        (),
        {"a": [], "b": {}, "c": [[]], "d": [{}]},
        ("a", ("b", 1)),
        'quote " backslash \\ tab \t newline \n nul \x00 bell \x07 del \x7f',
        "Кагарлицкий — «кавычки» ✓ \u2028 \ud83d",
        [float("nan"), float("inf"), float("-inf"), -0.0, 1e100, 1e-7, 0.1, 5.0],
        [0, -1, 2**70, True, False, None],
        {"colour": Colour.red, "rank": Rank.first, "list": [Colour.red, Rank.first]},
        {3: "int key", 2.5: "float key", True: "bool", None: "none"},  # json words its keys
        {"deep": {"a": [1, {"b": [None, {"c": "d"}]}]}},
    ],
)
@pytest.mark.parametrize("depth", [0, 1, 3])
def test_the_text_is_json_dumps_text(value: object, depth: int) -> None:
    assert dumps(value, depth) == expected(value, depth)


def test_what_json_refuses_is_refused_as_json_refuses_it() -> None:
    for value in ({"a": {1, 2}}, [object()], {("a", "b"): 1}):
        with pytest.raises(TypeError):
            json.dumps(value)
        with pytest.raises(TypeError):
            dumps(value)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=5), children, max_size=4)
        | st.dictionaries(st.integers() | st.booleans() | st.none(), children, max_size=3)
    ),
    max_leaves=30,
)


@given(json_values, st.integers(min_value=0, max_value=4))
def test_any_value_is_written_as_json_writes_it(value: object, depth: int) -> None:
    assert dumps(value, depth) == expected(value, depth)


# JSON's own types alone, as a report's as_dict gives them: str keys only, floats of every
# size (those under 1e-4 among them) and text with lone surrogates too
native_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.text()
    | st.text(st.characters(codec=None, categories=["Cs", "Ll", "Nd", "Po"])),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=30,
)


@given(native_values, st.integers(min_value=0, max_value=4))
def test_a_value_of_jsons_own_types_is_written_natively_as_json_writes_it(
    value: object, depth: int
) -> None:
    assert native_dumps(value, depth) == expected(value, depth)


@pytest.mark.parametrize(
    "value",
    [
        [1e-05, 2.5e-07, -9.9e-09, 4.5e-05, 1e-10, 0.0001, 1e16, 1e-300],
        {"age-1": "report-00589/andrei-zakharov-age-1", "ratio": "1e-5 0.00001"},
        "\ud800 alone",
        {"value_data": {"percentage": 1.5e-06}, "id": "conflict-a8e-1"},
    ],
)
def test_what_pydantic_core_writes_otherwise_is_written_as_json_writes_it(value: object) -> None:
    """Floats under 1e-4 (pydantic-core writes 0.00001 and 1e-7, json 1e-05 and 1e-07) and
    lone surrogates (which it cannot encode) go to `dumps`; text that looks like such a float
    is a false alarm, written the same."""
    for depth in (0, 2):
        assert native_dumps(value, depth) == expected(value, depth)
