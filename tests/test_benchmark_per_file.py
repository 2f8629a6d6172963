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


def test_stages_are_timed_where_the_workers_call_them_and_put_back(ledger: Path):
    per_file = load_per_file()
    before = [getattr(module, name) for _, module, name in per_file.STAGES]
    stages: list[dict[str, float]] = []
    times = per_file.per_file(ledger, 40, 2, stages)
    assert len(stages) == 2
    for stage in ("read", "parse", "schema", "model", "anchor", "fingerprint", "checks"):
        assert all(each[stage] > 0 for each in stages), stage  # each one called, on every pass
    assert len(times) == 2 and all(each["rest"] > 0 for each in stages)  # (batching, outcomes)
    assert [getattr(module, name) for _, module, name in per_file.STAGES] == before


def test_the_model_is_loading_beyond_parsing_and_the_schema():
    per_file = load_per_file()
    spent = per_file.Counter(
        read=0.1, parse=0.2, schema=0.05, load=0.4, anchor=0.01, fingerprint=0.02, checks=0.03
    )
    each = per_file.stage_times(spent, 1.0, 10_000)
    assert each["model"] == pytest.approx(15.0)  # (0.4 - 0.2 - 0.05) s over 10,000 files
    assert each["parse"] == pytest.approx(20.0) and "load" not in each
    assert each["rest"] == pytest.approx(100 - 10 - 20 - 5 - 15 - 1 - 2 - 3)
    assert list(each) == [
        *("read", "parse", "schema", "model", "anchor", "fingerprint", "checks", "rest")
    ]  # in the order a file goes through them
