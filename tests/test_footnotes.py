"""Within one document: a headline, the body, a caption and a footnote on one fact.

A made-up chronicle is added to the fixture ledger. Its headline, body and photo caption
date the tenants' union's founding to 2015 (the caption to the spring of 2015, within it);
its footnote to 2012. The footnote cannot be true with the others: one conflict, every
line of the document a side. Without the footnote, nothing: what lies within what the body
says is corroboration, never a finding.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from claims_ledger.loading import Ledger
from claims_ledger.report import build_report
from claims_ledger.validation import prepare

FIXTURE = Path(__file__).parent / "fixtures" / "report"
SEED = """\
Tenants' Union Founded in 2015, Records Show
By the Chronicle's archivist

The tenants' union was founded in 2015 by dock workers.[1]
Photo: the union on the day it was founded, in the spring of 2015.

[1] The union's own minute book dates its founding to 2012.
"""
# claim slug: (date, quote)
PASSAGES = {
    "union-founded-headline": ("2015", "Tenants' Union Founded in 2015"),
    "union-founded": ("2015", "The tenants' union was founded in 2015"),
    "union-founded-caption": ("2015-21", "on the day it was founded, in the spring of 2015"),
    "union-founded-footnote": ("2012", "dates its founding to 2012"),
}
DOCUMENT = """\
  - id: chronicle
    file: chronicle.txt
    lines: {{first: 1, last: 7}}
    title: "Tenants' Union Founded in 2015, Records Show"
    author: null
    publisher: null
    first_published: Harbour Chronicle
    sha256: {sha256}
"""
RECORD = """\
id: chronicle/{slug}
statement: "The tenants' union was founded in {date}."
subject: tenants-union
property: founded
value:
  date: "{date}"
source:
  document: chronicle
  quote: "{quote}"
attributed_to: null
status: unverified
review:
  - date: "2026-11-23"
    status: unverified
    note: Recorded from the text.
    evidence: []
"""


def chronicle(tmp_path: Path, slugs: tuple[str, ...] = tuple(PASSAGES)) -> Ledger:
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    (root / "seeds" / "chronicle.txt").write_text(SEED, encoding="utf-8")
    sha256 = hashlib.sha256(SEED.encode()).hexdigest()
    with (root / "seeds" / "documents.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(DOCUMENT.format(sha256=sha256))
    (root / "claims" / "chronicle").mkdir()
    for slug in slugs:
        date, quote = PASSAGES[slug]
        (root / "claims" / "chronicle" / f"{slug}.yaml").write_text(
            RECORD.format(slug=slug, date=date, quote=quote), encoding="utf-8"
        )
    loaded = prepare(root)
    assert not loaded.findings, loaded.findings
    return loaded


def line_of(quote: str) -> int:
    """The seed line a quote stands on, counted from the text itself."""
    (line,) = [n for n, text in enumerate(SEED.splitlines(), 1) if quote in text]
    return line


def test_a_footnote_that_contradicts_the_body_is_one_conflict(tmp_path: Path) -> None:
    report = build_report(chronicle(tmp_path), document="chronicle")
    (entry,) = report.entries
    assert entry.finding.type == "conflict"
    assert entry.finding.claims == tuple(sorted(f"chronicle/{slug}" for slug in PASSAGES))
    # both passages of each pair: the footnote's line against the headline's, body's, caption's
    assert {side.id: side.line for side in entry.sides} == {
        f"chronicle/{slug}": line_of(quote) for slug, (_, quote) in PASSAGES.items()
    }
    assert {side.document for side in entry.sides} == {"chronicle"}
    pairs = {tuple(pair["claims"]) for pair in entry.finding.details["pairs"]}
    assert all("chronicle/union-founded-footnote" in pair for pair in pairs)
    assert len(pairs) == 3


@pytest.mark.parametrize(
    "slugs",
    [
        ("union-founded-headline", "union-founded"),
        ("union-founded", "union-founded-caption"),
        ("union-founded-headline", "union-founded", "union-founded-caption"),
    ],
)
def test_a_headline_or_caption_within_the_body_is_no_finding(
    tmp_path: Path, slugs: tuple[str, ...]
) -> None:
    # 2015 and 2015; spring 2015 within 2015: one document agreeing with itself
    assert build_report(chronicle(tmp_path, slugs), document="chronicle").entries == ()
