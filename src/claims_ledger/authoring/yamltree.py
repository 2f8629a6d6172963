"""A ledger file's text as a tree of keys, items and scalars, with its comments hung on them.

ruamel.yaml's round-trip composer gives every node with its place and style; the tree keeps
each scalar's span of the original text so it can be written out exactly as typed. Comments
are found in the text between the nodes: one at the end of a line stays with the value before
it, a comment on a line of its own moves with what follows it, and those above the first key
stay on top as the file's header.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

import yaml
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..reading.yamlloader import LedgerLoader
from .keyorder import SCHEMA_LINE


class FormatProblem(Exception):
    """Why a file cannot be formatted safely; it is left untouched."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


@dataclass
class Comment:
    text: str
    blank_before: bool


@dataclass
class Scalar:
    start: int
    end: int
    style: str | None
    eol: str | None = None  # the comment at the end of its last line


@dataclass
class Collection:
    is_map: bool
    entries: list[Entry]


@dataclass
class Entry:
    """A key and its value, or (name "*", key None) one item of a sequence."""

    key: Scalar | None
    name: str
    anchor: int  # where a full-line comment above it would attach
    value: Scalar | Collection = field(default_factory=lambda: Collection(True, []))
    leading: list[Comment] = field(default_factory=list)
    blank_before: bool = False


class SourceText:
    """The original text, its line starts, and the tree built from ruamel's nodes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.scalars: list[Scalar] = []
        self.anchors: list[Entry] = []  # in document order, an item before its first key
        self.seen: set[int] = set()
        self.blocks: list[tuple[int, int]] | None = None  # spans of | and > scalars

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def blank_line_before(self, offset: int) -> bool:
        """Whether the line above is blank and not part of a scalar (a |+ block keeps blanks)."""
        line = self.line_of(offset)
        if line == 0 or self.text[self.starts[line - 1] : self.starts[line]].strip():
            return False
        above = self.starts[line - 1]
        if self.blocks is None:
            self.blocks = [(s.start, s.end) for s in self.scalars if s.style in ("|", ">")]
        return not any(start <= above < end for start, end in self.blocks)

    def refuse(self, offset: int, message: str) -> FormatProblem:
        line = self.line_of(offset)
        return FormatProblem("fmt-refused", message, line + 1, offset - self.starts[line] + 1)

    def build(self, node: Node) -> Scalar | Collection:
        start = node.start_mark.index
        if id(node) in self.seen or getattr(node, "anchor", None):
            raise self.refuse(
                start,
                "fmt leaves files with YAML anchors or aliases (& *) alone: write the values out",
            )
        self.seen.add(id(node))
        if self.text[start : start + 1] in ("!", "&"):
            raise self.refuse(start, "fmt leaves files with YAML tags (!...) alone: remove the tag")
        if isinstance(node, ScalarNode):
            scalar = Scalar(start, node.end_mark.index, node.style)
            self.scalars.append(scalar)
            return scalar
        entries: list[Entry] = []
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                key = self.build(key_node)
                if not isinstance(key, Scalar) or "\n" in self.text[key.start : key.end]:
                    raise self.refuse(key_node.start_mark.index, "a key must be one plain word")
                if key_node.tag != "tag:yaml.org,2002:str":  # `1:`, `null:`, an empty `?`
                    raise self.refuse(
                        key_node.start_mark.index,
                        "a key must be a word: YAML reads this one as a number, a boolean or "
                        "null; rename it",
                    )
                entry = Entry(key, str(key_node.value), key.start)
                self.anchors.append(entry)
                entry.value = self.build(value_node)
                entries.append(entry)
            return Collection(True, entries)
        assert isinstance(node, SequenceNode)
        for item in node.value:
            entry = Entry(None, "*", item.start_mark.index)
            self.anchors.append(entry)
            entry.value = self.build(item)
            entries.append(entry)
        return Collection(False, entries)


_HASH = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def _comment_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each comment: the first # of a line that starts a line or follows a
    blank and is not inside a scalar (a quoted " #" is text); it runs to the line's end."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    found: list[tuple[int, int]] = []
    for match in _HASH.finditer(text):
        at = match.start()
        if found and at < found[-1][1]:
            continue  # already inside a comment that began earlier on this line
        index = bisect.bisect_right(starts, at) - 1
        if index < 0 or not spans[index][0] <= at < spans[index][1]:
            stop = text.find("\n", at)
            found.append((at, len(text) if stop == -1 else stop))
    return found


def comments_of(text: str) -> Counter[str]:
    """Every comment of a file, found with the ledger's own reader (schema lines left out)."""
    spans: list[tuple[int, int]] = []
    stack = [yaml.compose(text, Loader=LedgerLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    found = Counter(text[a:b].rstrip() for a, b in _comment_spans(text, spans))
    return Counter({c: n for c, n in found.items() if not c.startswith(SCHEMA_LINE)})


def attach(source: SourceText) -> tuple[list[Comment], list[Comment]]:
    """Hang each comment on its scalar or entry; return the file's header and trailing ones."""
    text = source.text
    spans = [(s.start, s.end) for s in source.scalars]
    ends = sorted((s.end, n) for n, s in enumerate(source.scalars) if s.end > s.start)
    end_keys = [e for e, _ in ends]
    anchors = sorted(source.anchors, key=lambda entry: entry.anchor)  # stable: item first
    anchor_keys = [entry.anchor for entry in anchors]
    header: list[Comment] = []
    trailing: list[Comment] = []
    for at, stop in _comment_spans(text, spans):
        body = text[at:stop].rstrip()
        line_start = source.starts[source.line_of(at)]
        if text[line_start:at].strip():
            index = bisect.bisect_right(end_keys, at) - 1
            if index >= 0 and end_keys[index] - 1 >= line_start:
                scalar = source.scalars[ends[index][1]]
                if scalar.style in ("|", ">"):
                    raise source.refuse(at, "fmt cannot place a comment after a block scalar")
                scalar.eol = body
                continue
        if body.startswith(SCHEMA_LINE):
            continue
        comment = Comment(body, source.blank_line_before(at))
        index = bisect.bisect_right(anchor_keys, at)
        if index == len(anchors):
            trailing.append(comment)
        elif index == 0:
            header.append(comment)
        else:
            anchors[index].leading.append(comment)
    for entry in source.anchors:  # a blank line counts only above an entry that starts a line
        line_start = source.starts[source.line_of(entry.anchor)]
        leads = not text[line_start : entry.anchor].strip(" -")
        entry.blank_before = leads and source.blank_line_before(entry.anchor)
    return header, trailing
