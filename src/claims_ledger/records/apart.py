"""Work done in a forked process that then ends, its result sent back pickled.

What the work leaves behind (parsed YAML, validation's scraps) ends with the process, and
what comes back is laid out afresh, object after object: the site loads a ledger this way
to make its plan (publishing/plan.py), and a large ledger's vocabulary is loaded so before
worker processes are forked from it (checking/validation.py).
"""

from __future__ import annotations

import copyreg
import gc
import os
import pickle
import tempfile
import traceback
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..errors import LedgerError
from ..reading.anchoring import Anchor
from . import models
from .compact import reduced

Reducer = Callable[[Any], tuple[Any, tuple[Any, ...]]]


def in_child(
    work: Callable[..., Any], *args: Any, reducers: Mapping[type, Reducer] | None = None
) -> Any:
    """`work(*args)`, run in a forked process whose result comes back pickled through a
    temporary file (not held in memory on both sides at once); its exception is raised
    here. `reducers` send objects of those classes (see `sending`)."""
    with tempfile.TemporaryFile() as spool:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 0
            try:
                try:
                    outcome: tuple[bool, Any] = (True, work(*args))
                except BaseException as error:  # sent to the parent, which raises it
                    outcome = (False, error)
                pickler = pickle.Pickler(spool, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.dispatch_table = {**copyreg.dispatch_table, **sending(), **(reducers or {})}
                pickler.dump(outcome)
                spool.flush()
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise LedgerError("the process loading the ledger failed: see the messages above")
        spool.seek(0)
        collect = gc.isenabled()
        gc.disable()  # long-lived objects, no cycles: a collection would only walk them
        try:
            done, value = pickle.load(spool)
            # long-lived too, and shared with the workers forked next: a collection that
            # walked it would write to every page of it, each then copied into each worker
            gc.freeze()
        finally:
            if collect:
                gc.enable()
    if not done:
        raise value
    return value


def _value_type(value: str) -> Any:
    """A property's value type, by its value: the enum is made at run time (from the
    registry of value types), so pickle cannot find its class by name."""
    return models.ValueType(value)


def _records(base: type) -> Iterator[type]:
    for cls in base.__subclasses__():
        yield cls
        yield from _records(cls)


# How records and anchors are sent: as the arguments that make them again. A frozen
# dataclass with slots pickles its fields through dataclasses.fields() on each side, once
# an object, and a pydantic model its state through __getstate__ and __setstate__: for a
# large ledger, most of the round trip. Records come back compact (records/compact.py).
# (The enum is looked up when sending: a value type added or removed since made it anew.)
def sending() -> dict[type, Reducer]:
    """The reducers every result is sent with, found when it is sent: every record class
    (value types registered at run time among them), the value-type enum and Anchor."""
    chosen: dict[type, Reducer] = dict.fromkeys(_records(models.Record), reduced)
    chosen[models.ValueType] = lambda kind: (_value_type, (kind.value,))
    chosen[Anchor] = lambda found: (Anchor, (found.start, found.end, found.line, found.column))
    return chosen
