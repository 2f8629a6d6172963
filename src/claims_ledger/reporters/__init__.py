"""Output formats: one module a format, each rendering findings (and reports) to text.

A new format is one module plus one line in FORMATS.
"""

from __future__ import annotations

import os
from types import ModuleType

from . import github, json_format, markdown, text

FORMATS: dict[str, ModuleType] = {
    "text": text,
    "json": json_format,
    "github": github,
    "markdown": markdown,
}


def auto_format(requested: str | None) -> str:
    """`github` when running in GitHub Actions and nothing else was asked for, else text."""
    if requested:
        return requested
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
