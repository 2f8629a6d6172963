"""JSON: a list of findings, each with file, line, column, code, severity, message, claims."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..findings import Finding
from ..report import Report


def render_findings(findings: Sequence[Finding], checked: int) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"


def render_report(report: Report, color: bool = False) -> str:
    """The stable JSON shape documented in docs/json.md: {"findings": [...], "summary": {...}}."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
