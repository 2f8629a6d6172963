"""Reporters: the JSON report, built a finding at a time, is the document json.dumps writes;
the text report, its plain lines written straight, is what rich prints."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.comparing.report import Report, build_report
from claims_ledger.output.reporters import json_format, text
from helpers import REPO

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("types", [(), ("conflict",), ("no-such-type",)])
def test_the_json_report_is_exactly_the_dumped_document(types: tuple[str, ...]) -> None:
    report = build_report(prepare(FIXTURES / "report"), types)
    expected = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    assert json_format.render_report(report) == expected
    assert json.loads(json_format.render_report(report)) == report.as_dict()


# Texts a terminal report must print as rich prints them: control codes, a tab, a line
# break, wide and combining characters, markup-like brackets, and lines on either side of
# the width where rich starts folding them (74 cells for a quote, 80 for a heading).
HOSTILE = [
    "a tab\there",
    "a bell\x07 and a carriage return\r in it",
    "two\nlines",
    "宽字符" * 13,  # 78 cells
    "e\u0301" * 74,  # combining accents: 74 cells in 148 characters
    "[bold]not markup[/bold] :smile:",
    "x" * 72,  # with its quotation marks: 74 cells, the quote's room
    "x" * 73,  # 75 cells: folded
    "word " * 40,
    "a" * 200,  # one word longer than the width
    "\u00a0no-break space\u2028line separator",
]


def _hostile(report: Report) -> Report:
    """The report with each hostile text as a quote, a key, an explanation and a statement."""
    entries = []
    for index, entry in enumerate(report.entries):
        text = HOSTILE[index % len(HOSTILE)]
        width = "k" * (76 + index % 8)  # headings of 80 cells and more
        finding = replace(entry.finding, key=width + text[:3], explanation=text)
        sides = tuple(
            replace(side, quote=HOSTILE[(index + n) % len(HOSTILE)])
            for n, side in enumerate(entry.sides)
        )
        entries.append(replace(entry, finding=finding, sides=sides))
    refuted = tuple(
        replace(item, statement=HOSTILE[n % len(HOSTILE)], quote=HOSTILE[-n % len(HOSTILE)])
        for n, item in enumerate(report.refuted)
    )
    return replace(report, entries=tuple(entries), refuted=refuted)


@pytest.mark.parametrize("color", [False, True])
def test_the_text_report_is_what_rich_prints(color: bool, monkeypatch: pytest.MonkeyPatch):
    """Lines written straight (printable, not styled in colour, not too wide) are the
    lines rich would print: the report is the same when rich prints every line."""
    reports = [build_report(prepare(root)) for root in (FIXTURES / "report", REPO)]
    reports += [_hostile(report) for report in reports]
    quotes = {side.quote for report in reports[2:] for e in report.entries for side in e.sides}
    assert quotes == set(HOSTILE) and any(report.refuted for report in reports[2:])
    written = [text.render_report(report, color=color) for report in reports]
    monkeypatch.setattr(text._Terminal, "plain", lambda *args: False)
    assert [text.render_report(report, color=color) for report in reports] == written
    assert ("\x1b[" in written[0]) is color


def test_only_plain_lines_that_fit_are_written_straight():
    terminal = text._Terminal(None, 80)  # type: ignore[arg-type]
    assert terminal.plain("x" * 300)  # printed whole (soft wrap): any width
    assert terminal.plain("x" * 80, 80) and not terminal.plain("x" * 81, 80)
    assert not terminal.plain("宽" * 41, 81) and terminal.plain("宽" * 40, 80)
    assert terminal.plain("e\u0301" * 80, 80)
    for bad in ("a\tb", "a\nb", "a\x07", "a\rb", "a\u2028b", "\x1b[31m"):
        assert not terminal.plain(bad)
    coloured = text._Terminal(None, 80, color=True)  # type: ignore[arg-type]
    assert coloured.plain("unstyled") and not coloured.plain("styled", styled=True)
    assert terminal.plain("styled", styled=True)  # without colour, a style prints nothing
