"""Reading a built site back: its pages, their links and ids, parsed with html.parser."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Page:
    path: Path
    links: list[str] = field(default_factory=list)  # every href and src
    ids: set[str] = field(default_factory=set)
    scripts: list[tuple[str | None, str]] = field(default_factory=list)  # (type, text)
    attributes: list[tuple[str, str, str | None]] = field(default_factory=list)  # tag, name, value
    pins: dict[str, str] = field(default_factory=dict)  # data-claim -> href
    passages: list[tuple[list[str], str, str]] = field(default_factory=list)  # claims, href, text


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.script: list[str] | None = None
        self.script_type: str | None = None
        self.passage: tuple[list[str], str] | None = None
        self.passage_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            self.page.attributes.append((tag, name, value))
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.page.links.append(values[name] or "")
        if values.get("id"):
            self.page.ids.add(values["id"] or "")
        if tag == "script":
            self.script, self.script_type = [], values.get("type")
        if tag == "a" and values.get("data-claim"):
            self.page.pins[values["data-claim"] or ""] = values.get("href") or ""
        if tag == "a" and values.get("data-claims"):
            self.passage = ((values["data-claims"] or "").split(), values.get("href") or "")
            self.passage_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.page.scripts.append((self.script_type, "".join(self.script)))
            self.script = None
        if tag == "a" and self.passage is not None:
            self.page.passages.append((*self.passage, "".join(self.passage_text)))
            self.passage = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)
        if self.passage is not None:
            self.passage_text.append(data)


def read_page(path: Path) -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page


def pages_of(site: Path) -> dict[Path, Page]:
    """Every page of the site, by its resolved path."""
    return {path: read_page(path) for path in sorted(site.resolve().rglob("*.html"))}


def broken_links(site: Path, pages: dict[Path, Page]) -> list[str]:
    """Every local link that names no file of the site, or an id its page does not have."""
    broken = []
    site = site.resolve()
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, f"{path}: unexpected link {link!r}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if site.resolve() not in target.parents or not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                other = pages.get(target) or read_page(target)
                if unquote(parts.fragment) not in other.ids:
                    broken.append(f"{path.relative_to(site)}: {link} (no such id)")
    return broken


def json_ld(page: Page) -> list[dict]:
    return [json.loads(text) for kind, text in page.scripts if kind == "application/ld+json"]
