"""The benchmark runner's repeated rows: the median of the runs, and each run's own setting up."""

from __future__ import annotations

import importlib.util
import statistics
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


def test_a_repeated_row_is_the_median_of_its_runs_each_set_up_and_checked(
    runner: ModuleType, tmp_path: Path
) -> None:
    # each run sleeps as long as the file says, then exits with the status it names
    plan = tmp_path / "plan"
    command = [
        sys.executable,
        "-c",
        "import sys, time; s, c = open('plan').read().split(); time.sleep(float(s)); "
        "print('ran'); sys.exit(int(c))",
    ]
    settings = iter(["0.4 0", "0.05 1", "0.2 0"])
    calls: list[str] = []

    def before(at: int) -> None:
        calls.append(f"before {at}")
        plan.write_text(next(settings))

    def after(at: int) -> None:
        calls.append(f"after {at}: {(tmp_path / 'out').read_text().strip()}")

    run = runner.repeated(3, "row", [[command]], tmp_path, tmp_path / "out", before, after)

    assert calls == [
        "before 0",
        "after 0: ran",
        "before 1",
        "after 1: ran",
        "before 2",
        "after 2: ran",
    ]
    assert len(run.walls) == 3
    assert run.walls[1] < run.walls[2] < run.walls[0]  # the plan's sleeps, in order
    assert run.wall == statistics.median(run.walls) == run.walls[2]
    assert run.code == 1  # the worst of the three, not the last
    assert run.peak_mib > 0


def test_a_row_run_once_is_that_run(runner: ModuleType, tmp_path: Path) -> None:
    run = runner.repeated(1, "row", [[[sys.executable, "-c", "pass"]]], tmp_path)
    assert run.walls == [run.wall]
    assert run.code == 0
