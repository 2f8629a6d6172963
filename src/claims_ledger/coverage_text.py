"""`claims coverage` as text: per document the counts, what is missing, then the hints.

Kept apart from coverage.py, which measures: the measuring is a library, the wording is for a
reader at a terminal (the JSON shape is `CoverageReport.as_dict`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .coverage import STATUSES, CoverageReport, DocumentCoverage, percent
from .signals import Sentence

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
    """One hint for each sentence that needs a claim, in text order: a sentence nothing
    accounts for, or one holding a number or date that no claim quotes and no waiver excuses."""
    found: dict[Sentence, Hint] = {}
    for item in document.signals:
        if item.status == "missing" and item.sentence not in found:
            line = item.line - item.sentence.text.count(
                "\n", 0, item.signal.start - item.sentence.start
            )
            found[item.sentence] = Hint(
                document.document, document.file, line, shorten(item.sentence.text)
            )
    for sentence in document.sentences:
        if sentence.status == "missing" and sentence.sentence not in found:
            found[sentence.sentence] = Hint(
                document.document, document.file, sentence.line, shorten(sentence.sentence.text)
            )
    return [found[sentence] for sentence in sorted(found, key=lambda s: s.start)]


def render_text(report: CoverageReport) -> str:
    """Per document: the counts, each missing signal and sentence; then the hints and total."""
    out: list[str] = []
    for d in report.documents:
        out.append(f"{d.document}  {d.file} lines {d.first_line}-{d.last_line}")
        out.extend(_sentence_lines(len(d.sentences), d.sentence_count, d.reasons(), "  "))
        out.append(f"  {_counts(len(d.signals), d.count, d.coverage)}")
        if d.unanchored:
            listed = ", ".join(d.unanchored)
            out.append(
                f"  not counted, their quote does not anchor (see `claims validate`): {listed}"
            )
        missing = [i for i in d.signals if i.status == "missing"]
        if missing:
            out.append("  missing signals:")
        for number, item in enumerate(missing):
            quoted = json.dumps(item.signal.text, ensure_ascii=False)
            out.append(f"    {d.file}:{item.line}:{item.column}  {item.signal.kind} {quoted}")
            if number + 1 == len(missing) or missing[number + 1].sentence != item.sentence:
                out.append(f"        | {item.sentence.text}")
        unaccounted = [i for i in d.sentences if i.status == "missing"]
        if unaccounted:
            out.append("  sentences no claim quotes and no waiver accounts for:")
        for item in unaccounted:
            out.append(f"    {d.file}:{item.line}:{item.column}")
            out.append(f"        | {item.sentence.text}")
        out.append("")
    needed = [hint for d in report.documents for hint in hints(d)]
    if needed:
        out.append("hints: sentences that need a claim (or, if they state no fact, a waiver):")
        out.extend(f"  {h.document}  {h.file}:{h.line}  {h.text}" for h in needed)
        out.append("")
    out.append(f"total: {len(report.documents)} document(s)")
    out.extend(_sentence_lines(report.sentences, report.sentence_count, report.reasons(), "  "))
    out.append(f"  {_counts(report.signals, report.count, report.coverage)}")
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


def _sentence_lines(sentences: int, count: Any, reasons: dict[str, int], indent: str) -> list[str]:
    """The sentence counts, and on a line of its own how many each reason waives."""
    parts = ", ".join(f"{count(status)} {status}" for status in STATUSES)
    coverage = percent(sentences - count("missing"), sentences)
    lines = [f"{indent}{sentences} sentence(s): {parts}; accounted {coverage:.1f}%"]
    given = ", ".join(f"{reason} {number}" for reason, number in reasons.items() if number)
    if given:
        lines.append(f"{indent}  waived as: {given}")
    return lines
