"""Work handed to a forked process, its result or its failure coming back; records come back
equal to those sent, and compact."""

from __future__ import annotations

import os

import pytest
from pydantic import ConfigDict

from claims_ledger.errors import LedgerError
from claims_ledger.reading.anchoring import Anchor
from claims_ledger.records import compact, models
from claims_ledger.records.apart import in_child
from claims_ledger.records.loading import load_ledger
from claims_ledger.records.valuetypes import registered
from helpers import REPO
from test_value_type_registry import Distance


def _other_process() -> int:
    return os.getpid()


def _fails() -> None:
    raise LedgerError("no such thing")


def _crashes() -> None:
    os._exit(3)


def test_work_in_a_child_runs_elsewhere_and_sends_its_result_back():
    assert in_child(_other_process) != os.getpid()
    assert in_child(sorted, [3, 1, 2]) == [1, 2, 3]


def test_an_exception_in_the_child_is_raised_here():
    with pytest.raises(LedgerError, match="no such thing"):
        in_child(_fails)


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(LedgerError, match="the process loading the ledger failed"):
        in_child(_crashes)


def test_work_that_cannot_be_sent_back_is_an_error(capfd):
    with pytest.raises(LedgerError, match="the process loading the ledger failed"):
        in_child(lambda: lambda: None)  # a lambda does not pickle
    assert "pickle" in capfd.readouterr().err.lower()


def test_anchors_come_back_field_for_field():
    """Sent as their class's arguments: a field added, dropped or reordered without the
    reducer following would come back wrong, or not at all."""
    found = Anchor(start=3, end=9, line=2, column=4)
    back = in_child(lambda: found)
    assert back == found
    assert (back.start, back.end, back.line, back.column) == (3, 9, 2, 4)


def test_a_property_value_type_is_sent_after_the_registry_changed():
    """The registry's enum is made anew when a value type is added or removed: the child
    sends the members of the one in use, not of the one the module saw when imported."""
    with registered(Distance()):
        pass
    kind = models.ValueType("date")
    assert in_child(lambda: kind) is kind


def test_records_come_back_equal_and_compact():
    """Every record of the bundled ledger, sent field set and values alone, comes back equal
    and dumps alike; equal field sets come back one set, and empty lists the one list."""
    ledger = load_ledger(REPO)
    sent = (ledger.documents, ledger.entities, ledger.properties, ledger.claims)
    back = in_child(lambda: sent)
    assert back == sent
    for mine, theirs in zip(sent, back, strict=True):
        assert list(theirs) == list(mine)  # (in their order)
        for key, model in mine.items():
            assert theirs[key].model_dump(mode="json") == model.model_dump(mode="json")
            assert theirs[key].model_fields_set == model.model_fields_set
    entities = list(back[1].values())
    assert len({id(e.__pydantic_fields_set__) for e in entities}) < len(entities) / 10
    bare = [e for e in entities if not e.within]
    assert bare and all(e.within is compact._EMPTY_LIST for e in bare)
    claims = list(back[3].values())
    assert claims[0].source.__pydantic_fields_set__ is claims[1].source.__pydantic_fields_set__


def test_a_known_variant_keeps_its_note():
    entity = models.Entity.model_validate(
        {
            "id": "tashkent",
            "type": "place",
            "name": "Tashkent",
            "aliases": ["Toshkent", {"name": "Taschkent", "note": "German spelling"}],
        }
    )
    back = in_child(lambda: entity)
    assert back == entity
    assert isinstance(back.aliases[1], models.Alias)
    assert [(a, getattr(a, "note", None)) for a in back.aliases] == [
        ("Toshkent", None),
        ("Taschkent", "German spelling"),
    ]


class _Open(models.Record):
    """A record that takes values it does not name (none of the ledger's records does)."""

    model_config = ConfigDict(extra="allow")
    name: str


def test_a_record_with_extra_values_is_sent_as_pydantic_sends_it():
    record = _Open.model_validate({"name": "a", "more": [1, 2]})
    assert compact.reduced(record)[0] is not compact.rebuilt
    back = in_child(lambda: record)
    assert back == record and back.__pydantic_extra__ == {"more": [1, 2]}
