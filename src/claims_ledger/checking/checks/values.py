"""Values: a claim's value has the type its property declares, and parses as that type.

Passing: property `joined` (value_type date) with `value: {date: "2019"}`.
Failing: the same with `value: {quantity: 2019, unit: year}` (value-type), or with
`value: {date: "spring 2020"}` (invalid-value: EDTF writes it "2020-21").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...findings import Finding
from ...records.loading import Ledger
from ...records.models import Claim, value_type_of
from ...records.values import value_problem

CODES = ("value-type", "invalid-value")

# The key value_problem judges, where it is not the type key itself.
_JUDGED_KEY = {"money": "currency", "age": "as_of"}


def check(ledger: Ledger) -> Iterator[Finding]:
    for claim_id, claim in ledger.claims.items():
        yield from claim_check(ledger, claim_id, claim, ledger.claim_file[claim_id], None)


def claim_check(
    ledger: Ledger, claim_id: str, claim: Claim, rel: str, anchor: object
) -> Sequence[Finding]:
    """A value of another type than its property's, or one its type cannot use."""
    kind = value_type_of(claim.value)
    prop = ledger.properties.get(claim.property)
    # (a value_type is a str enum: it equals its value, read without the enum's descriptor)
    if prop is not None and kind != prop.value_type:
        return (
            Finding(
                "value-type",
                f"property {prop.id!r} takes a {prop.value_type.value} value, this is a {kind}: "
                f"write value: {{{prop.value_type.value}: ...}} or use another property",
                rel,
                claims=(claim_id,),
                pointer=("value",),
            ),
        )
    problem = value_problem(claim.value)
    if not problem:
        return ()
    return (
        Finding(
            "invalid-value",
            problem,
            rel,
            claims=(claim_id,),
            pointer=("value", _JUDGED_KEY.get(kind or "", kind)),
        ),
    )
