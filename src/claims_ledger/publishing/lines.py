"""A document's text as the site shows it: each line cut where claims' passages begin and end."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..reading.anchoring import SeedText
from .data import (
    SYMBOLS,
    claim_path,
)

if TYPE_CHECKING:
    from .plan import Row


@dataclass(frozen=True, slots=True)
class Pin:
    """The start of one claim's passage: a link with its status symbol and number."""

    claim: str
    number: int
    status: str
    statement: str
    href: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same set of passages (none, one, or several)."""

    text: str
    pins: tuple[Pin, ...]
    claims: tuple[str, ...]
    status: str | None
    href: str | None


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    segments: tuple[Segment, ...]


def document_lines(
    seed: SeedText,
    span: tuple[int, int],
    placed: list[tuple[int, int, Row]],
    numbers: dict[str, int],
) -> list[Line]:
    """The document's lines, each cut where a passage starts or ends, so that overlapping
    passages each keep their own mark; a segment links to the shortest passage covering it."""
    text = seed.text
    start, end = span
    first_line = seed.position(start)[0]
    last_line = seed.position(max(start, end - 1))[0]
    placed = sorted(placed, key=lambda item: (item[0], -item[1], item[2].id))
    lines = []
    for number in range(first_line, last_line + 1):
        line_start = seed.line_starts[number - 1]
        line_end = min(
            end, seed.line_starts[number] - 1 if number < len(seed.line_starts) else len(text)
        )
        if not text[line_start:line_end].strip():
            continue
        here = [p for p in placed if p[0] < line_end and p[1] > line_start]
        cuts = {line_start, line_end}
        for s, e, _ in here:
            cuts.update(x for x in (s, e) if line_start < x < line_end)
        edges = sorted(cuts)
        segments = []
        for a, b in pairwise(edges):
            covering = [p for p in here if p[0] <= a and p[1] >= b]
            pins = tuple(
                Pin(
                    c.id,
                    numbers[c.id],
                    c.status.value,
                    c.statement,
                    claim_path(c.id),
                )
                for s, _, c in here
                if s == a
            )
            if covering:
                shortest = min(covering, key=lambda p: (p[1] - p[0], p[2].id))[2]
                segments.append(
                    Segment(
                        text[a:b],
                        pins,
                        tuple(p[2].id for p in covering),
                        shortest.status.value,
                        claim_path(shortest.id),
                    )
                )
            else:
                segments.append(Segment(text[a:b], pins, (), None, None))
        lines.append(Line(number, tuple(segments)))
    return lines


# --- page data


# A document's text, made here with every value escaped: in the template's loops, its lines
# and their marks (a pin and a passage a claim) took most of its page's time.
_PIN = (
    '<a class="pin s-{status}" id="c-{tail}" data-claim="{claim}" href="{root}{href}" '
    'title="{status}: {statement}"><span aria-hidden="true">{symbol}{number}</span>'
    '<span class="vh">claim {number}, {status}: {statement}</span></a>'
)
_PASSAGE = (
    '<a class="passage s-{status}{overlap}" href="{root}{href}" data-claims="{claims}">'
    "<mark>{text}</mark></a>"
)


def text_html(lines: list[Line], root: str) -> Markup:
    """The document's text as its page shows it, a paragraph a line: before each segment,
    the pins of the passages starting there; each covered segment a link to its shortest
    passage."""
    root = escape(root)
    out = []
    for line in lines:
        number = line.number
        out.append(
            f'<p id="L{number}"><a class="ln" href="#L{number}" aria-label="line {number}">'
            f"{number}</a>"
        )
        for segment in line.segments:
            for pin in segment.pins:
                status = escape(pin.status)
                statement = escape(pin.statement)
                out.append(
                    _PIN.format(
                        status=status,
                        tail=escape(pin.claim.split("/", 1)[1]),
                        claim=escape(pin.claim),
                        root=root,
                        href=escape(pin.href),
                        statement=statement,
                        symbol=escape(SYMBOLS[pin.status]),
                        number=pin.number,
                    )
                )
            if segment.href:
                out.append(
                    _PASSAGE.format(
                        status=escape(segment.status),
                        overlap=" overlap" if len(segment.claims) > 1 else "",
                        root=root,
                        href=escape(segment.href),
                        claims=escape(" ".join(segment.claims)),
                        text=escape(segment.text),
                    )
                )
            else:
                out.append(escape(segment.text))
        out.append("</p>\n")
    return Markup("".join(out))
