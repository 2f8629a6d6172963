"""Parsed YAML kept by a digest of its text: the same data as a parse, never a stale one."""

from __future__ import annotations

import json

import pytest

from claims_ledger.reading import parsedtexts
from claims_ledger.reading.parsedtexts import ParsedTexts
from claims_ledger.reading.yamlparse import parse
from claims_ledger.reading.yamlproblem import YamlProblem

TEXT = "entities:\n  - id: ufa\n    name: Ufa\n    aliases: [Oufa]\n    born: 1989\n"


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> object:
        raise AssertionError("parsed again")

    monkeypatch.setattr(parsedtexts, "parse", refuse)


def test_a_text_parsed_once_is_read_back_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    first = ParsedTexts()
    assert first.parse(TEXT) == parse(TEXT)
    assert first.changed and len(first.used) == 1
    (stored,) = first.used.values()
    assert json.loads(stored) == parse(TEXT)
    no_parsing(monkeypatch)
    again = ParsedTexts(dict(first.used))
    data = again.parse(TEXT)
    assert data == parse(TEXT) and type(data["entities"][0]["born"]) is int
    assert not again.changed


def test_another_text_is_parsed_and_the_old_one_is_not_kept() -> None:
    first = ParsedTexts()
    first.parse(TEXT)
    edited = TEXT.replace("Oufa", "Ufa city")
    again = ParsedTexts(dict(first.used))
    assert again.parse(edited)["entities"][0]["aliases"] == ["Ufa city"]
    assert again.changed and list(again.used) != list(first.used) and len(again.used) == 1


def test_damaged_json_is_parsed_again_and_replaced() -> None:
    first = ParsedTexts()
    first.parse(TEXT)
    damaged = {digest: '{"entities": [' for digest in first.used}
    again = ParsedTexts(damaged)
    assert again.parse(TEXT) == parse(TEXT)
    assert again.used == first.used and again.changed


def test_data_json_cannot_give_back_is_not_kept() -> None:
    text = "1: one\n2: two\n"  # integer keys: JSON would give them back as strings
    kept = ParsedTexts()
    assert kept.parse(text) == {1: "one", 2: "two"}
    assert kept.used == {} and not kept.changed


def test_a_text_that_does_not_parse_raises_as_a_parse_does() -> None:
    kept = ParsedTexts()
    with pytest.raises(YamlProblem) as raised:
        kept.parse("entities: [a\n")
    with pytest.raises(YamlProblem) as plain:
        parse("entities: [a\n")
    assert (raised.value.line, raised.value.column) == (plain.value.line, plain.value.column)
    assert kept.used == {}
