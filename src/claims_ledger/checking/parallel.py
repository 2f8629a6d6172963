"""Checking claim files one by one, in worker processes, with results small enough to send back.

The checks registered with Scope.CLAIM look at one claim with the ledger's vocabulary
(documents, seeds, entities, properties): those run here, per file, against it
(checks.claim_findings).
Those across claims are settled by the caller from what each file sends back: its claim id
(for duplicate ids), its fingerprint (for duplicate claims) and the claim ids it names in
`part_of` and `claim:` evidence (for unknown-claim, whose hint is found among every claim
id, and for a refuted claim, whether each claim cited against it is verified). A worker
sends back findings already placed at their line, never whole records, so the parent stays
light.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..collector import paused
from ..findings import Finding
from ..hints import claim_hint
from ..reading.anchoring import Anchor
from ..reading.locating import locate
from ..reading.textfile import read_own_text, read_text
from ..records.compact import ClaimRow, compact, row_of
from ..records.grouping import Separators, separators
from ..records.loading import FileResult, Ledger, load_file, load_texts, shared_ids
from ..records.models import Claim, Status
from ..records.seeds import anchor_of
from ..records.valuetypes.date import load_edtf_parser
from .checks import claim_findings
from .checks.duplicates import fingerprint
from .checks.evidence import refuting_references
from .checks.references import claim_references
from .outcomes import FileOutcome, Loose, digest_of, row_text

# Below this many files to examine, starting workers costs more than it saves.
PARALLEL_FROM = 2000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExamineContext:
    """What checking one claim needs besides the claim: the ledger without its claims."""

    vocabulary: Ledger
    records: bool  # send each loaded claim back as JSON (for the cache, or to rebuild models)
    known: frozenset[str] = frozenset()  # digests whose outcomes the cache holds
    # send each loaded claim back as its model with its anchor: unpickling one costs the
    # caller half of rebuilding it from JSON, and the anchoring is done here, in parallel
    models: bool = False
    # with models: send each claim as its compact row instead (all `claims report` reads)
    rows: bool = False
    checks: bool = True  # False: load only, no fingerprint (a report that stores nothing)
    digests: bool = True  # False: no digest, the cache's key (a run without the cache)
    top: str = field(init=False, repr=False, compare=False)  # the root, as a path prefix
    # with rows: what each row's comparison key needs of the vocabulary, and the values of
    # the rows made so far (see row_of): the rows of a chunk send each value once
    separators: Separators = field(init=False, repr=False, compare=False)
    values: dict[Any, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "top", f"{self.vocabulary.root}{os.sep}")
        found = separators(self.vocabulary.properties) if self.rows else {}
        object.__setattr__(self, "separators", found)
        object.__setattr__(self, "values", {})


def _placed(text: str, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Line and column from each pointer, composing the file at most once."""
    if not findings:
        return ()
    out = []
    for finding in findings:
        if finding.line == 0:
            line, column = locate(text, finding.pointer)
            finding = replace(finding, line=line, column=column)
        out.append(finding)
    return tuple(out)


# Files checked together, a stage at a time (see examine_many): a few dozen keep each
# stage's code and tables in the processor's caches, and their texts and models in its own.
BATCH = 64


def examine(rel: str, context: ExamineContext) -> FileOutcome:
    """Load one claim file and run every per-claim check on it (only load it, when the
    context asks for no checks): a pure function of the file."""
    return examine_many((rel,), context)[0]


def examine_each(rels: Sequence[str], context: ExamineContext) -> Iterator[FileOutcome]:
    """examine of each file, in order, BATCH files at a time (examine_many)."""
    for at in range(0, len(rels), BATCH):
        yield from examine_many(rels[at : at + BATCH], context)


def examine_many(rels: Sequence[str], context: ExamineContext) -> list[FileOutcome]:
    """examine of each file, a stage at a time over them all: every file read, then loaded
    (records.loading.load_texts), anchored, fingerprinted and checked.

    The outcomes are examine's, each a pure function of its file. Taken one file through
    every stage in turn, a claim file of a generated ledger cost about half as much again
    in one process: each stage found the processor's caches full of the last one's code
    and data.
    """
    vocabulary = context.vocabulary
    outcomes: list[FileOutcome | None] = [None] * len(rels)
    texts: list[tuple[str, str]] = []
    waiting: list[tuple[int, str | None]] = []  # each text's place and digest
    for at, rel in enumerate(rels):
        text = read_own_text(context.top + rel)  # never follows a link out of the ledger
        if text is None:  # the slow path says why
            path = vocabulary.root / rel
            read = None if path.is_symlink() else read_text(path)
            if read is None or read.text is None:
                findings = load_file(vocabulary.root, rel, "claim").findings
                outcomes[at] = FileOutcome(rel, None, None, findings)
                continue
            text = read.text
        digest = digest_of(rel, text) if context.digests else None
        if digest is not None and digest in context.known:  # touched but unchanged
            outcomes[at] = FileOutcome(rel, digest, None, (), cached=True)  # the caller has it
            continue
        texts.append((rel, text))
        waiting.append((at, digest))
    loaded: list[tuple[int, str | None, FileResult]] = []
    for (at, digest), result in zip(waiting, load_texts(texts, "claim"), strict=True):
        if result.record is None:
            outcomes[at] = FileOutcome(
                result.rel, digest, None, _placed(result.text or "", result.findings)
            )
        else:
            loaded.append((at, digest, result))
    anchors = [anchor_of(vocabulary, result.record) for _, _, result in loaded]
    if not context.checks:  # nor a fingerprint: a run that checks nothing finds no duplicate
        for (at, digest, result), found in zip(loaded, anchors, strict=True):
            claim = result.record
            outcomes[at] = FileOutcome(
                result.rel,
                digest,
                claim.id,
                (),
                (),
                _record(context, result),
                False,
                *_model(context, claim, found),
            )
        return outcomes  # type: ignore[return-value]  # (every place is filled)
    properties = vocabulary.properties
    keys = [fingerprint(result.record, properties) for _, _, result in loaded]
    owns = [
        claim_findings(vocabulary, result.record, result.rel, found)
        for (_, _, result), found in zip(loaded, anchors, strict=True)
    ]
    for (at, digest, result), found, key, own in zip(loaded, anchors, keys, owns, strict=True):
        claim, rel = result.record, result.rel
        if own:  # findings about the vocabulary itself are the caller's, found once for the run
            own = [finding for finding in own if finding.file == rel]
        shipped, anchor = _model(context, claim, found)
        row = row_text(claim, result.data, found) if context.records else None  # for the report
        # (made with its fields in order: by name, the outcome of each file cost a microsecond)
        outcomes[at] = FileOutcome(
            rel,
            digest,
            claim.id,
            _placed(result.text or "", own) if own else (),
            _loose(claim, rel),
            _record(context, result),
            False,
            shipped,
            anchor,
            key,
            row,
        )
    return outcomes  # type: ignore[return-value]


def _record(context: ExamineContext, result: FileResult) -> str | None:
    """The loaded YAML as JSON, when the caller keeps records (the cache, or to rebuild)."""
    return json.dumps(result.data, ensure_ascii=False) if context.records else None


def _loose(claim: Claim, rel: str) -> tuple[Loose, ...]:
    """The claims this claim names, for the caller to settle: whether each exists, and
    whether a claim cited to refute it is verified."""
    if claim.part_of is None:
        for entry in claim.review:
            if entry.evidence:
                break
        else:  # (the common claim names none: claim_references would find nothing)
            return ()
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
    return tuple(loose)


def _model(
    context: ExamineContext, claim: Claim, found: object
) -> tuple[Claim | ClaimRow | None, Anchor | None]:
    """The claim (or its row) and its anchor for a FileOutcome, when the caller asked for
    models (else None and None)."""
    if not context.models:
        return None, None
    if context.rows:
        shipped: Claim | ClaimRow = row_of(claim, context.separators, context.values)
    else:
        compact(claim)  # shared sets and empty lists are sent (and unpickled) once a chunk
        shipped = claim
    return shipped, found if isinstance(found, Anchor) else None


def settle(
    outcome: FileOutcome,
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
        among = hint(item.target) if hint else claim_hint(item.target, claim_ids)
        found.append(replace(item.finding, message=item.finding.message + among))
    if not found:
        return found
    read = read_text(root / outcome.rel)
    return list(_placed(read.text or "", found))


_VOCABULARY: Ledger | None = None
_KNOWN: frozenset[str] = frozenset()
# What a chunk's checks ask besides the vocabulary: records, models, rows, checks, digests
# (the fields of ExamineContext after `known`), and whether the worker collects garbage after it.
Settings = tuple[bool, bool, bool, bool, bool, bool]


def _init_worker(vocabulary: Ledger, known: frozenset[str]) -> None:
    global _VOCABULARY, _KNOWN
    _VOCABULARY, _KNOWN = vocabulary, known
    gc.freeze()  # what the worker inherited stays: the collector need not walk it again


def _examine_chunk(task: tuple[Settings, Sequence[str]]) -> list[tuple[Any, ...]]:
    """Each file's outcome as its fields after the path: the caller has the paths already,
    and a path of its own for each outcome would hold each path twice (a hundred bytes a
    file)."""
    (records, models, rows, checks, digests, collect), rels = task
    assert _VOCABULARY is not None
    # The collector is off while the chunk is checked, and runs once after it when the
    # caller had it on: checking makes many objects and few cycles (a few objects a hundred
    # files), and run as they were made it cost about 2% of a worker's instructions. It
    # collects the youngest generation alone, the objects made since the last chunk: what
    # outlived an earlier chunk (the seeds read, the caches) is not walked again. A full
    # collection a chunk walked all of that, ever more of it as a run went on: 9% of a
    # worker's time at 100,000 claims, 13% at a million (samples of whole runs).
    gc.disable()
    context = ExamineContext(_VOCABULARY, records, _KNOWN, models, rows, checks, digests)
    try:
        return [outcome[1:] for outcome in examine_each(rels, context)]
    finally:
        if collect:
            gc.collect(0)


_new = tuple.__new__


def _outcome(rel: str, state: tuple[Any, ...]) -> FileOutcome:
    """The outcome a worker sent (see _examine_chunk), with the caller's path."""
    return _new(FileOutcome, (rel, *state))


def default_jobs(files: int) -> int:
    """1 for small work; otherwise one worker a core, at most two (more only adds overhead)."""
    if files < PARALLEL_FROM:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


class Workers:
    """A pool of worker processes forked from a caller holding only the vocabulary.

    A worker forked later, from a caller already holding every claim file's path and
    stamp, shares those pages, and its own allocations land in the free space of that heap,
    copying the pages around them: at 300,000 claims each worker held 190 MiB, most of it
    its parent's. Forked before the files are listed, it holds the vocabulary alone.
    `close` ends the workers, whether or not they were used.
    """

    def __init__(self, vocabulary: Ledger, jobs: int, known: frozenset[str] = frozenset()):
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":  # made before the workers are, and shared by them
            shared_ids(vocabulary)  # (a hint in a worker then copies no page of ids)
            load_edtf_parser()
        self.jobs = jobs
        self.known = known
        self.pool = multiprocessing.get_context(method).Pool(
            jobs, _init_worker, (vocabulary, known)
        )

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


def examine_all(
    rels: Sequence[str],
    context: ExamineContext,
    jobs: int | None = None,
    progress: Progress | None = None,
    workers: Workers | None = None,
) -> Iterator[FileOutcome]:
    """Outcomes of every file, in the order given, from `jobs` processes (None: decide):
    those of `workers` when they are as many and were given the same known digests (this
    function then closes them), else new ones."""
    jobs = default_jobs(len(rels)) if jobs is None else max(1, jobs)
    total = len(rels)
    if jobs == 1 or total < 2:
        for done, outcome in enumerate(examine_each(rels, context), 1):
            yield outcome
            if progress is not None and (done % 500 == 0 or done == total):
                progress(done, total)
        return
    size = max(50, min(1000, total // (jobs * 16)))
    # The caller only gathers: long-lived outcomes (claim models among them), no garbage. A
    # collection would walk them all again, ever more of them: at 100,000 claims, models
    # gathered with the collector on cost more than the workers spent making them.
    settings = (
        context.records,
        context.models,
        context.rows,
        context.checks,
        context.digests,
        gc.isenabled(),
    )
    tasks = ((settings, rels[at : at + size]) for at in range(0, total, size))
    stop = threading.Event()
    with paused():
        if workers is None or workers.jobs != jobs or workers.known != context.known:
            if workers is not None:
                workers.close()
            workers = Workers(context.vocabulary, jobs, context.known)
        try:
            if _cold(context.top, rels):  # (the workers are forked: no thread goes with them)
                ahead = threading.Thread(target=_read_ahead, args=(context.top, rels, stop))
                ahead.daemon = True
                ahead.start()
            done = 0
            for states in workers.pool.imap(_examine_chunk, tasks):
                for state in states:
                    yield _outcome(rels[done], state)
                    done += 1
                if progress is not None:
                    progress(done, total)
            # Every outcome received is long-lived: frozen, they are not walked by the
            # collection that leaving the pause would start (0.2 s at 100,000 rows).
            gc.freeze()
        finally:
            stop.set()
            workers.close()


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
