"""A cache of per-file outcomes in .claims-cache/ at the ledger's top, keyed by content hash.

A re-run after editing one file then re-reads one file. The cache can never change a
finding: an outcome is found by the hash of the file's path and content, its checks are used
only when the vocabulary and seeds they were judged against are unchanged, and the whole
cache belongs to one build of the tool (its version, its generated schemas and the source of
its modules are in the file's name). It is one SQLite file, written in one transaction;
deleting it is always safe, and a damaged one is ignored and rebuilt.

A file whose size, times and inode are those recorded is not read again to learn its hash,
as git's index does; a file changed within two seconds of being recorded is never trusted
that way, since a second edit in the same clock tick could leave its times unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .parallel import Outcome, outcome_data, outcome_from

DIRECTORY = ".claims-cache"
RACY_SECONDS = 2.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS outcomes (
    digest TEXT PRIMARY KEY,   -- hash of the file's path and content
    context TEXT NOT NULL,     -- hash of what its checks were judged against; '' for none
    claim_id TEXT,             -- the claim it loaded, or NULL
    data TEXT,                 -- findings and loose references as JSON; NULL when none
    record TEXT                -- the loaded YAML as JSON, or NULL
);
CREATE TABLE IF NOT EXISTS hints (
    key TEXT PRIMARY KEY,      -- hash of every claim id, and the claim id asked about
    hint TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER, inode INTEGER,
    digest TEXT
);
"""

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@cache
def build_salt() -> str:
    """What makes one build of the tool: its version, generated schemas and module sources."""
    from .schemas import SCHEMA_FILES, render

    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for kind in sorted(SCHEMA_FILES):
        digest.update(render(kind).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


class _Row(NamedTuple):
    context: str
    claim_id: str | None
    data: str | None


class OutcomeCache:
    """Outcomes by digest and digests by file stamp, read once and written back once."""

    def __init__(self, root: Path, salt: str | None = None) -> None:
        salt = salt or build_salt()
        self.directory = root / DIRECTORY
        self.path = self.directory / f"outcomes-{salt[:24]}.sqlite3"
        self.rows: dict[str, _Row] = {}
        self.stamps: dict[str, tuple[Stamp, str]] = {}
        self.new: dict[str, tuple[Outcome, str]] = {}
        self.seen: dict[str, tuple[Stamp | None, str]] = {}
        self.hints: dict[str, str] = {}  # "<digest of every claim id>:<id>" -> its hint
        self.new_hints: dict[str, str] = {}
        self.started = time.time()
        self.ids_in_use = "\0"  # the digest of this run's claim ids, once known
        self._read()

    def _read(self) -> None:
        if not self.path.is_file():
            return
        try:
            db = sqlite3.connect(self.path, timeout=5)
            try:
                query = "SELECT digest, context, claim_id, data FROM outcomes"
                self.rows = {row[0]: _Row(*row[1:]) for row in db.execute(query)}
                query = "SELECT rel, size, mtime, ctime, inode, digest FROM files"
                self.stamps = {row[0]: (row[1:5], row[5]) for row in db.execute(query)}
                self.hints = dict(db.execute("SELECT key, hint FROM hints"))
            finally:
                db.close()
        except (sqlite3.Error, ValueError, TypeError):  # damaged: start again, empty
            self.rows.clear()
            self.stamps.clear()
            self.hints.clear()
            self._discard()

    def _discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def known_digest(self, rel: str, stamp: Stamp) -> str | None:
        """The digest recorded for a file whose stamp is unchanged, or None."""
        found = self.stamps.get(rel)
        return found[1] if found is not None and found[0] == stamp else None

    def get(self, rel: str, digest: str, context: str) -> Outcome | None:
        """The outcome stored for this content, if its checks were judged in this context."""
        row = self.rows.get(digest)
        if row is None or row.context not in ("", context):
            return None
        if row.data is None:
            return Outcome(rel, digest, row.claim_id, ())
        try:
            data = json.loads(row.data)
            data["claim_id"] = row.claim_id
            return outcome_from(rel, digest, data, None)
        except (ValueError, TypeError, KeyError):
            return None

    def records(self, digests: list[str]) -> dict[str, str]:
        """The stored records of these digests (those that have one)."""
        found: dict[str, str] = {}
        if not self.path.is_file():
            return found
        wanted = set(digests)
        try:
            db = sqlite3.connect(self.path, timeout=5)
            try:
                query = "SELECT digest, record FROM outcomes WHERE record IS NOT NULL"
                for digest, record in db.execute(query):
                    if digest in wanted:
                        found[digest] = record
            finally:
                db.close()
        except sqlite3.Error:
            return {}
        return found

    def hint(self, ids: str, claim_id: str, compute: Callable[[], str]) -> str:
        """The "did you mean" hint for a claim id, among these ids (a digest of them)."""
        key = f"{ids}:{claim_id}"
        found = self.hints.get(key)
        if found is None:
            found = self.new_hints[key] = self.hints[key] = compute()
        return found

    def note(self, rel: str, stamp: Stamp | None, digest: str) -> None:
        """This file was seen with this digest in this run."""
        self.seen[rel] = (stamp, digest)

    def put(self, outcome: Outcome, context: str) -> None:
        if outcome.digest is None:
            return
        self.new[outcome.digest] = (outcome, context if outcome.claim_id is not None else "")

    def save(self, prune: bool) -> None:
        """Write what this run learnt in one transaction; with prune, forget unseen files."""
        trusted, untrusted = [], []
        for rel, (stamp, digest) in self.seen.items():
            if stamp is not None and self.started - stamp[1] / 1e9 > RACY_SECONDS:
                if self.stamps.get(rel) != (stamp, digest):
                    trusted.append((rel, *stamp, digest))
            elif rel in self.stamps:
                untrusted.append((rel,))
        gone = [(rel,) for rel in self.stamps if rel not in self.seen] if prune else []
        keep = {digest for _, digest in self.seen.values()}
        stale = [(d,) for d in self.rows if d not in keep and d not in self.new] if prune else []
        old_hints = [(k,) for k in self.hints if k not in self.new_hints] if prune else []
        old_hints = [k for k in old_hints if not k[0].startswith(self.ids_in_use)]
        if not (self.new or trusted or untrusted or gone or stale or self.new_hints or old_hints):
            return
        try:
            self.directory.mkdir(exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5)
        except (sqlite3.Error, OSError):  # a read-only checkout: run uncached
            return
        try:
            db.executescript(_SCHEMA)
            with db:  # one transaction: all of it is written, or none
                db.executemany(
                    "INSERT OR REPLACE INTO outcomes VALUES (?, ?, ?, ?, ?)",
                    [_row_of(outcome, context) for outcome, context in self.new.values()],
                )
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", trusted)
                db.executemany("DELETE FROM files WHERE rel = ?", untrusted + gone)
                db.executemany("DELETE FROM outcomes WHERE digest = ?", stale)
                db.executemany("INSERT OR REPLACE INTO hints VALUES (?, ?)", self.new_hints.items())
                db.executemany("DELETE FROM hints WHERE key = ?", old_hints)
        except sqlite3.Error:  # locked by another run, a full disk: this run stays uncached
            pass
        finally:
            db.close()


def _row_of(outcome: Outcome, context: str) -> tuple[Any, ...]:
    data = None
    if outcome.findings or outcome.loose:
        stored = outcome_data(outcome)
        del stored["claim_id"]
        data = json.dumps(stored, ensure_ascii=False)
    return (outcome.digest, context, outcome.claim_id, data, outcome.record)
