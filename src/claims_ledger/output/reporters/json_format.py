"""JSON: a list of findings, each with file, line, column, code, severity, message, claims."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...findings import Finding
from ..jsontext import dumps
from .base import Reporter

if TYPE_CHECKING:  # the report's types are loaded by a report, not by validate
    from ...comparing.report_entries import Report


def render_findings(findings: Sequence[Finding], checked: int) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"


def render_report(report: Report, color: bool = False) -> str:
    """The stable JSON shape documented in docs/json.md: {"findings": [...], "summary": {...}}.

    The same text as dumping the whole report at once, built a finding at a time: encoding
    one dict of a hundred thousand findings held several copies of it in memory. (jsontext
    writes json.dumps's indented text at a fraction of its cost.)
    """
    summary = dumps(report.summary, 1)
    parts = []
    for name, items in (
        ("findings", [entry.as_dict() for entry in report.entries]),
        ("refuted", [item.as_dict() for item in report.refuted]),
        ("problems", [finding.as_dict() for finding in report.problems]),
    ):
        if not items:
            parts.append(f'  "{name}": []')
        else:
            body = ",\n    ".join(dumps(item, 2) for item in items)
            parts.append(f'  "{name}": [\n    ' + body + "\n  ]")
    return "{\n" + ",\n".join(parts) + ',\n  "summary": ' + summary + "\n}\n"


class JsonReporter(Reporter):
    """The stable JSON shape of docs/json.md."""

    name = "json"
    render_findings = staticmethod(render_findings)
    render_report = staticmethod(render_report)
