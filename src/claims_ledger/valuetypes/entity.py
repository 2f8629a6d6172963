"""entity: an entity of claims/entities.yaml as the value (a place, a court, a person).

The same entity agrees; an entity that lies within the other (Ufa within Russia, by the
`within` list of the entity file) is compatible; any other two are a review.
"""

from __future__ import annotations

from .base import Pair, ValueKind
from .outcomes import Comparison, Outcome, said
from .parts import Known, Part, unknown_name
from .record import Record, Slug


class EntityValue(Record):
    entity: Slug


def _typed_problem(text: str, known: Known) -> str | None:
    if text in known.entities:
        return None
    return unknown_name("entity", text, known.entities, known.entities_file)


class Entity(ValueKind[EntityValue]):
    name = "entity"
    model = EntityValue
    parts = (
        Part(
            "entity",
            "Value, an entity id",
            "An entity id as the value (a place, a court).",
            _typed_problem,
        ),
    )

    def words(self, value: EntityValue) -> str:
        return value.entity

    def compare(self, pair: Pair[EntityValue]) -> Comparison:
        a, b = pair.a.entity, pair.b.entity
        if a == b:
            return Comparison(Outcome.agree, said("the same entity"))
        if b in pair.within.get(a, ()):
            return Comparison(Outcome.compatible, said(f"{a} lies within {b}"))
        if a in pair.within.get(b, ()):
            return Comparison(Outcome.compatible, said(f"{b} lies within {a}"))
        return Comparison(Outcome.review, said(f"different entities: {a} and {b}"))


ENTITY = Entity()
