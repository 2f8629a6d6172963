"""Placing findings in their files: the line and column a finding's pointer names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..findings import Finding
from ..reading.locating import locate
from ..reading.textfile import MAX_VOCABULARY_BYTES, read_text
from ..records.loading import Ledger


def place(
    ledger: Ledger, findings: list[Finding], texts: Mapping[str, str] | None = None
) -> list[Finding]:
    """Fill in line and column from each finding's pointer, sorted. A file is found in the
    ledger's texts, then in `texts` (files the ledger does not hold), else read once here:
    only files with findings are read, and the ledger is left as it was."""
    read: dict[str, str | None] = {}

    def text_of(rel: str) -> str | None:
        if rel in ledger.texts:
            return ledger.texts[rel]
        if texts is not None and rel in texts:
            return texts[rel]
        if rel not in read:
            read[rel] = read_text(ledger.root / rel, MAX_VOCABULARY_BYTES).text
        return read[rel]

    placed = []
    for finding in findings:
        if finding.line == 0:
            text = text_of(finding.file)
            line, column = (1, 1) if text is None else locate(text, finding.pointer)
            finding = replace(finding, line=line, column=column)
        placed.append(finding)
    return sorted(placed, key=Finding.sort_key)
