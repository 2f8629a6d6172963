"""Markdown: the report to paste in a pull-request comment or a CI job summary."""

from __future__ import annotations

from collections.abc import Sequence

from ..findings import Finding
from ..report import Report


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


def render_report(report: Report, color: bool = False) -> str:
    summary = report.summary
    counts = ", ".join(f"{n} {kind}" for kind, n in summary["findings_per_type"].items())
    lines = [
        "## Claims ledger: discrepancy report",
        "",
        f"{summary['claims']} claims in {summary['documents']} documents · {counts} · "
        f"{summary['corroborated_claims']} corroborated · "
        f"**{summary['untriaged_conflicts']} untriaged conflict(s)**",
        "",
    ]
    for entry in report.entries:
        finding = entry.finding
        flag = " ⚠️ untriaged" if entry.untriaged else ""
        lines += [
            f"### {finding.type}: {_cell(finding.key)}{flag}",
            "",
            f"{_cell(finding.explanation)} (`{finding.id}`)",
            "",
        ]
        if entry.sides:
            lines += [
                "| value | document | line | status | quote |",
                "| --- | --- | --- | --- | --- |",
            ]
            lines += [
                f"| {_cell(s.value)} | {s.document} | {s.line or ''} | {s.status} | "
                f"“{_cell(s.quote)}” |"
                for s in entry.sides
            ]
            lines.append("")
        elif entry.finding.details.get("spellings"):  # no claim quotes it: show where it is
            lines += ["| spelling | document | line |", "| --- | --- | --- |"]
            lines += [
                f"| {_cell(form)} | {doc} | {line} |"
                for form, places in sorted(entry.finding.details["spellings"].items())
                for doc, line in places
            ]
            lines.append("")
    lines += ["<details><summary>Claims per document and status</summary>", ""]
    lines += ["| document | claims |", "| --- | --- |"]
    lines += [f"| {doc} | {n} |" for doc, n in summary["claims_per_document"].items()]
    lines += ["", "| status | claims |", "| --- | --- |"]
    lines += [f"| {status} | {n} |" for status, n in summary["claims_per_status"].items()]
    lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
