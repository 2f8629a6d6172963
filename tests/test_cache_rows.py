"""The rows the cache keeps for `claims report`: a warm report reads them and builds no claim
model, gives the report a run without the cache gives, and a damaged or doctored row is
never used (the run goes on without the cache, which is rebuilt)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from claims_ledger.checking import validation
from claims_ledger.checking.cache import DIRECTORY, OutcomeCache
from claims_ledger.checking.cachefile import DAMAGED
from claims_ledger.checking.validation import place, prepare
from claims_ledger.comparing.report import build_report
from claims_ledger.output.reporters import FORMATS
from claims_ledger.records.compact import ClaimRow
from claims_ledger.records.loading import Ledger
from helpers import FIXTURES, REPO, build_ledger, invoke
from test_cache import age
from test_parallel import every_broken

PERF = FIXTURES / "perf"


def _fresh(root: Path) -> Path:
    shutil.rmtree(root / DIRECTORY, ignore_errors=True)
    return root


@pytest.fixture
def perf(tmp_path: Path) -> Path:
    return _fresh(build_ledger(tmp_path / "perf", PERF))


def _report(ledger: Ledger) -> str:
    return FORMATS["json"].render_report(build_report(ledger, (), None, None))


def _same(ledger: Ledger, expected: Ledger) -> None:
    """The ledger a report reads is the one read without the cache."""
    assert _report(ledger) == _report(expected)
    assert sorted(ledger.claims) == sorted(expected.claims)
    assert ledger.claim_file == expected.claim_file
    assert place(ledger, ledger.findings) == place(expected, expected.findings)
    assert {c: repr(ledger.anchors.get(c)) for c in ledger.claims} == {
        c: repr(expected.anchors.get(c)) for c in expected.claims
    }


def _no_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a claim model is rebuilt from the cache."""

    def refuse(*_: object) -> object:
        raise AssertionError("a claim model was rebuilt from the cache")

    monkeypatch.setattr(validation, "_cached_claim", refuse)
    monkeypatch.setattr(OutcomeCache, "records", refuse)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("aged", [True, False])  # stamps trusted, or files read again
def test_a_warm_report_reads_rows_and_builds_no_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, aged: bool
) -> None:
    root = _fresh(every_broken(tmp_path / "ledger"))
    if aged:
        age(root)
    expected = prepare(root, jobs=jobs, use_cache=False, rows=True)
    filled = prepare(root, jobs=jobs, use_cache=True, rows=True)
    _same(filled, expected)
    _no_models(monkeypatch)
    warm = prepare(root, jobs=jobs, use_cache=True, rows=True)
    _same(warm, expected)
    assert all(isinstance(claim, ClaimRow) for claim in warm.claims.values())
    assert not warm.notes


def test_rows_are_kept_by_validate_too(perf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache that `claims validate` filled serves the report's rows."""
    age(perf)
    expected = prepare(perf, use_cache=False, rows=True)
    assert invoke("validate", "--root", perf, "--format", "json").exit_code == 1
    _no_models(monkeypatch)
    _same(prepare(perf, jobs=2, use_cache=True, rows=True), expected)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_the_report_is_the_same_with_the_cache_and_after_an_edit(tmp_path: Path, fmt: str) -> None:
    for root in (
        _fresh(build_ledger(tmp_path / "perf", PERF)),
        _fresh(every_broken(tmp_path / "broken")),
        _fresh(build_ledger(tmp_path / "report", FIXTURES / "report")),
    ):
        age(root)
        report = ("report", "--root", root, "--format", fmt)
        _same_runs(report)
        claim = sorted((root / "claims").rglob("*.yaml"))[-1]
        text = claim.read_text()
        if "statement:" in text:
            claim.write_text(text.replace("statement: ", "statement: Edited: ", 1))
        else:
            claim.write_text(text + "# edited\n")
        _same_runs(report)


def _same_runs(report: tuple[str | Path, ...]) -> None:
    """The report without the cache, then filled, then warm, then warm in one process."""
    plain = invoke(*report, "--no-cache")
    for jobs in ("1", "2", "2"):
        cached = invoke(*report, "--jobs", jobs)
        assert (cached.exit_code, cached.output) == (plain.exit_code, plain.output)


def _rows(root: Path) -> list[tuple[str, str, str]]:
    """Every stored row of a loaded claim: (digest, claim id, row)."""
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    db = sqlite3.connect(store)
    try:
        query = "SELECT digest, claim_id, row FROM outcomes WHERE claim_id IS NOT NULL"
        return sorted(db.execute(query))
    finally:
        db.close()


def _drop_reports(root: Path) -> None:
    """Forget the reports the cache keeps (storedreport.py), so that rows are read again."""
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    db = sqlite3.connect(store)
    try:
        db.execute("DELETE FROM reports")
        db.commit()
    finally:
        db.close()


def _set_row(root: Path, digest: str, row: object) -> None:
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    db = sqlite3.connect(store)
    try:
        db.execute("UPDATE outcomes SET row = ? WHERE digest = ?", (row, digest))
        db.commit()
    finally:
        db.close()


def _spoiled(row: str, other: str) -> list[object]:
    """A stored row spoiled as a damaged or hostile cache could."""
    data = json.loads(row)

    def changed(at: int, value: object) -> str:
        copy = list(data)
        copy[at] = value
        return json.dumps(copy)

    return [
        None,  # missing
        "",
        "not json",
        "[" * 100_000,  # deeper than the parser goes
        b"\x00\x01",  # not text
        42,
        json.dumps(data[:-1]),  # no anchor
        changed(-1, [1, 2]),  # an anchor of two numbers
        changed(-1, ["a", 0, 1, 1]),
        changed(0, "east-bulletin/another"),  # of another claim
        changed(8, "certain"),  # no such status
        changed(6, json.dumps({"date": 2019})),  # a value its model refuses
        changed(6, json.dumps({"no": "type"})),
        other,  # another claim's row, well-formed
    ]


def test_a_damaged_or_doctored_row_is_ignored_not_trusted(perf: Path) -> None:
    age(perf)
    expected = prepare(perf, use_cache=False, rows=True)
    prepare(perf, use_cache=True, rows=True)
    rows = _rows(perf)
    (digest, _, row), (_, _, other) = rows[0], rows[1]
    for spoiled in _spoiled(row, other):
        _set_row(perf, digest, spoiled)  # type: ignore[arg-type]
        found = prepare(perf, use_cache=True, rows=True)
        _same(found, expected)
        assert found.notes == [DAMAGED], spoiled
        rebuilt = prepare(perf, use_cache=True, rows=True)  # the next run fills it again
        _same(rebuilt, expected)
        assert _rows(perf) == rows


def test_the_cli_says_a_damaged_row_was_ignored(perf: Path) -> None:
    age(perf)
    plain = invoke("report", "--root", perf, "--format", "json", "--no-cache")
    assert invoke("report", "--root", perf, "--format", "json").output == plain.output
    digest, _, _ = _rows(perf)[0]
    _set_row(perf, digest, '["doctored"]')
    _drop_reports(perf)  # a kept report would be printed with no row read
    again = invoke("report", "--root", perf, "--format", "json")
    assert again.exit_code == plain.exit_code
    assert again.stdout == plain.stdout
    assert "damaged" in again.stderr


def test_the_bundled_ledger_reports_the_same_from_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "claims", root / "claims")
    shutil.copytree(REPO / "seeds", root / "seeds")
    age(root)
    expected = prepare(root, use_cache=False, rows=True)
    prepare(root, jobs=2, use_cache=True, rows=True)
    _no_models(monkeypatch)
    _same(prepare(root, jobs=2, use_cache=True, rows=True), expected)
