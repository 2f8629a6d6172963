"""The claim the contributor-workflow tests add to the workflow fixture ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from claims_ledger.authoring.new import Draft

WORKFLOW = Path(__file__).parent / "fixtures" / "workflow"
TODAY = dt.date(2026, 11, 25)


def members(**changes: object) -> Draft:
    """The claim the tests add: "more than 320 members" (line 4 of the orchard article)."""
    draft = Draft(
        document="orchard-at-fifty",
        quote="more than 320 members",
        statement="The Brenna orchard cooperative has more than 320 members.",
        subject="brenna-orchard-cooperative",
        property="members",
        value={"quantity": "320", "unit": "person", "bound": "more-than"},
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft
