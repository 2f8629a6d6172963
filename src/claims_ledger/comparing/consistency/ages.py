"""Ages against birth dates: an age at a date fixes the days a person can have been born.

Failing (conflict): "66-year-old" in 2024 and "born in 1970" for the same person: 66 in
2024 means born between 1957 and 1958. Passing: "66-year-old" in 2024 and "born in 1958".
Two ages are compared with each other on their own key, by the same birth intervals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...records.loading import Ledger
from ...records.models import AgeValue, DateValue
from ...records.values import birth_interval, date_interval
from ..wording import value_words
from .base import Context, Discrepancy, stable_id
from .conflict import CONFLICT

TYPES = (CONFLICT,)


def check(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    ages: dict[str, list[str]] = defaultdict(list)
    births: dict[str, list[str]] = defaultdict(list)
    for claim_id in context.of_type(AgeValue):
        claim = ledger.claims[claim_id]
        if claim.value.as_of:  # type: ignore[union-attr]
            ages[claim.subject].append(claim_id)
    for claim_id in context.of_type(DateValue):
        claim = ledger.claims[claim_id]
        if claim.property == "born":
            births[claim.subject].append(claim_id)
    names = {entity_id: entity.name for entity_id, entity in ledger.entities.items()}
    for subject in sorted(set(ages) & set(births)):
        for age_id in ages[subject]:
            value = ledger.claims[age_id].value
            assert isinstance(value, AgeValue) and value.as_of
            possible = birth_interval(value.age, value.as_of, value.bound.value)
            if possible is None:
                continue
            for born_id in births[subject]:
                born = ledger.claims[born_id].value
                assert isinstance(born, DateValue)
                stated = date_interval(born.date)
                if stated is None or possible.overlaps(stated):
                    continue
                yield Discrepancy(
                    id=stable_id(CONFLICT.name, age_id, born_id),
                    type=CONFLICT.name,
                    key=f"{names.get(subject, subject)} · born (from an age)",
                    explanation=(
                        f"{value_words(value)} and born {value_words(born)} cannot both be true"
                    ),
                    claims=(age_id, born_id),
                )
