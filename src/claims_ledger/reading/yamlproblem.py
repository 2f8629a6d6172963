"""A file that is not acceptable ledger YAML, with its place: one type for every reader of
ledger files, so each turns it into a finding the same way."""

from __future__ import annotations

from ..findings import Finding


class YamlProblem(Exception):
    """A file that is not acceptable ledger YAML, with the place it went wrong (1-based)."""

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column

    def finding(self, file: str) -> Finding:
        """The problem as a finding in `file` (at its first character when not placed)."""
        return Finding(self.code, self.message, file, self.line or 1, self.column or 1)
