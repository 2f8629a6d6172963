"""Each page of the site rendered from the plan: the index, a document, a claim, a finding."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from markupsafe import Markup, escape

from ..comparing.report import FINDING_TYPES, Entry, Report, documents_of
from ..errors import LedgerError
from ..reading.anchoring import Anchor
from ..reading.textfile import read_own_text
from ..records.layout import CLAIMS_DIR, SEEDS_DIR
from ..records.loading import Ledger, load_file, load_texts
from ..records.models import Claim, Status
from .claimpage import ClaimPage, Frame, claim_main, script_head
from .claimreview import RATINGS, claim_review, script_json
from .data import (
    claim_author,
    claim_path,
    document_path,
    finding_path,
    settled,
)
from .evidence import Evidence, evidence_of
from .lines import Line, document_lines, text_html
from .options import SiteOptions, environment
from .plan import Plan, _file_of, _passage, row_of

# A row of a claim's table of the other claims on its fact: the values in order are its
# outcome, the explanation, the way to the site's root, the other claim's page, its
# statement, document, value in words and status mark.
_RELATED_ROW = (
    '    <tr><td data-label="compared"><strong class="outcome o-{0}">{0}</strong><br>'
    '<span class="meta">{1}</span></td><td data-label="claim"><a href="{2}{3}">{4}</a><br>'
    '<span class="meta">{5}</span></td><td data-label="value">{6}</td>'
    '<td data-label="status">{7}</td></tr>'
)
# A row of a document's table of its claims: its number, status mark, the way to the site's
# root, the claim's page, its statement, its value in words and its line (a link) or none.
_CLAIM_ROW = (
    '    <tr><td data-label="#">{0}</td><td data-label="status">{1}</td><td data-label="claim">'
    '<a href="{2}{3}">{4}</a></td><td data-label="value">{5}</td><td data-label="line">{6}'
    "</td></tr>\n"
)


class _Escaped(dict[str, Markup]):
    """Texts escaped once each: the outcomes of comparisons, their explanations, document
    ids and values in words recur on page after page (a few thousand distinct ones)."""

    def __missing__(self, text: str) -> Markup:
        made = self[text] = escape(text)
        return made


class Site:
    """The pages of one ledger, rendered one at a time.

    `ledger` may hold no claim records (only their rows, in the plan): a claim's page then
    reads its record again from its file (see `build_site_from`)."""

    def __init__(self, ledger: Ledger, options: SiteOptions, plan: Plan | None = None) -> None:
        self.ledger = ledger
        self.options = options
        self.env = environment()
        plan = Plan.of(ledger) if plan is None else plan
        self.report: Report = plan.report
        self.compared = plan.compared
        self.rows = plan.rows
        self.names = {entity_id: e.name for entity_id, e in ledger.entities.items()}
        self.by_document: dict[str, list[str]] = defaultdict(list)
        for claim_id in sorted(self.rows):
            self.by_document[self.rows[claim_id].document].append(claim_id)
        self.findings_of: dict[str, list[Entry]] = defaultdict(list)
        self.findings_in: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.report.entries:
            for side in entry.sides:
                self.findings_of[side.id].append(entry)
            for doc_id in documents_of(entry):
                self.findings_in[doc_id].append(entry)
        self.claim_reviews = 0
        self.escaped = _Escaped()
        self.frame = Frame(self.env, bool(options.base_url), options.publisher_name)
        self.status = self.env.globals["STATUS"]  # each status's mark
        self.meanings = self.env.globals["MEANINGS"]
        self.finding_list = self.env.globals["finding_list"]  # the macro, for a few pages

    def url(self, rel: str) -> str | None:
        base = self.options.base_url
        return base + rel if base else None

    def render(self, template: str, rel: str, **values: Any) -> str:
        depth = rel.count("/")
        return self.env.get_template(template).render(
            root="../" * depth,
            canonical=self.url(rel),
            publisher=self.options.publisher_name,
            **values,
        )

    def pages(self) -> Iterator[tuple[str, str]]:
        """(path inside the site, HTML) of every page."""
        for pages in rendered(self, _page_keys(self)):
            yield from pages

    def record(self, claim_id: str) -> Claim:
        """A claim's record: the ledger's, or read again from its file when the ledger
        holds none or only its compact row (LedgerError if the file changed meanwhile)."""
        return self.records((claim_id,))[0]

    def records(self, claim_ids: Sequence[str]) -> list[Claim]:
        """`record` of each claim, those read again loaded together as the ledger's were
        (records.loading.load_texts: parsed, schema-checked, then built, a stage at a
        time over them all)."""
        records: list[Any] = [self.ledger.claims.get(claim_id) for claim_id in claim_ids]
        rels = [
            self.ledger.claim_file.get(claim_id) or _file_of(claim_id) for claim_id in claim_ids
        ]
        again: list[int] = []  # the records read again, each checked against its row
        texts: list[tuple[str, str]] = []
        places: list[int] = []
        for at, rel in enumerate(rels):
            if isinstance(records[at], Claim):
                continue
            again.append(at)
            text = read_own_text(f"{self.ledger.root}{os.sep}{rel}")  # never through a link
            if text is None:  # not simply readable: the loader's slow path
                records[at] = load_file(self.ledger.root, rel, "claim").record
            else:
                texts.append((rel, text))
                places.append(at)
        for at, result in zip(places, load_texts(texts, "claim"), strict=True):
            records[at] = result.record
        for at in again:
            loaded = records[at]
            if not isinstance(loaded, Claim) or row_of(loaded) != self.rows[claim_ids[at]]:
                raise LedgerError(
                    f"{rels[at]}: changed while the site was written: run claims site again"
                )
        return records

    # index

    def index(self) -> str:
        ledger = self.ledger
        rows = self.rows.values()
        per_status: dict[str, Counter[str]] = defaultdict(Counter)
        for row in rows:
            per_status[row.document][row.status.value] += 1
        documents = [
            {
                "id": doc_id,
                "doc": document,
                "href": document_path(doc_id),
                "counts": per_status[doc_id],
                "total": sum(per_status[doc_id].values()),
            }
            for doc_id, document in ledger.documents.items()
        ]
        entries = [self._entry(entry) for entry in self.report.entries]
        totals = Counter(row.status.value for row in rows)
        left = sorted(
            (d for d in documents if d["counts"][Status.unverified.value]),
            key=lambda d: (-d["counts"][Status.unverified.value], d["id"]),
        )
        return self.render(
            "index.html",
            "index.html",
            documents=documents,
            open_findings=[e for e in entries if not e["settled"]],
            settled_findings=[e for e in entries if e["settled"]],
            per_type=self.report.summary["findings_per_type"],
            finding_types=FINDING_TYPES,
            totals=totals,
            claims=len(self.rows),
            left=left,
            corroborated=self.report.summary["corroborated_claims"],
        )

    def _entry(self, entry: Entry) -> dict[str, Any]:
        return {
            "id": entry.finding.id,
            "type": entry.finding.type,
            "key": entry.finding.key,
            "explanation": entry.finding.explanation,
            "href": finding_path(entry.finding.id),
            "settled": settled(entry),
            "untriaged": entry.untriaged,
            "standing": entry.standing,
            "to_do": entry.to_do,
            "sides": len(entry.sides),
        }

    # documents

    def document(self, doc_id: str) -> str:
        document = self.ledger.documents[doc_id]
        lines, rows = self.laid_out(doc_id)
        counts = Counter(self.rows[i].status.value for i in self.by_document.get(doc_id, []))
        rel = document_path(doc_id)
        root = "../" * rel.count("/")
        return self.render(
            "document.html",
            rel,
            doc=document,
            doc_id=doc_id,
            text=text_html(lines, root),
            table=self.claim_rows(rows, root),
            count=len(rows),
            counts=counts,
            seed_file=f"{SEEDS_DIR}/{document.file}",
            findings=[self._entry(e) for e in self.findings_in.get(doc_id, [])],
        )

    def laid_out(self, doc_id: str) -> tuple[list[Line], list[dict[str, Any]]]:
        """A document's lines, cut where its claims' passages start and end, and the rows of
        its table of claims, numbered in the order their passages come."""
        ledger = self.ledger
        document = ledger.documents[doc_id]
        ids = self.by_document.get(doc_id, [])
        placed = []
        for claim_id in ids:
            found = ledger.anchors.get(claim_id)
            if isinstance(found, Anchor):
                placed.append((found.start, found.end, self.rows[claim_id]))
        order = sorted(placed, key=lambda p: (p[0], -p[1], p[2].id))
        numbers = {p[2].id: n for n, p in enumerate(order, 1)}
        unplaced = [i for i in ids if i not in numbers]
        for n, claim_id in enumerate(unplaced, len(numbers) + 1):
            numbers[claim_id] = n
        seed = ledger.seeds.get(document.file)
        span = ledger.spans.get(doc_id)
        lines = document_lines(seed, span, placed, numbers) if seed and span else []
        rows = [
            {
                "number": numbers[p[2].id],
                "claim": p[2],
                "href": claim_path(p[2].id),
                "value": p[2].value,
                "line": seed.position(p[0])[0] if seed else None,
            }
            for p in order
        ]
        rows += [
            {
                "number": numbers[claim_id],
                "claim": self.rows[claim_id],
                "href": claim_path(claim_id),
                "value": self.rows[claim_id].value,
                "line": None,
            }
            for claim_id in unplaced
        ]
        return lines, rows

    def claim_rows(self, rows: list[dict[str, Any]], root: str) -> Markup:
        """The rows of a document's table of its claims, each value escaped: made here, as
        the claim page's related claims are (see `_related`)."""
        status, top = self.status, escape(root)
        made = []
        for row in rows:
            line, claim = row["line"], row["claim"]
            made.append(
                _CLAIM_ROW.format(
                    row["number"],
                    status[claim.status.value],  # a status mark, made by a macro
                    top,
                    escape(row["href"]),
                    escape(claim.statement),
                    escape(row["value"]),
                    f'<a href="#L{line}">{line}</a>' if line else "passage not found",
                )
            )
        return Markup("".join(made))

    # claims

    def _claim_link(self, claim_id: str) -> dict[str, Any]:
        row = self.rows.get(claim_id)
        if row is None:
            return {"id": claim_id, "href": None, "statement": None, "status": None}
        return {
            "id": claim_id,
            "href": claim_path(claim_id),
            "statement": row.statement,
            "status": row.status.value,
            "value": row.value,
            "document": row.document,
        }

    def _related(self, claim_id: str, root: str) -> Markup:
        """The rows of the claim's table of the other claims on its fact, each value
        escaped: made here, a row costs a third of what the template's loop took, and a
        claim of a generated ledger has six such rows on average."""
        status, again = self.status, self.escaped
        rows = []
        for compared in self.compared.of(claim_id):
            row = self.rows[compared.other]
            rows.append(
                _RELATED_ROW.format(
                    again[compared.outcome],
                    again[compared.explanation],
                    again[root],
                    escape(claim_path(compared.other)),
                    escape(row.statement),
                    again[row.document],
                    again[row.value],
                    status[row.status.value],  # a status mark, made by a macro
                )
            )
        return Markup("\n".join(rows))

    def history(self, review: list[Any], root: str) -> Markup:
        """A claim's review history as its page shows it, each value escaped: made here, as
        the related claims are (in the template, its loops yielded a third of a claim page's
        pieces)."""
        if not review:
            return Markup("<p>No review entries yet.</p>\n")
        status, top = self.status, escape(root)
        out = ['<ol class="reviews">\n']
        for entry in review:
            date, by = escape(entry.date), getattr(entry, "by", None)
            out.append(
                f'  <li>\n    <p><time datetime="{date}">{date}</time> '
                f"{status[entry.status.value]}{f' by {escape(by)}' if by else ''}</p>\n"
                f"    <p>{escape(entry.note)}</p>\n"
            )
            items = evidence_of(entry)
            if items:
                out.append('    <ul class="evidence">\n')
                for item in items:
                    out.append("      <li>\n")
                    out.append(self._evidence(item, status, top))
                    out.append("      </li>\n")
                out.append("    </ul>\n")
            out.append("  </li>\n")
        out.append("</ol>\n")
        return Markup("".join(out))

    def _evidence(self, item: Evidence, status: dict[str, Markup], top: Markup) -> str:
        """One evidence item of a review entry, as `history` shows it."""
        stance = f'<span class="stance">{escape(item.stance)}</span> ' if item.stance else ""
        if item.kind == "claim":
            cited = self._claim_link(item.claim) if item.claim else None
            if cited is not None and cited["href"]:
                shown = (
                    f'<a href="{top}{escape(cited["href"])}">{escape(cited["statement"])}</a> '
                    f"({status[cited['status']]}, {escape(cited['document'])})"
                )
            else:
                shown = f"<code>{escape(item.claim)}</code> (no such claim in the ledger)"
            return f"{stance}claim:\n{shown}"
        if item.kind != "source":
            return (
                f'        <code class="unlinked">{escape(item.text)}</code> '
                '<span class="meta">(not a web address or a claim: not linked)</span>\n'
            )
        link, archived_link = item.link, item.archived_link
        parts = [stance]
        if link:
            parts.append(
                f'<a href="{escape(link)}" rel="nofollow noopener noreferrer">'
                f"{escape(item.title or item.url)}</a>"
            )
        else:
            parts.append(
                f'{escape(item.title or "")} <code class="unlinked">{escape(item.url)}</code> '
                '<span class="meta">(not an http or https address: not linked)</span>'
            )
        if item.publisher:
            parts.append(f" · {escape(item.publisher)}")
        if item.published:
            parts.append(f" · published {escape(item.published)}")
        if item.consulted:
            parts.append(f" · consulted {escape(item.consulted)}")
        if item.archived:
            if archived_link:
                parts.append(
                    f' · <a href="{escape(archived_link)}" rel="nofollow noopener noreferrer">'
                    "archived copy</a>"
                )
            else:
                parts.append(
                    f' · archived copy <code class="unlinked">{escape(item.archived)}</code>'
                    " (not linked)"
                )
        if item.excerpt:
            lang = f' lang="{escape(item.language)}"' if item.language else ""
            parts.append(f'<blockquote class="excerpt"{lang}>{escape(item.excerpt)}</blockquote>')
        if item.translation:
            parts.append(f'<p class="translation">Translation: {escape(item.translation)}</p>')
        return "".join(parts)

    def claim(self, claim_id: str) -> str:
        return self.claims((claim_id,))[0]

    def claims(self, claim_ids: Sequence[str]) -> list[str]:
        """The pages of these claims, a stage at a time over them all: their records, then
        the sentences their quotes stand in, then the pages (each stage keeps its code and
        tables in the processor's caches, as in checking/parallel.py's examine_many)."""
        ledger = self.ledger
        records = self.records(claim_ids)
        passages = [
            _passage(ledger, claim_id, claim.source.document)
            for claim_id, claim in zip(claim_ids, records, strict=True)
        ]
        return [
            self._claim(claim_id, claim, passage)
            for claim_id, claim, passage in zip(claim_ids, records, passages, strict=True)
        ]

    def _claim(self, claim_id: str, claim: Claim, passage: dict[str, Any] | None) -> str:
        ledger = self.ledger
        doc_id = claim.source.document
        document = ledger.documents.get(doc_id)
        prop = ledger.properties.get(claim.property)
        rel = claim_path(claim_id)
        root = "../" * rel.count("/")
        url = self.url(rel)
        review_data = claim_review(ledger, claim, self.options.publisher_name, url)
        if review_data is not None:
            self.claim_reviews += 1
        found = ledger.anchors.get(claim_id)
        findings = self.findings_of.get(claim_id)
        page = ClaimPage(
            claim,
            root,
            (document.title if document else None) or doc_id,
            document_path(doc_id) if document else None,
            f"c-{claim_id.split('/', 1)[1]}",
            found.line if isinstance(found, Anchor) else None,
            prop.label if prop else claim.property,
            self.names,
            self.rows[claim_id].value,
            type(claim.value).__name__.removesuffix("Value").lower(),
            claim_author(ledger, claim),
            passage,
            self.history(claim.review, root),
            self._related(claim_id, root),
            self._claim_link(claim.part_of) if claim.part_of else None,
            self.finding_list([self._entry(e) for e in findings], root) if findings else "",
            RATINGS.get(claim.status),
            f"{CLAIMS_DIR}/{claim_id}.yaml",
        )
        return self.frame.page(
            root,
            escape(claim.statement),
            escape(url) if url else None,
            script_head(script_json(review_data) if review_data is not None else None),
            claim_main(page, self.status, self.meanings),
        )

    # findings

    def finding(self, entry: Entry) -> str:
        ledger = self.ledger
        sides = []
        for side in entry.sides:
            row = self.rows[side.id]
            document = ledger.documents.get(side.document)
            sides.append(
                {
                    "side": side,
                    "claim": row,
                    "attributed_to": self.record(side.id).attributed_to,
                    "href": claim_path(side.id),
                    "doc": document,
                    "doc_href": document_path(side.document) if document else None,
                    "passage": _passage(ledger, side.id, row.document),
                }
            )
        spellings = [
            {
                "form": form,
                "places": [
                    {
                        "document": doc_id,
                        "line": line,
                        "href": f"{document_path(doc_id)}#L{line}"
                        if doc_id in ledger.documents
                        else None,
                    }
                    for doc_id, line in places
                ],
            }
            for form, places in sorted(entry.finding.details.get("spellings", {}).items())
        ]
        return self.render(
            "finding.html",
            finding_path(entry.finding.id),
            entry=self._entry(entry),
            sides=sides,
            spellings=spellings,
            notes=sorted(entry.finding.details.get("notes", {}).items()),
        )


# --- writing


def _page_keys(site: Site) -> list[tuple[str, Any]]:
    """Every page as (kind, what): what a worker needs to render it from the site it holds."""
    keys: list[tuple[str, Any]] = [("index", None)]
    keys += [("document", doc_id) for doc_id in site.ledger.documents]
    keys += [("claim", claim_id) for claim_id in sorted(site.rows)]
    keys += [("finding", number) for number in range(len(site.report.entries))]
    return keys


# Claim pages rendered together (see Site.claims).
CLAIMS_TOGETHER = 64


def rendered(site: Site, keys: Sequence[tuple[str, Any]]) -> Iterator[list[tuple[str, str]]]:
    """(path inside the site, HTML) of the pages of these keys, in order, a few at a time:
    each run of claim pages CLAIMS_TOGETHER at a time, any other page alone."""
    at = 0
    while at < len(keys):
        kind, what = keys[at]
        if kind != "claim":
            yield [_page(site, kind, what)]
            at += 1
            continue
        ids = []
        while at < len(keys) and keys[at][0] == "claim" and len(ids) < CLAIMS_TOGETHER:
            ids.append(keys[at][1])
            at += 1
        yield list(zip(map(claim_path, ids), site.claims(ids), strict=True))


def _page(site: Site, kind: str, what: Any) -> tuple[str, str]:
    if kind == "index":
        return "index.html", site.index()
    if kind == "document":
        return document_path(what), site.document(what)
    if kind == "claim":
        return claim_path(what), site.claim(what)
    entry = site.report.entries[what]
    return finding_path(entry.finding.id), site.finding(entry)
