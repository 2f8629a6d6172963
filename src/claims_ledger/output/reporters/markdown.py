"""Markdown: the report to paste in a pull-request comment or a CI job summary."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from ...findings import Finding
from .base import Reporter

if TYPE_CHECKING:  # the report's types are loaded by a report, not by validate
    from ...comparing.report_entries import Entry, Refuted, Report, Shown


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_findings(findings: Sequence[Finding], checked: int) -> str:
    if not findings:
        return f"**claims validate**: {checked} claim file(s), no problems.\n"
    lines = [
        f"**claims validate**: {len(findings)} problem(s) in {checked} claim file(s)",
        "",
        "| file | line | code | message |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{f.file}` | {f.line}:{f.column} | `{f.code}` | {_cell(f.message)} |" for f in findings
    ]
    return "\n".join(lines) + "\n"


def _source(item: Shown) -> str:
    if item.claim is not None:
        return f"claim `{item.claim}`"
    published = f", {item.published}" if item.published else ""
    return f"[{_cell(item.title)}]({item.url}) ({_cell(item.publisher)}{published})"


def render_report(report: Report, color: bool = False) -> str:
    summary = report.summary
    conflicts = summary["conflicts"]
    counts = ", ".join(f"{n} {kind}" for kind, n in summary["findings_per_type"].items())
    lines = [
        "## Claims ledger: discrepancy report",
        "",
        f"{summary['claims']} claims in {summary['documents']} documents · {counts} · "
        f"{summary['corroborated_claims']} corroborated · "
        f"**{summary['untriaged_conflicts']} untriaged conflict(s)**",
        "",
        f"{conflicts['open']} open conflict(s), of which {conflicts['acknowledged']} "
        f"acknowledged; {conflicts['settled']} settled; **{conflicts['to_settle']} to settle**",
        "",
    ]
    for problem in report.problems:
        lines += [
            f"- ❌ `{problem.file}:{problem.line}` `{problem.code}`: {_cell(problem.message)}"
        ]
    if report.problems:
        lines.append("")
    for entry in report.entries:
        lines += _entry_lines(entry)
    if report.refuted:
        lines += _refuted_lines(report.refuted)
    if summary["next_to_check"]:
        lines += ["**Next to check**", ""]
        lines += [f"- `{i['id']}`: {i['reason']}" for i in summary["next_to_check"]]
        lines.append("")
    statuses = list(summary["claims_per_status"])
    lines += ["<details><summary>Claims per document and status</summary>", ""]
    lines += ["| document | claims | " + " | ".join(statuses) + " |"]
    lines += ["| --- | --- |" + " --- |" * len(statuses)]
    for doc, n in summary["claims_per_document"].items():
        row = summary["statuses_per_document"].get(doc, {})
        lines.append(f"| {doc} | {n} | " + " | ".join(str(row.get(s, 0)) for s in statuses) + " |")
    lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _entry_lines(entry: Entry) -> list[str]:
    """One finding: its heading, explanation, sides, standing and every place of a spelling."""
    from ...comparing.consistency.registry import finding_type  # deferred: start-up time

    lines: list[str] = []
    finding = entry.finding
    kind = finding_type(finding.type)
    flag = " (minor)" if finding.details.get("minor") else ""
    flag += f" ({entry.standing})" if entry.standing else ""
    flag += " ⚠️ untriaged" if entry.untriaged else ""
    lines += [
        f"### {kind.heading}: {_cell(finding.key)}{flag}",
        "",
        f"{_cell(finding.explanation)} (`{finding.id}`)",
        "",
    ]
    if entry.sides:
        lines += [
            "| value | claim | status | passage | record | quote |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {_cell(s.value)} | `{s.id}` | {s.status} | `{_cell(s.place)}` | "
            f"`{_cell(s.record)}` | “{_cell(s.quote)}” |"
            for s in entry.sides
        ]
        lines.append("")
        for refuted in entry.settled_by:
            by = "; ".join(_source(item) for item in refuted.by) or "its review"
            lines += [f"Settled: `{refuted.id}` is refuted by {by}.", ""]
        if entry.to_do:
            lines += [f"To do: the {kind.name} {_cell(entry.to_do)}.", ""]
    if entry.finding.details.get("spellings"):  # every place of each spelling
        lines += ["| spelling | document | line |", "| --- | --- | --- |"]
        lines += [
            f"| {_cell(form)} | {doc} | {line} |"
            for form, places in sorted(entry.finding.details["spellings"].items())
            for doc, line in places
        ]
        lines.append("")
    return lines


def _refuted_lines(refuted_claims: Sequence[Refuted]) -> list[str]:
    """The refuted claims, by document, with what shows each wrong."""
    lines = ["## Refuted claims", ""]
    for document, items in groupby(refuted_claims, key=lambda r: r.document):
        lines += [f"### {document}", ""]
        for refuted in items:
            where = f", line {refuted.line}" if refuted.line else ""
            lines.append(f"- {_cell(refuted.statement)} (`{refuted.id}`{where})")
            lines.append(f"  - the text: “{_cell(refuted.quote)}”")
            for item in refuted.by:
                excerpt = f": “{_cell(item.excerpt)}”" if item.excerpt else ""
                lines.append(f"  - shown wrong by {_source(item)}{excerpt}")
        lines.append("")
    return lines


class MarkdownReporter(Reporter):
    """Markdown, for a pull-request comment or a CI job summary."""

    name = "markdown"
    render_findings = staticmethod(render_findings)
    render_report = staticmethod(render_report)
