"""`claims review`: new -> review -> validate -> report, in a script (never asks) and on a
terminal (asks for what is missing), with every comment kept and nothing written when the
result would not validate."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from test_cli_workflow import MEMBERS, WORKFLOW

SOURCE = [
    "--url",
    "https://brenna.example/annual-report-2024",
    "--title",
    "Brenna orchard cooperative: annual report 2024",
    "--publisher",
    "Brenna orchard cooperative",
    "--published",
    "2024-03",
    "--excerpt",
    "The cooperative counted 212 members at the end of the year.",
]
ORCHARD = "orchard-at-fifty/members"
LETTER = "letter-vell/members"


def claims(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process: its standard input a pipe, never a terminal."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    return subprocess.run(
        [sys.executable, "-c", "from claims_ledger.cli import main; main()", *args],
        cwd=root,
        input=stdin or "",
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The workflow ledger with the two conflicting member counts added by `claims new`."""
    ledger = Path(shutil.copytree(WORKFLOW, tmp_path / "ledger"))
    quote = "more than 320 members"
    added = claims(ledger, "new", "orchard-at-fifty", quote, *MEMBERS, "--slug", "members")
    assert added.returncode == 0, added.stderr
    fewer = ["--quantity", "300", "--unit", "person", "--bound", "fewer-than"]
    letter = claims(
        ledger,
        "new",
        "letter-vell",
        "The cooperative has fewer than 300 members",
        *MEMBERS[:6],
        *fewer,
        "--attributed-to",
        "tomas-vell",
        "--slug",
        "members",
    )
    assert letter.returncode == 0, letter.stderr
    return ledger


def record(root: Path, claim_id: str) -> dict:
    return yaml.safe_load((root / "claims" / f"{claim_id}.yaml").read_text(encoding="utf-8"))


def test_a_script_is_never_asked_and_is_told_what_is_missing(root: Path) -> None:
    before = (root / "claims" / f"{ORCHARD}.yaml").read_bytes()
    result = claims(root, "review", ORCHARD, "--status", "verified", "--note", "Checked.")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "needs --url, --title, --publisher, --excerpt" in result.stderr
    assert "nothing was written" in result.stderr
    unverifiable = claims(root, "review", ORCHARD, "--status", "unverifiable", "--note", "x")
    assert unverifiable.returncode == 2
    assert "--searched-where, --searched-query" in unverifiable.stderr
    assert (root / "claims" / f"{ORCHARD}.yaml").read_bytes() == before


def test_new_review_validate_report(root: Path) -> None:
    strict = claims(root, "report", "--strict")
    assert strict.returncode == 1
    assert "is untriaged" in strict.stderr

    # The letter's count is confirmed by the cooperative's own report; the article's refuted.
    path = root / "claims" / f"{LETTER}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# kept: a reviewer's comment\n")
    verified = claims(root, "review", LETTER, "--status", "verified", "--by", "the editors")
    assert verified.returncode == 2  # the note and the source are missing
    verified = claims(
        root, "review", LETTER, "--status", "verified", "--note", "The report says 212.", *SOURCE
    )
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith(f"reviewed claims/{LETTER}.yaml: status verified\n")
    refuted = claims(
        root,
        "review",
        ORCHARD,
        "--status",
        "refuted",
        "--note",
        "The cooperative's own report gives 212 members, the letter says fewer than 300.",
        "--claim",
        LETTER,
    )
    assert refuted.returncode == 0, refuted.stderr

    today = dt.date.today().isoformat()
    letter = record(root, LETTER)
    assert letter["status"] == "verified"
    (source,) = letter["review"][-1]["evidence"]
    assert source == {
        "url": "https://brenna.example/annual-report-2024",
        "title": "Brenna orchard cooperative: annual report 2024",
        "publisher": "Brenna orchard cooperative",
        "published": "2024-03",
        "consulted": today,
        "excerpt": "The cooperative counted 212 members at the end of the year.",
        "language": "en",
        "translation": None,
        "stance": "supports",
        "archived": None,
    }
    assert letter["review"][-1]["date"] == today
    assert "# kept: a reviewer's comment" in path.read_text(encoding="utf-8")
    assert record(root, ORCHARD)["review"][-1]["evidence"] == [
        {"claim": LETTER, "stance": "contradicts"}
    ]

    assert claims(root, "validate").returncode == 0
    assert claims(root, "fmt", "--check").returncode == 0
    report = claims(root, "report", "--strict")
    assert report.returncode == 0, report.stderr
    assert "[settled]" in report.stdout
    assert f"settled: {ORCHARD} is refuted by claim {LETTER}" in report.stdout
    assert "Refuted claims" in report.stdout
    # the fixture's founding-year conflict stays acknowledged: both sides disputed
    assert "1 open conflict(s), of which 1 acknowledged; 1 settled; 0 to settle" in report.stdout

    history = claims(root, "review", ORCHARD)
    assert history.returncode == 0
    assert "refuted" in history.stdout
    assert f"- contradicts: claim {LETTER}" in history.stdout
    shown = claims(root, "review", LETTER).stdout
    assert "Brenna orchard cooperative: annual report 2024 (Brenna orchard cooperative" in shown
    assert "“The cooperative counted 212 members at the end of the year.”" in shown


def test_a_review_that_would_not_validate_is_refused_and_nothing_written(root: Path) -> None:
    path = root / "claims" / f"{ORCHARD}.yaml"
    before = path.read_bytes()
    # the letter is unverified: it cannot refute anything yet
    result = claims(
        root, "review", ORCHARD, "--status", "refuted", "--note", "x", "--claim", LETTER
    )
    assert result.returncode == 1
    assert "refuting-claim-unverified" in result.stderr
    assert result.stderr.startswith(f"claims/{ORCHARD}.yaml:")
    swedish = claims(
        root, "review", ORCHARD, "--status", "verified", "--note", "x", *SOURCE, "--language", "sv"
    )
    assert swedish.returncode == 2
    assert "--translation" in swedish.stderr
    assert path.read_bytes() == before


def test_an_unknown_claim_gets_a_did_you_mean(root: Path) -> None:
    result = claims(root, "review", "orchard-at-fifty/member", "--status", "disputed")
    assert result.returncode == 2
    assert "did you mean 'orchard-at-fifty/members'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_whole_entry_from_a_file(root: Path, tmp_path: Path) -> None:
    entry = tmp_path / "entry.yaml"
    entry.write_text(
        "status: unverifiable  # nothing to be had\n"
        "by: the editors\n"
        "note: The cooperative publishes no member count.\n"
        "searched:\n"
        "  - where: stored public web pages\n"
        "    query: Brenna orchard cooperative members\n",
        encoding="utf-8",
    )
    result = claims(root, "review", ORCHARD, "--entry", str(entry))
    assert result.returncode == 0, result.stderr
    last = record(root, ORCHARD)["review"][-1]
    assert last["date"] == dt.date.today().isoformat()
    assert (last["status"], last["by"]) == ("unverifiable", "the editors")
    assert "# nothing to be had" in (root / "claims" / f"{ORCHARD}.yaml").read_text()
    assert claims(root, "validate").returncode == 0
    old = tmp_path / "old.yaml"
    old.write_text(
        'date: "2026-01-01"\nstatus: disputed\nnote: x\nevidence: ["claim:letter-vell/members"]\n'
    )
    result = claims(root, "review", ORCHARD, "--entry", str(old))
    assert result.returncode == 1
    assert "evidence-format" in result.stderr and "- claim: letter-vell/members" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_what_is_missing_is_asked(root: Path) -> None:
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from claims_ledger.cli import main; main()",
            "review",
            LETTER,
            "--status",
            "verified",
            "--published",
            "2024-03",
        ],
        cwd=root,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
    )
    os.close(follower)
    answers = [
        ("(note)", "The report says 212."),
        ("(url)", SOURCE[1]),
        ("(title)", SOURCE[3]),
        ("publisher", SOURCE[5]),
        ("(excerpt)", SOURCE[9]),
    ]
    seen = b""
    try:
        for prompt, answer in answers:
            deadline = time.monotonic() + 60
            while prompt.encode() not in seen:
                assert time.monotonic() < deadline, seen.decode(errors="replace")
                seen += os.read(leader, 4096)
            seen = b""
            os.write(leader, answer.encode() + b"\r")
        process.wait(timeout=60)
        with_output = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            with_output += chunk
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, with_output.decode(errors="replace")
    assert b"status verified" in with_output
    last = record(root, LETTER)["review"][-1]
    assert last["note"] == "The report says 212."
    assert last["evidence"][0]["excerpt"] == SOURCE[9]
    assert claims(root, "validate").returncode == 0
