"""Gathering one run's outcome of every claim file: from the cache where a file's stamp is
unchanged, else from worker processes; and each directory's listing after the run."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..collector import collector
from ..records.compact import compact
from ..records.loading import ENTITIES, MANIFEST, PROPERTIES, Ledger
from .cache import OutcomeCache
from .listings import KeptFiles, Listing, extra_of, names_of
from .outcomes import FileOutcome, Stamps
from .parallel import ExamineContext, Workers, examine, examine_all

Progress = Callable[[int, int], None]


def context_digest(ledger: Ledger) -> str:
    """What a claim's checks are judged against: vocabulary, manifest, seeds and spans."""
    digest = hashlib.blake2b(digest_size=16)
    for rel in (MANIFEST, ENTITIES, PROPERTIES):
        digest.update(f"{rel}\0{ledger.texts.get(rel)}\0".encode())
    for name, sha256 in sorted(ledger.seed_sha256.items()):  # every seed read, hashed as read
        digest.update(f"{name}\0{sha256}\0".encode())
    digest.update(repr((sorted(ledger.spans.items()), sorted(ledger.unloaded))).encode())
    return digest.hexdigest()


@dataclass
class Gathered:
    """What `gather` found of each claim file: its outcome when it was read in this run
    or has findings of its own (found), else what the cache recorded of it (kept)."""

    found: dict[str, FileOutcome]
    kept: KeptFiles
    records: dict[str, str]  # digest -> the loaded YAML as JSON, of files read in this run
    listings: dict[str, Listing]
    context: str


def gather(
    ledger: Ledger,
    rels: list[str],
    stamps: Stamps | None,
    jobs: int | None,
    cache: OutcomeCache | None,
    progress: Progress | None,
    records: bool,
    models: bool = False,
    rows: bool = False,
    workers: Workers | None = None,
    take: Callable[[FileOutcome], object] | None = None,
) -> Gathered:
    """Every claim file's outcome or record: from the cache when its stamp is unchanged,
    else from workers. New outcomes go into the cache as they come; the caller saves it.

    With `models`, a file read in this run comes with its claim model and anchor instead of
    its record (with `rows`, its compact row: see records/compact.py); without a cache to
    fill, the workers then only load (no checks). `workers`, forked early (see
    parallel.Workers), are used when they fit the work, and closed in any case. Without a
    cache, `take` is given each outcome as it comes, in the order of `rels`, and none is
    kept in `found` (a million of them were a tenth of a large run's memory)."""
    context = cache.context if cache is not None else ""
    found: dict[str, FileOutcome] = {}
    fresh: dict[str, str] = {}
    again: list[tuple[str, str]] = []
    with contextlib.closing(workers) if workers is not None else contextlib.nullcontext():
        kept = (
            cache.kept(stamps)
            if cache is not None and stamps is not None
            else KeptFiles({}, {}, {})
        )
        todo = list(rels)
        if kept:  # (a directory kept whole is passed over at once)
            runs = kept.runs(rels)
            todo = [rels[at] for at, _, whole in runs if not whole and rels[at] not in kept]
        known: frozenset[str] = frozenset()
        if cache is not None:
            take = None
            known = frozenset(filter(None, (cache.recorded_digest(r, context) for r in todo)))
            own = kept.own()
            found = cache.outcomes(own, context)
            todo.extend(rel for rel, _ in own if rel not in found)  # no longer stored: read again
        work = ExamineContext(
            ledger,
            records=(records and not models) or cache is not None,
            known=known,
            models=models,
            rows=rows,
            checks=not models or cache is not None,
            digests=cache is not None,
        )
        with collector(len(todo) > 100):  # checking claims makes garbage; workers inherit this
            for outcome in examine_all(todo, work, jobs, progress, workers):
                if outcome.cached and outcome.digest is not None:
                    again.append((outcome.rel, outcome.digest))
                    continue
                if cache is not None:
                    cache.put(outcome, context)
                if outcome.claim is not None:
                    compact(outcome.claim)
                if outcome.record is not None:
                    if records and outcome.claim is None and outcome.digest is not None:
                        fresh[outcome.digest] = outcome.record
                    outcome = outcome._replace(record=None, row=None)  # stored: not held here
                if take is not None:
                    take(outcome)
                else:
                    found[outcome.rel] = outcome
    if again:  # touched but unchanged: the stored outcome, or the file checked once more
        assert cache is not None
        _again(again, cache, work, records, fresh, found)
    listings = {}
    if cache is not None and stamps is not None:
        listings = _listings(cache, stamps, context, kept, found)
    return Gathered(found, kept, fresh, listings, context)


def _again(
    again: list[tuple[str, str]],
    cache: OutcomeCache,
    work: ExamineContext,
    records: bool,
    fresh: dict[str, str],
    found: dict[str, FileOutcome],
) -> None:
    """Files the workers found unchanged since the cache recorded them (only touched): their
    stored outcomes, or each checked once more where the cache no longer holds it."""
    context = cache.context
    stored = cache.outcomes(again, context)
    for rel, _ in again:
        outcome = stored.get(rel) or examine(rel, replace(work, known=frozenset()))
        if rel not in stored:
            cache.put(outcome, context)
        if records and outcome.record is not None and outcome.digest is not None:
            fresh[outcome.digest] = outcome.record
        found[rel] = outcome._replace(record=None, row=None)


def _listings(
    cache: OutcomeCache,
    stamps: Stamps,
    context: str,
    kept: KeptFiles,
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
        extra: dict[int, list[Any]] = {}
        for index, name in enumerate(names_of(names)):
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
                extra[index] = [more.own, list(more.named)]
        listings[directory] = Listing(context, names, new_stamps, digests, ids, extra, keys)
    return listings
