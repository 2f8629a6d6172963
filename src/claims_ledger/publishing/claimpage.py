"""A claim's page, made in Python: a hundred thousand of them are most of a large site.

The template's expressions, blocks and macro calls cost a claim page more than its own work
(a third of it, at 100,000 claims). Every value from the ledger is escaped here as the
template escaped it, and tests/test_publishing_claimpage.py holds each page to what the
template made of it, on the hostile ledger and the bundled one. The frame around it (head,
header, footer) is still base.html's, rendered once a site (see `Frame`).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..records.models import Claim


class Frame:
    """base.html around a page's title, head and main, rendered once for each way to the
    site's root: its pieces between them joined to each page's own (which are escaped)."""

    def __init__(self, env: jinja2.Environment, canonical: bool, publisher: str) -> None:
        self._env = env
        self._canonical = canonical  # whether pages have a canonical address
        self._publisher = publisher
        self._pieces: dict[str, tuple[str, ...]] = {}

    def pieces(self, root: str) -> tuple[str, ...]:
        made = self._pieces.get(root)
        if made is None:
            made = self._pieces[root] = self._render(root)
        return made

    def _render(self, root: str) -> tuple[str, ...]:
        mark = f"\0{secrets.token_hex(8)}\0"  # in no value given to the frame
        marks = [f"{mark}{n}" for n in range(4)]
        child = self._env.from_string(
            '{% extends "base.html" %}'
            f"{{% block title %}}{marks[0]}{{% endblock %}}"
            f"{{% block head %}}{marks[2]}{{% endblock %}}"
            f"{{% block main %}}{marks[3]}{{% endblock %}}"
        )
        text = child.render(
            root=root,
            canonical=marks[1] if self._canonical else None,
            publisher=self._publisher,
        )
        pieces = []
        for at in marks if self._canonical else (marks[0], marks[2], marks[3]):
            before, found, text = text.partition(at)
            if not found or mark in before:  # pragma: no cover - base.html lost a block
                raise RuntimeError(f"base.html: a block of the page is not in it once: {at!r}")
            pieces.append(before)
        if mark in text:  # pragma: no cover - as above
            raise RuntimeError("base.html: a block of the page is in it twice")
        pieces.append(text)
        return tuple(pieces)

    def page(self, root: str, title: str, canonical: str | None, head: str, main: str) -> str:
        """The whole page: the frame's pieces around these (each already HTML)."""
        pieces = self.pieces(root)
        if self._canonical:
            a, b, c, d, e = pieces
            return f"{a}{title}{b}{canonical}{c}{head}{d}{main}{e}"
        a, c, d, e = pieces
        return f"{a}{title}{c}{head}{d}{main}{e}"


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """What a claim's page shows besides its record: worked out by the site (pages.Site)."""

    claim: Claim
    root: str  # the way to the site's root ("../../")
    document_title: str  # the document's title, or its id
    doc_href: str | None  # the document's page, when the ledger has the document
    anchor_id: str  # the passage's anchor on the document's page
    line: int | None  # where the passage starts, when the quote was found
    property_label: str
    names: Mapping[str, str]  # entity id -> name
    value: str  # in words
    value_type: str
    author: str | None
    passage: dict[str, Any] | None  # before, quote, after, file, line, column
    history: Markup
    related: Markup
    part_of: dict[str, Any] | None  # the claim it is part of, as Site._claim_link gives it
    findings: str  # the list of the report's findings on it, or ""
    rating: tuple[str, int] | None
    record: str  # the record's path


def claim_main(page: ClaimPage, status: Mapping[str, Markup], meanings: Mapping[str, str]) -> str:
    """The page's main block, as claim.html made it."""
    claim, top = page.claim, escape(page.root)
    state = claim.status.value
    document = escape(claim.source.document)
    if page.doc_href:
        where = escape(page.doc_href)
        crumb = f'<a href="{top}{where}">{escape(page.document_title)}</a>'
        shown = f"#{escape(page.anchor_id)}" if page.line else ""
        in_document = f'<a href="{top}{where}{shown}">{escape(page.document_title)}</a>'
    else:
        crumb = in_document = document
    rated = f" · rated “{escape(page.rating[0])}”" if page.rating else ""
    names, subject = page.names, claim.subject
    out = [
        f'<nav class="crumbs" aria-label="Breadcrumb"><a href="{top}index.html">Ledger</a> › '
        f"{crumb} › claim</nav>\n"
        f'<p class="verdict s-{escape(state)}">{status[state]} <span class="meaning">'
        f"{escape(meanings[state])}</span>{rated}</p>\n"
        f"<h1>{escape(claim.statement)}</h1>\n\n"
        '<dl class="facts">\n'
        f"  <dt>Value</dt><dd><strong>{escape(page.value)}</strong> "
        f'<span class="meta">({escape(page.value_type)})</span></dd>\n'
        f"  <dt>Subject</dt><dd>{escape(names.get(subject, subject))} "
        f"<code>{escape(subject)}</code></dd>\n"
        f"  <dt>Property</dt><dd>{escape(page.property_label)} "
        f"<code>{escape(claim.property)}</code></dd>\n"
    ]
    if claim.object:
        out.append(
            f"<dt>Object</dt><dd>{escape(names.get(claim.object, claim.object))} "
            f"<code>{escape(claim.object)}</code></dd>"
        )
    if claim.qualifiers:
        pairs = "; ".join(f"{escape(k)} = {escape(v)}" for k, v in claim.qualifiers.items())
        out.append(f"<dt>Qualifiers</dt><dd>{pairs}</dd>")
    if page.author:
        whose = "as the document attributes it" if claim.attributed_to else "the document's author"
        said = f'{escape(page.author)} <span class="meta">({whose})</span>'
    else:
        said = "not stated"
    line = f", line {page.line}" if page.line else ""
    out.append(
        f"  <dt>Said by</dt><dd>{said}</dd>\n  <dt>Document</dt><dd>{in_document}{line}</dd>\n"
    )
    part_of = page.part_of
    if part_of:
        linked = (
            f'<a href="{top}{escape(part_of["href"])}">{escape(part_of["statement"])}</a>'
            if part_of["href"]
            else escape(part_of["id"])
        )
        out.append(f"<dt>Part of</dt><dd>{linked}</dd>")
    if claim.note:
        out.append(f"<dt>Note</dt><dd>{escape(claim.note)}</dd>")
    if claim.tags:
        out.append(f"<dt>Tags</dt><dd>{escape(', '.join(claim.tags))}</dd>")
    out.append(f"  <dt>Record</dt><dd><code>{escape(page.record)}</code></dd>\n</dl>\n\n")
    out.append("<h2>The passage</h2>\n")
    passage = page.passage
    if passage:
        out.append(
            f"{passage_html(passage)}\n"
            f'<p class="meta">{escape(passage["file"])}, line {passage["line"]}, '
            f"column {passage['column']}</p>\n"
        )
    else:
        out.append(
            f'<blockquote class="context"><mark class="quote">{escape(claim.source.quote)}'
            "</mark></blockquote>\n"
            '<p class="meta">The quote was not found in the document\'s text: run '
            "<code>claims validate</code>.</p>\n"
        )
    out.append(
        f"\n<h2>Review history</h2>\n{page.history}\n<h2>Other claims on the same fact</h2>\n"
    )
    if page.related:
        out.append(
            '<div class="scroll">\n<table class="related cards">\n  <thead><tr>'
            '<th scope="col">Compared</th><th scope="col">Claim</th><th scope="col">Value</th>'
            f'<th scope="col">Status</th></tr></thead>\n  <tbody>\n{page.related}\n'
            "  </tbody>\n</table>\n</div>\n"
        )
    else:
        fact = f"{escape(subject)} · {escape(claim.property)}"
        if claim.object:
            fact += f" · {escape(claim.object)}"
        out.append(f"<p>No other claim in the ledger is on this fact ({fact}).</p>\n")
    out.append("\n")
    if page.findings:
        out.append(f"<h2>Findings of the report</h2>\n{page.findings}\n")
    return "".join(out)


def passage_html(passage: Mapping[str, Any]) -> Markup:
    """A quote in the sentences around it, as a claim's page and a finding's show it (the
    templates call it as `show_passage`)."""
    return Markup(
        f'<blockquote class="context">{escape(passage["before"])}<mark class="quote">'
        f"{escape(passage['quote'])}</mark>{escape(passage['after'])}</blockquote>"
    )


def script_head(jsonld: str | None) -> str:
    """The page's head block: its ClaimReview JSON-LD, when it has one (already safe for a
    script element: claimreview.script_json)."""
    return f'<script type="application/ld+json">\n{jsonld}\n</script>' if jsonld else ""
