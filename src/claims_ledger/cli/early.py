"""Listing a large ledger's claim files from the command's first moment.

`claims validate` and `claims report` list and stat every claim file (100,000 at 100,000
claims) in two other processes while they read the vocabulary. Started only once the
command had imported its models, the listing was the last thing a run after one edit
waited for. So the console script guesses, from its arguments alone and before importing
click or the models, whether the run will list the ledger, and starts the listing then.

Only a guess: the run decides again, as it always has (checking/validation.py), and takes
the listing only if it lists that very ledger in that very way; any other is stopped. A
guess that fails for any reason is no guess: the command runs as it would have.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..checking.scanning import (
    SCAN_APART_FROM,
    SCAN_DIRECTORIES_FROM,
    directories,
    drop_early,
    start_early,
)
from ..records.layout import MANIFEST, find_root

# The commands that list the whole ledger, and each one's options that take a value.
_VALUED = {
    "validate": {"--format", "--jobs", "--root"},
    "report": {"--format", "--type", "--document", "--subject", "--jobs", "--root"},
}
_CACHE_FILES = ".claims-cache"


def start(argv: list[str]) -> None:
    """Start listing the ledger's claim files now, when this command line will list them."""
    try:
        shape = _shape(argv)
        if shape is not None:
            start_early(*shape)
    except Exception:  # a guess: whatever went wrong, the command decides for itself
        drop_early()


def stop() -> None:
    """Stop a listing the command did not take (it ended first, or decided otherwise)."""
    drop_early()


def _shape(argv: list[str]) -> tuple[Path, bool, int] | None:
    """(root, stamped, processes) of the listing the command will make, or None when it will
    make none, or the arguments do not say (a path named, an option not known here)."""
    if len(argv) < 2 or argv[1] not in _VALUED:
        return None
    valued, given = _VALUED[argv[1]], {}
    args = iter(argv[2:])
    for arg in args:
        name, equals, value = arg.partition("=")
        if arg in ("-h", "--help") or not arg.startswith("--"):
            return None  # help, or a path: validate then checks only the files named
        if equals and name in valued:
            given[name] = value
        elif arg in valued:
            given[arg] = next(args, "")
        elif arg in ("--no-cache", "--strict"):
            given[arg] = ""
        else:
            return None
    cores = os.cpu_count() or 1
    if cores < 2 or given.get("--jobs") == "1" or "fork" not in _start_methods():
        return None
    stamped = "--no-cache" not in given and not os.environ.get("CI")
    root = _root(given.get("--root"))
    if root is None:
        return None
    many = directories(root) >= SCAN_DIRECTORIES_FROM
    if not (many or (stamped and _large_cache(root))):
        return None
    return root, stamped, min(2, cores) if stamped else 1


def _start_methods() -> list[str]:
    import multiprocessing  # deferred: only a command that lists the ledger asks

    return multiprocessing.get_all_start_methods()


def _root(option: str | None) -> Path | None:
    """The ledger's top, as the command will find it (cli/common.resolve_root)."""
    if option is None:
        return find_root(Path.cwd())
    root = Path(option)
    return root.resolve() if (root / MANIFEST).is_file() else None


def _large_cache(root: Path) -> bool:
    """Whether a cache file of the size that makes the run list apart is there (any build's:
    the run itself looks at its own build's only). Nothing is followed out of the ledger."""
    top = root / _CACHE_FILES
    if top.is_symlink() or not top.is_dir():
        return False
    with os.scandir(top) as entries:
        return any(
            entry.is_file(follow_symlinks=False)
            and entry.stat(follow_symlinks=False).st_size >= SCAN_APART_FROM
            for entry in entries
        )
