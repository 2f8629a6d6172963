"""`claims search TEXT`: statements, quotes and entity names, case-insensitive, each hit with
its id, file:line and the text; exit 0 found, 1 nothing found."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from helpers import REPO, invoke

FIXTURE = Path(__file__).parent / "fixtures" / "report"


def test_a_quote_an_alias_and_a_statement_are_found_whatever_the_case() -> None:
    result = invoke("search", "SERGEY", "--root", FIXTURE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # the South Review writes "Sergey"; the north's "Sergei" is not a match
    assert (
        "south-review/sapozhnikov-joined  seeds/gazette.txt:14  quote: "
        "Sergey Sapozhnikov, who joined the reading circle in the spring of 2020"
    ) in lines
    assert not any(line.startswith("north-gazette/") for line in lines)
    assert "sergei-sapozhnikov  claims/entities.yaml:5  alias: Sergey Sapozhnikov" in lines
    assert "2 match(es) for 'SERGEY'" in result.output


def test_a_statement_is_found_at_its_record_line() -> None:
    result = invoke("search", "spring  of 2020", "--root", FIXTURE)
    assert result.exit_code == 0
    assert (
        "south-review/sapozhnikov-joined  claims/south-review/sapozhnikov-joined.yaml:2  "
        "statement: Sergei Sapozhnikov joined the reading circle in the spring of 2020."
    ) in result.stdout.splitlines()


def test_nothing_found_exits_1() -> None:
    result = invoke("search", "Sergej", "--root", FIXTURE)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "0 match(es)" in result.stderr


def test_every_help_example_finds_something_in_the_bundled_ledger() -> None:
    text = invoke("search", "--help").stdout
    examples = re.findall(r"^\s+claims (search .+)$", text, re.M)
    assert len(examples) >= 3
    for example in examples:
        result = invoke(*shlex.split(example), "--root", REPO)
        assert result.exit_code == 0, example
