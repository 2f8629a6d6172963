"""The shape reader: a ledger's files share a few shapes, each read by a plan made once.

Claim files differ in their values, seldom in their lines' keys and indents: a ledger of
100,000 claims has under a hundred shapes. The shape of a text is what the line reader
sees of it (each line's indent, `- ` and key, and whether a value follows); one regex split
gives it along with the values. The first time a shape comes back, the line reader reads
its structure once into a plan: plain data (keys and the places of values in them), never
code. A text of a known shape is then its values, read by the line reader's own scalar
reader, set into the plan's mappings and lists. A shape that is not plain, or not seen
before, goes to the line reader as before, so every value and every refusal stays its own.

A plan also holds its shape's pattern: the line prefixes as written, a group for each
value. The plans last read for a text's count of lines and colons are tried first, and the
one whose pattern matches gives the values without the split. A plan learns, over its first
reads, which values are new each time (an id, a statement): those skip the scalar cache.

The caches are bounded: a ledger of many shapes costs a split more a file, never memory
without end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from .linereader import NotPlain, build, read_scalar, scalar, scalars, usual

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
LEARNED = 32  # reads of a plan whose texts it notes
FRESH = LEARNED - LEARNED // 8  # as many different texts at a place: read without the cache
PATTERN_LINES = 64  # longer shapes have no pattern: its compiling would cost more than it saves
DEEPEST = 32  # levels of nesting a plan may hold (the line reader recurses, a plan does not)

Shape = tuple[str, tuple[type, ...]]
Take = Callable[[list[Any]], Sequence[Any]]
# each mapping's keys (None for a list) and the places of its items among the values
Layout = tuple[tuple[tuple[str, ...] | None, list[int]], ...]


class Plan:
    """How one shape's values become its mapping: which split pieces are values, then the
    mappings and lists to build, innermost first, each from the places of its items among
    the values (after the values: None, then each collection as it is built).

    The first LEARNED reads note each value's place's texts. A place whose texts were
    nearly all different (an id, a statement, a quote) is read from then on without the
    scalar cache: looking it up is wasted, and keeping it would push the common values out.
    So is a place whose texts were all flow lists or mappings, which the cache never keeps.
    """

    __slots__ = ("fresh", "layout", "pattern", "pick", "reads", "seen", "steps", "texts")

    def __init__(self, places: list[int], layout: Layout, pattern: re.Pattern[str] | None):
        self.texts: Take = _taker(places) if places else itemgetter(slice(0, 0))
        self.pattern = pattern  # matches exactly the texts of this shape, its values grouped
        self.layout = layout
        self.pick: Take | None = None  # the texts read through the cache, once learned
        self.fresh: Take | None = None  # the texts read without it
        self.steps = _steps(layout, range(len(places)))
        self.seen: list[set[str]] | None = [set() for _ in places] if places else None
        self.reads = 0

    def read(self, texts: Sequence[str]) -> Any:
        """The document built from one text's values, in the order of its lines."""
        seen = self.seen
        if seen is not None:
            self._note(seen, texts)
        if self.fresh is None:
            values = scalars(texts)
        else:
            values = scalars(self.pick(texts)) if self.pick is not None else []
            values += map(read_scalar, self.fresh(texts))
        values.append(None)
        append = values.append
        for keys, take in self.steps:
            items = take(values)
            append(list(items) if keys is None else dict(zip(keys, items, strict=False)))
        return values[-1]

    def _note(self, seen: list[set[str]], texts: Sequence[str]) -> None:
        """Note one read's texts; after LEARNED of them, split the places in two."""
        for kept, text in zip(seen, texts, strict=True):
            kept.add(text)
        self.reads += 1
        if self.reads < LEARNED:
            return
        self.seen = None
        fresh = [slot for slot, texts in enumerate(seen) if len(texts) >= FRESH or _flow(texts)]
        if not fresh:
            return
        cached = sorted(set(range(len(seen))).difference(fresh))
        order = cached + fresh  # the values' new order: the cached ones, then the fresh
        moved = [0] * len(order)
        for new, slot in enumerate(order):
            moved[slot] = new
        self.pick = _taker(cached) if cached else None
        self.fresh = _taker(fresh)
        self.steps = _steps(self.layout, moved)


def _flow(texts: set[str]) -> bool:
    """Whether every text noted at a place is a flow list or mapping (`evidence: []`): the
    cache never keeps one (each document has its own), so looking it up is always a miss,
    and one miss sends the whole read down the slow path."""
    return all(text.startswith(("[", "{")) for text in texts)


def _steps(layout: Layout, moved: Sequence[int]) -> tuple[tuple[tuple[str, ...] | None, Take], ...]:
    """A plan's steps, each value's place among the values given by moved."""
    values = len(moved)
    return tuple(
        (keys, _taker([moved[at] if at < values else at for at in places]))
        for keys, places in layout
    )


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


def make_plan(text: str, places: list[int], pattern: re.Pattern[str] | None) -> Plan | None:
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
    layout: list[tuple[tuple[str, ...] | None, list[int]]] = []

    def place(node: Any, depth: int) -> int:
        if node is None:
            return values
        if type(node) is _Slot:
            return node.index
        if depth > DEEPEST:
            raise _TooDeep
        items = node.values() if type(node) is dict else node
        at = [place(item, depth + 1) for item in items]
        layout.append((tuple(node) if type(node) is dict else None, at))
        return values + len(layout)

    try:
        place(template, 0)
    except _TooDeep:
        return None
    return Plan(places, tuple(layout), pattern)


_UNKNOWN = object()  # a shape without a plan yet
_REFUSED = object()  # a shape the line reader does not read
_BY_LINES = object()  # a shape the line reader reads, but too deep for a plan
_PLANS: dict[Shape, Any] = {}
_SEEN: set[int] = set()  # hashes of shapes seen once: a plan is made the second time


# For a count of lines and colons, the plans last read, the latest first.
_GUESSES: dict[tuple[int, int], list[Plan]] = {}
GUESSES_TRIED = 4
# What a key at a line's start would be (a plain item or text must not read as one).
_KEY_AHEAD = r"[A-Za-z_][A-Za-z0-9_-]*+:(?: |$)"


def shape_pattern(shape: Shape) -> re.Pattern[str]:
    """A pattern that matches a whole text just when _SPLIT gives it this shape, with a
    group for each value: each line's prefix as written, and after it nothing _SPLIT's
    possessive prefix would have taken further (a space, a `- `, a key)."""
    lines = []
    for prefix, kind in zip(shape[0].split("\0"), shape[1], strict=True):
        line = re.escape(prefix)
        if kind is not str:  # a comment or nothing, after a prefix that may end the line
            line += "$" if prefix.endswith(("-", ":")) else "(?![^#\n]).*+"
            lines.append(line)
            continue
        head = prefix.lstrip(" ")
        if not head.rstrip(" ").endswith(":"):  # no key: the value must not read as one
            line += f"(?!{_KEY_AHEAD})" if head else f"(?!-(?: |$)|{_KEY_AHEAD})"
        lines.append(line + "([^#\n ].*+)")
    return re.compile("\n".join(lines), re.MULTILINE)


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
    # Texts of one count of lines and colons are of a few shapes: their patterns, tried
    # first, cost less than the split when one matches, and say no in a few characters.
    guess = (text.count("\n"), text.count(":"))
    plans = _GUESSES.get(guess)
    if plans is not None:
        for plan in plans:
            match = plan.pattern.fullmatch(text)
            if match is not None:
                if plan is not plans[0]:
                    plans.remove(plan)
                    plans.insert(0, plan)
                return plan.read(match.groups())
    shape, rests = _shape(text)
    plan = _PLANS.get(shape, _UNKNOWN)
    if plan is _UNKNOWN:
        plan = _learn(shape, text, rests)
    if type(plan) is Plan:
        if plan.pattern is not None:
            _guessed(guess, plan)
        return plan.read(plan.texts(rests))
    if plan is _REFUSED:
        raise NotPlain
    return build(text, scalar)


def _guessed(guess: tuple[int, int], plan: Plan) -> None:
    """Try plan first for texts of this count of lines and colons."""
    plans = _GUESSES.get(guess)
    if plans is None:
        if len(_GUESSES) >= PLANS_KEPT:
            _GUESSES.clear()
        plans = _GUESSES[guess] = []
    if plan in plans:  # pragma: no cover - its pattern would have matched
        plans.remove(plan)
    plans.insert(0, plan)
    del plans[GUESSES_TRIED:]


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
        places = [at for at, rest in enumerate(rests) if rest is not None]
        lines = len(rests)
        plan = make_plan(text, places, shape_pattern(shape) if lines <= PATTERN_LINES else None)
    except NotPlain:
        plan = _REFUSED
    if len(_PLANS) >= PLANS_KEPT:
        _PLANS.clear()
    _PLANS[shape] = _BY_LINES if plan is None else plan
    return _PLANS[shape]
