"""yamlfile: safe parsing (YAML 1.2 scalars, duplicate keys, tags, alias and depth limits),
reading with a size limit and UTF-8 check, and locating a pointer's line and column."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from claims_ledger.reading import textfile
from claims_ledger.reading.locating import locate
from claims_ledger.reading.textfile import read_own_text, read_text
from claims_ledger.reading.yamlloader import MAX_DEPTH, MAX_EXPANDED_NODES
from claims_ledger.reading.yamlparse import parse
from claims_ledger.reading.yamlproblem import YamlProblem

# What each scalar must become. YAML 1.1 (PyYAML's default) would turn yes/no/on/off into
# booleans and unquoted dates into datetime objects; a ledger keeps them as the text written.
SCALARS: list[tuple[str, Any]] = [
    ("yes", "yes"),
    ("no", "no"),
    ("on", "on"),
    ("off", "off"),
    ("Yes", "Yes"),
    ("y", "y"),
    ("true", True),
    ("false", False),
    ("True", True),
    ("2024-03-03", "2024-03-03"),
    ("2024-03-03 10:00:00", "2024-03-03 10:00:00"),
    ("2024-03-03T10:00:00Z", "2024-03-03T10:00:00Z"),
    ("1998", 1998),
    ("-7", -7),
    ("3.10", 3.1),  # a float: schema validation then asks for quotes where text belongs
    ("40.5", 40.5),
    ("null", None),
    ("~", None),
    ("", None),
    ('"2019"', "2019"),
    ("'yes'", "yes"),
    ("Märta Lindqvist", "Märta Lindqvist"),
]


@pytest.mark.parametrize(("written", "value"), SCALARS)
def test_scalars_keep_what_was_written(written: str, value: Any) -> None:
    parsed = parse(f"key: {written}\n")
    assert parsed == {"key": value}
    assert type(parsed["key"]) is type(value)


def test_scalars_inside_lists_and_nested_mappings_follow_the_same_rules() -> None:
    assert parse("a:\n  b: [yes, 2024-03-03, true]\n  c:\n    - no\n") == {
        "a": {"b": ["yes", "2024-03-03", True], "c": ["no"]}
    }


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_document_is_none(text: str) -> None:
    assert parse(text) is None


# (text, code, line, column): where each unacceptable file must be said to go wrong.
PROBLEMS: list[tuple[str, str, int, int]] = [
    # the second `status` key, line 2 column 1
    ("status: unverified\nstatus: verified\n", "yaml-duplicate-key", 2, 1),
    # a duplicate inside a nested mapping: `b` again at line 3, indented two spaces
    ("a:\n  b: 1\n  b: 2\n", "yaml-duplicate-key", 3, 3),
    # in a flow mapping: `m: {x: 1, ` is 10 characters, so the second `x` is at column 11
    ("m: {x: 1, x: 2}\n", "yaml-duplicate-key", 1, 11),
    # a mapping as a key cannot be compared with other keys
    ("? {a: 1}\n: value\n", "yaml-syntax", 1, 3),
    # the tag sits at column 8 of `value: !!python/object:...`
    ("id: x\nvalue: !!python/object:os.system {}\n", "yaml-unsafe-tag", 2, 8),
    ("a: !!python/name:os.system\n", "yaml-unsafe-tag", 1, 4),
    ("a: !custom thing\n", "yaml-unsafe-tag", 1, 4),
    # `: ` after a plain value on one line: the second colon, column 17
    ("subject: company: founded\n", "yaml-syntax", 1, 17),
    # an unclosed flow list runs to the end of the file (line 2, column 1)
    ("tags: [a, b\n", "yaml-syntax", 2, 1),
    # two documents where one record belongs: the second starts at its `---`, line 2
    ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1),
    # without a final newline, the end of the file is the end of its last line: line 1,
    # just after `tags: [a, b` (11 characters), not a line 2 the file does not have
    ("tags: [a, b", "yaml-syntax", 1, 12),
    ("id: x\nstatement: [a", "yaml-syntax", 2, 14),
    ("a: b\nc", "yaml-syntax", 2, 2),
    ("m: {x: 1", "yaml-syntax", 1, 9),
    # a CR LF pair is one line break, as the parser counts it
    ("a: b\r\nc: [", "yaml-syntax", 2, 5),
    # with one, the end is the start of the line after it
    ("id: x\nstatement: [a\n", "yaml-syntax", 3, 1),
]


@pytest.mark.parametrize(("text", "code", "line", "column"), PROBLEMS)
def test_unacceptable_yaml_is_a_problem_with_its_place(
    text: str, code: str, line: int, column: int
) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, line, column)


AFTER_QUOTE = "text after the closing quote mark of a quoted value: put the whole value inside"


@pytest.mark.parametrize(
    ("text", "line", "column", "inside"),
    [
        # `  quote: "joined the circle"` is 28 characters: the stray text starts at column 30
        ('id: x\nsource:\n  quote: "joined the circle" in 2019\n', 3, 30, '\\"'),
        # a quote mark inside single quotes ends the value: `'it'` then `s' ok`
        ("a:\n  quote: 'it's' ok\n", 2, 14, "''"),
        ('tags:\n  - "a" b\n', 2, 9, '\\"'),
    ],
)
def test_text_after_a_closing_quote_mark_says_how_to_fix_it(
    text: str, line: int, column: int, inside: str
) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    problem = caught.value
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", line, column)
    assert problem.message.startswith(AFTER_QUOTE)
    assert f"write a quote mark inside it as {inside} )" in problem.message
    assert "did not find expected key" not in problem.message


@pytest.mark.parametrize(
    "text",
    [
        'a: "x" # a comment\n  b: 1\n',  # a comment after the quote: the indent is wrong
        'a: "x"\n  b: 2\n',
        "subject: company: founded\n",
    ],
)
def test_other_syntax_errors_keep_their_own_message(text: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert caught.value.code == "yaml-syntax"
    assert caught.value.message.startswith("YAML syntax error: ")


def test_a_tagged_value_is_refused_not_built() -> None:
    # Building the object would run os.system; the loader must refuse before constructing.
    with pytest.raises(YamlProblem) as caught:
        parse('value: !!python/object/apply:os.system ["echo owned"]\n')
    assert caught.value.code == "yaml-unsafe-tag"
    assert "python/object/apply:os.system" in caught.value.message


def test_a_few_aliases_are_fine() -> None:
    assert parse("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


def _laughs(levels: int) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_fails_fast_with_alias_limit() -> None:
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        parse(_laughs(9))  # 10**9 strings once expanded
    assert caught.value.code == "yaml-alias-limit"
    assert str(MAX_EXPANDED_NODES) in caught.value.message
    assert time.perf_counter() - started < 1.0


def test_aliases_under_the_limit_are_accepted_and_one_level_more_is_not() -> None:
    # A level of ten aliases to the previous list counts 1 + 10 * (the previous level's count):
    # 11, 111, 1,111, 11,111 nodes for levels 0 to 3, so four levels stay under 100,000 ...
    parsed = parse(_laughs(4))
    assert parsed["l3"][0][0][0] == ["lol"] * 10
    # ... and a fifth level (111,111 nodes on its own) goes over.
    with pytest.raises(YamlProblem) as caught:
        parse(_laughs(5))
    assert caught.value.code == "yaml-alias-limit"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        # 500,000 nested flow lists: the mapping is level 1, so level 101 is the 100th `[`,
        # at column 4 + 99 = 103
        ("a: " + "[" * 500_000 + "]" * 500_000 + "\n", 1, 103),
        # compact nested block lists, `- ` two characters a level: level 101 at column 201
        ("- " * 500_000 + "x\n", 1, 201),
        # one more space of indentation a level: the mapping opening line n is level n
        ("a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 1500)), 101, 101),
    ],
)
def test_deep_nesting_is_refused_fast_not_a_crash(text: str, line: int, column: int) -> None:
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == (
        "yaml-syntax",
        line,
        column,
    )
    assert f"more than {MAX_DEPTH} levels" in caught.value.message
    assert time.perf_counter() - started < 1.0


def test_nesting_up_to_the_limit_is_accepted() -> None:
    text = "a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n"
    value = parse(text)["a"]
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == 1


# --- read_text ---


def test_read_text_gives_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("name: Märta\n", encoding="utf-8")
    assert read_text(path).text == "name: Märta\n"
    assert read_text(path).problem is None


def test_read_text_refuses_a_file_over_the_limit_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 101)
    read = read_text(path, limit=100)
    assert read.text is None and read.problem is not None
    assert read.problem.code == "file-too-large"
    assert "101 bytes" in read.problem.message
    assert read_text(path, limit=101).text == "#" * 101  # at the limit is still fine


def test_read_text_places_the_first_byte_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    # line 2 is `name: M\xe4rta`: "name: M" is 7 bytes, so the bad byte is column 8
    path.write_bytes("id: x\nname: Märta\n".encode("latin-1"))
    problem = read_text(path).problem
    assert problem is not None
    assert (problem.code, problem.line, problem.column) == ("unreadable", 2, 8)


def test_read_text_of_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    problem = read_text(tmp_path / "gone.yaml").problem
    assert problem is not None and problem.code == "unreadable"


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 70_000])
def test_read_own_text_reads_the_whole_file_whatever_its_size(tmp_path: Path, size: int) -> None:
    """One read when fstat's size is met; files around the size of that read included."""
    path = tmp_path / "a.yaml"
    text = ("é" + "x" * 9 + "\n") * (size // 12) + "y" * (size % 12)
    path.write_text(text, encoding="utf-8")
    assert read_own_text(str(path)) == text


def test_read_own_text_keeps_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 101)
    assert read_own_text(str(path), limit=100) is None
    assert read_own_text(str(path), limit=101) == "#" * 101


def test_read_own_text_reads_on_when_fstat_gives_another_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose size fstat gives wrong (0, as /proc's; or one that grew since) is read
    to its end, not to the size fstat gave, and still within the limit."""
    path = tmp_path / "a.yaml"
    path.write_text("x" * 9_999 + "\n", encoding="utf-8")

    class Sized:
        st_mode = stat.S_IFREG | 0o644
        st_size = 0

    monkeypatch.setattr(textfile.os, "fstat", lambda fd: Sized())
    assert read_own_text(str(path)) == "x" * 9_999 + "\n"
    assert read_own_text(str(path), limit=9_999) is None
    Sized.st_size = 5_000
    assert read_own_text(str(path)) == "x" * 9_999 + "\n"
    assert os.path.getsize(path) == 10_000


# --- locate ---

CLAIM = """\
# a comment line
id: doc/claim
value:
  date: "1998"
source:
  document: doc
  quote: "was founded"
review:
  - date: "2024-03-10"
    evidence: [claim:a/b, claim:c/d]
tags: [x]
"""


@pytest.mark.parametrize(
    ("pointer", "line", "column"),
    [
        ((), 2, 1),  # the root mapping starts at its first key, after the comment
        (("id",), 2, 5),
        (("value",), 4, 3),  # a block mapping value starts at its first key
        (("value", "date"), 4, 9),
        (("source", "quote"), 7, 10),
        (("review", 0), 9, 5),
        (("review", 0, "evidence", 1), 10, 27),
        (("tags", 0), 11, 8),
        # missing keys and indexes point at the nearest parent that exists
        (("status",), 2, 1),
        (("source", "prefix"), 6, 3),
        (("review", 3, "date"), 9, 3),
        (("tags", "x"), 11, 7),
    ],
)
def test_locate_follows_the_pointer(pointer: tuple[Any, ...], line: int, column: int) -> None:
    assert locate(CLAIM, pointer) == (line, column)


def test_locate_in_text_that_does_not_parse_is_the_first_line() -> None:
    assert locate("a: [unclosed\n", ("a",)) == (1, 1)
    assert locate("", ("a",)) == (1, 1)
