"""Hostile text through the YAML reader: each case is a finding at its file, line and column,
never a crash, a wrong place or a hang, and the other findings of the run are kept.

The ledgers are copies of tests/fixtures/valid with one or two files written at test time.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claims_ledger.reading import linereader, yamlloader, yamlparse
from claims_ledger.reading.yamlparse import parse
from claims_ledger.reading.yamlproblem import YamlProblem
from claims_ledger.records.loading import load_text
from helpers import BROKEN, ENTITIES, FERRY, MANIFEST, REPO, invoke

Placed = tuple[str, int, int, str]


def validate_json(root: Path) -> tuple[int, list[dict[str, Any]]]:
    result = invoke("validate", "--format", "json", "--no-cache", "--root", root)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def placed(findings: list[dict[str, Any]]) -> set[Placed]:
    return {(f["file"], f["line"], f["column"], f["code"]) for f in findings}


def every_command_runs(root: Path) -> None:
    """The commands that read the whole ledger finish with an exit code, not an exception."""
    for args in (["report"], ["list"], ["coverage"], ["fmt", "--check"]):
        result = invoke(*args, "--root", root)  # an exception would propagate here
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output


# --- 1. keys that are not text ---


def test_a_number_key_is_a_finding_and_the_other_findings_stay(
    overlaid: Callable[..., Path],
) -> None:
    # The schema fixture's three findings are the "other findings" that must survive.
    root = overlaid(BROKEN / "schema")
    (root / FERRY / "number-key.yaml").write_text("1: a\nfoo: b\n", encoding="utf-8")
    code, findings = validate_json(root)
    assert code == 1
    got = placed(findings)
    # `1: a`: the unknown key's value, after "1: "
    assert (f"{FERRY}/number-key.yaml", 1, 4, "schema") in got
    assert {f for f in got if f[0] == f"{FERRY}/several-mistakes.yaml"} == {
        (f"{FERRY}/several-mistakes.yaml", 2, 1, "schema"),
        (f"{FERRY}/several-mistakes.yaml", 10, 9, "schema"),
        (f"{FERRY}/several-mistakes.yaml", 11, 11, "schema"),
    }
    message = next(f["message"] for f in findings if "unknown key" in f["message"])
    assert "1 is a number" in message and "\n" not in message
    every_command_runs(root)


def test_a_null_key_in_a_flow_mapping_is_a_finding(ledger_root: Path) -> None:
    # As in yaml-test-suite DFF7: an empty `?` entry is the key null.
    rel = f"{FERRY}/null-key.yaml"
    (ledger_root / rel).write_text(
        "{\n? explicit: entry,\nimplicit: entry,\n?\n}\n", encoding="utf-8"
    )
    code, findings = validate_json(ledger_root)
    assert code == 1
    mine = [f for f in findings if f["file"] == rel]
    assert mine and all(f["line"] >= 1 for f in mine)
    assert any("null is no value" in f["message"] for f in mine)
    every_command_runs(ledger_root)


def test_fmt_refuses_a_number_key_at_its_place(ledger_root: Path) -> None:
    rel = f"{FERRY}/number-key.yaml"
    (ledger_root / rel).write_text("id: x\n1: a\n", encoding="utf-8")
    result = invoke("fmt", "--check", "--root", ledger_root, ledger_root / rel)
    assert result.exit_code == 2
    assert f"{rel}:2:1: fmt-refused a key must be a word" in result.output


# --- 2. integers past what Python converts (4,300 digits) ---


def _replace_line(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("rel", "old", "new", "line", "column"),
    [
        # `  quantity: 40` on line 8: the number after "  quantity: "
        (f"{FERRY}/company-employees.yaml", "quantity: 40", "quantity: " + "4" * 4301, 8, 13),
        # in a flow list: `    aliases: [Lindqvist]` on line 5, the item after "    aliases: ["
        (ENTITIES, "aliases: [Lindqvist]", "aliases: [" + "1" * 4301 + "]", 5, 15),
        # `    lines: {first: 1, last: 6}` on line 6: the value of `first`
        (MANIFEST, "{first: 1, last: 6}", "{first: " + "1" * 4301 + ", last: 6}", 6, 20),
        # hexadecimal is converted without Python's limit, but is as large
        (f"{FERRY}/company-employees.yaml", "quantity: 40", "quantity: 0x" + "f" * 300, 8, 13),
    ],
)
def test_a_huge_integer_is_a_finding_at_its_place(
    ledger_root: Path, rel: str, old: str, new: str, line: int, column: int
) -> None:
    _replace_line(ledger_root / rel, old, new)
    code, findings = validate_json(ledger_root)
    assert code == 1
    assert (rel, line, column, "schema") in placed(findings)
    message = next(f["message"] for f in findings if f["file"] == rel)
    assert "more than 300 digits" in message and len(message) < 200
    every_command_runs(ledger_root)


def test_an_integer_of_300_digits_is_still_read() -> None:
    assert parse("a: " + "9" * 300 + "\n") == {"a": int("9" * 300)}


# --- deep nesting: the same place whichever libyaml PyYAML carries ---


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 2_000 + "]" * 2_000 + "\n",
        "- " * 2_000 + "x\n",
        "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 1_500)),
        "x: " + "[" * 99 + "{a: " * 1_200 + "\n",
        "{" * 1_500 + "\n",
        "k: v\n" * 300 + "z: " + "[ " * 1_500 + "\n",
        "a: [" + "[b, " * 1_100 + "\n",
    ],
)
def test_deep_nesting_is_placed_as_the_pure_python_parser_places_it(text: str) -> None:
    # PyYAML's own parser has no nesting limit: where it sees level 101 is the truth, however
    # libyaml (with a limit of its own since 6.0.3, or without one before) gets there.
    truth = yamlparse._first_too_deep(yaml.SafeLoader, text)
    assert truth is not None
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column) == (truth.line + 1, truth.column + 1)
    assert f"more than {yamlloader.MAX_DEPTH} levels" in caught.value.message


# --- 3. long runs of hostile text: read to a value or a placed finding ---
# How the time grows with them is measured, not asserted: benchmarks/growth.py.


def _growth_cases() -> tuple[tuple[str, str, str], ...]:
    path = REPO / "benchmarks" / "growth.py"
    spec = importlib.util.spec_from_file_location("benchmark_growth", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


@pytest.mark.parametrize(("opening", "filler", "closing"), _growth_cases())
def test_a_long_hostile_text_is_read_or_placed(opening: str, filler: str, closing: str) -> None:
    text = opening + filler * 4_000 + closing
    lines = text.split("\n")
    try:
        parse(text)
    except YamlProblem as problem:
        place = (problem.line, problem.column)
        # within the text, or the end of the stream (the line after the last, column 1)
        assert place == (len(lines) + 1, 1) or (
            1 <= problem.line <= len(lines)
            and 1 <= problem.column <= len(lines[problem.line - 1]) + 1
        ), place
        assert "\n" not in problem.message


def test_a_flow_item_keeps_its_inner_spaces_and_drops_its_trailing_ones() -> None:
    assert parse("a: [b  c   , d    ]\n") == {"a": ["b  c", "d"]}
    assert parse("a: {first: b  c   , last: 2   }\n") == {"a": {"first": "b  c", "last": 2}}


# --- 9. characters YAML refuses ---


def test_a_nul_byte_is_placed_at_its_line_and_column_in_one_line(ledger_root: Path) -> None:
    rel = f"{FERRY}/nul.yaml"
    # line 3 is `statement: Märta\0 ...`: "statement: Märta" is 16 characters (18 bytes)
    (ledger_root / rel).write_text(
        "id: courier-ferry/nul\nsubject: saltvik-ferry-company\nstatement: Märta\0 Lindqvist\n",
        encoding="utf-8",
    )
    code, findings = validate_json(ledger_root)
    assert (code, placed(findings)) == (1, {(rel, 3, 17, "yaml-syntax")})
    message = findings[0]["message"]
    assert "U+0000" in message
    assert "\n" not in message and "position" not in message and "<unicode" not in message
    text = invoke("validate", "--no-cache", "--root", ledger_root).output
    assert text.count(f"{rel}:") == 1
    assert f"{rel}:3:17: yaml-syntax" in text


def test_a_non_character_is_placed_too() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("a: b\nc: d\uffff\n")
    assert (caught.value.line, caught.value.column) == (2, 5)


# --- 10. values that must not pass ---


@pytest.mark.parametrize("amount", ["150", "-5", "100.5"])
def test_a_percentage_is_a_share_from_0_to_100(ledger_root: Path, amount: str) -> None:
    path = ledger_root / FERRY / "company-employees.yaml"
    _replace_line(path, "  quantity: 40\n  unit: person\n", f"  percentage: {amount}\n")
    code, findings = validate_json(ledger_root)
    rel = f"{FERRY}/company-employees.yaml"
    # `  percentage: 150` on line 8: the number after "  percentage: "
    assert (code, placed(findings)) == (1, {(rel, 8, 15, "schema")})
    assert "out of range" in findings[0]["message"]


@pytest.mark.parametrize("amount", ["0", "0.26", "100"])
def test_a_percentage_from_0_to_100_passes_the_schema(ledger_root: Path, amount: str) -> None:
    path = ledger_root / FERRY / "company-employees.yaml"
    _replace_line(path, "  quantity: 40\n  unit: person\n", f"  percentage: {amount}\n")
    _, findings = validate_json(ledger_root)
    # employees takes a quantity: the value's type is wrong, its range is not
    assert {f["code"] for f in findings} == {"value-type"}


@pytest.mark.parametrize("date", ["２０１９", "1998 ", " 1998", "19９8", "1998-0１"])
def test_a_date_not_written_in_ascii_edtf_is_refused(ledger_root: Path, date: str) -> None:
    _replace_line(ledger_root / FERRY / "company-founded.yaml", '"1998"', f'"{date}"')
    code, findings = validate_json(ledger_root)
    # `  date: "..."` on line 7: the string after "  date: "
    assert (code, placed(findings)) == (
        1,
        {(f"{FERRY}/company-founded.yaml", 7, 9, "invalid-value")},
    )
    assert "ASCII digits" in findings[0]["message"]


@pytest.mark.parametrize("key", ["percentage", "quantity"])
@pytest.mark.parametrize("number", [".nan", ".inf", "-.Inf", "1e400"])
def test_a_number_that_is_not_finite_is_a_finding_at_its_line_for_every_command(
    ledger_root: Path, key: str, number: str
) -> None:
    rel = f"{FERRY}/company-employees.yaml"
    new = f"  {key}: {number}\n" + ("  unit: person\n" if key == "quantity" else "")
    _replace_line(ledger_root / rel, "  quantity: 40\n  unit: person\n", new)
    column = len(f"  {key}: ") + 1
    code, findings = validate_json(ledger_root)
    assert (code, placed(findings)) == (1, {(rel, 8, column, "schema")})
    assert "not finite" in findings[0]["message"]
    fmt = invoke("fmt", "--check", "--root", ledger_root)
    assert fmt.exit_code == 2
    assert f"{rel}:8:{column}: schema the number {number} is not finite" in fmt.output
    every_command_runs(ledger_root)


def test_a_nan_elsewhere_says_to_quote_text() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("note: ok\ntags: [a, .NaN]\n")
    assert (caught.value.line, caught.value.column) == (2, 11)
    assert "quote it if it is text" in caught.value.message


# --- a tag whose value it cannot read ---


@pytest.mark.parametrize(
    ("text", "column"),
    [("a: !!float x\n", 4), ("a: !!int x\n", 4), ("a: !!bool maybe\n", 4), ("a: !!set [b]\n", 4)],
)
def test_a_standard_tag_on_a_value_it_cannot_read_is_a_finding(text: str, column: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == (
        "yaml-syntax",
        1,
        column,
    )


# --- keys past YAML's 1,024 characters ---


def test_a_key_over_1024_characters_is_refused_as_the_loader_refuses_it() -> None:
    # The line reader once read it, where the loader (and YAML) refuse it.
    assert parse("k" * 1024 + ": b\n") == {"k" * 1024: "b"}
    for text in ("k" * 1025 + ": b\n", "a: {" + "k" * 1025 + ": b}\n"):
        with pytest.raises(YamlProblem) as caught:
            parse(text)
        assert caught.value.code == "yaml-syntax"


# --- fuzzing: YAML-ish text never raises anything but the project's own problem ---

# YAML's punctuation, spaces and breaks of every kind, digits, letters, the number words YAML
# resolves, and a few characters the reader treats specially (NUL, BOM, NEL, full-width).
PIECES = [
    *"-?:,[]{}#&*!|>'\"%@`~.+= \t\n\r",
    *"0123456789abcxyzEe",
    "\0",
    "\ufeff",
    "\x85",
    "\u2028",
    "é",
    "２",
    "Ж",
    "- ",
    ": ",
    "  ",
    "\n  ",
    "id",
    "value",
    "date",
    ".nan",
    ".inf",
    "null",
    "true",
    "0x",
    "0o",
    "---",
    "...",
    "!!int",
    "!!float",
    "!!set",
    "? ",
    "9" * 40,
]
yamlish = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=3000, deadline=None)
@given(yamlish)
def test_parse_raises_only_its_own_problem(text: str) -> None:
    with contextlib.suppress(linereader.NotPlain, RecursionError):
        linereader.parse_plain(text)  # or it hands the text to the loader
    try:
        parse(text)
    except YamlProblem as problem:
        assert problem.line >= 0 and problem.column >= 0
        assert "\n" not in problem.message


@settings(max_examples=800, deadline=None)
@given(yamlish, st.sampled_from(["claim", "entities", "documents", "properties"]))
def test_loading_a_file_never_raises(text: str, kind: str) -> None:
    result = load_text("claims/a/b.yaml", text, kind)
    assert result.record is not None or result.findings
    for finding in result.findings:
        assert "\n" not in finding.message
