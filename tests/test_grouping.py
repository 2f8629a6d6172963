"""grouping: claims compare only when subject, property, object and separator qualifiers match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claims_ledger.checking.validation import prepare
from claims_ledger.records.grouping import groups, key_of
from claims_ledger.records.models import Claim, Property

FIXTURE = Path(__file__).parent / "fixtures" / "report"
EAST = "east-bulletin/"

PRISON_TERM = Property(
    id="prison-term",
    label="was sentenced to",
    description="The prison term the subject received in a case.",
    value_type="duration",
    qualifiers=["case", "instance"],
)


def term(slug: str, **fields: Any) -> Claim:
    return Claim.model_validate(
        {
            "id": f"doc/{slug}",
            "statement": "Azat Miftakhov was sentenced.",
            "subject": "azat-miftakhov",
            "property": "prison-term",
            "value": {"duration": "P6Y"},
            "source": {"document": "doc", "quote": "a quote"},
            **fields,
        }
    )


def test_the_key_is_subject_property_object_and_declared_qualifiers_in_declared_order() -> None:
    claim = term("a", object="penal-colony", qualifiers={"instance": "appeal", "case": "first"})
    assert key_of(claim, PRISON_TERM) == (
        "azat-miftakhov",
        "prison-term",
        "penal-colony",
        (("case", "first"), ("instance", "appeal")),
    )
    # A declared qualifier the claim does not give is part of the key as None.
    assert key_of(term("b"), PRISON_TERM)[3] == (("case", None), ("instance", None))


def test_claims_differing_in_a_separator_qualifier_never_share_a_key() -> None:
    # Miftakhov's six years in one case and four in another are two facts, not a conflict.
    first = term("six", qualifiers={"case": "first-case"})
    second = term("four", qualifiers={"case": "second-case"}, value={"duration": "P4Y"})
    assert key_of(first, PRISON_TERM) != key_of(second, PRISON_TERM)
    # Near miss: the same case, so the same key.
    again = term("six-again", qualifiers={"case": "first-case"}, value={"duration": "P4Y"})
    assert key_of(first, PRISON_TERM) == key_of(again, PRISON_TERM)


def test_claims_with_different_objects_never_share_a_key() -> None:
    assert key_of(term("a", object="colony-one"), PRISON_TERM) != key_of(
        term("b", object="colony-two"), PRISON_TERM
    )
    assert key_of(term("a", object="colony-one"), PRISON_TERM) != key_of(term("b"), PRISON_TERM)


def test_without_its_property_a_claim_is_keyed_by_the_qualifiers_it_gives() -> None:
    claim = term("a", qualifiers={"instance": "appeal", "case": "first"})
    assert key_of(claim, None)[3] == (("case", "first"), ("instance", "appeal"))


def test_groups_hold_only_keys_with_two_or_more_claims_in_id_order() -> None:
    ledger = prepare(FIXTURE)
    found = groups(ledger)
    assert all(len(ids) >= 2 and ids == sorted(ids) for ids in found.values())
    grouped = {claim_id for ids in found.values() for claim_id in ids}
    # Two documents on when Sapozhnikov joined the circle share one key.
    assert [
        "north-gazette/sapozhnikov-joined",
        "south-review/sapozhnikov-joined",
    ] in found.values()
    # His joining the tenants' union has another object: it is in no group.
    assert EAST + "sapozhnikov-joined-union" not in grouped
    # Miftakhov's terms and Morozov's two detentions differ in a separator qualifier.
    assert EAST + "miftakhov-term-first" not in grouped
    assert EAST + "miftakhov-term-second" not in grouped
    assert EAST + "morozov-detained-first" not in grouped
    assert EAST + "morozov-detained-again" not in grouped
    # The fixture's seven shared keys: joined, founded, affected, Orlov's detention, fine,
    # accusation and the two charges (many-valued, grouped but never a conflict).
    assert len(found) == 7
    assert all(len(ids) == 2 for ids in found.values())
