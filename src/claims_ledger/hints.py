"""Did-you-mean hints: the closest known id to a name that matched none.

Kept low and alone so that checks, the engine and the commands that look an id up all
suggest the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable


def closest(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """difflib.get_close_matches(name, candidates, n=1, cutoff)[0], or None, found sooner.

    quick_ratio bounds ratio from above: candidates taken best bound first can stop at the
    first bound below the best ratio, instead of a full ratio for most of thousands of ids.
    Ties go to the greater string, as get_close_matches has them.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(name)
    bounds = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff and (bound := matcher.quick_ratio()) >= cutoff:
            bounds.append((bound, candidate))
    bounds.sort(reverse=True)
    best: tuple[float, str] | None = None
    for bound, candidate in bounds:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(candidate)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return best[1] if best else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' when none is close."""
    close = closest(name, candidates)
    return f" (did you mean {close!r}?)" if close else ""


# Above this many ids, a claim id is compared within its own document only.
WITHIN_DOCUMENT_FROM = 200


def claim_hint(name: str, known: Iterable[str]) -> str:
    """did_you_mean for an id among ids. Claim ids are compared within their own document
    only: against a large ledger, comparing with every claim would cost seconds a typo."""
    candidates = list(known)
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
