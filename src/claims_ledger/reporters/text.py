"""Plain text: one `file:line:col: CODE message` line a finding, then a count."""

from __future__ import annotations

from collections.abc import Sequence

from ..findings import Finding


def render_findings(findings: Sequence[Finding], checked: int) -> str:
    lines = [f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in findings]
    errors = sum(1 for f in findings if f.severity.value == "error")
    warnings = len(findings) - errors
    if findings:
        lines.append(f"{errors} error(s), {warnings} warning(s) in {checked} claim file(s)")
    else:
        lines.append(f"ok: {checked} claim file(s), no problems")
    return "\n".join(lines) + "\n"
