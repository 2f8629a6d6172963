"""Sentence waivers on a copy of tests/fixtures/coverage: one broken file per finding code.

Each case writes seeds/sentence-waivers/<name> and expects the finding's code at the line and
column of the key it names, through `claims coverage` as a user meets it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims_ledger.cli import main
from claims_ledger.coverage.measure import measure
from claims_ledger.coverage.sentence_waivers import CODES, REASONS, WAIVERS_DIR
from claims_ledger.records.waiver_model import WaiverReason

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "coverage"
HEAD = "document: lantern-strike\nwaivers:\n"


def ledger(tmp_path: Path, name: str, text: str) -> Path:
    root = Path(shutil.copytree(FIXTURE, tmp_path / "ledger"))
    folder = root / WAIVERS_DIR
    (folder / "lantern-strike.yaml").unlink()
    (folder / name).write_text(text, encoding="utf-8")
    return root


def entry(quote: str, reason: str = "opinion", extra: str = "") -> str:
    return f'  - quote: "{quote}"\n    reason: {reason}\n{extra}    note: a test\n'


CASES = [
    ("notes.txt", "anything\n", "sentence-waiver-file", 1, 1),
    (
        "lantern-strike.yaml",
        "document: river-ferry\nwaivers: []\n",
        "sentence-waiver-document",
        1,
        11,
    ),
    ("nowhere.yaml", "document: nowhere\nwaivers: []\n", "sentence-waiver-document", 1, 11),
    (
        "lantern-strike.yaml",
        HEAD + entry("The Lantern Works strikes"),
        "sentence-waiver-quote-not-found",
        3,
        12,
    ),
    (
        "lantern-strike.yaml",
        HEAD + entry("Lantern Works"),
        "sentence-waiver-quote-ambiguous",
        3,
        12,
    ),
    (
        "lantern-strike.yaml",
        HEAD + entry("at all. The owners"),
        "sentence-waiver-spans-sentences",
        3,
        12,
    ),
    ("lantern-strike.yaml", HEAD + entry("at all.", "restatement"), "sentence-waiver-claim", 3, 5),
    (
        "lantern-strike.yaml",
        HEAD + entry("at all.", extra="    claim: lantern-strike/strike-began\n"),
        "sentence-waiver-claim",
        5,
        12,
    ),
    (
        "lantern-strike.yaml",
        HEAD + entry("at all.", "restatement", "    claim: lantern-strike/no-such-claim\n"),
        "sentence-waiver-claim",
        5,
        12,
    ),
    ("lantern-strike.yaml", HEAD + entry("1,200 workers"), "sentence-waiver-redundant", 3, 12),
    ("lantern-strike.yaml", HEAD + entry("at all.", "because"), "schema", 4, 13),
    # An unclosed quoted scalar runs to the end of the file: line 4, column 1.
    ("lantern-strike.yaml", HEAD + '  - quote: "at all.\n', "yaml-syntax", 4, 1),
]


@pytest.mark.parametrize(("name", "text", "code", "line", "column"), CASES)
def test_each_broken_waiver_file_is_a_placed_finding(
    tmp_path: Path, name: str, text: str, code: str, line: int, column: int
) -> None:
    root = ledger(tmp_path, name, text)
    found = [(f.file, f.code, f.line, f.column) for f in measure(root).findings]
    assert (f"{WAIVERS_DIR}/{name}", code, line, column) in found
    result = CliRunner().invoke(main, ["coverage", "--root", str(root)])
    assert result.exit_code == (0 if code == "sentence-waiver-redundant" else 1)  # a warning
    assert f"{WAIVERS_DIR}/{name}:{line}:{column}: {code} " in result.output
    assert "Traceback" not in result.output


def test_every_code_has_a_case() -> None:
    tried = {code for *_, code, _, _ in CASES}
    assert set(CODES) - tried == set()


def test_a_symbolic_link_is_refused_unread(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(HEAD + entry("at all."), encoding="utf-8")
    root = ledger(tmp_path, "keep.yaml", "")
    (root / WAIVERS_DIR / "keep.yaml").unlink()
    (root / WAIVERS_DIR / "lantern-strike.yaml").symlink_to(outside)
    report = measure(root)
    assert [(f.code, f.file) for f in report.findings] == [
        ("unsafe-path", f"{WAIVERS_DIR}/lantern-strike.yaml")
    ]
    assert report.documents[0].sentence_count("waived") == 0


def test_a_restatement_that_names_its_claim_waives_its_sentence(tmp_path: Path) -> None:
    text = HEAD + entry("at all.", "restatement", "    claim: lantern-strike/strike-began\n")
    report = measure(ledger(tmp_path, "lantern-strike.yaml", text))
    assert report.findings == ()
    lantern = report.documents[0]
    (waived,) = [s for s in lantern.sentences if s.status == "waived"]
    assert waived.sentence.text == "Mayor Ilse Varga said nothing at all."
    assert waived.reason == "restatement"


def test_the_reasons_are_the_fixed_list() -> None:
    assert REASONS == (
        "opinion",
        "rhetoric",
        "question",
        "quotation",
        "heading",
        "link",
        "restatement",
    )
    assert [r.value for r in WaiverReason] == list(REASONS)
