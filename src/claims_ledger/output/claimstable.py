"""`claims list --format table`: each claim's id with its status and line, then its statement
beside its value, within a width.

Ids, paths and words are never broken, to be copied whole from a terminal: an id longer than
the width overflows its line instead (a table cell would fold it mid-word).
"""

from __future__ import annotations

import io
import textwrap

from rich.console import Console
from rich.text import Text

from ..comparing.wording import value_words
from ..reading.anchoring import Anchor
from ..records.loading import Ledger
from ..records.models import Claim
from .styles import STATUS_STYLES

_STATUS_WIDTH, _LINE_WIDTH, _GAP = 12, 5, 2


def claims_table(ledger: Ledger, ids: list[str], width: int = 80, color: bool = False) -> str:
    """The table of the claims `ids`, within width; coloured for a terminal when color."""
    stream = io.StringIO()
    table = _Table(_console(stream, width, color), width, color)
    table.head()
    for claim_id in ids:
        found = ledger.anchors.get(claim_id)
        table.claim(ledger.claims[claim_id], str(found.line) if isinstance(found, Anchor) else "-")
    table.console.print(f"{len(ids)} claim(s)")
    text = stream.getvalue()
    return text if color else "".join(line.rstrip() + "\n" for line in text.splitlines())


def _console(stream: io.StringIO, width: int, color: bool) -> Console:
    """A console that writes to stream at width, with colour only when asked for."""
    return Console(
        file=stream,
        width=width,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )


def _wrapped(text: str, size: int) -> list[str]:
    """Lines of at most size, never breaking a word or a hyphenated id."""
    return textwrap.wrap(text, size, break_long_words=False, break_on_hyphens=False) or [""]


class _Table:
    """The columns' widths, and the lines of the head and of each claim."""

    def __init__(self, console: Console, width: int, color: bool) -> None:
        self.console, self.width, self.color = console, width, color
        self.value_width = max(10, min(26, width // 3))
        self.text_width = max(10, width - self.value_width - _GAP - 2)
        self.right = _STATUS_WIDTH + _GAP + _LINE_WIDTH  # status and line, right-aligned

    def print(self, text: Text) -> None:
        self.console.print(text, soft_wrap=True)

    def head(self) -> None:
        head = Text(
            "claim".ljust(max(1, self.width - self.right)) + "status".ljust(_STATUS_WIDTH + _GAP)
        )
        head.append("line".rjust(_LINE_WIDTH))
        self.print(head)
        self.print(Text("  " + "statement".ljust(self.text_width + _GAP) + "value"))
        self.print(Text("─" * self.width))

    def claim(self, claim: Claim, line: str) -> None:
        self.id_line(claim, line)
        self.statement_and_value(claim)
        self.console.print()

    def id_line(self, claim: Claim, line: str) -> None:
        """The id, then its status and line; on a line of their own when the id is too long."""
        status = Text(
            claim.status.value.ljust(_STATUS_WIDTH + _GAP),
            style=STATUS_STYLES.get(claim.status.value, "") if self.color else "",
        )
        first = Text(claim.id, style="bold" if self.color else "")
        room = self.width - self.right
        if len(claim.id) + _GAP <= room:
            first.append(" " * (room - len(claim.id)))
        else:  # the id on a line of its own, then its status and line under it, right-aligned
            self.print(first)
            first = Text(" " * max(0, room))
        first.append_text(status)
        first.append(line.rjust(_LINE_WIDTH))
        self.print(first)

    def statement_and_value(self, claim: Claim) -> None:
        said = _wrapped(claim.statement, self.text_width)
        value = _wrapped(value_words(claim.value), self.value_width)
        below: list[str] = []
        if max(len(part) for part in value) > self.value_width:
            # a long entity id as the value: on lines of its own under the statement
            below, value = _wrapped(value_words(claim.value), self.width - 4), []
        for index in range(max(len(said), len(value))):
            left = said[index] if index < len(said) else ""
            row = Text("  ")
            row.append(left.ljust(self.text_width + _GAP), style="dim" if self.color else "")
            row.append(value[index] if index < len(value) else "")
            self.print(row)
        for part in below:
            self.print(Text("    " + part))
