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

It holds under one key: a hash of the context the claims were judged in and of every
directory's listing as the run that made it saved them (its files' names and stamps), so a
run of another command that wrote the listings, or any damage, leaves it unused. A run
whose edits could change what was settled across files (validation.py says which) goes the
whole way instead, and makes a new one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..findings import Finding
from .outcomes import _finding_data, _finding_from

# (claim id, file of the first, file of the repeat, pointer of the repeat): Ledger.duplicates
Duplicate = tuple[str, str, str, tuple[Any, ...]]
# A directory's listing as stored: its context, names and stamps (bytes, or JSON text)
Head = tuple[str, str, Any]


@dataclass
class RunSummary:
    """What the one pass over every claim file gave, and what a later run needs to trust it."""

    key: str  # listings_key of the listings the run saved
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
        """Everything but the key and the named claims, as JSON (read back by `read`)."""
        return json.dumps(
            {
                "files": {
                    rel: [_finding_data(f) for f in found] for rel, found in self.files.items()
                },
                "duplicates": [list(item) for item in self.duplicates],
                "copies": [_finding_data(f) for f in self.copies],
                "involved": sorted(self.involved),
                "needed": sorted(self.needed),
                "ids": self.ids_in_use,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def read(cls, key: Any, data: Any, named: Any) -> RunSummary:
        """A summary from its stored row; ValueError (or TypeError, KeyError) when any part
        of it is not what `text` writes: it is then not used."""
        if not (type(key) is str and type(data) is str and type(named) is str):
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
            key,
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
    return _finding_from(data)


def listings_key(context: str, heads: Iterable[tuple[str, Head]]) -> str:
    """The hash of the context and of each directory's listing as stored (its context, names
    and stamps), in directory order: what a summary is kept under."""
    return key_of(context, head_digests(heads))


def head_digests(heads: Iterable[tuple[str, Head]]) -> dict[str, bytes]:
    """Each directory's listing as stored, hashed on its own: a run that changed a few
    directories hashes those again, not every one (see key_of)."""
    digests = {}
    for directory, (listed_in, names, stamps) in heads:
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{directory}\0{listed_in}\0{names}\0".encode("utf-8", "surrogatepass"))
        data = stamps if type(stamps) is bytes else f"{stamps}".encode()
        digest.update(b"b" if type(stamps) is bytes else b"j")
        digest.update(data)
        digests[directory] = digest.digest()
    return digests


def key_of(context: str, digests: dict[str, bytes]) -> str:
    """listings_key, from each directory's own hash (head_digests)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{context}\0".encode())
    for directory in sorted(digests):
        digest.update(digests[directory])
    return digest.hexdigest()
