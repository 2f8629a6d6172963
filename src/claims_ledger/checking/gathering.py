"""Gathering one run's outcome of every claim file: from the cache where a file's stamp is
unchanged, else from worker processes; and each directory's listing, made as soon as the
last of its files read in this run is in (see Filling)."""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..collector import collector
from ..records.compact import compact
from ..records.layout import ENTITIES, MANIFEST, PROPERTIES
from ..records.loading import Ledger
from .cache import OutcomeCache
from .listings import KeptFiles, Listing, extra_of, names_of
from .outcomes import Extra, FileOutcome
from .parallel import ExamineContext, Workers, examine, examine_all
from .stamps import Figures, Stamps

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
    # every file found, kept or only listed (see Filling): what a run settles across files
    known: KeptFiles


def streams(cache: OutcomeCache | None) -> bool:
    """Whether `gather` gives each outcome as it comes (its `take`), holding none: without a
    cache, or with one that lists nothing yet (every file is then read, in order)."""
    return cache is None or not cache.listings


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
    parallel.Workers), are used when they fit the work, and closed in any case. `take`, used
    where the run `streams`, is given each outcome as it comes, in the order of `rels`, and
    none is kept in `found` (a million of them were a tenth of a large run's memory);
    filling the cache so, each directory's listing is written as soon as it is made, and
    its stamps let go."""
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
            if not streams(cache):  # (see above: not every file is read, or not in order)
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
        filling = None
        if cache is not None and stamps is not None and not records and not models:
            filling = Filling(cache, stamps, kept, found, todo, streamed=take is not None)
        trim = _trimmer() if cache is not None and len(todo) >= _TRIM_EVERY else None
        with collector(len(todo) > 100):  # checking claims makes garbage; workers inherit this
            for done, outcome in enumerate(examine_all(todo, work, jobs, progress, workers)):
                if trim is not None and done % _TRIM_EVERY == _TRIM_EVERY - 1:
                    trim(0)
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
                if filling is not None:
                    filling.add(outcome)  # (held in found only when its listing cannot answer)
                if take is not None:
                    take(outcome)
                elif filling is None:
                    found[outcome.rel] = outcome
    if again:  # touched but unchanged: the stored outcome, or the file checked once more
        assert cache is not None
        _again(again, cache, work, records, fresh, found)
    listings: dict[str, Listing] = {}
    known = kept
    if filling is not None:
        listings = filling.end()
        known = kept.answered(filling.paths, listings)
    elif cache is not None and stamps is not None:
        listings = _listings(cache, stamps, context, kept, found)
    return Gathered(found, kept, fresh, listings, context, known)


# Outcomes between two trims of the C heap (see _trimmer).
_TRIM_EVERY = 20_000


def _trimmer() -> Callable[[int], object] | None:
    """The C library's malloc_trim, where it has one (glibc), else None. Filling the cache,
    each outcome comes with its record (kilobytes of JSON, stored at once): the C heap
    kept their space, freed, but not given back (30 MB at 300,000 claims, all that a
    filling run held more than a run without the cache); trimmed every so many outcomes,
    it is given back."""
    import ctypes  # deferred: only a run filling the cache of a large ledger needs it

    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError, TypeError):  # not glibc; Windows has no CDLL(None)
        return None


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
    return {
        directory: listing_after(cache, directory, names, figures, kept, found, {})[0]
        for directory, (names, figures) in stamps.items()
    }


# what a listing needs of an outcome: its path, digest, claim id, key and extra (extra_of)
Taken = tuple[str, "str | None", "str | None", "str | None", "Extra | None"]
_UNTRUSTED = [0, 0, 0, 0]


def listing_after(
    cache: OutcomeCache,
    directory: str,
    names: str,
    figures: Figures,
    kept: KeptFiles,
    found: dict[str, FileOutcome],
    taken: dict[int, Taken],
    with_paths: bool = False,
) -> tuple[Listing, list[str]]:
    """A directory's listing after this run (the old one where nothing in it changed), and
    (with_paths) its files' paths in the listing's order: each file's from its outcome found
    in this run, else from what was taken of one (see Filling), else from what the cache
    kept of it."""
    old = cache.listings.get(directory)
    context, top = cache.context, f"{directory}/"
    if old is not None and old.context == context and names == old.names and figures == old.stamps:
        return old, [top + name for name in old.name_list()] if with_paths else []
    new_stamps: list[int] = []
    digests: list[str | None] = []
    ids: list[str | None] = []
    keys: list[str | None] = []
    extra: dict[int, list[Any]] = {}
    paths: list[str] = []
    same = True  # every stamp as the scan gave it: the scan's are held, not a copy
    for index, name in enumerate(names_of(names)):
        rel = top + name
        stamp = figures[index * 4 : index * 4 + 4]
        outcome = found.get(rel)
        more: Extra | None
        if outcome is not None or index in taken:  # read in this run
            if outcome is not None:
                digest, claim_id, key, more = (
                    outcome.digest,
                    outcome.claim_id,
                    outcome.key,
                    extra_of(outcome),
                )
            else:
                rel, digest, claim_id, key, more = taken[index]
            if digest is None or not cache.trusted(stamp):
                stamp = _UNTRUSTED
        elif rel in kept:
            item = kept[rel]
            digest, claim_id, more, key = item.digest, item.claim_id, item.extra, item.key
        else:
            digest, claim_id, more, key, stamp = None, None, None, None, _UNTRUSTED
        paths.append(rel)
        if stamp is _UNTRUSTED:
            same = False
        new_stamps.extend(stamp)
        digests.append(digest)
        ids.append(claim_id)
        keys.append(key)
        if more is not None:
            named = more.named  # (a list made for it: not copied again)
            extra[index] = [more.own, named if type(named) is list else list(named)]
    stamps = figures if same and len(figures) == len(new_stamps) else new_stamps
    return Listing(context, names, stamps, digests, ids, extra, keys), paths


class Filling:
    """Each directory's new listing, made as soon as the last of its files read in this run
    is in, from what a listing needs of each file (its digest, claim id, fingerprint and the
    claims it names): the outcome itself is held only when it must be (it did not load, has
    findings, or cites a claim to refute). A filling run held every outcome to the end, to
    make the listings then: a fifth of its memory at a million claims.

    `streamed`: the outcomes are each given to the caller as they come (see gather) and
    none is held; each listing is then written as soon as it is made (the cache lists
    nothing yet: none is replaced) and let go, with its directory's stamps."""

    def __init__(
        self,
        cache: OutcomeCache,
        stamps: Stamps,
        kept: KeptFiles,
        found: dict[str, FileOutcome],
        todo: list[str],
        streamed: bool = False,
    ) -> None:
        self.cache, self.stamps, self.kept, self.found = cache, stamps, kept, found
        self.streamed = streamed
        self.left = Counter(rel.rpartition("/")[0] for rel in todo)  # outcomes to come
        self.where: dict[str, dict[str, int]] = {}  # directory -> name -> index, while open
        self.taken: dict[str, dict[int, Taken]] = {}
        self.listings: dict[str, Listing] = {}
        self.paths: dict[str, list[str]] = {}  # its files' paths, of each listing made here

    def add(self, outcome: FileOutcome) -> None:
        """One outcome from the workers: what its listing needs taken, or itself held."""
        rel = outcome.rel
        directory, _, name = rel.rpartition("/")
        at = None
        if self.streamed or (
            outcome.digest is not None
            and outcome.claim_id is not None
            and not outcome.findings
            and not any(item.needs is not None for item in outcome.loose)
        ):
            at = self._index(directory, name)
        if at is None:
            if not self.streamed:  # (streamed, a file no listing names is not listed)
                self.found[rel] = outcome
        else:
            more = extra_of(outcome)
            self.taken.setdefault(directory, {})[at] = (
                rel,
                outcome.digest,
                outcome.claim_id,
                outcome.key,
                more,
            )
        left = self.left[directory] = self.left[directory] - 1
        if not left:
            self._finish(directory)

    def _index(self, directory: str, name: str) -> int | None:
        where = self.where.get(directory)
        if where is None:
            entry = self.stamps.get(directory)
            if entry is None:
                return None
            where = self.where[directory] = {n: at for at, n in enumerate(names_of(entry[0]))}
        return where.get(name)

    def _finish(self, directory: str) -> None:
        self.where.pop(directory, None)
        taken = self.taken.pop(directory, {})
        entry = self.stamps.get(directory)
        if entry is None:
            return
        listing, paths = listing_after(
            self.cache, directory, *entry, self.kept, self.found, taken, with_paths=True
        )
        if self.streamed:
            self.cache.put_listing(directory, listing)
            del self.stamps[directory]
            return
        self.listings[directory] = listing
        self.paths[directory] = paths

    def end(self) -> dict[str, Listing]:
        """Every directory's listing: those not made yet (a file found only touched, or no
        file read) made now."""
        for directory in [d for d, left in self.left.items() if left]:
            self._finish(directory)
        listings = self.listings
        for directory, (names, figures) in self.stamps.items():
            if directory not in listings:
                listings[directory] = listing_after(
                    self.cache, directory, names, figures, self.kept, self.found, {}
                )[0]
        return listings
