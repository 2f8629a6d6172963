"""The line reader must build exactly what the loader builds, or hand the text to it.

`yamlparse.parse` reads the common subset of YAML with a fast line reader and gives
everything else to PyYAML's loader. The law: whenever the line reader returns a value, the
loader returns the same value (same types too: 3.10 stays a float, "3.10" a string).
"""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claims_ledger.reading import linereader, yamlparse
from claims_ledger.reading.yamlloader import LedgerLoader
from claims_ledger.reading.yamlproblem import YamlProblem


def loader_value(text: str) -> Any:
    return yaml.load(text, Loader=LedgerLoader)


def same(a: Any, b: Any) -> bool:
    """Equal, with equal types all the way down (True == 1 must not pass), NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


# Scalars chosen for the YAML corners a hand-made reader gets wrong.
TRICKY = [
    "yes",
    "no",
    "on",
    "off",
    "true",
    "False",
    "null",
    "~",
    "Null",
    "",
    "3.10",
    "1e3",
    "1.5e-3",
    ".5",
    "-.inf",
    ".NaN",
    "012",
    "0o17",
    "0x1F",
    "1_000",
    "1:20",
    "+1",
    "-0",
    "2019",
    "2019-01-01",
    "2020-21",
    "P6Y6M",
    "1,040",
    '"quoted # not a comment"',
    "'it''s'",
    '"a \\" quote"',
    '"back\\\\slash"',
    '"\\n"',
    "a #comment",
    "a# not",
    "a:b",
    "a: b",
    "- x",
    "[a, b]",
    "[a,b",
    "[]",
    "{}",
    "{a: 1}",
    "[\"x, y\", 'z']",
    "[1, 2.5, yes, null]",
    "&anchor x",
    "*alias",
    "!tag x",
    "|",
    ">",
    "@at",
    "`tick",
    "%pct",
    "?q",
    "-",
    "--",
    "---",
    "...",
    "é",
    "Невойна",
    "“curly”",
    "a ’ b",
    "x\ty",
    "trailing ",
]
KEYS = ["id", "value", "date", "quote", "tags", "yes", "1", "null", "a-b", "a_b", "Key"]


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 2, 4, 1, 3]))
        shape = draw(
            st.sampled_from(
                ["key", "key-empty", "item", "item-key", "comment", "blank", "flow-map"]
            )
        )
        key = draw(st.sampled_from(KEYS))
        scalar = draw(st.sampled_from(TRICKY))
        sep = draw(st.sampled_from([" ", "  ", ""]))
        if shape == "key":
            lines.append(f"{indent}{key}:{sep}{scalar}")
        elif shape == "key-empty":
            lines.append(f"{indent}{key}:")
        elif shape == "item":
            lines.append(f"{indent}-{sep}{scalar}")
        elif shape == "item-key":
            lines.append(f"{indent}- {key}: {scalar}")
        elif shape == "flow-map":  # `lines: {first: 1, last: 48}`, as the manifest writes
            pairs = [
                f"{draw(st.sampled_from(KEYS))}:{draw(st.sampled_from([' ', '  ', '']))}"
                f"{draw(st.sampled_from(TRICKY))}"
                for _ in range(draw(st.integers(1, 3)))
            ]
            lines.append(f"{indent}{key}: {{{sep.join(p + ',' for p in pairs)[:-1]}}}")
        elif shape == "comment":
            lines.append(f"{indent}# {scalar}")
        else:
            lines.append("")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=3000, deadline=None)
@given(documents())
def test_the_line_reader_agrees_with_the_loader(text: str) -> None:
    try:
        fast = linereader.parse_plain(text)
    except (linereader.NotPlain, RecursionError):
        return  # handed to the loader: nothing to compare
    try:
        slow = loader_value(text)
    except yaml.YAMLError as error:
        raise AssertionError(
            f"the line reader accepted what the loader refuses: {text!r}"
        ) from error
    assert same(fast, slow), f"{text!r}: line reader {fast!r}, loader {slow!r}"


@settings(max_examples=500, deadline=None)
@given(
    st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-(10**6), 10**6),
            st.floats(allow_nan=False, allow_infinity=False, width=32),
            st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20),
        ),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(
                st.from_regex(r"[a-z][a-z_-]{0,8}", fullmatch=True), children, max_size=4
            ),
        ),
        max_leaves=12,
    ),
    st.booleans(),
)
def test_parse_reads_back_what_a_dumper_wrote(data: Any, flow: bool) -> None:
    text = yaml.safe_dump({"root": data}, allow_unicode=True, default_flow_style=flow)
    try:
        expected = loader_value(text)
    except yaml.YAMLError:
        return
    try:
        got = yamlparse.parse(text)
    except YamlProblem:
        return  # refused with a finding (deep nesting and the like), never a wrong value
    assert same(got, expected)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("012", 12),  # YAML 1.1 read this as octal 10
        ("1:20", "1:20"),  # YAML 1.1 read this as sexagesimal 80
        ("1_000", "1_000"),  # not a number in YAML 1.2: the schema then asks for one
        ("0o17", 15),
        ("0x1F", 31),
        ("1e3", 1000.0),
        ("3.10", 3.1),
        ("-5", -5),
        ("yes", "yes"),
    ],
)
def test_numbers_are_read_as_yaml_1_2_reads_them(text: str, value: object) -> None:
    for document in (f"a: {text}\n", f"a: [{text}]\n", f"a: {text}\n# &anchor-free comment\n"):
        got = yamlparse.parse(document)["a"]
        got = got[0] if isinstance(got, list) else got
        assert same(got, value), (document, got)
    assert same(loader_value(f"a: {text}\n")["a"], value)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([t for t in TRICKY if t]), max_size=12), st.booleans())
def test_many_scalars_at_once_are_each_read_as_one(rests: list[str], cleared: bool) -> None:
    """Read in one pass, cached or not, each value is the one-line reader's (or NotPlain)."""
    if cleared:
        linereader._SCALARS.clear()
    expected: list[Any] = []
    try:
        for rest in rests:
            expected.append(linereader.scalar(rest))
    except linereader.NotPlain:
        with pytest.raises(linereader.NotPlain):
            linereader.scalars(rests)
        return
    if cleared:
        linereader._SCALARS.clear()
    got = linereader.scalars(rests)
    assert len(got) == len(expected)
    assert all(same(a, b) for a, b in zip(got, expected, strict=True))
    lists = [value for value in got if isinstance(value, list | dict)]
    assert len({id(value) for value in lists}) == len(lists)  # a new list each, never shared


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(['"', "a", "T", "f", "n", "y", "o", "_", "Z"]),
    st.text(st.sampled_from("ab :#\"\\'[]{},-1.e"), max_size=12),
)
def test_a_value_opening_with_a_letter_or_a_quote_mark_is_read_as_the_loader_reads_it(
    first: str, tail: str
) -> None:
    """The commonest values are told by a few string tests, not the regexes: whatever they
    give, the loader gives too, and what the loader refuses they do not read."""
    rest = first + tail
    try:
        value = linereader.read_scalar(rest)
    except linereader.NotPlain:
        return
    assert same(value, loader_value(f"a: {rest}\n")["a"]), rest
    assert same(linereader.scalar(rest), value)


def test_the_characters_the_line_reader_refuses_and_those_a_flow_item_starts_with() -> None:
    """Its patterns' classes, over every code point: refused are the C0 controls but the
    line feed, DEL and the C1 controls, the line and paragraph separators, surrogates, the
    byte order mark, U+FFFE and U+FFFF; a plain flow item starts with an ASCII letter,
    digit or _, or any character from U+00A0."""
    refused = {*range(0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029}
    refused |= {*range(0xD800, 0xE000), 0xFEFF, 0xFFFE, 0xFFFF}
    starts = {ord(c) for c in "_0123456789"} | set(range(ord("A"), ord("Z") + 1))
    starts |= set(range(ord("a"), ord("z") + 1)) | set(range(0xA0, 0x110000))
    every = "".join(map(chr, range(0x110000)))
    assert {m.start() for m in linereader._UNUSUAL.finditer(every)} == refused
    item = linereader._FLOW_ITEM
    assert {c for c in range(0x110000) if item.match(f"{chr(c)}x]")} - {0x20} == starts
