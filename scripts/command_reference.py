"""Write docs/commands.md from the commands' own `--help`, or --check that it is current.

The reference is generated, never edited by hand, so it cannot drift from what `claims`
prints: a test and CI fail when the committed file differs from what this writes.

    python scripts/command_reference.py           write docs/commands.md
    python scripts/command_reference.py --check   exit 1 when docs/commands.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from claims_ledger.cli import main

TARGET = Path(__file__).resolve().parent.parent / "docs" / "commands.md"
WIDTH = 100  # columns the help is wrapped at, fixed so the file is the same on every machine


def help_text(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="claims", terminal_width=WIDTH)
    if result.exit_code != 0:
        raise SystemExit(f"claims {' '.join(args)} --help exited {result.exit_code}")
    return result.output.rstrip() + "\n"


def render() -> str:
    """The whole reference: `claims --help`, then each command's help, in name order."""
    names = sorted(main.commands)
    parts = [
        "# Command reference\n",
        "Generated from `claims --help` and each command's `--help` by",
        "`python scripts/command_reference.py`; do not edit it by hand.\n",
        *[f"- [`claims {name}`](#claims-{name})" for name in names],
        "",
        "## claims\n",
        "```text",
        help_text([]),
        "```\n",
    ]
    for name in names:
        parts += [f"## claims {name}\n", "```text", help_text([name]), "```\n"]
    return "\n".join(parts).rstrip() + "\n"


def main_(argv: list[str]) -> int:
    text = render()
    if argv == ["--check"]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET.name} is stale: run python scripts/command_reference.py")
            return 1
        return 0
    if argv:
        print(__doc__)
        return 2
    TARGET.write_text(text, encoding="utf-8")
    print(
        f"wrote {TARGET.relative_to(Path.cwd()) if TARGET.is_relative_to(Path.cwd()) else TARGET}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main_(sys.argv[1:]))
