"""What a site is built with: its options, its templates' environment, the marker of its folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..errors import LedgerError
from ..records.models import Status
from .claimpage import passage_html
from .data import (
    STATUS_MEANINGS,
    SYMBOLS,
)
from .evidence import web_address

MARKER = ".claims-site"
MARKER_TEXT = "This directory was written by `claims site`; it is replaced on the next build.\n"
HERE = Path(__file__).resolve().parent
STATUS_ORDER = [s.value for s in Status]


@dataclass(frozen=True)
class SiteOptions:
    """`base_url` is where the site will be served ("https://example.org/ledger/"): without
    it, pages carry no absolute address and the JSON-LD has no url fields."""

    base_url: str | None = None
    publisher_name: str = "claims-ledger"


@dataclass
class SiteResult:
    out: Path
    pages: int
    claim_reviews: int
    notes: list[str] = field(default_factory=list)


def normalise_base_url(url: str) -> str:
    """An absolute http(s) address ending in "/", or LedgerError."""
    if web_address(url) is None:
        raise LedgerError(f"--base-url {url!r}: give an absolute http:// or https:// address")
    return url if url.endswith("/") else url + "/"


# What an attribute of a dict can be: its methods, never one of its keys.
_DICT_NAMES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's, but `row.href` of a dict is its key at once: Jinja asks for the attribute
    first, which for a dict raises and catches an AttributeError every time (a claim page
    reads about fifty). An object's attribute is read here too, a call sooner (a claim page
    reads about fifty of those as well); only what has neither goes to Jinja's own."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                pass  # Jinja's own way, to the same undefined value
        else:
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass  # an item of that name, else undefined: Jinja's own way
        return super().getattr(obj, attribute)


@cache
def environment() -> jinja2.Environment:
    """Templates from publishing/templates, every one autoescaped whatever its name."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        auto_reload=False,  # compiled once a process: no stat of every template every page
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(SYMBOLS=SYMBOLS, MEANINGS=STATUS_MEANINGS, STATUSES=STATUS_ORDER)
    # The marks that are the same on every page, rendered once from their macros: a macro
    # call costs more than the rest of a status mark, and a claim page shows several.
    macros = env.get_template("macros.html").module
    env.globals.update(
        STATUS={s: macros.status(s) for s in STATUS_ORDER},
        STATUS_KEY=macros.status_key(),
        LEGEND=macros.legend(),
        # and the macros pages call, from the module made once: importing them cost each
        # render a lookup of the template, of its module and of each name
        finding_list=macros.finding_list,
        show_passage=passage_html,  # (made in Python: claim pages show it too)
    )
    return env


# --- the document text, cut into segments at every passage boundary
