"""compact: loaded claims made smaller in memory, their values and behaviour untouched."""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import replace
from typing import Any

import pytest
from pydantic import ValidationError

from claims_ledger.comparing.consistency import CHECKS, build_context
from claims_ledger.comparing.report import build_report
from claims_ledger.output.reporters.json_format import render_report
from claims_ledger.records.compact import ClaimRow, compact, row_from, row_of, stored_row
from claims_ledger.records.grouping import key_of, separators, value_key
from claims_ledger.records.loading import Ledger, load_file, load_ledger
from claims_ledger.records.models import Claim, Status
from claims_ledger.records.seeds import anchor_claims, load_seeds
from claims_ledger.records.valuetypes.percentage import PercentageValue
from helpers import FIXTURES, REPO


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    return list(load_ledger(REPO).claims.values())


def test_a_compacted_claim_equals_and_dumps_as_the_loaded_one(claims: list[Claim]):
    for claim in claims:
        twin = pickle.loads(pickle.dumps(claim))
        compact(twin)
        assert twin == claim
        assert twin.model_dump(mode="json") == claim.model_dump(mode="json")
        assert twin.model_fields_set == claim.model_fields_set
        assert pickle.loads(pickle.dumps(twin)) == claim


def test_equal_field_sets_and_empty_lists_are_shared(claims: list[Claim]):
    twins = [pickle.loads(pickle.dumps(claim)) for claim in claims[:50]]
    for twin in twins:
        compact(twin)
    sets = {id(twin.__pydantic_fields_set__) for twin in twins}
    assert len(sets) < len(twins)
    empty = [twin.tags for twin in twins if not twin.tags] + [
        review.searched for twin in twins for review in twin.review if not review.searched
    ]
    assert empty and len({id(item) for item in empty}) == 1


def test_a_compacted_claim_stays_frozen_and_its_copies_own_their_sets(claims: list[Claim]):
    twin = pickle.loads(pickle.dumps(claims[0]))
    compact(twin)
    shared = twin.__pydantic_fields_set__
    before = set(shared)
    with pytest.raises(ValidationError):
        twin.statement = "changed"  # type: ignore[misc]
    changed = twin.model_copy(update={"note": "a note"})
    assert changed.note == "a note" and twin.note == claims[0].note
    assert twin.__pydantic_fields_set__ == before
    assert copy.deepcopy(twin) == twin


def _rows(claims: list[Claim]) -> list[ClaimRow]:
    return [row_of(claim) for claim in claims]


def test_a_row_reads_as_its_claim_for_every_field_it_keeps(claims: list[Claim]):
    for claim, row in zip(claims, _rows(claims), strict=True):
        twin = pickle.loads(pickle.dumps(row))
        for got in (row, twin):
            for name in ("id", "statement", "subject", "property", "object", "qualifiers"):
                assert getattr(got, name) == getattr(claim, name)
            assert got.value == claim.value and type(got.value) is type(claim.value)
            assert got.status is claim.status and got.breakdown is claim.breakdown
            assert got.part_of == claim.part_of
            for name in ("document", "quote", "prefix", "suffix"):
                assert getattr(got.source, name) == getattr(claim.source, name)


def test_a_row_keeps_the_review_of_a_refuted_or_disputed_claim_only(claims: list[Claim]):
    read = {Status.refuted, Status.disputed}
    assert {c.status for c in claims} >= read | {Status.verified}  # the ledger has them all
    for claim in claims:
        row = pickle.loads(pickle.dumps(row_of(claim)))
        if claim.status in read:
            assert list(row.review) == claim.review
        else:
            assert not row.review
        assert not hasattr(row, "tags") and not hasattr(row, "__dict__")


def test_compacting_a_row_leaves_it_as_it_is(claims: list[Claim]):
    row = row_of(claims[0])
    value, source = row.value, row.source
    compact(row)  # type: ignore[arg-type]
    assert row.value is value and row.source is source


def test_the_report_from_rows_is_the_report_from_models():
    ledger = load_ledger(REPO)
    ledger.findings.extend(load_seeds(ledger))
    anchor_claims(ledger)
    models = build_report(ledger)
    with_rows = replace(ledger, claims={c: row_of(m) for c, m in ledger.claims.items()})
    assert render_report(build_report(with_rows)) == render_report(models)  # type: ignore[arg-type]
    anchored = replace(with_rows, anchors={})
    anchor_claims(anchored)
    assert {c: vars_of(a) for c, a in anchored.anchors.items()} == {
        c: vars_of(a) for c, a in ledger.anchors.items()
    }


def vars_of(found: object) -> object:
    """An anchor's fields, or an anchor problem's code: what comparing them needs."""
    return getattr(found, "code", None) or repr(found)


@pytest.fixture(scope="module")
def loaded() -> list[tuple[Claim, Any]]:
    """Each claim of the bundled ledger with its data as its file gave it."""
    ledger = load_ledger(REPO)
    found = [load_file(REPO, rel, "claim") for rel in ledger.claim_file.values()]
    return [(result.record, result.data) for result in found]  # type: ignore[misc]


def test_a_stored_row_reads_back_as_the_row(loaded: list[tuple[Claim, Any]]):
    """The cache's form of a row (stored_row, JSON, row_from) gives the row the workers
    send, field for field; equal values are read once and shared."""
    values: dict[str, object] = {}
    for claim, data in loaded:
        read = row_from(json.loads(json.dumps(stored_row(claim, data))), values)
        expected = row_of(claim)
        assert read.__reduce__() == expected.__reduce__()
        assert type(read.value) is type(expected.value)
        assert [type(entry) for entry in read.review] == [type(e) for e in expected.review]
    assert len(values) < len(loaded)


def _doctored(claim: Claim, data: Any) -> list[list[object]]:
    """The stored row of a claim spoiled in each way a damaged or hostile cache could."""
    good = stored_row(claim, data)
    spoiled: list[list[object]] = [good[:11], [*good, None], good[:1] * 12]
    for at, bad in [
        (0, None),  # no id
        (1, 7),  # a statement that is not text
        (4, ["x"]),  # an object that is not text
        (5, {"where": 1}),  # a qualifier that is not text
        (5, []),  # qualifiers that are not a mapping
        (6, '{"type":"no-such-type"}'),  # a value no value type takes
        (6, "{not json"),
        (6, {"type": "text", "text": "x"}),  # a value not kept as text
        (7, ["doc", "quote"]),  # a source of two parts
        (7, ["doc", None, None, None]),  # no quote
        (8, "certain"),  # no such status
        (8, None),
        (9, [{"note": "no date, no status"}]),  # a review its model refuses
        (9, "reviewed"),
        (10, 3),
        (11, "partial"),  # no such breakdown
    ]:
        doctored = list(good)
        doctored[at] = bad
        spoiled.append(doctored)
    return spoiled


def test_a_doctored_stored_row_is_refused(loaded: list[tuple[Claim, Any]]):
    verified = next((c, d) for c, d in loaded if c.status is Status.verified and c.review)
    refuted = next((c, d) for c, d in loaded if c.status is Status.refuted)
    for claim, data in (loaded[0], verified, refuted):
        row_from(stored_row(claim, data), {})  # as stored: read
        for doctored in _doctored(claim, data):
            with pytest.raises(ValueError):
                row_from(doctored, {})
    # a review kept where the report reads none: not a row stored_row gives
    claim, data = verified
    with_review = stored_row(claim, data)
    with_review[9] = data["review"]
    with pytest.raises(ValueError):
        row_from(with_review, {})
    with pytest.raises(ValueError):
        row_from({"id": claim.id}, {})


def _with_an_age(ledger: Ledger) -> None:
    """The report fixture with an age its birth date contradicts (no file has one)."""
    born = ledger.claims["east-bulletin/morozov-born"].model_dump(mode="json")
    born.update(id="east-bulletin/morozov-age", property="age", object=None)
    born["value"] = {"age": 40, "as_of": "2024"}
    ledger.claims[born["id"]] = Claim.model_validate(born)
    ledger.claim_file[born["id"]] = "claims/east-bulletin/morozov-age.yaml"


def test_every_consistency_check_runs_on_rows():
    """`claims report` runs each registered check on rows, `claims site` on models: a check
    reading a field a row does not keep fails here, not in a user's report."""
    seen: set[str] = set()
    for root in (REPO, FIXTURES / "report", FIXTURES / "perf"):
        ledger = load_ledger(root)
        ledger.findings.extend(load_seeds(ledger))
        if root == FIXTURES / "report":
            _with_an_age(ledger)
        anchor_claims(ledger)
        with_rows = replace(ledger, claims={c: row_of(m) for c, m in ledger.claims.items()})
        declared, values = separators(ledger.properties), {}  # rows as a worker makes them
        keyed = {c: row_of(m, declared, values) for c, m in ledger.claims.items()}
        with_keys = replace(ledger, claims=keyed)
        context = build_context(ledger)
        row_context = build_context(with_rows)
        assert row_context == context
        assert build_context(with_keys) == context
        for name, check in CHECKS.items():
            expected = list(check.check(ledger, context))
            assert list(check.check(with_rows, row_context)) == expected, name
            assert list(check.check(with_keys, build_context(with_keys))) == expected, name
            if expected:
                seen.add(name)
    assert seen == set(CHECKS)  # each check found something: each one's reads were made


def test_a_row_made_with_the_vocabulary_holds_the_keys_the_context_groups_by(
    claims: list[Claim],
):
    ledger = load_ledger(REPO)
    declared = separators(ledger.properties)
    for claim in claims:
        row = pickle.loads(pickle.dumps(row_of(claim, declared)))
        assert row.key == key_of(claim, ledger.properties.get(claim.property))
        assert row.value_key == value_key(claim.value)
        assert row_of(claim).key is None and row_of(claim).value_key is None  # made later
    unknown = claims[0].model_copy(update={"property": "no-such-property"})
    assert row_of(unknown, declared).key == key_of(unknown, None)


def test_rows_of_equal_values_share_one_value_and_send_it_once(claims: list[Claim]):
    """Rows a worker makes share the value of an earlier row equal to theirs, so a chunk of
    rows pickles (and the gathering process makes again) each value once; 5 and 5.0 are
    equal but worded apart, and stay apart."""
    declared, values = separators(load_ledger(REPO).properties), {}
    first, second = claims[0], claims[1]
    twin = first.model_copy(update={"id": "other/twin", "value": first.value.model_copy()})
    assert twin.value == first.value and twin.value is not first.value  # equal, not shared
    five = second.model_copy(update={"value": PercentageValue(percentage=5)})
    five_point_zero = second.model_copy(update={"value": PercentageValue(percentage=5.0)})
    rows = [row_of(c, declared, values) for c in (first, twin, five, five_point_zero)]
    assert rows[1].value is rows[0].value and rows[1].value_key is rows[0].value_key
    assert rows[2].value == rows[3].value and rows[2].value is not rows[3].value
    sent = pickle.loads(pickle.dumps(rows))
    assert sent[1].value is sent[0].value and sent[2].value is not sent[3].value
    assert [r.value_key for r in sent] == [r.value_key for r in rows]
