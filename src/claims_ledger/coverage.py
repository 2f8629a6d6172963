"""Claim coverage: is every checkable fact of a document in the ledger?

Each document is split into sentences and signals (see signals.py). A signal is *covered*
when the anchored quote of a claim of its document contains it, *waived* when
seeds/coverage-waivers.yaml says it is not a fact (see waivers.py), and *missing* otherwise.
Coverage is (covered + waived) / signals, per document and in total. Sentences that hold a
proper name but overlap no claim's quote are listed too, as hints: they are never counted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .anchoring import Anchor, SeedText
from .errors import LedgerError
from .findings import Finding
from .loading import MANIFEST, SEEDS_DIR, Ledger
from .signals import Sentence, Signal, find_signals, known_names, proper_names, sentences
from .validation import place, prepare
from .waivers import (
    WAIVERS_FILE,
    PlacedWaiver,
    load_waivers,
    place_waivers,
    waiver_findings,
    waives,
)


@dataclass(frozen=True, slots=True)
class SignalCoverage:
    """One signal and what accounts for it: the claims that quote it, or a waiver's reason."""

    signal: Signal
    line: int
    column: int
    sentence: Sentence
    status: str  # covered | waived | missing
    claims: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class NamedSentence:
    """A sentence that holds a proper name and overlaps no claim's quote."""

    sentence: Sentence
    line: int
    column: int
    names: tuple[str, ...]


def percent(done: int, total: int) -> float:
    """A share in percent, rounded down to one decimal so 99.96% never shows as 100.0%."""
    return 100.0 if total == 0 else (done * 1000 // total) / 10


@dataclass(frozen=True, slots=True)
class DocumentCoverage:
    document: str
    file: str  # seeds/<file>
    first_line: int
    last_line: int
    signals: tuple[SignalCoverage, ...]
    unclaimed: tuple[NamedSentence, ...]
    claims: tuple[str, ...]  # claims of the document whose quote is anchored
    unanchored: tuple[str, ...]  # claims of the document whose quote is not: not counted

    def count(self, status: str) -> int:
        return sum(1 for item in self.signals if item.status == status)

    @property
    def accounted(self) -> int:
        return len(self.signals) - self.count("missing")

    @property
    def coverage(self) -> float:
        return percent(self.accounted, len(self.signals))


STATUSES = ("covered", "waived", "missing")
HINT_LENGTH = 100  # characters of a sentence shown in a hint


@dataclass(frozen=True, slots=True)
class Hint:
    """A sentence that needs a claim: it holds a signal no claim quotes and no waiver excuses."""

    document: str
    file: str  # seeds/<file>
    line: int
    text: str  # the sentence on one line, shortened to about HINT_LENGTH characters


def shorten(text: str, length: int = HINT_LENGTH) -> str:
    """The text on one line, cut at a word boundary with "..." when longer than length."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[: length - 3]
    if " " in cut and not flat[length - 3].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "..."


def hints(document: DocumentCoverage) -> list[Hint]:
    """One hint for each sentence of the document with a missing signal, in text order."""
    found: dict[Sentence, Hint] = {}
    for item in document.signals:
        if item.status == "missing" and item.sentence not in found:
            line = item.line - item.sentence.text.count(
                "\n", 0, item.signal.start - item.sentence.start
            )
            found[item.sentence] = Hint(
                document.document, document.file, line, shorten(item.sentence.text)
            )
    return list(found.values())


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Coverage of the chosen documents, the waiver file's findings, and the --min asked for."""

    documents: tuple[DocumentCoverage, ...]
    findings: tuple[Finding, ...] = ()
    minimum: float | None = None
    left_out: tuple[Finding, ...] = ()  # ledger files not loaded: their claims are not counted

    @property
    def signals(self) -> int:
        return sum(len(d.signals) for d in self.documents)

    @property
    def accounted(self) -> int:
        return sum(d.accounted for d in self.documents)

    def count(self, status: str) -> int:
        return sum(d.count(status) for d in self.documents)

    @property
    def coverage(self) -> float:
        return percent(self.accounted, self.signals)

    def below(self) -> list[str]:
        """The documents (and "total") whose coverage is under the minimum, exactly compared."""
        if self.minimum is None:
            return []
        low = [
            d.document for d in self.documents if _under(d.accounted, len(d.signals), self.minimum)
        ]
        if _under(self.accounted, self.signals, self.minimum):
            low.append("total")
        return low

    def exit_code(self) -> int:
        """1 when a coverage is under --min or the waiver file has an error, else 0."""
        errors = any(f.severity.value == "error" for f in self.findings)
        return 1 if errors or self.below() else 0

    def as_dict(self) -> dict[str, Any]:
        """The shape `claims coverage --format json` publishes (documented in docs/json.md)."""
        low = set(self.below())
        return {
            "documents": [_document_dict(d, d.document in low) for d in self.documents],
            "total": {
                "documents": len(self.documents),
                "counts": {"signals": self.signals, **{s: self.count(s) for s in STATUSES}},
                "coverage": self.coverage,
                "below_min": "total" in low,
            },
            "min": self.minimum,
            "findings": [f.as_dict() for f in self.findings],
        }


def _document_dict(d: DocumentCoverage, below: bool) -> dict[str, Any]:
    return {
        "id": d.document,
        "file": d.file,
        "lines": {"first": d.first_line, "last": d.last_line},
        "counts": {"signals": len(d.signals), **{s: d.count(s) for s in STATUSES}},
        "coverage": d.coverage,
        "below_min": below,
        "claims": len(d.claims),
        "unanchored_claims": list(d.unanchored),
        "signals": [
            {
                "kind": i.signal.kind,
                "text": i.signal.text,
                "line": i.line,
                "column": i.column,
                "start": i.signal.start,
                "end": i.signal.end,
                "status": i.status,
                "claims": list(i.claims),
                "reason": i.reason,
                "sentence": _sentence_dict(i.sentence),
            }
            for i in d.signals
        ],
        "unclaimed_sentences": [
            {
                "line": n.line,
                "column": n.column,
                **_sentence_dict(n.sentence),
                "names": list(n.names),
            }
            for n in d.unclaimed
        ],
    }


def _sentence_dict(sentence: Sentence) -> dict[str, Any]:
    return {"start": sentence.start, "end": sentence.end, "text": sentence.text}


def render_text(report: CoverageReport) -> str:
    """Per document: the counts, each missing signal under its sentence, named sentences."""
    out: list[str] = []
    for d in report.documents:
        out.append(f"{d.document}  {d.file} lines {d.first_line}-{d.last_line}")
        out.append(f"  {_counts(len(d.signals), d.count, d.coverage)}")
        if d.unanchored:
            listed = ", ".join(d.unanchored)
            out.append(
                f"  not counted, their quote does not anchor (see `claims validate`): {listed}"
            )
        missing = [i for i in d.signals if i.status == "missing"]
        if missing:
            out.append("  missing:")
        for number, item in enumerate(missing):
            quoted = json.dumps(item.signal.text, ensure_ascii=False)
            out.append(f"    {d.file}:{item.line}:{item.column}  {item.signal.kind} {quoted}")
            if number + 1 == len(missing) or missing[number + 1].sentence != item.sentence:
                out.append(f"        | {item.sentence.text}")
        if d.unclaimed:
            out.append("  sentences with a proper name and no claim (shown, not counted):")
        for named in d.unclaimed:
            out.append(f"    {d.file}:{named.line}:{named.column}  {', '.join(named.names)}")
            out.append(f"        | {named.sentence.text}")
        out.append("")
    needed = [hint for d in report.documents for hint in hints(d)]
    if needed:
        out.append("hints: sentences that need a claim (no claim quotes a number or date in")
        out.append("them, no waiver excuses it):")
        out.extend(f"  {h.document}  {h.file}:{h.line}  {h.text}" for h in needed)
        out.append("")
    total = _counts(report.signals, report.count, report.coverage)
    out.append(f"total: {len(report.documents)} document(s), {total}")
    out.extend(f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in report.findings)
    if report.minimum is not None:
        low = report.below()
        out.append(
            f"below --min {report.minimum:g}%: {', '.join(low)}"
            if low
            else f"ok: at or above --min {report.minimum:g}%"
        )
    return "\n".join(out) + "\n"


def _counts(signals: int, count: Any, coverage: float) -> str:
    parts = ", ".join(f"{count(status)} {status}" for status in STATUSES)
    return f"{signals} signal(s): {parts}; coverage {coverage:.1f}%"


def _under(done: int, total: int, minimum: float) -> bool:
    return total > 0 and done * 100 < minimum * total


def measure(
    root: Path, document: str | None = None, minimum: float | None = None
) -> CoverageReport:
    """The coverage of every document (or just `document`) of the ledger at root."""
    if minimum is not None and not 0 <= minimum <= 100:  # also refuses NaN
        raise LedgerError(f"--min {minimum}: give a percentage from 0 to 100")
    ledger = prepare(root)
    if not ledger.documents:
        problems = place(ledger, [f for f in ledger.findings if f.file == MANIFEST])
        where = f"{MANIFEST}:{problems[0].line}:{problems[0].column}: " if problems else ""
        raise LedgerError(f"{where}the manifest lists no document: run `claims validate`")
    if document is not None and document not in ledger.documents:
        known = ", ".join(ledger.documents)
        raise LedgerError(f"no document {document!r} in {MANIFEST}; the documents are: {known}")
    chosen = [document] if document else list(ledger.documents)
    for doc_id in chosen:
        if doc_id not in ledger.spans:
            raise LedgerError(
                f"document {doc_id}: its seed seeds/{ledger.documents[doc_id].file} could not be "
                "read or its line span is wrong: run `claims validate`"
            )
    waiver_file = load_waivers(root)
    if waiver_file.text is not None:
        ledger.texts[WAIVERS_FILE] = waiver_file.text
    placed, findings = place_waivers(ledger, waiver_file.waivers, set(chosen))
    findings = [*waiver_file.findings, *findings]
    names = known_names([n for e in ledger.entities.values() for n in (e.name, *e.aliases)])
    documents = []
    for doc_id in chosen:
        mine = [p for p in placed if p.waiver.document == doc_id]
        measured, problems = _document(ledger, doc_id, mine, names)
        documents.append(measured)
        findings.extend(problems)
    left_out = tuple(place(ledger, ledger.left_out))
    return CoverageReport(tuple(documents), tuple(place(ledger, findings)), minimum, left_out)


def _document(
    ledger: Ledger, doc_id: str, waivers: list[PlacedWaiver], names: re.Pattern[str] | None
) -> tuple[DocumentCoverage, list[Finding]]:
    document = ledger.documents[doc_id]
    seed = ledger.seeds[document.file]
    start, end = ledger.spans[doc_id]
    claims = sorted(c for c, claim in ledger.claims.items() if claim.source.document == doc_id)
    anchors = {c: a for c in claims if isinstance(a := ledger.anchors.get(c), Anchor)}
    items: list[SignalCoverage] = []
    unclaimed: list[NamedSentence] = []
    for sentence in sentences(seed.text, start, end):
        for signal in find_signals(sentence.text, sentence.start):
            quoting = tuple(
                c for c, a in anchors.items() if a.start <= signal.start and signal.end <= a.end
            )
            items.append(_account(seed, sentence, signal, quoting, waivers))
        if any(a.start < sentence.end and sentence.start < a.end for a in anchors.values()):
            continue
        found = proper_names(sentence.text, names)
        if found:
            line, column = seed.position(sentence.start)
            unclaimed.append(NamedSentence(sentence, line, column, tuple(found)))
    measured = DocumentCoverage(
        doc_id,
        f"{SEEDS_DIR}/{document.file}",
        document.lines.first,
        document.lines.last,
        tuple(items),
        tuple(unclaimed),
        tuple(anchors),
        tuple(c for c in claims if c not in anchors),
    )
    return measured, waiver_findings(items, waivers)


def _account(
    seed: SeedText,
    sentence: Sentence,
    signal: Signal,
    claims: tuple[str, ...],
    waivers: list[PlacedWaiver],
) -> SignalCoverage:
    line, column = seed.position(signal.start)
    item = SignalCoverage(signal, line, column, sentence, "missing")
    if claims:
        return replace(item, status="covered", claims=claims)
    for placed in waivers:
        if waives(placed, signal):
            return replace(item, status="waived", reason=placed.waiver.reason)
    return item
