"""`claims list`: the JSON rows (offsets are code points of the seed file) and the filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, SEED, VALID, invoke

SEED_TEXT = (VALID / SEED).read_text(encoding="utf-8")
FIELDS = {
    "id",
    "document",
    "record",
    "file",
    "line",
    "start",
    "end",
    "quote",
    "statement",
    "subject",
    "property",
    "object",
    "qualifiers",
    "value",
    "attributed_to",
    "status",
    "tags",
}


def rows(*args: str | Path) -> list[dict[str, Any]]:
    result = invoke("list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.stdout)
    assert isinstance(parsed, list)
    return parsed


def test_json_rows_have_the_documented_fields_and_types() -> None:
    listed = rows("--root", VALID)
    assert [row["id"] for row in listed] == [
        "council-minutes/lindqvist-age",
        "council-minutes/pier-request",
        "courier-ferry/company-employees",
        "courier-ferry/company-founded",
        "courier-ferry/company-founder",
    ]
    for row in listed:
        assert set(row) == FIELDS
        assert row["record"] == f"claims/{row['id']}.yaml"
        assert row["file"] == SEED
        for key in ("line", "start", "end"):
            assert isinstance(row[key], int)
        assert isinstance(row["qualifiers"], dict) and isinstance(row["tags"], list)
        assert row["status"] in {"unverified", "verified"}


def test_start_and_end_slice_the_quote_out_of_the_seed_file() -> None:
    for row in rows("--root", VALID):
        assert SEED_TEXT[row["start"] : row["end"]] == row["quote"], row["id"]


def test_offsets_after_a_non_ascii_character_count_code_points() -> None:
    # "who still runs it" follows "Märta Lindqvist, " on seed line 4; the seed's lines 1-3
    # hold 29 + 39 + 1 characters and the 66 characters before the quote include one ä.
    [row] = [r for r in rows("--root", VALID) if r["id"] == "courier-ferry/company-founder"]
    assert (row["line"], row["start"], row["end"]) == (4, 135, 152)
    assert SEED_TEXT[135:152] == "who still runs it"
    # A byte offset would be one more (ä is two bytes in UTF-8).
    assert SEED_TEXT.encode("utf-8").index(b"who still runs it") == 136
    # The quote of lindqvist-age itself starts with the ä-bearing name.
    [age] = [r for r in rows("--root", VALID) if r["id"] == "council-minutes/lindqvist-age"]
    assert SEED_TEXT[age["start"] : age["end"]] == "Märta Lindqvist, aged 61"
    assert age["end"] - age["start"] == len("Märta Lindqvist, aged 61") == 24


def test_values_are_published_as_their_typed_mappings() -> None:
    by_id = {row["id"]: row for row in rows("--root", VALID)}
    assert by_id["courier-ferry/company-founded"]["value"] == {"date": "1998"}
    assert by_id["courier-ferry/company-founder"]["value"] == {"entity": "marta-lindqvist"}
    assert by_id["council-minutes/lindqvist-age"]["value"] == {
        "age": 61,
        "as_of": "2024-03-03",
        "bound": "exact",
    }
    assert by_id["council-minutes/lindqvist-age"]["status"] == "verified"
    assert by_id["courier-ferry/company-founded"]["tags"] == ["ferry"]


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        (
            ["--document", "council-minutes"],
            ["council-minutes/lindqvist-age", "council-minutes/pier-request"],
        ),
        (["--status", "verified"], ["council-minutes/lindqvist-age"]),
        (["--subject", "marta-lindqvist"], ["council-minutes/lindqvist-age"]),
        (["--property", "employees"], ["courier-ferry/company-employees"]),
        (["--tag", "ferry"], ["courier-ferry/company-founded"]),
        (["--document", "courier-ferry", "--status", "verified"], []),
    ],
)
def test_filters(options: list[str], ids: list[str]) -> None:
    assert [row["id"] for row in rows("--root", VALID, *options)] == ids


def test_an_empty_selection_is_an_empty_list() -> None:
    assert rows("--root", VALID, "--document", "council-minutes", "--status", "disputed") == []


@pytest.mark.parametrize(
    ("option", "given", "meant"),
    [
        ("--document", "council-minute", "council-minutes"),
        ("--subject", "marta-lindkvist", "marta-lindqvist"),
    ],
)
def test_a_filter_naming_nothing_in_the_ledger_exits_2_with_the_closest_id(
    option: str, given: str, meant: str
) -> None:
    result = invoke("list", "--root", VALID, option, given)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{option} {given}: no such" in result.stderr
    assert f"did you mean {meant!r}?" in result.stderr
    # nothing close: no guess, but where the ids are
    result = invoke("list", "--root", VALID, option, "zzzzzzzz")
    assert result.exit_code == 2 and "did you mean" not in result.stderr


def test_text_lists_one_claim_with_its_place() -> None:
    result = invoke("list", "--root", VALID, "--subject", "marta-lindqvist")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "council-minutes/lindqvist-age  [verified]  seeds/harbour.txt:13",
        "    Märta Lindqvist was 61 at the council meeting of 3 March 2024.",
        "1 claim(s)",
    ]


def test_an_unknown_status_is_a_usage_error() -> None:
    result = invoke("list", "--root", VALID, "--status", "confirmed")
    assert result.exit_code == 2
    assert "Invalid value for '--status'" in result.stderr


def test_no_ledger_exits_2(tmp_path: Path) -> None:
    result = invoke("list", "--root", tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("claims: error: ")


def test_docs_json_documents_every_field() -> None:
    docs = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
    section = docs[docs.index("## `claims list --format json`") :]
    section = section[: section.index("\n## ", 1)]
    for field in FIELDS:
        assert f"`{field}`" in section.split("| --- | --- | --- |")[1], field
