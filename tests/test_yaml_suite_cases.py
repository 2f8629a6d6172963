"""The reader against the kinds of input the yaml-test-suite collects, all in one run.

The suite itself is not vendored: these are short cases written here, one or more for each of
its categories that a ledger file can meet (tabs, anchors and aliases, tags, flow collections,
several documents, directives, block scalars, escapes, keys that are not text, complex keys,
comments, forbidden characters, byte order marks, line breaks), plus the limits the reader
adds. Where a case follows a suite case closely its id is named. Every file goes into one copy
of the fixture ledger and one `claims validate` must give each its own finding, with a line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import FERRY, invoke

# name -> (text, the code its finding must have, or None where any finding will do: the
# cases on which YAML versions and libyaml builds differ)
CASES: dict[str, tuple[str | bytes, str | None]] = {
    # tabs
    "tab-indentation": ("id: a\nvalue:\n\tdate: x\n", "yaml-syntax"),
    "tab-in-a-value": ("id: a\nnote: a\tb\n", "schema"),
    "tab-in-flow": ("tags: [a,\tb]\n", "schema"),
    "tab-only-line": ("id: a\n\t\nnote: b\n", None),
    # anchors and aliases
    "alias-of-a-scalar": ("id: &x a\nstatement: *x\n", "schema"),
    "undefined-alias": ("id: *nothing\n", "yaml-syntax"),
    "alias-as-a-key": ("id: &k note\n*k : b\n", "schema"),
    "merge-key": ("base: &b {id: a}\n<<: *b\n", "yaml-unsafe-tag"),
    "anchor-on-nothing": ("id: &a\n", "schema"),
    # tags
    "local-tag": ("id: !local a\n", "yaml-unsafe-tag"),
    "python-tag": ("id: !!python/object/apply:os.system ['true']\n", "yaml-unsafe-tag"),
    "verbatim-str-tag": ("id: !<tag:yaml.org,2002:str> a\n", "schema"),
    "undefined-tag-handle": ("id: !e!foo a\n", "yaml-syntax"),
    "int-tag-on-a-word": ("id: !!int a\n", "yaml-syntax"),
    "set-tag-on-a-list": ("id: !!set [a]\n", "yaml-syntax"),
    # flow collections
    "unclosed-flow-list": ("tags: [a, b\nnote: c\n", "yaml-syntax"),
    "unclosed-flow-map": ("value: {date: x\n", "yaml-syntax"),
    "flow-trailing-comma": ("tags: [a, b,]\n", "schema"),
    "flow-list-as-key": ("{[a]: b}\n", "yaml-syntax"),
    "flow-map-missing-comma": ("value: {date: x quantity: 1}\n", "yaml-syntax"),
    "flow-long-spaces": ("tags: [a" + " " * 20_000 + "\n", "yaml-syntax"),
    # documents and directives
    "two-documents": ("id: a\n---\nid: b\n", "yaml-syntax"),
    "document-end-only": ("...\n", None),
    "yaml-1-2-directive": ("%YAML 1.2\n---\nid: a\n", "schema"),
    "yaml-2-directive": ("%YAML 2.0\n---\nid: a\n", "yaml-syntax"),
    "directive-without-document": ("%TAG !e! tag:example.com,2000:\nid: a\n", "yaml-syntax"),
    "empty-file": ("", "schema"),
    "only-a-comment": ("# nothing here\n", "schema"),
    # block scalars
    "block-scalar-less-indented": ("note: |\n  a\n b\n", "yaml-syntax"),
    "block-scalar-indicator-zero": ("note: |0\n a\n", "yaml-syntax"),
    "block-scalar-spaces-then-less": ("note: |\n    \n  a\n", "yaml-syntax"),
    "block-scalar-after-comment-line": ("note: # c\n  |\n   x\n", "schema"),
    # escapes and quotes
    "unknown-escape": ('note: "\\q"\n', "yaml-syntax"),
    "bad-hex-escape": ('note: "\\xZZ"\n', "yaml-syntax"),
    "escaped-surrogate": ('id: "\\ud800"\n', None),
    "unclosed-double-quote": ('id: "abc\n', "yaml-syntax"),
    "unclosed-single-quote": ("id: 'abc\n", "yaml-syntax"),
    # keys that are not text, and complex keys
    "null-key-in-flow-DFF7": ("{\n? explicit: entry,\nimplicit: entry,\n?\n}\n", "schema"),
    "number-key": ("1: a\nfoo: b\n", "schema"),
    "boolean-key": ("true: a\n", "schema"),
    "sequence-key": ("? [a, b]\n: c\n", "yaml-syntax"),
    "mapping-key": ("? {a: b}\n: c\n", "yaml-syntax"),
    "explicit-plain-key": ("? id\n: a\n", "schema"),
    "duplicate-key": ("id: a\nid: b\n", "yaml-duplicate-key"),
    "key-over-1024-characters": ("k" * 2000 + ": b\n", "yaml-syntax"),
    # comments
    "multi-line-comment-P94K": ("key:    # Comment\n        # lines\n  value\n\n\n", "schema"),
    "comment-without-space": ("id: a#not a comment\n", "schema"),
    # characters
    "nul": ("id: a\nnote: b\0c\n", "yaml-syntax"),
    "c1-control": ("id: a\nnote: b\x9fc\n", "yaml-syntax"),
    "non-character": ("id: a\nnote: b\ufffe\n", "yaml-syntax"),
    "reserved-indicator": ("id: @a\n", "yaml-syntax"),
    "backtick": ("id: `a\n", "yaml-syntax"),
    "not-utf-8": (b"id: a\nnote: M\xe4rta\n", "unreadable"),
    # byte order marks and line breaks
    "bom-at-start": ("\ufeffid: a\n", "schema"),
    "bom-inside": ("id: a\nnote: \ufeffb\n", "schema"),
    "crlf": ("id: a\r\nnote: b\r\n", "schema"),
    "lone-cr": ("id: a\rnote: b\r", "schema"),
    "line-separator": ("id: a\u2028b\n", "yaml-syntax"),
    # the reader's own limits
    "deep-flow-nesting": ("tags: " + "[" * 200 + "]" * 200 + "\n", "yaml-syntax"),
    "deep-block-nesting": ("- " * 300 + "x\n", "yaml-syntax"),
    "huge-integer": ("id: " + "1" * 4301 + "\n", "schema"),
    "not-a-number": ("value:\n  quantity: .nan\n  unit: person\n", "schema"),
    "sequence-then-mapping": ("- a\nb: c\n", "yaml-syntax"),
}


def test_there_are_a_few_dozen_cases() -> None:
    assert len(CASES) >= 40


def test_every_case_is_its_own_finding_in_one_run(ledger_root: Path) -> None:
    for name, (text, _) in CASES.items():
        path = ledger_root / FERRY / f"suite-{name}.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = invoke("validate", "--format", "json", "--no-cache", "--root", ledger_root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    findings = json.loads(result.stdout)
    by_file: dict[str, list[dict[str, object]]] = {}
    for finding in findings:
        by_file.setdefault(str(finding["file"]), []).append(finding)
    wrong = []
    for name, (_, code) in CASES.items():
        mine = by_file.pop(f"{FERRY}/suite-{name}.yaml", [])
        if not mine or any(int(str(f["line"])) < 1 for f in mine):
            wrong.append((name, "no finding with a line", mine))
        elif code is not None and code not in {f["code"] for f in mine}:
            wrong.append((name, f"no {code} finding", mine))
        elif any("\n" in str(f["message"]) for f in mine):
            wrong.append((name, "a message of more than one line", mine))
    assert not wrong, wrong
    assert not by_file, f"findings in files that were not written: {sorted(by_file)}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_alone_gives_the_same_code(ledger_root: Path, name: str) -> None:
    """The same case through the text output: one line a finding, the file named in it."""
    text, code = CASES[name]
    path = ledger_root / FERRY / "case.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = invoke("validate", "--no-cache", "--root", ledger_root)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(f"{FERRY}/case.yaml:")]
    assert lines, result.output
    if code is not None:
        assert any(f": {code} " in line for line in lines), lines


def _write_all(ledger_root: Path) -> None:
    for name, (text, _) in CASES.items():
        path = ledger_root / FERRY / f"suite-{name}.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("command", [("report", "--no-cache"), ("fmt", "--check")])
def test_one_report_and_one_fmt_check_name_every_case_with_its_line(
    ledger_root: Path, command: tuple[str, ...]
) -> None:
    """All the cases at once: each file is named with a line, and nothing crashes."""
    _write_all(ledger_root)
    result = invoke(*command, "--root", ledger_root)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output + result.stderr
    said = result.stdout + result.stderr
    # fmt formats any text YAML can read (a schema problem is validate's); every case it
    # cannot read it must name, with its line
    required = [
        name
        for name, (_, code) in CASES.items()
        if command[0] == "report" or (code or "yaml").startswith(("yaml", "unreadable"))
    ]
    assert len(required) >= 20
    unnamed = [
        name
        for name in required
        if not re.search(rf"{re.escape(FERRY)}/suite-{re.escape(name)}\.yaml:\d+:\d+", said)
    ]
    assert not unnamed, unnamed
