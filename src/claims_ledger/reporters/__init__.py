"""Output formats: one module a format, each a Reporter (see base.py) rendering findings and
reports to text.

A new format is one module plus one `register` line here.
"""

from __future__ import annotations

import os

from . import github, json_format, markdown, text
from .base import FORMATS, Reporter, register

register(text.TextReporter)
register(json_format.JsonReporter)
register(github.GithubReporter)
register(markdown.MarkdownReporter)

__all__ = ["FORMATS", "Reporter", "auto_format", "register"]


def auto_format(requested: str | None) -> str:
    """`github` when running in GitHub Actions and nothing else was asked for, else text."""
    if requested:
        return requested
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
