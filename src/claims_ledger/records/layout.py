"""Where a ledger's files are: its fixed paths, its top, and the claim files under claims/
with their stamps.

Light on purpose (the standard library, errors and findings only): the command line starts
listing a large ledger's claim files in other processes before it imports the models
(see checking/scanning.py), and those processes import nothing more.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import LedgerError
from ..findings import Finding

MANIFEST = "seeds/documents.yaml"
ENTITIES = "claims/entities.yaml"
PROPERTIES = "claims/properties.yaml"
CLAIMS_DIR = "claims"
# A file whose stamp (size, times, inode) is kept to know it by later (the cache's claim
# files, its seeds) is not known so when it changed this recently: a second edit in the
# same clock tick could leave its times as they were.
RACY_SECONDS = 2.0
SEEDS_DIR = "seeds"
VOCABULARY = {ENTITIES, PROPERTIES}
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0)


def find_root(start: Path) -> Path:
    """The ledger root: the nearest directory at or above `start` holding seeds/documents.yaml."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / MANIFEST).is_file():
            return candidate
    raise LedgerError(
        f"no ledger found at {start} or above it (looked for {MANIFEST}): "
        "run inside a claims-ledger repository or pass --root"
    )


def claim_files(
    root: Path,
    stamps: dict[str, tuple[list[str], list[int]]] | None = None,
    paths: bool = True,
    share: tuple[int, int] = (0, 1),
) -> tuple[list[str], list[Finding]]:
    """Every claim file under claims/, sorted, and findings for what does not belong there.

    With `stamps`, each directory's claim files are put there too (directory -> their names,
    sorted, and each one's lstat size, mtime, ctime and inode, four numbers a file in one
    row): what the cache compares, learnt in the same pass, one system call a file. Without
    `paths`, the files are only put in `stamps` and none is listed (a hundred bytes a file
    that a caller rebuilding the paths from the names would hold for nothing).

    `share` (k, n): only the k-th of every n directories directly under claims/, and (for
    k 0) what claims/ itself holds, so that n processes can list a large ledger together
    (see `walk_order`, for putting their findings back in one order).
    """
    found: list[str] | None = [] if paths else None
    stray: list[Finding] = []
    part, parts = share
    if (root / CLAIMS_DIR).is_symlink():  # never followed, wherever it points
        message = "claims/ is a symbolic link: commit the directory itself; nothing in it was read"
        return [], [Finding("unsafe-path", message, CLAIMS_DIR, 1, 1)] if part == 0 else []
    if not (root / CLAIMS_DIR).is_dir():
        return [], stray
    top = f"{root}{os.sep}"
    by_fd = os.scandir in os.supports_fd  # stat by name within the directory: cheaper
    pending = [CLAIMS_DIR]  # depth first, in name order, as os.walk would go
    while pending:
        here = pending.pop()
        try:
            handle = os.open(top + here, _DIRECTORY) if by_fd else -1
        except OSError:
            continue  # unreadable: skipped, as os.walk skips it
        try:  # the handle stays open while the entries are stat'ed by name within it
            entries = _listing(handle if by_fd else top + here)
            if entries is None:
                continue
            if here != CLAIMS_DIR or parts == 1:
                below = _sort_entries(here, entries, found, stray, stamps)
            elif part == 0:
                below = _sort_entries(here, entries, found, stray, stamps)[::parts]
            else:  # claims/ itself is the first share's: its directories are counted here
                below = _sort_entries(here, entries, None, [], None)[part::parts]
            pending.extend(reversed(below))
        finally:
            if by_fd:
                os.close(handle)
    return sorted(found or ()), stray


def walk_order(finding: Finding) -> tuple[list[str], str]:
    """Where claim_files met a finding's file: a directory's own entries, in name order,
    before what its subdirectories hold."""
    *folders, name = finding.file.split("/")
    return folders, name


def _listing(directory: int | str) -> list[os.DirEntry[str]] | None:
    """A directory's entries in name order, or None when it cannot be listed (skipped)."""
    try:
        with os.scandir(directory) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return None


def _sort_entries(
    here: str,
    entries: list[os.DirEntry[str]],
    found: list[str] | None,
    stray: list[Finding],
    stamps: dict[str, tuple[list[str], list[int]]] | None,
) -> list[str]:
    """Sort one directory's entries: claim files into `found` (unless None) and `stamps`,
    what does not belong into `stray`; return its subdirectories. One loop a directory, no
    call a file."""
    names: list[str] = []
    figures: list[int] = []
    below: list[str] = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        rel = f"{here}/{name}"
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir and entry.is_symlink():  # os.walk would skip it silently
            stray.append(_linked_directory(rel))
        elif is_dir:
            below.append(rel)
        elif rel in VOCABULARY:
            continue
        elif not name.endswith(".yaml"):
            stray.append(_stray_file(rel))
        else:
            if found is not None:
                found.append(rel)
            if stamps is not None:
                names.append(name)
                try:
                    stat = entry.stat(follow_symlinks=False)
                    figures += (
                        stat.st_size,
                        stat.st_mtime_ns,
                        stat.st_ctime_ns,
                        stat.st_ino,
                    )
                except OSError:  # gone since it was listed: never matches a record
                    figures += (-1, -1, -1, -1)
    if stamps is not None and names:
        stamps[here] = (names, figures)
    return below


def _linked_directory(rel: str) -> Finding:
    return Finding(
        "unsafe-path",
        "the directory is a symbolic link: commit the claim files themselves",
        rel,
        1,
        1,
    )


def _stray_file(rel: str) -> Finding:
    return Finding(
        "stray-file",
        "only <slug>.yaml claim files belong under claims/: rename it to .yaml or move it out",
        rel,
        1,
        1,
    )
