"""What the site and the exports share: addresses, status symbols, the comparisons of each
claim with the others on its fact, and whether a finding is settled."""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass

from ..comparing.comparison import Comparison, Outcome
from ..comparing.consistency.base import Context
from ..comparing.report import SETTLED, Entry
from ..records.loading import Ledger
from ..records.models import Cardinality, Claim, Document, Status

# Status is never told by colour alone: every mark carries its symbol and its word.
SYMBOLS = {
    Status.verified.value: "✓",
    Status.refuted.value: "✗",
    Status.unverified.value: "?",
    Status.disputed.value: "⚠",
    Status.unverifiable.value: "∅",
}
STATUS_MEANINGS = {
    Status.verified.value: "checked against sources that support it",
    Status.refuted.value: "checked: sources contradict it",
    Status.disputed.value: "credible accounts disagree, and nothing settles it",
    Status.unverifiable.value: "searched for, and nothing was found to check it against",
    Status.unverified.value: "recorded from the text, not yet checked",
}


def claim_path(claim_id: str) -> str:
    """A claim's page: claims/<document>/<slug>.html, from its id (slugs are [a-z0-9-])."""
    document, slug = claim_id.split("/", 1)
    return f"claims/{document}/{slug}.html"


def document_path(document_id: str) -> str:
    return f"documents/{document_id}.html"


def finding_path(finding_id: str) -> str:
    return f"findings/{finding_id}.html"


@dataclass(frozen=True, slots=True)
class Compared:
    """Another claim on the same fact and how its value compares with this one's."""

    other: str
    outcome: str
    explanation: str


def _worded(ledger: Ledger, left: str, result: Comparison) -> tuple[str, str]:
    """A pair's outcome and explanation as `claims show` words them: many-valued properties
    never disagree."""
    prop = ledger.properties.get(ledger.claims[left].property)
    outcome, explanation = result.outcome.value, result.explanation
    many = prop is not None and prop.cardinality is Cardinality.many
    if many and result.outcome in (Outcome.conflict, Outcome.review):
        outcome = "distinct"
        explanation = f"{prop.id} takes many values: both can be true ({explanation})"
    return outcome, explanation


def comparisons(ledger: Ledger, context: Context) -> dict[str, list[Compared]]:
    """For each claim in a group, every other claim of its group and the outcome, as
    `claims show` words it: many-valued properties never disagree."""
    found: dict[str, list[Compared]] = defaultdict(list)
    for _, left, right, result in context.pairs:
        outcome, explanation = _worded(ledger, left, result)
        found[left].append(Compared(right, outcome, explanation))
        found[right].append(Compared(left, outcome, explanation))
    for items in found.values():
        items.sort(key=lambda item: item.other)
    return found


class Comparisons:
    """`comparisons`, kept a group at a time: the claims of each group, in id order, and for
    each pair (in the order the context compares them) the number of its outcome in a table
    of the distinct ones. A group of n claims has n(n-1)/2 pairs, each shown on two pages:
    at 100,000 claims a list of objects a claim took 86 MiB, this a tenth."""

    def __init__(self, ledger: Ledger, context: Context) -> None:
        self.group_of: dict[str, tuple[int, int]] = {}  # claim -> its group, its place in it
        self.members: list[tuple[str, ...]] = []
        self.codes: list[array[int]] = []
        self.results: list[tuple[str, str]] = []
        numbers: dict[tuple[str, str], int] = {}
        pairs = iter(context.pairs)
        for ids in context.groups.values():
            group = len(self.members)
            self.members.append(tuple(ids))
            codes = array("L")
            for index, left in enumerate(ids):
                self.group_of[left] = (group, index)
                for right in ids[index + 1 :]:
                    _, first, second, result = next(pairs)
                    assert (first, second) == (left, right), "pairs out of the groups' order"
                    worded = _worded(ledger, left, result)
                    number = numbers.get(worded)
                    if number is None:
                        number = numbers[worded] = len(self.results)
                        self.results.append(worded)
                    codes.append(number)
            self.codes.append(codes)

    def of(self, claim_id: str) -> list[Compared]:
        """The other claims of the claim's group, in id order, each with the outcome."""
        place = self.group_of.get(claim_id)
        if place is None:
            return []
        group, at = place
        ids = self.members[group]
        codes = self.codes[group]
        size = len(ids)
        found = []
        for index, other in enumerate(ids):
            if index == at:
                continue
            a, b = (at, index) if at < index else (index, at)
            outcome, explanation = self.results[codes[a * size - a * (a + 1) // 2 + b - a - 1]]
            found.append(Compared(other, outcome, explanation))
        return found


def settled(entry: Entry) -> bool:
    """A conflict is settled as the report says (a side refuted by evidence); any other
    finding once no side is left unverified."""
    if entry.finding.type == "conflict":
        return entry.standing == "settled"
    if entry.untriaged:
        return False
    return all(Status(side.status) in SETTLED for side in entry.sides)


def claim_author(ledger: Ledger, claim: Claim) -> str | None:
    """Who makes the claim: whom the document attributes it to, else the document's author."""
    if claim.attributed_to:
        return claim.attributed_to
    document = ledger.documents.get(claim.source.document)
    return document.author if document else None


def where_published(document: Document) -> str | None:
    """The publisher, or where the document first appeared when no publisher is named."""
    return document.publisher or document.first_published
