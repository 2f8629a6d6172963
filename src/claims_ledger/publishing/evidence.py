"""Evidence items read through one adapter, whatever shape the record gives them.

A review entry's evidence is either a plain string ("claim:ID", or an address), a mapping
(an external source {url, title, publisher, ...} or {claim, stance}), or a model with those
attributes. Pages and exports read every item through `evidence_of`, so a change of the
record's shape touches this module only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..records.models import ExternalSource

SOURCE_FIELDS = tuple(ExternalSource.model_fields)  # the one list: the model's


@dataclass(frozen=True, slots=True)
class Evidence:
    """One evidence item. `kind` is "claim" (another claim of the ledger), "source" (an
    external page) or "text" (a string that is neither: shown as written, never linked)."""

    kind: str
    claim: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    consulted: str | None = None
    excerpt: str | None = None
    language: str | None = None
    translation: str | None = None
    stance: str | None = None
    archived: str | None = None
    text: str | None = None

    @property
    def link(self) -> str | None:
        """The address, only when it may be rendered as a link (http or https)."""
        return web_address(self.url)

    @property
    def archived_link(self) -> str | None:
        return web_address(self.archived)


def web_address(url: str | None) -> str | None:
    """`url` when its scheme is http or https and it names a host, else None: a ledger
    written by anyone must never put javascript:, data: or file: links on a page."""
    if not url or any(ch in url for ch in "\r\n\t\x00") or url != url.strip():
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _field(item: Any, name: str) -> Any:
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None)


def _text(value: Any) -> str | None:
    """A field as text: enums by their value, dates as written, None stays None."""
    if value is None:
        return None
    return str(getattr(value, "value", value))


def read_evidence(item: Any) -> Evidence:
    """One evidence item, of any shape the record may hold."""
    if isinstance(item, str):
        if item.startswith("claim:"):
            return Evidence("claim", claim=item.removeprefix("claim:"))
        if web_address(item):
            return Evidence("source", url=item)
        return Evidence("text", text=item)
    claim = _text(_field(item, "claim"))
    if claim is not None:
        return Evidence(
            "claim", claim=claim.removeprefix("claim:"), stance=_text(_field(item, "stance"))
        )
    values = {name: _text(_field(item, name)) for name in SOURCE_FIELDS}
    if values["url"] is None and values["title"] is None:
        return Evidence("text", text=str(item), stance=values["stance"])
    return Evidence("source", **values)


def evidence_of(entry: Any) -> list[Evidence]:
    """Every evidence item of a review entry, in order."""
    return [read_evidence(item) for item in (_field(entry, "evidence") or [])]
