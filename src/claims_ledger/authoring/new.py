"""Adding a claim: from a document id and a pasted quote to a well-formed record on disk.

Contributors are not programmers, so every answer is checked where it is given (an unknown
entity, a value of the wrong type, a quote that is not in the text) and the record is
written only when it would pass `claims validate`. A question the command line left open
is asked through a callback the caller supplies; without one (no terminal) nothing waits
for input and the missing options are named instead. The file is created with O_EXCL, so
an existing file is never overwritten, and it is written in the canonical form of `claims fmt`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checking.checks.duplicates import fingerprint
from ..checking.validation import prepare
from ..errors import LedgerError
from ..reading.anchoring import Anchor
from ..records.layout import CLAIMS_DIR, ENTITIES, MANIFEST, PROPERTIES, SEEDS_DIR
from ..records.loading import Ledger, load_file, load_text
from ..records.models import SLUG
from .claimfile import check as check_record
from .claimfile import create, render
from .claimfile import record as build_record
from .form import Ask, Draft, Form, MissingInput, Question, missing_sentence
from .questions import (
    ask_document,
    ask_passage,
    ask_property,
    ask_qualifiers,
    ask_slug,
    ask_value,
    slug_of,
)

# The names `claims new` and its tests use, from the modules that own them.
__all__ = [
    "Ask",
    "Draft",
    "MissingInput",
    "NewClaim",
    "Question",
    "load_for_authoring",
    "plan",
    "repeated",
    "slug_of",
    "write",
]


@dataclass(frozen=True)
class NewClaim:
    rel: str
    text: str
    anchor: Anchor
    seed_file: str
    selectors_added: bool


def load_for_authoring(root: Path) -> Ledger:
    """The manifest, vocabulary and seeds, without reading any claim."""
    ledger = prepare(root, only=[])
    loaded = {MANIFEST: ledger.documents, ENTITIES: ledger.entities, PROPERTIES: ledger.properties}
    for rel, records in loaded.items():
        broken = [f for f in ledger.findings if f.file == rel]
        if broken and not records:  # the file itself failed; a seed's problem is per document
            first = broken[0]
            raise LedgerError(
                f"{first.file}:{first.line}:{first.column}: {first.message} "
                "(fix it first: claims validate lists every problem)"
            )
    return ledger


def plan(ledger: Ledger, draft: Draft, ask: Ask | None, today: dt.date) -> NewClaim:
    """The new record, checked; QuoteNotFound, MissingInput or LedgerError when it cannot be."""
    form = Form(ledger, draft, ask)
    document_id = ask_document(form, draft)
    passage = ask_passage(form, document_id)
    record = _fields(form, draft)
    for tag in record["tags"]:
        if not re.match(SLUG, tag):
            raise LedgerError(f"--tag {tag!r}: a tag is lowercase letters, digits and hyphens")
    slug = ask_slug(form, document_id, record["statement"])
    if form.missing:
        raise MissingInput(
            "\n".join(
                [
                    missing_sentence(list(dict.fromkeys(form.missing))),
                    *form.notes,
                ]
            )
        )
    assert document_id and passage and slug and form.quote
    rel = f"{CLAIMS_DIR}/{document_id}/{slug}.yaml"
    source = {"document": document_id, "quote": form.quote}
    source |= {"prefix": passage.prefix, "suffix": passage.suffix}
    text = render(build_record(f"{document_id}/{slug}", record, source, today), rel)
    check_record(text, rel, passage)
    return NewClaim(
        rel,
        text,
        passage.anchor,
        f"{SEEDS_DIR}/{ledger.documents[document_id].file}",
        passage.prefix is not None or passage.suffix is not None,
    )


def _fields(form: Form, draft: Draft) -> dict[str, Any]:
    """The claim's own fields, asked in this order: the statement first, so that the entities
    it names can be suggested for subject and object."""
    statement = form.get(
        Question("statement", "Statement, one sentence in your words"), draft.statement
    )
    form.said += f" {statement or ''}"
    property_id = ask_property(form, draft)
    prop = form.ledger.properties.get(property_id) if property_id else None
    return {
        "statement": statement,
        "subject": form.get(form.entity("subject", "Subject (entity id)"), draft.subject),
        "property": property_id,
        "object": form.get(
            form.entity("object", "Object (entity id; empty for none)", optional=True),
            draft.object,
        ),
        "qualifiers": ask_qualifiers(form, prop),
        "value": ask_value(form, prop),
        "attributed_to": form.get(
            Question(
                "attributed_to",
                "Attributed to (whom the text cites for it; empty if nobody)",
                optional=True,
            ),
            draft.attributed_to,
        ),
        "note": draft.note,
        "tags": list(dict.fromkeys(draft.tags)),
    }


def repeated(root: Path, ledger: Ledger, new: NewClaim) -> list[tuple[str, str]]:
    """The existing claims (id, file) the new one would duplicate: the same key, value and
    passage. Only its document's folder is read: a duplicate quotes the same document."""
    made = load_text(new.rel, new.text, "claim").record
    if made is None:
        return []
    wanted = fingerprint(made, ledger.properties)
    folder = root / CLAIMS_DIR / made.source.document
    found = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        other = load_file(root, rel, "claim").record
        if other is not None and fingerprint(other, ledger.properties) == wanted:
            found.append((other.id, rel))
    return found


def write(root: Path, new: NewClaim) -> Path:
    """Create the new claim's file; an existing file is refused and left exactly as it was."""
    return create(root, new.rel, new.text)
