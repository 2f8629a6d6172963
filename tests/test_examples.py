"""Every example in `--help`, README.md and CONTRIBUTING.md runs as written on the bundled ledger.

The examples are read from where a user reads them, never copied into this file: each
command's help (the lines under "Examples:"), and the `claims ...` lines of the two documents'
code blocks. Each runs through a shell, in a copy of the bundled ledger, without a terminal,
and must exit as `EXPECTED` says (0 unless listed there, with why).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims_ledger.cli import main

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LEDGER = ("claims", "seeds", "schemas")

# Examples that exit other than 0 on purpose, and the words their output must hold.
EXPECTED: dict[str, tuple[int, str]] = {
    # Without a terminal, nothing is asked: what is missing is named, exit 2.
    'claims new petrov-repression "more than 900 political prisoners"': (2, "--statement"),
    'claims new petrov-repression "Sergei Sapozhnikov, who joined the circle in the spring of 2020"': (
        2,
        "--statement",
    ),
}

# What a shell line does after the `claims` command that a test cannot: open a viewer. The
# test checks the file the viewer would open instead.
VIEWERS = {
    "datasette ledger.db": "test -s ledger.db",
    "python3 -m webbrowser _site/index.html": "test -s _site/index.html",
}

# A file an example reads that the reader writes first (CONTRIBUTING shows its contents).
VERDICT = """date: "2026-12-05"
status: unverifiable
note: No edition found.
searched:
  - where: library catalogue
    query: Andromeda Yefremov 1957
"""


def join_lines(lines: list[str]) -> list[str]:
    """Lines ending in a backslash continue on the next one, as in a shell."""
    joined: list[str] = []
    pending = ""
    for line in lines:
        text = line.strip()
        if text.endswith("\\"):
            pending += text[:-1].rstrip() + " "
            continue
        joined.append(pending + text)
        pending = ""
    return joined


def help_examples() -> list[str]:
    """The examples of `claims --help` and of every command's help, as a user sees them."""
    found = []
    for name in (None, *sorted(main.commands)):
        args = ["--help"] if name is None else [name, "--help"]
        text = CliRunner().invoke(main, args, terminal_width=100).output
        block = text.split("Examples:\n", 1)[1] if "Examples:\n" in text else ""
        lines = []
        for line in block.splitlines():
            if not line.startswith("    ") or line.strip().startswith("Exit status"):
                break
            lines.append(line)
        for example in join_lines(lines):
            # A description follows the command after two or more spaces.
            found.append(re.split(r"\s{2,}(?=[a-zA-Z(])", example, maxsplit=1)[0])
    return found


def document_examples(path: Path) -> list[str]:
    """The `claims` lines of a Markdown file's code blocks (indented or fenced)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    block: list[str] = []
    fenced = False
    for line in [*lines, ""]:
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        code = fenced or line.startswith("    ")
        if code:
            block.append(line)
            continue
        found.extend(e for e in join_lines(block) if e.startswith("claims "))
        block = []
    return found


EXAMPLES = sorted(
    set(help_examples())
    | set(document_examples(REPO / "README.md"))
    | set(document_examples(REPO / "CONTRIBUTING.md"))
)


def test_examples_are_found_in_each_place() -> None:
    assert len(help_examples()) >= 30
    readme = document_examples(REPO / "README.md")
    assert "claims report --strict                # CI: fail while a conflict is untriaged" in (
        readme
    )
    contributing = document_examples(REPO / "CONTRIBUTING.md")
    assert any(e.startswith("claims review petrov-repression/") for e in contributing)


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_runs_as_written_on_the_bundled_ledger(tmp_path: Path, example: str) -> None:
    assert "<" not in example.split("#")[0], "a placeholder cannot run: name a real id"
    for name in LEDGER:
        shutil.copytree(REPO / name, tmp_path / name, symlinks=True)
    (tmp_path / "verdict.yaml").write_text(VERDICT, encoding="utf-8")
    command = example
    for viewer, check in VIEWERS.items():
        command = command.replace(viewer, check)
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "NO_COLOR": "1",
        "LC_ALL": "C.UTF-8",
    }
    if "PYTHONPATH" in os.environ:  # a checkout run without installing it
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    code, words = EXPECTED.get(example.split("  #")[0].rstrip(), (0, ""))
    assert result.returncode == code, output[-2000:]
    assert words in output
    assert "Traceback" not in output
