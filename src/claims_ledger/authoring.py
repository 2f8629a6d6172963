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
import difflib
import hashlib
import io
import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .anchoring import Anchor, SeedText, anchor, nearest_match
from .errors import LedgerError
from .formatting import FormatProblem, format_text, fsync_directory, schema_ref
from .loading import CLAIMS_DIR, ENTITIES, MANIFEST, PROPERTIES, SEEDS_DIR, Ledger
from .models import CLAIM_ID, ISO_DURATION, SLUG, VALUE_CLASSES, Bound, Claim, Property, ValueType
from .schemas import schema_findings
from .validation import prepare
from .values import currency_known, edtf_problem
from .yamlfile import parse

FIRST_NOTE = "Recorded from the text."
_UNUSED = frozenset({"the", "a", "an"})


class MissingInput(LedgerError):
    """Options the command line left out, when there is no terminal to ask them in."""


class QuoteNotFound(Exception):
    """The quote is not in the document: a finding about the input (exit 1), not a crash."""


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
class Occurrence:
    start: int
    line: int
    column: int
    context: str  # the quote in its line, marked » «, for choosing


@dataclass(frozen=True)
class NewClaim:
    rel: str
    text: str
    anchor: Anchor
    seed_file: str
    selectors_added: bool


# Each value type's parts: (field, prompt, optional). bound is asked last, default exact.
VALUE_PARTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "date": (
        ("date", "Date, as EDTF: 2019, 2017-11, 2020-21 (spring 2020), 2014/2015, 2019~", False),
    ),
    "quantity": (
        ("quantity", "Number", False),
        ("unit", "Unit, a singular noun (person, case, year)", False),
    ),
    "money": (
        ("money", "Amount", False),
        ("currency", "Currency, ISO 4217 (RUB, USD, EUR)", False),
    ),
    "percentage": (("percentage", "Percentage (40 for 40%)", False),),
    "duration": (("duration", "Duration, ISO 8601 (P6Y6M is six years and six months)", False),),
    "age": (
        ("age", "Age in whole years", False),
        ("as_of", "As of what date (EDTF; empty if the text does not say)", True),
    ),
    "text": (("text", "Value, as a short text", False),),
    "entity": (("entity", "Value, an entity id", False),),
}
BOUNDED = {"quantity", "money", "percentage", "duration", "age"}
VALUE_OPTIONS = sorted({part for parts in VALUE_PARTS.values() for part, _, _ in parts} | {"bound"})


def option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _number(text: str) -> int | float | str:
    """A number as people write it ("1,040", "12.5", "40%"), or why it is not one."""
    cleaned = text.strip().removesuffix("%").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        number = float(cleaned)
    except ValueError:
        return f"{text!r} is not a number: write it like 1040 or 12.5"
    return number if math.isfinite(number) else f"{text!r} is not a finite number"


def _checks(ledger: Ledger) -> dict[str, Callable[[str], str | None]]:
    def number(text: str) -> str | None:
        parsed = _number(text)
        return parsed if isinstance(parsed, str) else None

    def age(text: str) -> str | None:
        parsed = _number(text)
        if not isinstance(parsed, int) or not 0 <= parsed <= 150:
            return f"{text!r} is not an age in whole years (0 to 150)"
        return None

    def entity(text: str) -> str | None:
        return (
            None if text in ledger.entities else _unknown("entity", text, ledger.entities, ENTITIES)
        )

    return {
        "date": edtf_problem,
        "as_of": edtf_problem,
        "quantity": number,
        "money": number,
        "percentage": number,
        "age": age,
        "unit": lambda t: None if 0 < len(t) <= 60 else "a unit is a short singular noun",
        "currency": lambda t: (
            None
            if currency_known(t.upper())
            else f"{t!r} is not an ISO 4217 currency code (RUB, USD, EUR ...)"
        ),
        "duration": lambda t: (
            None
            if re.match(ISO_DURATION, t)
            else f"{t!r} is not an ISO 8601 duration: write P6Y6M for six years and six months"
        ),
        "bound": lambda t: (
            None
            if t in {b.value for b in Bound}
            else f"bound is one of {', '.join(b.value for b in Bound)}"
        ),
        "text": lambda t: None if 0 < len(t) <= 500 else "a text value is 1 to 500 characters",
        "entity": entity,
    }


def _unknown(what: str, name: str, known: Any, where: str) -> str:
    close = difflib.get_close_matches(name, list(known), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    article = "an" if what[0] in "aeiou" else "a"
    return f"{name!r} is not {article} {what} in {where}{hint}: add it there first, or pick one that is"


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


def occurrences(seed: SeedText, span: tuple[int, int], quote: str) -> list[Occurrence]:
    """Every place the quote occurs in the span, with a line of context to choose by."""
    found = []
    text = seed.text
    position = text.find(quote, span[0], span[1])
    while position != -1 and position + len(quote) <= span[1]:
        line, column = seed.position(position)
        start = seed.line_starts[line - 1]
        stop = text.find("\n", position + len(quote))
        stop = len(text) if stop == -1 else stop
        before = text[max(start, position - 40) : position]
        after = text[position + len(quote) : min(stop, position + len(quote) + 40)]
        context = f"…{before}»{quote}«{after}…".replace("\n", " ")
        found.append(Occurrence(position, line, column, context))
        position = text.find(quote, position + 1, span[1])
    return found


def selectors(
    seed: SeedText, span: tuple[int, int], quote: str, at: int
) -> tuple[str | None, str | None]:
    """The shortest prefix and/or suffix, in whole words from the seed, that single out `at`."""
    lo, hi = span
    text = seed.text
    end = at + len(quote)
    prefixes = [text[lo + m.start() : at] for m in re.finditer(r"\S+", text[lo:at])][::-1]
    suffixes = [text[end : end + m.end()] for m in re.finditer(r"\S+", text[end:hi])]
    longest = max(len(prefixes), len(suffixes))
    tries: list[tuple[str | None, str | None]] = []
    for n in range(longest):
        one_side: list[tuple[str | None, str | None]] = []
        if n < len(prefixes):
            one_side.append((prefixes[n], None))
        if n < len(suffixes):
            one_side.append((None, suffixes[n]))
        tries.extend(sorted(one_side, key=lambda pair: "\n" in (pair[0] or pair[1] or "")))
    for n in range(longest):
        if prefixes and suffixes:
            tries.append((prefixes[min(n, len(prefixes) - 1)], suffixes[min(n, len(suffixes) - 1)]))
    for prefix, suffix in tries:
        found = anchor(seed, span, quote, prefix, suffix)
        if isinstance(found, Anchor) and found.start == at:
            return prefix, suffix
    raise LedgerError(
        "the quote cannot be told apart from its other occurrences: quote a longer passage"
    )


def slug_of(statement: str) -> str:
    """A file name from the statement's first words: "ferry-company-founded-1998"."""
    ascii_text = unicodedata.normalize("NFKD", statement).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text.lower()) if w not in _UNUSED]
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 50:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "claim"


class _Session:
    """Fills a Draft in: from the command line, from answers, or by naming what is missing."""

    def __init__(self, ledger: Ledger, draft: Draft, ask: Ask | None) -> None:
        self.ledger = ledger
        self.draft = draft
        self.ask = ask
        self.missing: list[str] = []
        self.notes: list[str] = []  # what helps to fill in the missing options
        self.checks = _checks(ledger)

    def get(self, question: Question, given: str | None) -> str | None:
        if given is not None and given.strip() != "":
            given = given.strip()
            problem = question.check(given)
            if problem:
                raise LedgerError(f"{option(question.name)}: {problem}")
            return given
        if self.ask is None:
            if not question.optional:
                self.missing.append(option(question.name))
            return None
        answer = self.ask(question).strip()
        return answer or None

    def entity_question(self, name: str, prompt: str, optional: bool = False) -> Question:
        entities = self.ledger.entities
        choices = tuple((e.id, f"{e.name} ({e.type.value})") for e in entities.values())
        said = f"{self.draft.quote or ''} {self.draft.statement or ''}".lower()
        suggested = tuple(
            e.id
            for e in entities.values()
            if any(
                re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", said)
                for n in (e.name, *e.aliases)
            )
        )

        def check(text: str) -> str | None:
            return None if text in entities else _unknown("entity", text, entities, ENTITIES)

        return Question(name, prompt, choices, suggested, optional=optional, check=check)


def plan(ledger: Ledger, draft: Draft, ask: Ask | None, today: dt.date) -> NewClaim:
    """The new record, checked; QuoteNotFound, MissingInput or LedgerError when it cannot be."""
    session = _Session(ledger, draft, ask)
    documents = ledger.documents
    document_id = session.get(
        Question(
            "document",
            "Document id",
            tuple((d.id, d.title or d.file) for d in documents.values()),
            check=lambda t: (
                None if t in documents else _unknown("document", t, documents, MANIFEST)
            ),
        ),
        draft.document,
    )
    quote = session.get(Question("quote", "Quote, pasted from the text"), draft.quote)
    found: Anchor | None = None
    prefix = suffix = None
    seed = span = None
    if document_id is not None and quote is not None:
        seed, span = _seed_of(ledger, document_id)
        hits = occurrences(seed, span, quote)
        if not hits:
            raise QuoteNotFound(_not_found(ledger, document_id, seed, span, quote))
        chosen = hits[0]
        if len(hits) > 1:
            chosen = _choose(session, hits)
        if chosen is not None:
            if len(hits) > 1:
                prefix, suffix = selectors(seed, span, quote, chosen.start)
            result = anchor(seed, span, quote, prefix, suffix)
            assert isinstance(result, Anchor)
            found = result
    statement = session.get(
        Question("statement", "Statement, one sentence in your words"), draft.statement
    )
    draft.statement = statement
    properties = ledger.properties
    property_id = session.get(
        Question(
            "property",
            "Property",
            tuple((p.id, f"{p.label} ({p.value_type.value})") for p in properties.values()),
            check=lambda t: (
                None if t in properties else _unknown("property", t, properties, PROPERTIES)
            ),
        ),
        draft.property,
    )
    subject = session.get(session.entity_question("subject", "Subject (entity id)"), draft.subject)
    obj = session.get(
        session.entity_question("object", "Object (entity id; empty for none)", optional=True),
        draft.object,
    )
    prop = properties.get(property_id) if property_id else None
    qualifiers = _qualifiers(session, prop)
    value = _value(session, prop)
    attributed = session.get(
        Question(
            "attributed_to",
            "Attributed to (whom the text cites for it; empty if nobody)",
            optional=True,
        ),
        draft.attributed_to,
    )
    for tag in draft.tags:
        if not re.match(SLUG, tag):
            raise LedgerError(f"--tag {tag!r}: a tag is lowercase letters, digits and hyphens")
    default_slug = slug_of(statement) if statement else None
    slug = draft.slug
    if slug is None and ask is not None and default_slug is not None:
        slug = session.get(
            Question("slug", "File name (the claim's id in its document)", default=default_slug),
            None,
        )
    slug = slug or default_slug
    if slug is not None and not re.match(SLUG, slug):
        raise LedgerError(f"--slug {slug!r}: use lowercase letters, digits and hyphens")
    if session.missing:
        raise MissingInput(
            "\n".join(
                [
                    f"missing {', '.join(dict.fromkeys(session.missing))}: give them on the "
                    "command line (claims new --help shows each), or run claims new in a "
                    "terminal to be asked",
                    *session.notes,
                ]
            )
        )
    assert document_id and quote and statement and property_id and subject and slug
    assert found is not None and seed is not None and span is not None and value is not None
    record = _record(
        f"{document_id}/{slug}",
        statement,
        subject,
        property_id,
        obj,
        qualifiers,
        value,
        (document_id, quote, prefix, suffix),
        attributed,
        draft,
        today,
    )
    rel = f"{CLAIMS_DIR}/{document_id}/{slug}.yaml"
    text = render(record, rel)
    _check_record(text, rel, seed, span, found)
    return NewClaim(
        rel,
        text,
        found,
        f"{SEEDS_DIR}/{documents[document_id].file}",
        prefix is not None or suffix is not None,
    )


def _seed_of(ledger: Ledger, document_id: str) -> tuple[SeedText, tuple[int, int]]:
    document = ledger.documents[document_id]
    seed = ledger.seeds.get(document.file)
    span = ledger.spans.get(document_id)
    if seed is None or span is None:
        raise LedgerError(f"document {document_id}: its seed cannot be read: run claims validate")
    digest = hashlib.sha256(seed.text.encode("utf-8")).hexdigest()
    if digest != document.sha256:
        raise LedgerError(
            f"{SEEDS_DIR}/{document.file} differs from the sha256 in {MANIFEST}: "
            "a quote cannot be checked against an edited seed (claims validate says more)"
        )
    return seed, span


def _not_found(
    ledger: Ledger, document_id: str, seed: SeedText, span: tuple[int, int], quote: str
) -> str:
    file = f"{SEEDS_DIR}/{ledger.documents[document_id].file}"
    near = nearest_match(seed, span, quote)
    if near is None:
        return f"the quote is not in document {document_id} ({file}), and nothing there is close to it: copy it from the text"
    line, passage, folded = near
    how = "only quote marks, dashes or spaces differ" if folded else "the nearest passage"
    return (
        f"the quote is not in document {document_id} as written; {how}: {file}:{line}: {passage!r}"
        " — copy the quote from the seed character for character"
    )


def _choose(session: _Session, hits: list[Occurrence]) -> Occurrence | None:
    number = session.draft.occurrence
    lines = ", ".join(str(h.line) for h in hits)
    if number is not None:
        if not 1 <= number <= len(hits):
            raise LedgerError(
                f"--occurrence {number}: the quote occurs {len(hits)} times (lines {lines})"
            )
        return hits[number - 1]
    if session.ask is None:
        session.missing.append("--occurrence")
        session.notes.append(f"the quote occurs {len(hits)} times (lines {lines}):")
        session.notes += [
            f"  --occurrence {n}: line {h.line}: {h.context}" for n, h in enumerate(hits, 1)
        ]
        return None
    choices = tuple((str(n), f"line {h.line}: {h.context}") for n, h in enumerate(hits, 1))
    answer = session.ask(
        Question(
            "occurrence",
            "The quote occurs more than once; which one do you mean",
            choices,
            check=lambda t: None if t in {c for c, _ in choices} else f"answer 1 to {len(hits)}",
        )
    )
    return hits[int(answer) - 1]


def _qualifiers(session: _Session, prop: Property | None) -> dict[str, str]:
    given = dict(session.draft.qualifiers)
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
        answer = session.get(
            Question(f"qualifier {name}=", f"Qualifier {name} (empty for none)", optional=True),
            given.get(name),
        )
        if answer:
            chosen[name] = answer
    return chosen


def _value(session: _Session, prop: Property | None) -> dict[str, Any] | None:
    given = session.draft.value
    if prop is None:
        if not given and session.ask is None:
            session.missing.append("a value option (which one depends on --property)")
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
        answer = session.get(
            Question(name, prompt, optional=optional, check=session.checks[name]), given.get(name)
        )
        if answer is not None:
            value[name] = answer
    if kind in BOUNDED:
        bound = session.get(
            Question(
                "bound",
                "Bound",
                tuple((b.value, "") for b in Bound),
                default="exact",
                optional=True,
                check=session.checks["bound"],
            ),
            given.get("bound"),
        )
        if bound and bound != "exact":
            value["bound"] = bound
    if any(name not in value for name, _, optional in parts if not optional):
        return None
    for name in ("quantity", "money", "percentage", "age"):
        if name in value:
            value[name] = _number(value[name])
    if "currency" in value:
        value["currency"] = value["currency"].upper()
    try:
        VALUE_CLASSES[ValueType(kind)].model_validate(value)
    except ValidationError as error:
        raise LedgerError(f"the value is not a valid {kind}: {error.errors()[0]['msg']}") from None
    return value


def _record(
    claim_id: str,
    statement: str,
    subject: str,
    property_id: str,
    obj: str | None,
    qualifiers: dict[str, str],
    value: dict[str, Any],
    source: tuple[str, str, str | None, str | None],
    attributed: str | None,
    draft: Draft,
    today: dt.date,
) -> CommentedMap:
    document, quote, prefix, suffix = source
    record = CommentedMap()
    record["id"] = claim_id
    record["statement"] = statement
    record["subject"] = subject
    record["property"] = property_id
    record["object"] = obj
    if qualifiers:
        record["qualifiers"] = CommentedMap(qualifiers)
    record["value"] = CommentedMap(value)
    cited = CommentedMap()
    cited["document"] = document
    cited["quote"] = DoubleQuotedScalarString(quote)
    if prefix is not None:
        cited["prefix"] = DoubleQuotedScalarString(prefix)
    if suffix is not None:
        cited["suffix"] = DoubleQuotedScalarString(suffix)
    record["source"] = cited
    record["attributed_to"] = attributed
    record["status"] = "unverified"
    entry = CommentedMap()
    entry["date"] = today.isoformat()
    entry["status"] = "unverified"
    entry["note"] = FIRST_NOTE
    entry["evidence"] = CommentedSeq()
    record["review"] = CommentedSeq([entry])
    if draft.note:
        record["note"] = draft.note
    if draft.tags:
        record["tags"] = CommentedSeq(dict.fromkeys(draft.tags))
    return record


def render(record: CommentedMap, rel: str) -> str:
    """The record as ruamel.yaml writes it, brought to the canonical form of `claims fmt`."""
    writer = YAML(typ="rt")
    writer.width = sys.maxsize
    writer.allow_unicode = True
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    stream = io.StringIO()
    writer.dump(record, stream)
    try:
        return format_text(stream.getvalue(), "claim", schema_ref(rel, "claim"))
    except FormatProblem as problem:  # pragma: no cover - a bug, reported rather than written
        raise LedgerError(
            f"the new record could not be written in canonical form: {problem.message}"
        ) from None


def _check_record(
    text: str, rel: str, seed: SeedText, span: tuple[int, int], found: Anchor
) -> None:
    """The written record must read back as a valid claim whose quote lands where chosen."""
    data = parse(text)
    problems = [f.message for f in schema_findings("claim", data, rel)]
    if not problems:
        claim = Claim.model_validate(data)
        if not re.match(CLAIM_ID, claim.id):  # pragma: no cover - the schema says so too
            problems.append("bad id")
        again = anchor(seed, span, claim.source.quote, claim.source.prefix, claim.source.suffix)
        if again != found:
            problems.append("the quote does not land where it was chosen")
    if problems:  # pragma: no cover - a bug, reported rather than written
        raise LedgerError(f"the new record would not validate: {'; '.join(problems)}")


def write(root: Path, new: NewClaim) -> Path:
    """Create the file with O_EXCL: an existing file is refused and left exactly as it was."""
    directory = root / CLAIMS_DIR / new.rel.split("/")[1]
    if directory.is_symlink() or (root / CLAIMS_DIR).is_symlink():
        raise LedgerError(
            f"{directory.relative_to(root)} is a symbolic link: refusing to write through it"
        )
    directory.mkdir(parents=True, exist_ok=True)
    path = root / new.rel
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise LedgerError(
            f"{new.rel} already exists and was left as it is: the claim may be recorded already; "
            "choose another name with --slug"
        ) from None
    try:
        data = new.text.encode("utf-8")
        written = 0
        while written < len(data):
            written += os.write(handle, data[written:])
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        os.unlink(path)  # ours: O_EXCL made it, so nothing of anyone else's is lost
        raise
    os.close(handle)
    fsync_directory(directory)
    return path
