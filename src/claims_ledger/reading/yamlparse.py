"""Parsing one YAML document safely: the line reader when it can, else the bounded loader.

Aliases are bounded so a "billion laughs" file is an error rather than a hang, nesting is
bounded so a file of brackets is an error rather than a crash, and every failure becomes a
YamlProblem with its line and column and a message in plain words.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .linereader import NotPlain
from .shapereader import parse_shaped
from .yamlloader import MAX_DEPTH, MAX_EXPANDED_NODES, BaseLoader, LedgerLoader, expanded_size
from .yamlproblem import YamlProblem


def _too_deep(text: str) -> yaml.Mark | None:
    """Where collections first nest deeper than MAX_DEPTH, or None.

    libyaml's composer recurses in C: 50,000 nested "[" (100 kB) crash the interpreter and
    5,000 already cost seconds. Every collection opens with one of `[ { - ? :`, so their count
    bounds the depth; only a file past that bound pays for an event scan, which stops at the
    limit.

    Newer libyaml builds refuse nesting of their own past some depth (1,000 in PyYAML 6.0.3),
    and their scanner reads up to 1,024 characters ahead before the first event comes out, so
    that limit can fire before ours is seen. The text up to where it fired nests less than
    libyaml's limit, so libyaml scans that prefix instead: its events are the full text's (a
    collection whose `:` would lie past the cut spans the hundreds of levels on both sides of
    it, more than the 1,024 characters a key may take). Should the prefix not settle it,
    PyYAML's pure-Python parser, which has no limit of its own, scans the whole text.
    """
    if sum(text.count(char) for char in "[{-?:") <= MAX_DEPTH:
        return None
    try:
        return _first_too_deep(BaseLoader, text)
    except _ParserLimit as limit:
        cut = _offset(text, limit.mark)
    try:
        found = _first_too_deep(BaseLoader, text[:cut])
    except _ParserLimit:
        found = None
    if found is not None:
        return found
    try:
        return _first_too_deep(yaml.SafeLoader, text)
    except _ParserLimit:  # pragma: no cover - the pure-Python parser has no nesting limit
        return None


def _offset(text: str, mark: yaml.Mark) -> int:
    """The index in text of a mark's line and column (both counted in characters)."""
    start = 0
    for _ in range(mark.line):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return start + mark.column


class _ParserLimit(Exception):
    """The parser gave up on nesting of its own accord, before our limit was found."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


def _first_too_deep(loader_class: type, text: str) -> yaml.Mark | None:
    """The first collection start past MAX_DEPTH, or None (also for a syntax error)."""
    loader = None
    depth = 0
    try:
        loader = loader_class(text)
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        if _is_nesting_limit(error):
            mark = error.problem_mark  # type: ignore[attr-defined]
            raise _ParserLimit(mark) from None
        return None  # parsing proper reports it, with its place
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _is_nesting_limit(error: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit ("exceeded maximum nesting depth"), not a syntax error."""
    return isinstance(error, yaml.MarkedYAMLError) and "nesting depth" in (error.problem or "")


def _too_deep_problem(line: int, column: int) -> YamlProblem:
    return YamlProblem(
        "yaml-syntax",
        f"lists and mappings nest more than {MAX_DEPTH} levels deep: "
        "a ledger record needs a few; write it flat",
        line,
        column,
    )


def _reader_problem(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    """A character YAML does not allow, at its line and column, in one line of words."""
    character = error.character
    index = text.find(chr(character)) if isinstance(character, int) else -1
    if index == -1:
        line, column = 1, 1
    else:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
    shown = f"U+{character:04X}" if isinstance(character, int) else "a character"
    return YamlProblem(
        "yaml-syntax",
        f"the character {shown} is not allowed in YAML (no control or special characters "
        "are): remove it",
        line,
        column,
    )


# A line holding `key: "quoted value" more text` (or a list item's): the group is the quote
# mark; what follows the closing mark is neither a comment nor the end of the line.
_QUOTED_THEN_TEXT = re.compile(
    r"""^[ \t]*(?:-[ \t]+)*(?:[^\s#'"][^#]*?:[ \t]+)?"""
    r"""(?:(")(?:[^"\\]|\\.)*"|(')(?:[^']|'')*')[ \t]*[^\s#]"""
)


def _text_after_quote(text: str, mark: yaml.Mark | None) -> str | None:
    """The plain-words message for text after a quoted value's closing quote mark, when the
    error's line is such a line and the error stands past the closing mark; else None."""
    if mark is None:
        return None
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    found = _QUOTED_THEN_TEXT.match(lines[mark.line])
    if found is None or mark.column < found.end() - 1:
        return None
    inside = '\\"' if found.group(1) else "''"
    return (
        "text after the closing quote mark of a quoted value: put the whole value inside "
        f"the quotes (and write a quote mark inside it as {inside} ) or remove the text "
        "after it"
    )


# The line breaks the parser counts (a CR LF pair is one).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _place(text: str, mark: yaml.Mark) -> tuple[int, int]:
    """A mark's 1-based line and column. At the end of a text without a final line break,
    the parser moves to a line after the last, which no editor shows: the end of the last
    line instead, just after its last character."""
    lines = _BREAK.split(text)
    if mark.line == len(lines) and mark.column == 0 and lines[-1]:
        return len(lines), len(lines[-1]) + 1
    return mark.line + 1, mark.column + 1


def parse(text: str) -> Any:
    """Parse one YAML document from text, raising YamlProblem for anything unacceptable."""
    try:
        return parse_shaped(text)
    except (NotPlain, RecursionError):  # deep nesting: the loader path bounds it
        pass
    loader = None
    try:
        deep = _too_deep(text)
        if deep is not None:
            raise _too_deep_problem(deep.line + 1, deep.column + 1)
        loader = LedgerLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text and expanded_size(node) > MAX_EXPANDED_NODES:
            raise YamlProblem(
                "yaml-alias-limit",
                f"anchors and aliases expand to more than {MAX_EXPANDED_NODES} values: "
                "write the values out instead of using aliases",
                1,
                1,
            )
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = _place(text, mark) if mark else (0, 0)
        if _is_nesting_limit(error):
            raise _too_deep_problem(line, column) from None
        after_quote = _text_after_quote(text, mark)
        if after_quote is not None:
            raise YamlProblem("yaml-syntax", after_quote, line, column) from None
        what = error.problem or str(error)
        if error.context:
            what = f"{error.context}: {what}"
        raise YamlProblem("yaml-syntax", f"YAML syntax error: {what}", line, column) from None
    except yaml.reader.ReaderError as error:
        raise _reader_problem(text, error) from None
    except yaml.YAMLError as error:
        what = " ".join(str(error).split())
        raise YamlProblem("yaml-syntax", f"YAML error: {what}") from None
    finally:
        if loader is not None:
            loader.dispose()
