"""The last report `claims report` printed, kept in the cache beside the outcomes, so that
an unchanged ledger prints it again without reading a row or comparing a claim.

It is kept as printed (the text of one format and the lines told on stderr), not as the
report's data: printing it again is then byte-identical by construction, and what is read
back is three strings checked for their types, with no model of the report to mirror here.

It is used only under the key it was made under: a hash of the tool's build (the cache
file's name), the ledger's top directory, the context the claims were judged in (manifest,
entities, properties, seeds: gathering.context_digest), every claim file's path and digest
in listing order (those that did not load and duplicates too), the command's options (the
format, --type, --document, --subject) and the interpreter that runs it. A seal, the hash
of the key and of what is kept, shows damage and an edit that left the key as it was: a
report whose seal fails, or that is not three strings, is ignored (the report is built as
without it) and replaced. One report is kept a format; a new one replaces the old. (A
library upgraded in place, in the same environment, is not in the key: --no-cache, or
deleting .claims-cache/, then prints the report as that library lays it out.)
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

from .cachefile import SCHEMA, unsafe

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

    def find(
        self, root: Path, path: Path, context: str, files: Iterable[tuple[str, str | None]]
    ) -> bool:
        """Whether the cache file at path holds this report for these claim files, each
        (path, digest) in listing order, judged in this context."""
        made = hashlib.blake2b(digest_size=16)
        made.update(
            f"{self.options}\0{path.name}\0{root}\0{context}\0".encode("utf-8", "surrogatepass")
        )
        made.update(
            "\n".join(f"{rel}\0{digest or ''}" for rel, digest in files).encode(
                "utf-8", "surrogatepass"
            )
        )
        self.key, self.path, self.root = made.hexdigest(), path, root
        if unsafe(root, path) is not None or not path.is_file():
            return False
        try:
            db = sqlite3.connect(path, timeout=_WAIT)
            try:
                # (another key's report is not read: it is as long as this one)
                query = "SELECT key, seal, out, lines FROM reports WHERE slot = ? AND key = ?"
                row = db.execute(query, (self.slot, self.key)).fetchone()
            finally:
                db.close()
        except sqlite3.Error:  # none kept yet, or another run is writing: built as without
            return False
        self.printed = _read(self.key, row)
        return self.printed is not None

    def forget(self) -> None:
        """Keep nothing from this run (its claim files were read again without the cache)."""
        self.key = self.printed = None

    def keep(self, printed: Printed) -> None:
        """Keep this report under this run's key in place of the format's last one, where
        the cache file is there to hold it; a locked or read-only cache keeps nothing."""
        if self.key is None or self.path is None or self.root is None:
            return
        if unsafe(self.root, self.path) is not None or not self.path.is_file():
            return
        lines = json.dumps([list(printed.problems), list(printed.strict)], ensure_ascii=False)
        row = (self.slot, self.key, _seal(self.key, printed.out, lines), printed.out, lines)
        with contextlib.suppress(sqlite3.Error, UnicodeError):  # (text SQLite cannot hold)
            db = sqlite3.connect(self.path, timeout=_WAIT, isolation_level=None)
            try:
                db.executescript(SCHEMA)
                db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?)", row)
            finally:
                db.close()


def _seal(key: str, out: str, lines: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (key, lines, out):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _read(key: str, row: object) -> Printed | None:
    """The report a stored row holds, when it is of this key, sealed and well formed."""
    if not isinstance(row, tuple) or len(row) != 4:
        return None
    stored_key, seal, out, lines = row
    if not all(isinstance(part, str) for part in row) or stored_key != key:
        return None
    if seal != _seal(key, out, lines):
        return None
    try:
        problems, strict = json.loads(lines)
    except (ValueError, TypeError, RecursionError):
        return None
    for told in (problems, strict):
        if not isinstance(told, list) or not all(isinstance(line, str) for line in told):
            return None
    return Printed(out, tuple(problems), tuple(strict))
