"""Rewrite `claim:ID` evidence strings as claim references, keeping every comment.

The ledger once wrote evidence as strings; an evidence item is now a mapping. A `claim:ID`
string becomes `{claim: ID, stance: ...}`: `contradicts` in a disputed or refuted entry,
`supports` in a verified one, `context` otherwise. A web address cannot be converted (its
title, publisher, excerpt and the day it was read are not in the string): it is listed
and left for a reviewer to rewrite with `claims review --entry`.

    python scripts/migrate_evidence.py [ROOT]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from claims_ledger.authoring.canonical import FormatProblem, format_text, schema_ref
from claims_ledger.authoring.formatting import replace_file
from claims_ledger.authoring.reviewing import round_trip_yaml
from claims_ledger.records.layout import claim_files

STANCE = {"disputed": "contradicts", "refuted": "contradicts", "verified": "supports"}


def migrate(text: str, rel: str) -> tuple[str, list[str]]:
    """The text with claim strings converted, and the strings that could not be."""
    yaml = round_trip_yaml()
    try:
        data = yaml.load(text)
    except YAMLError:  # `claims validate` reports it; nothing to migrate here
        return text, []
    if not isinstance(data, CommentedMap):
        return text, []
    left: list[str] = []
    changed = False
    for entry in data.get("review") or []:
        evidence = entry.get("evidence")
        if not isinstance(evidence, CommentedSeq):
            continue
        for index, item in enumerate(evidence):
            if isinstance(item, str) and item.startswith("claim:"):
                stance = STANCE.get(str(entry.get("status")), "context")
                evidence[index] = CommentedMap(claim=item.removeprefix("claim:"), stance=stance)
                changed = True
            elif isinstance(item, str):
                left.append(item)
        if changed:
            evidence.fa.set_block_style()
    if not changed:
        return text, left
    out = io.StringIO()
    yaml.dump(data, out)
    try:  # a file in canonical form stays in it; any other keeps its own layout
        canonical = format_text(text, "claim", schema_ref(rel, "claim")) == text
    except FormatProblem:
        canonical = False
    if canonical:
        return format_text(out.getvalue(), "claim", schema_ref(rel, "claim")), left
    return out.getvalue(), left


def main(root: Path) -> int:
    rels, _ = claim_files(root)
    for rel in rels:
        path = root / rel
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # `claims validate` says why
            continue
        new, left = migrate(text, rel)
        for item in left:
            print(f"{rel}: evidence {item!r} left as it is: rewrite it as a source")
        if new != text:
            replace_file(path, new.encode("utf-8"), text.encode("utf-8"))
            print(f"migrated {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()))
