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
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .anchoring import Anchor, anchor
from .checks.duplicates import fingerprint
from .claimfile import FoundQuote, create, render
from .claimfile import check as check_record
from .claimfile import record as build_record
from .errors import LedgerError
from .loading import (
    CLAIMS_DIR,
    ENTITIES,
    MANIFEST,
    PROPERTIES,
    SEEDS_DIR,
    Ledger,
    load_file,
    load_text,
)
from .models import SLUG, Property
from .quoting import (
    Occurrence,
    QuoteNotFound,
    checked_seed,
    not_found_message,
    occurrences,
    seed_wording,
    selectors,
)
from .validation import prepare
from .value_input import (
    BOUNDED,
    BOUNDS,
    VALUE_PARTS,
    finish_value,
    option,
    unknown_name,
    value_checks,
)

ARGUMENTS = {"document": "DOCUMENT", "quote": "QUOTE"}  # given as arguments, not options
_UNUSED = frozenset({"the", "a", "an"})
_DANGLING = frozenset(
    {"in", "of", "on", "at", "to", "by", "for", "and", "or", "with", "from", "as"}
)


class MissingInput(LedgerError):
    """Options the command line left out, when there is no terminal to ask them in."""


def _accept(_: str) -> str | None:
    return None


@dataclass(frozen=True)
class Question:
    """One thing to ask: `name` is the command-line option that would have answered it."""

    name: str
    prompt: str
    choices: tuple[tuple[str, str], ...] = ()  # (answer, what it means)
    suggested: tuple[str, ...] = ()  # the choices worth showing first
    default: str | None = None
    optional: bool = False
    check: Callable[[str], str | None] = _accept  # why an answer is refused, or None


Ask = Callable[[Question], str]


@dataclass
class Draft:
    """What the command line gave; None is "not given"."""

    document: str | None = None
    quote: str | None = None
    statement: str | None = None
    subject: str | None = None
    property: str | None = None
    object: str | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)
    value: dict[str, str] = field(default_factory=dict)  # model field name -> text given
    attributed_to: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None
    slug: str | None = None
    occurrence: int | None = None


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


class _Form:
    """Fills a Draft in: from the command line, from answers, or by naming what is missing."""

    def __init__(self, ledger: Ledger, draft: Draft, ask: Ask | None) -> None:
        self.ledger = ledger
        self.draft = draft
        self.ask = ask
        self.missing: list[str] = []
        self.notes: list[str] = []  # what helps to fill in the missing options
        self.checks = value_checks(ledger)
        self.quote: str | None = None
        self.said = ""  # the quote and statement, to suggest the entities they name

    def get(self, question: Question, given: str | None) -> str | None:
        if given is not None and given.strip() != "":
            given = given.strip()
            problem = question.check(given)
            if problem:
                raise LedgerError(f"{option(question.name)}: {problem}")
            return given
        if self.ask is None:
            if not question.optional:
                self.missing.append(ARGUMENTS.get(question.name, option(question.name)))
            return None
        answer = self.ask(question).strip()
        if not answer:
            if question.optional:
                return None
            raise LedgerError(f"{question.prompt}: an answer is needed")
        problem = question.check(answer)
        if problem:  # the asker should have asked again; never write what fails its check
            raise LedgerError(f"{question.prompt}: {problem}")
        return answer

    def entity(self, name: str, prompt: str, optional: bool = False) -> Question:
        entities = self.ledger.entities
        choices = tuple((e.id, f"{e.name} ({e.type.value})") for e in entities.values())
        said = self.said.lower()
        suggested = tuple(
            e.id
            for e in entities.values()
            if any(
                re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", said)
                for n in (e.name, *e.aliases)
            )
        )

        def check(text: str) -> str | None:
            return None if text in entities else unknown_name("entity", text, entities, ENTITIES)

        return Question(name, prompt, choices, suggested, optional=optional, check=check)


def plan(ledger: Ledger, draft: Draft, ask: Ask | None, today: dt.date) -> NewClaim:
    """The new record, checked; QuoteNotFound, MissingInput or LedgerError when it cannot be."""
    form = _Form(ledger, draft, ask)
    documents = ledger.documents
    document_id = _document(form, draft)
    passage = _passage(form, document_id)
    statement = form.get(
        Question("statement", "Statement, one sentence in your words"), draft.statement
    )
    form.said += f" {statement or ''}"
    property_id = _property(form, draft)
    prop = ledger.properties.get(property_id) if property_id else None
    record: dict[str, Any] = {
        "statement": statement,
        "subject": form.get(form.entity("subject", "Subject (entity id)"), draft.subject),
        "property": property_id,
        "object": form.get(
            form.entity("object", "Object (entity id; empty for none)", optional=True),
            draft.object,
        ),
        "qualifiers": _qualifiers(form, prop),
        "value": _value(form, prop),
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
    for tag in record["tags"]:
        if not re.match(SLUG, tag):
            raise LedgerError(f"--tag {tag!r}: a tag is lowercase letters, digits and hyphens")
    slug = _slug(form, document_id, statement)
    if form.missing:
        raise MissingInput(
            "\n".join(
                [
                    _missing_sentence(list(dict.fromkeys(form.missing))),
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
        f"{SEEDS_DIR}/{documents[document_id].file}",
        passage.prefix is not None or passage.suffix is not None,
    )


def _document(form: _Form, draft: Draft) -> str | None:
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


def _property(form: _Form, draft: Draft) -> str | None:
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


def _passage(form: _Form, document_id: str | None) -> FoundQuote | None:
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
    chosen = hits[0] if len(hits) == 1 else _choose(form, hits)
    if chosen is None:
        return None
    prefix, suffix = (None, None) if len(hits) == 1 else selectors(seed, span, quote, chosen.start)
    found = anchor(seed, span, quote, prefix, suffix)
    assert isinstance(found, Anchor)
    return FoundQuote(seed, span, found, prefix, suffix)


def _slug(form: _Form, document_id: str | None, statement: str | None) -> str | None:
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


def _choose(form: _Form, hits: list[Occurrence]) -> Occurrence | None:
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


def _qualifiers(form: _Form, prop: Property | None) -> dict[str, str]:
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


def _value(form: _Form, prop: Property | None) -> dict[str, Any] | None:
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


def _missing_sentence(names: list[str]) -> str:
    """What is missing as a sentence: "--occurrence is missing: give it ...", and for several
    "--statement, --subject and --unit are missing: give them ..."."""
    one = len(names) == 1
    listed = names[0] if one else f"{', '.join(names[:-1])} and {names[-1]}"
    return (
        f"{listed} {'is' if one else 'are'} missing: give {'it' if one else 'them'} on the "
        "command line (claims new --help shows each option), or run claims new in a "
        "terminal to be asked"
    )
