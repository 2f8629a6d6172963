"""`claims show` and the table of `claims list`: a claim as a person checks it.

A reviewer wants the record, the sentence it came from with the quote picked out, and every
other claim on the same key (subject, property, object and the property's separator
qualifiers) with how its value compares. The view is data (ClaimView); it is rendered as
plain text (the quote marked » «) or as rich text for a terminal. Nothing here prints.
"""

from __future__ import annotations

import difflib
import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..comparing.comparison import Outcome, compare
from ..comparing.consistency.base import containment
from ..comparing.wording import value_words
from ..errors import LedgerError
from ..reading.anchoring import Anchor, AnchorProblem, SeedText
from ..reading.sentences import segment
from ..records.grouping import key_of
from ..records.loading import CLAIMS_DIR, SEEDS_DIR, Ledger
from ..records.models import Cardinality, Claim, ClaimReference, Evidence, Property

OUTCOME_STYLES = {
    "agree": "green",
    "compatible": "green",
    "conflict": "bold red",
    "review": "yellow",
}
STATUS_STYLES = {
    "unverified": "dim",
    "verified": "green",
    "disputed": "yellow",
    "refuted": "red",
    "unverifiable": "magenta",
}


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


def _fields(view: ClaimView) -> list[tuple[str, str]]:
    claim = view.claim

    def named(entity_id: str | None) -> str:
        if entity_id is None:
            return "none"
        name = view.names.get(entity_id)
        return f"{entity_id} ({name})" if name else entity_id

    rows = [
        ("subject", named(claim.subject)),
        ("property", claim.property),
        ("object", named(claim.object)),
    ]
    if claim.qualifiers:
        rows.append(("qualifiers", ", ".join(f"{k}={v}" for k, v in claim.qualifiers.items())))
    rows.append(("value", view.value))
    rows.append(("attributed", claim.attributed_to or "none"))
    if claim.note:
        rows.append(("note", claim.note))
    if claim.tags:
        rows.append(("tags", ", ".join(claim.tags)))
    rows.append(("record", view.record))
    return rows


def _where(item: Related) -> str:
    if item.file is None:
        return item.document
    return (
        f"{item.document} ({item.file}:{item.line})"
        if item.line
        else f"{item.document} ({item.file})"
    )


def render_plain(view: ClaimView, width: int = 100) -> str:
    """The view as plain text; the quote is marked » « within its sentence."""
    claim = view.claim
    out = [f"{claim.id}  [{claim.status.value}]", _wrap(claim.statement, width, "  "), ""]
    out += [f"  {name:<12}{value}" for name, value in _fields(view)]
    out.append("")
    if view.passage is not None:
        p = view.passage
        out.append(f"Passage ({claim.source.document}, {p.file}:{p.line}:{p.column}):")
        out.append(_wrap(f"{p.before}»{p.quote}«{p.after}", width, "  "))
    else:
        out.append(f"Passage: not found: {view.problem}")
        out.append(_wrap(f"quote: »{claim.source.quote}«", width, "  "))
    out += ["", "Review:"]
    for entry in claim.review:
        out.append(_wrap(f"{entry.date} {entry.status.value}: {entry.note}", width, "  "))
        for item in entry.evidence:
            out.append(_wrap(evidence_words(item), width, "    "))
    if not claim.review:
        out.append("  (no review entries)")
    out += ["", f"Other claims on {view.key}:"]
    for item in view.related:
        out.append(f"  {item.outcome:<11}{item.id}  [{item.status}]")
        out.append(f"  {'':<11}value {item.value}; {_where(item)}")
        out.append(_wrap(item.explanation, width, " " * 13))
    if not view.related:
        out.append("  none")
    return "\n".join(out) + "\n"


def evidence_words(item: Evidence) -> str:
    """One evidence item on one line: which way it points, and what it is."""
    if isinstance(item, ClaimReference):
        return f"{item.stance.value}: claim {item.claim}"
    published = f", {item.published}" if item.published else ""
    return f"{item.stance.value}: {item.title} ({item.publisher}{published}) {item.url}"


def _wrap(text: str, width: int, indent: str) -> str:
    return textwrap.fill(
        text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )


def render_rich(view: ClaimView) -> RenderableType:
    """The view for a terminal: the quote highlighted, outcomes and statuses in colour."""
    claim = view.claim
    title = Text(claim.id, style="bold")
    title.append(f"  [{claim.status.value}]", style=STATUS_STYLES.get(claim.status.value, ""))
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim")
    fields.add_column()
    for name, value in _fields(view):
        fields.add_row(name, value)
    parts: list[RenderableType] = [title, Text(claim.statement), Text(), fields, Text()]
    if view.passage is not None:
        p = view.passage
        parts.append(
            Text(f"Passage ({claim.source.document}, {p.file}:{p.line}:{p.column})", style="bold")
        )
        sentence = Text(p.before)
        sentence.append(p.quote, style="bold black on yellow")
        sentence.append(p.after)
        parts.append(sentence)
    else:
        parts.append(Text(f"Passage not found: {view.problem}", style="bold red"))
    parts += [Text(), Text("Review", style="bold")]
    for entry in claim.review:
        line = Text(f"{entry.date} ")
        line.append(entry.status.value, style=STATUS_STYLES.get(entry.status.value, ""))
        line.append(f": {entry.note}")
        parts.append(line)
        for item in entry.evidence:
            parts.append(Padding(Text(evidence_words(item), style="dim"), (0, 0, 0, 2)))
    parts += [Text(), Text(f"Other claims on {view.key}", style="bold")]
    if view.related:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("outcome", no_wrap=True)
        for column in ("claim", "value", "where"):
            table.add_column(column, overflow="fold")
        for item in view.related:
            table.add_row(
                Text(item.outcome, style=OUTCOME_STYLES.get(item.outcome, "")),
                f"{item.id}\n[{item.status}]",
                item.value,
                _where(item),
            )
        parts.append(table)
    else:
        parts.append(Text("none", style="dim"))
    return Group(*parts)


def claims_table(ledger: Ledger, ids: list[str], width: int = 80, color: bool = False) -> str:
    """`claims list --format table`: each claim's id with its status and line, then its
    statement beside its value, within width.

    Ids, paths and words are never broken, to be copied whole from a terminal: an id longer
    than the width overflows its line instead (a table cell would fold it mid-word).
    """
    status_width, line_width, gap = 12, 5, 2
    value_width = max(10, min(26, width // 3))
    text_width = max(10, width - value_width - gap - 2)
    stream = io.StringIO()
    console = Console(
        file=stream,
        width=width,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )

    def wrapped(text: str, size: int) -> list[str]:
        return textwrap.wrap(text, size, break_long_words=False, break_on_hyphens=False) or [""]

    right = status_width + gap + line_width
    head = Text("claim".ljust(max(1, width - right)) + "status".ljust(status_width + gap))
    head.append("line".rjust(line_width))
    console.print(head, soft_wrap=True)
    console.print(Text("  " + "statement".ljust(text_width + gap) + "value"), soft_wrap=True)
    console.print(Text("─" * width), soft_wrap=True)
    for claim_id in ids:
        claim = ledger.claims[claim_id]
        found = ledger.anchors.get(claim_id)
        line = str(found.line) if isinstance(found, Anchor) else "-"
        status = Text(
            claim.status.value.ljust(status_width + gap),
            style=STATUS_STYLES.get(claim.status.value, "") if color else "",
        )
        first = Text(claim.id, style="bold" if color else "")
        if len(claim.id) + gap <= width - right:
            first.append(" " * (width - right - len(claim.id)))
        else:  # the id on a line of its own, then its status and line under it, right-aligned
            console.print(first, soft_wrap=True)
            first = Text(" " * max(0, width - right))
        first.append_text(status)
        first.append(line.rjust(line_width))
        console.print(first, soft_wrap=True)
        said = wrapped(claim.statement, text_width)
        value = wrapped(value_words(claim.value), value_width)
        below = []
        if max(len(part) for part in value) > value_width:
            # a long entity id as the value: on lines of its own under the statement
            below, value = wrapped(value_words(claim.value), width - 4), []
        for index in range(max(len(said), len(value))):
            left = said[index] if index < len(said) else ""
            row = Text("  ")
            row.append(left.ljust(text_width + gap), style="dim" if color else "")
            row.append(value[index] if index < len(value) else "")
            console.print(row, soft_wrap=True)
        for part in below:
            console.print(Text("    " + part), soft_wrap=True)
        console.print()
    console.print(f"{len(ids)} claim(s)")
    text = stream.getvalue()
    return text if color else "".join(line.rstrip() + "\n" for line in text.splitlines())
