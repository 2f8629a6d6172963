"""The cache's file: which file this build of the tool keeps, whether it may be opened, and
the rows it holds (see cache.py for what the cache promises)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import stat
import sys
from functools import cache
from pathlib import Path
from typing import Any

from ..records.schemas import SCHEMA_FILES, render
from ..records.valuetypes import as_shipped, on_change
from .outcomes import FileOutcome, outcome_data, outcome_from

DIRECTORY = ".claims-cache"
SCHEMA = """
CREATE TABLE IF NOT EXISTS outcomes (
    digest TEXT PRIMARY KEY,   -- hash of the file's path and content
    context TEXT NOT NULL,     -- hash of what its checks were judged against; '' for none
    claim_id TEXT,             -- the claim it loaded, or NULL
    data TEXT,                 -- findings and loose references as JSON; NULL when none
    record TEXT,               -- the loaded YAML as JSON, or NULL
    row TEXT                   -- what `claims report` reads of the claim, as JSON, or NULL
);
CREATE TABLE IF NOT EXISTS hints (
    key TEXT PRIMARY KEY,      -- hash of every claim id, and the claim id asked about
    hint TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS listings (
    directory TEXT PRIMARY KEY,  -- a directory of claim files, from the ledger's top
    context TEXT NOT NULL,       -- what its loaded claims were judged against
    names TEXT NOT NULL,         -- its files as the last run saw them, a column each
    stamps BLOB NOT NULL,        -- (see listings.py for the form of each)
    digests TEXT NOT NULL,
    ids TEXT NOT NULL,
    keys TEXT NOT NULL,
    extra TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS parsed (
    digest TEXT PRIMARY KEY,   -- hash of a vocabulary file's text (see reading/parsedtexts.py)
    data TEXT NOT NULL         -- its YAML as JSON
);
CREATE TABLE IF NOT EXISTS seeds (
    name TEXT PRIMARY KEY,     -- a seed file's name in seeds/ (see records/seeds.py)
    stamp TEXT NOT NULL,       -- its size, times and inode when it was read
    sha256 TEXT NOT NULL,      -- then its bytes' hash,
    starts BLOB NOT NULL,      -- where each of its lines starts (64-bit integers),
    length INTEGER NOT NULL    -- and its length in characters
);
CREATE TABLE IF NOT EXISTS schemas (
    kind TEXT PRIMARY KEY,     -- a kind of ledger file
    text TEXT NOT NULL         -- its JSON Schema as this build generates it (records/schemas.py)
);
CREATE TABLE IF NOT EXISTS generation (
    slot INTEGER PRIMARY KEY CHECK (slot = 0),  -- one row:
    value INTEGER NOT NULL     -- how many times listings were written (see summary.py)
);
CREATE TABLE IF NOT EXISTS summary (
    slot INTEGER PRIMARY KEY CHECK (slot = 0),  -- one row: the last validate's
    listed INTEGER NOT NULL,   -- the generation of the listings it holds for
    context TEXT NOT NULL,     -- what its claims were judged in
    data TEXT NOT NULL,        -- each file's findings, duplicates and copies, as JSON
    named TEXT NOT NULL        -- the files of the claims that files name, as JSON
);
CREATE TABLE IF NOT EXISTS reports (
    slot TEXT PRIMARY KEY,     -- the format it is printed in: one report kept a format
    key TEXT NOT NULL,         -- hash of everything it was made from (see storedreport.py)
    quick TEXT,                -- hash of the same with the count of listing writes in place
                               -- of the claim files; NULL when another run raced this one
    seal TEXT NOT NULL,        -- hash of all the others: damage and edits show
    out TEXT NOT NULL,         -- the report as printed on stdout
    lines TEXT NOT NULL,       -- its lines for stderr, as JSON
    unloaded TEXT NOT NULL     -- the findings of the claim files that did not load, as JSON
);
"""


@cache
def build_salt() -> str:
    """What makes one build of the tool: its module sources and generated schemas (not its
    version number, which changes nothing a run finds and costs a metadata read to learn),
    and the distributions installed beside it: a library upgraded in place (pydantic's
    messages, edtf's dates) can change what a run finds."""
    digest = hashlib.blake2b(digest_size=16)
    for name in installed():
        digest.update(f"{name}\0".encode())
    # The schemas are generated from the modules hashed below by the libraries named above:
    # they are rendered (about 20 ms a run) only when a value type was added at run time.
    if not as_shipped():
        for kind in sorted(SCHEMA_FILES):
            digest.update(render(kind).encode())
    for name, path in sources():
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sources() -> list[tuple[str, Path]]:
    """Every module of the package, by its path inside it, in order: the whole package, not
    this stage's folder alone (a model or a check changed elsewhere is another build too)."""
    package = Path(__file__).parent.parent
    return sorted((path.relative_to(package).as_posix(), path) for path in package.rglob("*.py"))


def installed() -> list[str]:
    """The names of the distributions' metadata folders where this interpreter imports from
    (each holds its name and version, as in `pydantic-2.11.0.dist-info`), sorted: one listing
    a folder, where reading each distribution's metadata would cost 50 ms of imports."""
    found = []
    for entry in sys.path:
        if not os.path.isabs(entry):  # the current folder: not part of the build
            continue
        try:
            with os.scandir(entry) as entries:
                found.extend(e.name for e in entries if e.name.endswith(_METADATA))
        except OSError:  # a zip, or a folder that is gone
            continue
    return sorted(found)


_METADATA = (".dist-info", ".egg-info")
on_change(build_salt.cache_clear)  # a value type added at run time makes another build


def store_path(root: Path, salt: str | None = None) -> Path:
    """The cache file of this build of the tool (another build's file is never read)."""
    return root / DIRECTORY / f"outcomes-{(salt or build_salt())[:24]}.sqlite3"


# The name of every build's cache file (store_path), and nothing else's.
_STORE_NAME = re.compile(r"outcomes-[0-9a-f]{24}\.sqlite3")
_NOT_A_DATABASE = 26  # SQLITE_NOTADB: no run is writing it, since no run could read it


def prune(root: Path, keep: Path) -> None:
    """Remove the cache files other builds of the tool left in .claims-cache/ (one a build,
    about 1 KiB a claim), keeping `keep`, this build's.

    Only a plain file named as a cache file is removed (never a link, nor anything else),
    and only while this process holds it locked: a run of another build that is reading or
    writing it at that moment holds it too, and its file is left alone. (A run of another
    build that read its file earlier and writes to it later finds it gone: it reads again
    what it needs and starts a new file.)
    """
    directory = root / DIRECTORY
    for name in _store_names(directory):
        path = directory / name
        if name != keep.name and unsafe(root, path) is None:
            _remove_unused(path)


def _store_names(directory: Path) -> list[str]:
    """The names of the plain files in the cache directory named as a cache file is."""
    try:
        with os.scandir(directory) as entries:
            return [
                entry.name
                for entry in entries
                if _STORE_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
            ]
    except OSError:
        return []


def _remove_unused(path: Path) -> None:
    """Delete a cache file no run holds, holding it meanwhile so that none can start to."""
    try:
        db = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        db.execute("BEGIN EXCLUSIVE")  # refused while another run reads or writes it
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", None) == _NOT_A_DATABASE:
            with contextlib.suppress(OSError):
                path.unlink()
        db.close()
        return
    with contextlib.suppress(OSError):
        path.unlink()
    with contextlib.suppress(sqlite3.Error):
        db.execute("ROLLBACK")
    db.close()


def stored_bytes(root: Path) -> int:
    """The size of this build's cache file: how large a ledger the last run saw."""
    try:
        return store_path(root).stat().st_size
    except OSError:
        return 0


class CacheDamaged(Exception):
    """The cache holds less than its listings promise: the run starts again without it."""


DAMAGED = "the cache in .claims-cache/ was damaged: it was ignored and will be rebuilt"


def unsafe(root: Path, path: Path) -> str | None:
    """Why the cache at path must not be opened, or None: every part of it must be a plain
    directory or file, not a link (SQLite would follow one, out of the repository)."""
    directory = root / DIRECTORY
    for part in (directory, path, *(Path(f"{path}{end}") for end in ("-journal", "-wal", "-shm"))):
        try:
            mode = part.lstat().st_mode
        except FileNotFoundError:
            continue
        except OSError:
            mode = 0
        expected = stat.S_ISDIR(mode) if part == directory else stat.S_ISREG(mode)
        if not expected:
            what = "a symbolic link" if stat.S_ISLNK(mode) else "not a plain file or directory"
            name = part.relative_to(root).as_posix()
            return f"{name} is {what}: the cache was not used; remove it"
    return None


def discard(root: Path) -> None:
    """Delete this build's cache file (a damaged one), unless it is not ours to delete."""
    path = store_path(root)
    if unsafe(root, path) is None:
        with contextlib.suppress(OSError):
            path.unlink()


def outcome_of(rel: str, digest: str, claim_id: str | None, data: str | None) -> FileOutcome | None:
    """An outcome rebuilt from its row, or None when the row cannot be read."""
    if data is None:
        return FileOutcome(rel, digest, claim_id, ())
    try:
        stored = json.loads(data)
        stored["claim_id"] = claim_id
        return outcome_from(rel, digest, stored, None)
    except (ValueError, TypeError, KeyError):
        return None


def row_of(outcome: FileOutcome, context: str) -> tuple[Any, ...]:
    """The row an outcome is stored as, judged in this context."""
    data = None
    if outcome.findings or outcome.loose:
        stored = outcome_data(outcome)
        del stored["claim_id"]
        data = json.dumps(stored, ensure_ascii=False)
    return (outcome.digest, context, outcome.claim_id, data, outcome.record, outcome.row)
