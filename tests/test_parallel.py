"""Per-file checking in workers: validate_all finds exactly what validate finds.

The fixture ledgers are the valid one, every broken fixture laid over it at once, and the
perf overlay (tests/fixtures/perf/), which holds what only a whole ledger can settle: a
duplicate id whose first file is the one at the wrong path, and evidence naming a claim in
another file, a near-miss of a claim id, a file that does not load and a file whose id is
another's.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import weakref
from dataclasses import replace
from pathlib import Path
from threading import Event
from typing import Any

import pytest

from claims_ledger.checking import parallel
from claims_ledger.checking.checks import alone
from claims_ledger.checking.checks.evidence import refuting_references
from claims_ledger.checking.checks.references import claim_references
from claims_ledger.checking.listings import names_of
from claims_ledger.checking.parallel import (
    ExamineContext,
    Workers,
    _loose,
    default_jobs,
    examine,
    examine_all,
    examine_each,
    examine_many,
)
from claims_ledger.checking.stamps import joined
from claims_ledger.checking.validation import place, prepare, validate, validate_all
from claims_ledger.comparing.report import build_report
from claims_ledger.findings import Finding
from claims_ledger.output.reporters import FORMATS
from claims_ledger.reading.anchoring import Anchor
from claims_ledger.records.compact import ClaimRow
from claims_ledger.records.layout import claim_files
from claims_ledger.records.loading import Ledger
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
    # the claims named on lines 20, 22 and 30 (after `      - claim: `); line 18 names a
    # claim in another directory, and line 28 the claim itself, which is never evidence
    assert {p for p in found if p[0] == CITES} == {
        (CITES, 20, 16, "unknown-claim"),
        (CITES, 22, 16, "unknown-claim"),
        (CITES, 28, 16, "self-evidence"),
        (CITES, 30, 16, "unknown-claim"),
    }
    near = next(f for f in findings if f.file == CITES and f.line == 20)
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


@pytest.mark.parametrize("apart", [False, True])
def test_a_large_ledger_listed_by_a_second_process_without_the_cache_gives_the_same_findings(
    broken: Path, monkeypatch: pytest.MonkeyPatch, apart: bool
) -> None:
    """Without the cache, a ledger of many directories is listed by a forked process that
    stats nothing: the same files, in the same order, the same findings and stray files."""
    from claims_ledger.checking import scanning, validation

    assert scanning.directories(broken) == len(
        [p for p in (broken / "claims").iterdir() if p.is_dir() and not p.is_symlink()]
    )
    monkeypatch.setattr(validation, "SCAN_DIRECTORIES_FROM", 1 if apart else 1 << 60)
    made: list[bool] = []
    real = scanning.Scan.__init__

    def spy(self: scanning.Scan, root: Path, stamped: bool = True, parts: int = 1) -> None:
        made.append(stamped)
        assert parts == 1  # unstamped: listing alone is quicker than the vocabulary
        real(self, root, stamped, parts)

    monkeypatch.setattr(scanning.Scan, "__init__", spy)
    _, expected = validate(broken)
    ledger, found = validate_all(broken, jobs=2, use_cache=False)
    assert found == expected
    assert any(f.code == "stray-file" for f in found)
    assert ledger.claim_file == validate_all(broken, jobs=1, use_cache=False)[0].claim_file
    two_cores = (os.cpu_count() or 1) > 1
    assert made == ([False] if apart and two_cores else [])


def _parsed_rows(root: Path) -> list[tuple[str, str]]:
    (path,) = (root / ".claims-cache").glob("*.sqlite3")
    db = sqlite3.connect(path)
    try:
        return sorted(db.execute("SELECT digest, data FROM parsed"))
    finally:
        db.close()


@pytest.mark.parametrize("use_cache", [False, True])
def test_a_large_vocabulary_loaded_in_a_process_of_its_own_gives_the_same_findings(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_cache: bool
) -> None:
    """Past LOAD_APART_FROM, the vocabulary the workers are forked from is loaded in a
    process of its own (see validation._vocabulary): the same findings, the same claims,
    and the cache keeps the parsed vocabulary as it would have, rewriting it only when it
    changed."""
    from claims_ledger.checking import validation

    if (os.cpu_count() or 1) < 2:
        pytest.skip("workers are forked early only with a second core")
    root = tmp_path / "ledger"
    shutil.copytree(broken, root, symlinks=True)
    monkeypatch.setattr(validation, "SCAN_DIRECTORIES_FROM", 1)
    monkeypatch.setattr(validation, "rerun", lambda *_: None)  # (each run reads every file)
    _, expected = validate(root)
    apart: list[str] = []
    real = validation.in_child

    def spy(work: Any, *args: Any) -> Any:
        apart.append(work.__name__)
        return real(work, *args)

    monkeypatch.setattr(validation, "in_child", spy)
    _, found = validate_all(root, jobs=2, use_cache=False)
    assert found == expected and apart == []  # (a small vocabulary is loaded here)
    monkeypatch.setattr(validation, "LOAD_APART_FROM", 0)
    ledger, found = validate_all(root, jobs=2, use_cache=use_cache)
    assert apart == ["_vocabulary"]
    assert found == expected
    assert [f.message for f in found] == [f.message for f in expected]
    assert ledger.claim_file == validate_all(root, jobs=1, use_cache=False)[0].claim_file
    if not use_cache:
        return
    stored = _parsed_rows(root)
    assert len(stored) == 3  # the manifest, the entities and the properties
    shutil.rmtree(root / ".claims-cache")
    monkeypatch.setattr(validation, "LOAD_APART_FROM", 1 << 60)
    validate_all(root, jobs=2, use_cache=True)
    assert _parsed_rows(root) == stored  # as a run loading it here keeps it
    monkeypatch.setattr(validation, "LOAD_APART_FROM", 0)
    _, again = validate_all(root, jobs=2, use_cache=True)
    assert apart == ["_vocabulary", "_vocabulary"]
    assert again == expected and _parsed_rows(root) == stored
    (root / "claims" / "entities.yaml").write_text(
        (root / "claims" / "entities.yaml").read_text(encoding="utf-8") + "\n# edited\n",
        encoding="utf-8",
    )
    validate_all(root, jobs=2, use_cache=True)
    changed = _parsed_rows(root)
    assert len(changed) == 3 and changed != stored  # the entities parsed again, and kept


def scanned(root: Path, stamped: bool = True, parts: int = 1) -> tuple[list[Finding], Any]:
    """What a Scan of these processes sends back (it must send something)."""
    from claims_ledger.checking.scanning import Scan

    scan = Scan(root, stamped, parts)
    try:
        found = scan.result()
    finally:
        scan.close()
    assert found is not None
    return found


def test_an_unstamped_scan_lists_what_claim_files_lists(broken: Path) -> None:
    stray, listed = scanned(broken, stamped=False)
    rels, expected_stray = claim_files(broken)
    assert sorted(f"{top}/{name}" for top, (names, _) in listed.items() for name in names) == rels
    assert all(figures == [] for _, figures in listed.values())
    assert stray == expected_stray


@pytest.mark.parametrize("parts", [2, 3])
@pytest.mark.parametrize("stamped", [True, False])
def test_a_listing_shared_by_processes_is_the_listing_of_one(
    tmp_path: Path, parts: int, stamped: bool
) -> None:
    """Each process lists its share of claims/'s directories: together, the same files,
    stamps and findings, in the order one process meets them (a directory's own stray files
    before its subdirectories', "a" before "a-b" though "-" sorts before "/")."""
    claims = tmp_path / "ledger" / "claims"
    for folder in ("a", "a/sub", "a-b", "b", "c", "d"):
        (claims / folder).mkdir(parents=True)
        (claims / folder / "one.yaml").write_text("id: x\n")
    for stray in ("notes.txt", "a/z.txt", "a/sub/y.txt", "a-b/x.txt", "d/w.txt"):
        (claims / stray).write_text("stray\n")
    (claims / "e").symlink_to(claims / "c")
    expected_stamps: dict[str, tuple[list[str], list[int]]] = {}
    rels, expected = claim_files(claims.parent, expected_stamps)
    assert [f.file for f in expected] == [
        "claims/e",
        "claims/notes.txt",
        "claims/a/z.txt",
        "claims/a/sub/y.txt",
        "claims/a-b/x.txt",
        "claims/d/w.txt",
    ]
    stray, listed = scanned(claims.parent, stamped, parts)
    assert stray == expected
    if stamped:  # (each directory's names as the one text the cache holds them as)
        assert {d: (n, list(f)) for d, (n, f) in listed.items()} == {
            d: (joined(n), f) for d, (n, f) in expected_stamps.items()
        }
        listed = {d: (names_of(n), f) for d, (n, f) in listed.items()}
    assert sorted(f"{top}/{n}" for top, (names, _) in listed.items() for n in names) == rels


def test_a_linked_claims_folder_is_one_finding_however_many_list_it(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "claims").symlink_to(tmp_path / "elsewhere")
    stray, _ = scanned(tmp_path / "ledger", parts=2)
    assert [(f.code, f.file) for f in stray] == [("unsafe-path", "claims")]


def test_examining_a_claim_leaves_the_vocabulary_as_it_was(perf: Path) -> None:
    """Each file is checked against the vocabulary itself: nothing of one claim (its anchor,
    its id) is left in the ledger the next file is checked on; a check that wants a ledger
    with the claim gets its own copy."""
    vocabulary, _ = validate_all(perf, jobs=1, use_cache=False)
    before = dict(vars(vocabulary))
    outcome = examine(CITES, ExamineContext(vocabulary, records=False, models=True))
    claim = outcome.claim
    assert claim is not None and outcome.anchor is not None
    one = alone(vocabulary, claim, CITES, outcome.anchor)
    assert one is not vocabulary and type(one) is Ledger
    assert list(one.claims) == [claim.id] and one.claim_file == {claim.id: CITES}
    assert one.anchors == {claim.id: outcome.anchor}
    assert one.documents is vocabulary.documents  # shared, never copied
    assert vars(vocabulary) == before
    assert claim.id not in vocabulary.anchors and claim.id not in vocabulary.claims


def test_valid_ledger_stays_clean(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    ledger, findings = validate_all(root, jobs=2, use_cache=False)
    assert findings == []
    assert ledger.claim_files == 5


def test_examine_gives_one_files_findings_placed(perf: Path) -> None:
    _, whole = validate(perf)
    vocabulary, _ = validate_all(perf, jobs=1, use_cache=False)
    outcome = examine(
        "claims/courier-ferry/broken-one.yaml", ExamineContext(vocabulary, records=False)
    )
    assert outcome.claim_id is None
    assert outcome.findings == tuple(f for f in whole if f.file == outcome.rel)
    outcome = examine(CITES, ExamineContext(vocabulary, records=True))
    assert outcome.claim_id == "council-minutes/cites-others"
    assert outcome.record is not None
    assert json.loads(outcome.record)["id"] == "council-minutes/cites-others"
    assert {item.target for item in outcome.loose} == {
        "courier-ferry/company-employes",
        "courier-ferry/broken-one",
        "courier-ferry/a-duplicate",
        "courier-ferry/company-founded",
    }


def test_loading_only_makes_no_digest_or_fingerprint_and_the_same_row(perf: Path) -> None:
    """A run that stores nothing and checks nothing (`claims report --no-cache`) has no use
    for a file's digest or fingerprint: its workers make neither, and the rest is the same."""
    vocabulary, _ = validate_all(perf, jobs=1, use_cache=False)
    checked = ExamineContext(vocabulary, records=False, models=True, rows=True)
    loaded = replace(checked, checks=False, digests=False)  # as a report without the cache
    for rel in (CITES, "claims/courier-ferry/broken-one.yaml"):
        full, only = examine(rel, checked), examine(rel, loaded)
        assert full.digest is not None
        assert only.digest is None and only.key is None and not only.loose
        assert only.claim_id == full.claim_id
        if full.claim_id is None:
            assert only.findings == full.findings
        else:
            assert full.key is not None
            assert only.claim.__reduce__() == full.claim.__reduce__()  # type: ignore[union-attr]
            assert only.anchor == full.anchor


def test_a_run_without_the_cache_makes_no_digest_and_the_same_outcome(broken: Path) -> None:
    """The digest is the cache's key: validate without the cache makes none."""
    vocabulary, _ = validate_all(broken, jobs=1, use_cache=False)
    rels, _ = claim_files(broken)
    checked = ExamineContext(vocabulary, records=False)
    bare = replace(checked, digests=False)
    for rel in rels:
        full, none = examine(rel, checked), examine(rel, bare)
        assert none.digest is None and (full.digest is not None or full.claim_id is None)
        assert none == full._replace(digest=None)


def test_files_checked_together_give_each_its_own_outcome(
    broken: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Checked a stage at a time over many files, every file (broken ones of every kind
    among them, a link, one the cache knows) gets the outcome it gets alone, at its place,
    whatever the run asks for."""
    vocabulary, _ = validate_all(broken, jobs=1, use_cache=False)
    rels, _ = claim_files(broken)
    link = broken / "claims/council-minutes/linked.yaml"
    link.symlink_to(broken / rels[0])
    request.addfinalizer(link.unlink)
    rels = [*rels[1::2], "claims/council-minutes/linked.yaml", *rels[::2]]  # all mixed
    checked = ExamineContext(vocabulary, records=False)
    known = frozenset({examine(rels[3], checked).digest or ""})
    contexts = [
        checked,
        replace(checked, records=True),
        replace(checked, known=known),
        replace(checked, digests=False),
        replace(checked, models=True),
        replace(checked, models=True, rows=True, records=True),
        replace(checked, models=True, rows=True, checks=False, digests=False),
    ]
    monkeypatch.setattr(parallel, "BATCH", 7)  # (so that batches end among the files)

    def seen(outcomes: list[Any]) -> list[Any]:  # (a compact row has no equality of its own)
        rows = (
            o.claim.__reduce__() if isinstance(o.claim, ClaimRow) else o.claim for o in outcomes
        )
        return [o._replace(claim=row) for o, row in zip(outcomes, rows, strict=True)]

    for context in contexts:
        alone = [examine(rel, context) for rel in rels]
        assert seen(examine_many(rels, context)) == seen(alone)
        assert seen(list(examine_each(rels, context))) == seen(alone)
        assert [o.rel for o in alone] == rels
        codes = {f.code for o in alone for f in o.findings}
        assert {"unsafe-path", "yaml-syntax", "schema"} <= codes
    assert sum(o.claim_id is not None for o in alone) > 10
    assert examine_many([], checked) == []


def test_examine_all_keeps_the_order_given(perf: Path) -> None:
    vocabulary, _ = validate_all(perf, jobs=1, use_cache=False)
    rels = sorted(vocabulary.claim_file.values(), reverse=True)
    seen: list[tuple[int, int]] = []
    outcomes = list(
        examine_all(rels, ExamineContext(vocabulary, False), 2, lambda d, t: seen.append((d, t)))
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


def ledger_state(ledger: Ledger) -> tuple[object, ...]:
    """What a report is built from: claims, their files and anchors, and the load findings."""
    return (
        {cid: claim.model_dump() for cid, claim in ledger.claims.items()},
        dict(ledger.claim_file),
        {cid: ledger.anchors.get(cid) for cid in ledger.claims},
        place(ledger, ledger.findings),  # (workers place them as they go)
        sorted(ledger.duplicates),
    )


@pytest.mark.parametrize("ledger", ["perf", "broken"])
def test_prepare_builds_the_same_ledger_from_workers_and_from_the_cache(
    ledger: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Models sent back by workers (anchored there, no checks run when nothing is cached),
    models rebuilt from cached records, and the plain in-process load give one ledger."""
    root = build_ledger(tmp_path / "copy")
    shutil.rmtree(root)
    shutil.copytree(request.getfixturevalue(ledger), root)
    alone = ledger_state(prepare(root))
    assert alone[0] and any(isinstance(a, Anchor) for a in alone[2].values())
    assert ledger_state(prepare(root, jobs=2)) == alone
    assert ledger_state(prepare(root, jobs=2, use_cache=True)) == alone  # fills the cache
    assert ledger_state(prepare(root, jobs=1, use_cache=True)) == alone  # from the cache
    report = FORMATS["json"].render_report(build_report(prepare(root), (), None, None))
    again = build_report(prepare(root, jobs=2, use_cache=True), (), None, None)
    assert FORMATS["json"].render_report(again) == report


def test_reading_ahead_on_a_cold_disk_changes_no_finding(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims_ledger.checking import parallel

    _, expected = validate_all(broken, jobs=2, use_cache=False)
    monkeypatch.setattr(parallel, "_cold", lambda top, rels: True)
    advised: list[str] = []
    real = parallel.os.posix_fadvise
    monkeypatch.setattr(
        parallel.os, "posix_fadvise", lambda fd, *a: advised.append(fd) or real(fd, *a)
    )
    _, found = validate_all(broken, jobs=2, use_cache=False)
    assert found == expected
    assert advised  # the kernel was asked to read ahead


def test_read_ahead_opens_no_link_and_skips_what_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims_ledger.checking import parallel

    (tmp_path / "outside.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    (tmp_path / "real.yaml").write_text("y", encoding="utf-8")
    opened: list[str] = []
    real_open = parallel.os.open

    def spy(path: str, flags: int, *args: object) -> int:
        fd = real_open(path, flags, *args)  # raises for the link (O_NOFOLLOW) and the missing
        opened.append(path)
        return fd

    monkeypatch.setattr(parallel.os, "open", spy)
    parallel._read_ahead(f"{tmp_path}/", ["link.yaml", "gone.yaml", "real.yaml"], Event())
    monkeypatch.undo()
    assert opened == [f"{tmp_path}/real.yaml"]


@pytest.mark.parametrize("ledger", ["perf", "broken"])
def test_rows_from_workers_give_the_report_of_models(
    ledger: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """`claims report` asks the workers for a row a claim: its report (and its load findings
    and anchors) are those of the models, with and without the cache."""
    root = build_ledger(tmp_path / "copy")
    shutil.rmtree(root)
    shutil.copytree(request.getfixturevalue(ledger), root)
    models = prepare(root)
    expected = FORMATS["json"].render_report(build_report(models, (), None, None))
    for use_cache in (False, True, True):  # no cache, the cache filled, then read
        rows = prepare(root, jobs=2, use_cache=use_cache, rows=True)
        assert sorted(rows.claims) == sorted(models.claims)
        assert place(rows, rows.findings) == place(models, models.findings)
        assert {c: rows.anchors.get(c) for c in rows.claims} == {
            c: models.anchors.get(c) for c in models.claims
        }
        assert FORMATS["json"].render_report(build_report(rows, (), None, None)) == expected
        if not use_cache:  # each with the keys the workers made for the context
            assert all(isinstance(claim, ClaimRow) for claim in rows.claims.values())
            assert all(claim.key is not None for claim in rows.claims.values())


def test_a_claim_naming_no_claim_is_skipped_only_when_it_names_none(broken: Path) -> None:
    """_loose skips the claim with no part_of and no evidence: no such claim names one, and
    every claim that names one (part_of, evidence, a refuted claim's) has its loose ends."""
    ledger = prepare(broken)
    named = 0
    for claim_id, claim in ledger.claims.items():
        rel = ledger.claim_file[claim_id]
        targets = [t for t, _, _ in claim_references(claim) if t != claim_id]
        targets += [t for t, _, _ in refuting_references(claim)]
        assert [item.target for item in _loose(claim, rel)] == targets, claim_id
        named += bool(targets)
    some = next(iter(ledger.claims.values()))
    share = some.model_copy(update={"part_of": "courier-ferry/whole", "review": []})
    assert [item.target for item in _loose(share, "x.yaml")] == ["courier-ferry/whole"]
    assert named > 1


def _spied_workers(monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
    """Record when worker pools are made and closed, and when the claim files are listed."""
    from claims_ledger.checking import parallel, scanning, validation

    made, closed = parallel.Workers.__init__, parallel.Workers.close
    listed, received = validation.claim_files, scanning.Scan.result

    def make(self: Workers, *args: Any) -> None:
        events.append(f"workers {args[1]}")
        made(self, *args)

    def close(self: Workers) -> None:
        events.append("closed")
        closed(self)

    def list_here(*args: Any) -> Any:
        events.append("listed")
        return listed(*args)

    def result(self: scanning.Scan) -> Any:
        events.append("listed")
        return received(self)

    monkeypatch.setattr(parallel.Workers, "__init__", make)
    monkeypatch.setattr(parallel.Workers, "close", close)
    monkeypatch.setattr(validation, "claim_files", list_here)
    monkeypatch.setattr(scanning.Scan, "result", result)
    monkeypatch.setattr(validation, "SCAN_DIRECTORIES_FROM", 1)
    monkeypatch.setattr(validation, "SCAN_APART_FROM", 1)  # any cache stored is large


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers are forked early only with cores")
@pytest.mark.parametrize("use_cache", [False, True])
def test_a_run_reading_most_files_forks_its_workers_before_listing_them(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_cache: bool
) -> None:
    """Without the cache, or with none stored yet, the workers are forked before the files
    are listed, used, and closed; the findings, the ledger and the report are the same."""
    root = tmp_path / "copy"
    shutil.copytree(broken, root)
    _, expected = validate(root)
    report = FORMATS["json"].render_report(build_report(prepare(root), (), None, None))
    events: list[str] = []
    _spied_workers(monkeypatch, events)
    assert validate_all(root, jobs=2, use_cache=use_cache)[1] == expected
    assert events == ["workers 2", "listed", "closed", "closed"]  # closed twice: idempotent
    assert not multiprocessing.active_children()
    if use_cache:  # a cache is stored now: a warm run forks none before listing
        events.clear()
        assert validate_all(root, jobs=2, use_cache=True)[1] == expected
        assert events[0] == "listed"  # (the files it reads again may have workers)
        shutil.rmtree(root / ".claims-cache")
    events.clear()
    rows = prepare(root, jobs=2, use_cache=use_cache, rows=True)
    assert FORMATS["json"].render_report(build_report(rows, (), None, None)) == report
    assert events == ["workers 2", "listed", "closed", "closed"]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers are forked early only with cores")
def test_workers_forked_early_are_closed_when_the_listing_fails(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims_ledger.checking import scanning, validation

    root = tmp_path / "copy"
    shutil.copytree(broken, root)
    shutil.rmtree(root / ".claims-cache", ignore_errors=True)
    events: list[str] = []
    _spied_workers(monkeypatch, events)

    def fail(*args: Any) -> Any:
        raise OSError("gone")

    # no cache stored: listed by other processes (a large ledger), or here if they fail
    monkeypatch.setattr(scanning.Scan, "result", fail)
    monkeypatch.setattr(validation, "claim_files", fail)
    with pytest.raises(OSError, match="gone"):
        validate_all(root, jobs=2, use_cache=True)
    assert events == ["workers 2", "closed"]
    assert not multiprocessing.active_children()


def test_examine_all_replaces_workers_that_do_not_fit(
    perf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers of another number, or not told the digests the cache holds, are closed and
    others made; workers that fit are used. Each outcome is examine's, with the path given
    (and without its digest when none is asked for)."""
    vocabulary, _ = validate_all(perf, jobs=1, use_cache=False)
    rels = sorted(vocabulary.claim_file.values())
    plain = ExamineContext(vocabulary, False)
    alone = [examine(rel, plain) for rel in rels]
    events: list[str] = []
    _spied_workers(monkeypatch, events)
    assert list(examine_all(rels, plain, 2, workers=Workers(vocabulary, 2))) == alone
    assert events == ["workers 2", "closed"]
    events.clear()
    assert list(examine_all(rels, plain, 2, workers=Workers(vocabulary, 1))) == alone
    assert events == ["workers 1", "closed", "workers 2", "closed"]
    events.clear()
    known = ExamineContext(vocabulary, False, frozenset({alone[0].digest or ""}))
    outcomes = list(examine_all(rels, known, 2, workers=Workers(vocabulary, 2)))
    assert events == ["workers 2", "closed", "workers 2", "closed"]
    assert outcomes[0].cached and not any(o.cached for o in outcomes[1:])
    assert outcomes[1:] == alone[1:]
    bare = list(examine_all(rels, replace(plain, digests=False), 2))
    assert bare == [o._replace(digest=None) for o in alone]
    assert all(o.rel is rel for o, rel in zip(bare, rels, strict=True))
    assert not multiprocessing.active_children()


class _Node:
    """An object in a reference cycle: freed only by the collector."""

    def __init__(self) -> None:
        self.me = self


def test_a_chunk_frees_its_own_cycles_and_collects_no_older_generation(
    perf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a chunk, the collector has freed the cycles the chunk made (a worker's memory
    does not grow chunk by chunk), with one collection of the youngest generation: the
    older ones, which hold what outlived earlier chunks, are not walked."""
    monkeypatch.setattr(parallel, "_VOCABULARY", prepare(perf))
    made: list[weakref.ref[_Node]] = []

    def examine_each(rels: Any, context: Any) -> Any:
        for rel in rels:
            node = _Node()  # garbage once the chunk is done, held only by its own cycle
            made.append(weakref.ref(node))
            yield (rel, "outcome")

    monkeypatch.setattr(parallel, "examine_each", examine_each)
    settings = (False, False, False, True, None, True)
    enabled = gc.isenabled()
    gc.disable()  # no automatic collection between the counts (the chunk turns it off too)
    try:
        before = [generation["collections"] for generation in gc.get_stats()]
        assert parallel._examine_chunk((settings, ["a", "b"])) == [("outcome",), ("outcome",)]
        after = [generation["collections"] for generation in gc.get_stats()]
        assert [ref() for ref in made] == [None, None]
        assert (after[0] - before[0], after[1:]) == (1, before[1:])
    finally:
        if enabled:
            gc.enable()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks only")
def test_workers_are_forked_with_the_edtf_parser_already_imported(perf: Path) -> None:
    """The process that forks the workers imports the EDTF parser first: the workers share
    it rather than each importing it at its first date that is not plain, and the report
    has it for its own dates after them."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from claims_ledger.checking.parallel import Workers\n"
        "from claims_ledger.records.loading import load_vocabulary\n"
        f"ledger = load_vocabulary(Path({str(perf)!r}))\n"
        "before = 'edtf' in sys.modules\n"
        "Workers(ledger, 2).close()\n"
        "print(before, 'edtf' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["False", "True"], done.stderr
