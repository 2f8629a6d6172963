"""validation: one broken fixture per finding code, each placed at its file, line and column
(the table is helpers.CASES), and a ledger broken in many places reports every problem, not
the first."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims_ledger.checking.cache import DIRECTORY
from claims_ledger.checking.filepass import FilePass
from claims_ledger.checking.validation import validate, validate_all
from claims_ledger.findings import CODES
from claims_ledger.hints import claim_hint, claim_hinter
from claims_ledger.records.layout import ENTITIES, MANIFEST, PROPERTIES
from claims_ledger.records.loading import Ledger
from helpers import BROKEN, CASES, FERRY, OWN_MANIFEST, VALID, build_ledger, places


def test_every_code_has_a_broken_fixture_and_an_expectation() -> None:
    fixtures = {path.name for path in BROKEN.iterdir() if path.is_dir()}
    assert sorted(set(CODES) - fixtures) == [], "codes without a fixture in tests/fixtures/broken"
    assert sorted(fixtures - set(CODES)) == [], "fixtures named for no code"
    assert sorted(set(CODES) ^ set(CASES)) == []
    for code, case in CASES.items():
        assert {place[3] for place in case.expected} == {code}


def test_the_valid_ledger_has_no_findings() -> None:
    ledger, findings = validate(VALID)
    assert findings == []
    assert len(ledger.claims) == 5


@pytest.mark.parametrize("code", sorted(CASES))
def test_a_broken_fixture_gives_exactly_its_findings(
    code: str, overlaid: Callable[..., Path]
) -> None:
    case = CASES[code]
    root = overlaid(BROKEN / code)
    if case.prepare:
        case.prepare(root)
    _, findings = validate(root)
    assert places(findings) == case.expected
    for word in case.words:
        assert word in findings[0].message
    for finding in findings:
        assert finding.severity.value == "error"
        assert finding.message


def test_a_ledger_broken_everywhere_lists_every_problem(overlaid: Callable[..., Path]) -> None:
    codes = sorted(set(CASES) - OWN_MANIFEST)
    root = overlaid(*(BROKEN / code for code in codes))
    for code in codes:
        if CASES[code].prepare:
            CASES[code].prepare(root)  # type: ignore[misc]
    _, findings = validate(root)
    expected = set().union(*(CASES[code].expected for code in codes))
    # Many fixtures copy a valid claim with one thing broken: those copies are duplicate
    # claims too, which only the duplicate-claim fixture is here to show.
    copies = {
        f
        for f in findings
        if f.code == "duplicate-claim"
        and (f.file, f.line, f.column, f.code) not in CASES["duplicate-claim"].expected
    }
    assert all(f.file.startswith("claims/") for f in copies)
    findings = [f for f in findings if f not in copies]
    assert places(findings) == expected
    assert len(findings) == len(expected) == 37  # 35 fixtures, the schema one with 3
    assert findings == sorted(findings, key=lambda f: f.sort_key())


@pytest.mark.parametrize(
    ("rel", "hidden"),
    [
        (MANIFEST, "unknown-document"),
        (ENTITIES, "unknown-entity"),
        (PROPERTIES, "unknown-property"),
    ],
)
def test_a_file_that_does_not_load_is_one_finding_not_one_per_claim(
    ledger_root: Path, rel: str, hidden: str
) -> None:
    path = ledger_root / rel
    path.write_text(path.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    _, findings = validate(ledger_root)
    assert [(f.file, f.code) for f in findings] == [(rel, "yaml-syntax")]
    assert hidden not in {f.code for f in findings}


def test_named_claim_files_get_their_findings_and_the_shared_files(
    overlaid: Callable[..., Path],
) -> None:
    root = overlaid(BROKEN / "duplicate-id", BROKEN / "unknown-entity", BROKEN / "seed-hash")
    wanted = "claims/courier-ferry/company-founded.yaml"
    ledger, findings = validate(root, [wanted])
    # the broken claim not named is not reported; the manifest and entities.yaml problems,
    # which every named claim depends on, are
    assert places(findings) == {
        (ENTITIES, 16, 9, "duplicate-id"),
        (MANIFEST, 11, 13, "seed-hash"),
    }
    assert list(ledger.claims) == ["courier-ferry/company-founded"]


def test_named_claim_files_resolve_evidence_on_disk(overlaid: Callable[..., Path]) -> None:
    # lindqvist-age's evidence names courier-ferry/company-founder, which is not named but
    # exists: no unknown-claim. wrong-evidence's second item exists nowhere.
    root = overlaid(BROKEN / "unknown-claim")
    chosen = ["claims/council-minutes/lindqvist-age.yaml", f"{FERRY}/wrong-evidence.yaml"]
    _, findings = validate(root, chosen)
    assert places(findings) == CASES["unknown-claim"].expected


# --- hints for unknown claim ids, looked for among the ids of one document ---

_WORD = st.text("abcdef-", min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    ids=st.lists(st.tuples(_WORD, _WORD), min_size=150, max_size=320, unique=True),
    name=st.one_of(st.tuples(_WORD, _WORD).map("/".join), _WORD),
)
def test_hints_from_ids_grouped_by_document_are_claim_hints(
    ids: list[tuple[str, str]], name: str
) -> None:
    """The hint for an unknown claim id is the one claim_hint gives among every id, for
    ledgers on both sides of the size where claim_hint looks within the document only."""
    claim_ids = {f"{document}/{slug}": f"claims/{document}/{slug}.yaml" for document, slug in ids}
    hint = claim_hinter(claim_ids)
    assert hint(name) == claim_hint(name, claim_ids)
    assert hint(name) == claim_hint(name, claim_ids)  # the groups, once made, stay right


@pytest.mark.parametrize("jobs", [1, 2])
def test_duplicate_claims_from_fingerprints_are_those_of_every_record(
    tmp_path: Path, jobs: int
) -> None:
    """duplicate-claim found in the one pass over the files (cold, warm, after an edit that
    makes the first of a group read again) is the finding the loaded records give: each
    repeat of a fingerprint named with the first file holding it, in path order, and a file
    whose claim id is already taken left to duplicate-id."""
    root = build_ledger(tmp_path / "ledger", BROKEN / "duplicate-claim")
    shutil.rmtree(root / DIRECTORY, ignore_errors=True)
    here = root / FERRY
    copy = (here / "founded-again.yaml").read_text(encoding="utf-8")
    for name in ("a-founded-first", "founded-thrice"):
        text = copy.replace("courier-ferry/founded-again", f"courier-ferry/{name}")
        (here / f"{name}.yaml").write_text(text, encoding="utf-8")
    (here / "zz-same-id.yaml").write_text(copy, encoding="utf-8")  # a duplicate id
    past = time.time() - 60
    for path in root.rglob("*"):
        os.utime(path, (past, past))
    _, expected = validate(root)
    repeats = [(f.file, f.claims) for f in expected if f.code == "duplicate-claim"]
    first = (f"{FERRY}/a-founded-first.yaml", "courier-ferry/a-founded-first")
    assert [file for file, _ in repeats] == [
        f"{FERRY}/company-founded.yaml",
        f"{FERRY}/founded-again.yaml",
        f"{FERRY}/founded-thrice.yaml",
    ]
    assert all(claims[1] == first[1] for _, claims in repeats)
    assert validate_all(root, jobs=jobs, use_cache=True)[1] == expected
    assert validate_all(root, jobs=jobs, use_cache=True)[1] == expected
    (root / first[0]).write_text(copy.replace("founded-again", "a-founded-first") + "\n")
    assert validate_all(root, jobs=jobs, use_cache=True)[1] == expected
    assert validate_all(root, jobs=jobs, use_cache=False)[1] == expected


def test_lean_fingerprints_find_the_repeats_a_dict_of_them_finds(tmp_path: Path) -> None:
    """Held lean (bytes in one array, compared a first byte at a time once all are in), the
    repeats are those a dict of every fingerprint finds, in the order the files came, each
    named with the claim of its first file: keys that share a first byte, keys that repeat
    two and three times, and keys that are not 16 bytes of hex among them."""
    chance = random.Random(7)
    pool = [bytes([chance.randrange(4)]) + chance.randbytes(15) for _ in range(300)]
    pool += [b"\x01" * 15 + bytes([k]) for k in range(4)]  # the same but for the last byte
    odd = ["not hex", "abcd", "00" * 17]  # (the last is 17 bytes)
    keys = [
        chance.choice(pool).hex() if chance.random() < 0.9 else chance.choice(odd)
        for _ in range(2000)
    ]
    lean, whole = FilePass(Ledger(tmp_path), [], lean=True), FilePass(Ledger(tmp_path / "b"), [])
    for number, key in enumerate(keys):
        claim_id, rel = f"doc/c{number}", f"claims/doc/c{number}.yaml"
        for files in (lean, whole):
            files.ledger.claim_file[claim_id] = rel
            files._fingerprint(rel, claim_id, key)
    lean.settle()
    expected = [(rel, claim_id, _held(key)) for rel, claim_id, key in whole.again]
    assert len(expected) > 500 and any(type(key) is str for _, _, key in expected)
    assert lean.again == expected
    assert {key: lean.first[key] for _, _, key in lean.again} == {
        _held(key): whole.first[key] for _, _, key in whole.again
    }


def _held(key: str | bytes) -> str | bytes:
    try:
        return bytes.fromhex(key) if isinstance(key, str) else key
    except ValueError:
        return key


def test_fingerprints_are_held_as_their_bytes_and_compared_whole(tmp_path: Path) -> None:
    files = FilePass(Ledger(tmp_path), [], lean=True)
    one, two = "00" * 15 + "01", "00" * 15 + "02"  # they differ in their last byte only
    for rel, key in (("a", one), ("b", two), ("c", one), ("d", "not hex"), ("e", "not hex")):
        files.ledger.claim_file[rel] = f"claims/{rel}.yaml"  # (as `found` sets it first)
        files._fingerprint(f"claims/{rel}.yaml", rel, key)
    assert files.again == []  # (found once every file is in)
    files.settle()
    assert files.first == {bytes.fromhex(one): "a", "not hex": "d"}
    assert files.again == [
        ("claims/c.yaml", "c", bytes.fromhex(one)),
        ("claims/e.yaml", "e", "not hex"),
    ]
    files.settle()  # (once is enough)
    assert len(files.again) == 2
    kept = FilePass(Ledger(tmp_path), [])  # with the cache, whose listing holds each string
    kept._fingerprint("claims/a.yaml", "a", one)
    assert kept.first == {one: "a"}
