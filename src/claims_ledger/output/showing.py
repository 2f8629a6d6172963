"""`claims show`: a claim as a person checks it, rendered.

A reviewer wants the record, the sentence it came from with the quote picked out, and every
other claim on the same key (subject, property, object and the property's separator
qualifiers) with how its value compares. The view is data (ClaimView, in claimview.py); it is
rendered here as plain text (the quote marked » «) or as rich text for a terminal. The table
of `claims list` is in claimstable.py. Nothing here prints.
"""

from __future__ import annotations

import textwrap

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..records.models import ClaimReference, Evidence
from .claimstable import claims_table
from .claimview import ClaimView, Related, claim_view, find_claim, sentence_around
from .styles import OUTCOME_STYLES, STATUS_STYLES

# The names `claims show`, `claims list` and the site use, from the modules that own them.
__all__ = [
    "ClaimView",
    "claim_view",
    "claims_table",
    "evidence_words",
    "find_claim",
    "render_plain",
    "render_rich",
    "sentence_around",
]


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
