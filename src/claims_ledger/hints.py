"""Did-you-mean hints: the closest known id to a name that matched none.

Kept low and alone so that checks, the engine and the commands that look an id up all
suggest the same way.
"""

from __future__ import annotations

import difflib
import operator
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from itertools import accumulate, repeat

# From this many candidates, closest() looks names up in an index of them (see _Index).
INDEX_FROM = 2000
_INDEXES_KEPT = 4  # candidate sets indexed at once (entities, documents, ...)
_INDEXES: dict[tuple[object, ...], _Index] = {}  # by the candidates, or (Joined, text, separator)


class Joined:
    """Ids held as one string, between separators that no id holds.

    A process forked from the one that joined them reads them without copying a page of
    its parent's: each id of a dict or a list is an object whose reference count a pass over
    them writes. Iterated, each id is made then; an index of them (see _Index) keeps the
    string and the ids' offsets, not the ids.
    """

    __slots__ = ("separator", "text")

    def __init__(self, text: str, separator: str) -> None:
        if not separator:
            raise ValueError("ids are joined by a separator of at least one character")
        self.text = text
        self.separator = separator

    def __len__(self) -> int:
        return self.text.count(self.separator) + 1

    def __iter__(self) -> Iterator[str]:
        return iter(self.text.split(self.separator))


def closest(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """difflib.get_close_matches(name, candidates, n=1, cutoff)[0], or None, found sooner.

    quick_ratio bounds ratio from above: candidates taken best bound first can stop at the
    first bound below the best ratio, instead of a full ratio for most of thousands of ids.
    Ties go to the greater string, as get_close_matches has them. Many candidates are
    looked up in an index that finds the best bounds without a pass over them all.
    """
    pool = candidates if isinstance(candidates, list | tuple | Joined) else list(candidates)
    if len(pool) >= INDEX_FROM and name and 0 < cutoff <= 1:
        index = _index(pool)
        if index is not None:
            return index.closest(name, cutoff)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(name)
    bounds = []
    for candidate in pool:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff and (bound := matcher.quick_ratio()) >= cutoff:
            bounds.append((bound, candidate))
    bounds.sort(reverse=True)
    return _best(matcher, cutoff, ((bound, (candidate,)) for bound, candidate in bounds))


def _best(
    matcher: difflib.SequenceMatcher[str],
    cutoff: float,
    bounds: Iterable[tuple[float, Sequence[str]]],
) -> str | None:
    """The closest of the candidates, given best bound first (each bound with its group of
    candidates, in any order within it), stopping at the first bound below the best ratio.
    """
    best: tuple[float, str] | None = None
    for bound, group in bounds:
        if best is not None and bound < best[0]:
            break
        for candidate in group:
            matcher.set_seq1(candidate)
            score = matcher.ratio()
            if score >= cutoff and (best is None or (score, candidate) > best):
                best = (score, candidate)
    return best[1] if best else None


def _ratio(matches: int, length: int) -> float:
    """difflib's ratio of matches in a pair of strings of that total length."""
    return 2.0 * matches / length if length else 1.0


def _index(candidates: list[str] | tuple[str, ...] | Joined) -> _Index | None:
    """The index of these candidates, made on their first lookup and kept for the next
    (a worker checking thousands of claims looks names up among the same entities); None
    when one is not a string, or longer than 255 characters (a length is a byte)."""
    if isinstance(candidates, Joined):
        key: tuple[object, ...] = (Joined, candidates.text, candidates.separator)
    else:
        key = tuple(candidates)
    index = _INDEXES.get(key)
    if index is None:
        if isinstance(candidates, Joined):
            text, separator = candidates.text, candidates.separator
            ends = array("q")
            at = text.find(separator)
            while at != -1:
                ends.append(at)
                at = text.find(separator, at + len(separator))
            starts = array("q", [0])
            starts.extend(end + len(separator) for end in ends)
            ends.append(len(text))
        else:
            if not all(type(candidate) is str for candidate in candidates):
                return None
            text = "".join(candidates)
            ends = array("q", accumulate(map(len, candidates)))
            starts = array("q", [0])
            starts.extend(ends[:-1])
        try:
            index = _Index(text, starts, ends)
        except ValueError:
            return None
        if len(_INDEXES) >= _INDEXES_KEPT:
            _INDEXES.clear()
        _INDEXES[key] = index
    return index


def _bits(values: bytes, low: int, high: int = 255) -> int:
    """The set of candidates (bit i for the i-th) whose byte is within low..high: the bytes
    translated to the binary digits of that number."""
    digits = bytes(49 if low <= b <= high else 48 for b in range(256))
    return int(values.translate(digits)[::-1], 2) if values else 0


class _Index:
    """Candidates as bit sets, to find those of the best quick_ratio bounds together.

    quick_ratio counts the characters two strings share as multisets: the k-th occurrence of
    a character in the name matches each candidate holding that character at least k times.
    Each (character, k) is the set of such candidates, as the bits of one integer, and so is
    each candidate length. Adding the sets of a name's characters in bit planes gives every
    candidate's count of matches at once; a bound is a length and a count, and the
    candidates of a bound are the planes' bits that spell that count, within that length.
    The bounds are gone through best first, as closest() does, and the pass over every
    candidate (0.23 s a name among 91,666 ids) becomes a few operations on integers. The
    sets are made in C (a byte a candidate, translated to the digits of a binary number),
    a character's the first time a name has it.
    """

    def __init__(self, text: str, starts: array[int], ends: array[int]) -> None:
        self.text = text  # the candidates, the i-th at text[starts[i]:ends[i]]
        self.starts = starts
        self.ends = ends
        sizes = bytes(map(operator.sub, ends, starts))  # ValueError past 255: see _index
        self.lengths = {n: _bits(sizes, n, n) for n in set(sizes)}
        self.having: dict[str, list[int]] = {}  # a character's sets, k = 1, 2, ...

    def _having(self, char: str, times: int) -> int:
        """The candidates holding char at least `times` times."""
        sets = self.having.get(char)
        if sets is None:
            counts = bytes(map(self.text.count, repeat(char), self.starts, self.ends))
            sets = self.having[char] = [
                _bits(counts, k) for k in range(1, max(counts, default=0) + 1)
            ]
        return sets[times - 1] if times <= len(sets) else 0

    def closest(self, name: str, cutoff: float) -> str | None:
        planes: list[int] = []  # bit j of each candidate's count of matches
        seen: Counter[str] = Counter()
        for char in name:
            seen[char] += 1
            carry = self._having(char, seen[char])
            for j, plane in enumerate(planes):  # add, carrying from plane to plane
                if not carry:
                    break
                planes[j], carry = plane ^ carry, plane & carry
            if carry:
                planes.append(carry)
        size = len(name)
        bounds: dict[float, list[tuple[int, int]]] = {}
        for length in self.lengths:
            for matches in range(min(length, size), -1, -1):
                bound = _ratio(matches, length + size)
                if bound < cutoff:
                    break
                bounds.setdefault(bound, []).append((length, matches))
        groups = (
            (bound, [c for pair in bounds[bound] for c in self._of(*pair, planes)])
            for bound in sorted(bounds, reverse=True)
        )
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(name)
        return _best(matcher, cutoff, groups)

    def _of(self, length: int, matches: int, planes: list[int]) -> list[str]:
        """The candidates of this length sharing this many characters with the name."""
        found = self.lengths[length]
        for j in range(max(len(planes), matches.bit_length())):
            plane = planes[j] if j < len(planes) else 0
            found &= plane if matches >> j & 1 else ~plane
            if not found:
                return []
        out = []
        text, starts, ends = self.text, self.starts, self.ends
        while found:
            low = found & -found
            at = low.bit_length() - 1
            out.append(text[starts[at] : ends[at]])
            found ^= low
        return out


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' when none is close."""
    close = closest(name, candidates)
    return f" (did you mean {close!r}?)" if close else ""


# Above this many ids, a claim id is compared within its own document only.
WITHIN_DOCUMENT_FROM = 200


def claim_hint(name: str, known: Iterable[str]) -> str:
    """did_you_mean for an id among ids. Claim ids are compared within their own document
    only: against a large ledger, comparing with every claim would cost seconds a typo."""
    candidates = known if isinstance(known, Joined) else list(known)
    if "/" in name and len(candidates) > WITHIN_DOCUMENT_FROM:
        prefix = name.split("/", 1)[0] + "/"
        candidates = [c for c in candidates if c.startswith(prefix)]
    return did_you_mean(name, candidates)


def claim_hinter(known: Collection[str]) -> Callable[[str], str]:
    """claim_hint among these ids, for many names: the ids are grouped by document once, on
    the first hint, rather than picked out of them all for each name."""
    groups: dict[str, list[str]] = {}

    def hint(name: str) -> str:
        if "/" not in name or len(known) <= WITHIN_DOCUMENT_FROM:
            return claim_hint(name, known)
        if not groups:
            for claim_id in known:
                document, slash, _ = claim_id.partition("/")
                if slash:
                    groups.setdefault(document, []).append(claim_id)
        return did_you_mean(name, groups.get(name.partition("/")[0], []))

    return hint
