"""Anchoring a quote to its passage: W3C Web Annotation's TextQuoteSelector to TextPosition.

The quote (with an optional prefix/suffix) must occur exactly once in its document's line span.
Offsets are code points in the seed file, lines are 1-based lines of the seed file. When the
quote is missing, the nearest passage is found so the message can say where to look.
"""

from __future__ import annotations

import bisect
import difflib
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass

from ..findings import plain_state

# Characters contributors commonly retype differently from the seed.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2026": "...",
    }
)


@dataclass(frozen=True, slots=True, eq=False)
class SeedText:
    """A seed file's text with the offset where each line starts.

    The offsets are one array of machine integers, not a tuple of int objects: a million
    lines of seeds took 44 MB as objects (9 MB so), and a worker process looking a line up
    wrote the reference counts of the objects bisect compared, copying their pages.
    """

    text: str
    line_starts: array[int]

    @classmethod
    def of(cls, text: str) -> SeedText:
        starts = array("q", (0,))
        starts.extend(match.end() for match in re.finditer("\n", text))
        return cls(text, starts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SeedText):
            return NotImplemented
        return self.text == other.text and self.line_starts == other.line_starts

    def __hash__(self) -> int:
        return hash(self.text)

    @property
    def line_count(self) -> int:
        return len(self.line_starts) - (1 if self.text.endswith("\n") else 0)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets [start, end) of lines first..last (1-based, inclusive)."""
        start = self.line_starts[first - 1]
        end = self.line_starts[last] - 1 if last < len(self.line_starts) else len(self.text)
        return start, end


@plain_state  # a worker sends one back a claim: pickled by its values
@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    line: int
    column: int


class AnchorProblem:
    """Why a quote has no anchor. The message of a quote not found names the nearest passage,
    a search worth its cost only when someone reads it (validate and show do; a report
    over a misquoted claim does not), so it is found on first reading."""

    __slots__ = ("_explain", "_message", "code")

    def __init__(self, code: str, message: str | Callable[[], str]) -> None:
        self.code = code  # quote-not-found | quote-ambiguous
        self._message = message if isinstance(message, str) else None
        self._explain = None if isinstance(message, str) else message

    @property
    def message(self) -> str:
        if self._message is None:
            assert self._explain is not None
            self._message = self._explain()
            self._explain = None
        return self._message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AnchorProblem):
            return NotImplemented
        return (self.code, self.message) == (other.code, other.message)

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return f"AnchorProblem({self.code!r}, {self.message!r})"


def _occurrences(haystack: str, needle: str, start: int, end: int) -> list[int]:
    found = []
    position = haystack.find(needle, start, end)
    while position != -1:
        found.append(position)
        position = haystack.find(needle, position + 1, end)
    return found


def anchor(
    seed: SeedText,
    span: tuple[int, int],
    quote: str,
    prefix: str | None = None,
    suffix: str | None = None,
) -> Anchor | AnchorProblem:
    """Where the quote stands in the span, or why it cannot be placed exactly once."""
    start, end = span
    text = seed.text
    first = text.find(quote, start, end)
    if first == -1:
        return AnchorProblem("quote-not-found", lambda: _not_found(seed, span, quote))
    if prefix is None and suffix is None and text.find(quote, first + 1, end) == -1:
        line, column = seed.position(first)  # the common case: once, and nothing to pick
        return Anchor(first, first + len(quote), line, column)
    hits = _occurrences(text, quote, first, end)
    if prefix is not None:
        hits = [h for h in hits if text.endswith(prefix, max(start, h - len(prefix)), h)]
    if suffix is not None:
        after = [h for h in hits if text.startswith(suffix, h + len(quote))]
        hits = [h for h in after if h + len(quote) + len(suffix) <= end]
    if not hits:
        which = " and ".join(
            n for n, v in (("prefix", prefix), ("suffix", suffix)) if v is not None
        )
        return AnchorProblem(
            "quote-not-found",
            f"the quote occurs, but never with this {which}: copy the {which} "
            "from the text right next to the quote",
        )
    if len(hits) > 1:
        places = ", ".join("{}:{}".format(*seed.position(h)) for h in hits)
        return AnchorProblem(
            "quote-ambiguous",
            f"the quote occurs {len(hits)} times (at line:column {places}): add a prefix or suffix "
            "copied from around the one you mean, or quote a longer passage",
        )
    line, column = seed.position(hits[0])
    return Anchor(hits[0], hits[0] + len(quote), line, column)


def _not_found(seed: SeedText, span: tuple[int, int], quote: str) -> str:
    nearest = nearest_match(seed, span, quote)
    if nearest is None:
        return "the quote does not occur in the document: copy it from the seed text"
    line, excerpt, folded = nearest
    if folded:
        return (
            f"the quote does not occur as written, but does at line {line} with other quote "
            f"marks, dashes or spaces: copy it from the seed exactly: {excerpt!r}"
        )
    return (
        f"the quote does not occur in the document; the nearest passage is at line {line}: "
        f"{excerpt!r}"
    )


def nearest_match(
    seed: SeedText, span: tuple[int, int], quote: str
) -> tuple[int, str, bool] | None:
    """(line, passage, only-typography-differs) of the passage most like the quote."""
    if not quote.strip():
        return None  # a blank quote is like every gap between words
    start, end = span
    body = seed.text[start:end]
    folded_body = body.translate(_FOLD)
    folded_quote = quote.translate(_FOLD)
    squeeze = re.compile(r"\s+")
    if squeeze.sub(" ", folded_quote) in squeeze.sub(" ", folded_body):
        # Same length mapping holds for the translate table except the ellipsis and spaces,
        # so locate through a character-wise search on the folded body.
        position = folded_body.find(folded_quote)
        if position == -1:
            position = max(0, folded_body.find(folded_quote.split()[0]))
        line = seed.position(start + position)[0]
        return line, body[position : position + len(quote)], True
    size = len(quote)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(folded_quote.lower())
    lowered = folded_body.lower()
    # The first passage (a word start) with the highest ratio. quick_ratio bounds ratio from
    # above, so passages taken in falling bound order can stop once the bound is below the best:
    # a handful of full ratios instead of one a word.
    bounds = []
    for match in re.finditer(r"\S+", lowered):
        at = match.start()
        matcher.set_seq1(lowered[at : at + size])
        bounds.append((-matcher.quick_ratio(), at))
    bounds.sort()
    best_ratio, best_at = 0.0, -1
    for negative_bound, at in bounds:
        if -negative_bound < best_ratio:
            break
        matcher.set_seq1(lowered[at : at + size])
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and best_at > at):
            best_ratio, best_at = ratio, at
    if best_at < 0 or best_ratio < 0.5:
        return None
    line = seed.position(start + best_at)[0]
    return line, body[best_at : best_at + size], False
