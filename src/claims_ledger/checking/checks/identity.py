"""Identity: a claim's id is its path, and no two records share an id.

Passing: claims/petrov-repression/ufa-raid.yaml with `id: petrov-repression/ufa-raid`.
Failing: the same file with `id: petrov-repression/raid` (id-path-mismatch), or a second
file whose id is also petrov-repression/ufa-raid (duplicate-id).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...findings import Finding
from ...records.layout import CLAIMS_DIR
from ...records.loading import Ledger

CODES = ("id-path-mismatch", "duplicate-id")


def check(ledger: Ledger) -> Iterator[Finding]:
    for claim_id, rel in ledger.claim_file.items():
        yield from claim_check(ledger, claim_id, None, rel, None)


def claim_check(
    ledger: Ledger, claim_id: str, claim: object, rel: str, anchor: object
) -> Sequence[Finding]:
    """The id-path-mismatch of one claim, if its id is not its path."""
    expected = f"{CLAIMS_DIR}/{claim_id}.yaml"
    if rel == expected:
        return ()
    wanted = rel.removeprefix(f"{CLAIMS_DIR}/").removesuffix(".yaml")
    return (
        Finding(
            "id-path-mismatch",
            f"id {claim_id!r} does not match the file's path: set id to {wanted!r} "
            f"or move the file to {expected}",
            rel,
            claims=(claim_id,),
            pointer=("id",),
        ),
    )


def duplicate_ids(ledger: Ledger) -> Iterator[Finding]:
    """Ids used twice: among claim files, or within the manifest or a vocabulary file."""
    for item_id, first, again, pointer in ledger.duplicates:
        where = "earlier in this file" if first == again else f"in {first}"
        yield Finding(
            "duplicate-id",
            f"id {item_id!r} is already used {where}: ids must be unique",
            again,
            pointer=pointer,
        )
