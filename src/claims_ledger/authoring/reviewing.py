"""`claims review`: a dated review entry appended to a claim, checked before it is written.

The claim file is read with ruamel.yaml's round-trip loader, so every comment stays; the
entry is appended, `status:` set to its status, and the text brought to the canonical form
of `claims fmt`. The resulting claim must pass the checks `claims validate` runs on it;
only then is the file replaced, atomically, and only if it still holds what was read.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..checking.checks import run_checks
from ..checking.validation import place, prepare
from ..errors import LedgerError
from ..findings import Finding
from ..hints import did_you_mean
from ..reading.textfile import read_text
from ..reading.yamlparse import parse
from ..reading.yamlproblem import YamlProblem
from ..records.layout import CLAIMS_DIR, claim_files
from ..records.loading import load_file
from ..records.models import Claim, ClaimReference, ExternalSource, Status
from ..records.schemas import schema_findings
from ..records.seeds import anchor_claims
from .canonical import FormatProblem, format_text, schema_ref
from .formatting import replace_file

SOURCE_KEYS = tuple(ExternalSource.model_fields)  # the one list: the model's
DEFAULT_STANCE = {
    Status.verified: "supports",
    Status.refuted: "contradicts",
    Status.disputed: "contradicts",
}


class Refused(Exception):
    """The review would leave the claim with findings: nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} finding(s)")
        self.findings = findings


def locate_claim(root: Path, wanted: str) -> tuple[str, str]:
    """(claim id, its file) for an id or a path; LedgerError with a did-you-mean if none."""
    text = wanted.strip().removesuffix(".yaml")
    text = text.removeprefix(f"{CLAIMS_DIR}/")
    rel = f"{CLAIMS_DIR}/{text}.yaml"
    if (root / rel).is_file() and not (root / rel).is_symlink():
        return text, rel
    rels, _ = claim_files(root)
    ids = [r.removeprefix(f"{CLAIMS_DIR}/").removesuffix(".yaml") for r in rels]
    raise LedgerError(f"no claim {text!r} in {CLAIMS_DIR}/{did_you_mean(text, ids)}")


@dataclass
class Fields:
    """What the command line gives for one review entry."""

    status: Status
    note: str | None = None
    by: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    consulted: str | None = None
    excerpt: str | None = None
    language: str = "en"
    translation: str | None = None
    stance: str | None = None
    archived: str | None = None
    claims: tuple[str, ...] = ()  # other claims cited as evidence
    searched: list[tuple[str, str]] = field(default_factory=list)


# What is asked for, by the option that gives it, in the order it is asked.
PROMPTS = {
    "note": "What the sources show (note)",
    "url": "Address of the source read (url)",
    "title": "Its headline (title)",
    "publisher": "Its publisher",
    "excerpt": "The words that show it, copied (excerpt)",
    "translation": "The excerpt in English (translation)",
    "searched_where": "Where you searched (searched-where)",
    "searched_query": "What you searched for (searched-query)",
}


def missing(fields: Fields) -> list[str]:
    """The options still needed for this status, as their names (note, url, ...)."""
    needed: list[str] = []
    if not fields.note:
        needed.append("note")
    wants_source = fields.url is not None or fields.status is Status.verified
    if fields.status is Status.refuted and not fields.claims:
        wants_source = True
    if wants_source:
        for name in ("url", "title", "publisher", "excerpt"):
            if not getattr(fields, name):
                needed.append(name)
        if fields.language != "en" and not fields.translation:
            needed.append("translation")
    if fields.status is Status.unverifiable and not fields.searched:
        needed += ["searched_where", "searched_query"]
    return needed


def entry_of(fields: Fields, today: dt.date) -> CommentedMap:
    """The review entry, its keys in the order of the format."""
    entry = CommentedMap(date=today.isoformat(), status=fields.status.value)
    if fields.by:
        entry["by"] = fields.by
    entry["note"] = fields.note
    if fields.searched:
        entry["searched"] = CommentedSeq(
            CommentedMap(where=where, query=query) for where, query in fields.searched
        )
    evidence = CommentedSeq()
    stance = fields.stance or DEFAULT_STANCE.get(fields.status, "context")
    if fields.url is not None:
        source = CommentedMap(
            url=fields.url,
            title=fields.title,
            publisher=fields.publisher,
            published=fields.published,
            consulted=fields.consulted or today.isoformat(),
            excerpt=fields.excerpt,
            language=fields.language,
            translation=fields.translation,
            stance=stance,
            archived=fields.archived,
        )
        evidence.append(source)
    for other in fields.claims:
        evidence.append(CommentedMap(claim=other, stance=stance))
    entry["evidence"] = evidence
    return entry


def round_trip_yaml() -> YAML:
    """The loader and writer of claim files that keeps comments, quotes and key order."""
    yaml = YAML(typ="rt")
    yaml.width = sys.maxsize
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def read_entry(path: Path, today: dt.date) -> CommentedMap:
    """A whole review entry from a YAML file (for imports); its date defaults to today."""
    read = read_text(path)
    if read.text is None:
        problem = read.problem
        raise LedgerError(f"{path}: {problem.message if problem else 'cannot be read'}")
    try:
        data = parse(read.text)  # the ledger's own safe reader first: no tags, no alias bombs
        loaded = round_trip_yaml().load(read.text)
    except YamlProblem as problem:
        raise LedgerError(f"{path}:{problem.line}:{problem.column}: {problem.message}") from None
    except YAMLError as error:
        raise LedgerError(f"{path}: not well-formed YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(loaded, CommentedMap):
        raise LedgerError(f"{path}: a review entry is a mapping (date, status, note, evidence)")
    if "status" not in loaded:
        raise LedgerError(f"{path}: the entry has no status")
    if not loaded.get("date"):  # the map itself is kept, with its comments; fmt orders keys
        loaded.pop("date", None)
        loaded.insert(0, "date", today.isoformat())
    return loaded


@dataclass(frozen=True)
class Reviewed:
    claim_id: str
    rel: str
    text: str  # the new file
    claim: Claim


def review(root: Path, claim_id: str, rel: str, entry: CommentedMap) -> Reviewed:
    """The claim with the entry appended and its status set, checked; nothing written.

    Refused when the result has findings (schema, evidence, dates...), LedgerError when
    the file cannot be read or formatted.
    """
    read = read_text(root / rel)
    if read.text is None:
        raise LedgerError(f"{rel}: cannot be read: run claims validate {rel}")
    yaml = round_trip_yaml()
    try:
        record = yaml.load(read.text)
    except YAMLError:
        raise LedgerError(f"{rel}: not well-formed YAML: run claims validate {rel}") from None
    if not isinstance(record, CommentedMap):
        raise LedgerError(f"{rel}: not a claim: run claims validate {rel}")
    reviews = record.get("review")
    if not isinstance(reviews, CommentedSeq):
        reviews = CommentedSeq()
        record["review"] = reviews
    reviews.fa.set_block_style()
    reviews.append(entry)
    record["status"] = entry.get("status")
    stream = io.StringIO()
    yaml.dump(record, stream)
    try:
        text = format_text(stream.getvalue(), "claim", schema_ref(rel, "claim"))
    except (FormatProblem, YamlProblem) as problem:
        raise LedgerError(f"{rel}: the reviewed claim cannot be written: {problem}") from None
    return Reviewed(claim_id, rel, text, _checked(root, rel, text))


def _checked(root: Path, rel: str, text: str) -> Claim:
    """The claim the text holds, if `claims validate` would find nothing wrong with it."""
    data = parse(text)
    found = schema_findings("claim", data, rel)
    loaded = prepare(root, [rel])
    if found:
        raise Refused(place(replace(loaded, texts={**loaded.texts, rel: text}), found))
    claim = Claim.model_validate(data)
    # The loaded ledger is not changed: the reviewed claim goes into a copy of its own.
    others = {c for c, r in loaded.claim_file.items() if r == rel}
    ledger = replace(
        loaded,
        claims={c: v for c, v in loaded.claims.items() if c not in others} | {claim.id: claim},
        claim_file={c: r for c, r in loaded.claim_file.items() if c not in others}
        | {claim.id: rel},
        anchors={c: a for c, a in loaded.anchors.items() if c != claim.id},
        texts={**loaded.texts, rel: text},
    )
    anchor_claims(ledger, [claim.id])
    found = [f for f in run_checks(ledger) if f.file == rel and f.severity.value == "error"]
    if found:
        raise Refused(place(ledger, found))
    return claim


def write(root: Path, reviewed: Reviewed) -> None:
    """Replace the claim file atomically, if it still holds what was read."""
    path = root / reviewed.rel
    original = path.read_bytes()
    try:
        replace_file(path, reviewed.text.encode("utf-8"), original)
    except FormatProblem as problem:
        raise LedgerError(f"{reviewed.rel}: {problem.message}") from None


def history(claim: Claim) -> Iterator[str]:
    """The claim's review entries, oldest first, with every source in full."""
    yield f"{claim.id}  [{claim.status.value}]"
    yield f"  {claim.statement}"
    for entry in claim.review:
        by = f" (by {entry.by})" if entry.by else ""
        yield ""
        yield f"  {entry.date}  {entry.status.value}{by}"
        yield f"    {entry.note}"
        for search in entry.searched:
            yield f"    searched {search.where}: {search.query}"
        for item in entry.evidence:
            yield from _item_lines(item)
    if not claim.review:
        yield "  (no review entries)"


def _item_lines(item: ExternalSource | ClaimReference) -> Iterable[str]:
    if isinstance(item, ClaimReference):
        return [f"    - {item.stance.value}: claim {item.claim}"]
    published = item.published or "undated"
    lines = [
        f"    - {item.stance.value}: {item.title} ({item.publisher}, {published})",
        f"      {item.url} (consulted {item.consulted})",
    ]
    if item.archived:
        lines.append(f"      archived: {item.archived}")
    lines.append(
        f"      \u201c{item.excerpt}\u201d"
        + (f" ({item.language})" if item.language != "en" else "")
    )
    if item.translation:
        lines.append(f"      translation: \u201c{item.translation}\u201d")
    return lines


def load_claim(root: Path, rel: str) -> Claim:
    """One claim, for its history; a claim file that does not load says to validate it."""
    result = load_file(root, rel, "claim")
    if not isinstance(result.record, Claim):
        raise LedgerError(f"{rel} does not load: run claims validate {rel}")
    return result.record
