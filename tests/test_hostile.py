"""Hostile input through `claims validate`: nothing from the data runs, nothing outside the
ledger is read, nothing hangs or crashes, and each case is a finding with its place.

Fixtures are under tests/fixtures/hostile/ (and broken/ where a broken fixture is already
the hostile case); what cannot be committed (a 1 MiB file, symbolic links) is made here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claims_ledger.reading.textfile import MAX_FILE_BYTES, MAX_VOCABULARY_BYTES
from helpers import BROKEN, HOSTILE, invoke

MANIFEST = "seeds/documents.yaml"
FERRY = "claims/courier-ferry"


def validate_json(root: Path, *args: str | Path) -> tuple[int, list[dict[str, Any]]]:
    result = invoke("validate", "--format", "json", "--root", root, *args)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def placed(findings: list[dict[str, Any]]) -> set[tuple[str, int, int, str]]:
    return {(f["file"], f["line"], f["column"], f["code"]) for f in findings}


def test_a_python_object_tag_is_refused_and_never_run(
    overlaid: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = overlaid(HOSTILE / "python-object")
    monkeypatch.chdir(tmp_path)
    code, findings = validate_json(root)
    # `value: !!python/object/apply:os.system [...]` on line 6: the tag at column 8
    assert (code, placed(findings)) == (
        1,
        {(f"{FERRY}/runs-a-command.yaml", 6, 8, "yaml-unsafe-tag")},
    )
    assert not (tmp_path / "owned-by-yaml").exists()
    assert not (root / "owned-by-yaml").exists()


def test_a_billion_laughs_stops_at_the_alias_limit(overlaid: Callable[..., Path]) -> None:
    root = overlaid(BROKEN / "yaml-alias-limit")
    # the limit's own finding: an expansion that ran would end in another, or in none
    code, findings = validate_json(root)
    assert (code, placed(findings)) == (1, {(f"{FERRY}/laughs.yaml", 1, 1, "yaml-alias-limit")})


def test_deep_nesting_is_a_finding_not_a_crash(overlaid: Callable[..., Path]) -> None:
    # `tags: ` then 150 `[`: the mapping is level 1, so level 101 is the 100th `[`, whose
    # column is 7 + 99 = 106
    code, findings = validate_json(overlaid(HOSTILE / "deep-nesting"))
    assert (code, placed(findings)) == (1, {(f"{FERRY}/deep.yaml", 2, 106, "yaml-syntax")})


def test_a_file_over_the_size_limit_is_refused_unread(ledger_root: Path) -> None:
    big = ledger_root / FERRY / "big.yaml"
    big.write_bytes(b"id: courier-ferry/big\n" + b"#" * MAX_FILE_BYTES)
    code, findings = validate_json(ledger_root)
    assert (code, placed(findings)) == (1, {(f"{FERRY}/big.yaml", 1, 1, "file-too-large")})
    assert str(MAX_FILE_BYTES + 22) in findings[0]["message"]


def test_a_vocabulary_larger_than_a_claim_may_be_is_read(ledger_root: Path) -> None:
    # a large ledger's entities outgrow a claim's limit (9 MB at 1,000,000 claims)
    entities = ledger_root / "claims" / "entities.yaml"
    with entities.open("a", encoding="utf-8") as handle:
        handle.write(("# " + "x" * 98 + "\n") * (2 * MAX_FILE_BYTES // 100))
    assert entities.stat().st_size > 2 * MAX_FILE_BYTES
    assert validate_json(ledger_root) == (0, [])


def test_a_vocabulary_over_its_own_limit_is_refused_unread(ledger_root: Path) -> None:
    entities = ledger_root / "claims" / "entities.yaml"
    with entities.open("r+b") as handle:  # sparse: the limit is checked before any read
        handle.truncate(MAX_VOCABULARY_BYTES + 1)
    code, findings = validate_json(ledger_root)
    assert code == 1
    assert ("claims/entities.yaml", 1, 1, "file-too-large") in placed(findings)
    (finding,) = [f for f in findings if f["file"] == "claims/entities.yaml"]
    assert str(MAX_VOCABULARY_BYTES) in finding["message"]
    assert "vocabulary entry" in finding["message"]


def test_a_seed_path_with_dot_dot_is_refused(overlaid: Callable[..., Path]) -> None:
    code, findings = validate_json(overlaid(BROKEN / "unsafe-path"))
    assert (code, placed(findings)) == (1, {(MANIFEST, 21, 11, "unsafe-path")})
    assert "'../../outside.txt'" in findings[0]["message"]


def test_absolute_and_escaping_seed_paths_are_refused_even_when_they_exist(
    overlaid: Callable[..., Path],
) -> None:
    # /etc/passwd exists, and ../claims/entities.yaml is inside the ledger but not in seeds/;
    # neither is read. Their `file:` lines are 21 and 29.
    code, findings = validate_json(overlaid(HOSTILE / "absolute-path"))
    assert (code, placed(findings)) == (
        1,
        {(MANIFEST, 21, 11, "unsafe-path"), (MANIFEST, 29, 11, "unsafe-path")},
    )
    assert "is an absolute path" in findings[0]["message"]
    assert "no '..'" in findings[1]["message"]


def test_a_seed_symlink_out_of_seeds_is_refused(
    overlaid: Callable[..., Path], tmp_path: Path
) -> None:
    root = overlaid(HOSTILE / "seed-symlink")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the ledger\n")
    (root / "seeds" / "linked.txt").symlink_to(secret)
    code, findings = validate_json(root)
    # the manifest's third document, `file: linked.txt`, on line 21
    assert (code, placed(findings)) == (1, {(MANIFEST, 21, 11, "unsafe-path")})
    assert "symbolic link" in findings[0]["message"]
    assert "not for the ledger" not in json.dumps(findings)


def test_a_symlinked_claim_file_is_refused_unread(ledger_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: courier-ferry/outside\nstatement: from outside the ledger\n")
    (ledger_root / FERRY / "outside.yaml").symlink_to(outside)
    code, findings = validate_json(ledger_root)
    assert (code, placed(findings)) == (1, {(f"{FERRY}/outside.yaml", 1, 1, "unsafe-path")})
    assert "from outside the ledger" not in json.dumps(findings)


def test_a_symlinked_vocabulary_file_is_refused(ledger_root: Path, tmp_path: Path) -> None:
    entities = ledger_root / "claims" / "entities.yaml"
    copy = tmp_path / "entities.yaml"
    copy.write_bytes(entities.read_bytes())
    entities.unlink()
    entities.symlink_to(copy)
    code, findings = validate_json(ledger_root)
    # only the link itself: the claims naming entities are not flagged one by one
    assert (code, placed(findings)) == (1, {("claims/entities.yaml", 1, 1, "unsafe-path")})


def test_a_path_argument_that_links_out_of_the_ledger_exits_2(
    ledger_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: x\n")
    link = ledger_root / FERRY / "link.yaml"
    link.symlink_to(outside)
    result = invoke("validate", "--root", ledger_root, link)
    assert result.exit_code == 2
    assert "outside the ledger" in result.stderr


@pytest.mark.parametrize(
    ("overlay", "where"),
    [
        # Latin-1 "ä" after "statement: M" (12 bytes): byte 13 of line 2
        (BROKEN / "unreadable", (f"{FERRY}/latin1.yaml", 2, 13)),
        # UTF-16 starts with the bytes FF FE, not UTF-8 from the first byte
        (HOSTILE / "utf16", (f"{FERRY}/utf16.yaml", 1, 1)),
    ],
)
def test_bytes_that_are_not_utf8(
    overlaid: Callable[..., Path], overlay: Path, where: tuple[str, int, int]
) -> None:
    code, findings = validate_json(overlaid(overlay))
    assert (code, placed(findings)) == (1, {(*where, "unreadable")})
    assert "save it as UTF-8" in findings[0]["message"]


def test_duplicate_keys_are_an_error_not_the_last_one_silently(
    overlaid: Callable[..., Path],
) -> None:
    # `status: unverified` then `status: verified`: YAML would keep `verified` unreviewed
    code, findings = validate_json(overlaid(BROKEN / "yaml-duplicate-key"))
    assert (code, placed(findings)) == (
        1,
        {(f"{FERRY}/two-statuses.yaml", 11, 1, "yaml-duplicate-key")},
    )


def test_an_unquoted_float_where_text_belongs_says_to_quote_it(
    overlaid: Callable[..., Path],
) -> None:
    # `  site: 3.10` (line 6) and `attributed_to: 3.10` (line 14) are both the number 3.1
    code, findings = validate_json(overlaid(HOSTILE / "unquoted-float"))
    assert (code, placed(findings)) == (
        1,
        {
            (f"{FERRY}/float-for-text.yaml", 6, 9, "schema"),
            (f"{FERRY}/float-for-text.yaml", 14, 16, "schema"),
        },
    )
    for finding in findings:
        assert "quote this value" in finding["message"]
        assert "number 3.1" in finding["message"]


def test_unquoted_dates_and_yes_stay_strings(overlaid: Callable[..., Path]) -> None:
    root = overlaid(HOSTILE / "yaml11-strings")
    code, findings = validate_json(root)
    assert (code, findings) == (0, [])
    listed = json.loads(invoke("list", "--format", "json", "--root", root).stdout)
    [row] = [r for r in listed if r["id"] == "council-minutes/yes-and-dates"]
    assert row["value"] == {"text": "yes"}
    assert row["attributed_to"] == "on"
    assert row["tags"] == ["2024-03-03"]


def test_a_whitespace_quote_is_a_finding_not_a_crash(ledger_root: Path) -> None:
    path = ledger_root / FERRY / "company-founder.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('quote: "who still runs it"', 'quote: "\\u2003"'))
    code, findings = validate_json(ledger_root)
    # `  quote: ` is 9 characters on line 9
    assert (code, placed(findings)) == (
        1,
        {(f"{FERRY}/company-founder.yaml", 9, 10, "quote-not-found")},
    )
