"""`claims validate`: output formats, the GitHub Actions default, exit codes 0, 1 and 2.

The command may keep a cache in the ledger it checks, so it runs on copies of the fixtures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from claims_ledger.findings import CODES
from helpers import BROKEN, CASES, REPO, VALID, build_ledger, invoke

FOUNDED = "claims/courier-ferry/company-founded.yaml"
WRONG_SUBJECT = "claims/courier-ferry/wrong-subject.yaml"  # from broken/unknown-entity
STATUS_DRIFT = "claims/courier-ferry/status-drift.yaml"  # from broken/status-mismatch


@pytest.fixture
def two_problems(overlaid: Callable[..., Path]) -> Path:
    """The valid ledger plus two broken claims: unknown-entity at 3:10, status-mismatch 10:9."""
    return overlaid(BROKEN / "unknown-entity", BROKEN / "status-mismatch")


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_broken_fixture_through_the_cli(code: str, overlaid: Callable[..., Path]) -> None:
    """The command gives what the library gives (helpers.CASES), whatever path it takes."""
    root = overlaid(BROKEN / code)
    prepare = CASES[code].prepare
    if prepare:
        prepare(root)
    result = invoke("validate", "--format", "json", "--root", root)
    assert result.exit_code == 1
    found = {(f["file"], f["line"], f["column"], f["code"]) for f in json.loads(result.stdout)}
    assert found == CASES[code].expected


def test_a_clean_ledger_exits_0(ledger_root: Path) -> None:
    result = invoke("validate", "--root", ledger_root)
    assert result.exit_code == 0
    assert result.stdout == "ok: 5 claim file(s), no problems\n"
    assert result.stderr == ""


def test_text_lists_file_line_col_code_message_and_exits_1(two_problems: Path) -> None:
    result = invoke("validate", "--root", two_problems)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("claims/courier-ferry/status-drift.yaml:10:9: status-mismatch ")
    assert lines[1].startswith(f"{WRONG_SUBJECT}:3:10: unknown-entity subject 'saltvik-ferries'")
    assert lines[2] == "2 error(s), 0 warning(s) in 7 claim file(s)"
    assert len(lines) == 3


def test_json_is_a_list_of_findings_with_their_places(two_problems: Path) -> None:
    result = invoke("validate", "--format", "json", "--root", two_problems)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [
        {key: f[key] for key in ("file", "line", "column", "code", "severity", "claims")}
        for f in findings
    ] == [
        {
            "file": STATUS_DRIFT,
            "line": 10,
            "column": 9,
            "code": "status-mismatch",
            "severity": "error",
            "claims": ["courier-ferry/status-drift"],
        },
        {
            "file": WRONG_SUBJECT,
            "line": 3,
            "column": 10,
            "code": "unknown-entity",
            "severity": "error",
            "claims": ["courier-ferry/wrong-subject"],
        },
    ]
    for finding in findings:
        assert set(finding) == {"file", "line", "column", "code", "severity", "message", "claims"}
        assert isinstance(finding["message"], str) and finding["message"]


def test_json_of_a_clean_ledger_is_an_empty_list(ledger_root: Path) -> None:
    result = invoke("validate", "--format", "json", "--root", ledger_root)
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_json_of_a_finding_outside_any_claim_has_no_claims(overlaid: Callable[..., Path]) -> None:
    result = invoke("validate", "--format", "json", "--root", overlaid(BROKEN / "seed-hash"))
    [finding] = json.loads(result.stdout)
    assert (finding["file"], finding["line"], finding["column"]) == ("seeds/documents.yaml", 11, 13)
    assert finding["claims"] == []


def test_github_prints_error_annotations_grouped_by_file(two_problems: Path) -> None:
    result = invoke("validate", "--format", "github", "--root", two_problems)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"::group::{STATUS_DRIFT}"
    assert lines[1].startswith(
        f"::error file={STATUS_DRIFT},line=10,col=9,title=status-mismatch::status is disputed"
    )
    assert lines[2] == "::endgroup::"
    assert lines[3] == f"::group::{WRONG_SUBJECT}"
    assert lines[4].startswith(
        f"::error file={WRONG_SUBJECT},line=3,col=10,title=unknown-entity::subject "
    )
    assert lines[5] == "::endgroup::"
    assert lines[6] == "2 finding(s) in 7 claim file(s)"


def test_github_actions_picks_github_by_itself(two_problems: Path) -> None:
    result = invoke("validate", "--root", two_problems, env={"GITHUB_ACTIONS": "true"})
    assert f"::error file={WRONG_SUBJECT},line=3,col=10," in result.stdout
    assert result.exit_code == 1


@pytest.mark.parametrize("env", [{"GITHUB_ACTIONS": "false"}, {"CI": "true"}, {}])
def test_text_outside_github_actions(two_problems: Path, env: dict[str, str]) -> None:
    result = invoke("validate", "--root", two_problems, env=env)
    assert result.stdout.splitlines()[1].startswith(f"{WRONG_SUBJECT}:3:10: unknown-entity")


def test_an_explicit_format_wins_over_github_actions(two_problems: Path) -> None:
    result = invoke(
        "validate", "--format", "json", "--root", two_problems, env={"GITHUB_ACTIONS": "true"}
    )
    assert len(json.loads(result.stdout)) == 2


def test_markdown_is_a_table(two_problems: Path) -> None:
    result = invoke("validate", "--format", "markdown", "--root", two_problems)
    assert result.exit_code == 1
    assert f"| `{WRONG_SUBJECT}` | 3:10 | `unknown-entity` |" in result.stdout


def test_paths_limit_the_claims_checked(two_problems: Path) -> None:
    result = invoke(
        "validate", "--format", "json", "--root", two_problems, two_problems / WRONG_SUBJECT
    )
    assert result.exit_code == 1
    assert [f["file"] for f in json.loads(result.stdout)] == [WRONG_SUBJECT]
    clean = invoke("validate", "--root", two_problems, two_problems / FOUNDED)
    assert (clean.exit_code, clean.stdout) == (0, "ok: 1 claim file(s), no problems\n")


def test_a_directory_path_checks_the_claims_under_it(two_problems: Path) -> None:
    result = invoke("validate", "--root", two_problems, two_problems / "claims" / "council-minutes")
    assert (result.exit_code, result.stdout) == (0, "ok: 2 claim file(s), no problems\n")


def test_the_ledger_is_found_from_the_current_directory(
    two_problems: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(two_problems / "claims" / "courier-ferry")
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)) == 2
    # a relative PATH is taken from the current directory
    named = invoke("validate", "--format", "json", "wrong-subject.yaml")
    assert [f["file"] for f in json.loads(named.stdout)] == [WRONG_SUBJECT]


def one_line_error(stderr: str) -> str:
    """The stderr of a clean failure: one line, no traceback."""
    assert stderr.startswith("claims: error: ")
    assert stderr.count("\n") == 1
    assert "Traceback" not in stderr
    return stderr


def test_no_ledger_at_root_exits_2(tmp_path: Path) -> None:
    result = invoke("validate", "--root", tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "not a ledger (no seeds/documents.yaml there)" in one_line_error(result.stderr)


def test_a_root_that_does_not_exist_exits_2(tmp_path: Path) -> None:
    result = invoke("validate", "--root", tmp_path / "nowhere")
    assert result.exit_code == 2
    one_line_error(result.stderr)


def test_no_ledger_above_the_current_directory_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 2
    assert "no ledger found" in one_line_error(result.stderr)


def test_a_path_outside_the_ledger_exits_2(ledger_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: x\n")
    result = invoke("validate", "--root", ledger_root, outside)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "outside the ledger" in one_line_error(result.stderr)


def test_a_missing_path_exits_2(ledger_root: Path) -> None:
    result = invoke("validate", "--root", ledger_root, ledger_root / "claims" / "nope.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "no such file or directory" in one_line_error(result.stderr)


def test_an_unknown_format_is_a_usage_error() -> None:
    result = invoke("validate", "--format", "xml", "--root", VALID)
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


PART = """\
id: courier-ferry/staff-share
statement: Some of the ferry company's staff.
subject: saltvik-ferry-company
property: employees
value:
  quantity: 10
  unit: person
source:
  document: courier-ferry
  quote: "It employs about 40 people."
part_of: {whole}
"""


@pytest.mark.parametrize(
    ("whole", "expected"),
    [
        ("courier-ferry/company-employees", []),
        # `part_of: ` is 9 characters on line 11
        ("courier-ferry/company-staff", [("claims/courier-ferry/staff-share.yaml", 11, 10)]),
    ],
)
def test_part_of_is_resolved_across_files(
    ledger_root: Path, whole: str, expected: list[tuple[str, int, int]]
) -> None:
    path = ledger_root / "claims" / "courier-ferry" / "staff-share.yaml"
    path.write_text(PART.format(whole=whole), encoding="utf-8")
    result = invoke("validate", "--format", "json", "--root", ledger_root)
    found = [(f["file"], f["line"], f["column"]) for f in json.loads(result.stdout)]
    assert found == expected
    assert {f["code"] for f in json.loads(result.stdout)} <= {"unknown-claim"}
    assert result.exit_code == (1 if expected else 0)


def test_the_bundled_ledger_validates() -> None:
    """The repository's own ledger (claims/ and seeds/ next to tests/) has no problems.

    CI=true: every file is read, so no cached outcome can hide a finding.
    """
    result = invoke("validate", "--format", "json", "--root", REPO, env={"CI": "true"})
    findings = json.loads(result.stdout)
    assert [f"{f['file']}:{f['line']}:{f['column']}: {f['code']}" for f in findings] == []
    assert result.exit_code == 0


def test_docs_json_documents_every_code_and_key() -> None:
    docs = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
    section = docs[docs.index("## `claims validate --format json`") :]
    section = section[: section.index("\n## ", 1)]
    for code in CODES:
        assert f"| `{code}` |" in section, code
    for key in ("file", "line", "column", "code", "severity", "message", "claims"):
        assert f"| `{key}` |" in section, key


def test_naming_a_vocabulary_file_checks_it_and_no_claim_as_a_claim(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    result = invoke("validate", "--root", root, root / "claims" / "entities.yaml")
    assert result.exit_code == 0, result.output
    assert "0 claim file(s)" in result.output


def test_naming_a_file_that_is_not_a_claim_is_a_usage_error(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    (root / "notes.txt").write_text("not a claim\n", encoding="utf-8")
    result = invoke("validate", "--root", root, root / "notes.txt")
    assert result.exit_code == 2
    assert "not a claim file" in result.output
