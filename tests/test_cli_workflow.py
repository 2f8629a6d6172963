"""The contributor's path through the CLI: new, validate, fmt, report, show, list, and CI."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner, Result

from claims_ledger.cli import main
from claims_ledger.cli import new as cli_new

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / "tests" / "fixtures" / "workflow"
MEMBERS = [
    "--statement",
    "The Brenna orchard cooperative has more than 320 members.",
    "--subject",
    "brenna-orchard-cooperative",
    "--property",
    "members",
    "--quantity",
    "320",
    "--unit",
    "person",
    "--bound",
    "more-than",
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(WORKFLOW, tmp_path / "ledger"))


def run(root: Path, *args: str, stdin: str | None = None) -> Result:
    runner = CliRunner()
    return runner.invoke(
        main,
        [*args, "--root", str(root)],
        input=stdin,
        env={"GITHUB_ACTIONS": None, "NO_COLOR": None},
        catch_exceptions=False,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_whole_path_from_a_quote_to_a_triaged_discrepancy(root: Path) -> None:
    added = run(
        root, "new", "orchard-at-fifty", "more than 320 members", *MEMBERS, "--slug", "members"
    )
    assert added.exit_code == 0, added.stderr
    assert added.stdout.startswith("wrote claims/orchard-at-fifty/members.yaml\n")
    assert "seeds/orchard.txt:4:102" in added.stdout
    assert run(root, "validate").stdout == "ok: 8 claim file(s), no problems\n"
    assert run(root, "fmt", "--check").exit_code == 0
    assert run(root, "report", "--strict").exit_code == 0
    shown = run(root, "show", "orchard-at-fifty/members")
    assert "  It now has »more than 320 members«, and the cooperative presses cider" in shown.stdout

    # The letter counts fewer than 300: a second document disagrees, and CI says so.
    letter = run(
        root,
        "new",
        "letter-vell",
        "The cooperative has fewer than 300 members",
        *MEMBERS[:6],
        "--quantity",
        "300",
        "--unit",
        "person",
        "--bound",
        "fewer-than",
        "--attributed-to",
        "tomas-vell",
        "--slug",
        "members",
    )
    assert letter.exit_code == 0, letter.stderr
    strict = run(root, "report", "--strict")
    assert strict.exit_code == 1
    assert "is untriaged" in strict.stderr
    assert "conflict" in run(root, "show", "letter-vell/members").stdout

    # Triage as CONTRIBUTING.md says: a review entry and the new status, on each side.
    for claim, other in (("orchard-at-fifty", "letter-vell"), ("letter-vell", "orchard-at-fifty")):
        path = root / "claims" / claim / "members.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "status: unverified\nreview:", "status: disputed\nreview:"
        )
        text += (
            f'  - date: "{dt.date.today().isoformat()}"\n'
            "    status: disputed\n"
            "    note: The two documents give incompatible member counts.\n"
            "    evidence:\n"  # keys out of their order: fmt puts `claim` first
            "      - stance: contradicts\n"
            f"        claim: {other}/members  # the other side\n"
        )
        path.write_text(text, encoding="utf-8")
    assert run(root, "validate").exit_code == 0
    assert run(root, "report", "--strict").exit_code == 0
    assert run(root, "fmt", "--check").stdout == (
        "would reformat claims/letter-vell/members.yaml\nwould reformat claims/orchard-at-fifty/members.yaml\n"
    )
    assert run(root, "fmt").exit_code == 0
    assert run(root, "fmt", "--check").exit_code == 0
    assert run(root, "validate").exit_code == 0


def test_a_quote_not_in_the_document_exits_1_with_the_nearest_match(root: Path) -> None:
    before = snapshot(root)
    result = run(root, "new", "orchard-at-fifty", "more then 320 members", *MEMBERS)
    assert result.exit_code == 1
    assert "seeds/orchard.txt:4: 'more than 320 members'" in result.stderr
    assert snapshot(root) == before


def test_without_a_terminal_nothing_waits_and_what_is_missing_is_named(root: Path) -> None:
    before = snapshot(root)
    result = run(root, "new", "orchard-at-fifty", "more than 320 members")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "claims: error: --statement, --property, --subject and a value option"
    )
    assert result.stdout == ""
    assert snapshot(root) == before


def test_no_input_never_asks_even_on_a_terminal(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_new, "stdin_is_terminal", lambda: True)
    result = run(root, "new", "orchard-at-fifty", "more than 320 members", "--no-input")
    assert result.exit_code == 2
    assert "--statement, --property, --subject and a value option" in result.stderr


def test_on_a_terminal_the_missing_answers_are_asked(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_new, "stdin_is_terminal", lambda: True)
    answers = [
        "Ilse Maranta was 78.",  # statement
        "aged",  # property: not one; asked again
        "age",
        "ilse-maranta",  # subject
        "",  # object: none
        "78",  # age
        "",  # as of: not said
        "",  # bound: exact
        "",  # attributed to: nobody
        "",  # file name: the one offered
    ]
    result = run(
        root, "new", "orchard-at-fifty", "Ilse Maranta, aged 78", stdin="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "Error: 'aged' is not a property in claims/properties.yaml" in result.stdout
    written = root / "claims/orchard-at-fifty/ilse-maranta-was-78.yaml"
    assert "  age: 78\n" in written.read_text(encoding="utf-8")
    assert run(root, "validate", str(written)).exit_code == 0


def test_on_a_terminal_the_seeds_own_text_is_offered_for_a_quote_off_by_spaces(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_new, "stdin_is_terminal", lambda: True)
    result = run(
        root, "new", "orchard-at-fifty", "more than  320\tmembers", *MEMBERS, stdin="\n" * 5
    )
    assert result.exit_code == 0, result.stderr
    assert "the document has:\n  more than 320 members\n" in result.stderr
    assert "Use the document's text? [Y/n]" in result.stderr
    written = root / "claims/orchard-at-fifty/brenna-orchard-cooperative-has-more-than-320.yaml"
    assert '  quote: "more than 320 members"\n' in written.read_text(encoding="utf-8")


def test_on_a_terminal_the_seeds_text_refused_writes_nothing(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_new, "stdin_is_terminal", lambda: True)
    before = snapshot(root)
    result = run(root, "new", "orchard-at-fifty", "more than  320 members", *MEMBERS, stdin="n\n")
    assert result.exit_code == 1
    assert "copy the seed's exact text:\n  more than 320 members" in result.stderr
    assert snapshot(root) == before


def test_without_a_terminal_the_seeds_exact_text_is_named_to_copy(root: Path) -> None:
    before = snapshot(root)
    result = run(root, "new", "orchard-at-fifty", "more than  320 members", *MEMBERS)
    assert result.exit_code == 1
    assert result.stderr == (
        "claims: the quote is not in document orchard-at-fifty as written; only quote marks "
        "or spaces differ from seeds/orchard.txt:4:102: copy the seed's exact text:\n"
        "  more than 320 members\n"
    )
    assert snapshot(root) == before


def test_on_a_terminal_a_quote_with_other_words_is_not_offered_a_replacement(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_new, "stdin_is_terminal", lambda: True)
    result = run(root, "new", "orchard-at-fifty", "more then 320 members", *MEMBERS, stdin="\n")
    assert result.exit_code == 1
    assert "Use the document's text?" not in result.stderr
    assert "the nearest passage" in result.stderr


def test_an_existing_file_is_never_overwritten(root: Path) -> None:
    path = root / "claims/orchard-at-fifty/members.yaml"
    path.write_bytes(b"# a contributor's unsaved work\n")
    result = run(
        root, "new", "orchard-at-fifty", "more than 320 members", *MEMBERS, "--slug", "members"
    )
    assert result.exit_code == 2
    assert "claims/orchard-at-fifty/members.yaml already exists" in result.stderr
    assert path.read_bytes() == b"# a contributor's unsaved work\n"


def test_an_ambiguous_quote_lists_its_lines_or_takes_a_chosen_occurrence(root: Path) -> None:
    args = [
        "new",
        "orchard-at-fifty",
        "cooperative was founded in 1974",
        "--statement",
        "The cooperative was founded in 1974, on a handshake.",
        "--subject",
        "brenna-orchard-cooperative",
        "--property",
        "founded",
        "--date",
        "1974",
        "--slug",
        "founded-on-a-handshake",
    ]
    refused = run(root, *args)
    assert refused.exit_code == 2
    assert "the quote occurs 2 times (lines 4, 6)" in refused.stderr
    chosen = run(root, *args, "--occurrence", "2")
    assert chosen.exit_code == 0, chosen.stderr
    assert "a prefix/suffix was added" in chosen.stdout
    text = (root / "claims/orchard-at-fifty/founded-on-a-handshake.yaml").read_text(
        encoding="utf-8"
    )
    assert '  quote: "cooperative was founded in 1974"\n  prefix: "the "\n' in text
    assert run(root, "validate").exit_code == 0


def test_fmt_check_lists_and_writes_nothing_then_fmt_rewrites(root: Path) -> None:
    rel = "claims/orchard-at-fifty/pickers-wage.yaml"
    path = root / rel
    messy = path.read_text(encoding="utf-8").replace("tags:\n  - wages\n", "tags: [wages]  # pay\n")
    path.write_text(messy, encoding="utf-8")
    before = snapshot(root)
    check = run(root, "fmt", "--check")
    assert (check.exit_code, check.stdout) == (1, f"would reformat {rel}\n")
    assert snapshot(root) == before
    assert run(root, "fmt").stdout == f"reformatted {rel}\n"
    assert path.read_text(encoding="utf-8").endswith("tags:\n  - wages  # pay\n")
    assert run(root, "fmt", "--check").exit_code == 0


def test_fmt_reports_an_unparsable_file_and_formats_the_rest(root: Path) -> None:
    broken = root / "claims/letter-vell/pickers-wage.yaml"
    broken.write_bytes(b"id: letter-vell/pickers-wage\nvalue: {money: 14\nstatus: unverified\n")
    other = root / "claims/orchard-at-fifty/pressers-wage.yaml"
    other.write_text(
        other.read_text(encoding="utf-8").replace("tags:\n  - wages\n", "tags: [wages]\n")
    )
    result = run(root, "fmt")
    assert result.exit_code == 2
    assert re.search(
        r"^claims/letter-vell/pickers-wage\.yaml:3:\d+: yaml-syntax .*\(left untouched\)$",
        result.stderr,
        re.M,
    )
    assert (
        broken.read_bytes()
        == b"id: letter-vell/pickers-wage\nvalue: {money: 14\nstatus: unverified\n"
    )
    assert other.read_text(encoding="utf-8").endswith("tags:\n  - wages\n")


def test_fmt_takes_only_ledger_files_inside_the_ledger(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: x\n")
    assert run(root, "fmt", str(outside)).exit_code == 2
    assert "not a ledger file" in run(root, "fmt", str(root / "seeds/orchard.txt")).stderr
    assert run(root, "fmt", "--check", str(root / "claims/letter-vell")).exit_code == 0


def test_list_table_fits_80_columns_and_filters_by_tag(root: Path) -> None:
    result = run(root, "list", "--format", "table", "--tag", "wages")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    ids = [
        line.split()[0] for line in lines if line.startswith(("orchard-at-fifty/", "letter-vell/"))
    ]
    # Only the article's two wage claims carry the tag; the letter's pickers-wage has none.
    assert ids == ["orchard-at-fifty/pickers-wage", "orchard-at-fifty/pressers-wage"]


def test_show_marks_the_quote_in_plain_text(root: Path) -> None:
    result = run(root, "show", "letter-vell/charter-dated-1975")
    assert result.exit_code == 0
    assert "»The charter in the town archive is dated 1975«." in result.stdout
    assert "  conflict   orchard-at-fifty/cooperative-founded  [disputed]" in result.stdout
    assert run(root, "show", "letter-vell/no-such-claim").exit_code == 2


# --- The ledger repository's own CI -------------------------------------------------------


def _accepted(command: str) -> None:
    """The CLI parses this command line (options and arguments exist); nothing is run."""
    words = shlex.split(command.split(">>")[0])
    assert words[0] == "claims"
    name, *rest = words[1:]
    # The group's own settings (help option names): click keeps the help option a command
    # was first given, so a bare Context here would change later `--help` output.
    parent = click.Context(main, **main.context_settings)
    sub = main.get_command(parent, name)
    assert sub is not None, name
    sub.make_context(name, rest, parent=parent)


def test_pre_commit_hooks_run_real_commands() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"claims-validate", "claims-fmt", "claims-report"}
    for hook in hooks.values():
        _accepted(hook["entry"])
    assert hooks["claims-validate"]["entry"] == "claims validate"
    assert hooks["claims-fmt"]["entry"] == "claims fmt --check"
    assert hooks["claims-report"]["entry"] == "claims report --strict"
    # which files each hook runs on: tests/test_ledger_ci.py


def test_the_workflow_installs_the_project_and_runs_every_check() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/ledger.yml").read_text())
    runs = [step["run"] for step in workflow["jobs"]["ledger"]["steps"] if "run" in step]
    # this repository's own run installs the project at the commit under test
    assert "python -m pip install .\n" in runs[0]
    assert runs[1:] == [
        "claims validate --format github",
        "claims fmt --check",
        "claims report --strict",
        'claims report --format markdown >> "$GITHUB_STEP_SUMMARY"',
        "claims coverage --min 100",
    ]
    for command in runs[1:]:
        _accepted(command)


def test_new_warns_before_writing_a_duplicate_claim(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(
        root, "new", "orchard-at-fifty", "more than 320 members", *MEMBERS, "--slug", "members"
    )
    assert first.exit_code == 0 and "warning" not in first.stderr
    # the same fact, value and passage under another file name: warned, and in a script
    # still written, for `claims validate` to report
    again = run(
        root, "new", "orchard-at-fifty", "more than 320 members", *MEMBERS, "--slug", "second"
    )
    assert again.exit_code == 0
    assert "this claim repeats orchard-at-fifty/members" in again.stderr
    found = run(root, "validate")
    assert found.exit_code == 1
    # placed in the later of the two files, in path order
    assert "claims/orchard-at-fifty/second.yaml:" in found.stdout
    assert "duplicate-claim" in found.stdout
    # in a terminal the contributor is asked, and no is the default: nothing written
    monkeypatch.setattr(cli_new, "stdin_is_terminal", lambda: True)
    asked = run(
        root,
        "new",
        "orchard-at-fifty",
        "more than 320 members",
        *MEMBERS,
        "--slug",
        "third",
        stdin="\n" * 10,  # every optional question left empty, then the default: no
    )
    assert asked.exit_code == 2
    assert "Write it anyway?" in asked.output
    assert not (root / "claims/orchard-at-fifty/third.yaml").exists()
    # the near miss: another value for the same passage is no duplicate
    other = [*MEMBERS]
    other[other.index("320")] = "321"
    near = run(
        root,
        "new",
        "orchard-at-fifty",
        "more than 320 members",
        *other,
        "--slug",
        "n",
        "--no-input",
    )
    assert near.exit_code == 0 and "repeats" not in near.stderr
