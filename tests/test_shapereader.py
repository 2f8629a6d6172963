"""The shape reader must give exactly what the line reader gives, text for text.

A plan is made from the first text of a shape it reads twice and then used for every text
of that shape: so each case reads texts of one shape several times over, with other values,
and compares every result (value, types, key order, or the refusal) with the line reader's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claims_ledger.reading import linereader, shapereader
from claims_ledger.reading.yamlloader import LedgerLoader
from test_yamlfile_reader import TRICKY, same


@pytest.fixture(autouse=True)
def _no_plans() -> Iterator[None]:
    """Each test makes its own plans."""
    shapereader._PLANS.clear()
    shapereader._SEEN.clear()
    shapereader._GUESSES.clear()
    yield
    shapereader._PLANS.clear()
    shapereader._SEEN.clear()
    shapereader._GUESSES.clear()


def by_lines(text: str) -> tuple[str, Any]:
    try:
        return "value", linereader.parse_plain(text)
    except linereader.NotPlain:
        return "not plain", None


def by_shape(text: str) -> tuple[str, Any]:
    try:
        return "value", shapereader.parse_shaped(text)
    except linereader.NotPlain:
        return "not plain", None


def assert_agree(texts: list[str]) -> None:
    """Each text read by its shape, three times round (the plan comes the second time),
    gives what the line reader gives."""
    for _ in range(3):
        for text in texts:
            shaped, lines = by_shape(text), by_lines(text)
            assert shaped[0] == lines[0], f"{text!r}: shape reader {shaped}, line reader {lines}"
            assert same(shaped[1], lines[1]), f"{text!r}: {shaped[1]!r} != {lines[1]!r}"


CLAIM = """\
# yaml-language-server: $schema=../../schemas/claim.schema.json
id: report-00135/roman-baranov-fine-1
statement: Roman Baranov was fined 419,000 roubles in the Mirkurrask case.
subject: roman-baranov
property: fine
object: mirkurrask-case
value:
  money: 419000
  currency: RUB
source:
  document: report-00135
  quote: "Roman Baranov was fined 419,000 roubles in the Mirkurrask case"
attributed_to: "OVD-Info"
status: unverified
review:
  - date: "2026-10-01"
    status: unverified
    note: Recorded from the text.
    evidence: []
note: null
tags:
  - fine
"""


def test_a_known_shape_is_read_by_its_plan() -> None:
    first = CLAIM.replace("419000", "12")
    assert_agree([CLAIM, first])
    assert [type(plan) for plan in shapereader._PLANS.values()] == [shapereader.Plan]
    value = shapereader.parse_shaped(first)
    assert value["value"] == {"money": 12, "currency": "RUB"}
    assert list(value) == list(linereader.parse_plain(first))


def test_each_reading_builds_new_mappings_and_lists() -> None:
    for _ in range(3):
        value = shapereader.parse_shaped(CLAIM)
        value["review"][0]["evidence"].append("x")
        value["tags"].append("changed")
        value["source"]["quote"] = "changed"
    again = shapereader.parse_shaped(CLAIM)
    assert again["review"][0]["evidence"] == []
    assert again["tags"] == ["fine"]
    assert again["source"]["quote"].startswith("Roman")


@pytest.mark.parametrize(
    "texts",
    [
        # the same keys; a value or none after `key: ` (its trailing space kept)
        ["a: \nb: 1\n", "a: x\nb: 1\n", "a: # note\nb: 1\n"],
        # an item holding a value, or a key, or a nested list
        ["- x\n- y\n", "- x: 1\n- y\n", "- - x\n- y\n", "-\n  - x\n- y\n"],
        # a value that would read as a key, or with a stray colon, or a comment
        ["k: a\n", "k: a: b\n", "k: a:\n", "k: #a\n", "k: a #b\n", "k: 'a'\n", "k: [a, b]\n"],
        # a line without a key, a duplicate key, an indent too deep
        ["a: 1\nb: 2\n", "a: 1\nb\n", "a: 1\na: 2\n", "a: 1\n b: 2\n"],
        # no lines at all, or only comments
        ["", "\n", "# only\n", "   \n# a\n"],
        # keys the loader reads as other than text
        ["yes: 1\n", "null: 1\n", "1: 2\n", "ok: 1\n"],
        # the last line without its line break
        ["a: 1", "a: ", "a:", "a: 1\n"],
    ],
)
def test_texts_alike_but_for_their_values_agree(texts: list[str]) -> None:
    assert_agree(texts)


def test_a_shape_the_line_reader_refuses_is_refused_without_reading() -> None:
    text = "a: 1\na: 2\n"
    assert_agree([text])
    assert list(shapereader._PLANS.values()) == [shapereader._REFUSED]


def test_a_shape_nested_deeper_than_a_plan_is_read_by_lines() -> None:
    deep = "".join(f"{' ' * level}k{level}:\n" for level in range(shapereader.DEEPEST + 3))
    text = deep + " " * (shapereader.DEEPEST + 3) + "leaf: 1\n"
    assert_agree([text])
    assert list(shapereader._PLANS.values()) == [shapereader._BY_LINES]
    shallow = "a:\n  b:\n    - c: 1\n"
    assert_agree([shallow])
    assert type(shapereader._PLANS[shapereader._shape(shallow)[0]]) is shapereader.Plan


def test_a_long_text_is_read_by_lines() -> None:
    text = "".join(f"k{n}: {n}\n" for n in range(shapereader.SHAPE_TEXT // 6))
    assert len(text) > shapereader.SHAPE_TEXT
    assert_agree([text])
    assert not shapereader._PLANS and not shapereader._SEEN


def test_the_caches_stay_bounded() -> None:
    texts = [f"k{n}: 1\n" for n in range(shapereader.SEEN_KEPT + 10)]
    for text in texts:
        shapereader.parse_shaped(text)
        shapereader.parse_shaped(text)
    assert len(shapereader._SEEN) <= shapereader.SEEN_KEPT
    assert 0 < len(shapereader._PLANS) <= shapereader.PLANS_KEPT
    assert_agree(texts[:5] + texts[-5:])


def test_unusual_characters_are_refused_as_the_line_reader_refuses_them() -> None:
    for text in ["a: x\ty\n", "a: 1\r\n", "a: \x7f\n", "\ufeffa: 1\n", "a: \u2028\n", "a: é\n"]:
        assert_agree([text])


@settings(max_examples=1000, deadline=None)
@given(st.text(st.characters(max_codepoint=0x3000), max_size=40))
def test_usual_is_the_line_readers_own_test(text: str) -> None:
    assert linereader.usual(text) is (linereader._UNUSUAL.search(text) is None)


# --- Generated shapes: one skeleton of lines, filled with many values


LINE_FORMS = ["key", "key-empty", "key-space", "item", "item-key", "item-empty", "comment", "blank"]
KEYS = ["id", "value", "date", "quote", "tags", "yes", "1", "a-b", "Key"]


@st.composite
def skeletons(draw: st.DrawFn) -> list[tuple[int, str, str]]:
    """(indent, form, key) a line: the part of a text a shape is made of."""
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from([0, 0, 0, 2, 2, 4, 1, 3]),
                st.sampled_from(LINE_FORMS),
                st.sampled_from(KEYS),
            ),
            min_size=1,
            max_size=10,
        )
    )


def fill(skeleton: list[tuple[int, str, str]], scalars: list[str], end: str) -> str:
    lines = []
    for (indent, form, key), scalar in zip(skeleton, scalars, strict=False):
        pad = " " * indent
        lines.append(
            {
                "key": f"{pad}{key}: {scalar}",
                "key-empty": f"{pad}{key}:",
                "key-space": f"{pad}{key}: ",
                "item": f"{pad}- {scalar}",
                "item-key": f"{pad}- {key}: {scalar}",
                "item-empty": f"{pad}-",
                "comment": f"{pad}# {scalar}",
                "blank": "",
            }[form]
        )
    return "\n".join(lines) + end


@settings(max_examples=1500, deadline=None)
@given(
    skeletons(),
    st.lists(st.lists(st.sampled_from(TRICKY), min_size=10, max_size=10), min_size=2, max_size=5),
    st.sampled_from(["\n", "", "\n\n"]),
)
def test_texts_of_one_skeleton_agree(
    skeleton: list[tuple[int, str, str]], fillings: list[list[str]], end: str
) -> None:
    texts = [fill(skeleton, scalars, end) for scalars in fillings]
    shapereader._PLANS.clear()
    shapereader._SEEN.clear()
    assert_agree(texts)
    for text in texts:  # and whatever either reads, the loader reads the same
        kind, value = by_shape(text)
        if kind == "value":
            assert same(value, yaml.load(text, Loader=LedgerLoader)), text


def mutations(text: str) -> list[str]:
    """The claim with one line changed: a value swapped, a line moved in or out, an item
    made a key, an indent changed."""
    lines = text.split("\n")
    out = []
    for at, line in enumerate(lines):
        for scalar in ["x: y", "", "# c", "- z", "[a, b]", "'q'", "1.5", "yes", "null", "-"]:
            head = re.match(r"^( *(?:- )?[a-z_]+: )", line)
            if head:
                out.append("\n".join([*lines[:at], head.group(1) + scalar, *lines[at + 1 :]]))
        out.append("\n".join([*lines[:at], " " + line, *lines[at + 1 :]]))
        out.append("\n".join([*lines[:at], line.replace("  - ", "    "), *lines[at + 1 :]]))
        out.append("\n".join([*lines[:at], *lines[at + 1 :]]))
    return out


def test_mutated_claims_agree() -> None:
    texts = mutations(CLAIM)
    assert len(texts) > 200
    assert_agree([*texts, CLAIM])
    assert sum(type(plan) is shapereader.Plan for plan in shapereader._PLANS.values()) > 30


def unique_claims(count: int) -> list[str]:
    """Texts of CLAIM's shape whose id, statement and quote differ each time, the rest not."""
    return [
        CLAIM.replace("fine-1", f"fine-{n}")
        .replace("419,000 roubles in", f"{n} roubles in")
        .replace('case"', f'case {n}"')
        for n in range(count)
    ]


def test_a_plan_reads_its_ever_new_values_without_the_cache() -> None:
    texts = unique_claims(shapereader.LEARNED + 5)
    assert_agree(texts)
    (plan,) = shapereader._PLANS.values()
    assert type(plan) is shapereader.Plan and plan.fresh is not None
    linereader._SCALARS.clear()
    value = shapereader.parse_shaped(texts[-1].replace("fine-", "fined-"))
    assert value["id"] == f"report-00135/roman-baranov-fined-{shapereader.LEARNED + 4}"
    assert value["id"] not in linereader._SCALARS and value["statement"] not in linereader._SCALARS
    assert "unverified" in linereader._SCALARS  # the recurring values are still cached


def test_a_place_of_flow_lists_is_read_without_the_cache() -> None:
    """`evidence: []` each time: the cache never keeps a list, so the place is read as the
    ever new ones are, and the values read through the cache are all found there."""
    texts = unique_claims(shapereader.LEARNED + 5)
    assert_agree(texts)
    (plan,) = shapereader._PLANS.values()
    assert type(plan) is shapereader.Plan and plan.pick is not None and plan.fresh is not None
    match = plan.pattern.fullmatch(texts[-1]) if plan.pattern else None
    assert match is not None
    fresh, picked = plan.fresh(match.groups()), plan.pick(match.groups())
    assert "[]" in fresh and "[]" not in picked
    assert all(text in linereader._SCALARS for text in picked)
    value = shapereader.parse_shaped(texts[-1])
    assert value["review"][0]["evidence"] == [] and value == linereader.parse_plain(texts[-1])


@pytest.mark.parametrize("tricky", [t for t in TRICKY if t])
def test_a_learned_plan_reads_any_value_as_the_line_reader_does(tricky: str) -> None:
    texts = unique_claims(shapereader.LEARNED + 2)
    assert_agree(texts)
    lines = CLAIM.split("\n")
    changed = []
    for at, line in enumerate(lines):  # each value, in turn, made the tricky one
        head = re.match(r"^( *(?:- )?[a-z_]+: )\S", line) or re.match(r"^(  - )\S", line)
        if head:
            changed.append("\n".join([*lines[:at], head.group(1) + tricky, *lines[at + 1 :]]))
    assert len(changed) > 15
    assert_agree(changed)


@settings(max_examples=300, deadline=None)
@given(
    skeletons(),
    st.lists(st.booleans(), min_size=10, max_size=10),
    st.lists(st.lists(st.sampled_from(TRICKY), min_size=10, max_size=10), min_size=1, max_size=4),
)
def test_a_learned_plan_of_any_skeleton_agrees(
    skeleton: list[tuple[int, str, str]], new: list[bool], fillings: list[list[str]]
) -> None:
    """A plan learns which places hold a new text each time (some of them, in any order
    and nesting), then reads other values there, and elsewhere, as the line reader does."""
    shapereader._PLANS.clear()
    shapereader._SEEN.clear()
    learning = [
        fill(
            skeleton, [f"v{n}x{at}" if fresh else f"same{at}" for at, fresh in enumerate(new)], "\n"
        )
        for n in range(shapereader.LEARNED + 2)
    ]
    assert_agree(learning)
    assert_agree([fill(skeleton, scalars, "\n") for scalars in fillings])


LINE_TEXT = st.text(st.sampled_from(" -:#ab_1\"'["), max_size=8)


def split_values(text: str) -> tuple[shapereader.Shape, list[str]]:
    shape, rests = shapereader._shape(text)
    return shape, [rest for rest in rests if rest is not None]


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(LINE_TEXT, min_size=1, max_size=6),
    st.integers(0, 60),
    st.sampled_from([" ", "-", ":", "#", "a", "\n", "", "- ", ": ", "a: "]),
    st.booleans(),
)
def test_a_shapes_pattern_matches_just_the_texts_of_that_shape(
    lines: list[str], at: int, put: str, replace: bool
) -> None:
    """The pattern tried before the split must match a text just when the split gives it
    the same shape, and group the same values."""
    text = "\n".join(lines)
    shape, values = split_values(text)
    pattern = shapereader.shape_pattern(shape)
    match = pattern.fullmatch(text)
    assert match is not None and list(match.groups()) == values, text
    at = min(at, len(text))
    other = text[:at] + put + text[at + replace :]  # one place changed
    other_shape, other_values = split_values(other)
    found = pattern.fullmatch(other)
    assert (found is not None) == (other_shape == shape), (text, other)
    if found is not None:
        assert list(found.groups()) == other_values


def test_texts_alike_in_their_counts_are_each_read_by_their_own_plan() -> None:
    """Texts of as many lines and colons but other keys: each is read by its own shape's
    plan, whichever was guessed first."""
    date = CLAIM.replace("  money: 419000\n  currency: RUB\n", '  date: "2019"\n  of: x\n')
    text = CLAIM.replace("  money: 419000\n  currency: RUB\n", "  text: a\n  lang: ru\n")
    assert_agree([CLAIM, date, text, CLAIM, text, date] * 3)
    assert len(shapereader._GUESSES) == 1
    (plans,) = shapereader._GUESSES.values()
    assert len(plans) == 3
    assert shapereader.parse_shaped(text)["value"] == {"text": "a", "lang": "ru"}
    assert plans[0].pattern.fullmatch(text) is not None  # the latest read is tried first


def test_a_long_shape_is_read_by_its_plan_without_a_pattern() -> None:
    """Compiling a pattern grows with the shape's lines: a long shape's plan has none and
    is never guessed, and reads as the line reader does."""
    lines = shapereader.PATTERN_LINES
    texts = [f"- {kind}\n" * lines for kind in ("a", "b", "1", "'q'")]
    assert_agree(texts)
    (plan,) = shapereader._PLANS.values()
    assert type(plan) is shapereader.Plan and plan.pattern is None
    assert not shapereader._GUESSES
    short = ["- a\n" * (lines - 1), "- b\n" * (lines - 1)]
    assert_agree(short)
    assert len(shapereader._GUESSES) == 1
