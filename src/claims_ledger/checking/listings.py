"""What the cache keeps of each claims directory: its files as a run saw them, so that a run
need not read the outcomes of files it does not read again."""

from __future__ import annotations

import json
from typing import Any

from .outcomes import Extra, FileOutcome


class Listing:
    """One directory's files as a run saw them, in the JSON form it is stored in.

    A file whose stamp was not trusted (changed too recently) is stored with zeros, which
    no file's lstat gives (no inode is 0), so it is read again next time.
    """

    __slots__ = ("context", "digests", "extra", "ids", "keys", "names", "stamps")

    def __init__(
        self,
        context: str,
        names: list[str],
        stamps: list[int],
        digests: list[str | None],
        ids: list[str | None],
        extra: dict[str, list[Any]],
        keys: list[str | None],
    ) -> None:
        self.context = context
        self.names = names
        self.stamps = stamps
        self.digests = digests
        self.ids = ids
        self.extra = extra  # str(index) -> [has findings, [claim ids named]]
        self.keys = keys  # each claim's fingerprint (checks.duplicates), None if none

    @classmethod
    def parse(cls, context: str, body: str) -> Listing:
        data = json.loads(body)
        listing = cls(
            context,
            *(data[key] for key in ("names", "stamps", "digests", "ids", "extra", "keys")),
        )
        if not (
            len(listing.names) * 4 == len(listing.stamps)
            and len(listing.digests) == len(listing.names) == len(listing.ids)
            and len(listing.keys) == len(listing.names)
        ):
            raise ValueError("a listing's columns differ in length")
        if not (
            all(type(name) is str for name in listing.names)
            and all(type(figure) is int for figure in listing.stamps)
            and all(d is None or type(d) is str for d in listing.digests)
            and all(i is None or type(i) is str for i in listing.ids)
            and all(k is None or type(k) is str for k in listing.keys)
            and isinstance(listing.extra, dict)
        ):
            raise ValueError("a listing holds values of the wrong type")
        size = len(listing.names)
        for at, (own, named) in listing.extra.items():  # few: only files with findings
            if not (0 <= int(at) < size and isinstance(own, bool) and isinstance(named, list)):
                raise ValueError("a listing's findings point nowhere")
        return listing

    def body(self) -> str:
        data = {
            "names": self.names,
            "stamps": self.stamps,
            "digests": self.digests,
            "ids": self.ids,
            "extra": self.extra,
            "keys": self.keys,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def extra_of(outcome: FileOutcome) -> Extra | None:
    """What a run must know of an outcome it does not load: findings, and claims named."""
    if not outcome.findings and not outcome.loose:
        return None
    # a claim cited to refute is judged again on every run (its status may have changed
    # since): the outcome counts as having findings of its own, so it is always read
    judged = any(item.needs is not None for item in outcome.loose)
    return Extra(bool(outcome.findings) or judged, [item.target for item in outcome.loose])
