"""Spelling: one entity written differently across or within documents.

The words of an entity's name and aliases are compared: two words that differ but are close
("Sergey" and "Sergei", "Prigozhin" and "Prigogine", "Darya" and "Daria") are two spellings
of one name when both occur in the corpus. Failing: "Sergey Sapozhnikov" in one article and
"Sergei Sapozhnikov" in another. Passing: "Sapozhnikov" beside "Sergei Sapozhnikov" (a short
form, not another spelling), or "Wagner" beside "Wagner Group".
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from ...records.layout import SEEDS_DIR
from ...records.loading import Ledger
from .base import Context, Discrepancy, stable_id
from .registry import FindingType

# Last in the report; acknowledged when the spelling is a recorded variant (an alias with a note).
SPELLING = FindingType(
    "spelling", rank=5, style="cyan", severity="notice", acknowledged_by="known_variant"
)
TYPES = (SPELLING,)
SIMILAR = 0.7
_WORD = re.compile(r"[^\W\d_]+")  # letters only: "Prigozhin’s" and "Prigozhin-led" are Prigozhin


def _close(left: str, right: str) -> bool:
    """Two different capitalised words that read as one word spelt two ways."""
    if len(left) < 3 or len(right) < 3 or not (left[0].isupper() and right[0].isupper()):
        return False
    a, b = left.lower(), right.lower()
    if a == b or a[0] != b[0] or a in b or b in a:
        return False  # the same, another word, or an inflection or compound
    return difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR


def _variant_pairs(names: list[str]) -> list[tuple[str, str]]:
    """Words spelt differently at the same place in two of an entity's names.

    Names are compared word by word when they have as many words: "Sergei Sapozhnikov" and
    "Sergey Sapozhnikov" differ in one spelling; a first name is never set against a surname
    ("Andrei" and "Andreev" are two words, not two spellings).
    """
    split = sorted({tuple(_WORD.findall(name)) for name in names})
    pairs: set[tuple[str, str]] = set()
    for index, left in enumerate(split):
        for right in split[index + 1 :]:
            if len(left) != len(right):
                continue
            for a, b in zip(left, right, strict=True):
                if _close(a, b):
                    pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def _folded(name: str) -> str:
    """A name without letter case or punctuation: what two minor spellings share."""
    return "".join(filter(str.isalnum, name.casefold()))


def _minor_pairs(names: list[str]) -> list[tuple[str, str]]:
    """Whole names that differ only in letter case or punctuation ("Al-Qaeda", "Al Qaeda",
    "al-Qaeda"): one spelling written two ways, a minor finding."""
    if len(names) < 2:
        return []
    pairs = set()
    folded = [_folded(name) for name in names]  # each name's once, not once a pair
    for index, left in enumerate(names):
        fold = folded[index]
        if not fold:
            continue
        for at in range(index + 1, len(names)):
            right = names[at]
            # quotation marks or brackets around a name do not spell it another way
            if folded[at] == fold and _bare(left) != _bare(right):
                pairs.add((min(left, right), max(left, right)))
    return sorted(pairs)


def _bare(name: str) -> str:
    """A name without the punctuation around it: “Action” is Action in quotation marks."""
    start, end = 0, len(name)
    while start < end and not name[start].isalnum():
        start += 1
    while end > start and not name[end - 1].isalnum():
        end -= 1
    return name[start:end]


def _known(noted: set[str], phrases: dict[str, list[str]]) -> bool:
    """Whether one of the two spellings is recorded as a known variant: every alias that
    uses it is an alias entry with a note."""
    return any(names and all(n in noted for n in names) for names in phrases.values())


def _occurrences(ledger: Ledger, phrases: set[str]) -> dict[str, list[tuple[str, int]]]:
    """Every (document, line) where each phrase occurs as whole words.

    Each seed file is scanned once for all phrases together, longest first, then each match
    is given to the document whose span holds it: a corpus of thousands of documents is not
    searched once per phrase and document.
    """
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    if not phrases:
        return found
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    by_file: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for doc_id, (start, end) in ledger.spans.items():
        if doc_id in ledger.documents:
            by_file[ledger.documents[doc_id].file].append((start, end, doc_id))
    for name, spans in by_file.items():
        seed = ledger.seeds[name]
        spans.sort()
        starts = [span[0] for span in spans]
        for match in pattern.finditer(seed.text):
            index = bisect.bisect_right(starts, match.start()) - 1
            if index < 0 or match.end() > spans[index][1]:
                continue
            place = (spans[index][2], seed.position(match.start())[0])
            found[match.group()].append(place)
    return found


class _Candidate(NamedTuple):
    """Two spellings of one entity's name, and the entity's names that use each."""

    entity_id: str
    left: str
    right: str
    phrases: dict[str, list[str]]  # spelling -> the entity's names that use it
    minor: bool  # differing only in letter case or punctuation
    known: bool  # recorded as a known variant


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    candidates = _candidates(ledger)
    if not candidates:
        return
    wanted = {p for c in candidates for group in c.phrases.values() for p in group}
    places_of = _occurrences(ledger, wanted)
    about: dict[str, list[str]] | None = None  # read only when a spelling is seen twice
    order = {doc_id: number for number, doc_id in enumerate(ledger.documents)}
    for candidate in candidates:
        seen = _seen(candidate, places_of, order)
        if len(seen) < 2:
            continue
        if about is None:
            about = _claims_by_entity(ledger, context.ids)
        quoting = _examples(ledger, about.get(candidate.entity_id, []), seen)
        yield _discrepancy(ledger, candidate, seen, quoting)


def _candidates(ledger: Ledger) -> list[_Candidate]:
    """Every pair of spellings in each entity's names, in entity order."""
    candidates: list[_Candidate] = []
    for entity_id in sorted(ledger.entities):
        entity = ledger.entities[entity_id]
        names = sorted({entity.name, *entity.aliases})
        noted = {str(a) for a in entity.aliases if getattr(a, "note", None)} - {entity.name}
        for left, right in _variant_pairs(names):
            # Search the entity's own names that use each spelling, not the bare word:
            # "Labour" in another party's name is not a spelling of this entity.
            phrases = {
                form: [n for n in names if form in _WORD.findall(n)] for form in (left, right)
            }
            known = _known(noted, phrases)
            candidates.append(_Candidate(entity_id, left, right, phrases, False, known))
        for left, right in _minor_pairs(names):
            phrases = {left: [left], right: [right]}
            known = _known(noted, phrases)
            candidates.append(_Candidate(entity_id, left, right, phrases, True, known))
    return candidates


def _seen(
    candidate: _Candidate, places_of: dict[str, list[tuple[str, int]]], order: dict[str, int]
) -> dict[str, list[tuple[str, int]]]:
    """The (document, line) places of each spelling that occurs, in manifest order."""
    seen: dict[str, list[tuple[str, int]]] = {}
    for form in (candidate.left, candidate.right):
        places = sorted(
            {place for phrase in candidate.phrases[form] for place in places_of.get(phrase, [])},
            key=lambda place: (order.get(place[0], len(order)), place[1]),
        )
        if places:
            seen[form] = places
    return seen


def _discrepancy(
    ledger: Ledger,
    candidate: _Candidate,
    seen: dict[str, list[tuple[str, int]]],
    quoting: tuple[str, ...],
) -> Discrepancy:
    entity_id, left, right = candidate.entity_id, candidate.left, candidate.right
    entity = ledger.entities[entity_id]
    where = "; ".join(
        f"{form!r} in "
        + ", ".join(f"{doc} line {line}" for doc, line in places[:3])
        + (f" and {len(places) - 3} more" if len(places) > 3 else "")
        for form, places in sorted(seen.items())
    )
    how = "differing only in letter case or punctuation" if candidate.minor else "written two ways"
    used = {name for group in candidate.phrases.values() for name in group}
    notes = {str(a): a.note for a in entity.aliases if getattr(a, "note", None) and str(a) in used}
    return Discrepancy(
        id=stable_id("spelling", entity_id, left, right),
        type="spelling",
        key=f"{entity.name} ({entity_id}): {left} / {right}",
        explanation=f"one name {how}: {where}",
        claims=quoting,
        details={
            "entity": entity_id,
            "minor": candidate.minor,
            "known_variant": candidate.known,
            "spellings": {f: [list(p) for p in places] for f, places in seen.items()},
            "places": [
                {
                    "spelling": form,
                    "occurrences": [
                        {"document": doc, "file": _file(ledger, doc), "line": line}
                        for doc, line in places
                    ],
                }
                for form, places in sorted(seen.items())
            ],
            **({"notes": notes} if notes else {}),
        },
    )


def _file(ledger: Ledger, document: str) -> str | None:
    """The seed file of a document, as a side names it."""
    found = ledger.documents.get(document)
    return f"{SEEDS_DIR}/{found.file}" if found else None


def _claims_by_entity(ledger: Ledger, ids: list[str]) -> dict[str, list[str]]:
    """Claim ids by the entity they are about (subject or object), in id order (`ids`: every
    claim id, sorted)."""
    about: dict[str, list[str]] = defaultdict(list)
    for claim_id in ids:
        claim = ledger.claims[claim_id]
        about[claim.subject].append(claim_id)
        if claim.object and claim.object != claim.subject:
            about[claim.object].append(claim_id)
    return about


def _examples(
    ledger: Ledger, claim_ids: list[str], seen: dict[str, list[tuple[str, int]]]
) -> tuple[str, ...]:
    """One claim a spelling and document: the first about the entity whose quote uses it."""
    chosen: dict[tuple[str, str], str] = {}
    patterns = {form: re.compile(rf"(?<!\w){re.escape(form)}(?!\w)") for form in seen}
    for claim_id in claim_ids:
        claim = ledger.claims[claim_id]
        for form, pattern in patterns.items():
            slot = (form, claim.source.document)
            if slot not in chosen and pattern.search(claim.source.quote):
                chosen[slot] = claim_id
    return tuple(chosen[slot] for slot in sorted(chosen))
