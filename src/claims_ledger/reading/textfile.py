"""Reading a ledger file's text: a regular UTF-8 file within the size limit, or why not."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .yamlproblem import YamlProblem

MAX_FILE_BYTES = 1024 * 1024  # a claim: a few hundred bytes
# the vocabulary and the manifest grow with the ledger: at 1,000,000 generated claims,
# claims/entities.yaml is 9 MB and seeds/documents.yaml 6 MB
MAX_VOCABULARY_BYTES = 64 * 1024 * 1024

_OWN_FILE = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def not_a_file(mode: int) -> str:
    """Why a path that is not a regular file is refused, naming what it is."""
    what = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a directory"
        if stat.S_ISDIR(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a special file"
    )
    return f"the path is {what}, not a regular file: it was not read; commit a plain file"


@dataclass(frozen=True, slots=True)
class YamlText:
    """A file's text, or why it has none."""

    text: str | None
    problem: YamlProblem | None = None


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> YamlText:
    """Read a file as UTF-8, refusing files over the size limit before reading them.

    Only a regular file is read: a FIFO or a device would block or never end, so it is
    opened without waiting (O_NONBLOCK) and refused after one fstat, unread.
    """
    try:
        fd = os.open(path, _OWN_FILE | _NOFOLLOW)  # a link is the caller's to refuse
    except OSError as error:
        return YamlText(None, YamlProblem("unreadable", f"cannot read the file: {error.strerror}"))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return YamlText(None, YamlProblem("unreadable", not_a_file(info.st_mode)))
        size = info.st_size
        if size > limit:
            return YamlText(
                None,
                YamlProblem(
                    "file-too-large",
                    f"the file has {size} bytes, over the limit of {limit}: "
                    + (
                        "a ledger record is a few hundred bytes; split or shorten it"
                        if limit <= MAX_FILE_BYTES
                        else "a vocabulary entry is a few hundred bytes; shorten it"
                    ),
                ),
            )
        chunks = []
        while chunk := os.read(fd, max(size + 1, 4096)):
            chunks.append(chunk)
            size -= len(chunk)
            if size < -limit:  # it grew while being read
                break
        data = b"".join(chunks)
    except OSError as error:
        return YamlText(None, YamlProblem("unreadable", f"cannot read the file: {error.strerror}"))
    finally:
        os.close(fd)
    if len(data) > limit:
        return YamlText(
            None, YamlProblem("file-too-large", f"the file grew over the limit of {limit}")
        )
    try:
        return YamlText(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return YamlText(
            None,
            YamlProblem(
                "unreadable",
                "the file is not UTF-8: save it as UTF-8",
                line,
                column,
            ),
        )


def read_own_text(path: str, limit: int = MAX_FILE_BYTES) -> str | None:
    """The text of a regular UTF-8 file that is not a symbolic link, in one open, or None.

    The fast path for claim files: one open that refuses a link, one fstat, one read. None
    means "not simply readable" (a link, not a regular file, too large, not UTF-8, an error,
    or a system without O_NOFOLLOW); the caller then takes the slow path, which says why.
    """
    if not _NOFOLLOW:
        return None
    try:
        fd = os.open(path, _OWN_FILE | _NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        size = info.st_size
        if not stat.S_ISREG(info.st_mode) or size > limit:
            return None
        data = os.read(fd, size + 1)  # (a buffer of the file's size, not a larger one)
        # A regular file's read that gives the size fstat gave, asking for more, has met
        # the end: one call, not a second to see it. Otherwise (a file that grew or shrank
        # meanwhile, or one whose size fstat does not know) it is read to its end.
        if len(data) != size:
            wanted = max(size + 1, 4096)
            chunks = [data]
            size = len(data)
            while size <= limit and (chunk := os.read(fd, wanted)):
                chunks.append(chunk)
                size += len(chunk)
            if size > limit:
                return None
            data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
