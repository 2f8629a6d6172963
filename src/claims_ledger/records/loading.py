"""Loading a ledger from disk: find its files, read them safely, validate, build models.

A file that fails is a value, not an exception: it yields findings and the run goes on, so
one validation lists every problem. Each claim file is loaded by a pure function of its
path, so the work can be split across processes and cached by content.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..collector import paused
from ..errors import LedgerError
from ..findings import Finding
from ..hints import Joined
from ..reading.anchoring import SeedText
from ..reading.parsedtexts import ParsedTexts
from ..reading.textfile import MAX_FILE_BYTES, MAX_VOCABULARY_BYTES, read_text
from ..reading.yamlparse import parse
from ..reading.yamlproblem import YamlProblem
from .kinds import MODEL_OF_KIND
from .layout import CLAIMS_DIR, ENTITIES, MANIFEST, PROPERTIES, VOCABULARY, claim_files
from .models import Claim, Document, Entity, Property
from .prechecked import prechecked_validator
from .schemas import failed_schema_findings, model_findings, schema_passes


@dataclass(frozen=True, slots=True)
class FileResult:
    """What loading one file gave: its record (or data) and its findings."""

    rel: str
    text: str | None
    record: Any
    findings: tuple[Finding, ...]
    data: Any = field(default=None, compare=False, repr=False)  # the parsed YAML, when valid


def linked_part(root: Path, rel: str) -> str | None:
    """The first part of rel, from the top, that is a symbolic link (rel itself included).

    Every link among the ledger's files is refused, wherever it points: one that stays
    inside today can be changed to point out, and two names for one file confuse ids.
    """
    probe = root
    parts = rel.split("/")
    for count, part in enumerate(parts, 1):
        probe = probe / part
        if probe.is_symlink():
            return "/".join(parts[:count])
    return None


def link_finding(rel: str, linked: str) -> Finding:
    """The finding for a ledger file that is, or lies under, a symbolic link."""
    if linked == rel:
        message = "the file is a symbolic link: commit the file itself"
    else:
        message = (
            f"{linked}/ is a symbolic link: commit the directory itself; nothing in it was read"
        )
    return Finding("unsafe-path", message, rel, 1, 1)


def load_file(root: Path, rel: str, kind: str, parsed: ParsedTexts | None = None) -> FileResult:
    """Read, parse, schema-check and build the model of one ledger file (its YAML from
    `parsed` when that knows the text)."""
    path = root / rel
    # claim_files never lists a file under a linked directory: only a claim file itself is
    # checked (one lstat, not three, for each of 100,000 files)
    linked = (rel if path.is_symlink() else None) if kind == "claim" else linked_part(root, rel)
    if linked is not None:
        return FileResult(rel, None, None, (link_finding(rel, linked),))
    read = read_text(path, MAX_FILE_BYTES if kind == "claim" else MAX_VOCABULARY_BYTES)
    if read.problem is not None:
        return FileResult(rel, None, None, (read.problem.finding(rel),))
    return load_text(rel, read.text or "", kind, parsed)


def load_text(rel: str, text: str, kind: str, parsed: ParsedTexts | None = None) -> FileResult:
    """Parse, schema-check and build the model of one ledger file's text: a pure function
    (`parsed` only saves parsing a text parsed before)."""
    return load_texts(((rel, text),), kind, parsed)[0]


def load_texts(
    items: Sequence[tuple[str, str]], kind: str, parsed: ParsedTexts | None = None
) -> list[FileResult]:
    """load_text of each (rel, text), a stage at a time over them all: every text parsed,
    then every schema checked, then every model built.

    The results are the same. Taken one file through every stage in turn, each stage found
    the processor's caches full of the last one's code and tables; over a few dozen files
    at a time, each stage stays in them (see checking/parallel.py's examine_many).
    """
    results: list[FileResult | None] = [None] * len(items)
    read: list[tuple[int, Any]] = []
    for at, (rel, text) in enumerate(items):
        try:
            read.append((at, parse(text) if parsed is None else parsed.parse(text)))
        except YamlProblem as problem:
            results[at] = FileResult(rel, text, None, (problem.finding(rel),))
    model = MODEL_OF_KIND[kind]
    prechecked = prechecked_validator(model) if read else None
    checked: list[tuple[int, Any, Any]] = []
    for at, data in read:
        if schema_passes(kind, data):  # its patterns matched there: Rust's engine matches alike
            checked.append((at, data, prechecked))
            continue
        rel, text = items[at]
        findings = failed_schema_findings(kind, data, rel)
        if findings:
            results[at] = FileResult(rel, text, None, tuple(findings))
        else:
            checked.append((at, data, model.__pydantic_validator__))
    for at, data, validator in checked:
        rel, text = items[at]
        try:  # (model_validate, without its wrapper's keyword handling: once a claim file)
            record = validator.validate_python(data)
        except ValidationError as error:  # the schema and the models disagree: a clean finding
            results[at] = FileResult(rel, text, None, model_findings(error, rel, located=True))
            continue
        results[at] = FileResult(rel, text, record, (), data)
    return results  # type: ignore[return-value]  # (every place is filled)


def inside(root: Path, given: Path) -> Path:
    """A path named on the command line, resolved, or LedgerError if it leaves the ledger or
    does not exist: the CLI reads nothing outside the repository it checks."""
    resolved = given.resolve()
    if resolved != root and root not in resolved.parents:
        raise LedgerError(f"{given}: outside the ledger at {root}; name files inside it")
    if not resolved.exists():
        raise LedgerError(f"{given}: no such file or directory")
    return resolved


def select(root: Path, paths: Iterable[Path]) -> list[str]:
    """Claim files named on the command line (files or directories), relative to the root."""
    chosen: set[str] = set()
    for given in paths:
        resolved = inside(root, given)
        if resolved.is_dir():
            every, _ = claim_files(root)
            prefix = resolved.relative_to(root).as_posix()
            chosen.update(r for r in every if prefix in ("", ".") or r.startswith(prefix + "/"))
        else:
            rel = resolved.relative_to(root).as_posix()
            if rel in VOCABULARY or rel == MANIFEST:
                continue  # checked on every run, whatever is named
            if not (rel.startswith(f"{CLAIMS_DIR}/") and rel.endswith(".yaml")):
                raise LedgerError(
                    f"{given}: not a claim file (claims/<document>/<slug>.yaml); the manifest, "
                    "entities and properties are checked on every run"
                )
            chosen.add(rel)
    return sorted(chosen)


@dataclass
class Ledger:
    """Everything a run knows: records that loaded, their files' text, and load findings.

    Filled while a run loads it (loading, seeds, validation.prepare); the engine changes
    it no more after that: placing findings reads files into its own dict, and a worker
    checks each claim against it, changing nothing (checks.claim_findings).
    """

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    seeds: dict[str, SeedText] = field(default_factory=dict)
    # each seed in `seeds` -> its bytes' sha256 (what the cache's context takes of it)
    seed_sha256: dict[str, str] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    properties: dict[str, Property] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    claim_file: dict[str, str] = field(default_factory=dict)  # claim id -> rel path
    texts: dict[str, str] = field(default_factory=dict)  # rel path -> text, for locating
    findings: list[Finding] = field(default_factory=list)
    partial: bool = False  # only some claim files were loaded (paths named on the command line)
    claim_files: int = 0  # how many claim files were read, loaded or not
    # (id, file of the first, file of the repeat, pointer of the repeat inside its file)
    duplicates: list[tuple[str, str, str, tuple[Any, ...]]] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # document id -> offsets
    # document id -> (its seed, start, end): all anchoring reads of a document (seeds.py)
    passages: dict[str, tuple[SeedText, int, int]] = field(default_factory=dict)
    anchors: dict[str, Any] = field(default_factory=dict)  # claim id -> Anchor | AnchorProblem
    # manifest or vocabulary files that did not load: references to them cannot be judged
    unloaded: set[str] = field(default_factory=set)
    # what the user should be told that is not a finding (the cache was not used, and why)
    notes: list[str] = field(default_factory=list)
    # why files of the ledger were left out (also in findings): a listing or a report
    # without them is incomplete, and must say so
    left_out: list[Finding] = field(default_factory=list)
    # "entities" and "documents" -> their ids in one string, once shared_ids made it (see
    # ids_of)
    joined_ids: dict[str, str] = field(default_factory=dict, repr=False, compare=False)


_ID_SEPARATOR = "\n"
_JOINED = ("entities", "documents")


def shared_ids(ledger: Ledger) -> None:
    """Keep the entity and document ids each in one string too, before worker processes are
    forked from this ledger.

    A hint for an unknown id compares it with every id: iterating the dict writes the
    reference count of each id, and a forked worker then copies every page holding one
    (24 MiB of the entities at 300,000 claims, for one hint). Joined, they are searched
    where they are (see hints.Joined): the worker makes no id and copies one string's
    header. Ids that hold the separator are left in their dict.
    """
    if ledger.joined_ids:
        return
    for kind in _JOINED:
        ids: dict[str, Any] = getattr(ledger, kind)
        joined = _ID_SEPARATOR.join(ids)
        if ids and joined.count(_ID_SEPARATOR) == len(ids) - 1:
            ledger.joined_ids[kind] = joined


def ids_of(ledger: Ledger, kind: str) -> Iterable[str]:
    """The ids of ledger.entities or ledger.documents (kind), in their order: for hints,
    which look them up in the joined string itself (no id is made, none kept)."""
    joined = ledger.joined_ids.get(kind)
    if joined is None:
        return getattr(ledger, kind)  # type: ignore[no-any-return]
    return Joined(joined, _ID_SEPARATOR)


def _keep(ledger: Ledger, result: FileResult) -> Any:
    if result.text is not None:
        ledger.texts[result.rel] = result.text
    ledger.findings.extend(result.findings)
    if result.record is None:
        ledger.left_out.extend(result.findings)
    return result.record


def load_ledger(root: Path, only: list[str] | None = None) -> Ledger:
    """Load the manifest, vocabulary and claims (all, or just `only`) of the ledger at root."""
    ledger = load_vocabulary(root)
    if only is None:
        rels, stray = claim_files(root)
        ledger.findings.extend(stray)
        ledger.left_out.extend(f for f in stray if f.code == "unsafe-path")
    else:
        rels = only
        ledger.partial = True
    ledger.claim_files = len(rels)
    with paused():  # the bulk load allocates many long-lived objects; collection only costs
        for rel in rels:
            # A claim file's text is kept only when it has a finding to place; a finding
            # found later reads the file again (see validation.place): 100,000 texts held
            # for nothing were a good share of a large run's memory.
            result = load_file(root, rel, "claim")
            if result.findings and result.text is not None:
                ledger.texts[rel] = result.text
            ledger.findings.extend(result.findings)
            claim = result.record
            if claim is None:
                ledger.left_out.extend(result.findings)
                continue
            if claim.id in ledger.claims:
                ledger.duplicates.append((claim.id, ledger.claim_file[claim.id], rel, ("id",)))
                continue
            ledger.claims[claim.id] = claim
            ledger.claim_file[claim.id] = rel
    return ledger


def load_vocabulary(root: Path, parsed: ParsedTexts | None = None) -> Ledger:
    """A ledger with its manifest, entities and properties loaded, and no claims yet (their
    YAML from `parsed` where it knows their texts: see reading.parsedtexts)."""
    ledger = Ledger(root)
    manifest = _keep(ledger, load_file(root, MANIFEST, "documents", parsed))
    if manifest is not None:
        _index(ledger, MANIFEST, "documents", ledger.documents, manifest.documents)
    else:
        ledger.unloaded.add(MANIFEST)
    for rel, kind, target, attr in (
        (ENTITIES, "entities", ledger.entities, "entities"),
        (PROPERTIES, "properties", ledger.properties, "properties"),
    ):
        if not (root / rel).exists():
            missing = Finding("unreadable", f"{rel} is missing: create it", rel, 1, 1)
            ledger.findings.append(missing)
            ledger.left_out.append(missing)
            ledger.unloaded.add(rel)
            continue
        loaded = _keep(ledger, load_file(root, rel, kind, parsed))
        if loaded is not None:
            items = getattr(loaded, attr)
            _index(ledger, rel, attr, target, items)
        else:
            ledger.unloaded.add(rel)
    return ledger


def _index(ledger: Ledger, rel: str, key: str, target: dict[str, Any], items: list[Any]) -> None:
    for number, item in enumerate(items):
        if item.id in target:
            ledger.duplicates.append((item.id, rel, rel, (key, number, "id")))
            continue
        target[item.id] = item
