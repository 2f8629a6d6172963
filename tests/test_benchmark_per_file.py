"""The per-file measurement of the benchmarks: the sample it checks, and that it checks it."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from claims_ledger.checking import parallel
from helpers import REPO, generated


def load_per_file() -> ModuleType:
    path = REPO / "benchmarks" / "per_file.py"
    spec = importlib.util.spec_from_file_location("benchmark_per_file", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("per-file") / "ledger", 600)


def test_the_sample_takes_whole_directories_from_across_the_ledger(ledger: Path):
    per_file = load_per_file()
    rels = per_file.sample(ledger, 100)
    assert len(rels) == 100 == len(set(rels))
    assert all((ledger / rel).is_file() and rel.endswith(".yaml") for rel in rels)
    folders = sorted({rel.split("/")[1] for rel in rels})
    every = sorted(d.name for d in (ledger / "claims").iterdir() if d.is_dir())
    assert len(folders) > 1 and folders[-1] != every[0]  # (not only the first directories)


def test_each_pass_checks_every_sampled_file(ledger: Path, monkeypatch: pytest.MonkeyPatch):
    per_file = load_per_file()
    seen: list[str] = []
    real = parallel.examine_each

    def spy(rels: list[str], context: parallel.ExamineContext) -> Iterator[parallel.FileOutcome]:
        for outcome in real(rels, context):
            seen.append(outcome.rel)
            yield outcome

    monkeypatch.setattr(per_file, "examine_each", spy)
    times = per_file.per_file(ledger, 40, 3)
    assert len(times) == 3 and all(t > 0 for t in times)
    assert seen == per_file.sample(ledger, 40) * 3
