"""Plain text: `file:line:col: CODE message` findings, and the report for a terminal."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

from ...findings import Finding
from .base import Reporter

if TYPE_CHECKING:  # the report's types and rich are loaded by a report, not by validate
    from rich.console import Console
    from rich.text import Text

    from ...comparing.report_entries import Entry, Refuted, Report

STANDING_STYLES = {"settled": "green", "acknowledged": "yellow", "open": "bold red"}


def render_findings(findings: Sequence[Finding], checked: int) -> str:
    lines = [f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in findings]
    errors = sum(1 for f in findings if f.severity.value == "error")
    warnings = len(findings) - errors
    if findings:
        lines.append(f"{errors} error(s), {warnings} warning(s) in {checked} claim file(s)")
    else:
        lines.append(f"ok: {checked} claim file(s), no problems")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Terminal:
    """A console of a fixed width, and the two ways the report folds its words.

    A line of printable characters and no style that rich would print as it is (it needs
    no folding) is written straight to the console's file: rich takes some 50 us to print
    a line, and a report of 100,000 claims has some 70,000 of them. Any other line (styled
    in colour, with a tab or a control character, or too wide) is printed by rich.
    """

    console: Console
    width: int
    color: bool = False

    def plain(self, text: str, room: int | None = None, styled: bool = False) -> bool:
        """Whether rich would print `text` unchanged: not styled in colour, only printable
        characters (no tab, newline or control code to expand, split or strip), and no
        wider than `room` cells when it would be folded there (None: printed whole)."""
        from rich.cells import cell_len  # deferred: start-up time

        if (styled and self.color) or not text.isprintable():
            return False
        return room is None or cell_len(text) <= room

    def write(self, line: str) -> None:
        """A line as rich prints one that needs nothing done to it (see `plain`)."""
        self.console.file.write(line + "\n")

    def indent(self, text: str, by: int = 2) -> None:
        for line in text.split("\n"):
            self.whole(line, by)

    def whole(self, text: str, by: int) -> None:
        """Words of `text` on lines of at most the width, none broken, however long."""
        line = ""
        for word in text.split(" "):
            if line and by + len(line) + 1 + len(word) > self.width:
                self._soft(" " * by + line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        self._soft(" " * by + line)

    def _soft(self, line: str) -> None:
        """A line printed whole, however long (rich's soft wrap: the terminal folds it)."""
        from rich.text import Text  # deferred: start-up time

        if self.plain(line):
            self.write(line)
        else:
            self.console.print(Text(line), soft_wrap=True)

    def text(self, text: Text) -> None:
        """A line of text, folded at the width when it is wider."""
        if self.plain(text.plain, self.width, bool(text.style or text.spans)):
            self.write(text.plain)
        else:
            self.console.print(text)

    def padded(self, text: Text, left: int) -> None:
        """Text after `left` spaces, folded at the width."""
        from rich.padding import Padding  # deferred: start-up time

        if self.plain(text.plain, self.width - left, bool(text.style or text.spans)):
            self.write(" " * left + text.plain)
        else:
            self.console.print(Padding(text, (0, 0, 0, left), expand=False))


def render_report(report: Report, color: bool = False, width: int = 80) -> str:
    """The discrepancy summary for a terminal: 80 columns, colour only when asked."""
    from rich.console import Console  # deferred: start-up time

    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=False,
    )
    out = _Terminal(console, width, color)
    for entry in report.entries:
        _print_entry(out, entry, color)
    if report.refuted:
        _print_refuted(out, report.refuted)
    _print_summary(out, report.summary)
    rendered = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in rendered.split("\n"))


def _print_entry(out: _Terminal, entry: Entry, color: bool) -> None:
    """One finding: its heading, explanation, sides, standing and id."""
    from rich.text import Text  # deferred: start-up time

    from ...comparing.consistency.registry import finding_type  # deferred: start-up time

    finding = entry.finding
    kind = finding_type(finding.type)
    head = Text()
    head.append(kind.label, style=kind.style)
    if finding.details.get("minor"):
        head.append(" (minor)", style=kind.style)
    head.append(f"  {finding.key}", style="bold")
    if entry.standing is not None:
        head.append(f"  [{entry.standing}]", style=STANDING_STYLES[entry.standing])
    if entry.untriaged:
        head.append("  [untriaged]", style="red")
    out.text(head)
    out.indent(finding.explanation)
    for spelling in finding.details.get("places", []):
        by_document: dict[str, list[str]] = {}
        for place in spelling["occurrences"]:
            by_document.setdefault(place["document"], []).append(str(place["line"]))
        where = "; ".join(
            f"{doc} line{'s' if len(lines) > 1 else ''} {', '.join(lines)}"
            for doc, lines in by_document.items()
        )
        out.indent(f"{spelling['spelling']!r}: {where}")
    for side in entry.sides:
        out.indent(f"- {side.value}  ({side.status})")
        # ids and paths are never broken: a terminal user copies them whole
        for where in (side.id, f"{side.place} · {side.record}"):
            out.whole(where, 4)
        quote = Text(f"\u201c{side.quote}\u201d", style="italic" if color else "")
        out.padded(quote, 6)
    for refuted in entry.settled_by:
        by = "; ".join(item.words() for item in refuted.by) or "its review"
        out.indent(f"settled: {refuted.id} is refuted by {by}")
    if entry.to_do:
        out.indent(f"to do: the {kind.name} {entry.to_do}")
    out.padded(Text(f"id: {finding.id}", style="dim" if color else ""), 2)
    out.write("")


def _print_refuted(out: _Terminal, refuted_claims: Sequence[Refuted]) -> None:
    """The refuted claims, by document, with what shows each wrong."""
    from rich.text import Text  # deferred: start-up time

    out.text(Text("Refuted claims", style="bold"))
    for document, items in groupby(refuted_claims, key=lambda r: r.document):
        out.text(Text(f"  {document}", style="bold"))
        for refuted in items:
            where = f", line {refuted.line}" if refuted.line else ""
            out.indent(f"- {refuted.statement}  ({refuted.id}{where})", 4)
            out.indent(f"\u201c{refuted.quote}\u201d", 6)
            for item in refuted.by:
                out.indent(f"shown wrong by {item.words()}", 6)
                if item.excerpt:
                    out.indent(f"\u201c{item.excerpt}\u201d", 8)
    out.write("")


def _print_summary(out: _Terminal, summary: dict[str, Any]) -> None:
    """The counts, the claims per document and status, and what to check next."""
    from rich.text import Text  # deferred: start-up time

    out.text(Text("Summary", style="bold"))
    # folded only between counts, so "1 leader" never has its number and its kind apart
    counts = [f"{n} {kind}" for kind, n in summary["findings_per_type"].items()]
    line = "  findings:"
    for index, count in enumerate(counts):
        piece = count + ("," if index < len(counts) - 1 else "")
        if len(line) + 1 + len(piece) > out.width and line.strip() != "findings:":
            out.text(Text(line))
            line = "   "
        line += " " + piece
    out.text(Text(line))
    out.text(
        Text(
            f"  {summary['claims']} claims in {summary['documents']} documents; "
            f"{summary['corroborated_claims']} corroborated by another document"
        )
    )
    # a line of its own, so that at 80 columns "untriaged conflict(s)" is never broken
    out.text(Text(f"  {summary['untriaged_conflicts']} untriaged conflict(s)"))
    conflicts = summary["conflicts"]
    out.text(
        Text(
            f"  {conflicts['open']} open conflict(s), of which {conflicts['acknowledged']} "
            f"acknowledged; {conflicts['settled']} settled; {conflicts['to_settle']} to settle"
        )
    )
    out.text(Text("  claims per document and status:"))
    rows = [
        (doc_id, count, summary["statuses_per_document"].get(doc_id, {}))
        for doc_id, count in summary["claims_per_document"].items()
    ]
    rows.append(("all", summary["claims"], summary["claims_per_status"]))
    for doc_id, count, row in rows:
        statuses = ", ".join(f"{n} {status}" for status, n in row.items() if n)
        out.indent(f"{doc_id}: {count} claim(s)" + (f"; {statuses}" if statuses else ""), 4)
    if summary["next_to_check"]:
        out.text(Text("  next to check:"))
        for item in summary["next_to_check"]:
            out.indent(f"{item['id']}: {item['reason']}", 4)


class TextReporter(Reporter):
    """Plain text: `file:line:col: CODE message`, and the report for a terminal."""

    name = "text"
    can_color = True
    render_findings = staticmethod(render_findings)
    render_report = staticmethod(render_report)
