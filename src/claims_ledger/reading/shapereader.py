"""The shape reader: a ledger's files share a few shapes, each read by a plan made once.

Claim files differ in their values, seldom in their lines' keys and indents: a ledger of
100,000 claims has under a hundred shapes. The shape of a text is what the line reader
sees of it (each line's indent, `- ` and key, and whether a value follows); one regex split
gives it along with the values. The first time a shape comes back, the line reader reads
its structure once into a plan: plain data (keys and the places of values in them), never
code. A text of a known shape is then its values, read by the line reader's own scalar
reader, set into the plan's mappings and lists. A shape that is not plain, or not seen
before, goes to the line reader as before, so every value and every refusal stays its own.

Both caches are bounded: a ledger of many shapes costs a split more a file, never memory
without end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from .linereader import NotPlain, build, scalar, scalars, usual

# A line: the line reader's prefix (indent, `- ` and key, taken as its _LINE takes them: the
# rest of the line always matches there, so that regex never gives back what the prefix
# took), then the value, or nothing: no value, a comment, or the end of the line.
_SPLIT = re.compile(
    r"^((?> *+(?:-(?: ++|$))?(?:[A-Za-z_][A-Za-z0-9_-]*+:(?: ++|$))?))(?:([^#\n].*+)|.*+)",
    re.MULTILINE,
)
SHAPE_TEXT = 8192  # longer texts (a claim is about a kilobyte) go to the line reader
PLANS_KEPT = 512
SEEN_KEPT = 4096
DEEPEST = 32  # levels of nesting a plan may hold (the line reader recurses, a plan does not)

Shape = tuple[str, tuple[type, ...]]
Take = Callable[[list[Any]], Sequence[Any]]


class Plan:
    """How one shape's values become its mapping: which split pieces are values, then the
    mappings and lists to build, innermost first, each from the places of its items among
    the values (after the values: None, then each collection as it is built)."""

    __slots__ = ("pick", "steps")

    def __init__(self, pick: Take | None, steps: tuple[tuple[tuple[str, ...] | None, Take], ...]):
        self.pick = pick
        self.steps = steps

    def read(self, rests: list[Any]) -> Any:
        """The document built from one text's split pieces."""
        values = scalars(self.pick(rests)) if self.pick is not None else []
        values.append(None)
        append = values.append
        for keys, take in self.steps:
            items = take(values)
            append(list(items) if keys is None else dict(zip(keys, items, strict=False)))
        return values[-1]


class _Slot:
    """Where a value goes in a plan being made: the index of the value among the text's."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


def _taker(places: list[int]) -> Take:
    """A C-level pick of the items at places (a run of them as one slice)."""
    first = places[0]
    if places == list(range(first, first + len(places))):
        return itemgetter(slice(first, first + len(places)))
    return itemgetter(*places)


class _TooDeep(Exception):
    """The shape nests deeper than a plan may: the line reader reads it."""


def make_plan(text: str, places: list[int]) -> Plan | None:
    """The plan of a text's shape, places: which split pieces hold its values. None when it
    nests deeper than DEEPEST; NotPlain when the line reader does not read the shape."""
    slots: list[_Slot] = []

    def slot(_: str) -> _Slot:
        slots.append(_Slot(len(slots)))
        return slots[-1]

    template = build(text, slot)
    values = len(places)
    if len(slots) != values:  # pragma: no cover - the split and the line reader disagree
        raise NotPlain
    steps: list[tuple[tuple[str, ...] | None, Take]] = []

    def place(node: Any, depth: int) -> int:
        if node is None:
            return values
        if type(node) is _Slot:
            return node.index
        if depth > DEEPEST:
            raise _TooDeep
        items = node.values() if type(node) is dict else node
        at = [place(item, depth + 1) for item in items]
        steps.append((tuple(node) if type(node) is dict else None, _taker(at)))
        return values + len(steps)

    try:
        place(template, 0)
    except _TooDeep:
        return None
    return Plan(_taker(places) if places else None, tuple(steps))


_UNKNOWN = object()  # a shape without a plan yet
_REFUSED = object()  # a shape the line reader does not read
_BY_LINES = object()  # a shape the line reader reads, but too deep for a plan
_PLANS: dict[Shape, Any] = {}
_SEEN: set[int] = set()  # hashes of shapes seen once: a plan is made the second time


def _shape(text: str) -> tuple[Shape, list[Any]]:
    """A text's shape and its split pieces' values (None for a line without one)."""
    parts = _SPLIT.split(text)
    rests = parts[2::3]
    return ("\0".join(parts[1::3]), tuple(map(type, rests))), rests


def parse_shaped(text: str) -> Any:
    """What the line reader builds from text (the same value, or NotPlain), by the plan of
    its shape when one is known."""
    if not usual(text):
        raise NotPlain
    if len(text) > SHAPE_TEXT:
        return build(text, scalar)
    shape, rests = _shape(text)
    plan = _PLANS.get(shape, _UNKNOWN)
    if plan is _UNKNOWN:
        plan = _learn(shape, text, rests)
    if type(plan) is Plan:
        return plan.read(rests)
    if plan is _REFUSED:
        raise NotPlain
    return build(text, scalar)


def _learn(shape: Shape, text: str, rests: list[Any]) -> Any:
    """What to do with a shape not known: read it by lines the first time it is seen, the
    second time make its plan (or learn that it has none)."""
    mark = hash(shape)
    if mark not in _SEEN:
        if len(_SEEN) >= SEEN_KEPT:
            _SEEN.clear()
        _SEEN.add(mark)
        return _BY_LINES
    try:
        plan = make_plan(text, [at for at, rest in enumerate(rests) if rest is not None])
    except NotPlain:
        plan = _REFUSED
    if len(_PLANS) >= PLANS_KEPT:
        _PLANS.clear()
    _PLANS[shape] = _BY_LINES if plan is None else plan
    return _PLANS[shape]
