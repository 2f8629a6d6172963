"""Seed files: resolved safely inside seeds/, checked against the manifest's hash and spans;
and each claim's quote anchored in its seed.

A document's `file` comes from a pull request, so it is treated as hostile: no absolute
path, no "..", no symbolic link; the resolved path must stay inside seeds/.

A cached run knows each seed file by its stamp (SeedStamps): one whose size, times and
inode are those recorded is not read to learn its hash and lines, and its text is read
only when a quote is anchored in it (LaterSeed). At 100,000 claims that is 15 MB a run
not read, decoded, hashed and split into lines (about 0.1 s) when a few files changed.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from array import array
from collections.abc import Generator, Iterable, Iterator
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import LedgerError
from ..findings import Finding
from ..reading.anchoring import Anchor, AnchorProblem, SeedText, anchor
from .layout import MANIFEST, RACY_SECONDS, SEEDS_DIR
from .loading import Ledger
from .models import Claim

MAX_SEED_BYTES = 16 * 1024 * 1024
_OPEN = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _safe_path(root: Path, name: str, linked: bool | None = None) -> Path | str:
    """The seed's path, or why it is refused. `linked`: whether seeds/ itself is a
    symbolic link, found once a run by the caller (None: found here)."""
    parts: tuple[str, ...] = (name,)
    if not _plain(name):  # (most are: not taken apart, 24 us a seed before)
        pure = PurePosixPath(name)
        if pure.is_absolute() or "\\" in name or (len(name) > 1 and name[1] == ":"):
            return "is an absolute path"
        if any(part in ("..", "") for part in pure.parts) or name != pure.as_posix():
            return "must be a plain file name inside seeds/ (no '..')"
        if "\0" in name:
            return "contains a NUL character: no file has that name"
        parts = pure.parts
    # seeds/ itself is checked too: a linked seeds/ would take every seed from elsewhere
    if (root / SEEDS_DIR).is_symlink() if linked is None else linked:
        return "is in seeds/, which is a symbolic link; commit the seeds/ directory itself"
    # With no part "..", and none a link, the path stays inside seeds/: one lstat a part
    # (resolving the whole path, as a check after these, cost ten times that a seed).
    probe = f"{root}{os.sep}{SEEDS_DIR}"
    for part in parts:
        probe = f"{probe}{os.sep}{part}"
        try:
            if stat.S_ISLNK(os.lstat(probe).st_mode):
                return "is a symbolic link; commit the file itself into seeds/"
        except OSError:
            break  # missing or unreadable: reading it says which
    return Path(f"{root}{os.sep}{SEEDS_DIR}{os.sep}{os.sep.join(parts)}")


def _plain(name: str) -> bool:
    """Whether a seed's name is a plain file name: no separator, drive, NUL, "." or ".."
    (what _safe_path checks part by part, in one go)."""
    return (
        name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
        and not (len(name) > 1 and name[1] == ":")
    )


def _read_seed(path: Path) -> tuple[bytes, os.stat_result] | tuple[str, str]:
    """The seed's bytes and its fstat, or (code, why not). Only a regular file is read:
    opened without following a link or waiting on a FIFO, then checked with fstat before
    any read."""
    try:
        fd = os.open(path, _OPEN)
    except FileNotFoundError:
        return "seed-missing", "does not exist: add the seed or fix the name"
    except OSError as error:
        return "unreadable", f"cannot be read ({error.strerror})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "unreadable", "is not a regular file (a FIFO, device or directory): not read"
        if info.st_size > MAX_SEED_BYTES:
            return "file-too-large", f"is over {MAX_SEED_BYTES} bytes"
        data = b""
        while len(data) <= MAX_SEED_BYTES and (chunk := os.read(fd, info.st_size + 1)):
            data += chunk
    except OSError as error:
        return "unreadable", f"cannot be read ({error.strerror})"
    finally:
        os.close(fd)
    if len(data) > MAX_SEED_BYTES:
        return "file-too-large", f"is over {MAX_SEED_BYTES} bytes"
    return data, info


_INT64 = "q"


def stamp_of(info: os.stat_result) -> str:
    """What identifies a version of a file without reading it, as git's index does."""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


class SeedChanged(LedgerError):
    """A seed known by its stamp held other bytes when its text was read, later in the run."""


class LaterSeed(SeedText):
    """A seed known by its stamp: its lines and length as recorded, its text read when
    first asked for, and refused (SeedChanged) unless its bytes have the recorded hash."""

    __slots__ = ("_length", "_name", "_path", "sha256")

    def __init__(self, name: str, path: Path, sha256: str, starts: array[int], length: int):
        object.__setattr__(self, "line_starts", starts)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "sha256", sha256)
        object.__setattr__(self, "_length", length)

    def __getattr__(self, name: str) -> Any:  # only for what is not set: the text
        if name != "text":
            raise AttributeError(name)
        read = _read_seed(self._path)
        if type(read[0]) is str or hashlib.sha256(read[0]).hexdigest() != self.sha256:
            raise SeedChanged(
                f"seeds/{self._name} changed while this run was reading the ledger: run "
                "the command again"
            )
        text = read[0].decode("utf-8")  # (the bytes it had when recorded: UTF-8)
        object.__setattr__(self, "text", text)
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # sent to a spawned worker as text and lines
        return SeedText, (self.text, self.line_starts)

    @property
    def line_count(self) -> int:
        ends_line = self._length > 0 and self.line_starts[-1] == self._length
        return len(self.line_starts) - (1 if ends_line else 0)

    def span(self, first: int, last: int) -> tuple[int, int]:
        starts = self.line_starts
        end = starts[last] - 1 if last < len(starts) else self._length
        return starts[first - 1], end


class SeedStamps:
    """Seed files by name: what the cache knew of each (`known`: its stamp, sha256, line
    starts and length) and what this run used or learnt (`used`, which the cache keeps)."""

    __slots__ = ("known", "used")

    def __init__(self, known: dict[str, tuple[Any, ...]] | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, tuple[str, str, bytes, int]] = {}

    def later(self, name: str, path: Path) -> LaterSeed | None:
        """The seed as recorded, when the file still has the recorded stamp and what was
        recorded holds together (else None: it is read)."""
        stored = self.known.get(name)
        if stored is None or len(stored) != 4:
            return None
        stamp, sha256, starts_data, length = stored
        if not (
            type(stamp) is str
            and type(sha256) is str
            and len(sha256) == 64
            and type(starts_data) is bytes
            and type(length) is int
        ):
            return None
        try:
            if stamp_of(os.lstat(path)) != stamp:
                return None
            starts = array(_INT64)
            starts.frombytes(starts_data)
        except (OSError, ValueError):
            return None
        if not starts or starts[0] != 0 or starts[-1] > length:
            return None
        self.used[name] = (stamp, sha256, starts_data, length)
        return LaterSeed(name, path, sha256, starts, length)

    def learn(self, name: str, info: os.stat_result, sha256: str, seed: SeedText) -> None:
        """Record a seed this run read, unless it changed too recently to be known so."""
        if time.time() - info.st_mtime <= RACY_SECONDS:
            return
        starts = seed.line_starts.tobytes()  # (SeedText.of makes them 64-bit integers)
        self.used[name] = (stamp_of(info), sha256, starts, len(seed.text))

    @property
    def changed(self) -> bool:
        """Whether what the cache should keep differs from what it gave."""
        return self.used != self.known


def load_seeds(ledger: Ledger, stamps: SeedStamps | None = None) -> Iterator[Finding]:
    """Read every seed the manifest names, fill ledger.seeds and ledger.spans, yield problems.
    With `stamps`, a seed whose stamp is known is not read, and each read is recorded."""
    by_file: dict[str, list[tuple[int, int, str, int]]] = {}
    checked: dict[str, Path | str] = {}  # several documents share one seed file
    linked = (ledger.root / SEEDS_DIR).is_symlink()
    for number, doc_id in enumerate(list(ledger.documents)):
        document = ledger.documents[doc_id]
        if not (yield from _load_seed(ledger, doc_id, number, checked, linked, stamps)):
            continue
        seed = ledger.seeds.get(document.file)
        if seed is None:
            continue
        first, last = document.lines.first, document.lines.last
        if last < first or last > seed.line_count:
            yield Finding(
                "span-out-of-range",
                f"document {doc_id}: lines {first}-{last} run past seeds/{document.file}, "
                f"which has {seed.line_count} lines",
                MANIFEST,
                pointer=("documents", number, "lines"),
            )
            continue
        ledger.spans[doc_id] = start, end = seed.span(first, last)
        ledger.passages[doc_id] = (seed, start, end)
        by_file.setdefault(document.file, []).append((first, last, doc_id, number))
    yield from _overlaps(by_file)


def _load_seed(
    ledger: Ledger,
    doc_id: str,
    number: int,
    checked: dict[str, Path | str],
    linked: bool,
    stamps: SeedStamps | None,
) -> Generator[Finding, None, bool]:
    """Put a document's seed into ledger.seeds unless it is there, yielding its problems;
    return whether its lines can be checked (false when the seed cannot be read at all)."""
    document = ledger.documents[doc_id]
    pointer = ("documents", number, "file")
    safe = checked.get(document.file)
    if safe is None:
        safe = checked[document.file] = _safe_path(ledger.root, document.file, linked)
    if isinstance(safe, str):
        yield Finding(
            "unsafe-path",
            f"document {doc_id}: file {document.file!r} {safe}",
            MANIFEST,
            pointer=pointer,
        )
        return False
    if document.file in ledger.seeds:
        return True
    later = stamps.later(document.file, safe) if stamps is not None else None
    if later is not None:
        ledger.seeds[document.file] = later
        digest = ledger.seed_sha256[document.file] = later.sha256
    else:
        read = _read_seed(safe)
        if type(read[0]) is str:
            yield Finding(
                read[0],
                f"document {doc_id}: seeds/{document.file} {read[1]}",
                MANIFEST,
                pointer=pointer,
            )
            return False
        data, info = read
        try:
            seed = ledger.seeds[document.file] = SeedText.of(data.decode("utf-8"))
        except UnicodeDecodeError:
            yield Finding(
                "unreadable",
                f"document {doc_id}: seeds/{document.file} is not UTF-8 text",
                MANIFEST,
                pointer=pointer,
            )
            return False
        digest = ledger.seed_sha256[document.file] = hashlib.sha256(data).hexdigest()
        if stamps is not None:
            stamps.learn(document.file, info, digest, seed)  # type: ignore[arg-type]
    if digest != document.sha256:  # reported, and its lines still checked
        yield Finding(
            "seed-hash",
            f"document {doc_id}: seeds/{document.file} has sha256 {digest}, the manifest "
            f"says {document.sha256}: the seed was edited; restore it, or if the new "
            "text is right, update sha256 and re-check every quote",
            MANIFEST,
            pointer=("documents", number, "sha256"),
        )
    return True


def _overlaps(by_file: dict[str, list[tuple[int, int, str, int]]]) -> Iterator[Finding]:
    """Documents whose spans share a line of one seed file: a line belongs to one document."""
    for name, spans in by_file.items():
        spans.sort()
        for (first_a, last_a, id_a, _), (first_b, _, id_b, number_b) in pairwise(spans):
            if first_b <= last_a:
                yield Finding(
                    "span-overlap",
                    f"documents {id_a} (lines {first_a}-{last_a}) and {id_b} (from line "
                    f"{first_b}) overlap in seeds/{name}: one line belongs to one document",
                    MANIFEST,
                    pointer=("documents", number_b, "lines"),
                )


def anchor_claims(ledger: Ledger, ids: Iterable[str] | None = None) -> None:
    """Compute each claim's TextPositionSelector from its quote (or why it has none): of
    every claim, or of the claims `ids`."""
    claims = ledger.claims
    for claim_id in claims if ids is None else ids:
        found = anchor_of(ledger, claims[claim_id])
        if found is not None:
            ledger.anchors[claim_id] = found


def anchor_of(ledger: Ledger, claim: Claim) -> Anchor | AnchorProblem | None:
    """Where one claim's quote stands in its document, or why it stands nowhere once; None
    when its document or the document's lines are not known (their own findings say why)."""
    source = claim.source
    # One tuple a document, made together: a worker reading the document's model, its
    # file's name and its span wrote their reference counts, copying the pages they share.
    passage = ledger.passages.get(source.document)
    if passage is None:
        return None
    seed, start, end = passage
    return anchor(seed, (start, end), source.quote, source.prefix, source.suffix)
