"""The questions `claims new` asks, one function each: document, property, quote and which
occurrence of it, file name, qualifiers and value; each returns None when its answer is missing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..errors import LedgerError
from ..reading.anchoring import Anchor, anchor
from ..records.layout import CLAIMS_DIR, MANIFEST, PROPERTIES
from ..records.models import SLUG, Property
from .claimfile import FoundQuote
from .form import Draft, Form, Question
from .quoting import (
    Occurrence,
    QuoteNotFound,
    checked_seed,
    not_found_message,
    occurrences,
    seed_wording,
    selectors,
)
from .value_input import BOUNDED, BOUNDS, VALUE_PARTS, finish_value, option, unknown_name

_UNUSED = frozenset({"the", "a", "an"})
_DANGLING = frozenset(
    {"in", "of", "on", "at", "to", "by", "for", "and", "or", "with", "from", "as"}
)


def slug_of(statement: str) -> str:
    """A file name from the statement's first words: "ferry-company-founded-1998"."""
    ascii_text = unicodedata.normalize("NFKD", statement).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text.lower()) if w not in _UNUSED]
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > 50:
            break
        kept.append(word)
    while kept and kept[-1] in _DANGLING:  # "...-joined-circle-in" reads cut off
        kept.pop()
    return "-".join(kept) or "claim"


def ask_document(form: Form, draft: Draft) -> str | None:
    documents = form.ledger.documents
    return form.get(
        Question(
            "document",
            "Document id",
            tuple((d.id, d.title or d.file) for d in documents.values()),
            check=lambda t: (
                None if t in documents else unknown_name("document", t, documents, MANIFEST)
            ),
        ),
        draft.document,
    )


def ask_property(form: Form, draft: Draft) -> str | None:
    properties = form.ledger.properties
    return form.get(
        Question(
            "property",
            "Property",
            tuple((p.id, f"{p.label} ({p.value_type.value})") for p in properties.values()),
            check=lambda t: (
                None if t in properties else unknown_name("property", t, properties, PROPERTIES)
            ),
        ),
        draft.property,
    )


def ask_passage(form: Form, document_id: str | None) -> FoundQuote | None:
    """Find the quote: QuoteNotFound for one given on the command line, re-asked otherwise."""
    given = form.draft.quote
    if document_id is None:  # only without a terminal: there, the document is asked first
        if not (given and given.strip()):
            form.missing.append("QUOTE")
        return None
    seed, span = checked_seed(form.ledger, document_id)

    def check(text: str) -> str | None:
        found = occurrences(seed, span, text)
        return None if found else not_found_message(form.ledger, document_id, seed, span, text)

    if given is not None and given.strip():
        problem = check(given.strip())
        if problem:
            raise QuoteNotFound(problem, seed_wording(seed, span, given))
    quote = form.get(Question("quote", "Quote, pasted from the text", check=check), given)
    if quote is None:
        return None
    form.quote = quote
    form.said += f" {quote}"
    hits = occurrences(seed, span, quote)
    chosen = hits[0] if len(hits) == 1 else ask_choose(form, hits)
    if chosen is None:
        return None
    prefix, suffix = (None, None) if len(hits) == 1 else selectors(seed, span, quote, chosen.start)
    found = anchor(seed, span, quote, prefix, suffix)
    assert isinstance(found, Anchor)
    return FoundQuote(seed, span, found, prefix, suffix)


def ask_slug(form: Form, document_id: str | None, statement: str | None) -> str | None:
    """The file name: given, or offered from the statement (and asked on a terminal)."""
    slug = form.draft.slug
    default = slug_of(statement) if statement else None
    if slug is None and form.ask is not None and default is not None:

        def free(text: str) -> str | None:
            if not re.match(SLUG, text):
                return "use lowercase letters, digits and hyphens"
            rel = f"{CLAIMS_DIR}/{document_id}/{text}.yaml"
            return (
                f"{rel} already exists: choose another name"
                if (form.ledger.root / rel).exists()
                else None
            )

        slug = form.get(
            Question(
                "slug", "File name (the claim's id in its document)", default=default, check=free
            ),
            None,
        )
    slug = slug or default
    if slug is not None and not re.match(SLUG, slug):
        raise LedgerError(f"--slug {slug!r}: use lowercase letters, digits and hyphens")
    return slug


def ask_choose(form: Form, hits: list[Occurrence]) -> Occurrence | None:
    number = form.draft.occurrence
    lines = ", ".join(str(h.line) for h in hits)
    if number is not None:
        if not 1 <= number <= len(hits):
            raise LedgerError(
                f"--occurrence {number}: the quote occurs {len(hits)} times (lines {lines})"
            )
        return hits[number - 1]
    if form.ask is None:
        form.missing.append("--occurrence")
        form.notes.append(f"the quote occurs {len(hits)} times (lines {lines}):")
        form.notes += [
            f"  --occurrence {n}: line {h.line}: {h.context}" for n, h in enumerate(hits, 1)
        ]
        return None
    choices = tuple((str(n), f"line {h.line}: {h.context}") for n, h in enumerate(hits, 1))
    answer = form.ask(
        Question(
            "occurrence",
            "The quote occurs more than once; which one do you mean",
            choices,
            check=lambda t: None if t in {c for c, _ in choices} else f"answer 1 to {len(hits)}",
        )
    )
    return hits[int(answer) - 1]


def ask_qualifiers(form: Form, prop: Property | None) -> dict[str, str]:
    given = dict(form.draft.qualifiers)
    if prop is None:
        return given
    for name in given:
        if name not in prop.qualifiers:
            declared = ", ".join(prop.qualifiers) or "none"
            raise LedgerError(
                f"--qualifier {name}: property {prop.id} declares no such qualifier (it declares: {declared})"
            )
    chosen = {}
    for name in prop.qualifiers:
        answer = form.get(
            Question(f"qualifier {name}=", f"Qualifier {name} (empty for none)", optional=True),
            given.get(name),
        )
        if answer:
            chosen[name] = answer
    return chosen


def ask_value(form: Form, prop: Property | None) -> dict[str, Any] | None:
    given = form.draft.value
    if prop is None:
        if not given and form.ask is None:
            form.missing.append("a value option (which one depends on --property)")
        return None
    kind = prop.value_type.value
    parts = VALUE_PARTS[kind]
    allowed = {name for name, _, _ in parts} | ({"bound"} if kind in BOUNDED else set())
    stray = [option(name) for name in given if name not in allowed]
    if stray:
        use = ", ".join(option(name) for name, _, _ in parts)
        article = "an" if kind[0] in "aeiou" else "a"
        raise LedgerError(
            f"property {prop.id} takes {article} {kind} value: {', '.join(stray)} does not apply "
            f"(use {use})"
        )
    value: dict[str, Any] = {}
    for name, prompt, optional in parts:
        answer = form.get(
            Question(name, prompt, optional=optional, check=form.checks[name]), given.get(name)
        )
        if answer is not None:
            value[name] = answer
    if kind in BOUNDED:
        bound = form.get(
            Question(
                "bound",
                "Bound",
                tuple(BOUNDS.items()),
                default="exact",
                optional=True,
                check=form.checks["bound"],
            ),
            given.get("bound"),
        )
        if bound and bound != "exact":
            value["bound"] = bound
    if any(name not in value for name, _, optional in parts if not optional):
        return None
    return finish_value(kind, value)
