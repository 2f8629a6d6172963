"""A new claim's file: its canonical text, read back and checked, then created with O_EXCL.

The record is built as ruamel.yaml round-trip data and dumped, so any text a contributor
types is quoted correctly, then brought to the canonical form of `claims fmt`. Before it is
written, it is read back with the ledger's own reader and must be a valid claim whose quote
lands where it was chosen. The file is created with O_EXCL: an existing one is never touched.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..errors import LedgerError
from ..reading.anchoring import Anchor, SeedText, anchor
from ..reading.yamlparse import parse
from ..records.layout import CLAIMS_DIR
from ..records.models import CLAIM_ID, Claim
from ..records.schemas import schema_findings
from .canonical import FormatProblem, format_text, schema_ref
from .formatting import fsync_directory

FIRST_NOTE = "Recorded from the text."


@dataclass(frozen=True)
class FoundQuote:
    """Where a quote was found, and the selectors that pick it out."""

    seed: SeedText
    span: tuple[int, int]
    anchor: Anchor
    prefix: str | None
    suffix: str | None


def record(
    claim_id: str, fields: dict[str, Any], source: dict[str, str | None], today: dt.date
) -> CommentedMap:
    """The record in the key order of the format, the quote and its selectors double-quoted."""
    record = CommentedMap(id=claim_id)
    for key in ("statement", "subject", "property", "object"):
        record[key] = fields[key]
    if fields["qualifiers"]:
        record["qualifiers"] = CommentedMap(fields["qualifiers"])
    record["value"] = CommentedMap(fields["value"])
    record["source"] = CommentedMap(
        (key, text if key == "document" else DoubleQuotedScalarString(text))
        for key, text in source.items()
        if text is not None
    )
    record["attributed_to"] = fields["attributed_to"]
    record["status"] = "unverified"
    first = CommentedMap(date=today.isoformat(), status="unverified", note=FIRST_NOTE)
    first["evidence"] = CommentedSeq()
    record["review"] = CommentedSeq([first])
    if fields["note"]:
        record["note"] = fields["note"]
    if fields["tags"]:
        record["tags"] = CommentedSeq(fields["tags"])
    return record


def render(record: CommentedMap, rel: str) -> str:
    """The record as ruamel.yaml writes it, brought to the canonical form of `claims fmt`."""
    writer = YAML(typ="rt")
    writer.width = sys.maxsize
    writer.allow_unicode = True
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    stream = io.StringIO()
    writer.dump(record, stream)
    try:
        return format_text(stream.getvalue(), "claim", schema_ref(rel, "claim"))
    except FormatProblem as problem:  # pragma: no cover - a bug, reported rather than written
        raise LedgerError(
            f"the new record could not be written in canonical form: {problem.message}"
        ) from None


def check(text: str, rel: str, passage: FoundQuote) -> None:
    """The written record must read back as a valid claim whose quote lands where chosen."""
    data = parse(text)
    problems = [f.message for f in schema_findings("claim", data, rel)]
    if not problems:
        claim = Claim.model_validate(data)
        if not re.match(CLAIM_ID, claim.id):  # pragma: no cover - the schema says so too
            problems.append("bad id")
        source = claim.source
        again = anchor(passage.seed, passage.span, source.quote, source.prefix, source.suffix)
        if again != passage.anchor:
            problems.append("the quote does not land where it was chosen")
    if problems:  # pragma: no cover - a bug, reported rather than written
        raise LedgerError(f"the new record would not validate: {'; '.join(problems)}")


def create(root: Path, rel: str, text: str) -> Path:
    """Create the file with O_EXCL: an existing file is refused and left exactly as it was."""
    directory = root / CLAIMS_DIR / rel.split("/")[1]
    if directory.is_symlink() or (root / CLAIMS_DIR).is_symlink():
        raise LedgerError(
            f"{directory.relative_to(root)} is a symbolic link: refusing to write through it"
        )
    directory.mkdir(parents=True, exist_ok=True)
    path = root / rel
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise LedgerError(
            f"{rel} already exists and was left as it is: the claim may be recorded already; "
            "choose another name with --slug"
        ) from None
    try:
        data = text.encode("utf-8")
        written = 0
        while written < len(data):
            written += os.write(handle, data[written:])
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        os.unlink(path)  # ours: O_EXCL made it, so nothing of anyone else's is lost
        raise
    os.close(handle)
    fsync_directory(directory)
    return path
