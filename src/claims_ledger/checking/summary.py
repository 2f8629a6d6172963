"""What the last `claims validate` found across the ledger, kept in the cache, so that a run
after an edit that touches only what each edited file says of itself reads no other file's
listing.

A warm run after one edit spent most of its time on every other file: reading each
directory's listing back (every file's name, digest, claim id and fingerprint), then one
pass over all of them to find duplicate ids and copies and to settle the claims each file
names. That pass gives the same answer as last time unless an edit changed a claim id, a
fingerprint in a way that makes or breaks a copy, the claims a file names, or the status of
a claim another cites to refute. The summary keeps what the pass gave (each file's findings,
the duplicates, the copies) and what a run needs to tell whether an edit can change it.

It holds for the listings it was made with: the cache counts every write of a listing
(cache.py), and a summary is used only while that count is the one it was written at, and
only for the context it was made in. A run of another command that wrote listings, or one
of another run that wrote meanwhile, leaves it unused. A run whose edits could change what
was settled across files (rerun.py says which) goes the whole way instead, and makes a new
one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..findings import Finding
from .outcomes import finding_data, finding_from

# (claim id, file of the first, file of the repeat, pointer of the repeat): Ledger.duplicates
Duplicate = tuple[str, str, str, tuple[Any, ...]]


@dataclass
class RunSummary:
    """What the one pass over every claim file gave, and what a later run needs to trust it."""

    listed: int  # the count of listing writes it holds at (see cache.py)
    context: str  # what the claims were judged in (gathering.context_digest)
    files: dict[str, list[Finding]]  # each claim file's findings, as that run gave them
    duplicates: list[Duplicate]  # claim ids held by two files (Ledger.duplicates)
    copies: list[Finding]  # duplicate-claim findings
    involved: frozenset[str]  # every file in a duplicate or a copy
    needed: frozenset[str]  # files whose claim another cites to refute (its status matters)
    ids_in_use: str  # the digest of every claim id, that hints are kept under
    named: str  # JSON: each claim id a file names that a claim has -> that claim's file

    def named_files(self) -> dict[str, str]:
        """The files of the claims that files name (read only when an edited file names one);
        ValueError when the stored text is not what `text` wrote."""
        named = json.loads(self.named)
        if type(named) is not dict or not all(type(v) is str for v in named.values()):
            raise ValueError("a stored summary names claims wrongly")
        return named

    def text(self) -> str:
        """Everything but the count, the context and the named claims, as JSON (read back by
        `read`)."""
        return json.dumps(
            {
                "files": {
                    rel: [finding_data(f) for f in found] for rel, found in self.files.items()
                },
                "duplicates": [list(item) for item in self.duplicates],
                "copies": [finding_data(f) for f in self.copies],
                "involved": sorted(self.involved),
                "needed": sorted(self.needed),
                "ids": self.ids_in_use,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def read(cls, listed: Any, context: Any, data: Any, named: Any) -> RunSummary:
        """A summary from its stored row; ValueError (or TypeError, KeyError) when any part
        of it is not what `text` writes: it is then not used."""
        if not (type(listed) is int and all(type(v) is str for v in (context, data, named))):
            raise ValueError("a stored summary holds values of the wrong type")
        made = json.loads(data)
        files = made["files"]
        strings = (made["involved"], made["needed"])
        if not (
            type(files) is dict
            and all(type(found) is list for found in files.values())
            and type(made["duplicates"]) is list
            and type(made["copies"]) is list
            and all(type(s) is list and all(type(v) is str for v in s) for s in strings)
            and type(made["ids"]) is str
        ):
            raise ValueError("a stored summary holds values of the wrong type")
        duplicates: list[Duplicate] = []
        for item in made["duplicates"]:
            claim_id, first, again, pointer = item
            if not (type(claim_id) is str and type(first) is str and type(again) is str):
                raise ValueError("a stored duplicate is not two files")
            duplicates.append((claim_id, first, again, tuple(pointer)))
        return cls(
            listed,
            context,
            {rel: [_checked(f) for f in found] for rel, found in files.items()},
            duplicates,
            [_checked(f) for f in made["copies"]],
            frozenset(made["involved"]),
            frozenset(made["needed"]),
            made["ids"],
            named,
        )


def _checked(data: Any) -> Finding:
    """A stored finding, its parts checked for their types (a file's or message's text is
    printed; a line and column are compared)."""
    if type(data) is not list or len(data) != 8:
        raise ValueError("a stored finding is not one")
    code, message, file, line, column, _, claims, pointer = data
    if not (
        type(code) is str
        and type(message) is str
        and type(file) is str
        and type(line) is int
        and type(column) is int
        and type(claims) is list
        and all(type(c) is str for c in claims)
        and type(pointer) is list
        and all(type(step) in (str, int) for step in pointer)
    ):
        raise ValueError("a stored finding holds values of the wrong type")
    return finding_from(data)
