"""Evidence: a verdict says what shows it, and review entries are dated honestly.

Passing: `status: verified` whose verified review entry cites a source with
`stance: supports`; `status: refuted` citing a source that contradicts it, or a verified
claim with `stance: contradicts`; `status: unverifiable` with `searched:` saying where.
Failing: a verified claim backed only by another claim (no-supporting-source), a refuted
claim citing an unverified claim (refuting-claim-unverified), `date: "2019-02-30"`
(invalid-date), an entry dated after today (future-date) or before the one above it
(review-order), a claim citing itself (self-evidence), a 90-word excerpt
(excerpt-too-long), a Russian excerpt without a translation (translation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from ...findings import Finding
from ...records.loading import Ledger, load_file
from ...records.models import Claim, ClaimReference, ExternalSource, Stance, Status
from ...records.values import edtf_problem

CODES = (
    "no-supporting-source",
    "no-contradicting-source",
    "refuting-claim-unverified",
    "unverifiable-unsearched",
    "self-evidence",
    "invalid-date",
    "future-date",
    "review-order",
    "excerpt-too-long",
    "translation",
)

EXCERPT_WORDS = 60


def check(ledger: Ledger) -> Iterator[Finding]:
    today = dt.date.today()
    for claim_id, claim in ledger.claims.items():
        rel = ledger.claim_file[claim_id]
        for code, message, pointer in claim_problems(claim, today):
            yield Finding(code, message, rel, claims=(claim_id,), pointer=pointer)


# A day that was today when it was asked: today, or a day before it now. A date after it
# is judged again against today itself, so asking the clock once a process is enough.
_ASKED: list[dt.date] = []


def claim_check(
    ledger: Ledger, claim_id: str, claim: Claim, rel: str, anchor: object
) -> Sequence[Finding]:
    """What check finds on one claim, asking the clock only when a date may be after today."""
    if not _ASKED:
        _ASKED.append(dt.date.today())
    problems = claim_problems(claim, _ASKED[0])
    if not problems:
        return ()
    if any(code == "future-date" for code, _, _ in problems):
        _ASKED[0] = dt.date.today()
        problems = claim_problems(claim, _ASKED[0])
    return [
        Finding(code, message, rel, claims=(claim_id,), pointer=pointer)
        for code, message, pointer in problems
    ]


def refuting(ledger: Ledger) -> Iterator[Finding]:
    """A claim cited to refute another is verified: judged against the claim it cites."""
    for claim_id, claim in ledger.claims.items():
        rel = ledger.claim_file[claim_id]
        for target, message, pointer in refuting_references(claim):
            status = status_of(ledger, target)
            if status is not None and status is not Status.verified:
                yield Finding(
                    "refuting-claim-unverified",
                    message + f" (it is {status.value})",
                    rel,
                    claims=(claim_id,),
                    pointer=pointer,
                )


def status_of(ledger: Ledger, claim_id: str) -> Status | None:
    """A claim's status: from the loaded ledger, else from its file (when only some files
    were loaded); None when no loadable claim has that id."""
    claim = ledger.claims.get(claim_id)
    if claim is not None:
        return claim.status
    rel = ledger.claim_file.get(claim_id, f"claims/{claim_id}.yaml")
    if not (ledger.root / rel).is_file():
        return None
    loaded = load_file(ledger.root, rel, "claim").record
    return loaded.status if isinstance(loaded, Claim) else None


def refuting_references(claim: Claim) -> Iterator[tuple[str, str, tuple[object, ...]]]:
    """Each claim a refuted claim cites as contradicting it: that claim must be verified.

    (the id, the message if it is not verified, where it is cited)
    """
    if claim.status is not Status.refuted:
        return
    for number, entry in enumerate(claim.review):
        if entry.status is not Status.refuted:
            continue
        for index, item in enumerate(entry.evidence):
            if (
                isinstance(item, ClaimReference)
                and item.stance is Stance.contradicts
                and item.claim != claim.id
            ):
                yield (
                    item.claim,
                    f"claim {item.claim!r} is cited to refute this one but is not verified: "
                    "a claim refutes another only once it is verified itself; verify it, or "
                    "cite the outside source that contradicts this claim",
                    ("review", number, "evidence", index, "claim"),
                )


Problem = tuple[str, str, tuple[object, ...]]


def claim_problems(claim: Claim, today: dt.date) -> list[Problem]:
    """Everything wrong with one claim's review that the claim alone shows: the dates, then
    the evidence items, then the verdict."""
    problems: list[Problem] = []
    if claim.review:
        _dates(claim, today, problems)
        for number, entry in enumerate(claim.review):
            if entry.evidence:
                _items(claim, number, entry.evidence, today, problems)
    status = claim.status  # _verdict finds nothing for any other status
    if status is Status.verified or status is Status.refuted or status is Status.unverifiable:
        problems.extend(_verdict(claim))
    return problems


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _dated(
    text: str, pointer: tuple[object, ...], today: dt.date, what: str
) -> tuple[dt.date | None, Problem | None]:
    day = _day(text)
    if day is None:
        return None, ("invalid-date", f"{what} {text!r} is not a calendar day", pointer)
    if day > today:
        return day, (
            "future-date",
            f"{what} {text} is after today ({today.isoformat()}): date it the day it was done",
            pointer,
        )
    return day, None


def _dates(claim: Claim, today: dt.date, problems: list[Problem]) -> None:
    """Each review date is a real day, not after today, and not before the entry above."""
    previous: dt.date | None = None
    for number, entry in enumerate(claim.review):
        pointer = ("review", number, "date")
        day, problem = _dated(entry.date, pointer, today, "review date")
        if problem is not None:
            problems.append(problem)
        if day is None:
            continue
        if previous is not None and day < previous:
            problems.append(
                (
                    "review-order",
                    f"review entry {number + 1} is dated {entry.date}, before the entry above "
                    f"it ({previous.isoformat()}): entries are oldest first, appended as they "
                    "are made",
                    pointer,
                )
            )
        previous = day


def _items(
    claim: Claim,
    number: int,
    evidence: list[ExternalSource | ClaimReference],
    today: dt.date,
    problems: list[Problem],
) -> None:
    """Each evidence item of one entry: not the claim itself; a source's dates, excerpt and
    language."""
    for index, item in enumerate(evidence):
        at = ("review", number, "evidence", index)
        if isinstance(item, ClaimReference):
            if item.claim == claim.id:
                problems.append(
                    (
                        "self-evidence",
                        "a claim is never evidence for itself: cite another claim or a source",
                        (*at, "claim"),
                    )
                )
            continue
        problems.extend(_source(item, at, today))


def _source(item: ExternalSource, at: tuple[object, ...], today: dt.date) -> Iterator[Problem]:
    _, problem = _dated(item.consulted, (*at, "consulted"), today, "consulted")
    if problem is not None:
        yield problem
    if item.published is not None:
        wrong = edtf_problem(item.published)
        if wrong:
            yield ("invalid-date", f"published: {wrong}", (*at, "published"))
    words = len(item.excerpt.split())
    if words > EXCERPT_WORDS:
        yield (
            "excerpt-too-long",
            f"the excerpt has {words} words: quote at most {EXCERPT_WORDS}, the words that "
            "show the point, copied character for character",
            (*at, "excerpt"),
        )
    if item.language != "en" and item.translation is None:
        yield (
            "translation",
            f"the excerpt is in {item.language!r}: add `translation:` with it in English",
            (*at, "language"),
        )
    elif item.language == "en" and item.translation is not None:
        yield (
            "translation",
            "the excerpt is in English: leave `translation:` null, or set `language:` to the "
            "excerpt's language",
            (*at, "translation"),
        )


def _verdict(claim: Claim) -> Iterator[Problem]:
    """The current status has what it takes, in the review entries that gave it."""
    entries = [e for e in claim.review if e.status is claim.status]
    evidence = [item for entry in entries for item in entry.evidence]

    def has(kind: type, stance: Stance) -> bool:
        return any(isinstance(item, kind) and item.stance is stance for item in evidence)

    if claim.status is Status.verified and evidence and not has(ExternalSource, Stance.supports):
        yield (
            "no-supporting-source",
            "status verified needs an outside source that supports the claim: add to the "
            "verified review entry an evidence item with url, title, publisher, consulted, "
            "excerpt and `stance: supports` (another claim is not enough)",
            ("status",),
        )
    if (
        claim.status is Status.refuted
        and evidence
        and not has(ExternalSource, Stance.contradicts)
        and not has(ClaimReference, Stance.contradicts)
    ):
        yield (
            "no-contradicting-source",
            "status refuted needs evidence that contradicts the claim: an outside source with "
            "`stance: contradicts`, or a verified claim cited with `stance: contradicts`",
            ("status",),
        )
    if claim.status is Status.unverifiable and not any(e.searched for e in entries):
        yield (
            "unverifiable-unsearched",
            "status unverifiable needs `searched:` in its review entry: each place searched "
            "(where) and what was searched for (query), so the next reviewer need not repeat it",
            ("status",),
        )
