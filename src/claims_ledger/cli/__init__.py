"""The `claims` command line: thin wrappers that call the library and print what it returns.

Only this package knows click. Exit codes: 0 clean, 1 findings, 2 usage or unreadable input.
Each command module imports at its top only what its options name, and inside each command
what it runs, so that `claims validate` does not load the authoring, showing or coverage
code, and the names of formats and finding types are read from their registries only when
an option needs them (the reporters and the report load rich and the consistency checks).
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import Any

from . import early


def __getattr__(name: str) -> Any:
    """`main`, the click group, imported when first asked for: `run` starts listing a large
    ledger before it imports the commands (see early.py)."""
    if name != "main":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .commands import main  # deferred: start-up time (see run)

    return main


def run() -> None:
    """The `claims` console script: main, then, once the output is flushed and the exit
    handlers have run, out at once, rather than taking down, object by object, the modules
    a run imported (60 to 70 ms of a one-edit run at 100,000 claims).

    Only when nothing else is left running (no child process, no other thread) and stdout
    and stderr flush cleanly; otherwise Python ends as usual. Every file the package writes
    is closed where it is written, so nothing buffered is lost."""
    early.start(sys.argv)
    from .commands import main  # deferred: the listing started first (see early.py)

    try:
        main()
        code: object = 0
    except SystemExit as done:
        code = done.code
    finally:
        early.stop()
    if code is None:
        code = 0
    if type(code) is not int or not _alone():
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (claims report | head): as Python ends
        raise SystemExit(code) from None
    atexit._run_exitfuncs()
    os._exit(code)


def _alone() -> bool:
    """Whether this process has no child process or thread that a quick exit could cut."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    processes = sys.modules.get("multiprocessing")
    return processes is None or not processes.active_children()
