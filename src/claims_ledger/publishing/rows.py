"""What every export takes from a claim: the claims in order, a value's type, evidence as a row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..records.loading import Ledger
from ..records.models import Claim


def value_type_name(claim: Claim) -> str:
    return type(claim.value).__name__.removesuffix("Value").lower()


def evidence_row(item: Any) -> dict[str, Any]:
    """An evidence item as exported: every field the adapter reads, None when absent."""
    return {name: getattr(item, name) for name in item.__dataclass_fields__}


def claims_in_order(ledger: Ledger) -> Iterator[Claim]:
    for claim_id in sorted(ledger.claims):
        yield ledger.claims[claim_id]
