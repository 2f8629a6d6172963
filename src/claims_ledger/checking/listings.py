"""What the cache keeps of each claims directory: its files as a run saw them, so that a run
need not read the outcomes of files it does not read again.

A warm run reads every directory's listing (100,000 files at 100,000 claims), so a listing is
stored in the form quickest to read back and check: each column of strings joined by NUL
(which no file name holds), the stamps as 64-bit integers. A column that form cannot hold
exactly (a value with a NUL in it, an empty one, a number out of range) is stored as JSON
instead and checked value by value, as any value read back is: a damaged or hostile row is
refused whole, never half-read.
"""

from __future__ import annotations

import json
import sys
from array import array
from itertools import chain
from typing import Any

from .outcomes import Extra, Figures, FileOutcome, packed

_SEP = "\0"
_INT64 = "q"  # lstat's size, times and inode: 8 bytes each (JSON for an inode beyond 2**63)
_SWAP = sys.byteorder != "little"  # stored little-endian, whichever machine wrote them


class Listing:
    """One directory's files as a run saw them: each file's name, stamp, digest, claim id and
    fingerprint, and what `extra_of` says of the few with findings or naming claims.

    A file whose stamp was not trusted (changed too recently) is stored with zeros, which
    no file's lstat gives (no inode is 0), so it is read again next time.
    """

    __slots__ = ("context", "digests", "extra", "ids", "keys", "names", "stamps")

    def __init__(
        self,
        context: str,
        names: list[str],
        stamps: Figures,
        digests: list[str | None],
        ids: list[str | None],
        extra: dict[str, list[Any]],
        keys: list[str | None],
    ) -> None:
        self.context = context
        self.names = names
        self.stamps = packed(stamps)  # compared with the scan's, which are packed too
        self.digests = digests
        self.ids = ids
        self.extra = extra  # str(index) -> [has findings, [claim ids named]]
        self.keys = keys  # each claim's fingerprint (checks.duplicates), None if none

    @classmethod
    def from_row(cls, context: Any, *columns: Any) -> Listing:
        """A listing from its stored row (names, stamps, digests, ids, keys, extra); ValueError
        when any part of it is not what a run writes."""
        names_text, stamps_data, digests_text, ids_text, keys_text, extra_text = columns
        names = _strings(names_text, "a listing names a file with no name")
        listing = cls(
            text_of(context),
            names,  # type: ignore[arg-type]  # no name is None: refused by _strings
            _stamps(stamps_data),
            _strings(digests_text),
            _strings(ids_text),
            json.loads(text_of(extra_text)),
            _strings(keys_text),
        )
        size = len(names)
        if not (
            size * 4 == len(listing.stamps)
            and size == len(listing.digests) == len(listing.ids) == len(listing.keys)
        ):
            raise ValueError("a listing's columns differ in length")
        if type(listing.extra) is not dict:
            raise ValueError("a listing holds values of the wrong type")
        named_lists = []
        for at, (own, named) in listing.extra.items():  # files with findings or naming claims
            if not (0 <= int(at) < size and type(own) is bool and type(named) is list):
                raise ValueError("a listing's findings point nowhere")
            named_lists.append(named)
        try:  # every claim id named is a string: joined at once (one check a claim id named
            # in a generator of its own was most of the time it took to read the listings)
            "".join(chain.from_iterable(named_lists))
        except TypeError:
            raise ValueError("a listing names claims by what is not a claim id") from None
        return listing

    def columns(self) -> tuple[Any, ...]:
        """Everything it holds, to compare two listings."""
        return (
            self.context,
            self.names,
            self.stamps,
            self.digests,
            self.ids,
            self.extra,
            self.keys,
        )

    def row(self) -> tuple[Any, ...]:
        """The stored columns: names, stamps, digests, ids, keys, extra."""
        return (
            _joined(self.names),
            _packed(self.stamps),
            _joined(self.digests),
            _joined(self.ids),
            _joined(self.keys),
            json.dumps(self.extra, ensure_ascii=False, separators=(",", ":")),
        )

    def extras(self) -> list[Extra | None]:
        """Each file's Extra, None for a file with no findings that names no claim."""
        extras: list[Extra | None] = [None] * len(self.names)
        for at, (own, named) in self.extra.items():
            extras[int(at)] = Extra(own, named)
        return extras


def text_of(value: Any) -> str:
    """A stored value that must be a string (SQLite keeps whatever type was written)."""
    if type(value) is not str:
        raise ValueError("a listing holds values of the wrong type")
    return value


def _joined(values: list[str] | list[str | None]) -> str:
    """A column of strings (None as ""): NUL before each, or JSON when that would not read
    back the same (a value with a NUL, an empty string, no values at all)."""
    joined = _SEP + _SEP.join(["" if v is None else v for v in values])
    if values and "" not in values and joined.count(_SEP) == len(values):
        return joined
    return json.dumps(values, ensure_ascii=False)


def _strings(value: Any, none: str | None = None) -> list[str | None]:
    """A column written by _joined; with `none`, a column that holds no None (the error
    when it does), checked as it is read rather than in a second pass over it."""
    text = text_of(value)
    if text.startswith(_SEP):
        parts: list[str | None] = text[1:].split(_SEP)  # type: ignore[assignment]
        if "" in parts:
            if none is not None:
                raise ValueError(none)
            parts = [part or None for part in parts]
        return parts
    parts = json.loads(text)
    if not (isinstance(parts, list) and all(p is None or type(p) is str for p in parts)):
        raise ValueError("a listing holds values of the wrong type")
    if none is not None and None in parts:
        raise ValueError(none)
    return parts


def _packed(stamps: Figures) -> bytes | str:
    """The stamps as 64-bit integers (as `packed` holds them), or JSON when one does not fit."""
    numbers = packed(stamps)
    if type(numbers) is not array:
        return json.dumps(list(numbers))
    if _SWAP:  # a copy: the listing's own array stays as the scan's compare with
        numbers = array(_INT64, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def _stamps(value: Any) -> Figures:
    """The stamps written by _packed (an array, as the scan's are: see outcomes.packed)."""
    if type(value) is bytes:
        numbers = array(_INT64)
        numbers.frombytes(value)  # ValueError when not a whole number of them
        if _SWAP:
            numbers.byteswap()
        return numbers
    stamps = json.loads(text_of(value))
    if not (isinstance(stamps, list) and all(type(figure) is int for figure in stamps)):
        raise ValueError("a listing holds values of the wrong type")
    return stamps


def extra_of(outcome: FileOutcome) -> Extra | None:
    """What a run must know of an outcome it does not load: findings, and claims named."""
    if not outcome.findings and not outcome.loose:
        return None
    # a claim cited to refute is judged again on every run (its status may have changed
    # since): the outcome counts as having findings of its own, so it is always read
    judged = any(item.needs is not None for item in outcome.loose)
    return Extra(bool(outcome.findings) or judged, [item.target for item in outcome.loose])
