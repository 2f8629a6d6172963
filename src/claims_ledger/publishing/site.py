"""`claims site`: the whole ledger as a static website that needs no server and no script.

Pages: index.html (documents, statuses, discrepancies, what is left to check), a page per
document (its text with every claim's passage marked and linked), per claim (the record,
its passage, its reviews and evidence, the other claims on its fact, ClaimReview JSON-LD
when it has a verdict) and per finding of the report. Every page is rendered by a Jinja2
template with autoescaping; addresses are stable (see docs/site.md).
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import multiprocessing
import os
import pickle
import shutil
import tempfile
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import jinja2
from pydantic import ValidationError

from ..checking.parallel import default_jobs
from ..comparing.consistency.base import build_context
from ..comparing.report import FINDING_TYPES, Entry, Report, build_report, documents_of
from ..comparing.wording import value_words
from ..errors import LedgerError
from ..output.showing import sentence_around
from ..reading.anchoring import Anchor, SeedText
from ..reading.yamlfile import YamlProblem, parse, read_own_text
from ..records import models
from ..records.loading import CLAIMS_DIR, SEEDS_DIR, Ledger, load_file
from ..records.models import Claim, Status
from .claimreview import RATINGS, claim_review, script_json
from .data import (
    STATUS_MEANINGS,
    SYMBOLS,
    Comparisons,
    claim_author,
    claim_path,
    document_path,
    finding_path,
    settled,
)
from .evidence import evidence_of, web_address

MARKER = ".claims-site"
MARKER_TEXT = "This directory was written by `claims site`; it is replaced on the next build.\n"
HERE = Path(__file__).resolve().parent
STATUS_ORDER = [s.value for s in Status]


@dataclass(frozen=True)
class SiteOptions:
    """`base_url` is where the site will be served ("https://example.org/ledger/"): without
    it, pages carry no absolute address and the JSON-LD has no url fields."""

    base_url: str | None = None
    publisher_name: str = "claims-ledger"


@dataclass
class SiteResult:
    out: Path
    pages: int
    claim_reviews: int
    notes: list[str] = field(default_factory=list)


def normalise_base_url(url: str) -> str:
    """An absolute http(s) address ending in "/", or LedgerError."""
    if web_address(url) is None:
        raise LedgerError(f"--base-url {url!r}: give an absolute http:// or https:// address")
    return url if url.endswith("/") else url + "/"


@cache
def environment() -> jinja2.Environment:
    """Templates from publishing/templates, every one autoescaped whatever its name."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        auto_reload=False,  # compiled once a process: no stat of every template every page
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(SYMBOLS=SYMBOLS, MEANINGS=STATUS_MEANINGS, STATUSES=STATUS_ORDER)
    return env


# --- the document text, cut into segments at every passage boundary


@dataclass(frozen=True, slots=True)
class Pin:
    """The start of one claim's passage: a link with its status symbol and number."""

    claim: str
    number: int
    status: str
    statement: str
    href: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same set of passages (none, one, or several)."""

    text: str
    pins: tuple[Pin, ...]
    claims: tuple[str, ...]
    status: str | None
    href: str | None


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    segments: tuple[Segment, ...]


def document_lines(
    seed: SeedText,
    span: tuple[int, int],
    placed: list[tuple[int, int, Row]],
    numbers: dict[str, int],
) -> list[Line]:
    """The document's lines, each cut where a passage starts or ends, so that overlapping
    passages each keep their own mark; a segment links to the shortest passage covering it."""
    text = seed.text
    start, end = span
    first_line = seed.position(start)[0]
    last_line = seed.position(max(start, end - 1))[0]
    placed = sorted(placed, key=lambda item: (item[0], -item[1], item[2].id))
    lines = []
    for number in range(first_line, last_line + 1):
        line_start = seed.line_starts[number - 1]
        line_end = min(
            end, seed.line_starts[number] - 1 if number < len(seed.line_starts) else len(text)
        )
        if not text[line_start:line_end].strip():
            continue
        here = [p for p in placed if p[0] < line_end and p[1] > line_start]
        cuts = {line_start, line_end}
        for s, e, _ in here:
            cuts.update(x for x in (s, e) if line_start < x < line_end)
        edges = sorted(cuts)
        segments = []
        for a, b in pairwise(edges):
            covering = [p for p in here if p[0] <= a and p[1] >= b]
            pins = tuple(
                Pin(
                    c.id,
                    numbers[c.id],
                    c.status.value,
                    c.statement,
                    claim_path(c.id),
                )
                for s, _, c in here
                if s == a
            )
            if covering:
                shortest = min(covering, key=lambda p: (p[1] - p[0], p[2].id))[2]
                segments.append(
                    Segment(
                        text[a:b],
                        pins,
                        tuple(p[2].id for p in covering),
                        shortest.status.value,
                        claim_path(shortest.id),
                    )
                )
            else:
                segments.append(Segment(text[a:b], pins, (), None, None))
        lines.append(Line(number, tuple(segments)))
    return lines


# --- page data


@dataclass(frozen=True, slots=True)
class Row:
    """What the pages of others show of a claim (the index, documents, findings, links):
    the site holds one of these a claim, and each claim's whole record only for its page."""

    id: str
    document: str
    statement: str
    status: Status
    value: str  # in words
    attributed_to: str | None


def row_of(claim: Claim) -> Row:
    return Row(
        claim.id,
        claim.source.document,
        claim.statement,
        claim.status,
        value_words(claim.value),
        claim.attributed_to,
    )


@dataclass(frozen=True)
class Plan:
    """What every page needs of the whole ledger, made once: the report, each claim's
    comparisons with the others on its fact (the report's own, not made again) and a row
    a claim. Small enough to hand from the process that loaded the claims to the one that
    writes the pages, which then reads each claim's record again only for its own page."""

    report: Report
    compared: Comparisons
    rows: dict[str, Row]

    @classmethod
    def of(cls, ledger: Ledger) -> Plan:
        context = build_context(ledger)
        report = build_report(ledger, context=context)
        compared = Comparisons(ledger, context)
        del context
        shared: dict[str, str] = {}  # one string for the documents' ids, values in words, ...
        rows = {}
        for claim_id, claim in ledger.claims.items():
            row = row_of(claim)
            rows[claim_id] = Row(
                row.id,
                shared.setdefault(row.document, row.document),
                row.statement,
                row.status,
                shared.setdefault(row.value, row.value),
                row.attributed_to and shared.setdefault(row.attributed_to, row.attributed_to),
            )
        return cls(report, compared, rows)


def _passage(ledger: Ledger, claim_id: str, doc_id: str) -> dict[str, Any] | None:
    found = ledger.anchors.get(claim_id)
    document = ledger.documents.get(doc_id)
    if not isinstance(found, Anchor) or document is None or document.file not in ledger.seeds:
        return None
    seed = ledger.seeds[document.file]
    before, after = sentence_around(seed, found)
    return {
        "before": before,
        "quote": seed.text[found.start : found.end],
        "after": after,
        "line": found.line,
        "column": found.column,
        "file": f"{SEEDS_DIR}/{document.file}",
    }


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
        for kind, what in _page_keys(self):
            yield _page(self, kind, what)

    def record(self, claim_id: str) -> Claim:
        """A claim's record: the ledger's, or read again from its file when the ledger
        holds none (LedgerError if the file changed meanwhile)."""
        claim = self.ledger.claims.get(claim_id)
        if claim is not None:
            return claim
        rel = self.ledger.claim_file.get(claim_id) or _file_of(claim_id)
        text = read_own_text(f"{self.ledger.root}{os.sep}{rel}")  # never through a link
        loaded: Any = None
        if text is None:  # not simply readable: the loader's slow path
            loaded = load_file(self.ledger.root, rel, "claim").record
        else:  # checked against the schema when it was first loaded: built straight away
            with contextlib.suppress(YamlProblem, ValidationError):
                loaded = Claim.model_validate(parse(text))
        if not isinstance(loaded, Claim) or row_of(loaded) != self.rows[claim_id]:
            raise LedgerError(f"{rel}: changed while the site was written: run claims site again")
        return loaded

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
        counts = Counter(self.rows[i].status.value for i in ids)
        return self.render(
            "document.html",
            document_path(doc_id),
            doc=document,
            doc_id=doc_id,
            lines=lines,
            rows=rows,
            counts=counts,
            seed_file=f"{SEEDS_DIR}/{document.file}",
            findings=[self._entry(e) for e in self.findings_in.get(doc_id, [])],
        )

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

    def claim(self, claim_id: str) -> str:
        ledger = self.ledger
        claim = self.record(claim_id)
        document = ledger.documents.get(claim.source.document)
        prop = ledger.properties.get(claim.property)
        reviews = []
        for entry in claim.review:
            items = []
            for item in evidence_of(entry):
                items.append(
                    {"item": item, "cited": self._claim_link(item.claim) if item.claim else None}
                )
            reviews.append({"entry": entry, "by": getattr(entry, "by", None), "evidence": items})
        related = [
            {**self._claim_link(c.other), "outcome": c.outcome, "explanation": c.explanation}
            for c in self.compared.of(claim_id)
        ]
        rel = claim_path(claim_id)
        review_data = claim_review(ledger, claim, self.options.publisher_name, self.url(rel))
        if review_data is not None:
            self.claim_reviews += 1
        found = ledger.anchors.get(claim_id)
        return self.render(
            "claim.html",
            rel,
            claim=claim,
            doc=document,
            doc_href=document_path(claim.source.document) if document else None,
            anchor_id=f"c-{claim_id.split('/', 1)[1]}",
            line=found.line if isinstance(found, Anchor) else None,
            prop=prop,
            names=self.names,
            value=self.rows[claim_id].value,
            value_type=type(claim.value).__name__.removesuffix("Value").lower(),
            author=claim_author(ledger, claim),
            attributed=claim.attributed_to is not None,
            passage=_passage(ledger, claim_id, claim.source.document),
            reviews=reviews,
            related=related,
            part_of=self._claim_link(claim.part_of) if claim.part_of else None,
            findings=[self._entry(e) for e in self.findings_of.get(claim_id, [])],
            jsonld=script_json(review_data) if review_data is not None else None,
            rating=RATINGS.get(claim.status),
            record=f"{CLAIMS_DIR}/{claim_id}.yaml",
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


def check_out(root: Path, out: Path, force: bool) -> Path:
    """Where the site may be written: OUT itself, resolved, or LedgerError.

    Refused: a file; the ledger or a folder holding it; anything inside claims/ or seeds/;
    a symbolic link leading outside the ledger; a non-empty folder `claims site` did not
    write (unless forced).
    """
    root = root.resolve()
    target = out.resolve()
    if out.is_symlink() and target != root and root not in target.parents:
        raise LedgerError(
            f"{out}: a symbolic link to {target}, outside the ledger: name a real directory"
        )
    if target.exists() and not target.is_dir():
        raise LedgerError(f"{out}: not a directory")
    if target == root or target in root.parents:
        raise LedgerError(f"{out}: the ledger itself, or a folder holding it: name a new directory")
    for inner in (CLAIMS_DIR, SEEDS_DIR):
        if target == root / inner or (root / inner) in target.parents:
            raise LedgerError(f"{out}: inside {inner}/, which holds only ledger files")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file() and not force:
        raise LedgerError(
            f"{out}: a non-empty directory that `claims site` did not write: "
            "name a new or empty directory, or pass --force to write into it"
        )
    return target


# Pages a worker renders between two reports to the parent: few enough to spread the work
# evenly, many enough that handing them out costs nothing next to rendering them.
PAGES_A_TASK = 250
# The site being written, for forked workers: they inherit it rather than receive it.
_RENDERING: tuple[Site, Path] | None = None


def _page_keys(site: Site) -> list[tuple[str, Any]]:
    """Every page as (kind, what): what a worker needs to render it from the site it holds."""
    keys: list[tuple[str, Any]] = [("index", None)]
    keys += [("document", doc_id) for doc_id in site.ledger.documents]
    keys += [("claim", claim_id) for claim_id in sorted(site.rows)]
    keys += [("finding", number) for number in range(len(site.report.entries))]
    return keys


def _page(site: Site, kind: str, what: Any) -> tuple[str, str]:
    if kind == "index":
        return "index.html", site.index()
    if kind == "document":
        return document_path(what), site.document(what)
    if kind == "claim":
        return claim_path(what), site.claim(what)
    entry = site.report.entries[what]
    return finding_path(entry.finding.id), site.finding(entry)


def _write_pages(site: Site, into: Path, keys: list[tuple[str, Any]]) -> tuple[int, int]:
    """Render and write these pages (their folders exist); how many, and how many of them
    carry a ClaimReview."""
    before = site.claim_reviews
    for kind, what in keys:
        rel, html = _page(site, kind, what)
        (into / rel).write_text(html, encoding="utf-8")
    return len(keys), site.claim_reviews - before


def _start_worker() -> None:
    gc.freeze()  # the inherited ledger is long-lived: collections need not walk (or touch) it


def _write_chunk(keys: list[tuple[str, Any]]) -> tuple[int, int]:
    assert _RENDERING is not None
    return _write_pages(*_RENDERING, keys)


def _write_tree(site: Site, into: Path, jobs: int | None = None) -> int:
    """Every page, written as it is rendered (none is held), by `jobs` forked worker
    processes (None: one a core, at most two; 1 for a small site), then the stylesheet."""
    global _RENDERING
    keys = _page_keys(site)
    for folder in {(into / _page_folder(kind, what)) for kind, what in keys}:
        folder.mkdir(parents=True, exist_ok=True)
    jobs = default_jobs(len(keys)) if jobs is None else max(1, jobs)
    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        count, reviews = _write_pages(site, into, keys)
    else:
        chunks = [keys[at : at + PAGES_A_TASK] for at in range(0, len(keys), PAGES_A_TASK)]
        count = reviews = 0
        _RENDERING = (site, into)
        try:
            with multiprocessing.get_context("fork").Pool(jobs, _start_worker) as pool:
                for written, with_review in pool.imap_unordered(_write_chunk, chunks):
                    count += written
                    reviews += with_review
        finally:
            _RENDERING = None
        site.claim_reviews += reviews
    static = into / "static"
    static.mkdir(exist_ok=True)
    for name in ("site.css",):
        shutil.copyfile(HERE / "static" / name, static / name)
    return count


def _page_folder(kind: str, what: Any) -> str:
    if kind == "index":
        return "."
    if kind == "document":
        return "documents"
    if kind == "claim":
        return claim_path(what).rsplit("/", 1)[0]
    return "findings"


def _remove(path: Path) -> None:
    """Delete a file, a link (never what it points to) or a folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _merge(built: Path, target: Path) -> None:
    """Move the built files into a folder we did not write (--force), never through a link."""
    for directory, _, names in os.walk(built):
        rel = Path(directory).relative_to(built)
        dest = target / rel
        if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
            raise LedgerError(f"{dest}: in the way of the site (a link or a file): remove it")
        dest.mkdir(exist_ok=True)
        for name in names:
            if (dest / name).is_symlink() or (dest / name).is_dir():
                raise LedgerError(f"{dest / name}: in the way of the site: remove it")
            os.replace(Path(directory) / name, dest / name)


def build_site(
    ledger: Ledger,
    out: Path,
    options: SiteOptions,
    force: bool = False,
    jobs: int | None = None,
) -> SiteResult:
    """Render every page into a hidden folder inside OUT, then move it into place.

    A folder `claims site` wrote (or an empty one) is replaced whole, so pages of deleted
    claims go: the old entries are moved aside, the new ones in (a rename each), and the
    old ones deleted. A foreign folder, with force, only gains and overwrites the site's
    files, and is not marked as ours (the next build needs --force again). Nothing is
    written outside OUT.
    """
    return _build_site(ledger, None, out, options, force, jobs)


def build_site_from(
    load: Callable[[], Ledger],
    out: Path,
    options: SiteOptions,
    force: bool = False,
    jobs: int | None = None,
) -> tuple[SiteResult, Ledger]:
    """`build_site(load(), ...)`, in a third of the memory; the result, and the ledger
    less what only the pages needed (its claim records, the files of claims whose id is
    their path, the reasons a quote has no anchor): for the caller's messages.

    A forked process loads the ledger, makes the report and a row a claim, hands them
    back with the ledger less its claims, and ends: only a process's end gives back the
    memory of 100,000 claim records (freed objects stay in its heap). Each claim's page
    then reads its record again, about 0.05 ms a claim.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        ledger = load()
        return build_site(ledger, out, options, force, jobs), ledger
    ledger, plan = in_child(_planned, load)
    return _build_site(ledger, plan, out, options, force, jobs), ledger


def _planned(load: Callable[[], Ledger]) -> tuple[Ledger, Plan]:
    ledger = load()
    plan = Plan.of(ledger)
    ledger.claims = {}  # this process ends once they are sent: their memory serves the pickling
    # the site places only anchored quotes; why a quote has no anchor is validate's to say
    ledger.anchors = {k: v for k, v in ledger.anchors.items() if isinstance(v, Anchor)}
    # a claim's file is its id's path but for a claim whose id is not (see Site.record)
    ledger.claim_file = {k: v for k, v in ledger.claim_file.items() if v != _file_of(k)}
    return ledger, plan


def _file_of(claim_id: str) -> str:
    return f"{CLAIMS_DIR}/{claim_id}.yaml"


def _value_type(value: str) -> Any:
    """A property's value type, by its value: the enum is made at run time (from the
    registry of value types), so pickle cannot find its class by name."""
    return models.ValueType(value)


def in_child(work: Callable[..., Any], *args: Any) -> Any:
    """`work(*args)`, run in a forked process whose result comes back pickled through a
    temporary file (not held in memory on both sides at once); its exception is raised
    here."""
    with tempfile.TemporaryFile() as spool:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 0
            try:
                try:
                    outcome: tuple[bool, Any] = (True, work(*args))
                except BaseException as error:  # sent to the parent, which raises it
                    outcome = (False, error)
                pickler = pickle.Pickler(spool, protocol=pickle.HIGHEST_PROTOCOL)
                kinds = models.ValueType
                pickler.dispatch_table = {
                    **copyreg.dispatch_table,
                    kinds: lambda kind: (_value_type, (kind.value,)),
                }
                pickler.dump(outcome)
                spool.flush()
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise LedgerError("the process loading the ledger failed: see the messages above")
        spool.seek(0)
        collect = gc.isenabled()
        gc.disable()  # long-lived objects, no cycles: a collection would only walk them
        try:
            done, value = pickle.load(spool)
            # long-lived too, and shared with the workers forked next: a collection that
            # walked it would write to every page of it, each then copied into each worker
            gc.freeze()
        finally:
            if collect:
                gc.enable()
    if not done:
        raise value
    return value


def _build_site(
    ledger: Ledger,
    plan: Plan | None,
    out: Path,
    options: SiteOptions,
    force: bool,
    jobs: int | None,
) -> SiteResult:
    target = check_out(ledger.root, out, force)
    site = Site(ledger, options, plan)
    target.mkdir(parents=True, exist_ok=True)
    ours = (target / MARKER).is_file() or not any(target.iterdir())
    built = Path(tempfile.mkdtemp(prefix=".claims-site-new-", dir=target))
    try:
        pages = _write_tree(site, built, jobs)
        if ours:
            (built / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            old = Path(tempfile.mkdtemp(prefix=".claims-site-old-", dir=target))
            for entry in list(target.iterdir()):
                if entry not in (built, old):
                    os.replace(entry, old / entry.name)
            for entry in list(built.iterdir()):
                os.replace(entry, target / entry.name)
            shutil.rmtree(old)
        else:
            _merge(built, target)
    finally:
        if built.exists():
            shutil.rmtree(built)
    notes = []
    if options.base_url is None:
        notes.append(
            "no --base-url: pages have no canonical address and the ClaimReview JSON-LD has "
            "no url fields (search engines need them); pass --base-url where the site is served"
        )
    return SiteResult(target, pages, site.claim_reviews, notes)
