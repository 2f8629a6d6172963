"""Claim checks judged one claim at a time (each check's `claim_check`, and claim_findings):
every shortcut a clean claim takes gives what the full judgement gives."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_ledger.checking import checks
from claims_ledger.checking.checks import (
    Check,
    Scope,
    alone,
    claim_findings,
    evidence,
    references,
    statuses,
)
from claims_ledger.checking.validation import prepare
from claims_ledger.findings import Finding
from claims_ledger.records.layout import ENTITIES, MANIFEST, PROPERTIES
from claims_ledger.records.loading import Ledger, shared_ids
from claims_ledger.records.models import (
    Claim,
    ClaimReference,
    EntityValue,
    ExternalSource,
    Review,
    Stance,
    Status,
)
from claims_ledger.records.seeds import anchor_of
from helpers import build_ledger
from test_parallel import every_broken

FOUNDED = "courier-ferry/company-founded"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    return prepare(build_ledger(tmp_path_factory.mktemp("claims") / "ledger"))


def rel_of(claim: Claim) -> str:
    return f"claims/{claim.id}.yaml"


# --- references: the claim whose every id is known is skipped ---

NAMES = st.sampled_from(["known", "unknown", None])


@given(
    document=st.booleans(),
    subject=st.booleans(),
    object_=NAMES,
    entity_value=NAMES,
    prop=st.sampled_from(["known", "qualified", "unknown"]),
    qualifier=NAMES,
    unloaded=st.sets(st.sampled_from([MANIFEST, ENTITIES, PROPERTIES])),
)
def test_references_finds_what_every_judgement_finds(
    ledger: Ledger,
    document: bool,
    subject: bool,
    object_: str | None,
    entity_value: str | None,
    prop: str,
    qualifier: str | None,
    unloaded: set[str],
) -> None:
    base = ledger.claims[FOUNDED]
    entity = next(iter(ledger.entities))
    qualified = next((p for p in ledger.properties.values() if p.qualifiers), None)
    assert qualified is not None, "the fixture declares a property with qualifiers"
    names = {"known": entity, "unknown": "no-such-entity", None: None}
    update: dict[str, object] = {
        "source": base.source.model_copy(
            update={"document": base.source.document if document else "no-such-document"}
        ),
        "subject": entity if subject else "no-such-entity",
        "object": names[object_],
        "property": {
            "known": base.property,
            "qualified": qualified.id,
            "unknown": "no-such-property",
        }[prop],
        "qualifiers": {}
        if qualifier is None
        else {qualified.qualifiers[0] if qualifier == "known" else "no-such": "x"},
    }
    if entity_value is not None:
        update["value"] = EntityValue(entity=names[entity_value])
    claim = base.model_copy(update=update)
    vocabulary = alone(ledger, claim, rel_of(claim), None)
    vocabulary.unloaded = unloaded
    judged = references._Judged(*(f not in unloaded for f in (MANIFEST, ENTITIES, PROPERTIES)))
    full = [
        Finding(code, message, rel_of(claim), claims=(claim.id,), pointer=pointer)
        for code, message, pointer in references._claim_problems(vocabulary, claim, judged)
    ]
    assert list(references.claim_check(vocabulary, claim.id, claim, rel_of(claim), None)) == full


def test_hints_are_the_same_from_ids_shared_for_workers(ledger: Ledger) -> None:
    base = ledger.claims[FOUNDED]
    entity = next(iter(ledger.entities))
    claim = base.model_copy(
        update={
            "source": base.source.model_copy(update={"document": base.source.document + "x"}),
            "subject": entity[:-1],
            "value": EntityValue(entity=entity + "s"),
        }
    )
    before = references.claim_check(ledger, claim.id, claim, rel_of(claim), None)
    assert [f.code for f in before] == ["unknown-document", "unknown-entity", "unknown-entity"]
    assert all("did you mean" in f.message for f in before)
    shared = alone(ledger, claim, rel_of(claim), None)
    shared.joined_ids = {}
    shared_ids(shared)
    assert set(shared.joined_ids) == {"entities", "documents"}
    assert references.claim_check(shared, claim.id, claim, rel_of(claim), None) == before


# --- statuses: no finding is made for a status its last review entry gives ---


def entry(status: Status, cited: bool, day: str = "2024-03-12") -> Review:
    items = [ClaimReference(claim="courier-ferry/other", stance=Stance.supports)] if cited else []
    return Review(date=day, status=status, note="Checked.", evidence=items)


REVIEWS = [
    [],
    *([entry(status, cited)] for status in Status for cited in (False, True)),
    [entry(Status.verified, True), entry(Status.unverified, False)],
    [entry(Status.refuted, True), entry(Status.refuted, False)],
]


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("review", REVIEWS)
def test_statuses_finds_what_its_rules_say(
    ledger: Ledger, status: Status, review: list[Review]
) -> None:
    claim = ledger.claims[FOUNDED].model_copy(update={"status": status, "review": review})
    expected = set()
    backed = any(e.status is status and e.evidence for e in review)
    if status in (Status.verified, Status.refuted) and not backed:
        expected.add("missing-evidence")
    if review and review[-1].status is not status:
        expected.add("status-mismatch")
    found = statuses.claim_check(ledger, claim.id, claim, rel_of(claim), None)
    assert {f.code for f in found} == expected and len(found) == len(expected)


# --- evidence: the verdict judged only for the statuses it judges; today asked once ---

VERDICT = {"no-supporting-source", "no-contradicting-source", "unverifiable-unsearched"}
SOURCE = ExternalSource(
    url="https://trade.example/a",
    title="A",
    publisher="P",
    consulted="2024-03-12",
    excerpt="founded 1998",
    stance=Stance.supports,
)


def evidence_shapes() -> Iterator[list[ClaimReference | ExternalSource]]:
    against = SOURCE.model_copy(update={"stance": Stance.contradicts})
    cited = ClaimReference(claim="courier-ferry/other", stance=Stance.contradicts)
    for size in range(3):
        yield from (list(items) for items in itertools.combinations([SOURCE, against, cited], size))


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("items", list(evidence_shapes()))
def test_the_verdict_is_judged_for_every_status_that_has_one(
    ledger: Ledger, status: Status, items: list[ClaimReference | ExternalSource]
) -> None:
    review = [Review(date="2024-03-12", status=status, note="Checked.", evidence=items)]
    claim = ledger.claims[FOUNDED].model_copy(update={"status": status, "review": review})
    found = evidence.claim_problems(claim, dt.date.today())
    assert [p for p in found if p[0] in VERDICT] == list(evidence._verdict(claim))


def test_a_day_asked_earlier_never_hides_a_date_after_today(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = dt.date.today()
    monkeypatch.setattr(evidence, "_ASKED", [today - dt.timedelta(days=30)])
    base = ledger.claims[FOUNDED]

    def codes(day: dt.date) -> list[Finding]:
        review = [entry(Status.unverified, False, day.isoformat())]
        claim = base.model_copy(update={"status": Status.unverified, "review": review})
        return list(evidence.claim_check(ledger, claim.id, claim, rel_of(claim), None))

    assert codes(today - dt.timedelta(days=1)) == []  # after the day asked, not after today
    assert [today] == evidence._ASKED  # asked again
    ahead = codes(today + dt.timedelta(days=1))
    assert [f.code for f in ahead] == ["future-date"]
    assert f"after today ({today.isoformat()})" in ahead[0].message


# --- claim_findings: a check registered without `each` runs on a one-claim ledger ---


def test_a_check_without_its_claim_function_sees_the_claim_alone(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[list[str], object]] = []

    def toy(one: Ledger) -> Iterator[Finding]:
        seen.append((list(one.claims), one.anchors.get(FOUNDED)))
        for claim_id in one.claims:
            yield Finding("status-mismatch", "toy", one.claim_file[claim_id], claims=(claim_id,))

    claim = ledger.claims[FOUNDED]
    found = anchor_of(ledger, claim)
    before = claim_findings(ledger, claim, rel_of(claim), found)
    monkeypatch.setattr(checks, "REGISTRY", (*checks.REGISTRY, Check(toy, Scope.CLAIM)))
    after = claim_findings(ledger, claim, rel_of(claim), found)
    assert after == [*before, Finding("status-mismatch", "toy", rel_of(claim), claims=(FOUNDED,))]
    assert seen == [([FOUNDED], found)] and found is not None


def test_claim_findings_follow_the_registry_replaced_and_put_back(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claim checks are taken once a registry: a registry put back in place of a test's
    is the one judged again, its checks in its order."""

    def toy(one: Ledger, claim_id: str, claim: Claim, rel: str, anchor: object) -> list[Finding]:
        return [Finding("status-mismatch", "toy", rel, claims=(claim_id,))]

    claim = ledger.claims[FOUNDED]
    found = anchor_of(ledger, claim)
    before = claim_findings(ledger, claim, rel_of(claim), found)
    toy_check = Check(lambda one: iter(()), Scope.CLAIM, toy)
    monkeypatch.setattr(checks, "REGISTRY", (toy_check, *checks.REGISTRY))
    assert claim_findings(ledger, claim, rel_of(claim), found) == [
        Finding("status-mismatch", "toy", rel_of(claim), claims=(FOUNDED,)),
        *before,
    ]
    monkeypatch.undo()
    assert claim_findings(ledger, claim, rel_of(claim), found) == before


def test_claim_findings_are_the_claim_checks_of_a_one_claim_ledger(tmp_path: Path) -> None:
    """Over every claim of the broken fixtures: what each claim function finds is what the
    registered `run` finds on that claim's one-claim ledger."""
    whole = prepare(every_broken(tmp_path / "ledger"))
    runs = [check.run for check in checks.REGISTRY if check.scope is Scope.CLAIM]
    assert whole.claims
    for claim_id, claim in whole.claims.items():
        rel = whole.claim_file[claim_id]
        found = anchor_of(whole, claim)
        assert found == whole.anchors.get(claim_id)
        one = alone(whole, claim, rel, found)
        expected = [finding for run in runs for finding in run(one)]
        assert claim_findings(whole, claim, rel, found) == expected, claim_id
