"""What the cache keeps of each claims directory: its files as a run saw them, so that a run
need not read the outcomes of files it does not read again.

A warm run reads every directory's listing (100,000 files at 100,000 claims), so a listing is
stored in the form quickest to read back and check: each column of strings joined by NUL
(which no file name holds), the stamps as 64-bit integers. A column that form cannot hold
exactly (a value with a NUL in it, an empty one, a number out of range) is stored as JSON
instead and checked value by value, as any value read back is: a damaged or hostile row is
refused whole, never half-read. A run holds each listing much as it is stored (see
Listing): a warm run at a million claims holds every directory's.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from itertools import chain
from typing import Any

from .outcomes import Extra, FileOutcome, Kept
from .stamps import Figures, joined, packed

_SEP = "\0"
_INT64 = "q"  # lstat's size, times and inode: 8 bytes each (JSON for an inode beyond 2**63)
_SWAP = sys.byteorder != "little"  # stored little-endian, whichever machine wrote them


class Listing:
    """One directory's files as a run saw them: each file's name, stamp, digest, claim id and
    fingerprint, and what `extra_of` says of the few with findings or naming claims.

    A file whose stamp was not trusted (changed too recently) is stored with zeros, which
    no file's lstat gives (no inode is 0), so it is read again next time.

    The names are held as the one text they are stored as (see stamps.joined) and the
    digests, when each is 32 characters, as theirs, cut out when one is asked for: a warm
    run holds every directory's listing, and a string a file is 80 bytes more (a million
    claim files: 160 MB).
    """

    __slots__ = ("_digests", "context", "extra", "ids", "keys", "names", "stamps")

    def __init__(
        self,
        context: str,
        names: list[str] | str,
        stamps: Figures,
        digests: list[str | None] | str,
        ids: list[str | None],
        extra: dict[int, list[Any]] | dict[str, list[Any]],
        keys: list[str | None],
    ) -> None:
        self.context = context
        self.names = names if type(names) is str else joined(names)
        self.stamps = packed(stamps)  # compared with the scan's, which are packed too
        self._digests = _fixed(digests if type(digests) is str else joined(digests), len(ids))
        self.ids = ids
        # index -> [has findings, [claim ids named]]
        self.extra: dict[int, list[Any]] = {int(at): more for at, more in extra.items()}
        self.keys = keys  # each claim's fingerprint (checks.duplicates), None if none

    @classmethod
    def from_row(cls, context: Any, *columns: Any) -> Listing:
        """A listing from its stored row (names, stamps, digests, ids, keys, extra); ValueError
        when any part of it is not what a run writes."""
        names_text, stamps_data, digests_text, ids_text, keys_text, extra_text = columns
        names = text_of(names_text)
        if not names.startswith(_SEP):  # held as a run joins them, to compare whole
            names = joined(_strings(names, "a listing names a file with no name"))
        size = _count(names, "a listing names a file with no name")
        extra = json.loads(text_of(extra_text))
        if type(extra) is not dict:
            raise ValueError("a listing holds values of the wrong type")
        listing = cls(
            text_of(context),
            names,
            _stamps(stamps_data),
            text_of(digests_text),  # cut where it can be, else read as _strings reads it
            _strings(ids_text),
            {},
            _strings(keys_text),
        )
        digests = listing._digests
        if not (
            size * 4 == len(listing.stamps)
            and (type(digests) is str or size == len(digests))
            and size == len(listing.ids) == len(listing.keys)
        ):
            raise ValueError("a listing's columns differ in length")
        named_lists = []
        for at, more in extra.items():  # files with findings or naming claims
            if type(more) is not list or len(more) != 2:
                raise ValueError("a listing's findings point nowhere")
            own, named = more
            index = int(at)
            if not (0 <= index < size and type(own) is bool and type(named) is list):
                raise ValueError("a listing's findings point nowhere")
            listing.extra[index] = more
            named_lists.append(named)
        try:  # every claim id named is a string: joined at once (one check a claim id named
            # in a generator of its own was most of the time it took to read the listings)
            "".join(chain.from_iterable(named_lists))
        except TypeError:
            raise ValueError("a listing names claims by what is not a claim id") from None
        return listing

    def name_list(self) -> list[str]:
        """Its files' names, one string each (made anew: a caller holds them briefly)."""
        return names_of(self.names)

    def index(self, name: str) -> int | None:
        """Where this file is among its names, or None when it is not there."""
        text = self.names
        if not text.startswith(_SEP):
            names = self.name_list()
            return names.index(name) if name in names else None
        probe = f"{_SEP}{name}"
        at = text.find(probe + _SEP)
        if at < 0:
            at = len(text) - len(probe)
            if at < 0 or not text.endswith(probe):
                return None
        return text.count(_SEP, 0, at)

    def digest(self, at: int) -> str | None:
        """The digest of the file at this index."""
        digests = self._digests
        if type(digests) is str:
            return digests[at * 33 + 1 : at * 33 + 33]
        return digests[at]

    @property
    def digests(self) -> list[str | None]:
        """Every file's digest, one string each (made anew, when cut from one text)."""
        digests = self._digests
        return _strings(digests) if type(digests) is str else digests

    def columns(self) -> tuple[Any, ...]:
        """Everything it holds, to compare two listings."""
        return (
            self.context,
            self.names,
            self.stamps,
            self._digests if type(self._digests) is str else joined(self._digests),
            self.ids,
            self.extra,
            self.keys,
        )

    def row(self) -> tuple[Any, ...]:
        """The stored columns: names, stamps, digests, ids, keys, extra."""
        digests = self._digests
        return (
            self.names,
            stored_stamps(self.stamps),
            digests if type(digests) is str else joined(digests),
            joined(self.ids),
            joined(self.keys),
            json.dumps(self.extra, ensure_ascii=False, separators=(",", ":")),
        )


def _fixed(text: str, size: int) -> str | list[str | None]:
    """A joined column of `size` values each 32 characters, kept as it is (one is cut out
    when asked for); any other, one string a value."""
    if size and len(text) == size * 33 and text[::33] == _SEP * size and text.count(_SEP) == size:
        return text
    return _strings(text)


def _count(text: str, empty: str | None = None) -> int:
    """How many values a joined column holds, checked as `_strings` checks them."""
    if text.startswith(_SEP):
        if empty is not None and (_SEP * 2 in text or text.endswith(_SEP)):
            raise ValueError(empty)
        return text.count(_SEP)
    return len(_strings(text, empty))


class KeptFiles(Mapping[str, Kept]):
    """What the cache recorded of each file it answers for, by path: each made when asked,
    from the listings. A run holds nothing more a file: a directory kept whole is its
    listing and the paths the run already holds, and where a path is in it is found by
    going through them in order, as a run asks (a dict of every path was 40 bytes a file,
    an object for each 90, and a digest cut from its listing 80 more).

    A path not in order is looked for among its directory's (slower, but a run asks so of
    few: the files read again).
    """

    def __init__(
        self,
        whole: dict[str, tuple[Listing, list[str]]],
        some: dict[str, int],
        listings: dict[str, Listing],
    ) -> None:
        self._whole = whole  # directory -> its listing and paths, every file kept
        self._some = some  # path -> its index in its listing, in the other directories
        self._listings = listings
        self._next: dict[str, list[Any]] = {}  # what each kind of question asks next

    def _find(self, rel: str, asking: str) -> tuple[Listing, int] | None:
        going = self._next.get(asking)
        if going is not None:  # [listing, paths, index]: the next path of a directory
            listing, paths, at = going
            if at < len(paths) and paths[at] == rel:
                going[2] = at + 1
                return listing, at
        directory = rel.rpartition("/")[0]
        at = self._some.get(rel)
        if at is not None:
            return self._listings[directory], at
        kept = self._whole.get(directory)
        if kept is None:
            return None
        listing, paths = kept
        try:
            at = paths.index(rel)  # the first of its directory, as a run goes
        except ValueError:
            return None
        self._next[asking] = [listing, paths, at + 1]
        return listing, at

    def __contains__(self, rel: object) -> bool:
        return type(rel) is str and self._find(rel, "in") is not None

    def __len__(self) -> int:
        return len(self._some) + sum(len(paths) for _, paths in self._whole.values())

    def __iter__(self) -> Iterator[str]:
        for _, paths in self._whole.values():
            yield from paths
        yield from self._some

    def __getitem__(self, rel: str) -> Kept:
        listing, at = self.where(rel, "item")
        more = listing.extra.get(at)
        extra = None if more is None else Extra(*more)
        return Kept(listing.digest(at), listing.ids[at], extra, listing.keys[at])  # type: ignore[arg-type]

    def runs(self, rels: list[str]) -> Iterator[tuple[int, int, tuple[Listing, list[str]] | None]]:
        """rels (sorted) cut in runs, for a caller to take a directory at once rather than a
        file at a time: (start, stop, its listing and paths) for the files of a directory
        kept whole, as they come in rels; (at, at + 1, None) for each other file."""
        whole = self._whole
        at, end = 0, len(rels)
        while at < end:
            block = whole.get(rels[at].rpartition("/")[0])
            if block is not None:
                after = at + len(block[1])
                if rels[at:after] == block[1]:
                    yield at, after, block
                    at = after
                    continue
            yield at, at + 1, None
            at += 1

    def each(
        self, rels: list[str], skip: AbstractSet[str]
    ) -> Iterator[tuple[str | None, str | None]]:
        """(digest, claim id) of each of these files (sorted, each kept), as they come, a
        directory kept whole at once, unless one of its files is in `skip` (a run that
        takes every file went through them one by one: four passes of `self[rel]` were a
        fifth of the report's time after an edit at 100,000 claims); (None, None) for a
        file in `skip`."""
        for start, stop, block in self.runs(rels):
            if block is not None and skip.isdisjoint(block[1]):
                listing = block[0]
                yield from zip(listing.digests, listing.ids, strict=True)  # type: ignore[misc]
                continue
            for rel in rels[start:stop]:
                if rel in skip:
                    yield None, None
                else:
                    listing, at = self.where(rel, "each")
                    yield listing.digest(at), listing.ids[at]  # type: ignore[misc]

    def where(self, rel: str, asking: str = "where") -> tuple[Listing, int]:
        """The listing of this file's directory, and its index there; KeyError if not kept."""
        found = self._find(rel, asking)
        if found is None:
            raise KeyError(rel)
        return found

    def answered(self, paths: dict[str, list[str]], listings: dict[str, Listing]) -> KeptFiles:
        """Every file these files are, but those of these directories (paths: each one's
        files in its order) as the listings this run made for them answer for them."""
        if not paths:
            return self
        whole = {d: block for d, block in self._whole.items() if d not in paths}
        whole.update((d, (listings[d], files)) for d, files in paths.items())
        some = {r: at for r, at in self._some.items() if r.rpartition("/")[0] not in paths}
        made = {d: listings[d] for d in paths}
        return KeptFiles(whole, some, {**self._listings, **made})

    def own(self) -> list[tuple[str, str]]:
        """The files with findings of their own (read on every run), each with its digest."""
        found: list[tuple[str, str]] = []
        for directory, listing in self._listings.items():
            owned = [at for at, (own, _) in listing.extra.items() if own]
            if not owned:
                continue
            kept = self._whole.get(directory)
            if kept is not None:
                found.extend((kept[1][at], listing.digest(at)) for at in owned)  # type: ignore[misc]
                continue
            names = listing.name_list()
            for at in owned:
                rel = f"{directory}/{names[at]}"
                if self._some.get(rel) == at:
                    found.append((rel, listing.digest(at)))  # type: ignore[arg-type]
        return found


def text_of(value: Any) -> str:
    """A stored value that must be a string (SQLite keeps whatever type was written)."""
    if type(value) is not str:
        raise ValueError("a listing holds values of the wrong type")
    return value


def column(value: Any) -> list[str | None]:
    """A stored column of strings, one value each (ValueError when it is not one)."""
    return _strings(value)


def names_of(text: str) -> list[str]:
    """A directory's names, one string each, from the one text they are held as."""
    return _strings(text)  # type: ignore[return-value]  # no name is None


def _strings(value: Any, none: str | None = None) -> list[str | None]:
    """A column written by stamps.joined; with `none`, a column that holds no None (the error
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


def stored_stamps(stamps: Figures) -> bytes | str:
    """The stamps as 64-bit integers (as `packed` holds them), or JSON when one does not fit."""
    numbers = packed(stamps)
    if type(numbers) is not array:
        return json.dumps(list(numbers))
    if _SWAP:  # a copy: the listing's own array stays as the scan's compare with
        numbers = array(_INT64, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def _stamps(value: Any) -> Figures:
    """The stamps written by stored_stamps (an array, as the scan's are: see stamps.packed)."""
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
