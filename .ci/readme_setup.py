"""Print the README's set-up lines, one a line, so CI runs them exactly as a reader would.

They are the indented command lines of the "Set up" section; there must be exactly two:
one installs and runs the report, one installs the test extras and runs the tests.
"""

import sys
from pathlib import Path

text = Path(__file__).resolve().parent.parent.joinpath("README.md").read_text(encoding="utf-8")
section = text.split("\n## Set up\n", 1)[1].split("\n## ", 1)[0]
lines = [line.strip() for line in section.splitlines() if line.startswith("    python3 -m venv")]
if len(lines) != 2 or "claims report" not in lines[0] or "pytest" not in lines[1]:
    sys.exit(f"README's Set up section should hold the two set-up lines, found: {lines!r}")
print("\n".join(lines))
