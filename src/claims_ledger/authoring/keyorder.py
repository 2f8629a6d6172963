"""The canonical key order and quoting of each kind of ledger file, and which kind a path is.

The order follows the models' declared fields so that a new field needs no edit here; the
quoted paths are those whose values YAML would otherwise read as numbers or dates.
"""

from __future__ import annotations

from ..records.layout import CLAIMS_DIR, ENTITIES, MANIFEST, PROPERTIES
from ..records.models import (
    Claim,
    ClaimReference,
    Document,
    Entity,
    ExternalSource,
    KnownVariant,
    LineSpan,
    Property,
    Review,
    Search,
    Source,
)
from ..records.schemas import SCHEMA_FILES
from ..records.valuetypes import VALUE_TYPES, on_change, value_keys

SCHEMA_LINE = "# yaml-language-server: $schema="
# An evidence item is a claim reference (claim, stance) or a source (url ... archived).
_EVIDENCE_KEYS = tuple(dict.fromkeys(("claim", *ExternalSource.model_fields)))
assert set(ClaimReference.model_fields) <= set(_EVIDENCE_KEYS)


def _value_quoted() -> set[tuple[str, ...]]:
    """The value fields each value type has quoted (dates, EDTF strings, periods)."""
    return {("value", name) for kind in VALUE_TYPES.values() for name in kind.quoted}


# Key order of each mapping, by kind of file and path ("*" stands for any sequence index).
ORDERS: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
    "claim": {
        (): tuple(Claim.model_fields),
        ("value",): value_keys(),
        ("source",): tuple(Source.model_fields),
        ("review", "*"): tuple(Review.model_fields),
        ("review", "*", "searched", "*"): tuple(Search.model_fields),
        ("review", "*", "evidence", "*"): _EVIDENCE_KEYS,
    },
    "documents": {
        (): ("documents",),
        ("documents", "*"): tuple(Document.model_fields),
        ("documents", "*", "lines"): tuple(LineSpan.model_fields),
    },
    "entities": {
        (): ("entities",),
        ("entities", "*"): tuple(Entity.model_fields),
        ("entities", "*", "aliases", "*"): tuple(KnownVariant.model_fields),
    },
    "properties": {(): ("properties",), ("properties", "*"): tuple(Property.model_fields)},
}
# Where a scalar is a date, an EDTF string or an ISO duration: always double-quoted.
QUOTED: dict[str, set[tuple[str, ...]]] = {
    "claim": {
        *_value_quoted(),
        ("review", "*", "date"),
        ("review", "*", "evidence", "*", "published"),
        ("review", "*", "evidence", "*", "consulted"),
    },
    "documents": set(),
    "entities": set(),
    "properties": set(),
}


@on_change
def _value_keys_again() -> None:
    """A value's key order and quoted fields, from the registry as it now is."""
    ORDERS["claim"][("value",)] = value_keys()
    QUOTED["claim"] = {path for path in QUOTED["claim"] if path[0] != "value"} | _value_quoted()


KINDS = {MANIFEST: "documents", ENTITIES: "entities", PROPERTIES: "properties"}


def kind_of(rel: str) -> str | None:
    """Which kind of ledger file a path (relative to the root) is, or None."""
    if rel in KINDS:
        return KINDS[rel]
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == CLAIMS_DIR and parts[2].endswith(".yaml"):
        return "claim"
    return None


def schema_ref(rel: str, kind: str) -> str:
    """The schema's path relative to the file, as the yaml-language-server line gives it."""
    depth = rel.count("/")
    return "../" * depth + "schemas/" + SCHEMA_FILES[kind]
