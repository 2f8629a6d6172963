"""A cache of per-file outcomes in .claims-cache/ at the ledger's top, keyed by content hash.

A re-run after editing one file then re-reads one file. The cache can never change a
finding: an outcome is found by the hash of the file's path and content, its checks are used
only when the vocabulary and seeds they were judged against are unchanged, and the whole
cache belongs to one build of the tool (its generated schemas and the source of its modules
are in the file's name; once its own is in place, a run removes those other builds left). It
is one SQLite file, written in one transaction;
deleting it is always safe, a damaged one is ignored and rebuilt, and one that another run
is writing is left alone (this run goes uncached). A cache directory or file that is a
symbolic link (or anything but a plain directory and plain files) is never opened: it could
point out of the repository. What the run should tell about the cache is in `note`.

A file whose size, times and inode are those recorded is not read again to learn its hash,
as git's index does; a file changed within two seconds of being recorded is never trusted
that way, since a second edit in the same clock tick could leave its times unchanged.

What a run needs of a file it does not read is small (its hash, its claim id, whether it
has findings and which claims its evidence names), so that is kept apart from the outcomes,
one row a claims directory, and only the directories that changed are written again.
Findings are read only for the files that have them. A seed file is known by its stamp in
the same way (records/seeds.py): its hash and lines are kept, and its text is read only
when a quote is anchored in it.

What the last validate settled across files (each file's findings, the duplicates, the
copies, the files of the claims that files name) is kept too (summary.py), with the count of
listing writes it holds at: every write of listings counts one, in its transaction, so a
summary is used only while no run wrote listings since it was made, and a run that finds
another wrote them first keeps none. A run after edits that cannot change what was settled
(rerun.py) then reads only the heads of the listings (each directory's names and stamps) and
the listings of the directories it changed; the rest are read when a run needs them.

Beside each loaded claim's outcome is its compact row (what `claims report` reads: see
records/compact.py) and its anchor, as JSON, so that a warm report builds no claim model.
Nothing read from the cache is unpickled or run: a row is JSON, each part of it checked for
its type and its value and review validated by their models, and it must be of the claim
the listing names. A row that fails any of that is damage: the run goes on without the
cache, as for any damage, and the next run rebuilds it.

The last report `claims report` printed in each format is kept too (storedreport.py), with
the key it was made under: the build, the ledger's top, the vocabulary and seeds, every claim
file's path and digest in listing order, and the command's options. It is printed again only
under that very key, and only when its seal (a hash of the key and of what is kept) holds and
it is three strings; otherwise it is made again and replaces the old (nor is a report kept
that a check or a format from outside the package's files made). The seal shows damage
and an edit that left the key alone; one who writes the cache can seal a forgery, as they
could write a forged outcome, which is why a run in CI reads no cache at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..reading.anchoring import Anchor
from ..reading.parsedtexts import ParsedTexts
from ..records import schemas
from ..records.compact import ClaimRow
from ..records.layout import RACY_SECONDS
from ..records.seeds import SeedStamps
from .cachefile import (
    DAMAGED,
    DIRECTORY,
    SCHEMA,
    CacheDamaged,
    outcome_of,
    prune,
    row_of,
    store_path,
    unsafe,
)
from .listings import KeptFiles, Listing, column, names_of, stored_stamps, text_of
from .outcomes import FileOutcome, read_row
from .stamps import Figures, Stamps, pack_all
from .summary import RunSummary

# The kinds of file a validate or report run checks against their schema.
_CHECKED_KINDS = ("claim", "documents", "entities", "properties")
_BATCH = 500  # rows a statement: under SQLite's limit of host parameters
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)  # another run holds the file
_WAIT = 5.0  # seconds to wait for another run's write before running uncached
_LISTINGS_AT_ONCE = 50  # listings a statement, written by put_listing
_PUT_LISTING = "INSERT OR REPLACE INTO listings VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


class OutcomeCache:
    """Listings read once; outcomes read only where needed, written as they come."""

    def __init__(self, root: Path, salt: str | None = None) -> None:
        self.root = root
        self.directory = root / DIRECTORY
        self.path = store_path(root, salt)
        self._listings: dict[str, Listing] | None = None  # read when first asked for
        # each directory's listing as stored, its context, names and stamps only (see summary)
        self.heads: dict[str, tuple[str, str, Any]] = {}
        self.summary: RunSummary | None = None  # what the last validate settled across files
        self.schemas: dict[str, str] = {}  # the JSON Schemas this build generates, by kind
        self.generation = 0  # how many times listings were written, when this run read them
        self._raced = False  # another run wrote listings since (see _listings_written)
        self._paths: dict[str, list[str]] = {}  # see expect and paths
        self._given: dict[str, list[str]] = {}
        self.context = ""  # what this run's checks are judged against, once known
        self.hints: dict[str, str] = {}  # "<digest of every claim id>:<id>" -> its hint
        self.new_hints: dict[str, str] = {}
        self.parsed = ParsedTexts()  # the vocabulary's YAML, as load_vocabulary is given it
        self.seeds = SeedStamps()  # the seed files by their stamps, as load_seeds is given them
        self.started = time.time()
        self.ids_in_use = "\0"  # the digest of this run's claim ids, once known
        self._db: sqlite3.Connection | None = None  # open while this run writes
        self._writable = True
        self._pending: list[tuple[Any, ...]] = []
        self._listed: list[tuple[Any, ...]] = []  # listings to write (see put_listing)
        self.note: str | None = None  # what the user should be told: the cache was not used
        self.note = unsafe(root, self.path)
        self._readable = self.note is None
        if not self._readable:
            self._writable = False
            return
        self._read()

    def _read(self) -> None:
        if not self.path.is_file():
            self._listings = {}
            return
        try:
            db = sqlite3.connect(self.path, timeout=_WAIT)
            try:
                rows = db.execute("SELECT directory, context, names, stamps FROM listings")
                self.heads = {text_of(row[0]): _head(*row[1:]) for row in rows}
                self.hints = dict(db.execute("SELECT key, hint FROM hints"))
                self.parsed = ParsedTexts(dict(db.execute("SELECT digest, data FROM parsed")))
                known = db.execute("SELECT name, stamp, sha256, starts, length FROM seeds")
                self.seeds = SeedStamps({row[0]: row[1:] for row in known})
                self.schemas = dict(db.execute("SELECT kind, text FROM schemas"))
                schemas.given(self.schemas)  # (this file is this build's: see the top)
                row = db.execute("SELECT value FROM generation").fetchone()
                self.generation = 0 if row is None else row[0]
                if type(self.generation) is not int:
                    raise ValueError("the generation of the listings is not a number")
                self.summary = self._summary(db)
            finally:
                db.close()
        except (sqlite3.Error, ValueError, TypeError, KeyError) as error:
            self._damaged(error)

    def _summary(self, db: sqlite3.Connection) -> RunSummary | None:
        """The stored summary, or None when there is none or it cannot be read (a run then
        goes the whole way, and stores a new one)."""
        try:
            row = db.execute("SELECT listed, context, data, named FROM summary").fetchone()
            return None if row is None else RunSummary.read(*row)
        except (ValueError, TypeError, KeyError, RecursionError):
            return None

    def _damaged(self, error: Exception) -> None:
        """The file could not be read as this build writes it: forget all of it; if another
        run is writing it, run uncached and touch nothing, else start again, empty."""
        self._listings = {}
        self.heads.clear()
        self.hints.clear()
        self.summary = None
        self.schemas = {}
        self.parsed = ParsedTexts()
        self.seeds = SeedStamps()
        if getattr(error, "sqlite_errorcode", None) in _BUSY:
            self._writable = False  # another run is writing it: run uncached, touch nothing
        else:
            self.note = DAMAGED
            self._abandon()  # (what this run wrote so far went to the damaged file)
            self._writable = True
            self._discard()  # damaged: start again, empty

    @property
    def listings(self) -> dict[str, Listing]:
        """Every directory's listing, read (all of each) when first asked for: a run that the
        summary answers reads only those of the directories it changed (see `listed`)."""
        if self._listings is None:
            self._listings = {}
            try:
                self._listings = self._read_listings(None)
            except (sqlite3.Error, ValueError, TypeError, KeyError) as error:
                self._damaged(error)
        return self._listings

    def listed(self, directories: list[str]) -> dict[str, Listing] | None:
        """These directories' listings alone, each as its head says it was stored; None when
        one cannot be read or is not (another run wrote it since): the caller then reads
        them all, as `listings`."""
        found: dict[str, Listing] = {}
        try:
            for row in self._rows(directories):
                directory = text_of(row[0])
                if self.heads.get(directory) != tuple(row[1:4]):
                    return None
                found[directory] = Listing.from_row(*row[1:])
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            return None
        return found if len(found) == len(set(directories)) else None

    def holds_key(self, keys: list[str], skip: set[str]) -> bool:
        """Whether a file of a directory not in `skip` has one of these fingerprints, as its
        listing is stored (True, too, when the listings cannot be read: the caller then
        trusts nothing)."""
        try:
            db = sqlite3.connect(self.path, timeout=_WAIT)
            try:
                for directory, stored in db.execute("SELECT directory, keys FROM listings"):
                    if directory in skip or not any(key in stored for key in keys):
                        continue  # (a key is found in the text first, then among the values)
                    if not set(keys).isdisjoint(column(stored)):
                        return True
            finally:
                db.close()
        except (sqlite3.Error, ValueError, TypeError):
            return True
        return False

    def changed(self, stamps: Stamps) -> list[str] | None:
        """The directories whose files' stamps differ from their listings' heads; None when
        a directory was added or removed, holds other files than listed, or was listed in
        another context. Only the heads are read: no listing is decoded."""
        heads, context = self.heads, self.context
        if stamps.keys() != heads.keys():
            return None
        changed = []
        for directory, (names, figures) in stamps.items():
            listed_in, stored_names, stored = heads[directory]
            if names != stored_names or listed_in != context:
                return None
            if stored_stamps(figures) != stored:
                changed.append(directory)
        return changed

    @property
    def settled(self) -> int | None:
        """The count of listing writes that what this run read and wrote holds for; None
        when another run wrote listings meanwhile (see _listings_written)."""
        return None if self._raced else self.generation

    def narrow(self, listings: dict[str, Listing]) -> None:
        """Hold these listings as all there are: a run the summary answers writes only the
        directories it changed, and none other is gone."""
        self._listings = listings

    def widen(self) -> None:
        """Forget listings held by `narrow`: every listing is read when next asked for."""
        self._listings = None

    def _read_listings(self, directories: list[str] | None) -> dict[str, Listing]:
        return {text_of(row[0]): Listing.from_row(*row[1:]) for row in self._rows(directories)}

    def _rows(self, directories: list[str] | None) -> list[tuple[Any, ...]]:
        """The stored rows of these directories' listings (None: of all), as stored."""
        if not self._readable or not self.path.is_file():
            return []
        query = "SELECT directory, context, names, stamps, digests, ids, keys, extra FROM listings"
        db = sqlite3.connect(self.path, timeout=_WAIT)
        try:
            if directories is None:
                return db.execute(query).fetchall()
            rows = []
            for at in range(0, len(directories), _BATCH):
                chunk = directories[at : at + _BATCH]
                marks = ",".join("?" * len(chunk))
                rows += db.execute(f"{query} WHERE directory IN ({marks})", chunk).fetchall()
            return rows
        finally:
            db.close()

    def _discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def expect(self, context: str) -> None:
        """Make the paths of every listed file, and note the context this run's checks are
        judged in, before the files' stamps are known (a run does this while the files are
        listed)."""
        paths = self._paths
        for directory, listing in self.listings.items():  # (100,000 files: kept lean)
            top = f"{directory}/"
            paths[directory] = [top + name for name in listing.name_list()]
        self.context = context

    def paths(self, directory: str, names: str) -> list[str]:
        """The paths of these files of a directory (its names joined: stamps.joined): the
        very strings `expect` made (those of what is kept), where the directory still holds
        the files recorded, so that a run holds each path once, not twice (a hundred bytes
        a file). Each directory's are given out once."""
        made = self._paths.pop(directory, None)
        if made is not None and names == self.listings[directory].names:
            self._given[directory] = made
            return made
        top = f"{directory}/"
        return [top + name for name in names_of(names)]

    def kept(self, stamps: Stamps) -> KeptFiles:
        """The files whose stamps are those recorded, each with what was recorded of it (a
        loaded claim's checks only from the same context). A directory whose files are all
        kept is kept whole, its paths those `expect` made: no more is held a file."""
        context, made = self.context, {**self._paths, **self._given}
        self._paths, self._given = {}, {}
        whole: dict[str, tuple[Listing, list[str]]] = {}
        some: dict[str, int] = {}
        pack_all(stamps)  # as the listings' are, to compare them (once packed, kept as they are)
        for directory, (names, figures) in stamps.items():
            listing = self.listings.get(directory)
            if listing is None:
                continue  # none recorded
            if names == listing.names and figures == listing.stamps:  # the whole directory
                # unchanged: one copy of equal values is held, not two (the scan's, the
                # newer, let go: the older would stay as holes in the heap)
                stamps[directory] = (listing.names, listing.stamps)
                paths = made.get(directory)
                if listing.context == context and paths is not None:
                    whole[directory] = (listing, paths)
                    continue
                recorded = listing.name_list()
                same: Iterable[int] = range(len(recorded))
            else:
                recorded = listing.name_list()
                now = dict(zip(names_of(names), _each(figures), strict=False))
                stamp = _each(listing.stamps)
                same = [at for at, name in enumerate(recorded) if now.get(name) == stamp[at]]
            ids, top = listing.ids, f"{directory}/"
            for at in same:  # only files that did not load hold in any context
                if listing.context == context or ids[at] is None:
                    some[top + recorded[at]] = at
        return KeptFiles(whole, some, self.listings)

    def recorded_digest(self, rel: str, context: str) -> str | None:
        """The digest last recorded for this file, whether or not its stamp was trusted, if
        its outcome holds in this context."""
        directory, _, name = rel.rpartition("/")
        listing = self.listings.get(directory)
        at = None if listing is None else listing.index(name)
        if listing is None or at is None:
            return None
        if listing.context == context or listing.ids[at] is None:
            return listing.digest(at)
        return None

    def recorded_key(self, rel: str, context: str) -> str | None:
        """The claim fingerprint last recorded for this file in this context, or None."""
        directory, _, name = rel.rpartition("/")
        listing = self.listings.get(directory)
        if listing is None or listing.context != context:
            return None
        at = listing.index(name)
        return None if at is None else listing.keys[at]

    def outcomes(self, wanted: Iterable[tuple[str, str]], context: str) -> dict[str, FileOutcome]:
        """The stored outcomes of these (file, digest) pairs judged in this context, by file."""
        by_digest: dict[str, list[str]] = {}
        for rel, digest in wanted:
            by_digest.setdefault(digest, []).append(rel)
        found: dict[str, FileOutcome] = {}
        if not by_digest or not self._readable or not self.path.is_file():
            return found
        digests = list(by_digest)
        try:
            db = sqlite3.connect(self.path, timeout=_WAIT)
            try:
                for at in range(0, len(digests), _BATCH):
                    chunk = digests[at : at + _BATCH]
                    query = (
                        "SELECT digest, context, claim_id, data FROM outcomes "
                        f"WHERE digest IN ({','.join('?' * len(chunk))})"
                    )
                    for digest, stored_context, claim_id, data in db.execute(query, chunk):
                        if stored_context not in ("", context):
                            continue
                        for rel in by_digest[digest]:
                            outcome = outcome_of(rel, digest, claim_id, data)
                            if outcome is not None:
                                if claim_id is not None:  # its fingerprint is listed
                                    key = self.recorded_key(rel, context)
                                    outcome = outcome._replace(key=key)
                                found[rel] = outcome
                            else:  # read again by the caller
                                self.note = DAMAGED
            finally:
                db.close()
        except sqlite3.Error as error:  # the outcomes not found are read again
            if getattr(error, "sqlite_errorcode", None) not in _BUSY:
                self.note = DAMAGED
            return {}
        return found

    def records(self, digests: list[str]) -> dict[str, str]:
        """The stored records of these digests; CacheDamaged when one cannot be read, since
        the listings said it was there (an empty answer would lose those claims)."""
        found: dict[str, str] = {}
        if not digests or not self._readable:
            return found
        if self._db is None and not self.path.is_file():
            raise CacheDamaged("the cache file is gone")
        wanted = set(digests)
        try:
            db = sqlite3.connect(self.path, timeout=_WAIT)
            try:
                query = "SELECT digest, record FROM outcomes WHERE record IS NOT NULL"
                for digest, record in db.execute(query):
                    if digest in wanted:
                        found[digest] = record
            finally:
                db.close()
        except sqlite3.Error as error:
            raise CacheDamaged(str(error)) from None
        return found

    def rows(self, wanted: dict[str, str]) -> dict[str, tuple[ClaimRow, Anchor | None]]:
        """The stored rows (and anchors) of these digests, each of the claim id given:
        CacheDamaged when one is missing, unreadable or of another claim, since the listings
        said it was there (the run then starts again without the cache)."""
        found: dict[str, tuple[ClaimRow, Anchor | None]] = {}
        if not wanted or not self._readable:
            return found
        if self._db is None and not self.path.is_file():
            raise CacheDamaged("the cache file is gone")
        try:
            db = sqlite3.connect(self.path, timeout=_WAIT)
            try:
                query = "SELECT digest, row FROM outcomes WHERE row IS NOT NULL"
                values: dict[str, Any] = {}
                for digest, text in db.execute(query):
                    claim_id = wanted.get(digest)
                    if claim_id is not None:
                        made = found[digest] = read_row(text, values)
                        if made[0].id != claim_id:
                            raise ValueError("a stored row is of another claim")
            finally:
                db.close()
        except (sqlite3.Error, ValueError, TypeError, RecursionError) as error:
            raise CacheDamaged(str(error)) from None
        if len(found) != len(wanted):
            raise CacheDamaged("a stored row is missing")
        return found

    def hint(self, ids: str, claim_id: str, compute: Callable[[], str]) -> str:
        """The "did you mean" hint for a claim id, among these ids (a digest of them)."""
        key = f"{ids}:{claim_id}"
        found = self.hints.get(key)
        if found is None:
            found = self.new_hints[key] = self.hints[key] = compute()
        return found

    def put(self, outcome: FileOutcome, context: str) -> None:
        """Store an outcome now, inside this run's one transaction: nothing is held back."""
        if outcome.digest is None:
            return
        self._pending.append(row_of(outcome, context if outcome.claim_id is not None else ""))
        if len(self._pending) >= _BATCH:
            self._flush()

    def put_parsed(self) -> None:
        """Store the vocabulary's YAML now, in this run's transaction, when it is not what
        was stored (only this run's is kept): not held to the end (15 MB at a million
        claims)."""
        parsed, self.parsed = self.parsed, ParsedTexts()
        if parsed.changed:
            self._replace("parsed", list(parsed.used.items()))

    def put_seeds(self) -> None:
        """Store the seed files' stamps now, in this run's transaction, when they are not
        what was stored (only this run's seeds are kept)."""
        seeds, self.seeds = self.seeds, SeedStamps()
        if seeds.changed:
            self._replace("seeds", [(name, *stored) for name, stored in seeds.used.items()])

    def put_schemas(self) -> None:
        """Store the JSON Schemas a run checks files against, as this build generates them,
        when they are not stored yet: a later run compiles them without generating them."""
        missing = [kind for kind in _CHECKED_KINDS if kind not in self.schemas]
        if missing and self._readable:
            made = {kind: schemas.schema_text(kind) for kind in _CHECKED_KINDS}
            self._replace("schemas", list(made.items()))
            self.schemas = made

    def _replace(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        """The table's rows made these, in this run's transaction."""
        db = self._open()
        if db is None:
            return
        marks = ", ".join("?" * len(rows[0])) if rows else ""
        try:
            db.execute(f"DELETE FROM {table}")
            if rows:
                db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        except sqlite3.Error:  # locked by another run, a full disk: this run stays uncached
            self._abandon()

    def put_listing(self, directory: str, listing: Listing) -> None:
        """Store a listing now, in this run's transaction: a run filling the cache from
        nothing need not hold it to the end."""
        self._listed.append((directory, listing.context, *listing.row()))
        if len(self._listed) >= _LISTINGS_AT_ONCE:
            self._flush()

    def _flush(self) -> None:
        rows, self._pending = self._pending, []
        listed, self._listed = self._listed, []
        db = self._open() if rows or listed else self._db
        if db is None:
            return
        try:
            db.executemany("INSERT OR REPLACE INTO outcomes VALUES (?, ?, ?, ?, ?, ?)", rows)
            if listed:
                self._listings_written(db)
                db.executemany(_PUT_LISTING, listed)
        except sqlite3.Error:  # locked by another run, a full disk: this run stays uncached
            self._abandon()

    def _open(self) -> sqlite3.Connection | None:
        """The connection of this run's one transaction, begun on the first write."""
        if self._db is not None or not self._writable:
            return self._db
        try:
            self.directory.mkdir(exist_ok=True)
            db = sqlite3.connect(self.path, timeout=_WAIT, isolation_level=None)
        except (sqlite3.Error, OSError):  # a read-only checkout: run uncached
            self._writable = False
            return None
        try:
            db.executescript(SCHEMA)
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            db.close()
            self._writable = False
            return None
        self._db = db
        return db

    def _abandon(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            self._db.close()
        self._db = None
        self._writable = False

    def save(self, listings: dict[str, Listing], summary: RunSummary | None = None) -> None:
        """Write what this run learnt and commit: the listings of directories that changed,
        outcomes no listing names any more forgotten, new hints, and the summary of what
        the run settled across files (validate's), when it is not the one stored."""
        changed = {d: listing for d, listing in listings.items() if self._changed(d, listing)}
        gone = [d for d in self.listings if d not in listings]
        if (
            summary is not None
            and self.summary is not None
            and not (changed or gone)
            and (self.summary.listed, self.summary.context) == (self.generation, summary.context)
        ):
            summary = None  # (the same listings and context: the same summary)
        stale: list[tuple[str]] = []
        for directory in [*changed, *gone]:
            old = self.listings.get(directory)
            if old is not None:
                new = listings.get(directory)
                keep = set(new.digests) if new is not None else set()
                stale.extend((d,) for d in old.digests if d is not None and d not in keep)
        in_use = self.ids_in_use
        # (a run that did not settle which claim ids exist, as the report does not, cannot
        # tell the hints no longer in use: it keeps them all)
        old_hints = [
            (k,)
            for k in self.hints
            if in_use != "\0" and k not in self.new_hints and not k.startswith(in_use)
        ]
        busy = self._pending or self._listed or self._db
        if not (busy or changed or gone or self.new_hints or old_hints or summary):
            self._prune()
            return
        self._flush()
        db = self._open()
        if db is None:
            return
        try:
            # each row made as it is written: at once, a filling run held every file's
            # name, digest, id and fingerprint joined again (180 B a file)
            if changed or gone:
                self._listings_written(db)
            db.executemany(_PUT_LISTING, ((d, x.context, *x.row()) for d, x in changed.items()))
            db.executemany("DELETE FROM listings WHERE directory = ?", [(d,) for d in gone])
            db.executemany("DELETE FROM outcomes WHERE digest = ?", stale)
            db.executemany("INSERT OR REPLACE INTO hints VALUES (?, ?)", self.new_hints.items())
            db.executemany("DELETE FROM hints WHERE key = ?", old_hints)
            if summary is not None and not self._raced and self._generation(db) == self.generation:
                db.execute("DELETE FROM summary")
                db.execute(
                    "INSERT INTO summary VALUES (0, ?, ?, ?, ?)",
                    (self.generation, summary.context, summary.text(), summary.named),
                )
            db.execute("COMMIT")
        except sqlite3.Error:  # locked by another run, a full disk: this run stays uncached
            self._abandon()
            return
        db.close()
        self._db = None
        self._prune()

    def _listings_written(self, db: sqlite3.Connection) -> None:
        """Count a write of listings, in this run's transaction: a summary holds only for the
        count it was written at. If another run wrote listings since this one read them,
        this run's summary would not hold for what is stored, and is not written."""
        if self._generation(db) != self.generation:
            self._raced = True
        self.generation += 1
        db.execute("INSERT OR REPLACE INTO generation VALUES (0, ?)", (self.generation,))

    def _generation(self, db: sqlite3.Connection) -> Any:
        row = db.execute("SELECT value FROM generation").fetchone()
        return 0 if row is None else row[0]

    def _prune(self) -> None:
        """Remove other builds' cache files, once this build's is in place: one a ledger."""
        if self._writable and self._readable and self.path.is_file():
            prune(self.root, self.path)

    def _changed(self, directory: str, listing: Listing) -> bool:
        old = self.listings.get(directory)
        if old is listing:  # kept whole by this run
            return False
        return old is None or old.columns() != listing.columns()

    def trusted(self, figures: Figures) -> bool:
        """Whether a file's stamp is real (it could be stat'ed) and was old enough when this run began to be compared later."""
        return figures[3] > 0 and self.started - figures[1] / 1e9 > RACY_SECONDS


def _head(context: Any, names: Any, stamps: Any) -> tuple[str, str, Any]:
    """A directory's head as stored; ValueError when it is not what a run writes."""
    if type(stamps) not in (bytes, str):
        raise ValueError("a listing holds values of the wrong type")
    return text_of(context), text_of(names), stamps


def _each(figures: Figures) -> list[Figures]:
    """A directory's stamps, four figures a file, one slice each."""
    return [figures[at : at + 4] for at in range(0, len(figures), 4)]
