"""Checking claim files one by one, in worker processes, with results small enough to send back.

Every validation check but two looks at one claim with the ledger's vocabulary (documents,
seeds, entities, properties): those run here, per file, on a one-claim ledger. The two that
need every claim are settled by the caller from what each file sends back: its claim id
(for duplicate ids) and the claim ids it names in `part_of` and `claim:` evidence (for
unknown-claim, whose hint is found among every claim id, and for a refuted claim, whether
each claim cited against it is verified). A worker sends back
findings already placed at their line, never whole records, so the parent stays light.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .anchoring import Anchor
from .checks import run_checks
from .checks.duplicates import fingerprint
from .checks.evidence import refuting_references
from .checks.references import _hint, claim_references
from .compact import compact
from .findings import Finding, Severity
from .loading import Ledger, load_file, load_text
from .models import Claim, Status
from .validation import anchor_claims
from .yamlfile import locate, read_own_text, read_text

# Below this many files to examine, starting workers costs more than it saves.
PARALLEL_FROM = 2000
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Loose:
    """A claim id the claim names, and the finding if no claim has it: the caller settles it."""

    finding: Finding  # not yet placed, and without its hint
    target: str  # the claim id named
    # a status the named claim must have (a claim cited to refute must be verified): then
    # the finding stands when the claim exists without that status, not when it is missing
    needs: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one claim file gave."""

    rel: str
    digest: str | None  # of its path and content; None when it could not be read
    claim_id: str | None  # None when it did not load
    findings: tuple[Finding, ...]  # load findings, or the claim's own check findings, placed
    loose: tuple[Loose, ...] = ()
    record: str | None = None  # the loaded YAML as JSON, to rebuild the model without parsing
    cached: bool = False  # the cache holds this file's outcome (its digest is known there)
    claim: Claim | None = None  # the model itself, for a caller that needs every claim
    anchor: Anchor | None = None  # where its quote stands, when it stands exactly once
    key: str | None = None  # the claim's fingerprint, to find duplicate claims (see checks)


def digest_of(rel: str, text: str) -> str:
    """The cache key of a file: its path (messages name it) and its content."""
    return hashlib.blake2b(f"{rel}\0{text}".encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Context:
    """What checking one claim needs besides the claim: the ledger without its claims."""

    vocabulary: Ledger
    records: bool  # send each loaded claim back as JSON (for the cache, or to rebuild models)
    known: frozenset[str] = frozenset()  # digests whose outcomes the cache holds
    # send each loaded claim back as its model with its anchor: unpickling one costs the
    # caller half of rebuilding it from JSON, and the anchoring is done here, in parallel
    models: bool = False
    checks: bool = True  # False: load only (a report that stores nothing needs no checks)
    # a one-claim ledger, refilled for each claim: cheaper than a new Ledger a claim
    scratch: Ledger = field(init=False, repr=False, compare=False)
    top: str = field(init=False, repr=False, compare=False)  # the root, as a path prefix

    def __post_init__(self) -> None:
        scratch = replace(self.vocabulary, findings=[], duplicates=[], one_claim=True)
        object.__setattr__(self, "scratch", scratch)
        object.__setattr__(self, "top", f"{self.vocabulary.root}{os.sep}")


def _placed(text: str, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Line and column from each pointer, composing the file at most once."""
    out = []
    for finding in findings:
        if finding.line == 0:
            line, column = locate(text, finding.pointer)
            finding = replace(finding, line=line, column=column)
        out.append(finding)
    return tuple(out)


def examine(rel: str, context: Context) -> Outcome:
    """Load one claim file and run every per-claim check on it (only load it, when the
    context asks for no checks): a pure function of the file."""
    vocabulary = context.vocabulary
    text = read_own_text(context.top + rel)  # never follows a link out of the ledger
    if text is None:  # the slow path says why
        path = vocabulary.root / rel
        read = None if path.is_symlink() else read_text(path)
        if read is None or read.text is None:
            return Outcome(rel, None, None, load_file(vocabulary.root, rel, "claim").findings)
        text = read.text
    digest = digest_of(rel, text)
    if digest in context.known:  # touched but unchanged: the caller has its outcome
        return Outcome(rel, digest, None, (), cached=True)
    result = load_text(rel, text, "claim")
    if result.record is None:
        return Outcome(rel, digest, None, _placed(text, result.findings))
    claim = result.record
    record = json.dumps(result.data, ensure_ascii=False) if context.records else None
    key = fingerprint(claim, vocabulary.properties)
    if not context.checks:
        return Outcome(rel, digest, claim.id, (), (), record, **_model(context, claim), key=key)
    scratch = context.scratch
    own = _check_one(scratch, claim, rel)
    loose = [
        Loose(Finding("unknown-claim", message, rel, claims=(claim.id,), pointer=pointer), target)
        for target, message, pointer in claim_references(claim)
        if target != claim.id  # a claim naming itself names a claim that exists
    ]
    loose += [
        Loose(
            Finding("refuting-claim-unverified", message, rel, claims=(claim.id,), pointer=at),
            target,
            Status.verified.value,
        )
        for target, message, at in refuting_references(claim)
    ]
    shipped = _model(context, claim, scratch.anchors.get(claim.id))
    return Outcome(
        rel, digest, claim.id, _placed(text, own), tuple(loose), record, **shipped, key=key
    )


def _model(context: Context, claim: Claim, found: object = None) -> dict[str, Any]:
    """The claim and its anchor for an Outcome, when the caller asked for models."""
    if not context.models:
        return {}
    if found is None:
        one = context.scratch
        one.claims = {claim.id: claim}
        one.anchors = {}
        anchor_claims(one)
        found = one.anchors.get(claim.id)
    compact(claim)  # shared sets and empty lists are sent (and unpickled) once a chunk
    return {"claim": claim, "anchor": found if isinstance(found, Anchor) else None}


def _check_one(one: Ledger, claim: Claim, rel: str) -> list[Finding]:
    """The checks' findings about this claim's file, on a ledger holding this claim alone.

    `one` is the context's scratch ledger: the vocabulary, refilled here with this claim.
    Findings about the vocabulary itself are the caller's, found once for the whole run.
    """
    one.claims = {claim.id: claim}
    one.claim_file = {claim.id: rel}
    one.texts = {}
    one.anchors = {}
    anchor_claims(one)
    return [finding for finding in run_checks(one) if finding.file == rel]


def settle(
    outcome: Outcome,
    claim_ids: dict[str, str],
    root: Path,
    hint: Callable[[str], str] | None = None,
) -> list[Finding]:
    """The unknown-claim findings of one file that the whole ledger confirms, with its hint.

    `hint(claim_id)` gives the hint among every claim id (by default computed here).
    """
    found = []
    for item in outcome.loose:
        if item.needs is not None:
            rel = claim_ids.get(item.target)
            loaded = load_file(root, rel, "claim").record if rel is not None else None
            status = loaded.status.value if isinstance(loaded, Claim) else item.needs
            if status != item.needs:
                found.append(
                    replace(item.finding, message=f"{item.finding.message} (it is {status})")
                )
            continue
        if item.target in claim_ids:
            continue
        among = hint(item.target) if hint else _hint(item.target, claim_ids)
        found.append(replace(item.finding, message=item.finding.message + among))
    if not found:
        return found
    read = read_text(root / outcome.rel)
    return list(_placed(read.text or "", found))


_CONTEXT: Context | None = None


def _start(context: Context, collect: bool) -> None:
    global _CONTEXT
    _CONTEXT = context
    gc.freeze()  # what the worker inherited stays: the collector need not walk it again
    if collect:  # as the caller had it; the caller itself gathers with the collector off
        gc.enable()


def _examine_chunk(rels: Sequence[str]) -> list[Outcome]:
    assert _CONTEXT is not None
    return [examine(rel, _CONTEXT) for rel in rels]


def default_jobs(files: int) -> int:
    """1 for small work; otherwise one worker a core, at most two (more only adds overhead)."""
    if files < PARALLEL_FROM:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def examine_all(
    rels: Sequence[str],
    context: Context,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Iterator[Outcome]:
    """Outcomes of every file, in the order given, from `jobs` processes (None: decide)."""
    jobs = default_jobs(len(rels)) if jobs is None else max(1, jobs)
    total = len(rels)
    if jobs == 1 or total < 2:
        for done, rel in enumerate(rels, 1):
            yield examine(rel, context)
            if progress is not None and (done % 500 == 0 or done == total):
                progress(done, total)
        return
    size = max(50, min(1000, total // (jobs * 16)))
    chunks = [rels[at : at + size] for at in range(0, total, size)]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # The caller only gathers: long-lived outcomes (claim models among them), no garbage. A
    # collection would walk them all again, ever more of them: at 100,000 claims, models
    # gathered with the collector on cost more than the workers spent making them.
    collect = gc.isenabled()
    gc.disable()
    stop = threading.Event()
    try:
        with multiprocessing.get_context(method).Pool(jobs, _start, (context, collect)) as pool:
            if _cold(context.top, rels):  # (the workers are forked: no thread goes with them)
                ahead = threading.Thread(target=_read_ahead, args=(context.top, rels, stop))
                ahead.daemon = True
                ahead.start()
            done = 0
            for outcomes in pool.imap(_examine_chunk, chunks):
                yield from outcomes
                done += len(outcomes)
                if progress is not None:
                    progress(done, total)
    finally:
        stop.set()
        if collect:
            gc.enable()


# Reading a file the page cache holds takes some microseconds; from disk, a millisecond.
COLD_READ_SECONDS = 200e-6
_SAMPLE = 16


def _cold(top: str, rels: Sequence[str]) -> bool:
    """Whether the claim files are on disk rather than in the page cache, judged by timing
    the read of a few of them (which the workers would read anyway)."""
    if not hasattr(os, "posix_fadvise") or len(rels) < 4 * _SAMPLE:
        return False
    sample = rels[:: len(rels) // _SAMPLE][:_SAMPLE]
    started = time.perf_counter()
    for rel in sample:
        read_own_text(top + rel)
    return (time.perf_counter() - started) / len(sample) > COLD_READ_SECONDS


def _read_ahead(top: str, rels: Sequence[str], stop: threading.Event) -> None:
    """Ask the kernel to read the files into the page cache, in the order the workers take
    them: many reads in flight instead of one a worker. The advice returns at once; nothing
    is read here, and a file that is a link is not opened."""
    for rel in rels:
        if stop.is_set():
            return
        try:
            fd = os.open(top + rel, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def outcome_data(outcome: Outcome) -> dict[str, Any]:
    """The outcome as plain JSON data, for the cache."""
    return {
        "claim_id": outcome.claim_id,
        "findings": [_finding_data(f) for f in outcome.findings],
        "loose": [[_finding_data(i.finding), i.target, i.needs] for i in outcome.loose],
    }


def outcome_from(rel: str, digest: str, data: dict[str, Any], record: str | None) -> Outcome:
    """The outcome stored by outcome_data, back as an Outcome."""
    return Outcome(
        rel,
        digest,
        data["claim_id"],
        tuple(_finding_from(f) for f in data["findings"]),
        tuple(Loose(_finding_from(f), *rest) for f, *rest in data["loose"]),
        record,
    )


def _finding_data(finding: Finding) -> list[Any]:
    return [
        finding.code,
        finding.message,
        finding.file,
        finding.line,
        finding.column,
        finding.severity.value,
        list(finding.claims),
        list(finding.pointer),
    ]


def _finding_from(data: list[Any]) -> Finding:
    code, message, file, line, column, severity, claims, pointer = data
    return Finding(
        code, message, file, line, column, Severity(severity), tuple(claims), tuple(pointer)
    )
