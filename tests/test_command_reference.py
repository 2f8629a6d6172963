"""docs/commands.md is what the commands' `--help` prints today."""

from __future__ import annotations

import runpy
from pathlib import Path

from claims_ledger.cli import main

REPO = Path(__file__).resolve().parent.parent
SCRIPT = runpy.run_path(str(REPO / "scripts" / "command_reference.py"))


def test_the_committed_reference_is_current() -> None:
    committed = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    assert committed == SCRIPT["render"](), "run python scripts/command_reference.py"


def test_every_command_has_a_section_with_its_examples() -> None:
    text = SCRIPT["render"]()
    for name in main.commands:
        assert f"\n## claims {name}\n" in text
        section = text.split(f"\n## claims {name}\n", 1)[1].split("\n## ", 1)[0]
        assert "Examples:" in section, f"claims {name} --help has no examples"
