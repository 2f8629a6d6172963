"""The canonical text of a ledger file, reached without losing a comment or a value.

Keys in the order the models declare them (keyorder.py), the schema line first, two-space
indentation, block style, and dates, EDTF strings and ISO durations double-quoted. The file is
read into a tree with its comments (yamltree.py) and written out here, each scalar exactly as
it was typed, because once keys move, ruamel's own emitter hangs comments on the wrong keys.
The result is checked before it is returned: the ledger's own reader must see the same data,
and every comment must still be there; otherwise FormatProblem says why.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from ..reading.yamlparse import parse
from ..reading.yamlproblem import YamlProblem
from .keyorder import KINDS, ORDERS, QUOTED, SCHEMA_LINE, kind_of, schema_ref
from .yamltree import (
    Collection,
    Comment,
    Entry,
    FormatProblem,
    Scalar,
    SourceText,
    attach,
    comments_of,
)

__all__ = ["KINDS", "FormatProblem", "comments_of", "format_text", "kind_of", "schema_ref"]


class _Writer:
    """Writes the tree in canonical form, line by line."""

    def __init__(self, source: SourceText, kind: str) -> None:
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
    source = SourceText(text)
    tree = source.build(root)
    assert isinstance(tree, Collection)
    header, trailing = attach(source)
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
