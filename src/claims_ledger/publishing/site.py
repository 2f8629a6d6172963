"""`claims site`: the whole ledger as a static website that needs no server and no script.

Pages: index.html (documents, statuses, discrepancies, what is left to check), a page per
document (its text with every claim's passage marked and linked), per claim (the record,
its passage, its reviews and evidence, the other claims on its fact, ClaimReview JSON-LD
when it has a verdict) and per finding of the report. Every page is rendered by a Jinja2
template with autoescaping, but for a claim's page, made in Python around base.html's frame
(claimpage.py), every value escaped; addresses are stable (see docs/site.md).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..checking.parallel import default_jobs
from ..errors import LedgerError
from ..records.layout import CLAIMS_DIR, SEEDS_DIR
from ..records.loading import Ledger
from .options import HERE, MARKER, MARKER_TEXT, SiteOptions, SiteResult
from .pages import Site, _page_keys, rendered
from .plan import Plan, _planned, in_child


def check_out(root: Path, out: Path, force: bool) -> Path:
    """Where the site may be written: OUT itself, resolved, or LedgerError.

    Refused: a file; the ledger or a folder holding it; anything inside claims/ or seeds/;
    a symbolic link leading outside the ledger; a non-empty folder `claims site` did not
    write (unless forced).
    """
    root = root.resolve()
    target = out.resolve()
    if out.is_symlink() and target != root and root not in target.parents:
        raise LedgerError(
            f"{out}: a symbolic link to {target}, outside the ledger: name a real directory"
        )
    if target.exists() and not target.is_dir():
        raise LedgerError(f"{out}: not a directory")
    if target == root or target in root.parents:
        raise LedgerError(f"{out}: the ledger itself, or a folder holding it: name a new directory")
    for inner in (CLAIMS_DIR, SEEDS_DIR):
        if target == root / inner or (root / inner) in target.parents:
            raise LedgerError(f"{out}: inside {inner}/, which holds only ledger files")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file() and not force:
        raise LedgerError(
            f"{out}: a non-empty directory that `claims site` did not write: "
            "name a new or empty directory, or pass --force to write into it"
        )
    return target


# Pages a worker renders between two reports to the parent: few enough to spread the work
# evenly, many enough that handing them out costs nothing next to rendering them.
PAGES_A_TASK = 250
# The site being written, for forked workers: they inherit it rather than receive it.
_RENDERING: tuple[Site, Path] | None = None


def _write_pages(site: Site, into: Path, keys: list[tuple[str, Any]]) -> tuple[int, int]:
    """Render and write these pages (their folders exist); how many, and how many of them
    carry a ClaimReview."""
    before = site.claim_reviews
    top = f"{into}{os.sep}"
    for pages in rendered(site, keys):
        for rel, html in pages:
            _write_file(top + rel, html.encode("utf-8"))
    return len(keys), site.claim_reviews - before


# A new page in a folder only this build writes: created (or emptied) as open(..., "wb") does.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _write_file(path: str, data: bytes) -> None:
    """The bytes write_text would write, without a file object: a page is written whole
    once, and open() builds a buffered writer around the descriptor for nothing. Its folder
    is made by the first page written into it (by whichever writer that is)."""
    try:
        fd = os.open(path, _NEW_FILE, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _start_worker() -> None:
    gc.freeze()  # the inherited ledger is long-lived: collections need not walk (or touch) it


def _write_chunk(keys: list[tuple[str, Any]]) -> tuple[int, int]:
    assert _RENDERING is not None
    return _write_pages(*_RENDERING, keys)


def _write_tree(site: Site, into: Path, jobs: int | None = None) -> int:
    """Every page, written as it is rendered (none is held), by `jobs` forked worker
    processes (None: one a core, at most two; 1 for a small site), then the stylesheet."""
    global _RENDERING
    # Each page's folder is made by the writer of its first page (see _write_file): made
    # here, before the writers started, the 2,005 folders of a 100,000-claim ledger kept
    # them waiting about 0.8 s, and 2 s where the file system had just deleted a site.
    keys = _page_keys(site)
    jobs = default_jobs(len(keys)) if jobs is None else max(1, jobs)
    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        count, reviews = _write_pages(site, into, keys)
    else:
        chunks = [keys[at : at + PAGES_A_TASK] for at in range(0, len(keys), PAGES_A_TASK)]
        count = reviews = 0
        _RENDERING = (site, into)
        try:
            with multiprocessing.get_context("fork").Pool(jobs, _start_worker) as pool:
                for written, with_review in pool.imap_unordered(_write_chunk, chunks):
                    count += written
                    reviews += with_review
        finally:
            _RENDERING = None
        site.claim_reviews += reviews
    static = into / "static"
    static.mkdir(exist_ok=True)
    for name in ("site.css",):
        shutil.copyfile(HERE / "static" / name, static / name)
    return count


def _remove(path: Path) -> None:
    """Delete a file, a link (never what it points to) or a folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


# Folders the old site is deleted from at once: an unlink mostly waits on the disk (the
# journal, a discard), so several waits overlap; more than a few gain nothing more.
REMOVERS = 4


def _remove_tree(path: Path) -> None:
    """shutil.rmtree, the folders of the tree's first two levels shared among a few
    threads: deleting the 100,000 pages of an old site one after another left the
    processor idle for most of the time it took. A link is deleted, never followed."""
    parts = [
        inner.path
        for entry in os.scandir(path)
        if entry.is_dir(follow_symlinks=False)
        for inner in os.scandir(entry.path)
        if inner.is_dir(follow_symlinks=False)
    ]
    if parts:
        with ThreadPoolExecutor(REMOVERS) as pool:
            for _ in pool.map(shutil.rmtree, parts):
                pass
    shutil.rmtree(path)


def _merge(built: Path, target: Path) -> None:
    """Move the built files into a folder we did not write (--force), never through a link."""
    for directory, _, names in os.walk(built):
        rel = Path(directory).relative_to(built)
        dest = target / rel
        if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
            raise LedgerError(f"{dest}: in the way of the site (a link or a file): remove it")
        dest.mkdir(exist_ok=True)
        for name in names:
            if (dest / name).is_symlink() or (dest / name).is_dir():
                raise LedgerError(f"{dest / name}: in the way of the site: remove it")
            os.replace(Path(directory) / name, dest / name)


def build_site(
    ledger: Ledger,
    out: Path,
    options: SiteOptions,
    force: bool = False,
    jobs: int | None = None,
) -> SiteResult:
    """Render every page into a hidden folder inside OUT, then move it into place.

    A folder `claims site` wrote (or an empty one) is replaced whole, so pages of deleted
    claims go: the old entries are moved aside, the new ones in (a rename each), and the
    old ones deleted. A foreign folder, with force, only gains and overwrites the site's
    files, and is not marked as ours (the next build needs --force again). Nothing is
    written outside OUT.
    """
    return _build_site(ledger, None, out, options, force, jobs)


def build_site_from(
    load: Callable[[], Ledger],
    out: Path,
    options: SiteOptions,
    force: bool = False,
    jobs: int | None = None,
) -> tuple[SiteResult, Ledger]:
    """`build_site(load(), ...)`, in a third of the memory; the result, and the ledger
    less what only the pages needed (its claim records, the files of claims whose id is
    their path, the reasons a quote has no anchor): for the caller's messages.

    A forked process loads the ledger, makes the report and a row a claim, hands them
    back with the ledger less its claims, and ends: only a process's end gives back the
    memory of 100,000 claim records (freed objects stay in its heap). Each claim's page
    then reads its record again, about 0.05 ms a claim.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        ledger = load()
        return build_site(ledger, out, options, force, jobs), ledger
    ledger, plan = in_child(_planned, load)
    return _build_site(ledger, plan, out, options, force, jobs), ledger


def _build_site(
    ledger: Ledger,
    plan: Plan | None,
    out: Path,
    options: SiteOptions,
    force: bool,
    jobs: int | None,
) -> SiteResult:
    target = check_out(ledger.root, out, force)
    site = Site(ledger, options, plan)
    target.mkdir(parents=True, exist_ok=True)
    ours = (target / MARKER).is_file() or not any(target.iterdir())
    built = Path(tempfile.mkdtemp(prefix=".claims-site-new-", dir=target))
    try:
        pages = _write_tree(site, built, jobs)
        if ours:
            (built / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            old = Path(tempfile.mkdtemp(prefix=".claims-site-old-", dir=target))
            for entry in list(target.iterdir()):
                if entry not in (built, old):
                    os.replace(entry, old / entry.name)
            for entry in list(built.iterdir()):
                os.replace(entry, target / entry.name)
            _remove_tree(old)
        else:
            _merge(built, target)
    finally:
        if built.exists():
            shutil.rmtree(built)
    notes = []
    if options.base_url is None:
        notes.append(
            "no --base-url: pages have no canonical address and the ClaimReview JSON-LD has "
            "no url fields (search engines need them); pass --base-url where the site is served"
        )
    return SiteResult(target, pages, site.claim_reviews, notes)
