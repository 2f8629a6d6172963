"""A paragraph cut into sentences: pysbd's cuts, found without a regular expression each.

pysbd finds where each sentence it cut stands in the original text by compiling a regular
expression of the sentence itself (the sentence, escaped, then `\\s*`). That compiled one
pattern a sentence (a third of its time) and, as each was new, pushed the patterns of its
own rules out of the `re` module's cache (512 patterns), so those were compiled again on
the next call: most of the rest. Here the same spans are found with `str.find`, for the
same result (tests/test_sentences.py holds it to pysbd's own).

What is left is pysbd's processor, run as sbdrules.SentenceProcessor: its own rules, compiled
once and each skipped where the text lacks what it cannot match without, for the same cuts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pysbd
from pysbd.lang.english import English
from pysbd.processor import Processor

from .sbdrules import RULES_OF, SentenceProcessor


def segment(text: str) -> list[str]:
    """What `pysbd.Segmenter(language="en", clean=False).segment(text)` returns (where that
    raises, see cut)."""
    return cut(text, _segment)


def _processor(text: str) -> Processor:
    """sbdrules' processor for the pysbd whose rules it runs (the tests hold it to that
    pysbd); under any other, pysbd's own: slower, but its cuts whatever its rules became."""
    if pysbd.__version__ == RULES_OF:
        return SentenceProcessor(text)
    return Processor(text, English)


@cache
def segmenter() -> pysbd.Segmenter:
    """The one English sentence segmenter (pysbd), made once: coverage and showing agree."""
    return pysbd.Segmenter(language="en", clean=False)


# The information separators U+001C to U+001F: white space to pysbd's `\s`, but not to the
# int() it reads a numbered list's number with, so "\x1c5. " makes pysbd raise ValueError.
_SEPARATORS = str.maketrans(dict.fromkeys("\x1c\x1d\x1e\x1f", " "))


def cut(text: str, split: Callable[[str], list[str]]) -> list[str]:
    """pysbd's sentences of `text` (by `split`, pysbd's cuts), never its ValueError: a text
    that raises it is cut with the separators read as spaces, and each sentence is then the
    same stretch of the text as written."""
    try:
        return split(text)
    except ValueError:
        spaced = text.translate(_SEPARATORS)
        if spaced == text:
            raise
    pieces = []
    cursor = 0
    for piece in split(spaced):
        at = spaced.find(piece, cursor)
        if at == -1:  # not a stretch of the text: the caller finds what it can
            pieces.append(piece)
            continue
        cursor = at + len(piece)
        pieces.append(text[at:cursor])
    return pieces


def _segment(text: str) -> list[str]:
    if not text:
        return []
    sentences = _processor(text).process()
    if any(not sentence for sentence in sentences):  # an empty pattern: pysbd's own way
        return segmenter().segment(text)
    found = []
    prior_end = 0
    size = len(text)
    for sentence in sentences:
        # the first of the non-overlapping, leftmost matches of `sentence\s*` that ends
        # after the previous sentence's match
        at = text.find(sentence)
        while at != -1:
            end = at + len(sentence)
            while end < size and text[end].isspace():  # \s of a str pattern is isspace()
                end += 1
            if end > prior_end:
                found.append(text[at:end])
                prior_end = end
                break
            at = text.find(sentence, end)
    return found
