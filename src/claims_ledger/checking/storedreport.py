"""The last report `claims report` printed, kept in the cache beside the outcomes, so that
an unchanged ledger prints it again without reading a row or comparing a claim.

It is kept as printed (the text of one format and the lines told on stderr), not as the
report's data: printing it again is then byte-identical by construction, and what is read
back is a few strings checked for their types (and the findings of the files that did not
load, as a finding is stored), with no model of the report to mirror here.

It is used only under the key it was made under: a hash of the tool's build (the cache
file's name), the ledger's top directory, the context the claims were judged in (manifest,
entities, properties, seeds: gathering.context_digest), every claim file's path and digest
in listing order (those that did not load and duplicates too), the command's options (the
format, --type, --document, --subject) and the interpreter that runs it. A seal, the hash
of the key and of what is kept, shows damage and an edit that left the key as it was: a
report whose seal fails, or that is not as `keep` writes it, is ignored (the report is built
as without it) and replaced. One report is kept a format; a new one replaces the old. (A
library upgraded in place, in the same environment, is not in the key: --no-cache, or
deleting .claims-cache/, then prints the report as that library lays it out.)

A run that finds every directory of claim files as the cache's listings stand (their names
and stamps; see OutcomeCache.changed) needs no file's digest to know the report holds: the
report is kept under a second key too, the quick one, with the count of listing writes it
was made at (OutcomeCache.settled) in place of the claim files. While no run has written a
listing since, the listings, and so the files, are those the report was made from. The
findings of the files that did not load are kept with it: the report names them on stderr.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from .cachefile import SCHEMA, unsafe
from .outcomes import finding_data, finding_from

if TYPE_CHECKING:
    from .cache import OutcomeCache

_WAIT = 1.0  # seconds to wait for another run's write: the report is then not kept


@dataclass(frozen=True)
class Printed:
    """What a report prints: its text, and its lines for stderr."""

    out: str
    problems: tuple[str, ...] = ()  # one a conflict with two verified sides, always told
    strict: tuple[str, ...] = ()  # one a conflict --strict fails on, told with --strict


class StoredReport:
    """The report of one format and set of filters, found by `find` while the ledger is
    read, kept by `keep` once built."""

    def __init__(self, fmt: str, types: Iterable[str], document: str | None, subject: str | None):
        self.slot = fmt
        # the interpreter stands for the libraries a format renders with, too (a venv each)
        self.options = json.dumps(
            [fmt, list(types), document, subject, sys.version, sys.executable]
        )
        self.key: str | None = None  # this run's, once the claim files are known
        self.path: Path | None = None  # the cache file, once known
        self.root: Path | None = None
        self.printed: Printed | None = None  # the report found, when it was
        self.quick: str | None = None  # this run's quick key, when the listings are settled
        self.left: list[Finding] = []  # the findings of the files that did not load
        self._stored_quick: str | None = None  # the quick key of the report found

    def look(self, cache: OutcomeCache) -> bool:
        """Whether the cache holds this report under the quick key of the listings as this
        run read them: it holds for these claim files only if none changed (the caller
        checks their stamps; see `settle` otherwise)."""
        if cache.note is not None or cache.generation == 0:
            return False
        quick = self._quick_key(cache.root, cache.path, cache.context, cache.generation)
        found = self._select(cache.root, cache.path, "quick", quick)
        if found is None:
            return False
        self.key, self.path, self.root = found[0], cache.path, cache.root
        self.printed, self.left, self._stored_quick = found[1:]
        self.quick = quick
        return True

    def settle(self, cache: OutcomeCache, left: list[Finding]) -> None:
        """Note what keeping this run's report needs beyond its key: the count of listing
        writes the cache has settled at (no quick key when another run raced this one), and
        the findings of the files that did not load."""
        settled = cache.settled
        self.quick = None
        if settled is not None and cache.note is None:
            self.quick = self._quick_key(cache.root, cache.path, cache.context, settled)
        self.left = left

    @property
    def stale(self) -> bool:
        """Whether the report found is kept under another quick key than this run's: kept
        again, the next run finds it without reading a listing."""
        return self.printed is not None and self.quick not in (None, self._stored_quick)

    def _quick_key(self, root: Path, path: Path, context: str, settled: int) -> str:
        made = self._hashed(root, path, context)
        made.update(str(settled).encode())
        return made.hexdigest()

    def _hashed(self, root: Path, path: Path, context: str) -> Any:
        """A hash begun with what both keys share: the options, the build, the ledger's top
        and the context."""
        made = hashlib.blake2b(digest_size=16)
        made.update(
            f"{self.options}\0{path.name}\0{root}\0{context}\0".encode("utf-8", "surrogatepass")
        )
        return made

    def _select(
        self, root: Path, path: Path, column: str, key: str
    ) -> tuple[str, Printed, list[Finding], str | None] | None:
        """The report kept under this key (its column: key or quick), when it is sealed
        and well formed."""
        if unsafe(root, path) is not None or not path.is_file():
            return None
        try:
            db = sqlite3.connect(path, timeout=_WAIT)
            try:
                # (another key's report is not read: it is as long as this one)
                query = (
                    "SELECT key, quick, seal, out, lines, unloaded FROM reports"
                    f" WHERE slot = ? AND {column} = ?"
                )
                row = db.execute(query, (self.slot, key)).fetchone()
            finally:
                db.close()
        except sqlite3.Error:  # none kept yet, or another run is writing: built as without
            return None
        return _read(row)

    def find(
        self, root: Path, path: Path, context: str, files: Iterable[tuple[str, str | None]]
    ) -> bool:
        """Whether the cache file at path holds this report for these claim files, each
        (path, digest) in listing order, judged in this context."""
        made = self._hashed(root, path, context)
        made.update(
            "\n".join(f"{rel}\0{digest or ''}" for rel, digest in files).encode(
                "utf-8", "surrogatepass"
            )
        )
        self.key, self.path, self.root = made.hexdigest(), path, root
        found = self._select(root, path, "key", self.key)
        if found is None:
            return False
        self.printed, _, self._stored_quick = found[1:]
        return True

    def forget(self) -> None:
        """Keep nothing from this run (its claim files were read again without the cache)."""
        self.key = self.printed = self.quick = None

    def keep(self, printed: Printed) -> None:
        """Keep this report under this run's key in place of the format's last one, where
        the cache file is there to hold it; a locked or read-only cache keeps nothing."""
        if self.key is None or self.path is None or self.root is None:
            return
        if unsafe(self.root, self.path) is not None or not self.path.is_file():
            return
        lines = json.dumps([list(printed.problems), list(printed.strict)], ensure_ascii=False)
        left = json.dumps([finding_data(f) for f in self.left], ensure_ascii=False)
        seal = _seal(self.key, self.quick, printed.out, lines, left)
        row = (self.slot, self.key, self.quick, seal, printed.out, lines, left)
        with contextlib.suppress(sqlite3.Error, UnicodeError):  # (text SQLite cannot hold)
            db = sqlite3.connect(self.path, timeout=_WAIT, isolation_level=None)
            try:
                db.executescript(SCHEMA)
                db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            finally:
                db.close()


def _seal(key: str, quick: str | None, out: str, lines: str, left: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (key, quick or "", lines, left, out):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _read(row: object) -> tuple[str, Printed, list[Finding], str | None] | None:
    """The report a stored row holds (its key, what it prints, the findings of the files
    that did not load, its quick key), when it is sealed and well formed."""
    if not isinstance(row, tuple) or len(row) != 6:
        return None
    key, quick, seal, out, lines, left = row
    if not all(isinstance(part, str) for part in (key, seal, out, lines, left)):
        return None
    if quick is not None and not isinstance(quick, str):
        return None
    if seal != _seal(key, quick, out, lines, left):
        return None
    try:
        problems, strict = json.loads(lines)
        found = [finding_from(data) for data in json.loads(left)]
    except (ValueError, TypeError, RecursionError):
        return None
    for told in (problems, strict):
        if not isinstance(told, list) or not all(isinstance(line, str) for line in told):
            return None
    return key, Printed(out, tuple(problems), tuple(strict)), found, quick
