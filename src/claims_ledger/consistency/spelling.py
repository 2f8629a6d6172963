"""Spelling: one entity written differently across or within documents.

The words of an entity's name and aliases are compared: two words that differ but are close
("Sergey" and "Sergei", "Prigozhin" and "Prigogine", "Darya" and "Daria") are two spellings
of one name when both occur in the corpus. Failing: "Sergey Sapozhnikov" in one article and
"Sergei Sapozhnikov" in another. Passing: "Sapozhnikov" beside "Sergei Sapozhnikov" (a short
form, not another spelling), or "Wagner" beside "Wagner Group".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..loading import Ledger
from .base import Context, Discrepancy, stable_id

TYPES = ("spelling",)
SIMILAR = 0.7
_WORD = re.compile(r"[^\W\d_]+")  # letters only: "Prigozhin’s" and "Prigozhin-led" are Prigozhin


def _variant_pairs(names: list[str]) -> list[tuple[str, str]]:
    """Pairs of close but different capitalised words used in an entity's names."""
    words = sorted(
        {w for name in names for w in _WORD.findall(name) if w[:1].isupper() and len(w) > 2}
    )
    pairs = []
    for index, left in enumerate(words):
        for right in words[index + 1 :]:
            if left.lower() == right.lower() or left[0].lower() != right[0].lower():
                continue
            if left.lower() in right.lower() or right.lower() in left.lower():
                continue  # an inflection or a compound, not another spelling
            if difflib.SequenceMatcher(None, left.lower(), right.lower()).ratio() >= SIMILAR:
                pairs.append((left, right))
    return pairs


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    spans = {d: ledger.spans[d] for d in ledger.documents if d in ledger.spans}
    for entity_id in sorted(ledger.entities):
        entity = ledger.entities[entity_id]
        for left, right in _variant_pairs([entity.name, *entity.aliases]):
            seen: dict[str, list[tuple[str, int]]] = {}
            for form in (left, right):
                # Search the entity's own names that use this spelling, not the bare word:
                # "Labour" in another party's name is not a spelling of this entity.
                phrases = sorted(
                    n for n in {entity.name, *entity.aliases} if form in _WORD.findall(n)
                )
                for phrase in phrases:
                    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
                    for doc_id, (start, end) in spans.items():
                        seed = ledger.seeds[ledger.documents[doc_id].file]
                        for match in pattern.finditer(seed.text, start, end):
                            place = (doc_id, seed.position(match.start())[0])
                            if place not in seen.setdefault(form, []):
                                seen[form].append(place)
                if not seen.get(form):
                    seen.pop(form, None)
            if len(seen) < 2:
                continue
            quoting = _examples(ledger, entity_id, seen)
            where = "; ".join(
                f"{form!r} in "
                + ", ".join(f"{doc} line {line}" for doc, line in places[:3])
                + (f" and {len(places) - 3} more" if len(places) > 3 else "")
                for form, places in sorted(seen.items())
            )
            yield Discrepancy(
                id=stable_id("spelling", entity_id, left, right),
                type="spelling",
                key=f"{entity.name} ({entity_id}): {left} / {right}",
                explanation=f"one name written two ways: {where}",
                claims=quoting,
                details={
                    "entity": entity_id,
                    "spellings": {f: [list(p) for p in places] for f, places in seen.items()},
                },
            )


def _examples(
    ledger: Ledger, entity_id: str, seen: dict[str, list[tuple[str, int]]]
) -> tuple[str, ...]:
    """One claim a spelling and document: the first about the entity whose quote uses it."""
    chosen: dict[tuple[str, str], str] = {}
    for claim_id in sorted(ledger.claims):
        claim = ledger.claims[claim_id]
        if entity_id not in (claim.subject, claim.object):
            continue
        for form in seen:
            slot = (form, claim.source.document)
            if slot not in chosen and re.search(
                rf"(?<!\w){re.escape(form)}(?!\w)", claim.source.quote
            ):
                chosen[slot] = claim_id
    return tuple(chosen[slot] for slot in sorted(chosen))
