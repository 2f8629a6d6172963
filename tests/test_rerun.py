"""A run after edits that the last validate's summary answers: the findings of a run reading
every file, every time; the summary used only where an edit cannot change what is settled
across files, and no other directory's listing read."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from claims_ledger.checking import rerun as rerun_module
from claims_ledger.checking import validation
from claims_ledger.checking.cache import DIRECTORY, OutcomeCache
from claims_ledger.checking.listings import Listing
from claims_ledger.checking.validation import validate_all
from helpers import BROKEN, build_ledger
from test_cache import age

FERRY = "claims/courier-ferry"
FOUNDED = f"{FERRY}/company-founded.yaml"  # cited to refute by refuted-by-unverified
EMPLOYEES = f"{FERRY}/company-employees.yaml"
WRONG = f"{FERRY}/wrong-evidence.yaml"  # names a claim no file has; a copy of the next
REFUTED = f"{FERRY}/refuted-by-unverified.yaml"
NAMES = f"{FERRY}/names-missing.yaml"  # names a claim no file has, and is no copy
PIER = "claims/council-minutes/pier-request.yaml"
AGE = "claims/council-minutes/lindqvist-age.yaml"

Row = tuple[str, str, int, int, str]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """The valid ledger with two copies of one claim (one citing an unverified claim to
    refute, one naming a claim no file has), a claim naming one no file has, a file that does
    not load and a quote not found: something settled across files of every kind, and
    findings of single files beside."""
    overlays = ("unknown-claim", "refuting-claim-unverified", "yaml-syntax", "quote-not-found")
    root = build_ledger(tmp_path / "ledger", *(BROKEN / name for name in overlays))
    text = (root / WRONG).read_text(encoding="utf-8")
    text = text.replace("id: courier-ferry/wrong-evidence", "id: courier-ferry/names-missing")
    (root / NAMES).write_text(text.replace('date: "1998"', 'date: "1999"'), encoding="utf-8")
    return root


def rows(found: list) -> list[Row]:  # type: ignore[type-arg]
    return [(f.code, f.file, f.line, f.column, f.message) for f in found]


def whole(root: Path) -> list[Row]:
    """What a run reading every file finds (no cache)."""
    return rows(validate_all(root, jobs=1, use_cache=False)[1])


def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each cached run was answered by the summary."""
    seen: list[bool] = []
    real = validation.rerun

    def spy(*args: object) -> object:
        made = real(*args)  # type: ignore[arg-type]
        seen.append(made is not None)
        return made

    monkeypatch.setattr(validation, "rerun", spy)
    return seen


def cached(root: Path) -> list[Row]:
    return rows(validate_all(root, jobs=1, use_cache=True)[1])


def ready(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A ledger checked out a while ago, its cache filled and its summary made."""
    age(root)
    cached(root)  # fills the cache, every file read: the summary made too
    assert OutcomeCache(root).summary is not None
    return answered(monkeypatch)


def test_the_run_filling_the_cache_makes_the_summary(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = ready(mixed, monkeypatch)
    assert cached(mixed) == whole(mixed)
    assert seen == [True]  # the next run, nothing changed: answered


def edit(root: Path, rel: str, change: Callable[[str], str]) -> None:
    path = root / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    past = time.time() - 30  # older than the two seconds a stamp is not trusted
    os.utime(path, (past, past))


def test_an_edit_to_what_a_file_says_of_itself_is_answered(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = ready(mixed, monkeypatch)
    before = cached(mixed)
    assert seen == [True]  # nothing changed: answered too
    edit(mixed, PIER, lambda text: text.replace('"The ferry company"', '"The ferry firm"'))
    after = cached(mixed)
    assert seen == [True, True]
    assert after == whole(mixed)
    new = [row for row in after if row not in before]
    assert [(code, file) for code, file, *_ in new] == [("quote-not-found", PIER)]
    edit(mixed, PIER, lambda text: text.replace('"The ferry firm"', '"The ferry company"'))
    assert cached(mixed) == before == whole(mixed)
    assert seen == [True, True, True]


def test_a_comment_a_touch_and_a_new_value_are_answered(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = ready(mixed, monkeypatch)
    edit(mixed, EMPLOYEES, lambda text: text + "# checked again\n")
    assert cached(mixed) == whole(mixed)
    edit(mixed, AGE, lambda text: text)  # touched: its stored outcome is used
    assert cached(mixed) == whole(mixed)
    # a new value: a new fingerprint, which no other file has
    edit(mixed, EMPLOYEES, lambda text: text.replace("quantity: 40", "quantity: 41"))
    assert cached(mixed) == whole(mixed)
    assert seen == [True, True, True]


def test_the_file_naming_a_missing_claim_keeps_its_hint(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = ready(mixed, monkeypatch)
    before = whole(mixed)
    edit(mixed, NAMES, lambda text: text.replace("Both texts agree.", "Both texts agree, still."))
    after = cached(mixed)
    assert seen == [True] and after == whole(mixed) == before
    unknown = [row for row in after if row[0] == "unknown-claim" and row[1] == NAMES]
    assert len(unknown) == 1
    assert "(did you mean 'courier-ferry/company-founder'?)" in unknown[0][4]  # its hint


@pytest.mark.parametrize(
    ("rel", "old", "new", "why"),
    [
        (EMPLOYEES, "id: courier-ferry/company-employees", "id: courier-ferry/staff", "its id"),
        (REFUTED, "Another claim says otherwise.", "Another says otherwise.", "a copy"),
        (FOUNDED, "status: unverified", "status: verified", "cited to refute"),
        (f"{FERRY}/stray-colon.yaml", "company: founded", "company", "now loads"),
        (AGE, "claim: courier-ferry/company-founder", "claim: courier-ferry/x", "names another"),
    ],
)
def test_an_edit_that_can_change_what_is_settled_across_files_goes_the_whole_way(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, rel: str, old: str, new: str, why: str
) -> None:
    seen = ready(mixed, monkeypatch)
    assert old in (mixed / rel).read_text(encoding="utf-8")
    edit(mixed, rel, lambda text: text.replace(old, new))
    assert cached(mixed) == whole(mixed), why
    assert seen == [False], why
    assert cached(mixed) == whole(mixed), why  # the new summary, answering the next run
    assert seen == [False, True], why


def test_a_copy_made_by_an_edit_goes_the_whole_way(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = ready(mixed, monkeypatch)
    founded = (mixed / FOUNDED).read_text(encoding="utf-8")
    copy = founded.replace(
        "id: courier-ferry/company-founded", "id: courier-ferry/company-employees"
    )
    edit(mixed, EMPLOYEES, lambda _: copy)  # the claim of company-founded, under its own id
    found = cached(mixed)
    assert seen == [False] and found == whole(mixed)
    copies = [row for row in found if row[0] == "duplicate-claim" and "company-employees" in row[4]]
    assert [row[1] for row in copies] == [FOUNDED]  # the later of the two in path order


@pytest.mark.parametrize("how", ["added", "removed", "entities"])
def test_files_added_removed_or_the_vocabulary_changed_go_the_whole_way(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    seen = ready(mixed, monkeypatch)
    if how == "added":
        shutil.copy(mixed / PIER, mixed / "claims/council-minutes/pier-again.yaml")
        age(mixed)
    elif how == "removed":
        (mixed / AGE).unlink()
    else:
        edit(mixed, "claims/entities.yaml", lambda text: text + "\n# reviewed\n")
    assert cached(mixed) == whole(mixed)
    assert seen == [False]


def test_only_the_edited_directory_listing_is_read(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(mixed, monkeypatch)
    edit(mixed, PIER, lambda text: text + "# seen\n")
    decoded: list[str] = []
    real = Listing.from_row.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Listing], context: str, names: str, *rest: object) -> Listing:
        decoded.append(names)
        return real(cls, context, names, *rest)  # type: ignore[no-any-return]

    monkeypatch.setattr(Listing, "from_row", classmethod(spy))
    assert cached(mixed) == whole(mixed)
    assert len(decoded) == 1 and "pier-request.yaml" in decoded[0]


def test_listings_another_command_wrote_leave_the_summary_unused(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`claims report` writes the listings and no summary: the summary no longer holds."""
    seen = ready(mixed, monkeypatch)
    edit(mixed, PIER, lambda text: text + "# seen\n")
    validation.prepare(mixed, jobs=1, use_cache=True)  # as the report reads the ledger
    assert cached(mixed) == whole(mixed)
    assert seen == [False]


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE summary SET data = 'not JSON'",
        "UPDATE summary SET data = '{\"files\": 3}'",
        "UPDATE summary SET named = 7",
        "UPDATE summary SET named = '[]'",
        "UPDATE summary SET listed = listed - 1",  # made with other listings
        "UPDATE generation SET value = value + 1",  # listings written since
        "UPDATE summary SET context = 'another'",
        "DELETE FROM summary",
    ],
)
def test_a_damaged_summary_is_not_used(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    seen = ready(mixed, monkeypatch)
    (store,) = (mixed / DIRECTORY).glob("outcomes-*.sqlite3")
    with sqlite3.connect(store) as db:
        db.execute(damage)
    db.close()
    edit(mixed, NAMES, lambda text: text + "# seen\n")  # (it names claims: named is read)
    assert cached(mixed) == whole(mixed)
    assert True not in seen  # (one that cannot be read is not even tried)
    assert cached(mixed) == whole(mixed)  # a new one made, and used
    assert seen[-1] is True


def test_more_edited_files_than_one_process_reads_go_the_whole_way(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = ready(mixed, monkeypatch)
    monkeypatch.setattr(rerun_module, "MOST_EDITED", 1)
    edit(mixed, PIER, lambda text: text + "# seen\n")
    edit(mixed, AGE, lambda text: text + "# seen\n")
    assert cached(mixed) == whole(mixed)
    assert seen == [False]


def test_a_run_that_raced_another_writing_listings_keeps_no_summary(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs read the cache and the other writes a listing first: this run's summary
    would not hold for what is then stored, so it is not written."""
    seen = ready(mixed, monkeypatch)
    this, other = OutcomeCache(mixed), OutcomeCache(mixed)
    directory, listing = next(iter(other.listings.items()))
    untrusted = [0] * len(listing.stamps)  # as a file changed too recently is listed
    written = Listing(
        listing.context, listing.names, untrusted, listing.digests, listing.ids, {}, listing.keys
    )
    other.save({**other.listings, directory: written})
    assert this.summary is not None
    this.save(this.listings, replace(this.summary, context="this run's"))
    stored = OutcomeCache(mixed)
    assert stored.generation == this.generation + 1  # the other's write, counted
    assert stored.summary is not None and stored.summary.context != "this run's"
    assert stored.summary.listed != stored.generation  # (so it is not used either)
    edit(mixed, PIER, lambda text: text + "# seen\n")
    assert cached(mixed) == whole(mixed)
    assert seen == [False]
