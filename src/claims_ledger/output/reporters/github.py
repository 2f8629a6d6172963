"""GitHub Actions annotations: `::error file=,line=,col=,title=::message`, grouped by file."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from ...findings import Finding
from .base import Reporter

if TYPE_CHECKING:  # the report's types are loaded by a report, not by validate
    from ...comparing.report_entries import Report


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, line: int, column: int, title: str, message: str) -> str:
    props = f"file={escape_property(file)},line={line},col={column},title={escape_property(title)}"
    return f"::{level} {props}::{escape_data(message)}"


def render_findings(findings: Sequence[Finding], checked: int) -> str:
    out = []
    for file, group in groupby(findings, key=lambda f: f.file):
        out.append(f"::group::{file}")
        for f in group:
            level = "error" if f.severity.value == "error" else "warning"
            out.append(annotation(level, f.file, f.line, f.column, f.code, f.message))
        out.append("::endgroup::")
    out.append(f"{len(findings)} finding(s) in {checked} claim file(s)")
    return "\n".join(out) + "\n"


def render_report(report: Report, color: bool = False) -> str:
    """One annotation a finding, on the record of its first side; findings that --strict
    fails on (conflicts neither settled nor acknowledged) are errors, everything else at its
    finding type's severity; two verified sides of a conflict are an error at the claim's
    status."""
    from ...comparing.consistency.registry import finding_type  # deferred: start-up time

    out = []
    failing = {entry.finding.id for entry in report.strict_failures()}
    for entry in report.entries:
        finding = entry.finding
        level = "error" if finding.id in failing else finding_type(finding.type).severity
        sides = "; ".join(
            f"{s.id} ({s.record}, {s.place}): {s.value} ({s.status})" for s in entry.sides
        )
        message = f"{finding.key}: {finding.explanation}. {sides}"
        if entry.sides:
            first = entry.sides[0]
            out.append(
                annotation(level, first.record, 1, 1, f"{finding.type} {finding.id}", message)
            )
        else:
            out.append(f"::{level} title={escape_property(finding.type)}::{escape_data(message)}")
    for problem in report.problems:
        out.append(
            annotation(
                "error", problem.file, problem.line, problem.column, problem.code, problem.message
            )
        )
    summary = report.summary
    conflicts = summary["conflicts"]
    out.append(
        f"{len(report.entries)} finding(s); {summary['untriaged_conflicts']} untriaged conflict(s); "
        f"{conflicts['open']} open conflict(s), of which {conflicts['acknowledged']} "
        f"acknowledged; {conflicts['settled']} settled"
    )
    return "\n".join(out) + "\n"


class GithubReporter(Reporter):
    """GitHub Actions annotations, grouped by file."""

    name = "github"
    render_findings = staticmethod(render_findings)
    render_report = staticmethod(render_report)
