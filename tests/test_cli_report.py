"""`claims report` on the fixture ledger tests/fixtures/report (see test_consistency.py for
why each of its nine findings is there): formats, filters, exit codes and --strict."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claims_ledger.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report"
JOINED = ("north-gazette/sapozhnikov-joined", "south-review/sapozhnikov-joined")
ANSI = re.compile(r"\x1b\[")


def run(*args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    """`claims report` in-process, outside GitHub Actions unless env says otherwise."""
    return CliRunner().invoke(
        main,
        ["report", *map(str, args)],
        env={"GITHUB_ACTIONS": None, "NO_COLOR": None, **(env or {})},
    )


def findings(*args: str | Path) -> list[dict]:
    result = run("--root", FIXTURE, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["findings"]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    copy = tmp_path / "ledger"
    shutil.copytree(FIXTURE, copy)
    return copy


def set_status(root: Path, claim_id: str, status: str) -> None:
    """Change a claim's status the way a reviewer does: `claims review` with its evidence."""
    other = next(c for c in JOINED if c != claim_id)
    evidence = {
        "verified": [
            "--url",
            "https://records.example/circle",
            "--title",
            "Circle records",
            "--publisher",
            "River College",
            "--excerpt",
            "joined the reading circle",
        ],
        "disputed": ["--claim", other],
    }[status]
    result = CliRunner().invoke(
        main,
        [
            "review",
            claim_id,
            "--root",
            str(root),
            "--status",
            status,
            "--note",
            "Checked against the other account.",
            *evidence,
        ],
    )
    assert result.exit_code == 0, result.output


# --- JSON --------------------------------------------------------------------------------


def test_json_lists_every_finding_with_its_sides() -> None:
    result = run("--root", FIXTURE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"findings", "refuted", "problems", "summary"}
    assert sorted(f["type"] for f in data["findings"]) == [
        "arithmetic",
        "conflict",
        "review",
        "review",
        "review",
        "review",
        "spelling",
        "timeline",
        "timeline",
    ]
    (conflict,) = [f for f in data["findings"] if f["type"] == "conflict"]
    assert conflict["key"] == "Sergei Sapozhnikov · joined · River College reading circle"
    assert conflict["explanation"] == "2019 and spring 2020 cannot both be true"
    assert [(c["id"], c["line"], c["value"], c["status"]) for c in conflict["claims"]] == [
        (JOINED[0], 4, {"date": "2019"}, "unverified"),
        (JOINED[1], 14, {"date": "2020-21"}, "unverified"),
    ]
    assert {c["file"] for c in conflict["claims"]} == {"seeds/gazette.txt"}
    assert data["summary"]["claims"] == 29
    assert data["summary"]["findings_per_type"]["review"] == 4


def test_ids_are_the_same_on_every_run_and_whatever_the_files_order(ledger: Path) -> None:
    first = [(f["id"], f["type"]) for f in findings()]
    assert first == [(f["id"], f["type"]) for f in findings()]
    assert len({i for i, _ in first}) == 9
    # The same ledger with its manifest's documents in the other order.
    manifest = ledger / "seeds" / "documents.yaml"
    head, body = manifest.read_text().split("documents:\n", 1)
    records = [r for r in re.split(r"(?m)^(?=  - id: )", body) if r]
    manifest.write_text(head + "documents:\n" + "".join(reversed(records)))
    result = run("--root", ledger, "--format", "json")
    assert [(f["id"], f["type"]) for f in json.loads(result.stdout)["findings"]] == first


# --- filters -----------------------------------------------------------------------------


def test_type_filter_is_repeatable() -> None:
    assert sorted(f["type"] for f in findings("--type", "conflict", "--type", "arithmetic")) == [
        "arithmetic",
        "conflict",
    ]


def test_document_filter() -> None:
    found = findings("--document", "east-bulletin")
    assert sorted(f["type"] for f in found) == ["arithmetic", "review", "timeline", "timeline"]
    assert all(any(c["document"] == "east-bulletin" for c in f["claims"]) for f in found)


def test_subject_filter() -> None:
    found = findings("--subject", "anna-vetrova", "--type", "timeline")
    assert [sorted(c["id"] for c in f["claims"]) for f in found] == [
        ["east-bulletin/vetrova-born", "east-bulletin/vetrova-joined"],
        ["east-bulletin/vetrova-detained", "east-bulletin/vetrova-released"],
    ]


def test_an_unknown_filter_value_is_a_usage_error_not_an_empty_report() -> None:
    result = run("--root", FIXTURE, "--document", "north-gazzette", "--strict")
    assert result.exit_code == 2
    assert result.stderr.startswith("claims: error: --document north-gazzette: no such document")
    assert "north-gazette" in result.stderr  # the known ids are listed
    assert "Traceback" not in result.output
    result = run("--root", FIXTURE, "--subject", "nobody")
    assert result.exit_code == 2
    assert "--subject nobody: no such entity" in result.stderr


def test_an_unknown_type_is_refused_by_the_option() -> None:
    result = run("--root", FIXTURE, "--type", "typo")
    assert result.exit_code == 2
    assert "conflict" in result.output  # the choices are shown


# --- exit codes and --strict -------------------------------------------------------------


def test_without_strict_the_report_exits_0_whatever_it_finds() -> None:
    result = run("--root", FIXTURE, "--format", "text")
    assert result.exit_code == 0
    assert "CONFLICT" in result.stdout


def test_strict_fails_on_a_conflict_with_an_unverified_side() -> None:
    result = run("--root", FIXTURE, "--strict", "--format", "json")
    assert result.exit_code == 1
    json.loads(result.stdout)  # the report is still printed whole
    (line,) = result.stderr.splitlines()
    assert line.startswith("claims: strict: conflict conflict-")
    assert "is untriaged" in line


def test_strict_passes_once_both_sides_are_disputed_with_review_entries(ledger: Path) -> None:
    set_status(ledger, JOINED[0], "disputed")
    result = run("--root", ledger, "--strict")
    assert result.exit_code == 1  # the south review's side is still unverified
    set_status(ledger, JOINED[1], "disputed")
    assert CliRunner().invoke(main, ["validate", "--root", str(ledger)]).exit_code == 0
    result = run("--root", ledger, "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_strict_fails_on_two_verified_conflicting_sides(ledger: Path) -> None:
    for claim_id in JOINED:
        set_status(ledger, claim_id, "verified")
    assert CliRunner().invoke(main, ["validate", "--root", str(ledger)]).exit_code == 0
    result = run("--root", ledger, "--strict")
    assert result.exit_code == 1
    assert "has two verified sides" in result.stderr
    plain = run("--root", ledger)  # without --strict too: a finding at the claim's status
    assert plain.exit_code == 1
    (line,) = plain.stderr.splitlines()
    assert line.startswith("claims/south-review/sapozhnikov-joined.yaml:")
    assert ": conflict-both-verified " in line


def test_strict_only_weighs_the_findings_the_filters_keep() -> None:
    assert run("--root", FIXTURE, "--strict", "--document", "east-bulletin").exit_code == 0
    assert run("--root", FIXTURE, "--strict", "--type", "review").exit_code == 0
    assert run("--root", FIXTURE, "--strict", "--subject", "sergei-sapozhnikov").exit_code == 1


def test_strict_fails_when_a_claim_file_does_not_load(ledger: Path) -> None:
    for claim_id in JOINED:
        set_status(ledger, claim_id, "disputed")
    (ledger / "claims" / "east-bulletin" / "broken.yaml").write_text("id: [unclosed\n")
    result = run("--root", ledger, "--strict")
    assert result.exit_code == 1
    assert "load problem(s): run claims validate" in result.stderr


def test_not_a_ledger_is_exit_2_with_one_line(tmp_path: Path) -> None:
    result = run("--root", tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"claims: error: {tmp_path}: not a ledger (no seeds/documents.yaml there)\n"
    )


# --- text, markdown, github --------------------------------------------------------------


def test_text_is_80_columns_without_escapes_when_not_a_terminal() -> None:
    result = run("--root", FIXTURE)
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert result.stdout.count("\n  id: ") == 9
    assert "  findings: 1 conflict, 4 review, 1 spelling, 1 arithmetic, 2 timeline" in (
        result.stdout
    )


def run_on_a_terminal(env: dict[str, str]) -> str:
    """The text report as a terminal receives it (a pseudo-terminal as standard output)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env, GITHUB_ACTIONS="", COLUMNS="200")
    try:
        process = subprocess.run(
            [sys.executable, "-c", "from claims_ledger.cli import main; main()", "report"],
            cwd=FIXTURE,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=environment,
            timeout=60,
            check=False,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert process.returncode == 0, process.stderr
    return b"".join(chunks).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_colour_on_a_terminal_and_none_when_no_color_is_set() -> None:
    coloured = run_on_a_terminal({})
    assert ANSI.search(coloured)
    plain = run_on_a_terminal({"NO_COLOR": "1"})
    assert "CONFLICT" in plain
    assert not ANSI.search(plain)
    lines = plain.replace("\r\n", "\n").splitlines()
    assert max(len(line) for line in lines) <= 80


def test_markdown_has_a_table_per_finding() -> None:
    result = run("--root", FIXTURE, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.count("| value | claim | status | passage | record | quote |") == 9
    assert result.stdout.startswith("## Claims ledger: discrepancy report\n")
    assert (
        "### conflict: Sergei Sapozhnikov · joined · River College reading circle (open) ⚠️ untriaged"
        in (result.stdout)
    )


def test_github_prints_an_error_for_the_untriaged_conflict() -> None:
    result = run("--root", FIXTURE, "--format", "github")
    assert result.exit_code == 0
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith(
        "::error file=claims/north-gazette/sapozhnikov-joined.yaml,line=1,col=1,title=conflict "
    )
    assert "2019 and spring 2020 cannot both be true" in errors[0]


def test_github_is_the_default_inside_github_actions(ledger: Path) -> None:
    result = run("--root", FIXTURE, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::")
    # Once triaged, the conflict is a warning, not an error.
    for claim_id in JOINED:
        set_status(ledger, claim_id, "disputed")
    result = run("--root", ledger, env={"GITHUB_ACTIONS": "true"})
    assert "::error " not in result.stdout
    assert result.stdout.count("::warning ") == 8  # conflict, 4 review, arithmetic, 2 timeline


def test_the_root_is_found_from_the_current_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURE / "claims" / "north-gazette")
    result = run("--format", "json", "--type", "conflict")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["findings"]) == 1


def test_the_documented_example_is_what_the_fixture_prints() -> None:
    docs = (FIXTURE.parents[2] / "docs" / "json.md").read_text()
    section = docs.split("## `claims report --format json`", 1)[1]
    example = json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])
    assert findings("--type", "conflict") == example["findings"]
    result = run("--root", FIXTURE, "--format", "json", "--type", "conflict")
    assert json.loads(result.stdout)["summary"] == example["summary"]


def test_an_invalid_date_is_reported_for_review_not_a_traceback(ledger: Path) -> None:
    record = ledger / "claims" / "north-gazette" / "sapozhnikov-joined.yaml"
    record.write_text(record.read_text().replace('date: "2019"', 'date: "2019-13-01"'))
    result = run("--root", ledger, "--format", "json", "--type", "review")
    assert result.exit_code == 0, result.output
    joined = [f for f in json.loads(result.stdout)["findings"] if f["claims"][0]["id"] == JOINED[0]]
    assert [f["explanation"] for f in joined] == ["a value could not be read as a range"]
    assert joined[0]["claims"][0]["value_text"] == "2019-13-01"
    text = run("--root", ledger)
    assert text.exit_code == 0 and "Traceback" not in text.output


def test_the_report_without_the_cache_is_the_same_taken_in_as_the_claims_come(
    tmp_path: Path,
) -> None:
    """Without the cache each claim is taken into the ledger as a worker sends it: the same
    report as one loaded in one process, and as one from the cache."""
    from helpers import generated

    root = generated(tmp_path / "ledger", 2_100)
    args = ("--root", root, "--format", "json")
    streamed = run(*args, "--no-cache", "--jobs", "2")
    alone = run(*args, "--no-cache", "--jobs", "1")
    cached = run(*args, "--jobs", "2")
    assert streamed.exit_code == alone.exit_code == cached.exit_code
    assert streamed.stdout == alone.stdout == cached.stdout
    assert json.loads(streamed.stdout)["summary"]["compared_pairs"] > 1_000
