"""Claim coverage: is every checkable fact of a document in the ledger?

Each document is split into sentences and signals (see signals.py), and both are accounted
for. A sentence is *covered* when the anchored quote of a claim of its document lies in it
(or runs through it), *waived* when seeds/sentence-waivers/<document>.yaml says why it states
no fact (see sentence_waivers.py), and *missing* otherwise; a sentence without a letter or a
digit ("***") is not counted. A signal (a number, a date, a number word) is covered when a
claim's quote contains it, waived by seeds/coverage-waivers.yaml (see waivers.py), or missing:
a sentence can be covered by one claim while a figure in it is in none. Coverage is accounted
/ counted, for sentences and for signals, per document and in total; `--min` holds for both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..checking.validation import place, prepare
from ..errors import LedgerError
from ..findings import Finding
from ..reading.anchoring import Anchor, SeedText
from ..reading.signals import Sentence, Signal, find_signals, sentences
from ..records.layout import MANIFEST, SEEDS_DIR
from ..records.loading import Ledger
from ..records.waiver_model import WaiverReason
from .items import SentenceCoverage, SignalCoverage
from .sentence_waivers import (
    PlacedSentenceWaiver,
    load_sentence_waivers,
    place_sentence_waivers,
)
from .sentence_waivers import finding as waiver_finding
from .waivers import (
    WAIVERS_FILE,
    PlacedWaiver,
    load_waivers,
    place_waivers,
    waiver_findings,
    waives,
)


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
    sentences: tuple[SentenceCoverage, ...]
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

    def sentence_count(self, status: str) -> int:
        return sum(1 for item in self.sentences if item.status == status)

    @property
    def sentences_accounted(self) -> int:
        return len(self.sentences) - self.sentence_count("missing")

    @property
    def sentence_coverage(self) -> float:
        return percent(self.sentences_accounted, len(self.sentences))

    def reasons(self) -> dict[str, int]:
        """How many sentences each reason waives, every reason listed (in the fixed order)."""
        counted = {reason.value: 0 for reason in WaiverReason}
        for item in self.sentences:
            if item.reason is not None:
                counted[item.reason] += 1
        return counted

    def below(self, minimum: float) -> bool:
        """Whether the sentences or the signals of this document are under the minimum."""
        return _under(self.sentences_accounted, len(self.sentences), minimum) or _under(
            self.accounted, len(self.signals), minimum
        )


STATUSES = ("covered", "waived", "missing")


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Coverage of the chosen documents, the waiver files' findings, and the --min asked for."""

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

    @property
    def sentences(self) -> int:
        return sum(len(d.sentences) for d in self.documents)

    @property
    def sentences_accounted(self) -> int:
        return sum(d.sentences_accounted for d in self.documents)

    def sentence_count(self, status: str) -> int:
        return sum(d.sentence_count(status) for d in self.documents)

    @property
    def sentence_coverage(self) -> float:
        return percent(self.sentences_accounted, self.sentences)

    def reasons(self) -> dict[str, int]:
        counted = {reason.value: 0 for reason in WaiverReason}
        for d in self.documents:
            for reason, number in d.reasons().items():
                counted[reason] += number
        return counted

    def below(self) -> list[str]:
        """The documents (and "total") whose sentence or signal coverage is under the minimum,
        exactly compared."""
        if self.minimum is None:
            return []
        low = [d.document for d in self.documents if d.below(self.minimum)]
        if _under(self.sentences_accounted, self.sentences, self.minimum) or _under(
            self.accounted, self.signals, self.minimum
        ):
            low.append("total")
        return low

    def exit_code(self) -> int:
        """1 when a coverage is under --min or a waiver file has an error, else 0."""
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
                "sentences": {
                    "counts": {
                        "sentences": self.sentences,
                        **{s: self.sentence_count(s) for s in STATUSES},
                    },
                    "waived_by_reason": self.reasons(),
                    "coverage": self.sentence_coverage,
                },
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
        "sentences": {
            "counts": {
                "sentences": len(d.sentences),
                **{s: d.sentence_count(s) for s in STATUSES},
            },
            "waived_by_reason": d.reasons(),
            "coverage": d.sentence_coverage,
            "items": [
                {
                    "line": i.line,
                    "column": i.column,
                    **_sentence_dict(i.sentence),
                    "status": i.status,
                    "claims": list(i.claims),
                    "reason": i.reason,
                    "waiver": i.waiver,
                }
                for i in d.sentences
            ],
        },
    }


def _sentence_dict(sentence: Sentence) -> dict[str, Any]:
    return {"start": sentence.start, "end": sentence.end, "text": sentence.text}


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
    sentence_files = load_sentence_waivers(root)
    texts = dict(sentence_files.texts)  # the waiver files' texts, to place their findings
    if waiver_file.text is not None:
        texts[WAIVERS_FILE] = waiver_file.text
    placed, findings = place_waivers(ledger, waiver_file.waivers, set(chosen))
    findings = [*waiver_file.findings, *findings]
    placed_sentences, problems = place_sentence_waivers(ledger, sentence_files, set(chosen))
    findings.extend([*sentence_files.findings, *problems])
    documents = []
    for doc_id in chosen:
        mine = [p for p in placed if p.waiver.document == doc_id]
        file = sentence_files.files.get(doc_id, ("", None))[0]
        theirs = [p for p in placed_sentences if p.file == file]
        measured, problems = _document(ledger, doc_id, mine, theirs)
        documents.append(measured)
        findings.extend(problems)
    left_out = tuple(place(ledger, ledger.left_out))
    return CoverageReport(
        tuple(documents), tuple(place(ledger, findings, texts)), minimum, left_out
    )


def _document(
    ledger: Ledger,
    doc_id: str,
    waivers: list[PlacedWaiver],
    sentence_waivers: list[PlacedSentenceWaiver],
) -> tuple[DocumentCoverage, list[Finding]]:
    document = ledger.documents[doc_id]
    seed = ledger.seeds[document.file]
    start, end = ledger.spans[doc_id]
    claims = sorted(c for c, claim in ledger.claims.items() if claim.source.document == doc_id)
    anchors = {c: a for c in claims if isinstance(a := ledger.anchors.get(c), Anchor)}
    items: list[SignalCoverage] = []
    accounted: list[SentenceCoverage] = []
    for sentence in sentences(seed.text, start, end):
        for signal in find_signals(sentence.text, sentence.start):
            quoting = tuple(
                c for c, a in anchors.items() if a.start <= signal.start and signal.end <= a.end
            )
            items.append(_account(seed, sentence, signal, quoting, waivers))
        if any(character.isalnum() for character in sentence.text):
            accounted.append(_account_sentence(seed, sentence, anchors, sentence_waivers))
    measured = DocumentCoverage(
        doc_id,
        f"{SEEDS_DIR}/{document.file}",
        document.lines.first,
        document.lines.last,
        tuple(items),
        tuple(accounted),
        tuple(anchors),
        tuple(c for c in claims if c not in anchors),
    )
    problems = [
        *waiver_findings(items, waivers),
        *sentence_waiver_findings(accounted, sentence_waivers),
    ]
    return measured, problems


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


def _account_sentence(
    seed: SeedText,
    sentence: Sentence,
    anchors: dict[str, Anchor],
    waivers: list[PlacedSentenceWaiver],
) -> SentenceCoverage:
    line, column = seed.position(sentence.start)
    item = SentenceCoverage(sentence, line, column, "missing")
    quoting = tuple(
        c for c, a in anchors.items() if a.start < sentence.end and sentence.start < a.end
    )
    if quoting:
        return replace(item, status="covered", claims=quoting)
    for placed in waivers:
        if sentence.start <= placed.anchor.start and placed.anchor.end <= sentence.end:
            reason = placed.waiver.reason.value
            return replace(item, status="waived", reason=reason, waiver=placed.file)
    return item


def sentence_waiver_findings(
    sentences: list[SentenceCoverage], waivers: list[PlacedSentenceWaiver]
) -> list[Finding]:
    """A waiver lies in one sentence; one for a sentence a claim already covers is not needed."""
    found = []
    for placed in waivers:
        start, end = placed.anchor.start, placed.anchor.end
        inside = [s for s in sentences if s.sentence.start <= start and end <= s.sentence.end]
        if not inside:
            message = (
                "the quote runs over more than one sentence: quote one sentence, and give each "
                "of the others its own claim or waiver"
            )
            found.append(
                sentence_finding("sentence-waiver-spans-sentences", message, placed, "quote")
            )
        elif inside[0].status == "covered":
            by = ", ".join(inside[0].claims)
            message = f"the sentence is already covered by {by}: remove the waiver"
            found.append(sentence_finding("sentence-waiver-redundant", message, placed, "quote"))
    return found


def sentence_finding(code: str, message: str, placed: PlacedSentenceWaiver, key: str) -> Finding:
    return waiver_finding(code, message, placed.file, placed.number, key)
