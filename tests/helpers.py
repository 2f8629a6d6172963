"""Shared test helpers: fixture ledgers on disk, and findings reduced to what tests assert."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from claims_ledger.cli import main
from claims_ledger.findings import Finding
from claims_ledger.reading.textfile import MAX_FILE_BYTES
from claims_ledger.records.layout import ENTITIES, MANIFEST

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
HOSTILE = FIXTURES / "hostile"

# The seed of the valid fixture ledger, and the sha256 its manifest records.
SEED = "seeds/harbour.txt"
SEED_SHA256 = "715c9668a5695186d06685ea0e5a669d020161e645b75ba4e43ee8f95807bda3"

Place = tuple[str, int, int, str]  # file, line, column, code

# What pysbd's rules look for, and what stands around it, for sentence tests to build text
# of: digits, marks, quotes, brackets, list markers, abbreviations, pysbd's own marker
# characters, white space and non-ASCII letters.
SENTENCE_TOKENS = [
    "1", "2", "3", "9", "10", "11", "٣", "1.", "2.", "3)", "1)", "a.", "b.", "c)", "(b)", "i.",
    "ii.", "iv)", "(iv)", "(x)", "-1.", "⁃2.", ".", "..", "...", "....", ". . . ", ".jpg", ".",
    "?", "!", "?!", "!?", "!!!", "??", "Yahoo!", "ǃKung", "'", "'s", "\"", "“", "”", "‘", "’",
    "«", "»", "(", ")", "[", "]", "[1]", "[2, 3]", "--", "-", ",", ":", "°", "Co.", " KG",
    "Mr.", "mr", "Messrs.", "mssrs", "No.", "no", "nov", "St", "ſt", "\u212ao", "İnc", "ı", "é",
    "К", "a.m.", "P.M.", "p.m", "U.S.", "e.g.", "i.v.", "Inc.", "Fig.", "ca.", "The", "He", "I",
    "Smith", "he", "it", "A", "x", " ", " ", " ", "  ", "\x0b", "\x85", "\u2028", "\t", "\n",
    "\r", "\x1c", "\u00a0", "\u2003", "\u3000", "∯", "∮", "♨", "☝", "&ᓴ&", "&ᓷ&", "&⎋&",
    "ƪƪƪ", "☏☏", "ȸ", "ȹ", "&✂&",
]  # fmt: skip


def build_ledger(dest: Path, *overlays: Path) -> Path:
    """A copy of the valid fixture ledger at dest, with each overlay's files laid over it."""
    skip = shutil.ignore_patterns(".claims-cache")  # a cache a local run left is not fixture
    shutil.copytree(VALID, dest, ignore=skip)
    for overlay in overlays:
        shutil.copytree(overlay, dest, dirs_exist_ok=True, ignore=skip)
    return dest


def generated(root: Path, claims: int) -> Path:
    """A ledger of `claims` claims written at root by the benchmarks' generator."""
    path = REPO / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("benchmark_generate", path)
    assert spec is not None and spec.loader is not None
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    module.generate(root, claims, seed=3)
    return root


def places(findings: Iterable[Finding]) -> set[Place]:
    """Where each finding points and what it says, without the wording of its message."""
    return {(f.file, f.line, f.column, f.code) for f in findings}


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run the `claims` CLI in-process.

    GITHUB_ACTIONS and CI are unset unless env sets them, so a test behaves the same on a
    developer's machine and under CI (where CI=true turns the cache off).
    """
    runner = CliRunner()
    environment = {"GITHUB_ACTIONS": None, "CI": None, **(env or {})}
    return runner.invoke(main, [str(a) for a in args], env=environment, catch_exceptions=False)


FERRY = "claims/courier-ferry"


# --- The broken fixtures: tests/fixtures/broken/<code>/ holds only the files that differ
# from the valid ledger, laid over a copy of it. The expected places are read off those
# files: a value's column is one more than the length of what precedes it on its line.


def pad_over_the_limit(root: Path) -> None:
    """The file-too-large fixture is a normal claim; it grows past the limit at test time."""
    path = root / FERRY / "padded.yaml"
    line = "# " + "x" * 78 + "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(line * (MAX_FILE_BYTES // len(line) + 1))
    assert path.stat().st_size > MAX_FILE_BYTES


@dataclass(frozen=True)
class Case:
    expected: set[Place]
    words: tuple[str, ...] = ()  # what the first finding's message must say
    prepare: Callable[[Path], None] | None = None


CASES: dict[str, Case] = {
    # line 2 is `statement: M\xe4rta ...`: "statement: M" is 12 bytes, the Latin-1 byte is 13th
    "unreadable": Case({(f"{FERRY}/latin1.yaml", 2, 13, "unreadable")}, ("not UTF-8",)),
    # a size problem has no place inside the file
    "file-too-large": Case(
        {(f"{FERRY}/padded.yaml", 1, 1, "file-too-large")},
        ("over the limit of 1048576",),
        pad_over_the_limit,
    ),
    # `subject: saltvik-ferry-company: founded`: 9 + 21 characters, then the stray colon
    "yaml-syntax": Case(
        {(f"{FERRY}/stray-colon.yaml", 3, 31, "yaml-syntax")}, ("mapping values are not allowed",)
    ),
    # the second `status:` opens line 11
    "yaml-duplicate-key": Case(
        {(f"{FERRY}/two-statuses.yaml", 11, 1, "yaml-duplicate-key")}, ("duplicate key 'status'",)
    ),
    # nine levels of ten aliases: 10**9 strings; the limit is about the whole file
    "yaml-alias-limit": Case(
        {(f"{FERRY}/laughs.yaml", 1, 1, "yaml-alias-limit")}, ("anchors and aliases",)
    ),
    # `value: !!python/...`: the tag starts after the 7 characters of "value: "
    "yaml-unsafe-tag": Case(
        {(f"{FERRY}/python-object.yaml", 5, 8, "yaml-unsafe-tag")},
        ("python/object/apply:os.system is not allowed",),
    ),
    # three mistakes in one file, all reported: `statement` missing (placed at the mapping,
    # which starts on line 2 after the comment), `status: confirmed` (value at column 9),
    # and the misspelt key `statment:` on line 11 (its value at column 11)
    "schema": Case(
        {
            (f"{FERRY}/several-mistakes.yaml", 2, 1, "schema"),
            (f"{FERRY}/several-mistakes.yaml", 10, 9, "schema"),
            (f"{FERRY}/several-mistakes.yaml", 11, 11, "schema"),
        }
    ),
    # `id: courier-ferry/founded-in` in founding-year.yaml: the value after "id: "
    "id-path-mismatch": Case(
        {(f"{FERRY}/founding-year.yaml", 1, 5, "id-path-mismatch")},
        ("set id to 'courier-ferry/founding-year'",),
    ),
    # marta-lindqvist again as the fifth entity: `  - id: ` on line 16
    # the copy's `source:` key, line 8; the first of the two in path order is the original
    "duplicate-claim": Case(
        {(f"{FERRY}/founded-again.yaml", 8, 1, "duplicate-claim")},
        ("the same claim as courier-ferry/company-founded",),
    ),
    "duplicate-id": Case(
        {(ENTITIES, 16, 9, "duplicate-id")}, ("'marta-lindqvist' is already used",)
    ),
    # `  document: courier-ferries` on line 8
    "unknown-document": Case(
        {(f"{FERRY}/wrong-document.yaml", 8, 13, "unknown-document")},
        ("did you mean 'courier-ferry'",),
    ),
    # `subject: saltvik-ferries` on line 3
    "unknown-entity": Case(
        {(f"{FERRY}/wrong-subject.yaml", 3, 10, "unknown-entity")},
        ("did you mean 'saltvik-ferry-company'",),
    ),
    # `property: established` on line 4
    "unknown-property": Case(
        {(f"{FERRY}/wrong-property.yaml", 4, 11, "unknown-property")}, ("'established'",)
    ),
    # the second evidence item names its claim on line 18, after `      - claim: `; the
    # first names a claim that exists
    "unknown-claim": Case(
        {(f"{FERRY}/wrong-evidence.yaml", 18, 16, "unknown-claim")},
        ("'courier-ferry/company-founding'", "did you mean"),
    ),
    # `  year: "2023"` on line 7; `site` on line 6 is declared by employees
    "unknown-qualifier": Case(
        {(f"{FERRY}/wrong-qualifier.yaml", 7, 9, "unknown-qualifier")}, ("it declares: site",)
    ),
    # a quantity for `founded` (a date property): the value mapping starts at `quantity:`
    "value-type": Case({(f"{FERRY}/wrong-type.yaml", 6, 3, "value-type")}, ("takes a date value",)),
    # `  date: "spring 1998"` on line 6
    "invalid-value": Case(
        {(f"{FERRY}/not-edtf.yaml", 6, 9, "invalid-value")}, ("'spring 1998' is not an EDTF date",)
    ),
    # "established" where the seed says "founded": the nearest passage is line 4 of the seed
    "quote-not-found": Case(
        {(f"{FERRY}/retyped-quote.yaml", 9, 10, "quote-not-found")},
        ("nearest passage is at line 4",),
    ),
    # "The ferry company" twice on seed line 12, at columns 1 and 41
    "quote-ambiguous": Case(
        {("claims/council-minutes/which-company.yaml", 9, 10, "quote-ambiguous")},
        ("2 times", "12:1, 12:41"),
    ),
    # `status: verified` on line 10 with `evidence: []`
    "missing-evidence": Case(
        {(f"{FERRY}/verified-alone.yaml", 10, 9, "missing-evidence")},
        ("status verified needs evidence",),
    ),
    # `status: disputed` on line 10; the only review entry says unverified
    "status-mismatch": Case(
        {(f"{FERRY}/status-drift.yaml", 10, 9, "status-mismatch")},
        ("the last review entry says unverified",),
    ),
    # the third document's `    file: harbour-notes.txt` on line 21
    "seed-missing": Case(
        {(MANIFEST, 21, 11, "seed-missing")}, ("seeds/harbour-notes.txt does not exist",)
    ),
    # the third document's `    file: ../../outside.txt` on line 21
    "unsafe-path": Case({(MANIFEST, 21, 11, "unsafe-path")}, ("no '..'",)),
    # one word of seed line 6 changed; courier-ferry's sha256 (line 11) names the file first
    "seed-hash": Case({(MANIFEST, 11, 13, "seed-hash")}, ("the seed was edited",)),
    # council-minutes ends at line 14 of a 13-line seed: its `lines:` on line 14
    "span-out-of-range": Case({(MANIFEST, 14, 12, "span-out-of-range")}, ("which has 13 lines",)),
    # courier-ferry now ends at line 8, where council-minutes starts: placed at the later one
    "span-overlap": Case(
        {(MANIFEST, 14, 12, "span-overlap")}, ("courier-ferry (lines 1-8) and council-minutes",)
    ),
    "stray-file": Case({(f"{FERRY}/notes.txt", 1, 1, "stray-file")}, ("only <slug>.yaml",)),
    # the old string evidence on line 16, after `      - `
    "evidence-format": Case(
        {(f"{FERRY}/old-string.yaml", 16, 9, "evidence-format")},
        ("write it as `- claim: courier-ferry/company-founded`", "stance"),
    ),
    # `status: verified` on line 10, backed only by another claim
    "no-supporting-source": Case(
        {(f"{FERRY}/verified-by-claim.yaml", 10, 9, "no-supporting-source")},
        ("needs an outside source that supports",),
    ),
    # `status: refuted` on line 10; its one source gives context only
    "no-contradicting-source": Case(
        {(f"{FERRY}/refuted-by-context.yaml", 10, 9, "no-contradicting-source")},
        ("needs evidence that contradicts",),
    ),
    # the cited claim, unverified, on line 16 after `      - claim: `
    "refuting-claim-unverified": Case(
        {(f"{FERRY}/refuted-by-unverified.yaml", 16, 16, "refuting-claim-unverified")},
        ("'courier-ferry/company-founded'", "(it is unverified)"),
    ),
    # `status: unverifiable` on line 10 with no `searched:`
    "unverifiable-unsearched": Case(
        {(f"{FERRY}/nothing-searched.yaml", 10, 9, "unverifiable-unsearched")},
        ("needs `searched:`",),
    ),
    # the claim names itself on line 16, after `      - claim: `
    "self-evidence": Case(
        {(f"{FERRY}/cites-itself.yaml", 16, 16, "self-evidence")}, ("never evidence for itself",)
    ),
    # `  - date: "2019-02-30"` on line 12
    "invalid-date": Case(
        {(f"{FERRY}/february-30.yaml", 12, 11, "invalid-date")}, ("not a calendar day",)
    ),
    # `  - date: "2999-01-01"` on line 12
    "future-date": Case({(f"{FERRY}/dated-ahead.yaml", 12, 11, "future-date")}, ("after today",)),
    # the second entry's date, on line 16, is two days before the first's
    "review-order": Case(
        {(f"{FERRY}/out-of-order.yaml", 16, 11, "review-order")}, ("before the entry above it",)
    ),
    # 61 words after `        excerpt: ` on line 21
    "excerpt-too-long": Case(
        {(f"{FERRY}/long-excerpt.yaml", 21, 18, "excerpt-too-long")}, ("has 61 words",)
    ),
    # `        language: sv` on line 22 with `translation: null`
    "translation": Case(
        {(f"{FERRY}/untranslated.yaml", 22, 19, "translation")}, ("add `translation:`",)
    ),
}

# These rewrite seeds/documents.yaml; span-overlap stands for them in the combined ledger.
OWN_MANIFEST = {"seed-missing", "unsafe-path", "span-out-of-range"}
