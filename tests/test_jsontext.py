"""jsontext.dumps writes exactly the text of json.dumps(indent=2, ensure_ascii=False)."""

from __future__ import annotations

import json
from enum import Enum, IntEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_ledger.output.jsontext import dumps


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
