"""GitHub Actions annotations: `::error file=,line=,col=,title=::message`, grouped by file."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from ..findings import Finding


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
