"""YAML already parsed, by a digest of its text: a vocabulary left unchanged is not parsed
again.

At 100,000 claims the vocabulary (claims/entities.yaml and seeds/documents.yaml, 1.4 MB)
takes 0.17 s of CPU to parse and 0.02 s to read back as JSON, in the part of a cached run
that nothing else shares. The JSON is what our parser gave for that very text; the caller
checks it against the schema and builds its models as from a parse, so nothing read back
decides a finding unchecked.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .yamlparse import parse


class ParsedTexts:
    """Texts' parsed YAML as JSON, read (`known`) and parsed or used by this run (`used`):
    what a cache keeps of them is `used`, once it differs from `known`."""

    __slots__ = ("known", "used")

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, str] = {}

    def parse(self, text: str) -> Any:
        """The text parsed (YamlProblem as for any parse), from what is known when it can be.

        Only data that JSON gives back equal is kept: a key that is not a string, or a
        value JSON has no form for, leaves the text parsed again each time."""
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        stored = self.known.get(digest)
        if type(stored) is str:
            try:
                data = json.loads(stored)
            except (ValueError, RecursionError):  # damaged: parsed again, and kept anew
                pass
            else:
                self.used[digest] = stored
                return data
        data = parse(text)
        try:
            dumped = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            same = json.loads(dumped) == data
        except (TypeError, ValueError, RecursionError):
            return data
        if same:
            self.used[digest] = dumped
        return data

    @property
    def changed(self) -> bool:
        """Whether what a cache should keep differs from what it gave."""
        return self.used != self.known
