"""The canonical form: one layout for every ledger file, every comment and value kept."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims_ledger.authoring.canonical import FormatProblem, format_text, kind_of, schema_ref
from claims_ledger.reading.yamlparse import parse

CLAIM_SCHEMA = "../../schemas/claim.schema.json"


def fmt(text: str, kind: str = "claim") -> str:
    return format_text(
        text, kind, CLAIM_SCHEMA if kind == "claim" else f"../schemas/{kind}.schema.json"
    )


SCRAMBLED = """\
status: unverified
# why the quote is short
source: {quote: 'pays its pickers', document: orchard-at-fifty}
id: orchard-at-fifty/pickers   # the file's own path
statement: The cooperative pays its pickers.
value: {money: 14, currency: EUR}
subject: brenna-orchard-cooperative
property: hourly-wage
qualifiers: {role: picker}
tags: [wages, pay]
review:
- evidence: []
  note: Recorded from the text.
  status: unverified
  date: 2026-11-23
"""

CANONICAL = """\
# yaml-language-server: $schema=../../schemas/claim.schema.json
id: orchard-at-fifty/pickers  # the file's own path
statement: The cooperative pays its pickers.
subject: brenna-orchard-cooperative
property: hourly-wage
qualifiers:
  role: picker
value:
  money: 14
  currency: EUR
# why the quote is short
source:
  document: orchard-at-fifty
  quote: 'pays its pickers'
status: unverified
review:
  - date: "2026-11-23"
    status: unverified
    note: Recorded from the text.
    evidence: []
tags:
  - wages
  - pay
"""


def test_a_scrambled_record_takes_the_canonical_form() -> None:
    assert fmt(SCRAMBLED) == CANONICAL


def test_the_canonical_form_is_left_as_it_is() -> None:
    assert fmt(CANONICAL) == CANONICAL


@pytest.mark.parametrize(
    ("rel", "kind", "ref"),
    [
        ("claims/letter-vell/pickers-wage.yaml", "claim", "../../schemas/claim.schema.json"),
        ("claims/entities.yaml", "entities", "../schemas/entities.schema.json"),
        ("claims/properties.yaml", "properties", "../schemas/properties.schema.json"),
        ("seeds/documents.yaml", "documents", "../schemas/documents.schema.json"),
    ],
)
def test_each_kind_of_file_gets_its_schema_path(rel: str, kind: str, ref: str) -> None:
    assert kind_of(rel) == kind
    assert schema_ref(rel, kind) == ref


def test_files_that_are_not_ledger_files_have_no_kind() -> None:
    assert kind_of("claims/notes.txt") is None
    assert kind_of("claims/a/b/c.yaml") is None
    assert kind_of("README.md") is None


def test_a_wrong_schema_line_is_replaced_and_a_missing_one_added() -> None:
    body = "entities:\n  - id: x\n    type: person\n    name: X\n"
    wrong = "# yaml-language-server: $schema=../../schemas/claim.schema.json\n" + body
    expected = "# yaml-language-server: $schema=../schemas/entities.schema.json\n" + body
    assert fmt(wrong, "entities") == expected
    assert fmt(body, "entities") == expected


def test_manifest_entities_and_properties_follow_their_models_order() -> None:
    manifest = (
        "documents:\n"
        "- sha256: " + "a" * 64 + "\n"
        "  lines: {last: 6, first: 1}\n"
        "  file: orchard.txt\n"
        "  id: orchard\n"
        "  title: null\n  author: null\n  publisher: null\n  first_published: null\n"
    )
    assert fmt(manifest, "documents").splitlines()[2:] == [
        "  - id: orchard",
        "    file: orchard.txt",
        "    lines:",
        "      first: 1",
        "      last: 6",
        "    title: null",
        "    author: null",
        "    publisher: null",
        "    first_published: null",
        "    sha256: " + "a" * 64,
    ]
    entities = "entities:\n- name: Ilse\n  aliases: [I. M.]\n  id: ilse\n  type: person\n"
    assert fmt(entities, "entities").splitlines()[2:] == [
        "  - id: ilse",
        "    type: person",
        "    name: Ilse",
        "    aliases:",
        "      - I. M.",
    ]


def test_dates_edtf_strings_and_durations_are_double_quoted() -> None:
    text = (
        "id: a/b\nvalue:\n  age: 61\n  as_of: 2024-03\n"
        "review:\n  - date: '2026-11-23'\n    status: unverified\n    note: n\n"
    )
    out = fmt(text)
    assert '  as_of: "2024-03"\n' in out
    assert '  - date: "2026-11-23"\n' in out
    assert fmt("id: a/b\nvalue:\n  duration: P6Y6M\n").endswith('  duration: "P6Y6M"\n')
    assert fmt("id: a/b\nvalue:\n  date: 2020-21\n").endswith('  date: "2020-21"\n')


def test_a_bare_year_becomes_the_string_the_format_asks_for() -> None:
    out = fmt("id: a/b\nvalue:\n  date: 2019\n")
    assert out.endswith('  date: "2019"\n')
    assert parse(out)["value"]["date"] == "2019"


def test_only_date_positions_are_quoted() -> None:
    out = fmt("id: a/b\nstatement: 2019\nvalue:\n  age: 61\n  as_of: null\nnote: 2019-06\n")
    assert "statement: 2019\n" in out
    assert "  as_of: null\n" in out
    assert "note: 2019-06\n" in out


def test_an_empty_value_is_written_null() -> None:
    out = fmt("id: a/b\nattributed_to:\nobject: ~\n")
    assert "object: ~\n" in out
    assert "attributed_to: null\n" in out
    assert parse(out)["attributed_to"] is None


def test_comments_move_with_what_they_describe() -> None:
    text = (
        "# header: kept at the top\n"
        "\n"
        "statement: S.  # about the statement\n"
        "# about the id, above it\n"
        "id: a/b\n"
        "tags:\n"
        "  - x\n"
        "# the last word\n"
    )
    assert fmt(text) == (
        "# yaml-language-server: $schema=../../schemas/claim.schema.json\n"
        "# header: kept at the top\n"
        "\n"
        "# about the id, above it\n"
        "id: a/b\n"
        "statement: S.  # about the statement\n"
        "tags:\n"
        "  - x\n"
        "# the last word\n"
    )


def test_a_hash_after_a_blank_is_a_comment_and_stays_one() -> None:
    # YAML ends a plain value at " #": the rest of the line is a comment, not part of it.
    text = "id: a/b\nnote: a statement by #NoToWar; more\n"
    out = fmt(text)
    assert parse(out)["note"] == parse(text)["note"] == "a statement by"
    assert "note: a statement by  #NoToWar; more\n" in out


def test_comments_inside_sequences_and_mappings_stay_inside() -> None:
    text = (
        "id: a/b\n"
        "review:\n"
        "  # before the first entry\n"
        "  - status: unverified\n"
        "    date: '2026-11-23'  # the day it was read\n"
        "    note: n\n"
        "  # before the second entry\n"
        "  - date: '2026-11-24'\n"
        "    status: disputed\n"
        "    note: m\n"
    )
    assert fmt(text).splitlines()[2:] == [
        "review:",
        "  # before the first entry",
        '  - date: "2026-11-23"  # the day it was read',
        "    status: unverified",
        "    note: n",
        "  # before the second entry",
        '  - date: "2026-11-24"',
        "    status: disputed",
        "    note: m",
    ]


def test_block_and_multi_line_scalars_are_reindented_with_their_values() -> None:
    text = (
        "id: a/b\n"
        "note: |\n"
        "      first line # not a comment\n"
        "        indented more\n"
        "statement: >-\n"
        "    folded\n"
        "    text\n"
        'quote: "a quote\n'
        '        over two lines"\n'
        "subject: a plain value\n"
        "         over two lines\n"
    )
    out = fmt(text)
    assert parse(out) == parse(text)
    assert "note: |\n  first line # not a comment\n    indented more\n" in out
    assert fmt(out) == out


@pytest.mark.parametrize(
    "text",
    [
        "id: &x a/b\nstatement: *x\n",
        "id: !!str a/b\n",
        "- a\n- b\n",
        "",
        "# only a comment\n",
    ],
)
def test_what_fmt_cannot_rewrite_safely_is_refused(text: str) -> None:
    with pytest.raises(FormatProblem):
        fmt(text)


# --- Laws, on generated records -------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12).filter(
    lambda w: w[0].isalpha()
)
TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Cn", "Co", "Zl", "Zp"),
        exclude_characters="\ufeff",
    ),
    min_size=1,
    max_size=30,
)
COMMENT_TEXT = st.text(alphabet="abcdefghij #:-'\"", max_size=15)
EDTF = st.sampled_from(["2019", "2017-11", "2020-21", "2014/2015", "2019~", "2019?", "2024-06-05"])


def _scalar(value: object, style: str) -> str:
    plain = isinstance(value, str) and style == "plain" and value.replace("-", "").isalpha()
    if plain and parse(f"k: {value}") == {"k": value}:  # not a word read as true or null
        return str(value)
    if isinstance(value, str) and style == "single" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


@st.composite
def records(draw: st.DrawFn) -> tuple[str, dict[str, object], list[tuple[str, str, str]]]:
    """A claim-shaped YAML text, the data it holds, and the comments put in (key, kind, text)."""
    value_kind = draw(st.sampled_from(["date", "quantity", "duration", "age", "text"]))
    if value_kind == "date":
        value: dict[str, object] = {"date": draw(EDTF)}
    elif value_kind == "quantity":
        value = {"quantity": draw(st.integers(0, 10**6)), "unit": draw(WORD), "bound": "about"}
    elif value_kind == "duration":
        value = {"duration": draw(st.sampled_from(["P6Y6M", "P3M", "P1D"]))}
    elif value_kind == "age":
        value = {"age": draw(st.integers(0, 120)), "as_of": draw(st.none() | EDTF)}
    else:
        value = {"text": draw(TEXT)}
    data: dict[str, object] = {
        "id": f"{draw(WORD)}/{draw(WORD)}",
        "statement": draw(TEXT),
        "subject": draw(WORD),
        "property": draw(WORD),
        "value": value,
        "source": {"document": draw(WORD), "quote": draw(TEXT)},
        "status": "unverified",
        "review": [
            {"date": "2026-11-23", "status": "unverified", "note": draw(TEXT), "evidence": []}
        ],
    }
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(WORD, min_size=1, max_size=3))
    if draw(st.booleans()):
        data["note"] = draw(TEXT)
    keys = draw(st.permutations(list(data)))
    comments: list[tuple[str, str, str]] = []
    lines: list[str] = []

    def comment(key: str, kind: str) -> str:
        text = f"# c{len(comments)} {draw(COMMENT_TEXT)}".rstrip()
        comments.append((key, kind, text))
        return text

    for number, key in enumerate(keys):
        if number and draw(st.booleans()):
            lines.append("")
        if draw(st.booleans()):
            lines.append(comment(key, "above" if number else "header"))
        item = data[key]
        style = draw(st.sampled_from(["plain", "single", "double"]))
        indent = " " * draw(st.sampled_from([2, 4]))
        if isinstance(item, dict):
            inner = list(draw(st.permutations(list(item.items()))))
            if draw(st.booleans()):
                pairs = ", ".join(f"{k}: {_scalar(v, 'double')}" for k, v in inner)
                lines.append(f"{key}: {{{pairs}}}")
                continue
            lines.append(f"{key}:")
            for k, v in inner:
                if draw(st.booleans()):
                    lines.append(indent + comment(k, "inner"))
                after = f"  {comment(k, 'inner-after')}" if draw(st.booleans()) else ""
                lines.append(f"{indent}{k}: {_scalar(v, style)}{after}")
        elif key == "review":
            lines.append("review:")
            for entry in item:  # type: ignore[union-attr]
                for n, (k, v) in enumerate(draw(st.permutations(list(entry.items())))):
                    shown = "[]" if v == [] else _scalar(v, style)
                    lines.append(f"{'- ' if n == 0 else '  '}{k}: {shown}")
        elif isinstance(item, list):
            if draw(st.booleans()):
                lines.append(f"{key}: [{', '.join(_scalar(tag, style) for tag in item)}]")
            else:
                lines.append(f"{key}:")
                lines += [f"{indent}- {_scalar(tag, style)}" for tag in item]
        elif key == "statement" and draw(st.booleans()):
            words = str(item).split() or ["x"]
            lines.append(f"{key}: |-")
            lines += [f"{indent}{word}" for word in words]
            data[key] = "\n".join(words)
        else:
            after = f"  {comment(key, 'after')}" if draw(st.booleans()) else ""
            lines.append(f"{key}: {_scalar(item, style)}{after}")
    return "\n".join(lines) + "\n", data, comments


LAWS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@LAWS
@given(records())
def test_fmt_keeps_every_value(
    case: tuple[str, dict[str, object], list[tuple[str, str, str]]],
) -> None:
    text, data, _ = case
    assert parse(text) == data
    assert parse(fmt(text)) == data


@LAWS
@given(records())
def test_fmt_is_idempotent(case: tuple[str, dict[str, object], list[tuple[str, str, str]]]) -> None:
    once = fmt(case[0])
    assert fmt(once) == once


@LAWS
@given(records())
def test_fmt_keeps_every_comment_with_its_key(
    case: tuple[str, dict[str, object], list[tuple[str, str, str]]],
) -> None:
    text, _, comments = case
    lines = fmt(text).splitlines()
    for key, kind, comment in comments:
        holding = [n for n, line in enumerate(lines) if line.endswith(comment)]
        assert len(holding) == 1, comment
        at = holding[0]
        if kind == "after":
            assert lines[at].startswith(f"{key}: ")
        elif kind == "inner-after":
            assert lines[at].startswith(f"  {key}: ")
        elif kind == "inner":
            following = lines[at + 1]
            assert following.startswith(f"  {key}:") and lines[at].startswith("  # ")
        elif kind == "header":  # above the first key of a file: its header, kept on top
            assert at == 1
        else:
            following = next(x for x in lines[at + 1 :] if x and not x.startswith("#"))
            assert following.startswith(f"{key}:")


@LAWS
@given(records())
def test_fmt_orders_keys_as_the_format_does(
    case: tuple[str, dict[str, object], list[tuple[str, str, str]]],
) -> None:
    order = ["id", "statement", "subject", "property", "object", "qualifiers", "value", "source"]
    order += ["attributed_to", "status", "review", "note", "tags"]
    top = [line.split(":")[0] for line in fmt(case[0]).splitlines() if line[:1].isalpha()]
    assert top == sorted(top, key=order.index)


def test_blank_lines_kept_by_a_block_scalar_are_its_own() -> None:
    # "|+" keeps the blank line after "kept": it is part of the note, not a gap before the
    # next key, so it must not also appear as a blank line above "statement" once keys move.
    text = "id: a/b\nnote: |+\n  kept\n\nstatement: x\n"
    out = fmt(text)
    assert parse(out)["note"] == "kept\n\n"
    assert out.splitlines()[1:] == ["id: a/b", "statement: x", "note: |+", "  kept", ""]


def test_a_comment_after_a_quoted_hash_is_still_a_comment() -> None:
    text = 'id: a/b\nnote: "see #3"  # not part of the note\nstatement: "x #"  # nor this\n'
    out = fmt(text)
    assert 'note: "see #3"  # not part of the note\n' in out
    assert 'statement: "x #"  # nor this\n' in out
