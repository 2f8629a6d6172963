"""The validation engine: load, seeds, anchors, checks, then place each finding in its file.

`validate` loads every record into one process and runs each check over the whole ledger;
`validate_all` finds the same findings from per-file outcomes computed by worker processes
and kept in a cache (parallel.py, cache.py), which is what makes a large ledger fast.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .anchoring import anchor
from .checks import run_checks
from .findings import Finding
from .loading import (
    ENTITIES,
    MANIFEST,
    PROPERTIES,
    VOCABULARY,
    Ledger,
    claim_files,
    load_ledger,
    load_vocabulary,
)
from .models import Claim
from .seeds import load_seeds
from .yamlfile import locate, read_text

if TYPE_CHECKING:
    from .cache import OutcomeCache
    from .parallel import Outcome

Progress = Callable[[int, int], None]


def anchor_claims(ledger: Ledger) -> None:
    """Compute each claim's TextPositionSelector from its quote (or why it has none)."""
    for claim_id, claim in ledger.claims.items():
        document = ledger.documents.get(claim.source.document)
        span = ledger.spans.get(claim.source.document)
        if document is None or span is None:
            continue
        seed = ledger.seeds[document.file]
        ledger.anchors[claim_id] = anchor(
            seed, span, claim.source.quote, claim.source.prefix, claim.source.suffix
        )


def place(ledger: Ledger, findings: list[Finding]) -> list[Finding]:
    """Fill in line and column from each finding's pointer; only files with findings are read."""
    placed = []
    for finding in findings:
        if finding.line == 0 and finding.file not in ledger.texts:
            _remember_text(ledger, finding.file)
        if finding.line == 0 and finding.file in ledger.texts:
            line, column = locate(ledger.texts[finding.file], finding.pointer)
            finding = replace(finding, line=line, column=column)
        elif finding.line == 0:
            finding = replace(finding, line=1, column=1)
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
    """
    if only is not None or (jobs == 1 and not use_cache):
        ledger = load_ledger(root, only)
        ledger.findings.extend(load_seeds(ledger))
        anchor_claims(ledger)
        return ledger
    from .cache import OutcomeCache

    ledger, rels, seed_findings = _vocabulary(root)
    cache = OutcomeCache(root) if use_cache else None
    outcomes, records = _outcomes(ledger, rels, jobs, cache, progress, records=True)
    if cache is not None:
        cache.save(prune=True)
    for outcome in outcomes:
        if outcome.claim_id is None:
            ledger.findings.extend(outcome.findings)
            continue
        if outcome.claim_id in ledger.claims:
            first = ledger.claim_file[outcome.claim_id]
            ledger.duplicates.append((outcome.claim_id, first, outcome.rel, ("id",)))
            _remember_text(ledger, outcome.rel)
            continue
        assert outcome.digest is not None
        data = json.loads(records[outcome.digest])
        ledger.claims[outcome.claim_id] = Claim.model_validate(data)
        ledger.claim_file[outcome.claim_id] = outcome.rel
    ledger.findings.extend(seed_findings)
    anchor_claims(ledger)
    return ledger


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
    from .cache import OutcomeCache
    from .parallel import settle

    ledger, rels, seed_findings = _vocabulary(root)
    cache = OutcomeCache(root) if use_cache else None
    outcomes, _ = _outcomes(ledger, rels, jobs, cache, progress, records=False)
    findings = list(ledger.findings)
    kept: list[Outcome] = []
    for outcome in outcomes:
        if outcome.claim_id is None:
            findings.extend(outcome.findings)
        elif outcome.claim_id in ledger.claim_file:
            first = ledger.claim_file[outcome.claim_id]
            ledger.duplicates.append((outcome.claim_id, first, outcome.rel, ("id",)))
            _remember_text(ledger, outcome.rel)
        else:
            ledger.claim_file[outcome.claim_id] = outcome.rel
            kept.append(outcome)
    hint = _hints(ledger, cache) if cache is not None else None
    for outcome in kept:
        findings.extend(outcome.findings)
        findings.extend(settle(outcome, ledger.claim_file, root, hint))
    if cache is not None:
        cache.save(prune=True)
    findings.extend(seed_findings)
    findings.extend(run_checks(replace(ledger, claim_file={})))  # duplicate ids, vocabulary
    ledger.findings = findings
    return ledger, place(ledger, findings)


def _hints(ledger: Ledger, cache: OutcomeCache) -> Callable[[str], str]:
    """Hints for claim ids no claim has, kept while the set of claim ids stays the same:
    each compares the id with every claim id, which takes seconds at 100,000 claims."""
    from .checks.references import _hint

    ids = hashlib.blake2b("\n".join(sorted(ledger.claim_file)).encode(), digest_size=16)
    cache.ids_in_use = ids.hexdigest()
    return lambda claim_id: cache.hint(
        cache.ids_in_use, claim_id, lambda: _hint(claim_id, ledger.claim_file)
    )


def _vocabulary(root: Path) -> tuple[Ledger, list[str], list[Finding]]:
    """The ledger without claims, its claim files, and the seeds' findings."""
    ledger = load_vocabulary(root)
    rels, stray = claim_files(root)
    ledger.findings.extend(stray)
    ledger.claim_files = len(rels)
    return ledger, rels, list(load_seeds(ledger))


def _remember_text(ledger: Ledger, rel: str) -> None:
    """Keep a claim file's text so that a finding in it can be placed (a rare case)."""
    read = read_text(ledger.root / rel)
    if read.text is not None:
        ledger.texts[rel] = read.text


def context_digest(ledger: Ledger) -> str:
    """What a claim's checks are judged against: vocabulary, manifest, seeds and spans."""
    digest = hashlib.blake2b(digest_size=16)
    for rel in (MANIFEST, ENTITIES, PROPERTIES):
        digest.update(f"{rel}\0{ledger.texts.get(rel)}\0".encode())
    for name in sorted(ledger.seeds):
        digest.update(f"{name}\0{ledger.seeds[name].text}\0".encode())
    digest.update(repr((sorted(ledger.spans.items()), sorted(ledger.unloaded))).encode())
    return digest.hexdigest()


def _outcomes(
    ledger: Ledger,
    rels: list[str],
    jobs: int | None,
    cache: OutcomeCache | None,
    progress: Progress | None,
    records: bool,
) -> tuple[list[Outcome], dict[str, str]]:
    """Every claim file's outcome, in order, from the cache or from workers; and records.

    What was learnt goes into the cache; the caller saves it.
    """
    from .cache import stamp_of
    from .parallel import Context, examine, examine_all

    context = context_digest(ledger) if cache is not None else ""
    found: dict[str, Outcome] = {}
    stamps: dict[str, tuple[int, int, int, int] | None] = {}
    todo: list[str] = []
    known: frozenset[str] = frozenset()
    if cache is not None:
        top = f"{ledger.root}{os.sep}"  # a string join: a Path a file costs more than the lstat
        for rel in rels:
            try:
                stamp = stamp_of(os.lstat(top + rel))
            except OSError:
                stamp = None
            stamps[rel] = stamp
            digest = cache.known_digest(rel, stamp) if stamp is not None else None
            outcome = cache.get(rel, digest, context) if digest is not None else None
            if outcome is None:
                todo.append(rel)
            else:
                found[rel] = outcome
                cache.note(rel, stamp, digest)  # type: ignore[arg-type]
        known = frozenset(d for d, row in cache.rows.items() if row.context in ("", context))
    else:
        todo = rels
    work = Context(ledger, records=records or cache is not None, known=known)
    fresh: dict[str, str] = {}
    for outcome in examine_all(todo, work, jobs, progress):
        if outcome.cached:
            hit = (
                cache.get(outcome.rel, outcome.digest, context)
                if cache and outcome.digest
                else None
            )
            outcome = hit or examine(outcome.rel, replace(work, known=frozenset()))
        elif cache is not None:
            cache.put(outcome, context)
        if outcome.record is not None and outcome.digest is not None:
            fresh[outcome.digest] = outcome.record
        if cache is not None and outcome.digest is not None:
            cache.note(outcome.rel, stamps.get(outcome.rel), outcome.digest)
        found[outcome.rel] = outcome
    ordered = [found[rel] for rel in rels]
    if records and cache is not None:
        wanted = [o.digest for o in ordered if o.claim_id and o.digest and o.digest not in fresh]
        fresh.update(cache.records(wanted))  # type: ignore[arg-type]
    return ordered, fresh


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
