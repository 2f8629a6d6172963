"""The outcome cache: never a different finding, one file re-read after one edit, and safe
to lose, damage or carry from another build of the tool."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from claims_ledger.checking import parallel
from claims_ledger.checking.cache import DIRECTORY, Listing, OutcomeCache
from claims_ledger.checking.outcomes import FileOutcome
from claims_ledger.checking.validation import validate, validate_all
from helpers import BROKEN, FERRY, FIXTURES, generated, invoke
from helpers import build_ledger as build_with_cache
from test_parallel import every_broken

PERF = FIXTURES / "perf"


def build_ledger(dest: Path, *overlays: Path) -> Path:
    """A fixture ledger without the cache a run in the fixture directory may have left."""
    root = build_with_cache(dest, *overlays)
    shutil.rmtree(root / DIRECTORY, ignore_errors=True)
    return root


def age(root: Path, seconds: float = 60) -> None:
    """Date every file back, as files checked out a while ago are (newer ones are re-read)."""
    past = time.time() - seconds
    for directory, _, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(directory, name), (past, past))


def whole_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run goes the whole way over the cache: the last validate's summary answers
    none (see test_rerun.py for the runs it answers)."""
    from claims_ledger.checking import validation

    monkeypatch.setattr(validation, "rerun", lambda *_: None)


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Record the files parallel.<name> is called for (read_own_text, or each file of a
    load_texts call)."""
    calls: list[str] = []
    real = getattr(parallel, name)

    def spy(*args: Any) -> object:
        first = args[0]
        calls.extend([str(first)] if isinstance(first, str) else [rel for rel, _ in first])
        return real(*args)

    monkeypatch.setattr(parallel, name, spy)
    return calls


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_findings_cold_and_warm(tmp_path: Path, jobs: int) -> None:
    root = every_broken(tmp_path / "ledger")
    shutil.rmtree(root / DIRECTORY, ignore_errors=True)
    _, expected = validate(root)
    _, cold = validate_all(root, jobs=jobs, use_cache=True)
    assert (root / DIRECTORY).is_dir()
    _, warm = validate_all(root, jobs=jobs, use_cache=True)
    assert cold == expected and warm == expected
    assert [f.message for f in warm] == [f.message for f in expected]


def test_cli_exit_codes_with_and_without_cache(tmp_path: Path) -> None:
    broken = build_ledger(tmp_path / "broken", PERF)
    clean = build_ledger(tmp_path / "clean")
    for root, code in ((broken, 1), (clean, 0)):
        runs = [
            invoke("validate", "--root", root, "--format", "json", *flags)
            for flags in ((), (), ("--no-cache",), ("--jobs", "2"), ("--jobs", "2"))
        ]
        assert {r.exit_code for r in runs} == {code}
        assert len({r.output for r in runs}) == 1


def test_one_edit_reparses_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_ledger(tmp_path / "ledger")
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    parsed = counting(monkeypatch, "load_texts")
    read = counting(monkeypatch, "read_own_text")
    validate_all(root, jobs=1, use_cache=True)
    assert parsed == [] and read == []  # unchanged files are neither parsed nor read
    edited = root / FERRY / "company-founded.yaml"
    edited.write_text(edited.read_text().replace("unverified", "disputed"), encoding="utf-8")
    _, findings = validate_all(root, jobs=1, use_cache=True)
    assert parsed == [f"{FERRY}/company-founded.yaml"]
    assert read == [str(edited)]
    # the edit itself is judged: status disputed while the last review says unverified
    # (or no review at all), exactly as a full run judges it
    assert findings == validate(root)[1]


def test_touched_but_unchanged_files_are_read_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    age(root, seconds=30)  # a checkout that rewrote every file with the same content
    parsed = counting(monkeypatch, "load_texts")
    _, findings = validate_all(root, jobs=1, use_cache=True)
    assert parsed == []
    assert findings == validate(root)[1]


def test_a_vocabulary_change_rejudges_cached_claims(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    validate_all(root, use_cache=True)
    entities = root / "claims" / "entities.yaml"
    entities.write_text(
        entities.read_text().replace("saltvik-ferry-company", "saltvik-ferries"), encoding="utf-8"
    )
    _, findings = validate_all(root, use_cache=True)
    assert any(f.code == "unknown-entity" for f in findings)
    assert findings == validate(root)[1]


def test_a_seed_change_rejudges_cached_claims(tmp_path: Path) -> None:
    """A seed is part of what each claim is judged against (its quote is anchored there):
    an edit to it, the same length and the same lines, is seen by every cached claim."""
    root = build_ledger(tmp_path / "ledger")
    age(root)
    assert validate_all(root, use_cache=True)[1] == validate(root)[1]
    seed = root / "seeds" / "harbour.txt"
    text = seed.read_text(encoding="utf-8")
    assert text.count("founded in 1998") == 1
    seed.write_text(text.replace("founded in 1998", "founded in 1989"), encoding="utf-8")
    _, findings = validate_all(root, use_cache=True)
    assert any(
        f.code == "quote-not-found" and f.file.endswith("company-founded.yaml") for f in findings
    )
    assert findings == validate(root)[1]


def test_directories_taken_whole_give_the_findings_of_files_taken_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm run takes a directory the cache keeps whole at once, unless one of its files
    repeats a claim id or a fingerprint seen before (or in it): those are taken a file at a
    time, and the findings are those of a run without the cache."""
    from claims_ledger.checking import filepass

    root = generated(tmp_path / "ledger", 120)
    folders = sorted(p for p in (root / "claims").iterdir() if p.is_dir())

    def copy(claim: Path, folder: Path, name: str) -> None:
        """The claim again under another id: the same fingerprint (key, value, passage)."""
        text = claim.read_text(encoding="utf-8")
        claim_id = text.split("id: ", 1)[1].split("\n", 1)[0]
        again = text.replace(f"id: {claim_id}", f"id: {folder.name}/{name}", 1)
        (folder / f"{name}.yaml").write_text(again, encoding="utf-8")

    copy(min(folders[0].glob("*.yaml")), folders[1], "copied")  # in another directory
    copy(min(folders[2].glob("*.yaml")), folders[2], "copied")  # in its own
    age(root)
    _, expected = validate(root)
    assert [f.file for f in expected if f.code == "duplicate-claim"] == [
        f"claims/{folders[1].name}/copied.yaml",
        f"claims/{folders[2].name}/copied.yaml",
    ]
    assert validate_all(root, use_cache=True)[1] == expected
    whole_way(monkeypatch)
    taken: list[tuple[str, bool]] = []
    real = filepass.FilePass.whole

    def spy(self: filepass.FilePass, listing: Listing, paths: list[str]) -> bool:
        taken.append((paths[0].rsplit("/", 2)[1], real(self, listing, paths)))
        return taken[-1][1]

    monkeypatch.setattr(filepass.FilePass, "whole", spy)
    assert validate_all(root, use_cache=True)[1] == expected
    assert (folders[0].name, True) in taken
    assert (folders[1].name, False) in taken and (folders[2].name, False) in taken
    assert sum(ok for _, ok in taken) == len(taken) - 2


def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger", PERF)
    _, expected = validate_all(root, use_cache=True)
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    store.write_bytes(b"this is not a database" * 100)
    _, found = validate_all(root, use_cache=True)
    assert found == expected
    assert OutcomeCache(root).listings  # written again, readable
    for path in (root / DIRECTORY).iterdir():
        path.unlink()
    (root / DIRECTORY).rmdir()
    assert validate_all(root, use_cache=True)[1] == expected


def test_another_build_does_not_see_these_outcomes(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    mine = OutcomeCache(root, salt="a" * 32)
    mine.put(FileOutcome("claims/x/y.yaml", "d" * 32, "x/y", ()), "context")
    mine.save(
        {"claims/x": Listing("context", ["y.yaml"], [1, 2, 3, 4], ["d" * 32], ["x/y"], {}, [None])}
    )
    again = OutcomeCache(root, salt="a" * 32)
    assert again.outcomes([("claims/x/y.yaml", "d" * 32)], "context")
    again.expect("context")
    assert again.kept({"claims/x": (["y.yaml"], [1, 2, 3, 4])})
    assert not OutcomeCache(root, salt="b" * 32).listings
    # and a claim's checks judged in another context are not used
    assert not again.outcomes([("claims/x/y.yaml", "d" * 32)], "other")
    again.expect("other")
    assert not again.kept({"claims/x": (["y.yaml"], [1, 2, 3, 4])})


def test_no_cache_flag_and_ci_write_nothing(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger")
    assert invoke("validate", "--root", root, "--no-cache").exit_code == 0
    assert invoke("validate", "--root", root, env={"CI": "true"}).exit_code == 0
    assert invoke("report", "--root", root, "--no-cache").exit_code == 0
    assert not (root / DIRECTORY).exists()
    assert invoke("validate", "--root", root).exit_code == 0
    assert (root / DIRECTORY).is_dir()


def test_report_is_the_same_from_the_cache(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger", PERF)
    plain = invoke("report", "--root", root, "--format", "json", "--no-cache", "--jobs", "1")
    filled = invoke("report", "--root", root, "--format", "json")
    cached = invoke("report", "--root", root, "--format", "json", "--jobs", "2")
    assert plain.exit_code == filled.exit_code == cached.exit_code
    assert plain.output == filled.output == cached.output


def test_only_files_with_findings_have_their_outcomes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean file's listing says all a run needs of it: its findings are never read."""
    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    _, expected = validate_all(root, jobs=1, use_cache=True)
    asked: list[str] = []
    real = OutcomeCache.outcomes

    def spy(self: OutcomeCache, wanted: list[tuple[str, str]], context: str) -> object:
        asked.extend(rel for rel, _ in wanted)
        return real(self, wanted, context)

    monkeypatch.setattr(OutcomeCache, "outcomes", spy)
    whole_way(monkeypatch)
    _, warm = validate_all(root, jobs=1, use_cache=True)
    assert warm == expected
    # duplicate ids and claims are settled from every file's claim id and fingerprint, not
    # from a file's own outcome
    across = ("duplicate-id", "duplicate-claim")
    own = {f.file for f in expected if f.file.startswith("claims/") and f.code not in across}
    assert len(own) == 3 and set(asked) == own


@pytest.mark.parametrize("apart", [False, True])
def test_claim_files_listed_by_a_second_process_give_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, apart: bool
) -> None:
    """On a large ledger the claim files are listed by a forked process: same findings,
    and an edit made after the cache was filled is still seen."""
    from claims_ledger.checking import scanning, validation

    monkeypatch.setattr(validation, "SCAN_APART_FROM", 1 if apart else 1 << 60)
    forked: list[Path] = []
    real = scanning.Scan.__init__

    def spy(self: object, root: Path, stamped: bool = True, parts: int = 1) -> None:
        forked.append(root)
        assert stamped and parts == min(2, os.cpu_count() or 1)  # stat'ing: shared by the cores
        real(self, root, stamped, parts)  # type: ignore[arg-type]

    monkeypatch.setattr(scanning.Scan, "__init__", spy)
    root = every_broken(tmp_path / "ledger")
    shutil.rmtree(root / DIRECTORY, ignore_errors=True)
    age(root)
    _, expected = validate(root)
    assert validate_all(root, jobs=2, use_cache=True)[1] == expected
    assert validate_all(root, jobs=2, use_cache=True)[1] == expected
    edited = root / FERRY / "company-founded.yaml"
    text = edited.read_text().replace("status: unverified\nreview:", "status: disputed\nreview:")
    edited.write_text(text, encoding="utf-8")  # the status is no longer the last review's
    _, expected = validate(root)
    assert any(f.file == f"{FERRY}/company-founded.yaml" for f in expected)
    assert validate_all(root, jobs=2, use_cache=True)[1] == expected
    two_cores = (os.cpu_count() or 1) > 1
    assert len(forked) == (2 if apart and two_cores else 0)  # the first run had no cache


def test_a_removed_directory_is_forgotten(tmp_path: Path) -> None:
    """Claims of a removed directory are no longer there to be named, nor kept."""
    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    assert FERRY in OutcomeCache(root).listings
    shutil.rmtree(root / FERRY)
    _, findings = validate_all(root, jobs=1, use_cache=True)
    # the council minutes' evidence names ferry claims, which are gone now
    assert any(f.code == "unknown-claim" and "company-founded" in f.message for f in findings)
    assert findings == validate(root)[1]
    assert FERRY not in OutcomeCache(root).listings


def test_a_cache_another_run_is_writing_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locked is not damaged: the run goes on uncached and the file stays."""
    import sqlite3

    from claims_ledger.checking import cache

    root = build_ledger(tmp_path / "ledger", PERF)
    _, expected = validate_all(root, jobs=1, use_cache=True)
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    monkeypatch.setattr(cache, "_WAIT", 0.05)
    other = sqlite3.connect(store, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # as a run writing its outcomes holds it
        assert not OutcomeCache(root).listings
        assert validate_all(root, jobs=1, use_cache=True)[1] == expected
        assert store.is_file()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert OutcomeCache(root).listings  # readable again, as it was


def test_stamps_are_each_claim_files_lstat_in_name_order(tmp_path: Path) -> None:
    """What the cache compares: every claim file (and nothing else) with its own lstat."""
    from claims_ledger.records.layout import claim_files

    root = build_ledger(tmp_path / "ledger", PERF)
    (root / FERRY / "notes.txt").write_text("not a claim\n", encoding="utf-8")
    (root / FERRY / ".hidden.yaml").write_text("id: x\n", encoding="utf-8")
    stamps: dict[str, tuple[list[str], list[int]]] = {}
    rels, stray = claim_files(root, stamps)
    assert [f.file for f in stray] == [f"{FERRY}/notes.txt"]
    assert sorted(f"{d}/{name}" for d, (names, _) in stamps.items() for name in names) == rels
    assert f"{FERRY}/a-duplicate.yaml" in rels
    for directory, (names, figures) in stamps.items():
        assert names == sorted(names) and len(figures) == 4 * len(names)
        for at, name in enumerate(names):
            stat = os.lstat(root / directory / name)
            own = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
            assert figures[4 * at : 4 * at + 4] == own
    assert claim_files(root) == (rels, stray)  # the same files whether stamps are asked or not
    alone: dict[str, tuple[list[str], list[int]]] = {}
    assert claim_files(root, alone, paths=False) == ([], stray)  # the stamps only
    assert alone == stamps


def test_a_listing_that_points_nowhere_is_damage(tmp_path: Path) -> None:
    import sqlite3

    root = build_ledger(tmp_path / "ledger", PERF)
    _, expected = validate_all(root, jobs=1, use_cache=True)
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    with sqlite3.connect(store) as db:
        db.execute("""UPDATE listings SET extra = '{"99": [true, []]}'""")
    db.close()
    assert not OutcomeCache(root).listings  # thrown away, not trusted
    assert validate_all(root, jobs=1, use_cache=True)[1] == expected
    assert OutcomeCache(root).listings


def test_the_claim_ids_in_use_are_hashed_a_part_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hints are kept under a hash of every claim id, newline between them, made a part at a
    time (joined whole, a million claims' ids were 140 MB at once): the same hash whatever
    the size of a part."""
    import hashlib

    from claims_ledger.checking import validation

    root = build_ledger(tmp_path / "ledger", PERF)
    seen: list[tuple[list[str], str]] = []
    real = validation._hints

    def spy(ledger: object, cache: OutcomeCache, among: object) -> object:
        made = real(ledger, cache, among)  # type: ignore[arg-type]
        seen.append((sorted(ledger.claim_file), cache.ids_in_use))  # type: ignore[attr-defined]
        return made

    monkeypatch.setattr(validation, "_hints", spy)
    whole_way(monkeypatch)
    for size in (1, 2, 3, 10_000):
        monkeypatch.setattr(validation, "_IDS_AT_ONCE", size)
        validate_all(root, jobs=1, use_cache=True)
    ids = seen[0][0]
    assert len(ids) > 3 and all(other == ids for other, _ in seen)
    whole = hashlib.blake2b("\n".join(ids).encode(), digest_size=16).hexdigest()
    assert [digest for _, digest in seen] == [whole] * 4


def test_a_report_keeps_the_hints_validate_made(tmp_path: Path) -> None:
    """The report does not settle which claim ids exist: it leaves the hints validate
    keeps (a file naming a missing claim: "did you mean") as they were."""
    from claims_ledger.checking import validation

    root = build_ledger(tmp_path / "ledger", PERF)
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    hints = OutcomeCache(root).hints
    assert hints
    validation.prepare(root, jobs=1, use_cache=True, rows=True)  # as the report reads it
    assert OutcomeCache(root).hints == hints


def test_an_unchanged_vocabulary_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its YAML is kept as JSON by its text's digest; an edited file is parsed again, its
    findings those of a run without the cache, and only the vocabulary in use is kept."""
    from claims_ledger.reading import parsedtexts

    root = build_ledger(tmp_path / "ledger")
    age(root)
    validate_all(root, jobs=1, use_cache=True)
    stored = OutcomeCache(root).parsed.known
    assert len(stored) == 3  # the manifest, entities.yaml and properties.yaml
    parsed: list[str] = []
    real = parsedtexts.parse
    monkeypatch.setattr(parsedtexts, "parse", lambda text: parsed.append(text) or real(text))
    validate_all(root, jobs=1, use_cache=True)
    assert parsed == []
    entities = root / "claims" / "entities.yaml"
    edited = entities.read_text().replace("saltvik-ferry-company", "saltvik-ferries")
    entities.write_text(edited, encoding="utf-8")
    _, findings = validate_all(root, jobs=1, use_cache=True)
    assert parsed == [edited]
    assert any(f.code == "unknown-entity" for f in findings)
    assert findings == validate(root)[1]
    now = OutcomeCache(root).parsed.known
    assert len(now) == 3 and len(set(now) - set(stored)) == 1


def test_damaged_parsed_yaml_in_the_cache_changes_no_finding(tmp_path: Path) -> None:
    root = build_ledger(tmp_path / "ledger", PERF)
    _, expected = validate_all(root, use_cache=True)
    (store,) = (root / DIRECTORY).glob("*.sqlite3")
    with sqlite3.connect(store) as db:
        db.execute("UPDATE parsed SET data = '{\"entities\": ['")
    db.close()
    assert validate_all(root, use_cache=True)[1] == expected
    assert all(json.loads(data) for data in OutcomeCache(root).parsed.known.values())


def test_the_schemas_are_stored_once_and_compiled_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generating a schema from its model took pydantic 10 to 35 ms a kind at every start:
    the cache keeps them as this build generates them, and a later run compiles those."""
    from claims_ledger.records import schemas

    root = build_ledger(tmp_path / "ledger", BROKEN / "schema")
    age(root)
    _, expected = validate_all(root, jobs=1, use_cache=True)
    stored = OutcomeCache(root).schemas
    assert sorted(stored) == ["claim", "documents", "entities", "properties"]
    assert all(stored[kind] == schemas.schema_text(kind) for kind in stored)
    generated: list[str] = []
    real = schemas.generate

    def spy(kind: str) -> dict[str, object]:
        generated.append(kind)
        return real(kind)

    monkeypatch.setattr(schemas, "generate", spy)
    schemas.fast_validator.cache_clear()
    schemas.validator.cache_clear()
    edit = root / FERRY / "several-mistakes.yaml"  # its schema errors worded again
    edit.write_text(edit.read_text(encoding="utf-8") + "# again\n", encoding="utf-8")
    assert validate_all(root, jobs=1, use_cache=True)[1] == expected
    assert generated == []  # python-jsonschema's words come from the stored schema too


def test_a_stored_schema_that_is_not_one_is_generated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims_ledger.records import schemas

    root = build_ledger(tmp_path / "ledger", BROKEN / "schema")
    age(root)
    _, expected = validate_all(root, jobs=1, use_cache=True)
    (path,) = (root / DIRECTORY).glob("outcomes-*.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schemas SET text = 'not JSON' WHERE kind = 'claim'")
        db.execute("UPDATE schemas SET text = '{\"type\": \"object\"}' WHERE kind = 'entities'")
    db.close()
    schemas.fast_validator.cache_clear()
    schemas.validator.cache_clear()
    OutcomeCache(root)  # gives what it holds
    assert schemas._schema("claim") == schemas.generate("claim")
    assert schemas._schema("entities") == schemas.generate("entities")
    assert validate_all(root, jobs=1, use_cache=True)[1] == expected


def test_schemas_given_for_one_build_are_forgotten_when_a_type_is_added() -> None:
    from claims_ledger.records import schemas
    from claims_ledger.records.valuetypes import registered
    from test_value_type_registry import Distance

    schemas.given({"claim": schemas.schema_text("claim")})
    assert "claim" in schemas._GIVEN
    with registered(Distance()):
        assert schemas._GIVEN == {}
        assert "distance" in json.dumps(schemas._schema("claim"))
