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

from .sbdrules import SentenceProcessor
from .signals import cut, segmenter


def segment(text: str) -> list[str]:
    """What `pysbd.Segmenter(language="en", clean=False).segment(text)` returns (where that
    raises, see signals.cut)."""
    return cut(text, _segment)


def _segment(text: str) -> list[str]:
    if not text:
        return []
    sentences = SentenceProcessor(text).process()
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
