"""The validation engine: load, seeds, anchors, checks, then place each finding in its file.

`validate` loads every record into one process and runs each check over the whole ledger;
`validate_all` finds the same findings from per-file outcomes computed by worker processes
and kept in a cache (gathering.py, parallel.py, cache.py), which is what makes a large
ledger fast. Findings are placed in their files by placing.py.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import replace
from itertools import chain
from pathlib import Path

from ..collector import paused
from ..findings import Finding
from ..hints import claim_hinter
from ..reading.anchoring import Anchor
from ..reading.parsedtexts import ParsedTexts
from ..records.apart import in_child
from ..records.compact import ClaimRow
from ..records.layout import MANIFEST, VOCABULARY, claim_files
from ..records.loading import Ledger, load_ledger, load_vocabulary
from ..records.models import Claim
from ..records.seeds import anchor_claims, load_seeds
from .cache import OutcomeCache
from .cachefile import DAMAGED, CacheDamaged, discard, stored_bytes
from .checks import Scope, run_checks
from .filepass import FilePass, duplicate_claims
from .gathering import Gathered, Progress, context_digest, gather, streams
from .outcomes import FileOutcome
from .parallel import ExamineContext, Workers, examine, settle
from .placing import place
from .rerun import rerun
from .scanning import (
    SCAN_APART_FROM,
    SCAN_DIRECTORIES_FROM,
    Scan,
    directories,
    drop_early,
    take_early,
)
from .stamps import Stamps, pack_all
from .storedreport import StoredReport
from .summary import RunSummary


def prepare(
    root: Path,
    only: list[str] | None = None,
    *,
    jobs: int | None = 1,
    use_cache: bool = False,
    progress: Progress | None = None,
    rows: bool = False,
    stored: StoredReport | None = None,
) -> Ledger:
    """A loaded ledger with seeds read and quotes anchored; load problems in ledger.findings.

    With `rows`, claims that worker processes load are each a compact row (all that comparing
    claims reads: records/compact.py), not a model.

    With `stored`, a report the cache keeps for exactly these claim files is looked for once
    they are listed; when it is found (stored.printed), the ledger has no claims (only what
    the files that did not load found), since the report needs none.

    With more than one job or the cache, claim files are loaded by worker processes (or
    taken from the cache) and their records rebuilt here, each taken into the ledger as a
    worker sends it when there is no cache; the ledger is the same.

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
                ledger = _prepare(root, jobs, use_cache, progress, rows, stored)
            except CacheDamaged:  # told once; this run reads every file, the next rebuilds
                discard(root)
                if stored is not None:
                    stored.forget()
                ledger = _prepare(root, jobs, False, progress, rows)
                ledger.notes.append(DAMAGED)
            gc.freeze()
            return ledger
    gc.freeze()
    return ledger


def _prepare(
    root: Path,
    jobs: int | None,
    use_cache: bool,
    progress: Progress | None,
    rows: bool = False,
    stored: StoredReport | None = None,
) -> Ledger:
    look = stored.look if stored is not None else None
    ledger, rels, stamps, cache, seed_findings, workers = _begin_run(root, jobs, use_cache, look)
    if rels is None:  # the report kept under the listings' count may answer: none was read
        assert cache is not None and stamps is not None and stored is not None
        if cache.changed(stamps) == []:  # every file as listed: the report holds
            if workers is not None:
                workers.close()
            ledger.findings.extend(stored.left)
            ledger.left_out.extend(stored.left)
            ledger.findings.extend(seed_findings)
            ledger.claim_files = sum(len(figures) // 4 for _, figures in stamps.values())
            cache.narrow({})  # (nothing to write: other builds' cache files are pruned)
            cache.save({})
            return ledger
        stored.printed = None
        cache.widen()
        cache.expect(cache.context)
        rels = _paths(cache, stamps)
        ledger.claim_files = len(rels)
    records: dict[str, str] = {}
    made: dict[str, tuple[ClaimRow, Anchor | None]] = {}
    # without the cache, each claim taken in as it comes, while the workers go on
    take = _taker(ledger, made, records) if cache is None else None
    run = gather(
        ledger,
        rels,
        stamps,
        jobs,
        cache,
        progress,
        True,
        models=True,
        rows=rows,
        workers=workers,
        take=take,
    )
    if cache is not None:
        cache.save(run.listings)
        found = run.found
        # each file's digest and claim id, as read in this run or as the cache keeps them
        files = list(zip(rels, run.kept.each(rels, found.keys()), strict=True))
        if stored is not None:
            unloaded = (found[rel] for rel in rels if rel in found)  # (in listing order)
            left = [f for o in unloaded if o.claim_id is None for f in o.findings]
            stored.settle(cache, left)
        if stored is not None and cache.note is None and _found(stored, cache, run, files):
            # the claims are not needed: only what did not load
            ledger.findings.extend(stored.left)
            ledger.left_out.extend(stored.left)
            ledger.findings.extend(seed_findings)
            return ledger
        records = run.records
        ids: dict[str, str] = {}  # the digest of each claim the cache gives, and its id
        for rel, (digest, claim_id) in files:
            outcome = found.get(rel)
            if outcome is not None:  # (its claim loaded here, unless only touched)
                if outcome.claim is not None:
                    continue
                digest, claim_id = outcome.digest, outcome.claim_id
            if claim_id is not None and digest is not None and digest not in records:
                ids[digest] = claim_id
        if rows:
            made = cache.rows(ids)  # (each checked to be of the claim the run expects)
        else:
            records.update(cache.records(list(ids)))
        for rel, (digest, claim_id) in files:
            outcome = found.get(rel)
            if outcome is not None:
                _take(ledger, rel, outcome.digest, outcome.claim_id, outcome, made, records)
            else:
                _take(ledger, rel, digest, claim_id, None, made, records)
    ledger.findings.extend(seed_findings)
    if cache is not None and cache.note is not None:
        ledger.notes.append(cache.note)
    anchor_claims(
        ledger, [claim_id for claim_id in ledger.claims if claim_id not in ledger.anchors]
    )
    return ledger


def _taker(
    ledger: Ledger,
    made: dict[str, tuple[ClaimRow, Anchor | None]],
    records: dict[str, str],
) -> Callable[[FileOutcome], None]:
    """Each outcome into the ledger as it comes (see _take)."""
    return lambda o: _take(ledger, o.rel, o.digest, o.claim_id, o, made, records)


def _take(
    ledger: Ledger,
    rel: str,
    digest: str | None,
    claim_id: str | None,
    outcome: FileOutcome | None,
    made: dict[str, tuple[ClaimRow, Anchor | None]],
    records: dict[str, str],
) -> None:
    """A claim file into the ledger, from its outcome or (None) from what the cache keeps
    of it, its digest and claim id: its claim, its anchor, or its findings when it did
    not load."""
    if claim_id is None:
        assert outcome is not None
        ledger.findings.extend(outcome.findings)
        ledger.left_out.extend(outcome.findings)
        return
    if claim_id in ledger.claims:
        first = ledger.claim_file[claim_id]
        ledger.duplicates.append((claim_id, first, rel, ("id",)))
        return
    if outcome is not None and outcome.claim is not None:  # loaded by a worker
        ledger.claims[claim_id] = outcome.claim
        if outcome.anchor is not None:
            ledger.anchors[claim_id] = outcome.anchor
    elif digest in made:  # its row taken from the cache: no model is built
        ledger.claims[claim_id], found = made[digest]
        if found is not None:
            ledger.anchors[claim_id] = found
    else:  # taken from the cache
        assert digest is not None
        ledger.claims[claim_id] = _cached_claim(records.get(digest))
    ledger.claim_file[claim_id] = rel


def _found(
    stored: StoredReport,
    cache: OutcomeCache,
    run: Gathered,
    files: list[tuple[str, tuple[str | None, str | None]]],
) -> bool:
    """Whether the cache keeps the report for these claim files, each with its digest."""
    found = run.found
    digests = ((rel, found[rel].digest if rel in found else kept[0]) for rel, kept in files)
    return stored.find(cache.root, cache.path, run.context, digests)


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
    begun = _begin_run(root, jobs, use_cache, lambda cache: cache.summary is not None)
    ledger, listed, stamps, cache, seed_findings, workers = begun
    if listed is None:  # the summary may answer: the listings were not read
        assert cache is not None and stamps is not None
        quick = rerun(ledger, stamps, cache, seed_findings)
        if quick is not None:
            if workers is not None:
                workers.close()
            return ledger, quick
        cache.expect(cache.context)
        listed = _paths(cache, stamps)
        ledger.claim_files = len(listed)
    rels = listed
    findings = list(ledger.findings)
    streamed = streams(cache)  # each outcome as it comes, none kept
    files = FilePass(ledger, findings, lean=streamed)
    take = files.found if streamed else None
    run = gather(ledger, rels, stamps, jobs, cache, progress, False, workers=workers, take=take)
    if take is None:
        files.every(rels, run.found, run.known)
    claim_file, later = ledger.claim_file, files.later
    # a file whose outcome was not read names only claims that exist, or its outcome is read
    named = claim_file.__contains__
    later = [item for item in later if item[1] is not None or not all(map(named, item[2]))]
    loaded: dict[str, FileOutcome] = {}
    if cache is not None:  # (without the cache, each file unread is examined again below)
        # (a file read in this run is examined again: its outcome is not committed yet)
        kept = run.kept
        unread = [(rel, kept[rel].digest) for rel, o, _ in later if o is None and rel in kept]
        loaded = cache.outcomes(unread, run.context) if unread else {}
    among = claim_hinter(claim_file)
    hint = _hints(ledger, cache, among) if cache is not None else among
    given: dict[str, list[Finding]] = {rel: list(found) for rel, found in files.unloaded}
    for rel, outcome, _ in later:
        if outcome is None:
            outcome = loaded.get(rel) or _examine_again(ledger, rel)
        own = [*outcome.findings, *settle(outcome, claim_file, root, hint)]
        findings.extend(own)
        if own:
            given.setdefault(rel, []).extend(own)
    files.settle()
    copies = duplicate_claims(ledger, files.first, files.again)
    if cache is not None:
        summary = None
        if cache.note is None:
            summary = _summary(ledger, cache, files, given, copies)
        cache.save(run.listings, summary)
        if cache.note is not None:
            ledger.notes.append(cache.note)
    findings.extend(seed_findings)
    findings.extend(run_checks(replace(ledger, claim_file={}), Scope.LEDGER))  # ids, vocabulary
    findings.extend(copies)
    ledger.findings = findings
    return ledger, place(ledger, findings)


def _summary(
    ledger: Ledger,
    cache: OutcomeCache,
    files: FilePass,
    given: dict[str, list[Finding]],
    copies: list[Finding],
) -> RunSummary:
    """What this run settled across files, for a later run after an edit (see rerun.py)."""
    claim_file = ledger.claim_file
    involved = {rel for _, first, again, _ in ledger.duplicates for rel in (first, again)}
    for rel, _, key in files.again:
        involved.update((rel, claim_file[files.first[key]]))
    named: dict[str, str] = {}
    needed: set[str] = set()
    for _, outcome, targets in files.later:
        for target in targets if outcome is None else [item.target for item in outcome.loose]:
            if target in claim_file:
                named[target] = claim_file[target]
        for item in outcome.loose if outcome is not None else ():
            if item.needs is not None and item.target in claim_file:
                needed.add(claim_file[item.target])
    return RunSummary(
        cache.generation,  # (the count the listings reach as they are saved: see cache.save)
        cache.context,
        given,
        list(ledger.duplicates),
        copies,
        frozenset(involved),
        frozenset(needed),
        cache.ids_in_use,
        json.dumps(named, ensure_ascii=False, separators=(",", ":")),
    )


def _examine_again(ledger: Ledger, rel: str) -> FileOutcome:
    """A file's outcome when the cache no longer holds it (another run pruned it)."""
    return examine(rel, ExamineContext(ledger, records=False))


_IDS_AT_ONCE = 10_000


def _hints(
    ledger: Ledger, cache: OutcomeCache, among: Callable[[str], str]
) -> Callable[[str], str]:
    """Hints for claim ids no claim has, kept while the set of claim ids stays the same:
    each compares the id with the ids of its document (`among`), found among them all."""
    ids = hashlib.blake2b(digest_size=16)  # of every claim id, "\n" between them
    every = sorted(ledger.claim_file)
    for at in range(0, len(every), _IDS_AT_ONCE):  # not joined whole: 140 MB at a million
        ids.update((("\n" if at else "") + "\n".join(every[at : at + _IDS_AT_ONCE])).encode())
    cache.ids_in_use = ids.hexdigest()
    return lambda claim_id: cache.hint(cache.ids_in_use, claim_id, lambda: among(claim_id))


def _begin_run(
    root: Path,
    jobs: int | None,
    use_cache: bool,
    quick: Callable[[OutcomeCache], bool] | None = None,
) -> tuple[
    Ledger, list[str] | None, Stamps | None, OutcomeCache | None, list[Finding], Workers | None
]:
    """The ledger without claims, its claim files, their stamps and the cache (when the
    cache is used), the seeds' findings, and the workers, when a run that will read most
    files forked them before the files were listed (see parallel.Workers); the caller
    closes them.

    With `quick`, when it says the cache may answer without them (a summary of the last
    validate: rerun.py; a report kept under the listings' count: storedreport.py), the
    cache's listings are not read and the claim files are not made into paths (None): the
    caller sees first whether the cache answers for this run.

    Listing and stat'ing 100,000 claim files takes as long as reading the vocabulary, and
    neither needs the other: on a large ledger, with a second core and more than one job
    allowed, other processes list them meanwhile.
    """
    cores = os.cpu_count() or 1
    count = min(2, cores) if jobs is None else jobs  # the workers, if most files are read
    forks = jobs != 1 and cores > 1 and "fork" in multiprocessing.get_all_start_methods()
    stored = stored_bytes(root) if forks and use_cache else 0
    many = forks and directories(root) >= SCAN_DIRECTORIES_FROM
    # (stamping, two processes share the listing; unstamped, it is mostly reading the
    # directories, quicker than the vocabulary; filling the cache, the stamps come packed,
    # where stat'ing here left this process a hole in its heap of 200 bytes a file)
    apart = many or (use_cache and stored >= SCAN_APART_FROM)
    scan = None
    if apart:  # (the command may have started it already, before its imports)
        shape = (root, use_cache, min(2, cores) if use_cache else 1)
        scan = take_early(*shape) or Scan(*shape)
    else:
        drop_early()
    workers = None
    try:
        cache = OutcomeCache(root) if use_cache else None
        if cache is not None and scan is not None:  # no stamp trusted that is newer than
            cache.started = min(cache.started, scan.started)  # two seconds before the scan
        parsed = cache.parsed if cache is not None else None
        early = many and count > 1 and stored < SCAN_APART_FROM  # workers forked early
        if early and _vocabulary_bytes(root) >= LOAD_APART_FROM:
            ledger, used = in_child(_vocabulary, root, parsed)
            if parsed is not None:  # (as the loading left it there)
                parsed.used = parsed.known if used is None else used
        else:
            ledger = load_vocabulary(root, parsed)
        if cache is not None:
            cache.put_parsed()
        seed_findings = list(load_seeds(ledger, cache.seeds if cache is not None else None))
        if cache is not None:
            cache.put_seeds()
            cache.put_schemas()
        if early:  # no cache (yet): most are read
            workers = Workers(ledger, count)
        answers = False
        if cache is not None:
            cache.context = context_digest(ledger)
            # (its listings read only if the cache cannot answer without them)
            answers = quick is not None and quick(cache)
            if not answers:
                cache.expect(cache.context)  # while the claim files are being listed
        found = scan.result() if scan is not None else None
        rels: list[str] | None
        if found is not None:
            stray, listed = found
            stamps = listed if use_cache else None
            if answers:
                rels = None
            elif cache is not None:
                rels = _paths(cache, listed)
            else:
                rels = sorted(f"{top}/{n}" for top, (names, _) in listed.items() for n in names)
        else:
            stamps = {} if use_cache else None
            rels, stray = claim_files(root, stamps)
            if answers and stamps is not None:
                pack_all(stamps)
                rels = None
    except BaseException:
        if workers is not None:
            workers.close()
        raise
    finally:
        if scan is not None:
            scan.close()
    ledger.findings.extend(stray)
    ledger.left_out.extend(f for f in stray if f.code == "unsafe-path")
    ledger.claim_files = len(rels) if rels is not None else 0
    return ledger, rels, stamps, cache, seed_findings, workers


# The manifest and vocabulary files at least this large (those of the benchmark's generated
# ledgers at some 300,000 claims) are loaded in a process of their own when the workers are
# forked from them (see _vocabulary); smaller, the memory saved is not worth the time.
LOAD_APART_FROM = 4 << 20


def _vocabulary_bytes(root: Path) -> int:
    """Their size on disk, judged without following a link (the loading refuses one that
    leaves the ledger)."""
    total = 0
    for rel in (MANIFEST, *VOCABULARY):
        with contextlib.suppress(OSError):  # (missing: its finding comes from the loading)
            total += os.lstat(root / rel).st_size
    return total


def _vocabulary(root: Path, parsed: ParsedTexts | None) -> tuple[Ledger, dict[str, str] | None]:
    """The vocabulary, loaded in a process of its own (records/apart.py) for the workers
    forked from it. Loaded here, its objects lie among the holes that parsing and
    validating left, and each worker, filling those holes with its own objects, copies the
    pages around them; sent back, they are laid out afresh, and compact (records/compact.py).
    At a million claims the vocabulary took 159 MiB instead of 251, and filling the cache
    peaked at 895 MiB instead of 1,041, for one to three seconds more of loading. The
    parsed YAML the cache should keep comes back only when it changed (None: as the cache
    gave it)."""
    ledger = load_vocabulary(root, parsed)
    return ledger, parsed.used if parsed is not None and parsed.changed else None


def _paths(cache: OutcomeCache, listed: Stamps) -> list[str]:
    """Every claim file listed, sorted: the paths the cache made already, where it made them."""
    made = (cache.paths(d, n) for d, (n, _) in listed.items())
    return sorted(chain.from_iterable(made))


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
