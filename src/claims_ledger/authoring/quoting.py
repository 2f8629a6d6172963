"""Finding a pasted quote in its document, and the selectors that single one occurrence out.

A contributor pastes a quote; it must occur in the document's line span exactly as written.
When it occurs more than once, the record needs a prefix or suffix (W3C TextQuoteSelector)
copied from the seed around the occurrence meant: the shortest, in whole words, that
anchoring then finds only there. When it does not occur, the message names the nearest passage.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..errors import LedgerError
from ..reading.anchoring import Anchor, SeedText, anchor, nearest_match
from ..records.layout import MANIFEST, SEEDS_DIR
from ..records.loading import Ledger


class QuoteNotFound(Exception):
    """The quote is not in the document: a finding about the input (exit 1), not a crash.

    `seed_text` is the seed's own text when only quote marks or spaces differ from it."""

    def __init__(self, message: str, seed_text: str | None = None) -> None:
        super().__init__(message)
        self.seed_text = seed_text


# Quote marks contributors type for one another: straight, curly, guillemets, low-9.
QUOTE_MARKS = "'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"
_ANY_MARK = "[" + re.escape(QUOTE_MARKS) + "]"


@dataclass(frozen=True)
class Occurrence:
    start: int
    line: int
    column: int
    context: str  # the quote in its line, marked » «, for choosing


def occurrences(seed: SeedText, span: tuple[int, int], quote: str) -> list[Occurrence]:
    """Every place the quote occurs in the span, with a line of context to choose by."""
    found = []
    text = seed.text
    position = text.find(quote, span[0], span[1])
    while position != -1 and position + len(quote) <= span[1]:
        line, column = seed.position(position)
        start = seed.line_starts[line - 1]
        stop = text.find("\n", position + len(quote))
        stop = len(text) if stop == -1 else stop
        before = text[max(start, position - 40) : position]
        after = text[position + len(quote) : min(stop, position + len(quote) + 40)]
        context = f"…{before}»{quote}«{after}…".replace("\n", " ")
        found.append(Occurrence(position, line, column, context))
        position = text.find(quote, position + 1, span[1])
    return found


def selectors(
    seed: SeedText, span: tuple[int, int], quote: str, at: int
) -> tuple[str | None, str | None]:
    """The shortest prefix and/or suffix, in whole words from the seed, that single out `at`."""
    lo, hi = span
    text = seed.text
    end = at + len(quote)
    prefixes = [text[lo + m.start() : at] for m in re.finditer(r"\S+", text[lo:at])][::-1]
    suffixes = [text[end : end + m.end()] for m in re.finditer(r"\S+", text[end:hi])]
    longest = max(len(prefixes), len(suffixes))
    tries: list[tuple[str | None, str | None]] = []
    for n in range(longest):
        one_side: list[tuple[str | None, str | None]] = []
        if n < len(prefixes):
            one_side.append((prefixes[n], None))
        if n < len(suffixes):
            one_side.append((None, suffixes[n]))
        tries.extend(sorted(one_side, key=lambda pair: "\n" in (pair[0] or pair[1] or "")))
    for n in range(longest):
        if prefixes and suffixes:
            tries.append((prefixes[min(n, len(prefixes) - 1)], suffixes[min(n, len(suffixes) - 1)]))
    for prefix, suffix in tries:
        found = anchor(seed, span, quote, prefix, suffix)
        if isinstance(found, Anchor) and found.start == at:
            return prefix, suffix
    raise LedgerError(
        "the quote cannot be told apart from its other occurrences: quote a longer passage"
    )


def checked_seed(ledger: Ledger, document_id: str) -> tuple[SeedText, tuple[int, int]]:
    document = ledger.documents[document_id]
    seed = ledger.seeds.get(document.file)
    span = ledger.spans.get(document_id)
    if seed is None or span is None:
        raise LedgerError(f"document {document_id}: its seed cannot be read: run claims validate")
    digest = hashlib.sha256(seed.text.encode("utf-8")).hexdigest()
    if digest != document.sha256:
        raise LedgerError(
            f"{SEEDS_DIR}/{document.file} differs from the sha256 in {MANIFEST}: "
            "a quote cannot be checked against an edited seed (claims validate says more)"
        )
    return seed, span


def seed_wording(seed: SeedText, span: tuple[int, int], quote: str) -> str | None:
    """The seed's own text of a quote that differs from it only in quote marks (straight for
    curly, « » for " ") or in spaces, when the span holds exactly one such text; else None."""
    quote = quote.strip()
    if not quote:
        return None
    parts = []
    for piece in re.findall(rf"\s+|{_ANY_MARK}|[^\s{re.escape(QUOTE_MARKS)}]+", quote):
        if piece.isspace():
            parts.append(r"\s+")
        elif piece in QUOTE_MARKS:
            parts.append(_ANY_MARK)
        else:
            parts.append(re.escape(piece))
    pattern = re.compile("".join(parts))
    found = {m.group() for m in pattern.finditer(seed.text, span[0], span[1])}
    if len(found) != 1:
        return None
    (text,) = found
    return None if text == quote else text


def not_found_message(
    ledger: Ledger, document_id: str, seed: SeedText, span: tuple[int, int], quote: str
) -> str:
    """Why the quote is not in the document, and the passage most like it, in whole words."""
    file = f"{SEEDS_DIR}/{ledger.documents[document_id].file}"
    own = seed_wording(seed, span, quote)
    if own is not None:
        line, column = seed.position(seed.text.find(own, span[0], span[1]))
        return (
            f"the quote is not in document {document_id} as written; only quote marks or "
            f"spaces differ from {file}:{line}:{column}: copy the seed's exact text:\n  {own}"
        )
    near = nearest_match(seed, span, quote)
    if near is None:
        return (
            f"the quote is not in document {document_id} ({file}), and nothing there is "
            "close to it: copy it from the text"
        )
    line, passage, folded = near
    at = seed.text.find(passage, seed.line_starts[line - 1], span[1])
    if at != -1:  # finish the last word, so the passage reads as the text does
        end = at + len(passage)
        while end < span[1] and (seed.text[end].isalnum() or seed.text[end] == "_"):
            end += 1
        passage = seed.text[at:end]
    how = "only quote marks, dashes or spaces differ" if folded else "the nearest passage"
    return (
        f"the quote is not in document {document_id} as written; {how}: {file}:{line}: "
        f"{passage!r} — copy the quote from the seed character for character"
    )
