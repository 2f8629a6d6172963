"""Listing a large ledger's claim files in a second process, while the first reads the rest.

Listing and stat'ing 100,000 claim files takes as long as reading the vocabulary, and
neither needs the other (see validation.py, where a run begins).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
from multiprocessing.connection import Connection
from pathlib import Path

from .findings import Finding
from .loading import claim_files
from .outcomes import Stamps

# A cache file this large was written for a ledger of some thousands of claims: worth
# listing its claim files in a second process.
SCAN_APART_FROM = 1 << 20


class Scan:
    """claim_files with stamps, run by a forked process; its result sent back by a pipe."""

    def __init__(self, root: Path) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_scan_into, args=(root, sender), daemon=True)
        self.process.start()
        sender.close()

    def result(self) -> tuple[list[Finding], Stamps] | None:
        """The stray findings and stamps, or None if the process failed (then scan here)."""
        try:
            return self.receiver.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError, pickle.UnpicklingError):
            return None

    def close(self) -> None:
        """Stop the process if its result was never asked for (this run failed first)."""
        self.receiver.close()
        if self.process.is_alive():
            self.process.join(timeout=1)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join()


def _scan_into(root: Path, sender: Connection) -> None:
    stamps: Stamps = {}
    _, stray = claim_files(root, stamps)  # the parent rebuilds the paths: half the bytes
    with contextlib.suppress(OSError):  # the parent stopped listening: it failed first
        sender.send((stray, stamps))
    sender.close()
