"""The benchmark's ledger generator: real quotes, shared keys in conflict, known broken files."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from claims_ledger.checking.cache import DIRECTORY
from helpers import REPO, invoke


def load_generator() -> ModuleType:
    path = REPO / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("benchmark_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = load_generator()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "ledger"
    generate.generate(root, 400, documents=12, seed=7, conflicts=0.5, broken=0.05)
    return root


def claims_of(root: Path) -> dict[str, Any]:
    """Every claim file's data; None for the files broken so that they are not YAML."""
    found: dict[str, Any] = {}
    for path in sorted((root / "claims").glob("*/*.yaml")):
        try:
            found[path.relative_to(root).as_posix()] = yaml.safe_load(path.read_text("utf-8"))
        except yaml.YAMLError:
            found[path.relative_to(root).as_posix()] = None
    return found


def test_sizes_and_broken_share(ledger: Path) -> None:
    expected = json.loads((ledger / "expected-findings.json").read_text())
    assert len(claims_of(ledger)) == 400
    assert len(expected) == 20  # 5% of 400
    manifest = yaml.safe_load((ledger / "seeds" / "documents.yaml").read_text())
    assert len(manifest["documents"]) == 12
    # each kind of break in turn: 20 files cover all 13 kinds
    assert set(expected.values()) >= {"yaml-syntax", "schema", "quote-not-found"}


def test_quotes_really_occur_in_their_documents(ledger: Path) -> None:
    manifest = yaml.safe_load((ledger / "seeds" / "documents.yaml").read_text())
    spans = {}
    for document in manifest["documents"]:
        data = (ledger / "seeds" / document["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == document["sha256"]
        lines = data.decode("utf-8").split("\n")
        spans[document["id"]] = "\n".join(
            lines[document["lines"]["first"] - 1 : document["lines"]["last"]]
        )
    expected = json.loads((ledger / "expected-findings.json").read_text())
    checked = 0
    for rel, claim in claims_of(ledger).items():
        if rel in expected:
            continue
        text = spans[claim["source"]["document"]]
        quote = claim["source"]["quote"]
        prefix = claim["source"].get("prefix")
        assert text.count(quote) == (2 if prefix else 1), rel
        if prefix:
            assert text.count(prefix + quote) == 1
        checked += 1
    assert checked == 380


def test_conflicting_values_on_shared_keys(ledger: Path) -> None:
    by_key: dict[tuple, set[str]] = defaultdict(set)
    for claim in claims_of(ledger).values():
        if not isinstance(claim, dict) or "value" not in claim or "subject" not in claim:
            continue
        key = (claim["subject"], claim["property"], claim.get("object"))
        by_key[key].add(json.dumps(claim["value"], sort_keys=True))
    shared = [values for values in by_key.values() if len(values) > 1]
    assert shared  # some facts are reported with different values by different documents


def test_same_seed_same_ledger(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "a", 60, seed=3)
    second = generate.generate(tmp_path / "b", 60, seed=3)
    assert first == {}  # 0.2% of 60 rounds to no broken file
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    assert second == first


def test_validate_finds_exactly_the_broken_files(ledger: Path) -> None:
    result = invoke("validate", "--root", ledger, "--format", "json", "--jobs", "2")
    assert result.exit_code == 1
    found: dict[str, list[str]] = defaultdict(list)
    for finding in json.loads(result.output):
        found[finding["file"]].append(finding["code"])
    expected = json.loads((ledger / "expected-findings.json").read_text())
    assert dict(found) == {rel: [code] for rel, code in expected.items()}
    assert (ledger / DIRECTORY).is_dir()


def report_of(root: Path) -> list[dict[str, Any]]:
    result = invoke("report", "--root", root, "--format", "json", "--no-cache")
    # 1 when the generator broke some files: the report leaves them out and names them
    broken = "(left out of this output" in result.stderr
    assert result.exit_code == (1 if broken else 0), result.output
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def test_a_coherent_world_contradicts_itself_only_where_told(tmp_path: Path) -> None:
    """With no conflicts asked for, a report finds nothing: one birth year a person, ages
    and events that fit it, one value a single-valued key however often it is drawn."""
    root = tmp_path / "coherent"
    generate.generate(root, 600, documents=10, seed=11, conflicts=0.0, broken=0.0)
    assert report_of(root) == []


def test_every_conflict_found_is_one_the_generator_planted(ledger: Path) -> None:
    tagged = {
        claim["id"]
        for claim in claims_of(ledger).values()
        if isinstance(claim, dict) and "conflict" in (claim.get("tags") or [])
    }
    findings = report_of(ledger)
    conflicts = [f for f in findings if f["type"] == "conflict"]
    assert conflicts
    for finding in conflicts:
        assert {side["id"] for side in finding["claims"]} & tagged, finding["key"]
    assert {f["type"] for f in findings} <= {"conflict", "review"}
