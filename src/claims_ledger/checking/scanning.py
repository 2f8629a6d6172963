"""Listing a large ledger's claim files in a second process, while the first reads the rest.

Listing and stat'ing 100,000 claim files takes as long as reading the vocabulary, and
neither needs the other (see validation.py, where a run begins).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import time
from multiprocessing.connection import Connection
from pathlib import Path

from ..findings import Finding
from ..records.layout import CLAIMS_DIR, claim_files, walk_order
from .stamps import Figures, Stamps, joined, pack_all, packed

# A cache file this large was written for a ledger of some thousands of claims: worth
# listing its claim files in a second process.
SCAN_APART_FROM = 1 << 20
# Without a cache to judge by: this many directories under claims/ (one a document) hold
# some thousands of claims too.
SCAN_DIRECTORIES_FROM = 100


def directories(root: Path) -> int:
    """How many directories claims/ holds, from its link count alone (2 plus its
    subdirectories on most file systems; 0 where the count says nothing, as on btrfs)."""
    try:
        return max(0, os.lstat(root / CLAIMS_DIR).st_nlink - 2)
    except OSError:
        return 0


# Directories a message: the listing is sent a part at a time, so that neither process
# holds all of it twice, as objects and pickled (70 MB each at a million claim files, while
# the parent holds most of its own memory).
_AT_ONCE = 1000


class Scan:
    """claim_files with stamps, run by forked processes; their results sent back by pipes.

    Stat'ing each file is most of the listing's time, and the process that reads the
    vocabulary meanwhile finishes first: with `parts` processes, each lists its share of
    the directories (claim_files' `share`), and the cores are kept busy until the end.
    Unstamped (no cache to compare them with), each directory's names come without their
    figures (an empty list), and no file is stat'ed.
    """

    def __init__(self, root: Path, stamped: bool = True, parts: int = 1) -> None:
        self.shape = (root, stamped, parts)  # what it lists, and how
        self.started = time.time()  # (before any file is stat'ed)
        context = multiprocessing.get_context("fork")
        self.receivers: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for part in range(parts):
            receiver, sender = context.Pipe(duplex=False)
            share = (part, parts)
            process = context.Process(
                target=_scan_into, args=(root, sender, stamped, share), daemon=True
            )
            process.start()
            sender.close()
            self.receivers.append(receiver)
            self.processes.append(process)

    def result(self) -> tuple[list[Finding], Stamps] | None:
        """The stray findings and stamps, or None if a process failed (then scan here)."""
        stray: list[Finding] = []
        stamps: Stamps = {}
        try:
            for receiver in self.receivers:
                stray += receiver.recv()
                while (part := receiver.recv()) is not None:  # some directories at a time
                    stamps.update(part)
        except (EOFError, OSError, pickle.UnpicklingError):
            return None
        if len(self.receivers) > 1:
            stray.sort(key=walk_order)  # as one process would have met them
        return stray, stamps

    def close(self) -> None:
        """Stop the processes if their results were never asked for (this run failed first)."""
        for receiver, process in zip(self.receivers, self.processes, strict=True):
            receiver.close()
            if process.is_alive():
                process.join(timeout=1)
                if process.is_alive():
                    process.terminate()
                    process.join()


# The scan a command started before importing what it runs (see cli/early.py), until the
# run that needs it takes it.
_early: list[Scan] = []


def start_early(root: Path, stamped: bool, parts: int) -> None:
    """Start listing now, for a run that will ask for this very scan (`take_early`)."""
    drop_early()
    _early.append(Scan(root, stamped, parts))


def take_early(root: Path, stamped: bool, parts: int) -> Scan | None:
    """The scan started early, when it lists what this run needs, as it needs it; any other
    is stopped (the run lists again)."""
    scan = _early.pop() if _early else None
    if scan is not None and scan.shape != (root, stamped, parts):
        scan.close()
        return None
    return scan


def drop_early() -> None:
    """Stop a scan started early that no run took."""
    while _early:
        _early.pop().close()


class _Packing(dict):  # type: ignore[type-arg]
    """Stamps whose names are joined and figures packed as each directory's are put in (see
    stamps.joined and packed), so that the whole ledger's are never held as a Python
    object a name and integers (five times the bytes: 150 MB at a million claim files, held
    while the parent's own memory grows), nor sent or received so."""

    def __setitem__(self, directory: str, value: tuple[list[str], Figures]) -> None:
        names, figures = value
        super().__setitem__(directory, (joined(names), packed(figures)))


def _scan_into(
    root: Path, sender: Connection, stamped: bool = True, share: tuple[int, int] = (0, 1)
) -> None:
    stamps: Stamps = {}
    if stamped:
        packing = _Packing()
        _, stray = claim_files(root, packing, paths=False, share=share)  # the parent makes paths
        stamps = dict(packing)
        pack_all(stamps)  # any a directory put in otherwise
    else:
        rels, stray = claim_files(root, share=share)
        for rel in rels:
            here, _, name = rel.rpartition("/")
            stamps.setdefault(here, ([], []))[0].append(name)
    with contextlib.suppress(OSError):  # the parent stopped listening: it failed first
        sender.send(stray)
        directories = list(stamps)
        for at in range(0, len(directories), _AT_ONCE):  # each part let go once sent
            sender.send({d: stamps.pop(d) for d in directories[at : at + _AT_ONCE]})
        sender.send(None)  # the end
    sender.close()
