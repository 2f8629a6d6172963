"""A paragraph cut into sentences: pysbd's cuts, found without a regular expression each.

pysbd finds where each sentence it cut stands in the original text by compiling a regular
expression of the sentence itself (the sentence, escaped, then `\\s*`). That compiled one
pattern a sentence (a third of its time) and, as each was new, pushed the patterns of its
own rules out of the `re` module's cache (512 patterns), so those were compiled again on
the next call: most of the rest. Here the same spans are found with `str.find`, for the
same result (tests/test_sentences.py holds it to pysbd's own).

Of what is left, a third was pysbd's search for its 188 abbreviations: each one that is a
substring of the paragraph ("no" in "November", "co" in "court") costs it two regular
expression searches, and a substitution for each word it starts. `_Abbreviations` skips, in
ASCII text, those that start no word or are followed by no period, for which all that can
change nothing: the same cuts, in less time.
"""

from __future__ import annotations

import re
from functools import cache

from pysbd.lang.english import English
from pysbd.processor import Processor

from .signals import cut, segmenter

# What pysbd's `(?:^|\s|\r|\n)` takes before an abbreviation, in ASCII: made a plain space.
_SPACES = str.maketrans(dict.fromkeys((c for c in map(chr, range(128)) if c.isspace()), " "))


class _Abbreviations(English.AbbreviationReplacer):
    def search_for_abbreviations_in_string(self, text: str) -> str:
        """pysbd's own, asked only about the abbreviations that may start a word here."""
        if not text.isascii():  # where lower() and re's IGNORECASE may part ways: pysbd's way
            return super().search_for_abbreviations_in_string(text)
        lowered = text.lower()
        words = " " + lowered.translate(_SPACES)
        for stripped, dotted in _abbreviations():
            if stripped not in lowered:  # pysbd's own test
                continue
            # Without a dot (any character to pysbd's patterns), an abbreviation it can act
            # on starts a word (its match begins at the start or after a space) and is
            # followed by a period somewhere (all it ever replaces is that period; the
            # periods it replaced earlier, with "∯", never make one).
            if not dotted and (" " + stripped not in words or stripped + "." not in lowered):
                continue
            matches = re.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
            if not matches:
                continue
            char_array = re.findall(r"(?<={" + re.escape(stripped) + "} ).{1}", text)
            for ind, match in enumerate(matches):
                text = self.scan_for_replacements(text, match, ind, char_array)
        return text


class _English(English):
    AbbreviationReplacer = _Abbreviations


@cache
def _abbreviations() -> tuple[tuple[str, bool], ...]:
    """pysbd's abbreviations in its order, stripped, each with whether it holds a dot."""
    stripped = (abbr.strip() for abbr in English.Abbreviation.ABBREVIATIONS)
    return tuple((abbr, "." in abbr) for abbr in stripped)


def segment(text: str) -> list[str]:
    """What `pysbd.Segmenter(language="en", clean=False).segment(text)` returns (where that
    raises, see signals.cut)."""
    return cut(text, _segment)


def _segment(text: str) -> list[str]:
    if not text:
        return []
    sentences = Processor(text, _English).process()
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
