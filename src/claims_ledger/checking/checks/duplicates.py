"""Duplicate claims: two records of one fact, with the same value, from the same passage.

Passing: two claims on one key with one value from two documents (corroboration), or from
two passages of one document (it says it twice). Failing: a second file with the subject,
property, object, separator qualifiers, value, document and quote of another: one of them
is a copy, and the report would count the fact twice. The finding is placed at the later
file's `source:`, the one to delete.

`claims validate` over the whole ledger does not load every record: each file's worker
sends back its fingerprint, which the cache keeps beside the file's digest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

import yaml

from ...findings import Finding
from ...reading.textfile import read_text
from ...reading.yamlloader import LedgerLoader
from ...records.grouping import key_of
from ...records.loading import Ledger
from ...records.models import Claim, Property
from ...records.plainfields import fields_are_json, value_json

CODES = ("duplicate-claim",)

# json.dumps(value, sort_keys=True), without building an encoder for each claim
_SORTED_JSON = json.JSONEncoder(sort_keys=True)


# ... nor the C encoder that JSONEncoder.encode builds on every call. A value's dump has no
# cycles to watch for (markers None). The C encoder is the interpreter's own, not a public
# API: it is used only where it is there, takes these arguments and gives json.dumps's text.
def _c_encoder() -> Any:
    if c_make_encoder is None:  # pragma: no cover - CPython has the C encoder
        return None
    try:
        chunks = c_make_encoder(
            None,
            _SORTED_JSON.default,
            encode_basestring_ascii,
            None,
            _SORTED_JSON.key_separator,
            _SORTED_JSON.item_separator,
            True,
            False,
            True,
        )
        sample = {"b": [1.5, "é", None, True], "a": {"d": 1, "c": "x"}}
        if "".join(chunks(sample, 0)) == json.dumps(sample, sort_keys=True):
            return chunks
    except (TypeError, ValueError):  # pragma: no cover - another interpreter's signature
        pass
    return None  # pragma: no cover


_SORTED_CHUNKS = _c_encoder()


def sorted_json(data: Any) -> str:
    """json.dumps(data, sort_keys=True)."""
    if _SORTED_CHUNKS is None:  # pragma: no cover - CPython has the C encoder
        return _SORTED_JSON.encode(data)
    return "".join(_SORTED_CHUNKS(data, 0))


def fingerprint(claim: Claim, properties: Mapping[str, Property]) -> str:
    """What two duplicate claims share: their key, value and passage, hashed.

    They are written as one JSON array (each string, None and number of them told apart as
    JSON tells them, the value's keys sorted): one call of the C encoder, where the value's
    JSON, made apart, was escaped again in the repr of a tuple holding it. Only fingerprints
    of one build of the tool are ever compared (the cache is kept a build)."""
    source = claim.source
    value = claim.value
    qualifiers = claim.qualifiers
    data = [
        key_of(claim, properties.get(claim.property)),
        sorted(qualifiers.items())
        if qualifiers
        else [],  # every qualifier, not only the separators
        value.__dict__ if fields_are_json(type(value)) else value_json(value),
        source.document,
        source.quote,
        source.prefix,
        source.suffix,
    ]
    return hashlib.blake2b(sorted_json(data).encode(), digest_size=16).hexdigest()


def duplicates(
    files: Iterable[tuple[str, str, str | bytes]],
    root: Path,
    texts: Mapping[str, str] | None = None,
) -> Iterator[Finding]:
    """(file, claim id, fingerprint) of each claim: a finding at every file that repeats
    an earlier one (in path order), on the line of its `source:` key."""
    first: dict[str | bytes, tuple[str, str]] = {}
    for rel, claim_id, key in sorted(files):
        if key not in first:
            first[key] = (rel, claim_id)
            continue
        earlier, earlier_id = first[key]
        text = (texts or {}).get(rel) or read_text(root / rel).text or ""
        line, column = _key_place(text, "source")
        yield Finding(
            "duplicate-claim",
            f"the same claim as {earlier_id} ({earlier}): the same subject, property, "
            "object, qualifiers, value and passage; delete one of them",
            rel,
            line,
            column,
            claims=(claim_id, earlier_id),
        )


def _key_place(text: str, name: str) -> tuple[int, int]:
    """Line and column of a top-level key itself (a pointer gives its value's place)."""
    try:
        node = yaml.compose(text, Loader=LedgerLoader)
    except yaml.YAMLError:
        return (1, 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
                return (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return (1, 1)


def check(ledger: Ledger) -> Iterator[Finding]:
    yield from duplicates(
        (
            (ledger.claim_file[claim_id], claim_id, fingerprint(claim, ledger.properties))
            for claim_id, claim in ledger.claims.items()
            if claim_id in ledger.claim_file
        ),
        ledger.root,
        ledger.texts,
    )
