"""`claims coverage` on the fixture ledger tests/fixtures/coverage.

Coverage there, read from the seed (see test_coverage.py): lantern-strike 5 of 11 signals
accounted for (45.45...%), river-ferry 2 of 3 (66.6...%), in total 7 of 14 (50%); sentences:
lantern-strike 4 of 9 (44.4...%), river-ferry 1 of 4 (25%), in total 5 of 13 (38.46...%).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claims_ledger.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "coverage"


def run(*args: str | Path) -> Result:
    runner = CliRunner()
    return runner.invoke(main, ["coverage", *map(str, args)], env={"GITHUB_ACTIONS": None})


def test_text_report() -> None:
    result = run("--root", FIXTURE)
    assert result.exit_code == 0
    assert result.output.startswith("lantern-strike  seeds/harbour.txt lines 1-6\n")
    assert "  3 signal(s): 2 covered, 0 waived, 1 missing; coverage 66.6%\n" in result.output
    assert 'money "five million dollars"' in result.output
    assert "  4 sentence(s): 1 covered, 0 waived, 3 missing; accounted 25.0%\n" in result.output
    assert result.output.endswith(
        "total: 2 document(s)\n"
        "  13 sentence(s): 4 covered, 1 waived, 8 missing; accounted 38.4%\n"
        "    waived as: heading 1\n"
        "  14 signal(s): 6 covered, 1 waived, 7 missing; coverage 50.0%\n"
    )


def test_root_found_from_the_current_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURE / "claims")
    assert run("--document", "river-ferry").exit_code == 0


def test_json_report() -> None:
    result = run("--root", FIXTURE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["id"] for d in data["documents"]] == ["lantern-strike", "river-ferry"]
    assert [d["counts"]["missing"] for d in data["documents"]] == [6, 1]
    assert data["total"]["coverage"] == 50.0
    assert data["min"] is None
    assert data["findings"] == []


@pytest.mark.parametrize(
    ("args", "code", "last_line"),
    [
        (("--min", "25"), 0, "ok: at or above --min 25%"),
        (("--min", "30"), 1, "below --min 30%: river-ferry"),
        (("--min", "40"), 1, "below --min 40%: river-ferry, total"),
        (("--min", "45"), 1, "below --min 45%: lantern-strike, river-ferry, total"),
        (("--min", "25", "--document", "river-ferry"), 0, "ok: at or above --min 25%"),
        (("--min", "100", "--document", "river-ferry"), 1, "below --min 100%: river-ferry, total"),
    ],
)
def test_min_exit_codes(args: tuple[str, ...], code: int, last_line: str) -> None:
    result = run("--root", FIXTURE, *args)
    assert result.exit_code == code
    assert result.output.splitlines()[-1] == last_line


def test_min_in_json() -> None:
    result = run("--root", FIXTURE, "--min", "38", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["below_min"] for d in data["documents"]] == [False, True]
    assert data["total"]["below_min"] is False
    assert data["min"] == 38


def test_a_stale_waiver_fails_the_run(tmp_path: Path) -> None:
    root = Path(shutil.copytree(FIXTURE, tmp_path / "ledger"))
    waivers = root / "seeds" / "coverage-waivers.yaml"
    waivers.write_text(
        waivers.read_text().replace("district.1", "district.9").replace('"1"', '"9"')
    )
    result = run("--root", root)
    assert result.exit_code == 1
    assert "seeds/coverage-waivers.yaml:4:12: waiver-quote-not-found stale waiver" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--document", "nowhere"), "claims: error: no document 'nowhere'"),
        (("--min", "101"), "101"),
        (("--min", "nan"), "claims: error: --min nan: give a percentage from 0 to 100"),
    ],
)
def test_bad_input_exits_2(args: tuple[str, ...], message: str) -> None:
    result = run("--root", FIXTURE, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_not_a_ledger_exits_2(tmp_path: Path) -> None:
    result = run("--root", tmp_path)
    assert result.exit_code == 2
    assert "not a ledger" in result.output


def test_help_has_examples() -> None:
    result = CliRunner().invoke(main, ["coverage", "--help"])
    assert result.exit_code == 0
    assert "claims coverage --document petrov-repression" in result.output
    assert "--min" in result.output


def test_hints_name_the_document_seed_line_and_sentence_that_needs_a_claim() -> None:
    output = run("--root", FIXTURE).output
    hints = output.split("hints: sentences that need a claim", 1)[1].split("\n\ntotal:")[0]
    lines = hints.splitlines()[1:]
    lantern = "  lantern-strike  seeds/harbour.txt:"
    ferry = "  river-ferry  seeds/harbour.txt:"
    assert lines == [
        f"{lantern}2  First published in The Harbour Gazette.",
        f"{lantern}3  The strike lasted two-and-a-half weeks, and the union said 40% of the town "
        "joined the pickets.",
        f"{lantern}4  Strike leader Mara Quill, an eighteen-year-old apprentice, was fined $2,500 "
        "in May.",
        f"{lantern}4  Someone often asked whether everyone would return; one way or another, they "
        "did.",
        f"{lantern}5  Mayor Ilse Varga said nothing at all.",
        f"{lantern}5  The owners had promised a fourfold rise in pay.",
        f"{lantern}6  Dozens of supporters came from the 3rd district.1",
        f"{ferry}7  The river ferry",
        f"{ferry}8  He says the fare was once doubled.",
        f"{ferry}8  Its annual budget is five million dollars.",
    ]
    # Covered: "On 3 March 2021, 1,200 workers ..." and the ferry captain's sentence; the
    # title of lantern-strike is waived as a heading.
    assert "seeds/harbour.txt:3  On 3 March" not in output
    assert "Ferry captain Tomas Reed" not in hints
    assert "harbour.txt:1  The Lantern Works strike" not in hints
