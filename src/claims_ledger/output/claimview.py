"""What `claims show` shows about a claim, as data: the record, the sentence it came from
with the quote split out, and every other claim on the same key with how its value compares.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from ..comparing.comparison import Outcome, compare
from ..comparing.consistency.base import containment
from ..comparing.wording import value_words
from ..errors import LedgerError
from ..reading.anchoring import Anchor, AnchorProblem, SeedText
from ..reading.sentences import segment
from ..records.grouping import key_of
from ..records.layout import CLAIMS_DIR, SEEDS_DIR
from ..records.loading import Ledger
from ..records.models import Cardinality, Claim, Property


@dataclass(frozen=True, slots=True)
class Passage:
    """The sentence (or sentences) around a quote, split at the quote."""

    file: str
    line: int
    column: int
    before: str
    quote: str
    after: str


@dataclass(frozen=True, slots=True)
class Related:
    """Another claim on the same key, and how its value compares with the shown one."""

    id: str
    value: str
    document: str
    file: str | None
    line: int | None
    status: str
    outcome: str
    explanation: str


@dataclass(frozen=True, slots=True)
class ClaimView:
    claim: Claim
    record: str
    names: dict[str, str]  # entity id -> name, for the entities the claim names
    value: str
    passage: Passage | None
    problem: str | None  # why there is no passage
    key: str
    related: tuple[Related, ...]


@lru_cache(maxsize=4096)
def sentence_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Where each sentence of a paragraph starts and ends. Many claims quote one paragraph,
    and segmenting is most of the cost of showing a claim in context: each is cut once."""
    spans = []
    cursor = 0
    for sentence in segment(paragraph):
        at = paragraph.find(sentence, cursor)
        if at == -1:
            continue
        cursor = at + len(sentence)
        spans.append((at, cursor))
    return tuple(spans)


def sentence_around(seed: SeedText, found: Anchor) -> tuple[str, str]:
    """The text before and after the quote, out to the ends of the sentences it touches."""
    text = seed.text
    start = seed.line_starts[found.line - 1]
    stop = text.find("\n", found.end)
    stop = len(text) if stop == -1 else stop
    paragraph = text[start:stop]
    inner_start, inner_end = found.start - start, found.end - start
    begin, finish = 0, len(paragraph)
    for at, end in sentence_spans(paragraph):
        if at <= inner_start:
            begin = at
        if end >= inner_end:
            finish = end
            break
    return paragraph[begin:inner_start].lstrip(), paragraph[inner_end:finish].rstrip()


def find_claim(ledger: Ledger, wanted: str) -> str:
    """The claim id for an id or a record path ("claims/doc/slug.yaml"), or a clear error."""
    claim_id = (
        wanted.strip().removeprefix("./").removeprefix(f"{CLAIMS_DIR}/").removesuffix(".yaml")
    )
    if claim_id in ledger.claims:
        return claim_id
    close = difflib.get_close_matches(claim_id, list(ledger.claims), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise LedgerError(f"no claim {wanted!r} in the ledger{hint}: claims list shows every id")


def claim_view(ledger: Ledger, wanted: str) -> ClaimView:
    """Everything `claims show` shows about one claim."""
    claim_id = find_claim(ledger, wanted)
    claim = ledger.claims[claim_id]
    prop = ledger.properties.get(claim.property)
    passage, problem = _passage(ledger, claim_id)
    key = key_of(claim, prop)
    within = containment(ledger)
    related = []
    for other_id in sorted(ledger.claims):
        other = ledger.claims[other_id]
        if other_id == claim_id or key_of(other, ledger.properties.get(other.property)) != key:
            continue
        outcome, explanation = _compared(claim, other, prop, within)
        where = ledger.anchors.get(other_id)
        document = ledger.documents.get(other.source.document)
        related.append(
            Related(
                other_id,
                value_words(other.value),
                other.source.document,
                f"{SEEDS_DIR}/{document.file}" if document else None,
                where.line if isinstance(where, Anchor) else None,
                other.status.value,
                outcome,
                explanation,
            )
        )
    names = {
        entity_id: ledger.entities[entity_id].name
        for entity_id in (claim.subject, claim.object, getattr(claim.value, "entity", None))
        if entity_id in ledger.entities
    }
    key_text = " · ".join(part for part in (claim.subject, claim.property, claim.object) if part)
    declared = [
        f"{q}={claim.qualifiers.get(q, '(none)')}" for q in (prop.qualifiers if prop else [])
    ]
    if declared:
        key_text += f" ({', '.join(declared)})"
    return ClaimView(
        claim,
        ledger.claim_file[claim_id],
        names,
        value_words(claim.value),
        passage,
        problem,
        key_text,
        tuple(related),
    )


def _compared(
    claim: Claim, other: Claim, prop: Property | None, within: dict[str, frozenset[str]]
) -> tuple[str, str]:
    """The comparison's outcome, as the report has it: places nest, and many-valued
    properties never disagree."""
    result = compare(claim, other, within)
    many = prop is not None and prop.cardinality is Cardinality.many
    if many and result.outcome in (Outcome.conflict, Outcome.review):
        return "distinct", f"{prop.id} takes many values: both can be true ({result.explanation})"
    return result.outcome.value, result.explanation


def _passage(ledger: Ledger, claim_id: str) -> tuple[Passage | None, str | None]:
    claim = ledger.claims[claim_id]
    document = ledger.documents.get(claim.source.document)
    found = ledger.anchors.get(claim_id)
    if document is None:
        return None, f"document {claim.source.document!r} is not in the manifest"
    if isinstance(found, AnchorProblem):
        return None, found.message
    if not isinstance(found, Anchor):
        return None, f"the seed of {document.id} cannot be read: run claims validate"
    seed = ledger.seeds[document.file]
    before, after = sentence_around(seed, found)
    quote = seed.text[found.start : found.end]
    return Passage(
        f"{SEEDS_DIR}/{document.file}", found.line, found.column, before, quote, after
    ), None
