"""A run after edits that cannot change what was settled across files: the edited files are
read and checked, every other file's findings are the summary's (summary.py), and no other
directory's listing is read.

An edit qualifies when each edited file keeps its claim id and the claims it names, its
fingerprint is either the same or no other file's, it is in no duplicate or copy, and no
claim cites it to refute; its directory holds the same files, and so does every other.
Anything else (a file added, removed or renamed, an id changed, a new copy, more edited
files than one process reads quickly) and the run goes the whole way (validation.py).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import chain

from ..findings import Finding
from ..records.loading import Ledger
from .cache import OutcomeCache
from .checks import Scope, run_checks
from .gathering import listing_after
from .listings import KeptFiles, Listing
from .outcomes import FileOutcome
from .parallel import ExamineContext, examine, settle
from .placing import place
from .stamps import Stamps, packed
from .summary import RunSummary

# Edited files read here one after another; with more, the whole way's workers are quicker.
MOST_EDITED = 64


class _NotAnswered(Exception):
    """The summary cannot answer for this run (a hint it does not keep): go the whole way."""


def rerun(
    ledger: Ledger, stamps: Stamps, cache: OutcomeCache, seed_findings: list[Finding]
) -> list[Finding] | None:
    """Every finding of this run, placed and sorted, as the whole way would find them; None
    when the summary cannot answer for it (nothing was written then)."""
    summary = cache.summary
    if summary is None or cache.note is not None:
        return None
    found = _answer(ledger, stamps, cache, seed_findings, summary)
    if found is None:
        cache.widen()  # the whole way reads every listing
    return found


def _answer(
    ledger: Ledger,
    stamps: Stamps,
    cache: OutcomeCache,
    seed_findings: list[Finding],
    summary: RunSummary,
) -> list[Finding] | None:
    edited = _edited(stamps, cache, summary)
    if edited is None:
        return None
    old, files = edited
    cache.narrow(old)  # (the edited files' fingerprints are read from these)
    found: dict[str, FileOutcome] = {}
    stored: set[str] = set()  # only touched: the cache holds their outcomes
    for rel, listing, at in files:
        outcome, kept = _examined(rel, listing, at, cache, ledger)
        if kept:
            stored.add(rel)
        if cache.note is not None or not _keeps(outcome, listing, at, summary):
            return None
        found[rel] = outcome
    if not _fingerprints_apart(cache, old, files, found):
        return None
    given = dict(summary.files)
    try:
        for rel, outcome in found.items():
            given.pop(rel, None)
            own = _findings(outcome, summary, cache, ledger)
            if own:
                given[rel] = own
    except (_NotAnswered, ValueError, TypeError, RecursionError):  # (a damaged summary too)
        return None
    ledger.duplicates = list(summary.duplicates)
    findings = list(ledger.findings)
    findings.extend(chain.from_iterable(given.values()))
    findings.extend(seed_findings)
    findings.extend(run_checks(replace(ledger, claim_file={}), Scope.LEDGER))  # ids, vocabulary
    findings.extend(summary.copies)
    ledger.claim_files = sum(len(figures) // 4 for _, figures in stamps.values())
    ledger.findings = findings
    _save(cache, stamps, old, files, found, stored, replace(summary, files=given))
    if cache.note is not None:
        ledger.notes.append(cache.note)
    return place(ledger, findings)


def _edited(
    stamps: Stamps, cache: OutcomeCache, summary: RunSummary
) -> tuple[dict[str, Listing], list[tuple[str, Listing, int]]] | None:
    """The listings of the directories whose files' stamps changed, and each such file with
    its listing and index there; None when a directory gained or lost a file, or the
    summary was not made with these listings in this context."""
    if summary.listed != cache.generation or summary.context != cache.context:
        return None  # made with other listings, or in another context
    changed = cache.changed(stamps)
    if changed is None:
        return None  # a directory added, removed, or holding other files
    old = cache.listed(changed) if changed else {}
    if old is None:
        return None
    files = []
    for directory in changed:
        listing, figures = old[directory], packed(stamps[directory][1])
        for at, name in enumerate(listing.name_list()):
            if figures[at * 4 : at * 4 + 4] != listing.stamps[at * 4 : at * 4 + 4]:
                files.append((f"{directory}/{name}", listing, at))
        if len(files) > MOST_EDITED:
            return None
    return old, files


def _examined(
    rel: str, listing: Listing, at: int, cache: OutcomeCache, ledger: Ledger
) -> tuple[FileOutcome, bool]:
    """An edited file's outcome, checked here, or the stored one (True) when the file was
    only touched (its digest the one recorded), as the whole way takes it."""
    digest = listing.digest(at)
    known = frozenset([digest]) if digest is not None else frozenset()
    outcome = examine(rel, ExamineContext(ledger, records=True, known=known))
    if outcome.cached and digest is not None:
        kept = cache.outcomes([(rel, digest)], cache.context).get(rel)
        if kept is not None:
            return kept, True
    if outcome.cached:  # no longer stored: checked again
        outcome = examine(rel, ExamineContext(ledger, records=True))
    return outcome, False


def _keeps(outcome: FileOutcome, listing: Listing, at: int, summary: RunSummary) -> bool:
    """Whether this edited file leaves what was settled across files as it was: its claim
    id and the claims it names the same, in no duplicate or copy, cited by none to refute."""
    rel = outcome.rel
    if rel in summary.involved or rel in summary.needed:
        return False
    more = listing.extra.get(at)
    named = more[1] if more is not None else []
    return outcome.claim_id == listing.ids[at] and [i.target for i in outcome.loose] == named


def _fingerprints_apart(
    cache: OutcomeCache,
    old: dict[str, Listing],
    files: list[tuple[str, Listing, int]],
    found: dict[str, FileOutcome],
) -> bool:
    """Whether every edited file whose fingerprint changed has one no other file has (the
    others' as stored: only their columns of fingerprints are read, and only then)."""
    edited = {(rel.rpartition("/")[0], at) for rel, _, at in files}
    new = [found[rel].key for rel, listing, at in files if found[rel].key != listing.keys[at]]
    wanted = [key for key in new if key is not None]
    if not wanted:
        return True
    held = [found[rel].key for rel, _, _ in files]
    if any(held.count(key) > 1 for key in wanted):
        return False
    for directory, listing in old.items():  # the edited directories: their other files
        for at, key in enumerate(listing.keys):
            if key in wanted and (directory, at) not in edited:
                return False
    return not cache.holds_key(wanted, skip=set(old))


def _findings(
    outcome: FileOutcome, summary: RunSummary, cache: OutcomeCache, ledger: Ledger
) -> list[Finding]:
    """What an edited file gives the run, as the one pass over every file gives it (its
    findings, and those of the claims it names, settled against every claim id)."""
    if outcome.claim_id is None or not outcome.loose:
        return list(outcome.findings)
    named = summary.named_files()
    hints = cache.hints

    def hint(claim_id: str) -> str:
        found = hints.get(f"{summary.ids_in_use}:{claim_id}")
        if found is None:
            raise _NotAnswered(claim_id)
        return found

    return [*outcome.findings, *settle(outcome, named, ledger.root, hint)]


def _save(
    cache: OutcomeCache,
    stamps: Stamps,
    old: dict[str, Listing],
    files: list[tuple[str, Listing, int]],
    found: dict[str, FileOutcome],
    stored: set[str],
    summary: RunSummary,
) -> None:
    """The edited files' outcomes, their directories' listings and the new summary, written
    as the whole way writes them; no other listing is read or written."""
    context = cache.context
    for rel, outcome in found.items():
        if rel not in stored:  # (one taken from the cache is there already)
            cache.put(outcome, context)
    edited = {rel for rel, _, _ in files}
    some = {
        f"{directory}/{name}": at
        for directory, listing in old.items()
        for at, name in enumerate(listing.name_list())
        if f"{directory}/{name}" not in edited
    }
    kept = KeptFiles({}, some, old)
    listings = {d: listing_after(cache, d, *stamps[d], kept, found, {})[0] for d in old}
    cache.ids_in_use = summary.ids_in_use  # the hints kept under it stay
    cache.save(listings, summary)
