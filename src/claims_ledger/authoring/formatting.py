"""`claims fmt`: ledger files brought to their canonical form, each write atomic.

The canonical text comes from canonical.py. A file is rewritten only when it changes, through
a temporary file beside it, fsync and os.replace, and only if it still holds what was read:
an interrupted run leaves every file whole, old or new. A file that cannot be formatted
safely is reported with its line and column and left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import LedgerError
from ..findings import Finding
from ..reading.textfile import read_text
from ..records.layout import ENTITIES, MANIFEST, PROPERTIES, claim_files
from ..records.loading import inside, link_finding, linked_part
from .canonical import KINDS, FormatProblem, format_text, kind_of, schema_ref


def ledger_files(
    root: Path, paths: Iterable[Path] = (), refused: list[Finding] | None = None
) -> list[str]:
    """The files fmt works on: every ledger file, or those named (files or directories).

    A linked claims/ or claims/<document>/ is not listed; with `refused`, its finding is
    put there, so that fmt says what it left alone.
    """
    claims, stray = claim_files(root)
    if refused is not None:
        refused.extend(f for f in stray if f.code == "unsafe-path")
    every = sorted(
        [rel for rel in KINDS if (root / rel).is_file()] + [r for r in claims if kind_of(r)]
    )
    given = list(paths)
    if not given:
        return every
    chosen: set[str] = set()
    for path in given:
        resolved = inside(root, path)
        rel = resolved.relative_to(root).as_posix()
        if resolved.is_dir():
            chosen.update(r for r in every if rel == "." or r.startswith(rel + "/"))
        elif kind_of(rel) is None:
            raise LedgerError(
                f"{path}: not a ledger file (fmt formats claims/<document>/<slug>.yaml, "
                f"{ENTITIES}, {PROPERTIES} and {MANIFEST})"
            )
        else:
            chosen.add(rel)
    return sorted(chosen)


@dataclass(frozen=True, slots=True)
class Formatted:
    """What fmt did to one file: changed or not, or why it was left untouched."""

    rel: str
    changed: bool
    problem: Finding | None = None


def _finding(rel: str, problem: FormatProblem) -> Finding:
    return Finding(problem.code, problem.message, rel, problem.line, problem.column)


def format_file(root: Path, rel: str, check: bool = False) -> Formatted:
    """Bring one file to canonical form (or, with check, only say whether it is in it)."""
    path = root / rel
    kind = kind_of(rel)
    assert kind is not None
    linked = linked_part(root, rel)  # never written through, wherever it points
    if linked is not None:
        return Formatted(rel, False, link_finding(rel, linked))
    read = read_text(path)
    if read.problem is not None or read.text is None:
        assert read.problem is not None
        problem = read.problem
        return Formatted(
            rel,
            False,
            Finding(problem.code, problem.message, rel, problem.line or 1, problem.column or 1),
        )
    try:
        result = format_text(read.text, kind, schema_ref(rel, kind))
    except FormatProblem as problem:
        return Formatted(rel, False, _finding(rel, problem))
    except Exception as error:  # a YAML construct the formatter does not handle: not a crash
        message = (
            f"fmt cannot format this file ({type(error).__name__}: {error}); it was left "
            "untouched: format it by hand and report it"
        )
        return Formatted(rel, False, Finding("fmt-refused", message, rel, 1, 1))
    if result == read.text:
        return Formatted(rel, False)
    if not check:
        try:
            replace_file(path, result.encode("utf-8"), read.text.encode("utf-8"))
        except FormatProblem as problem:
            return Formatted(rel, False, _finding(rel, problem))
        except OSError as error:
            message = f"cannot write the file ({error.strerror}): it was left as it was"
            return Formatted(rel, False, Finding("unwritable", message, rel, 1, 1))
    return Formatted(rel, True)


def format_files(root: Path, rels: list[str], check: bool = False) -> list[Formatted]:
    return [format_file(root, rel, check) for rel in rels]


def replace_file(path: Path, data: bytes, original: bytes) -> None:
    """Replace path's content atomically: readers see the old file or the new, never a mix.

    The new text goes to a hidden temporary file in the same directory, is flushed to disk,
    and is renamed over the original only if the original still holds what was read.
    """
    mode = path.stat().st_mode & 0o7777
    if not mode & stat.S_IWUSR:  # replacing it would succeed: the directory is writable
        raise FormatProblem(
            "fmt-refused",
            f"the file is read-only (mode {mode:04o}): it was left as it was; make it "
            "writable (chmod u+w) to let fmt rewrite it",
        )
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if path.read_bytes() != original:
            raise FormatProblem(
                "fmt-changed", "the file changed while it was being formatted: run fmt again"
            )
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    fsync_directory(path.parent)


# The names tempfile.mkstemp gives replace_file's temporary files: ".<name>.<8 chars>.tmp".
_LEFTOVER = re.compile(r"\.(?P<name>[^/]+\.yaml)\.[a-z0-9_]{8}\.tmp")


def remove_leftovers(root: Path, rels: Iterable[str], before: float) -> list[str]:
    """Remove the temporary files an interrupted fmt left beside these files (only ours,
    by name, plain files last changed before this run began), and name them."""
    removed = []
    for directory in sorted({rel.rpartition("/")[0] for rel in rels}):
        if linked_part(root, directory) is not None:
            continue
        try:
            with os.scandir(root / directory) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            if not _LEFTOVER.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < before:
                    os.unlink(entry.path)
                    removed.append(f"{directory}/{entry.name}")
            except OSError:
                continue
    return removed


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new file in the directory durable (where the system allows it)."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)
