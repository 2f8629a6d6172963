"""schema.org ClaimReview for every claim whose status is a verdict.

The ratings are on a scale of 1 (false) to 5 (true); `alternateName` says the verdict in
words, which is what search engines show. Disputed and unverifiable both sit at the middle:
neither is a finding that the claim is true or false. docs/site.md has the table.
"""

from __future__ import annotations

import json
from typing import Any

from ..records.loading import Ledger
from ..records.models import Claim, EntityType, Status
from .data import claim_author, where_published

BEST, WORST = 5, 1
RATINGS: dict[Status, tuple[str, int]] = {
    Status.verified: ("True", 5),
    Status.disputed: ("Disputed", 3),
    Status.unverifiable: ("Unverifiable", 3),
    Status.refuted: ("False", 1),
}
_TYPES = {EntityType.person: "Person", EntityType.organisation: "Organization"}


def is_verdict(claim: Claim) -> bool:
    return claim.status in RATINGS


def _party(ledger: Ledger, name: str) -> dict[str, Any]:
    """A person or organisation by name: the entity's type when an entity has that name,
    id or alias (also before a parenthesis: "#NoToWar (#Невойна)"), else a Person."""
    wanted = {name.strip().casefold(), name.split(" (", 1)[0].strip().casefold()}
    index = _parties(ledger)
    found = [index[n] for n in wanted if n in index]
    kind = min(found)[1] if found else "Person"
    return {"@type": kind, "name": name}


_PARTIES: list[Any] = [None, None]  # the entities last indexed, and their index


def _parties(ledger: Ledger) -> dict[str, tuple[int, str]]:
    """Each casefolded name, id and alias of a person or organisation, with the position of
    the first such entity that has it (the first in the file wins) and its schema.org type.
    Made once for a ledger's entities, not once a claim (a ledger may list thousands)."""
    entities = ledger.entities
    cached, index = _PARTIES
    if cached is entities and index is not None and index[0] == len(entities):
        return index[1]
    made: dict[str, tuple[int, str]] = {}
    for position, entity in enumerate(entities.values()):
        if entity.type not in _TYPES:
            continue
        for n in (entity.id, entity.name, *entity.aliases):
            made.setdefault(n.casefold(), (position, _TYPES[entity.type]))
    _PARTIES[:] = [entities, (len(entities), made)]
    return made


def claim_review(
    ledger: Ledger, claim: Claim, publisher_name: str, url: str | None
) -> dict[str, Any] | None:
    """The ClaimReview of a claim with a verdict (None otherwise); no url fields without a url."""
    if claim.status not in RATINGS or not claim.review:
        return None
    words, value = RATINGS[claim.status]
    document = ledger.documents.get(claim.source.document)
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if document is not None:
        if document.title:
            appearance["headline"] = document.title
            appearance["name"] = document.title
        if document.author:
            appearance["author"] = _party(ledger, document.author)
        publisher = where_published(document)
        if publisher:
            appearance["publisher"] = {"@type": "Organization", "name": publisher}
        if document.publisher and document.first_published:
            appearance["isBasedOn"] = {
                "@type": "CreativeWork",
                "description": f"first published in {document.first_published}",
            }
    else:
        appearance["name"] = claim.source.document
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    author = claim_author(ledger, claim)
    if author:
        item["author"] = _party(ledger, author)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.statement,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": words,
        },
        "author": {"@type": "Organization", "name": publisher_name},
        "datePublished": claim.review[-1].date,
    }
    if url is not None:
        review["url"] = url
    return review


def script_json(data: Any) -> str:
    """JSON for a <script type="application/ld+json"> element: no string in it can end the
    element or open a comment, since <, > and & are written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
