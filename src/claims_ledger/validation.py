"""The validation engine: load, seeds, anchors, checks, then place each finding in its file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .anchoring import anchor
from .checks import run_checks
from .findings import Finding
from .loading import VOCABULARY, Ledger, load_ledger
from .seeds import load_seeds
from .yamlfile import locate


def anchor_claims(ledger: Ledger) -> None:
    """Compute each claim's TextPositionSelector from its quote (or why it has none)."""
    for claim_id, claim in ledger.claims.items():
        document = ledger.documents.get(claim.source.document)
        span = ledger.spans.get(claim.source.document)
        if document is None or span is None:
            continue
        seed = ledger.seeds[document.file]
        ledger.anchors[claim_id] = anchor(
            seed, span, claim.source.quote, claim.source.prefix, claim.source.suffix
        )


def place(ledger: Ledger, findings: list[Finding]) -> list[Finding]:
    """Fill in line and column from each finding's pointer; only files with findings are read."""
    placed = []
    for finding in findings:
        if finding.line == 0 and finding.file in ledger.texts:
            line, column = locate(ledger.texts[finding.file], finding.pointer)
            finding = replace(finding, line=line, column=column)
        elif finding.line == 0:
            finding = replace(finding, line=1, column=1)
        placed.append(finding)
    return sorted(placed, key=Finding.sort_key)


def prepare(root: Path, only: list[str] | None = None) -> Ledger:
    """A loaded ledger with seeds read and quotes anchored; load problems in ledger.findings."""
    ledger = load_ledger(root, only)
    ledger.findings.extend(load_seeds(ledger))
    anchor_claims(ledger)
    return ledger


def validate(root: Path, only: list[str] | None = None) -> tuple[Ledger, list[Finding]]:
    """Every problem in the ledger (or in the claim files `only`), placed and sorted."""
    ledger = prepare(root, only)
    findings = ledger.findings + run_checks(ledger)
    if only is not None:
        wanted = set(only)
        findings = [
            f
            for f in findings
            if f.file in wanted or f.file in VOCABULARY or not f.file.startswith("claims/")
        ]
    return ledger, place(ledger, findings)
