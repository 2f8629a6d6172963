"""The benchmark runner's repeated rows: the median of the runs, and each run's own setting up."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from helpers import REPO


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    sys.path.insert(0, str(REPO / "benchmarks"))  # run.py imports the generator beside it
    try:
        spec = importlib.util.spec_from_file_location(
            "benchmark_run", REPO / "benchmarks" / "run.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(REPO / "benchmarks"))


def test_each_repeat_runs_the_command_again_between_its_own_setting_up_and_check(
    runner: ModuleType, tmp_path: Path
) -> None:
    # each run prints the word the plan file holds, then exits with the status it names
    plan = tmp_path / "plan"
    command = [
        sys.executable,
        "-c",
        "import sys; word, code = open('plan').read().split(); print(word); sys.exit(int(code))",
    ]
    settings = iter(["first 0", "second 1", "third 0"])
    calls: list[str] = []

    def before(at: int) -> None:
        calls.append(f"before {at}")
        plan.write_text(next(settings))

    def after(at: int) -> None:
        calls.append(f"after {at}: {(tmp_path / 'out').read_text().strip()}")

    run = runner.repeated(3, "row", [[command]], tmp_path, tmp_path / "out", before, after)

    assert calls == [
        "before 0",
        "after 0: first",
        "before 1",
        "after 1: second",
        "before 2",
        "after 2: third",
    ]
    assert len(run.walls) == 3
    assert run.code == 1  # the worst of the three, not the last


def test_a_repeated_row_is_the_median_wall_and_the_largest_peak(
    runner: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # three runs of known walls and peaks, in place of timing real commands
    measured = iter([(0.4, 30.0), (0.05, 90.0), (0.2, 60.0)])

    def measure(label: str, *_: object) -> object:
        wall, peak = next(measured)
        return runner.Run(label, wall, peak, 0)

    monkeypatch.setattr(runner, "measure", measure)
    run = runner.repeated(3, "row", [[["unused"]]], tmp_path)

    assert run.walls == [0.4, 0.05, 0.2]  # in the order they ran
    assert run.wall == 0.2  # the middle one: not the mean (0.217), not the last
    assert run.peak_mib == 90.0


def test_a_row_run_once_is_that_run(runner: ModuleType, tmp_path: Path) -> None:
    run = runner.repeated(1, "row", [[[sys.executable, "-c", "pass"]]], tmp_path)
    assert run.walls == [run.wall]
    assert run.code == 0
