"""loading: finding the ledger and its claim files, loading each file as a value (a record or
findings), and the whole ledger with nothing lost to the first failure."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from claims_ledger.errors import LedgerError
from claims_ledger.records.layout import ENTITIES, MANIFEST, PROPERTIES, claim_files, find_root
from claims_ledger.records.loading import (
    Ledger,
    ids_of,
    load_file,
    load_ledger,
    load_text,
    load_texts,
    select,
    shared_ids,
)
from claims_ledger.records.models import Claim
from helpers import VALID, places

VALID_CLAIMS = [
    "claims/council-minutes/lindqvist-age.yaml",
    "claims/council-minutes/pier-request.yaml",
    "claims/courier-ferry/company-employees.yaml",
    "claims/courier-ferry/company-founded.yaml",
    "claims/courier-ferry/company-founder.yaml",
]


def test_find_root_walks_up_to_the_manifest() -> None:
    assert find_root(VALID / "claims" / "courier-ferry") == VALID
    assert find_root(VALID) == VALID


def test_find_root_without_a_ledger_is_a_ledger_error(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no ledger found"):
        find_root(tmp_path)


def test_claim_files_are_every_claim_sorted_without_the_vocabulary() -> None:
    assert claim_files(VALID) == (VALID_CLAIMS, [])


def test_hidden_files_and_directories_are_ignored(ledger_root: Path) -> None:
    (ledger_root / "claims" / ".drafts").mkdir()
    (ledger_root / "claims" / ".drafts" / "x.yaml").write_text("id: x\n")
    (ledger_root / "claims" / "courier-ferry" / ".company-founded.yaml.swp").write_text("x")
    assert claim_files(ledger_root) == (VALID_CLAIMS, [])


def test_a_file_that_is_not_yaml_under_claims_is_stray(ledger_root: Path) -> None:
    (ledger_root / "claims" / "courier-ferry" / "notes.txt").write_text("todo\n")
    (ledger_root / "claims" / "courier-ferry" / "draft.yml").write_text("id: x\n")
    found, stray = claim_files(ledger_root)
    assert found == VALID_CLAIMS
    assert places(stray) == {
        ("claims/courier-ferry/notes.txt", 1, 1, "stray-file"),
        ("claims/courier-ferry/draft.yml", 1, 1, "stray-file"),  # .yml is not .yaml
    }


def test_a_symlinked_directory_under_claims_is_unsafe_not_skipped(
    ledger_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text("id: x\n")
    (ledger_root / "claims" / "linked").symlink_to(outside)
    found, problems = claim_files(ledger_root)
    assert found == VALID_CLAIMS  # nothing read through the link
    assert places(problems) == {("claims/linked", 1, 1, "unsafe-path")}


def test_a_ledger_without_claims_has_no_claim_files(tmp_path: Path) -> None:
    assert claim_files(tmp_path) == ([], [])


def test_select_files_and_directories(ledger_root: Path) -> None:
    claims = ledger_root / "claims"
    assert select(ledger_root, [claims / "courier-ferry"]) == VALID_CLAIMS[2:]
    assert select(ledger_root, [claims / "courier-ferry" / "company-founded.yaml"]) == [
        "claims/courier-ferry/company-founded.yaml"
    ]
    assert select(ledger_root, [ledger_root]) == VALID_CLAIMS
    # a directory whose name starts like another's does not take its claims
    (claims / "courier").mkdir()
    assert select(ledger_root, [claims / "courier"]) == []


def test_select_refuses_a_path_outside_the_ledger(ledger_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: x\n")
    with pytest.raises(LedgerError, match="outside the ledger"):
        select(ledger_root, [outside])
    with pytest.raises(LedgerError, match="outside the ledger"):
        select(ledger_root, [ledger_root / ".." / "outside.yaml"])


def test_select_refuses_a_missing_path(ledger_root: Path) -> None:
    with pytest.raises(LedgerError, match="no such file or directory"):
        select(ledger_root, [ledger_root / "claims" / "courier-ferry" / "gone.yaml"])


def test_load_file_gives_the_record() -> None:
    result = load_file(VALID, "claims/courier-ferry/company-founded.yaml", "claim")
    assert result.findings == ()
    assert isinstance(result.record, Claim)
    assert result.record.id == "courier-ferry/company-founded"
    assert result.record.source.quote == "was founded in 1998 by Märta Lindqvist"


def test_load_file_of_a_symlink_is_unsafe_and_not_read(ledger_root: Path) -> None:
    link = ledger_root / "claims" / "courier-ferry" / "linked.yaml"
    link.symlink_to("company-founded.yaml")
    result = load_file(ledger_root, "claims/courier-ferry/linked.yaml", "claim")
    assert (result.text, result.record) == (None, None)
    assert places(result.findings) == {("claims/courier-ferry/linked.yaml", 1, 1, "unsafe-path")}


def test_load_file_keeps_the_text_of_a_file_with_schema_findings(ledger_root: Path) -> None:
    path = ledger_root / "claims" / "courier-ferry" / "company-founded.yaml"
    text = path.read_text(encoding="utf-8").replace("\nstatus: unverified", "\nstatus: maybe")
    path.write_text(text, encoding="utf-8")
    result = load_file(ledger_root, "claims/courier-ferry/company-founded.yaml", "claim")
    assert result.record is None
    assert result.text == text  # kept, so the finding can be placed in it
    assert [(f.code, f.pointer) for f in result.findings] == [("schema", ("status",))]


def test_texts_loaded_together_each_give_what_loading_it_alone_gives() -> None:
    """A stage at a time over many texts (every text parsed, then every schema checked,
    then every model built), each still gets its own result, at its place."""
    text = (VALID / "claims/courier-ferry/company-founded.yaml").read_text(encoding="utf-8")
    subject = "subject: saltvik-ferry-company\n"
    texts = [
        ("claims/a/loads.yaml", text),
        ("claims/a/not-yaml.yaml", "id: [unclosed\n"),
        ("claims/a/schema.yaml", text.replace(subject, "subject: Saltvik\n")),
        # the schema passes it; the model refuses a breakdown without the whole it is of
        ("claims/a/model.yaml", text + "breakdown: complete\n"),
        # jsonschema-rs refuses it, python-jsonschema and the model take it
        ("claims/a/python.yaml", text.replace(subject, 'subject: "saltvik\\n"\n')),
        ("claims/a/loads-too.yaml", text.replace("1998", "1999")),
    ]
    results = load_texts(texts, "claim")
    assert results == [load_text(rel, each, "claim") for rel, each in texts]
    assert [result.rel for result in results] == [rel for rel, _ in texts]
    assert [[f.code for f in result.findings] for result in results] == [
        [],
        ["yaml-syntax"],
        ["schema"],
        ["schema"],
        [],
        [],
    ]
    assert "breakdown" in results[3].findings[0].message
    assert results[4].record.subject == "saltvik\n"
    assert results[5].record.value.date == "1999" != results[0].record.value.date
    assert load_texts([], "claim") == []


def test_load_ledger_indexes_every_record() -> None:
    ledger = load_ledger(VALID)
    assert ledger.findings == []
    assert list(ledger.documents) == ["courier-ferry", "council-minutes"]
    assert set(ledger.entities) == {
        "marta-lindqvist",
        "saltvik-ferry-company",
        "saltvik-council",
        "saltvik-harbour-office",
    }
    assert set(ledger.properties) == {"founded", "founder", "employees", "age", "request"}
    assert {ledger.claim_file[c] for c in ledger.claims} == set(VALID_CLAIMS)
    assert ledger.claim_files == 5
    assert (ledger.partial, ledger.unloaded, ledger.duplicates) == (False, set(), [])


def test_shared_ids_keep_each_vocabulary_s_ids_in_order() -> None:
    ledger = load_ledger(VALID)
    assert ids_of(ledger, "entities") is ledger.entities  # nothing shared yet: the dict
    shared_ids(ledger)
    for kind in ("entities", "documents"):
        ids = ids_of(ledger, kind)
        assert list(ids) == list(getattr(ledger, kind))
        assert ids.text is ledger.joined_ids[kind]  # type: ignore[attr-defined]  # not copied
    joined = dict(ledger.joined_ids)
    ledger.entities["late-entity"] = ledger.entities["marta-lindqvist"]
    shared_ids(ledger)  # made once: the ledger is not expected to change after it
    assert ledger.joined_ids == joined


def test_ids_holding_the_separator_stay_in_their_dict(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    ledger.entities = {"one": 1, "two\nthree": 2}
    ledger.documents = {}
    shared_ids(ledger)
    assert ledger.joined_ids == {}
    assert list(ids_of(ledger, "entities")) == ["one", "two\nthree"]
    assert list(ids_of(ledger, "documents")) == []


def test_load_ledger_of_some_claims_is_partial() -> None:
    ledger = load_ledger(VALID, ["claims/courier-ferry/company-founded.yaml"])
    assert list(ledger.claims) == ["courier-ferry/company-founded"]
    assert (ledger.partial, ledger.claim_files) == (True, 1)
    assert len(ledger.entities) == 4  # the vocabulary is always loaded whole


def test_load_ledger_restores_the_garbage_collector() -> None:
    assert gc.isenabled()
    load_ledger(VALID)
    assert gc.isenabled()


@pytest.mark.parametrize("rel", [ENTITIES, PROPERTIES])
def test_a_missing_vocabulary_file_is_a_finding_and_marked_unloaded(
    ledger_root: Path, rel: str
) -> None:
    (ledger_root / rel).unlink()
    ledger = load_ledger(ledger_root)
    assert places(ledger.findings) == {(rel, 1, 1, "unreadable")}
    assert ledger.unloaded == {rel}
    assert len(ledger.claims) == 5  # the claims still load


@pytest.mark.parametrize("rel", [MANIFEST, ENTITIES, PROPERTIES])
def test_a_vocabulary_file_that_does_not_load_is_marked_unloaded(
    ledger_root: Path, rel: str
) -> None:
    path = ledger_root / rel
    path.write_text(path.read_text(encoding="utf-8") + "extra: [unclosed\n", encoding="utf-8")
    ledger = load_ledger(ledger_root)
    assert [(f.file, f.code) for f in ledger.findings] == [(rel, "yaml-syntax")]
    assert ledger.unloaded == {rel}


def test_duplicate_claim_ids_keep_the_first_file(ledger_root: Path) -> None:
    source = ledger_root / "claims" / "courier-ferry" / "company-founded.yaml"
    (ledger_root / "claims" / "courier-ferry" / "copy.yaml").write_bytes(source.read_bytes())
    ledger = load_ledger(ledger_root)
    # "company-founded.yaml" sorts before "copy.yaml": the first keeps the id
    assert ledger.claim_file["courier-ferry/company-founded"] == str(
        source.relative_to(ledger_root)
    )
    assert ledger.duplicates == [
        (
            "courier-ferry/company-founded",
            "claims/courier-ferry/company-founded.yaml",
            "claims/courier-ferry/copy.yaml",
            ("id",),
        )
    ]


def test_a_broken_claim_does_not_stop_the_others(ledger_root: Path) -> None:
    (ledger_root / "claims" / "courier-ferry" / "aa-broken.yaml").write_text("id: [\n")
    ledger = load_ledger(ledger_root)
    assert [f.file for f in ledger.findings] == ["claims/courier-ferry/aa-broken.yaml"]
    assert len(ledger.claims) == 5
    assert ledger.claim_files == 6
