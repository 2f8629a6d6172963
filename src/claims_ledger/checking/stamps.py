"""Claim files' stamps as a run holds and compares them: each directory's names as one text,
its files' size, times and inode packed as 64-bit integers.

Light on purpose (the standard library only): the processes that list a large ledger's
claim files before the command has imported its models (scanning.py) pack them too.
"""

from __future__ import annotations

import json
from array import array
from typing import Any

# A directory's claim files: their names (sorted), and their lstat size, mtime, ctime and
# inode four numbers a file in one row, as layout.claim_files gives them (once the run
# holds them, the names as one text and the figures packed: see `joined` and `packed`).
Figures = list[int] | array  # type: ignore[type-arg]
Stamps = dict[str, tuple[Any, Figures]]

_SEP = "\0"  # no file name holds it


def joined(values: list[str] | list[str | None]) -> str:
    """A column of strings as one text (None as ""): NUL before each, or JSON when that would
    not read back the same (a value with a NUL, an empty string, no values at all). A
    directory's names are held so (one string, not one a file: a name is 80 bytes as a
    string of its own), as the cache stores them, and compared whole."""
    text = _SEP + _SEP.join(["" if v is None else v for v in values])
    if values and "" not in values and text.count(_SEP) == len(values):
        return text
    return json.dumps(values, ensure_ascii=False)


def packed(figures: Figures) -> Figures:
    """Stamps as 64-bit integers in one array: 32 bytes a file where a list of four Python
    integers holds 160 (a run holds every file's, twice over on a warm run). A list whose
    numbers do not fit (an inode beyond 2**63) is kept as it is; it then equals no array,
    so such a file is read again, as any file whose stamp changed."""
    if type(figures) is array:
        return figures
    try:
        return array("q", figures)
    except OverflowError:
        return figures


def pack_all(stamps: Stamps) -> None:
    """Every directory's names joined and figures packed, in place (see `joined`, `packed`)."""
    for directory, (names, figures) in stamps.items():
        text = names if type(names) is str else joined(names)
        stamps[directory] = (text, packed(figures))
