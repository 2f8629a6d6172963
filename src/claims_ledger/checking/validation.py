"""The validation engine: load, seeds, anchors, checks, then place each finding in its file.

`validate` loads every record into one process and runs each check over the whole ledger;
`validate_all` finds the same findings from per-file outcomes computed by worker processes
and kept in a cache (parallel.py, cache.py), which is what makes a large ledger fast.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..collector import collector, paused
from ..findings import Finding
from ..hints import claim_hint
from ..reading.locating import locate
from ..reading.textfile import read_text
from ..records.loading import (
    ENTITIES,
    MANIFEST,
    PROPERTIES,
    VOCABULARY,
    Ledger,
    claim_files,
    load_ledger,
    load_vocabulary,
)
from ..records.models import Claim
from ..records.seeds import anchor_claims, load_seeds
from .cache import DAMAGED, CacheDamaged, Listing, OutcomeCache, discard, extra_of, stored_bytes
from .checks import Scope, run_checks
from .checks.duplicates import duplicates
from .outcomes import FileOutcome, Kept, Stamps
from .parallel import ExamineContext, examine, examine_all, settle
from .scanning import SCAN_APART_FROM, Scan

Progress = Callable[[int, int], None]


def place(
    ledger: Ledger, findings: list[Finding], texts: Mapping[str, str] | None = None
) -> list[Finding]:
    """Fill in line and column from each finding's pointer, sorted. A file is found in the
    ledger's texts, then in `texts` (files the ledger does not hold), else read once here:
    only files with findings are read, and the ledger is left as it was."""
    read: dict[str, str | None] = {}

    def text_of(rel: str) -> str | None:
        if rel in ledger.texts:
            return ledger.texts[rel]
        if texts is not None and rel in texts:
            return texts[rel]
        if rel not in read:
            read[rel] = read_text(ledger.root / rel).text
        return read[rel]

    placed = []
    for finding in findings:
        if finding.line == 0:
            text = text_of(finding.file)
            line, column = (1, 1) if text is None else locate(text, finding.pointer)
            finding = replace(finding, line=line, column=column)
        placed.append(finding)
    return sorted(placed, key=Finding.sort_key)


def prepare(
    root: Path,
    only: list[str] | None = None,
    *,
    jobs: int | None = 1,
    use_cache: bool = False,
    progress: Progress | None = None,
) -> Ledger:
    """A loaded ledger with seeds read and quotes anchored; load problems in ledger.findings.

    With more than one job or the cache, claim files are loaded by worker processes (or
    taken from the cache) and their records rebuilt here; the ledger is the same.

    The ledger is left frozen for the cyclic collector (gc.freeze): it is long-lived and
    holds no cycles, so collections need not walk it again (with 100,000 claims loaded, one
    pass costs half a second, and building a report would start one after another). It is
    still freed, by reference counting, when the caller lets it go.
    """
    if only is not None or (jobs == 1 and not use_cache):
        ledger = load_ledger(root, only)
        ledger.findings.extend(load_seeds(ledger))
        anchor_claims(ledger)
    else:
        with paused():
            try:
                ledger = _prepare(root, jobs, use_cache, progress)
            except CacheDamaged:  # told once; this run reads every file, the next rebuilds
                discard(root)
                ledger = _prepare(root, jobs, False, progress)
                ledger.notes.append(DAMAGED)
            gc.freeze()
            return ledger
    gc.freeze()
    return ledger


def _prepare(root: Path, jobs: int | None, use_cache: bool, progress: Progress | None) -> Ledger:
    ledger, rels, stamps, cache, seed_findings = _begin_run(root, jobs, use_cache)
    run = _outcomes(ledger, rels, stamps, jobs, cache, progress, records=True, models=True)
    if cache is not None:
        cache.save(run.listings)
    records = run.records
    if cache is not None:
        wanted = [item.digest for item in run.kept.values() if item.claim_id is not None]
        wanted += [
            o.digest for o in run.found.values() if o.claim_id and o.digest and o.claim is None
        ]
        records.update(cache.records([d for d in wanted if d not in records]))
    for rel in rels:
        outcome = run.found.get(rel)
        if outcome is not None:
            digest, claim_id = outcome.digest, outcome.claim_id
        else:
            digest, claim_id = run.kept[rel].digest, run.kept[rel].claim_id
        if claim_id is None:
            assert outcome is not None
            ledger.findings.extend(outcome.findings)
            ledger.left_out.extend(outcome.findings)
            continue
        if claim_id in ledger.claims:
            first = ledger.claim_file[claim_id]
            ledger.duplicates.append((claim_id, first, rel, ("id",)))
            continue
        if outcome is not None and outcome.claim is not None:  # loaded by a worker
            ledger.claims[claim_id] = outcome.claim
            if outcome.anchor is not None:
                ledger.anchors[claim_id] = outcome.anchor
        else:  # taken from the cache
            assert digest is not None
            ledger.claims[claim_id] = _cached_claim(records.get(digest))
        ledger.claim_file[claim_id] = rel
    ledger.findings.extend(seed_findings)
    if cache is not None and cache.note is not None:
        ledger.notes.append(cache.note)
    anchor_claims(
        ledger, [claim_id for claim_id in ledger.claims if claim_id not in ledger.anchors]
    )
    return ledger


def _cached_claim(record: str | None) -> Claim:
    """A claim rebuilt from its stored record; CacheDamaged when that cannot be done."""
    if record is None:
        raise CacheDamaged("a stored record is missing")
    try:
        return Claim.model_validate(json.loads(record))
    except (ValueError, TypeError) as error:  # not JSON, or not a claim
        raise CacheDamaged(str(error)) from None


def validate_all(
    root: Path,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> tuple[Ledger, list[Finding]]:
    """Every problem in the whole ledger: the findings of validate(root), found faster.

    Each claim file is checked alone (in `jobs` worker processes, None: decide by size) or
    taken from the cache; duplicate ids and evidence naming other claims are settled here.
    The ledger returned has the vocabulary and claim_file, but no claim records.
    """
    with paused():
        return _validate_all(root, jobs, use_cache, progress)


def _validate_all(
    root: Path, jobs: int | None, use_cache: bool, progress: Progress | None
) -> tuple[Ledger, list[Finding]]:
    ledger, rels, stamps, cache, seed_findings = _begin_run(root, jobs, use_cache)
    run = _outcomes(ledger, rels, stamps, jobs, cache, progress, records=False)
    findings = list(ledger.findings)
    claim_file = ledger.claim_file
    found, kept = run.found, run.kept
    later: list[tuple[str, FileOutcome | None, list[str]]] = []  # what settles against every id
    read = found.get
    for rel in rels:  # (one pass over 100,000 files: kept lean)
        outcome = read(rel)
        if outcome is None:  # kept unread: a file with findings of its own was read
            claim_id, extra = kept[rel].claim_id, kept[rel].extra
            if claim_id in claim_file:
                ledger.duplicates.append((claim_id, claim_file[claim_id], rel, ("id",)))  # type: ignore[arg-type]
            else:
                claim_file[claim_id] = rel  # type: ignore[index]
                if extra is not None:
                    later.append((rel, None, extra.named))
            continue
        claim_id = outcome.claim_id
        if claim_id is None:
            findings.extend(outcome.findings)
        elif claim_id in claim_file:
            ledger.duplicates.append((claim_id, claim_file[claim_id], rel, ("id",)))
        else:
            claim_file[claim_id] = rel
            if outcome.findings or outcome.loose:
                later.append((rel, outcome, []))
    # a file whose outcome was not read names only claims that exist, or its outcome is read
    named = claim_file.__contains__
    later = [item for item in later if item[1] is not None or not all(map(named, item[2]))]
    unread = [(rel, kept[rel].digest) for rel, outcome, _ in later if outcome is None]
    loaded = cache.outcomes(unread, run.context) if cache is not None and unread else {}
    hint = _hints(ledger, cache) if cache is not None else None
    for rel, outcome, _ in later:
        if outcome is None:
            outcome = loaded.get(rel) or _examine_again(ledger, rel)
        findings.extend(outcome.findings)
        findings.extend(settle(outcome, claim_file, root, hint))
    if cache is not None:
        cache.save(run.listings)
        if cache.note is not None:
            ledger.notes.append(cache.note)
    findings.extend(seed_findings)
    findings.extend(run_checks(replace(ledger, claim_file={}), Scope.LEDGER))  # ids, vocabulary
    findings.extend(_duplicate_claims(ledger, found, kept))
    ledger.findings = findings
    return ledger, place(ledger, findings)


def _duplicate_claims(
    ledger: Ledger, found: dict[str, FileOutcome], kept: dict[str, Kept]
) -> list[Finding]:
    """duplicate-claim over the whole ledger, from each file's fingerprint: the records
    themselves are not loaded."""
    files = []
    for claim_id, rel in ledger.claim_file.items():
        outcome = found.get(rel)
        key = outcome.key if outcome is not None else None
        if key is None and rel in kept:
            key = kept[rel].key
        if key is not None:
            files.append((rel, claim_id, key))
    return list(duplicates(files, ledger.root))


def _examine_again(ledger: Ledger, rel: str) -> FileOutcome:
    """A file's outcome when the cache no longer holds it (another run pruned it)."""
    return examine(rel, ExamineContext(ledger, records=False))


def _hints(ledger: Ledger, cache: OutcomeCache) -> Callable[[str], str]:
    """Hints for claim ids no claim has, kept while the set of claim ids stays the same:
    each compares the id with every claim id, which takes seconds at 100,000 claims."""
    ids = hashlib.blake2b("\n".join(sorted(ledger.claim_file)).encode(), digest_size=16)
    cache.ids_in_use = ids.hexdigest()
    return lambda claim_id: cache.hint(
        cache.ids_in_use, claim_id, lambda: claim_hint(claim_id, ledger.claim_file)
    )


def _begin_run(
    root: Path, jobs: int | None, use_cache: bool
) -> tuple[Ledger, list[str], Stamps | None, OutcomeCache | None, list[Finding]]:
    """The ledger without claims, its claim files, their stamps and the cache (when the
    cache is used), and the seeds' findings.

    Listing and stat'ing 100,000 claim files takes as long as reading the vocabulary, and
    neither needs the other: on a large ledger, with a second core and more than one job
    allowed, a second process lists them meanwhile.
    """
    apart = (
        use_cache
        and jobs != 1
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and stored_bytes(root) >= SCAN_APART_FROM
    )
    scan = Scan(root) if apart else None
    try:
        ledger = load_vocabulary(root)
        cache = OutcomeCache(root) if use_cache else None
        seed_findings = list(load_seeds(ledger))
        if cache is not None:
            cache.expect(context_digest(ledger))  # while the claim files are being listed
        found = scan.result() if scan is not None else None
    finally:
        if scan is not None:
            scan.close()
    if found is not None:
        stray, stamps = found
        rels = sorted(f"{top}/{name}" for top, (names, _) in stamps.items() for name in names)
    else:
        stamps = {} if use_cache else None
        rels, stray = claim_files(root, stamps)
    ledger.findings.extend(stray)
    ledger.left_out.extend(f for f in stray if f.code == "unsafe-path")
    ledger.claim_files = len(rels)
    return ledger, rels, stamps, cache, seed_findings


def context_digest(ledger: Ledger) -> str:
    """What a claim's checks are judged against: vocabulary, manifest, seeds and spans."""
    digest = hashlib.blake2b(digest_size=16)
    for rel in (MANIFEST, ENTITIES, PROPERTIES):
        digest.update(f"{rel}\0{ledger.texts.get(rel)}\0".encode())
    for name in sorted(ledger.seeds):
        digest.update(f"{name}\0{ledger.seeds[name].text}\0".encode())
    digest.update(repr((sorted(ledger.spans.items()), sorted(ledger.unloaded))).encode())
    return digest.hexdigest()


@dataclass
class _Run:
    """What `_outcomes` found of each claim file: its outcome when it was read in this run
    or has findings of its own (found), else what the cache recorded of it (kept)."""

    found: dict[str, FileOutcome]
    kept: dict[str, Kept]
    records: dict[str, str]  # digest -> the loaded YAML as JSON, of files read in this run
    listings: dict[str, Listing]
    context: str


def _outcomes(
    ledger: Ledger,
    rels: list[str],
    stamps: Stamps | None,
    jobs: int | None,
    cache: OutcomeCache | None,
    progress: Progress | None,
    records: bool,
    models: bool = False,
) -> _Run:
    """Every claim file's outcome or record: from the cache when its stamp is unchanged,
    else from workers. New outcomes go into the cache as they come; the caller saves it.

    With `models`, a file read in this run comes with its claim model and anchor instead of
    its record; without a cache to fill, the workers then only load (no checks)."""
    context = cache.context if cache is not None else ""
    kept = cache.kept(stamps) if cache is not None and stamps is not None else {}
    todo = [rel for rel in rels if rel not in kept] if kept else list(rels)
    known: frozenset[str] = frozenset()
    found: dict[str, FileOutcome] = {}
    if cache is not None:
        known = frozenset(filter(None, (cache.recorded_digest(r, context) for r in todo)))
        own = [(rel, item.digest) for rel, item in kept.items() if item.extra and item.extra.own]
        found = cache.outcomes(own, context)
        todo.extend(rel for rel, _ in own if rel not in found)  # no longer stored: read again
    work = ExamineContext(
        ledger,
        records=(records and not models) or cache is not None,
        known=known,
        models=models,
        checks=not models or cache is not None,
    )
    fresh: dict[str, str] = {}
    again: list[tuple[str, str]] = []
    with collector(len(todo) > 100):  # checking claims makes garbage; workers inherit this
        for outcome in examine_all(todo, work, jobs, progress):
            if outcome.cached and outcome.digest is not None:
                again.append((outcome.rel, outcome.digest))
                continue
            if cache is not None:
                cache.put(outcome, context)
            if outcome.record is not None:
                if records and outcome.claim is None and outcome.digest is not None:
                    fresh[outcome.digest] = outcome.record
                outcome = replace(outcome, record=None)  # stored: the parent need not hold it
            found[outcome.rel] = outcome
    if again:  # touched but unchanged: the stored outcome, or the file checked once more
        assert cache is not None
        stored = cache.outcomes(again, context)
        for rel, _ in again:
            outcome = stored.get(rel) or examine(rel, replace(work, known=frozenset()))
            if rel not in stored:
                cache.put(outcome, context)
            if records and outcome.record is not None and outcome.digest is not None:
                fresh[outcome.digest] = outcome.record
            found[rel] = replace(outcome, record=None)
    listings = {}
    if cache is not None and stamps is not None:
        listings = _listings(cache, stamps, context, kept, found)
    return _Run(found, kept, fresh, listings, context)


def _listings(
    cache: OutcomeCache,
    stamps: Stamps,
    context: str,
    kept: dict[str, Kept],
    found: dict[str, FileOutcome],
) -> dict[str, Listing]:
    """Each directory's listing after this run: the old one where nothing in it changed."""
    listings: dict[str, Listing] = {}
    untrusted = [0, 0, 0, 0]
    for directory, (names, figures) in stamps.items():
        old = cache.listings.get(directory)
        if (
            old is not None
            and old.context == context
            and names == old.names
            and figures == old.stamps
        ):
            listings[directory] = old
            continue
        new_stamps: list[int] = []
        digests: list[str | None] = []
        ids: list[str | None] = []
        keys: list[str | None] = []
        extra: dict[str, list[Any]] = {}
        for index, name in enumerate(names):
            rel = f"{directory}/{name}"
            stamp = figures[index * 4 : index * 4 + 4]
            outcome = found.get(rel)
            if outcome is not None:
                digest, claim_id, more = outcome.digest, outcome.claim_id, extra_of(outcome)
                key = outcome.key
                if digest is None or not cache.trusted(stamp):
                    stamp = untrusted
            elif rel in kept:
                item = kept[rel]
                digest, claim_id, more, key = item.digest, item.claim_id, item.extra, item.key
            else:
                digest, claim_id, more, key, stamp = None, None, None, None, untrusted
            new_stamps.extend(stamp)
            digests.append(digest)
            ids.append(claim_id)
            keys.append(key)
            if more is not None:
                extra[str(index)] = [more.own, list(more.named)]
        listings[directory] = Listing(context, names, new_stamps, digests, ids, extra, keys)
    return listings


def validate(root: Path, only: list[str] | None = None) -> tuple[Ledger, list[Finding]]:
    """Every problem in the ledger (or in the claim files `only`), placed and sorted."""
    ledger = prepare(root, only)
    findings = ledger.findings + run_checks(ledger)
    if only is not None:
        wanted = set(only)
        findings = [
            f
            for f in findings
            if f.file in wanted or f.file in VOCABULARY or not f.file.startswith("claims/")
        ]
    return ledger, place(ledger, findings)
