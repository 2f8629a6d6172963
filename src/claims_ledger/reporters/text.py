"""Plain text: `file:line:col: CODE message` findings, and the report for a terminal."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from ..findings import Finding
from ..report import Report


def render_findings(findings: Sequence[Finding], checked: int) -> str:
    lines = [f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in findings]
    errors = sum(1 for f in findings if f.severity.value == "error")
    warnings = len(findings) - errors
    if findings:
        lines.append(f"{errors} error(s), {warnings} warning(s) in {checked} claim file(s)")
    else:
        lines.append(f"ok: {checked} claim file(s), no problems")
    return "\n".join(lines) + "\n"


def render_report(report: Report, color: bool = False, width: int = 80) -> str:
    """The discrepancy summary for a terminal: 80 columns, colour only when asked."""
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=False,
    )
    styles = {
        "conflict": "bold red",
        "review": "yellow",
        "spelling": "cyan",
        "arithmetic": "magenta",
        "timeline": "magenta",
    }
    for entry in report.entries:
        finding = entry.finding
        head = Text()
        head.append(f"{finding.type.upper()}", style=styles.get(finding.type, "bold"))
        head.append(f"  {finding.key}", style="bold")
        if entry.untriaged:
            head.append("  [untriaged]", style="red")
        console.print(head)
        console.print(Padding(Text(finding.explanation), (0, 0, 0, 2), expand=False))
        for side in entry.sides:
            where = f"{side.document}, line {side.line}" if side.line else side.document
            console.print(
                Padding(
                    Text(f"- {side.value}  ({where}, {side.status})"), (0, 0, 0, 2), expand=False
                )
            )
            quote = Text(f"\u201c{side.quote}\u201d", style="italic" if color else "")
            console.print(Padding(quote, (0, 0, 0, 6), expand=False))
        console.print(
            Padding(
                Text(f"id: {finding.id}", style="dim" if color else ""), (0, 0, 0, 2), expand=False
            )
        )
        console.print()
    summary = report.summary
    console.print(Text("Summary", style="bold"))
    counts = ", ".join(f"{n} {kind}" for kind, n in summary["findings_per_type"].items())
    console.print(Text(f"  findings: {counts}"))
    console.print(
        Text(
            f"  {summary['claims']} claims in {summary['documents']} documents; "
            f"{summary['corroborated_claims']} corroborated by another document; "
            f"{summary['untriaged_conflicts']} untriaged conflict(s)"
        )
    )
    console.print(Text("  claims per document:"))
    for doc_id, count in summary["claims_per_document"].items():
        console.print(Text(f"    {doc_id:<40} {count:>6}"))
    console.print(Text("  claims per status:"))
    for status, count in summary["claims_per_status"].items():
        console.print(Text(f"    {status:<40} {count:>6}"))
    rendered = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in rendered.split("\n"))
