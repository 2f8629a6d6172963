"""The value type registry: a new value type is one module and one registry line.

A toy type, `distance` in metres compared as intervals, is registered through the registry
alone and run end to end on a copy of the valid fixture ledger: a claim holding it
validates, a compatible pair is silent, and an incompatible pair is a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims_ledger.schemas import generate, stale_files
from claims_ledger.validation import prepare
from claims_ledger.value_input import BOUNDED, VALUE_PARTS, finish_value, value_checks
from claims_ledger.valuetypes import VALUE_TYPES, registered
from claims_ledger.valuetypes.base import ValueKind, bound_words, number_words
from claims_ledger.valuetypes.parts import Part, number_problem, parse_number
from claims_ledger.valuetypes.ranges import Interval, bounded
from claims_ledger.valuetypes.record import Bound, Record
from helpers import REPO, build_ledger, invoke

# --- the toy type: what a module of valuetypes/ would hold -----------------------------


class DistanceValue(Record):
    distance: float | int
    bound: Bound = Bound.exact


class Distance(ValueKind[DistanceValue]):
    name = "distance"
    model = DistanceValue
    parts = (
        Part(
            "distance",
            "Distance in metres",
            "A distance in metres.",
            number_problem,
            convert=parse_number,
        ),
    )
    bounded = True

    def words(self, value: DistanceValue) -> str:
        return f"{bound_words(value.bound)}{number_words(value.distance)} metres"

    def interval(self, value: DistanceValue) -> Interval | None:
        return bounded(float(value.distance), value.bound.value)


# --- a ledger that uses it ---------------------------------------------------------------

PROPERTY = """  - id: crossing-length
    label: has a crossing of
    description: How long the subject's ferry crossing is.
    value_type: distance
"""


def claim(document: str, slug: str, quote: str, distance: str, bound: str = "exact") -> str:
    return f"""id: {document}/{slug}
statement: The ferry crossing is {distance} metres long.
subject: saltvik-ferry-company
property: crossing-length
value:
  distance: {distance}
  bound: {bound}
source:
  document: {document}
  quote: "{quote}"
"""


def write_claim(
    root: Path, document: str, slug: str, quote: str, distance: str, bound: str = "exact"
) -> str:
    (root / "claims" / document / f"{slug}.yaml").write_text(
        claim(document, slug, quote, distance, bound), encoding="utf-8"
    )
    return f"{document}/{slug}"


@pytest.fixture
def distance_ledger(tmp_path: Path) -> Iterator[Path]:
    """A copy of the valid ledger with a distance property, while `distance` is registered."""
    root = build_ledger(tmp_path / "ledger")
    properties = root / "claims" / "properties.yaml"
    properties.write_text(properties.read_text(encoding="utf-8") + PROPERTY, encoding="utf-8")
    with registered(Distance()):
        yield root
    assert "distance" not in VALUE_TYPES


def report(root: Path) -> list[dict[str, object]]:
    result = invoke("report", "--format", "json", "--root", root)
    findings: list[dict[str, object]] = json.loads(result.output)["findings"]
    return findings


def sides(finding: dict[str, object]) -> set[str]:
    return {side["id"] for side in finding["claims"]}  # type: ignore[attr-defined, index]


def test_a_registered_type_validates_and_compares_end_to_end(distance_ledger: Path) -> None:
    root = distance_ledger
    first = write_claim(root, "courier-ferry", "crossing", "We never missed a crossing", "1200")
    second = write_claim(
        root, "council-minutes", "crossing", "The council met", "1000", bound="at-least"
    )

    validated = invoke("validate", "--root", root)
    assert validated.exit_code == 0, validated.output
    assert not [f for f in report(root) if {first, second} & sides(f)]  # compatible: silent
    shown = invoke("show", first, "--root", root).output
    assert "1,200 metres lies within at least 1,000 metres" in shown

    third = write_claim(root, "council-minutes", "crossing-far", "harbour office", "3000")
    assert invoke("validate", "--root", root).exit_code == 0
    conflicts = [f for f in report(root) if f["type"] == "conflict" and third in sides(f)]
    assert len(conflicts) == 1
    assert sides(conflicts[0]) == {first, third}
    assert conflicts[0]["explanation"] == "3,000 metres and 1,200 metres cannot both be true"


def test_a_registered_type_is_in_the_schemas_and_taken_away_after(
    distance_ledger: Path,
) -> None:
    value = generate("claim")["properties"]["value"]["oneOf"]
    assert value[-1] == {"$ref": "#/$defs/DistanceValue"}
    assert "distance" in generate("properties")["$defs"]["ValueType"]["enum"]
    bad = claim("courier-ferry", "crossing", "We never missed a crossing", "far")
    (distance_ledger / "claims" / "courier-ferry" / "crossing.yaml").write_text(bad)
    result = invoke("validate", "--no-cache", "--root", distance_ledger)
    assert result.exit_code == 1
    assert "value.distance: expected number" in result.output


def test_the_schemas_are_as_committed_once_the_toy_type_is_gone() -> None:
    with registered(Distance()):
        assert stale_files(REPO / "schemas")
    assert stale_files(REPO / "schemas") == []


def test_the_value_oneof_follows_the_registry_order() -> None:
    """schema errors pick a value's branch by its type's place in the registry."""
    branches = generate("claim")["properties"]["value"]["oneOf"]
    models = [kind.model.__name__ for kind in VALUE_TYPES.values()]
    assert [branch["$ref"].rsplit("/", 1)[1] for branch in branches] == models


def test_a_type_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered already"), registered(VALUE_TYPES["date"]):
        pass


def test_a_registered_type_is_typed_part_by_part(distance_ledger: Path) -> None:
    """`claims new` reads the parts from the registry (its options are fixed at start-up)."""
    assert VALUE_PARTS["distance"] == (("distance", "Distance in metres", False),)
    assert "distance" in BOUNDED
    checks = value_checks(prepare(distance_ledger, only=[]))
    assert checks["distance"]("1,200") is None
    assert checks["distance"]("far")
    assert finish_value("distance", {"distance": "1,200"}) == {"distance": 1200}
