"""Per-file checking in workers: validate_all finds exactly what validate finds.

The fixture ledgers are the valid one, every broken fixture laid over it at once, and the
perf overlay (tests/fixtures/perf/), which holds what only a whole ledger can settle: a
duplicate id whose first file is the one at the wrong path, and evidence naming a claim in
another file, a near-miss of a claim id, a file that does not load and a file whose id is
another's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims_ledger.parallel import Context, default_jobs, examine, examine_all
from claims_ledger.reporters import FORMATS
from claims_ledger.validation import validate, validate_all
from helpers import BROKEN, CASES, FIXTURES, OWN_MANIFEST, build_ledger, invoke, places

PERF = FIXTURES / "perf"
CITES = "claims/council-minutes/cites-others.yaml"


def every_broken(root: Path) -> Path:
    overlays = [BROKEN / code for code in sorted(CASES) if code not in OWN_MANIFEST]
    build_ledger(root, *overlays, PERF)
    for code in sorted(CASES):
        if CASES[code].prepare is not None and code not in OWN_MANIFEST:
            CASES[code].prepare(root)  # type: ignore[misc]
    return root


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return every_broken(tmp_path_factory.mktemp("every") / "ledger")


@pytest.fixture(scope="module")
def perf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ledger(tmp_path_factory.mktemp("perf") / "ledger", PERF)


def test_the_perf_overlay_is_settled_across_files(perf: Path) -> None:
    _, findings = validate_all(perf, jobs=2, use_cache=False)
    found = places(findings)
    # a-duplicate.yaml sorts first, so it keeps the id and is at the wrong path; the file
    # at the right path is the repeat, and only its duplicate id is reported
    assert ("claims/courier-ferry/a-duplicate.yaml", 1, 5, "id-path-mismatch") in found
    assert ("claims/courier-ferry/company-employees.yaml", 1, 5, "duplicate-id") in found
    assert {f.code for f in findings if f.file.endswith("company-employees.yaml")} == {
        "duplicate-id"
    }
    # evidence on lines 19 and 20 and the second item of the flow list on line 24 (after
    # `    evidence: [` and the 34 characters of the first item and ", "); line 18 names a
    # claim in another directory, and the first item of line 24 the claim itself
    assert {p for p in found if p[0] == CITES} == {
        (CITES, 19, 9, "unknown-claim"),
        (CITES, 20, 9, "unknown-claim"),
        (CITES, 24, 52, "unknown-claim"),
    }
    near = next(f for f in findings if f.file == CITES and f.line == 19)
    assert "did you mean 'courier-ferry/company-employees'" in near.message
    assert any(f.code == "yaml-syntax" and f.file.endswith("broken-one.yaml") for f in findings)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("ledger", ["broken", "perf"])
def test_findings_are_those_of_validate(
    ledger: str, jobs: int, request: pytest.FixtureRequest
) -> None:
    root = request.getfixturevalue(ledger)
    _, expected = validate(root)
    _, found = validate_all(root, jobs=jobs, use_cache=False)
    assert found == expected
    assert [f.message for f in found] == [f.message for f in expected]


def test_valid_ledger_stays_clean(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    ledger, findings = validate_all(root, jobs=2, use_cache=False)
    assert findings == []
    assert ledger.claim_files == 5


def test_examine_gives_one_files_findings_placed(perf: Path) -> None:
    _, whole = validate(perf)
    vocabulary, _ = validate_all(perf, jobs=1, use_cache=False)
    outcome = examine("claims/courier-ferry/broken-one.yaml", Context(vocabulary, records=False))
    assert outcome.claim_id is None
    assert outcome.findings == tuple(f for f in whole if f.file == outcome.rel)
    outcome = examine(CITES, Context(vocabulary, records=True))
    assert outcome.claim_id == "council-minutes/cites-others"
    assert outcome.record is not None
    assert json.loads(outcome.record)["id"] == "council-minutes/cites-others"
    assert {item.target for item in outcome.loose} == {
        "courier-ferry/company-employes",
        "courier-ferry/broken-one",
        "courier-ferry/a-duplicate",
        "courier-ferry/company-founded",
    }


def test_examine_all_keeps_the_order_given(perf: Path) -> None:
    vocabulary, _ = validate_all(perf, jobs=1, use_cache=False)
    rels = sorted(vocabulary.claim_file.values(), reverse=True)
    seen: list[tuple[int, int]] = []
    outcomes = list(
        examine_all(rels, Context(vocabulary, False), 2, lambda d, t: seen.append((d, t)))
    )
    assert [o.rel for o in outcomes] == rels
    assert seen and seen[-1] == (len(rels), len(rels))


def test_small_work_stays_in_one_process() -> None:
    assert default_jobs(10) == 1
    assert default_jobs(100_000) in (1, 2)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("ledger", ["broken", "perf"])
def test_cli_output_is_that_of_validate(
    ledger: str, jobs: str, request: pytest.FixtureRequest
) -> None:
    root = request.getfixturevalue(ledger)
    whole, expected = validate(root)
    result = invoke("validate", "--root", root, "--format", "json", "--jobs", jobs, "--no-cache")
    assert result.exit_code == 1
    assert result.output == FORMATS["json"].render_findings(expected, whole.claim_files)


def test_cli_exit_code_on_a_clean_ledger(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    assert invoke("validate", "--root", root, "--jobs", "2", "--no-cache").exit_code == 0
