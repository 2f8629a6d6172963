"""The dependency ranges and the file that pins their lower ends stay in step.

CI installs the project with constraints/lowest.txt and runs the tests, so a lower bound in
pyproject.toml is only honest while that file pins exactly it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _lower_bounds() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    bounds = {}
    for requirement in requirements:
        spec = requirement.split(";", 1)[0].strip()
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)", spec)
        assert match, f"{requirement!r}: every dependency has one lower bound (>=X), no cap"
        bounds[_name(match[1])] = match[2]
    return bounds


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[_name(name)] = version
    return pins


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_every_dependency_is_pinned_at_its_lower_bound():
    bounds, pins = _lower_bounds(), _pins()
    assert set(pins) == set(bounds)
    for name, bound in bounds.items():
        low = _release(bound)
        # 23.12 allows 23.12.7 as its lowest release; 8.2 is 8.2.0.
        assert _release(pins[name])[: len(low)] == low, (name, bound, pins[name])


def test_the_readme_set_up_lines_are_the_two_ci_runs():
    out = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "readme_setup.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0].endswith("pip install . && claims report")
    assert out[1].endswith("pip install -e '.[test]' && python -m pytest")
    assert "readme_setup.py" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
