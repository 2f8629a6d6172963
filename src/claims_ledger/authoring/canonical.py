"""The canonical text of a ledger file, reached without losing a comment or a value.

Keys in the order the models declare them, the schema line first, two-space indentation,
block style, and dates, EDTF strings and ISO durations double-quoted. ruamel.yaml's
round-trip composer gives every node with its place and style; the text is then written out
here, each scalar exactly as it was typed, because once keys move, ruamel's own emitter hangs
comments on the wrong keys. Comments are found in the text between the nodes: one at the end
of a line stays with the value before it, a comment on a line of its own moves with what
follows it, and those above the first key stay on top as the file's header. The result is
checked before it is returned: the ledger's own reader must see the same data, and every
comment must still be there; otherwise FormatProblem says why.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..reading.yamlloader import LedgerLoader
from ..reading.yamlparse import parse
from ..reading.yamlproblem import YamlProblem
from ..records.loading import CLAIMS_DIR, ENTITIES, MANIFEST, PROPERTIES
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


class _Source:
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


def _attach(source: _Source) -> tuple[list[Comment], list[Comment]]:
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


class _Writer:
    """Writes the tree in canonical form, line by line."""

    def __init__(self, source: _Source, kind: str) -> None:
        self.source = source
        self.orders = ORDERS[kind]
        self.quoted = QUOTED[kind]
        self.lines: list[str] = []
        self.fresh = True  # right after a line that opens a block: no blank line here

    def line(self, text: str, blank_before: bool = False) -> None:
        if blank_before and not self.fresh:
            self.lines.append("")
        self.lines.append(text)
        self.fresh = False

    def comments(self, comments: list[Comment], indent: int) -> None:
        for comment in comments:
            self.line(" " * indent + comment.text, comment.blank_before)

    def ordered(self, collection: Collection, path: tuple[str, ...]) -> list[Entry]:
        if not collection.is_map:
            return collection.entries
        order = self.orders.get(path, ())
        rank = {name: n for n, name in enumerate(order)}
        return sorted(collection.entries, key=lambda e: rank.get(e.name, len(order)))

    def collection(
        self, node: Collection, indent: int, path: tuple[str, ...], dash: int | None = None
    ) -> None:
        """Entries at `indent`; with `dash`, the first one goes on a "- " line at column dash."""
        ordered = self.ordered(node, path)
        if ordered and ordered[0] is not node.entries[0]:  # a blank line stays where it was
            first, moved = node.entries[0], ordered[0]
            was_first, was_moved = _block_blank(first), _block_blank(moved)
            _set_block_blank(first, was_moved)
            _set_block_blank(moved, was_first)
        for number, entry in enumerate(ordered):
            first_of_item = dash is not None and number == 0
            self.comments(entry.leading, dash if first_of_item and dash is not None else indent)
            prefix = " " * dash + "- " if first_of_item and dash is not None else " " * indent
            blank = entry.blank_before and not first_of_item
            if node.is_map:
                assert entry.key is not None
                head = prefix + self.source.text[entry.key.start : entry.key.end] + ":"
                self.value(entry.value, head, indent, (*path, entry.name), blank, entry.key.eol)
            else:
                self.item(entry, indent, (*path, "*"), prefix, blank)

    def item(
        self, entry: Entry, indent: int, path: tuple[str, ...], prefix: str, blank: bool
    ) -> None:
        value = entry.value
        if isinstance(value, Collection) and value.entries:
            first = self.ordered(value, path)[0]
            self.comments(first.leading, indent)
            first.leading = []
            if blank and not self.fresh:
                self.lines.append("")
            self.collection(value, indent + 2, path, dash=indent)
        else:
            self.value(value, prefix + "-", indent, path, blank, None)

    def value(
        self,
        value: Scalar | Collection,
        head: str,
        indent: int,
        path: tuple[str, ...],
        blank: bool,
        key_eol: str | None,
    ) -> None:
        if isinstance(value, Collection):
            if not value.entries:
                self.line(_with_eol(head + (" {}" if value.is_map else " []"), key_eol), blank)
                return
            self.line(_with_eol(head, key_eol), blank)
            self.fresh = True
            self.collection(value, indent + 2, path)
            return
        eol = value.eol
        if key_eol is not None and eol is not None:
            self.line(" " * indent + key_eol, blank)  # two comments for one line: one goes above
            blank = False
        parts = self.scalar(value, indent + 2, path in self.quoted)
        parts[-1] = _with_eol(parts[-1], eol if eol is not None else key_eol)
        self.line(head + " " + parts[0], blank)
        self.lines.extend(parts[1:])
        if value.style in ("|", ">"):
            self.fresh = True  # a blank line here would be read back as part of the block

    def scalar(self, scalar: Scalar, indent: int, quote: bool) -> list[str]:
        raw = self.source.text[scalar.start : scalar.end]
        if scalar.style is None and raw == "":
            return ["null"]
        if quote and "\n" not in raw and '"' not in raw and "\\" not in raw:
            if scalar.style is None and isinstance(parse(raw), str | int):
                return [f'"{raw}"']
            if scalar.style == "'":
                return ['"' + raw[1:-1].replace("''", "'") + '"']
        if scalar.style in ("|", ">"):
            moved = _block_scalar(raw, indent)
            if moved is None:
                raise self.source.refuse(
                    scalar.start,
                    "fmt cannot re-indent a block scalar with an indentation indicator: "
                    "remove the digit after | or >",
                )
            return moved
        first, *rest = raw.split("\n")
        return [
            first,
            *((" " * indent + part.lstrip(" \t")) if part.strip() else "" for part in rest),
        ]


def _block_blank(entry: Entry) -> bool:
    """Whether a blank line comes before an entry together with its comments."""
    return entry.leading[0].blank_before if entry.leading else entry.blank_before


def _set_block_blank(entry: Entry, blank: bool) -> None:
    if entry.leading:
        entry.leading[0].blank_before = blank
    else:
        entry.blank_before = blank


def _with_eol(text: str, eol: str | None) -> str:
    return text if eol is None else f"{text}  {eol}"


def _block_scalar(raw: str, indent: int) -> list[str] | None:
    """A literal or folded scalar with its content moved to `indent` (None: cannot move it)."""
    header, *body = raw.split("\n")
    indicators = header.split("#", 1)[0]
    if any(ch.isdigit() for ch in indicators):
        return None
    if raw.endswith("\n") and body:
        body.pop()  # the empty tail of split, not a line of the scalar
    content = next((line for line in body if line.strip()), "")
    old = len(content) - len(content.lstrip(" "))
    moved = [" " * indent + line[old:] if len(line) > old or line.strip() else "" for line in body]
    if "+" not in indicators:  # trailing blank lines are content only when kept with |+
        while moved and not moved[-1].strip():
            moved.pop()
    return [header.rstrip(), *moved]


def _same_data(old: Any, new: Any, path: tuple[str, ...], quoted: set[tuple[str, ...]]) -> bool:
    """Equal data, allowing only a bare year that the format quotes ("2019" for 2019)."""
    if path in quoted and type(old) is int and isinstance(new, str):
        return new.isdigit() and int(new) == old
    if isinstance(old, dict) and isinstance(new, dict):
        return set(old) == set(new) and all(
            _same_data(old[k], new[k], (*path, str(k)), quoted) for k in old
        )
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(
            _same_data(a, b, (*path, "*"), quoted) for a, b in zip(old, new, strict=True)
        )
    return type(old) is type(new) and old == new


def format_text(text: str, kind: str, schema_ref: str) -> str:
    """The canonical form of one file's text; FormatProblem when it cannot be reached safely."""
    try:
        data = parse(text)
    except YamlProblem as problem:
        raise FormatProblem(
            problem.code, problem.message, problem.line or 1, problem.column or 1
        ) from None
    if not isinstance(data, dict) or not data:
        raise FormatProblem("fmt-refused", "the file is not a mapping of keys to values")
    try:
        root = YAML(typ="rt").compose(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise FormatProblem(
            "yaml-syntax", f"YAML syntax error: {error.problem}", line, column
        ) from None
    except NotImplementedError as error:  # ruamel.yaml: "overlap in comment [CommentToken(...
        found = re.search(r"line: (\d+), col: (\d+)", str(error))
        line, column = (int(found[1]) + 1, int(found[2]) + 1) if found else (1, 1)
        raise FormatProblem(
            "fmt-refused",
            "fmt cannot keep a comment placed between a key and its value on the lines "
            "below it: move the comment above the key",
            line,
            column,
        ) from None
    source = _Source(text)
    tree = source.build(root)
    assert isinstance(tree, Collection)
    header, trailing = _attach(source)
    writer = _Writer(source, kind)
    writer.line(SCHEMA_LINE + schema_ref)
    writer.fresh = True
    writer.comments(header, 0)
    writer.fresh = not header
    writer.collection(tree, 0, ())
    writer.comments(trailing, 0)
    result = "\n".join(writer.lines) + "\n"
    _verify(text, result, data, kind)
    return result


def _verify(old_text: str, new_text: str, old_data: Any, kind: str) -> None:
    """Refuse a result that reads as other data or lost a comment: the file stays as it was."""
    try:
        new_data = parse(new_text)
        same_comments = comments_of(new_text) == comments_of(old_text)
    except (YamlProblem, yaml.YAMLError):
        new_data, same_comments = None, False
    if not _same_data(old_data, new_data, (), QUOTED[kind]):
        raise FormatProblem(
            "fmt-unsafe",
            "fmt could not keep every value of this file as written, so it left the file "
            "untouched; format it by hand and report it",
        )
    if not same_comments:
        raise FormatProblem(
            "fmt-unsafe",
            "fmt could not keep every comment of this file, so it left the file untouched; "
            "format it by hand and report it",
        )


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
