"""ClaimReview: which statuses are verdicts, their ratings, and who the parties are."""

from __future__ import annotations

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.publishing.claimreview import claim_review, is_verdict
from claims_ledger.records.models import Status
from helpers import VALID


@pytest.fixture(scope="module")
def ledger():
    return prepare(VALID)


def _with_status(claim, status: Status):
    review = claim.review[-1].model_copy(update={"status": status, "date": "2025-01-02"})
    return claim.model_copy(update={"status": status, "review": [*claim.review, review]})


@pytest.mark.parametrize(
    ("status", "words", "value"),
    [
        (Status.verified, "True", 5),
        (Status.refuted, "False", 1),
        (Status.disputed, "Disputed", 3),
        (Status.unverifiable, "Unverifiable", 3),
    ],
)
def test_each_verdict_has_its_rating(ledger, status, words, value):
    claim = _with_status(ledger.claims["courier-ferry/company-founded"], status)
    data = claim_review(ledger, claim, "Desk", "https://example.org/c.html")
    rating = data["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == (words, value)
    assert data["datePublished"] == "2025-01-02"
    assert data["url"] == "https://example.org/c.html"


def test_an_unverified_claim_has_no_review(ledger):
    claim = ledger.claims["courier-ferry/company-founded"]
    assert not is_verdict(claim)
    assert claim_review(ledger, claim, "Desk", None) is None


def test_the_claims_author_is_typed_by_the_entity_of_that_name(ledger):
    claim = _with_status(ledger.claims["courier-ferry/company-founded"], Status.verified)
    said = claim.model_copy(update={"attributed_to": "Saltvik council"})
    data = claim_review(ledger, said, "Desk", None)
    assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": "Saltvik council"}
    assert "url" not in data
    appearance = data["itemReviewed"]["appearance"]
    assert appearance["name"] == "Ferry Line Turns Twenty-Five"
    assert appearance["publisher"]["name"] == "Saltvik Courier"  # where it first appeared
