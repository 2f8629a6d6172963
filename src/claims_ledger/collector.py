"""The cyclic garbage collector switched on or off for a while, then left as it was.

A run builds many long-lived objects and few cycles (a record a claim file, a listing a
directory, an outcome a file): each collection walks all of them again, which was half the
time of a warm run at 100,000 claims. Every place that pauses the collector goes through here.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector(enabled: bool) -> Iterator[None]:
    """The collector on (enabled) or off inside the block, and as it was after it."""
    was = gc.isenabled()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def paused() -> contextlib.AbstractContextManager[None]:
    """The collector off inside the block."""
    return collector(False)
