"""Findings: the small frozen data objects every stage produces and every reporter consumes.

Nothing below the CLI prints; stages yield findings and a reporter decides how they look.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, TypeVar

_Class = TypeVar("_Class", bound=type)


def plain_state(cls: _Class) -> _Class:
    """Pickle a frozen dataclass with slots by its fields' values, the names found once.

    dataclasses gives such a class a __getstate__ and __setstate__ that call fields() on
    every object; workers send back an outcome (and its findings) a claim file, and that
    cost them and the parent about 2 us a file more. The state is the same values in field
    order, so each reads the other's.
    """
    names = tuple(item.name for item in fields(cls))
    slots = tuple(getattr(cls, name) for name in names)  # each slot's member descriptor
    values = operator.attrgetter(*names)
    one = len(names) == 1  # attrgetter of one name gives the value, not a tuple

    def get_state(self: Any) -> tuple[Any, ...]:
        return (values(self),) if one else values(self)

    def set_state(self: Any, state: Any) -> None:
        for slot, value in zip(slots, state, strict=False):  # as dataclasses does
            slot.__set__(self, value)

    cls.__getstate__ = get_state  # type: ignore[attr-defined]
    cls.__setstate__ = set_state  # type: ignore[attr-defined]
    return cls


class Severity(str, Enum):
    error = "error"
    warning = "warning"


# Every code a validation run can produce, with what it means. Stable: tools match on them.
CODES: dict[str, str] = {
    "unreadable": "the file cannot be read or decoded as UTF-8",
    "file-too-large": "the file is over the size limit for a ledger file",
    "yaml-syntax": "the file is not well-formed YAML",
    "yaml-duplicate-key": "a mapping has the same key twice",
    "yaml-alias-limit": "anchors and aliases expand beyond the limit",
    "yaml-unsafe-tag": "a YAML tag that would build an object",
    "schema": "the record does not match its JSON Schema",
    "evidence-format": "evidence written as a string: a source or a claim reference is a mapping",
    "id-path-mismatch": "a claim's id is not its path under claims/",
    "duplicate-id": "two records share an id",
    "duplicate-claim": "a claim with the key, value and passage of another: one is a copy",
    "unknown-document": "a claim cites a document the manifest does not list",
    "unknown-entity": "a subject, object or entity value that entities.yaml does not define",
    "unknown-property": "a property that properties.yaml does not define",
    "unknown-claim": "claim: evidence that names no claim in the ledger",
    "unknown-qualifier": "a qualifier the claim's property does not declare",
    "value-type": "a value whose type is not the one its property declares",
    "invalid-value": "a value that its type cannot parse (an EDTF date, a currency)",
    "quote-not-found": "the quote does not occur in its document's span",
    "quote-ambiguous": "the quote occurs more than once and no prefix/suffix tells them apart",
    "missing-evidence": "a verified or refuted claim with no evidence in its review entries",
    "status-mismatch": "the claim's status is not the status of its last review entry",
    "no-supporting-source": "a verified claim with no outside source that supports it",
    "no-contradicting-source": "a refuted claim with no source or claim that contradicts it",
    "refuting-claim-unverified": "a claim cited to refute another that is not itself verified",
    "unverifiable-unsearched": "an unverifiable claim whose review does not say what was searched",
    "self-evidence": "a claim cited as evidence for itself",
    "invalid-date": "a review or consulted date that is not a real calendar day",
    "future-date": "a review or consulted date after today",
    "review-order": "a review entry dated before the entry above it",
    "excerpt-too-long": "an excerpt of more than 60 words",
    "translation": "a translation missing for an excerpt not in English, or given for one in English",
    "seed-missing": "a document's seed file does not exist",
    "unsafe-path": "a path that leaves the ledger, is absolute, or is a symbolic link",
    "seed-hash": "a seed file's sha256 differs from the manifest's",
    "span-out-of-range": "a document's line span runs past the end of its file",
    "span-overlap": "two documents' line spans in one file overlap",
    "stray-file": "a file under claims/ that is not a claim",
}

# What `claims report` adds: problems that only comparing claims with each other shows.
REPORT_CODES: dict[str, str] = {
    "conflict-both-verified": "two claims that conflict are both verified",
}


@plain_state
@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. `pointer` is the path inside the file that locates it."""

    code: str
    message: str
    file: str
    line: int = 0
    column: int = 0
    severity: Severity = Severity.error
    claims: tuple[str, ...] = ()
    pointer: tuple[Any, ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "claims": list(self.claims),
        }
