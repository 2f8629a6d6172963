"""consistency: conflict, review, spelling, arithmetic and timeline findings over a ledger.

The fixture ledger (tests/fixtures/report) is a made-up seed of three documents; each
finding below is derived from what its text says, with the near miss that must not be found.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.comparing.comparison import Outcome, compare
from claims_ledger.comparing.consistency import Discrepancy, build_context, run_consistency
from claims_ledger.comparing.consistency.base import containment, corroborated, stable_id
from claims_ledger.records.loading import Ledger
from claims_ledger.records.models import Claim

FIXTURE = Path(__file__).parent / "fixtures" / "report"
NORTH, SOUTH, EAST = "north-gazette/", "south-review/", "east-bulletin/"


@pytest.fixture
def ledger() -> Ledger:
    loaded = prepare(FIXTURE)
    assert not loaded.findings
    return loaded


def of_type(found: list[Discrepancy], kind: str) -> list[Discrepancy]:
    return [d for d in found if d.type == kind]


def involving(found: list[Discrepancy], claim_id: str) -> list[Discrepancy]:
    return [d for d in found if claim_id in d.claims]


def edit(ledger: Ledger, claim_id: str, **changes: Any) -> None:
    """Replace a claim in the loaded ledger with a changed, re-validated copy."""
    data = ledger.claims[claim_id].model_dump(mode="json")
    data.update(changes)
    ledger.claims[claim_id] = Claim.model_validate(data)


# --- conflict and review -----------------------------------------------------------------


def test_joined_in_2019_and_in_the_spring_of_2020_conflict(ledger: Ledger) -> None:
    conflicts = of_type(run_consistency(ledger), "conflict")
    assert [c.claims for c in conflicts] == [
        (NORTH + "sapozhnikov-joined", SOUTH + "sapozhnikov-joined")
    ]
    (conflict,) = conflicts
    assert conflict.explanation == "2019 and spring 2020 cannot both be true"
    assert conflict.key == "Sergei Sapozhnikov · joined · River College reading circle"


def test_2017_and_november_2017_corroborate_and_are_no_discrepancy(ledger: Ledger) -> None:
    context = build_context(ledger)
    arrested, detained = NORTH + "orlov-arrested", EAST + "orlov-detained"
    outcomes = {(left, right): r.outcome for _, left, right, r in context.pairs}
    assert outcomes[(detained, arrested)] == Outcome.compatible
    assert involving(run_consistency(ledger, context), arrested) == []
    # Two documents say it compatibly: that is what corroborated means, and it is the only
    # such pair in the fixture.
    assert corroborated(ledger, context) == {arrested, detained}


def test_compatible_claims_in_one_document_are_not_corroboration(ledger: Ledger) -> None:
    edit(
        ledger,
        EAST + "orlov-detained",
        source={"document": "north-gazette", "quote": "Pavel Orlov was arrested in 2017"},
    )
    assert corroborated(ledger, build_context(ledger)) == set()


def test_every_kind_of_review(ledger: Ledger) -> None:
    reviews = {d.claims: d.explanation for d in of_type(run_consistency(ledger), "review")}
    assert set(reviews) == {
        (NORTH + "harbour-raid-affected", SOUTH + "harbour-raid-affected"),
        (NORTH + "sapozhnikov-fined", SOUTH + "sapozhnikov-fined"),
        (NORTH + "sapozhnikov-accused", SOUTH + "sapozhnikov-accused"),
        (EAST + "circle-founded", NORTH + "circle-founded"),
    }
    assert "units" in reviews[(NORTH + "harbour-raid-affected", SOUTH + "harbour-raid-affected")]
    fined = reviews[(NORTH + "sapozhnikov-fined", SOUTH + "sapozhnikov-fined")]
    assert "currencies" in fined and "never converted" in fined
    assert (
        "different descriptions"
        in reviews[(NORTH + "sapozhnikov-accused", SOUTH + "sapozhnikov-accused")]
    )
    # "founded around 2019" and "founded in 2020": only the margin of "around" meets 2020.
    assert "approximate" in reviews[(EAST + "circle-founded", NORTH + "circle-founded")]


def test_without_the_approximation_2019_and_2020_conflict(ledger: Ledger) -> None:
    edit(ledger, NORTH + "circle-founded", value={"date": "2019"})
    found = run_consistency(ledger)
    assert [d.type for d in involving(found, NORTH + "circle-founded")] == ["conflict"]


def test_the_same_currency_is_compared_and_conflicts(ledger: Ledger) -> None:
    edit(ledger, SOUTH + "sapozhnikov-fined", value={"money": 400, "currency": "RUB"})
    found = involving(run_consistency(ledger), SOUTH + "sapozhnikov-fined")
    assert [d.type for d in found] == ["conflict"]


def test_many_valued_properties_never_conflict(ledger: Ledger) -> None:
    hooliganism = EAST + "sapozhnikov-charged-hooliganism"
    context = build_context(ledger)
    # The two charges are compared (they share a key) and differ ...
    assert any(left == hooliganism for _, left, _, _ in context.pairs)
    # ... but both can be true, so neither is a finding.
    assert involving(run_consistency(ledger, context), hooliganism) == []
    # Near miss: the same two values on a single-valued property need review.
    edit(ledger, hooliganism, property="accused-of", object=None)
    edit(ledger, EAST + "sapozhnikov-charged-vandalism", property="accused-of", object=None)
    assert of_type(involving(run_consistency(ledger), hooliganism), "review")


def test_claims_in_different_cases_never_compare(ledger: Ledger) -> None:
    first, second = EAST + "miftakhov-term-first", EAST + "miftakhov-term-second"
    assert involving(run_consistency(ledger), first) == []
    # Near miss: six years and four years in the same case conflict.
    edit(ledger, second, qualifiers={"case": "first-case"})
    assert [d.type for d in involving(run_consistency(ledger), first)] == ["conflict"]


def test_claims_about_different_objects_never_compare(ledger: Ledger) -> None:
    # Sapozhnikov joined the circle (2019 or 2020) and the tenants' union (2022).
    assert involving(run_consistency(ledger), EAST + "sapozhnikov-joined-union") == []


# --- spelling ----------------------------------------------------------------------------


def test_sergey_and_sergei_in_two_documents_are_one_name_spelt_two_ways(ledger: Ledger) -> None:
    (spelling,) = of_type(run_consistency(ledger), "spelling")
    assert spelling.key == "Sergei Sapozhnikov (sergei-sapozhnikov): Sergei / Sergey"
    # The claims whose quotes use either spelling: the two accounts of his joining.
    assert spelling.claims == (NORTH + "sapozhnikov-joined", SOUTH + "sapozhnikov-joined")
    # Where each form stands in the seed text.
    assert spelling.details["spellings"] == {
        "Sergei": [["north-gazette", 4]],
        "Sergey": [["south-review", 14]],
    }
    assert spelling.details["entity"] == "sergei-sapozhnikov"


def test_a_surname_beside_the_full_name_is_not_another_spelling(ledger: Ledger) -> None:
    # The texts write both "Sergei Sapozhnikov" and plain "Sapozhnikov".
    entity = ledger.entities["sergei-sapozhnikov"]
    ledger.entities["sergei-sapozhnikov"] = entity.model_copy(update={"aliases": ["Sapozhnikov"]})
    assert of_type(run_consistency(ledger), "spelling") == []


def test_a_variant_no_document_uses_is_not_reported(ledger: Ledger) -> None:
    # "Pavel Orlow" is close to "Pavel Orlov", but only "Orlov" occurs in the texts.
    entity = ledger.entities["pavel-orlov"]
    ledger.entities["pavel-orlov"] = entity.model_copy(update={"aliases": ["Orlov", "Orlow"]})
    assert [d.details["entity"] for d in of_type(run_consistency(ledger), "spelling")] == [
        "sergei-sapozhnikov"
    ]


# --- arithmetic --------------------------------------------------------------------------


def test_a_part_larger_than_its_whole(ledger: Ledger) -> None:
    (arithmetic,) = of_type(run_consistency(ledger), "arithmetic")
    # "Fourteen people were detained at the docks; 15 of them were charged."
    assert arithmetic.claims == (EAST + "dock-raid-detainees", EAST + "dock-raid-charged")
    assert arithmetic.explanation == "the part (15 people) exceeds the whole (14 people)"


def test_more_than_1040_implicated_and_over_300_convicted_add_up(ledger: Ledger) -> None:
    found = run_consistency(ledger)
    assert involving(found, EAST + "prosecutions-implicated") == []
    assert involving(found, EAST + "prosecutions-convicted") == []


def test_a_part_equal_to_its_whole_is_fine_but_more_than_it_is_not(ledger: Ledger) -> None:
    charged = EAST + "dock-raid-charged"
    edit(ledger, charged, value={"quantity": 14, "unit": "person"})
    assert of_type(run_consistency(ledger), "arithmetic") == []
    edit(ledger, charged, value={"quantity": 14, "unit": "person", "bound": "at-least"})
    assert of_type(run_consistency(ledger), "arithmetic") == []
    edit(ledger, charged, value={"quantity": 14, "unit": "person", "bound": "more-than"})
    assert len(of_type(run_consistency(ledger), "arithmetic")) == 1


def test_parts_add_up(ledger: Ledger) -> None:
    detainees, charged = EAST + "dock-raid-detainees", EAST + "dock-raid-charged"
    # Two disjoint shares of 14: 8 and 6 fit, 8 and 7 do not.
    edit(ledger, charged, value={"quantity": 8, "unit": "person"})
    edit(
        ledger,
        EAST + "prosecutions-convicted",
        value={"quantity": 6, "unit": "person"},
        part_of=detainees,
    )
    assert of_type(run_consistency(ledger), "arithmetic") == []
    edit(ledger, EAST + "prosecutions-convicted", value={"quantity": 7, "unit": "people"})
    (found,) = of_type(run_consistency(ledger), "arithmetic")
    assert found.claims == (detainees, charged, EAST + "prosecutions-convicted")
    assert found.explanation.startswith("the parts together (8 people, 7 people) exceed")


def test_a_part_in_another_unit_is_never_summed(ledger: Ledger) -> None:
    edit(ledger, EAST + "dock-raid-charged", value={"quantity": 15, "unit": "household"})
    assert of_type(run_consistency(ledger), "arithmetic") == []


def share(ledger: Ledger, claim_id: str, quantity: int, **extra: Any) -> None:
    """Another share of the dock raid's 14 detainees, added beside the 15 charged."""
    data = ledger.claims[EAST + "dock-raid-charged"].model_dump(mode="json")
    data.update(id=claim_id, value={"quantity": quantity, "unit": "person"}, **extra)
    ledger.claims[claim_id] = Claim.model_validate(data)
    ledger.claim_file[claim_id] = f"claims/{claim_id}.yaml"


def test_a_complete_breakdown_must_add_up_to_its_total(ledger: Ledger) -> None:
    # "Fourteen people were detained": a breakdown declared complete of 8 charged and 5
    # released leaves one of the 14 unaccounted for, which a complete breakdown cannot.
    detainees, charged, released = (
        EAST + "dock-raid-detainees",
        EAST + "dock-raid-charged",
        EAST + "dock-raid-released",
    )
    edit(ledger, charged, value={"quantity": 8, "unit": "person"}, breakdown="complete")
    share(ledger, released, 5, breakdown="complete")
    (found,) = of_type(run_consistency(ledger), "arithmetic")
    assert found.claims == (detainees, charged, released)
    whole = ledger.claims[detainees].value.quantity  # type: ignore[union-attr]
    assert f"the whole ({whole} people)" in found.explanation
    assert "8 people, 5 people" in found.explanation and "complete" in found.explanation
    # Near miss: 8 and 6 make the 14 exactly.
    share(ledger, released, 6, breakdown="complete")
    assert of_type(run_consistency(ledger), "arithmetic") == []


def test_a_breakdown_not_declared_complete_may_fall_short(ledger: Ledger) -> None:
    # "of whom 8 were charged" says nothing of the other six: no finding.
    edit(ledger, EAST + "dock-raid-charged", value={"quantity": 8, "unit": "person"})
    share(ledger, EAST + "dock-raid-released", 5)
    assert of_type(run_consistency(ledger), "arithmetic") == []


def test_a_complete_breakdown_with_an_open_share_is_no_finding(ledger: Ledger) -> None:
    # "more than 8 charged" and 5 released can make 14.
    edit(
        ledger,
        EAST + "dock-raid-charged",
        value={"quantity": 8, "unit": "person", "bound": "more-than"},
        breakdown="complete",
    )
    share(ledger, EAST + "dock-raid-released", 5, breakdown="complete")
    assert of_type(run_consistency(ledger), "arithmetic") == []


def test_two_documents_breakdowns_of_one_total_are_not_summed_together(ledger: Ledger) -> None:
    # The bulletin: 8 of the 14 charged. Another account of the same 14: 9 charged. Two
    # accounts of one share, not 17 shares of 14.
    edit(ledger, EAST + "dock-raid-charged", value={"quantity": 8, "unit": "person"})
    share(
        ledger,
        NORTH + "dock-raid-charged",
        9,
        source={"document": "north-gazette", "quote": "The harbour raid affected 12 people"},
    )
    assert of_type(run_consistency(ledger), "arithmetic") == []
    # Near miss: each document's own shares are still summed; one account of 15 exceeds.
    edit(ledger, NORTH + "dock-raid-charged", value={"quantity": 15, "unit": "person"})
    (found,) = of_type(run_consistency(ledger), "arithmetic")
    assert found.claims == (EAST + "dock-raid-detainees", NORTH + "dock-raid-charged")


def test_a_breakdown_needs_the_whole_it_breaks_down() -> None:
    data = prepare(FIXTURE).claims[EAST + "dock-raid-detainees"].model_dump(mode="json")
    with pytest.raises(ValueError, match="part_of"):
        Claim.model_validate({**data, "breakdown": "complete"})


# --- timeline ----------------------------------------------------------------------------


def test_released_before_detained_in_one_case(ledger: Ledger) -> None:
    timeline = of_type(run_consistency(ledger), "timeline")
    released = [d for d in timeline if EAST + "vetrova-released" in d.claims]
    assert [d.claims for d in released] == [(EAST + "vetrova-detained", EAST + "vetrova-released")]
    assert released[0].explanation == (
        "released (April 2018) is dated before detained (November 2018), which it must follow"
    )


def test_released_after_detained_is_the_right_order(ledger: Ledger) -> None:
    edit(ledger, EAST + "vetrova-released", value={"date": "2019-04"})
    assert involving(run_consistency(ledger), EAST + "vetrova-released") == []
    # The same month is not "before".
    edit(ledger, EAST + "vetrova-released", value={"date": "2018-11"})
    assert involving(run_consistency(ledger), EAST + "vetrova-released") == []


def test_an_event_before_the_subject_s_birth(ledger: Ledger) -> None:
    found = involving(run_consistency(ledger), EAST + "vetrova-joined")
    assert [(d.type, d.claims) for d in found] == [
        ("timeline", (EAST + "vetrova-born", EAST + "vetrova-joined"))
    ]
    # Her detention and release (2018) and every dated event of Morozov (born 1995, detained
    # from 2017) follow the births.
    assert [d.claims for d in involving(run_consistency(ledger), EAST + "vetrova-born")] == [
        (EAST + "vetrova-born", EAST + "vetrova-joined")
    ]
    assert involving(run_consistency(ledger), EAST + "morozov-born") == []
    # Near miss turned finding: Morozov born in 2018 would postdate his first detention.
    edit(ledger, EAST + "morozov-born", value={"date": "2018"})
    assert [d.claims for d in involving(run_consistency(ledger), EAST + "morozov-born")] == [
        (EAST + "morozov-born", EAST + "morozov-detained-first")
    ]


def test_a_separator_qualifier_keeps_two_occasions_apart(ledger: Ledger) -> None:
    # Morozov was released (April 2018) after his first detention (November 2017), before his
    # second (November 2018): the release belongs to the first occasion.
    released = EAST + "morozov-released-first"
    assert involving(run_consistency(ledger), released) == []
    # Near miss: without the occasion, the release is held against both detentions.
    edit(ledger, released, qualifiers={})
    edit(ledger, EAST + "morozov-detained-again", qualifiers={})
    edit(ledger, EAST + "morozov-detained-first", qualifiers={"occasion": "first"})
    assert [d.claims for d in involving(run_consistency(ledger), released)] == [
        (EAST + "morozov-detained-again", released)
    ]


def test_follows_is_per_subject_and_object(ledger: Ledger) -> None:
    # Vetrova's release in another case is not held against her harbour-case detention.
    edit(ledger, EAST + "vetrova-released", object="leaflet-case")
    assert involving(run_consistency(ledger), EAST + "vetrova-released") == []


# --- identity of findings ----------------------------------------------------------------


def test_the_whole_fixture_gives_exactly_the_findings_its_text_holds(ledger: Ledger) -> None:
    counts: dict[str, int] = {}
    for finding in run_consistency(ledger):
        counts[finding.type] = counts.get(finding.type, 0) + 1
    assert counts == {"conflict": 1, "review": 4, "spelling": 1, "arithmetic": 1, "timeline": 2}


def test_ids_are_stable_and_depend_only_on_type_and_claims(ledger: Ledger) -> None:
    first = run_consistency(ledger)
    again = run_consistency(prepare(FIXTURE))
    assert [d.id for d in first] == [d.id for d in again]
    assert len({d.id for d in first}) == len(first)
    for finding in first:
        assert re.fullmatch(rf"{finding.type}-[0-9a-f]{{10}}", finding.id)
    assert stable_id("conflict", "a/x", "b/y") == stable_id("conflict", "b/y", "a/x")
    assert stable_id("conflict", "a/x", "b/y") != stable_id("review", "a/x", "b/y")


def test_ids_do_not_depend_on_the_order_of_files_or_records(ledger: Ledger, tmp_path: Path) -> None:
    expected = [(d.id, d.claims) for d in run_consistency(ledger)]
    # The claims in reverse order of loading ...
    reordered = dataclasses.replace(ledger, claims=dict(reversed(ledger.claims.items())))
    assert [(d.id, d.claims) for d in run_consistency(reordered)] == expected
    # ... and a copy whose manifest, entities and properties list their records backwards.
    copy = tmp_path / "ledger"
    shutil.copytree(FIXTURE, copy)
    for rel, key in (
        ("seeds/documents.yaml", "documents"),
        ("claims/entities.yaml", "entities"),
        ("claims/properties.yaml", "properties"),
    ):
        reverse_list(copy / rel, key)
    shuffled = prepare(copy)
    assert not shuffled.findings
    assert list(shuffled.documents) == list(reversed(ledger.documents))
    assert [(d.id, d.claims) for d in run_consistency(shuffled)] == expected


def reverse_list(path: Path, key: str) -> None:
    """Rewrite a `key:` list of `  - id:` records in reverse order, keeping each record whole."""
    text = path.read_text()
    head, body = text.split(f"{key}:\n", 1)
    records = re.split(r"(?m)^(?=  - id: )", body)
    path.write_text(head + f"{key}:\n" + "".join(reversed([r for r in records if r])))


def test_a_discrepancy_is_frozen() -> None:
    finding = Discrepancy("x", "conflict", "k", "e", ("a/b",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.type = "review"  # type: ignore[misc]


def test_spelling_variants_are_words_at_the_same_place_in_two_names() -> None:
    from claims_ledger.comparing.consistency.spelling import _variant_pairs

    assert _variant_pairs(["Sergei Sapozhnikov", "Sergey Sapozhnikov", "Sapozhnikov"]) == [
        ("Sergei", "Sergey")
    ]
    assert _variant_pairs(["Yevgeny Prigozhin", "Prigozhin", "Prigogine"]) == [
        ("Prigogine", "Prigozhin")
    ]
    # A first name is never set against a surname, however alike they look.
    assert _variant_pairs(["Andrei Andreev", "Andreev"]) == []
    assert _variant_pairs(["Andrei Petrov", "Pavel Andreev"]) == []


def test_an_age_that_cannot_match_the_birth_date_conflicts(ledger: Ledger) -> None:
    # Morozov was born in 1995 (east-bulletin). Aged 28 in 2024 means born in 1995 or
    # 1996: no finding. Aged 40 in 2024 means born in 1983 or 1984: a conflict.
    born = ledger.claims[EAST + "morozov-born"]
    base = born.model_dump(mode="json")
    base.update(id=EAST + "morozov-age", property="age", object=None)
    ledger.claims[EAST + "morozov-age"] = Claim.model_validate(
        {**base, "value": {"age": 28, "as_of": "2024"}}
    )
    ledger.claim_file[EAST + "morozov-age"] = "claims/east-bulletin/morozov-age.yaml"
    assert involving(run_consistency(ledger), EAST + "morozov-age") == []
    ledger.claims[EAST + "morozov-age"] = Claim.model_validate(
        {**base, "value": {"age": 40, "as_of": "2024"}}
    )
    found = involving(run_consistency(ledger), EAST + "morozov-age")
    assert [(d.type, d.claims) for d in found] == [
        ("conflict", (EAST + "morozov-age", EAST + "morozov-born"))
    ]


# --- leader ------------------------------------------------------------------------------


def counted(ledger: Ledger, without: int, with_leader: int, **extra: Any) -> None:
    """The dock raid's detainees counted with the leader, and the charged rewritten as the
    same group counted without him. `counting` is a separator qualifier of the property, as
    it is of `count` in the bundled ledger."""
    prop = ledger.properties["detainees"]
    if "counting" not in prop.qualifiers:
        ledger.properties["detainees"] = prop.model_copy(
            update={"qualifiers": [*prop.qualifiers, "counting"]}
        )
    edit(
        ledger,
        EAST + "dock-raid-detainees",
        qualifiers={"counting": "including-leader"},
        value={"quantity": with_leader, "unit": "person"},
    )
    edit(
        ledger,
        EAST + "dock-raid-charged",
        subject="dock-raid",
        property="detainees",
        part_of=None,
        qualifiers={"counting": "excluding-leader"},
        value={"quantity": without, "unit": "person", **extra},
    )


def test_five_without_the_leader_and_five_with_him_disagree(ledger: Ledger) -> None:
    # "Five members face 20 years, while the alleged leader faces life" beside
    # "five defendants", the leader among them.
    counted(ledger, 5, 5)
    (found,) = of_type(run_consistency(ledger), "leader")
    assert found.claims == (EAST + "dock-raid-charged", EAST + "dock-raid-detainees")
    assert found.explanation == (
        "5 people not counting the leader means one more counting him,"
        " but the count with the leader is 5 people"
    )


def test_four_without_the_leader_and_five_with_him_agree(ledger: Ledger) -> None:
    counted(ledger, 4, 5)
    found = run_consistency(ledger)
    assert of_type(found, "leader") == []
    # Different `counting` values are different keys: never a conflict either.
    assert involving(of_type(found, "conflict"), EAST + "dock-raid-charged") == []


def test_a_bound_or_another_unit_or_another_key_is_no_leader_finding(ledger: Ledger) -> None:
    counted(ledger, 4, 5, bound="at-least")
    assert of_type(run_consistency(ledger), "leader") == []
    counted(ledger, 3, 5, bound="more-than")
    assert of_type(run_consistency(ledger), "leader") == []
    counted(ledger, 100, 100, bound="about")
    assert of_type(run_consistency(ledger), "leader") == []
    counted(ledger, 6, 5)
    edit(ledger, EAST + "dock-raid-charged", value={"quantity": 6, "unit": "household"})
    assert of_type(run_consistency(ledger), "leader") == []
    counted(ledger, 6, 5)
    edit(ledger, EAST + "dock-raid-charged", subject="another-raid")
    assert of_type(run_consistency(ledger), "leader") == []
    counted(ledger, 3, 5, bound="at-most")
    assert len(of_type(run_consistency(ledger), "leader")) == 1


def named(ledger: Ledger, claim_id: str, number: int, counting: str | None = None) -> None:
    """The group named by its number ("the Dock Six"): a count on the same key as the
    group's other counts, saying nothing of the leader unless `counting` is given."""
    data = ledger.claims[EAST + "dock-raid-detainees"].model_dump(mode="json")
    data.update(
        id=claim_id,
        value={"quantity": number, "unit": "person"},
        qualifiers={"counting": counting} if counting else {},
    )
    ledger.claims[claim_id] = Claim.model_validate(data)
    ledger.claim_file[claim_id] = f"claims/{claim_id}.yaml"


def test_a_group_named_by_its_number_is_compared_with_its_counts(ledger: Ledger) -> None:
    # Four without the leader, five with him: "the Dock Six" fits neither reading.
    counted(ledger, 4, 5)
    six = EAST + "dock-six"
    named(ledger, six, 6)
    (found,) = of_type(run_consistency(ledger), "leader")
    assert found.claims == (EAST + "dock-raid-charged", EAST + "dock-raid-detainees", six)
    assert "6 people" in found.explanation and "does not say" in found.explanation
    # A name that does not say whether the leader is counted fits either reading: "the Dock
    # Five" (him among them) and "the Dock Four" (without him) are no finding.
    for number in (5, 4):
        named(ledger, six, number)
        assert of_type(run_consistency(ledger), "leader") == []
        assert involving(run_consistency(ledger), six) == []


def test_one_leader_disagreement_is_one_finding(ledger: Ledger) -> None:
    # Five without the leader against five with him, said twice (a count and the group's
    # name): one finding with three sides, not two pairs.
    counted(ledger, 5, 5)
    five = EAST + "dock-five"
    named(ledger, five, 5, counting="including-leader")
    (found,) = of_type(run_consistency(ledger), "leader")
    assert found.claims == tuple(
        sorted((EAST + "dock-raid-charged", EAST + "dock-raid-detainees", five))
    )
    assert len(found.details["pairs"]) == 2
    assert found.explanation.count("not counting the leader") == 1


def test_each_pair_is_compared_as_if_alone_though_equal_values_are_compared_once(
    ledger: Ledger,
) -> None:
    """build_context compares each pair of distinct values once in the whole ledger: every
    pair's outcome and explanation are still those of comparing its two claims alone, in
    each group (here two groups of one fact's counts, sharing values)."""
    claims = ledger.claims
    first = claims[EAST + "dock-raid-detainees"].model_dump(mode="json")
    for number, (subject, count) in enumerate(
        [("harbour-a", 5), ("harbour-a", 7), ("harbour-b", 5.0), ("harbour-b", 7), ("harbour-b", 5)]
    ):
        made = {**first, "id": f"{EAST}made-{number}", "subject": subject}
        made["value"] = {**first["value"], "quantity": count}
        claims[made["id"]] = Claim.model_validate(made)
        ledger.claim_file[made["id"]] = f"claims/east-bulletin/made-{number}.yaml"
    context = build_context(ledger)
    within = containment(ledger)
    made_pairs = 0
    for _, left, right, result in context.pairs:
        alone = compare(claims[left], claims[right], within)
        assert (result.outcome, result.explanation) == (alone.outcome, alone.explanation)
        made_pairs += left.startswith(EAST + "made-")
    assert made_pairs == 4  # one pair in harbour-a, three in harbour-b


# --- the context: pairs read a group at a time ---------------------------------------------


def _copies(ledger: Ledger, source: str, made: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Add claims made from one claim: (id, document, value) each, on the source's key."""
    first = ledger.claims[source].model_dump(mode="json")
    for claim_id, document, value in made:
        data = {**first, "id": claim_id, "value": value}
        data["source"] = {**first["source"], "document": document}
        ledger.claims[claim_id] = Claim.model_validate(data)
        ledger.claim_file[claim_id] = f"claims/{claim_id}.yaml"


def _naive_pairs(ledger: Ledger, context: Any) -> list[tuple[Any, str, str, Outcome]]:
    """Every pair of every group, compared alone: what the context's pairs must give."""
    within = containment(ledger)
    return [
        (key, left, right, compare(ledger.claims[left], ledger.claims[right], within).outcome)
        for key, ids in context.groups.items()
        for index, left in enumerate(ids)
        for right in ids[index + 1 :]
    ]


def _naive_corroborated(ledger: Ledger, pairs: list[tuple[Any, str, str, Outcome]]) -> set[str]:
    documents = {c: claim.source.document for c, claim in ledger.claims.items()}
    return {
        claim_id
        for _, left, right, outcome in pairs
        if outcome in (Outcome.agree, Outcome.compatible) and documents[left] != documents[right]
        for claim_id in (left, right)
    }


@pytest.fixture
def mixed(ledger: Ledger) -> Ledger:
    """The fixture with groups whose pairs agree, or not, within and across documents: one
    fact given 5 twice in one document, 5 and 7 in another; one given 3 by two documents."""
    count = ledger.claims[EAST + "dock-raid-detainees"].model_dump(mode="json")["value"]
    _copies(
        ledger,
        EAST + "dock-raid-detainees",
        [
            (f"{EAST}mixed-a", EAST.rstrip("/"), {**count, "quantity": 5}),
            (f"{EAST}mixed-b", EAST.rstrip("/"), {**count, "quantity": 5}),
            (f"{EAST}mixed-c", NORTH.rstrip("/"), {**count, "quantity": 7}),
            (f"{EAST}mixed-d", NORTH.rstrip("/"), {**count, "quantity": 5}),
        ],
    )
    return ledger


def test_the_pairs_are_every_pair_of_every_group_in_order(mixed: Ledger) -> None:
    context = build_context(mixed)
    naive = _naive_pairs(mixed, context)
    assert [(k, a, b, r.outcome) for k, a, b, r in context.pairs] == naive
    assert len(context.pairs) == len(naive)
    for wanted in ([Outcome.conflict], [Outcome.conflict, Outcome.review], [Outcome.agree]):
        kept = [(k, a, b) for k, a, b, outcome in naive if outcome in wanted]
        assert [(k, a, b) for k, a, b, _ in context.pairs.having(*wanted)] == kept
    assert any(outcome is Outcome.conflict for *_, outcome in naive)
    assert any(outcome is Outcome.agree for *_, outcome in naive)


def test_corroborated_is_a_compatible_pair_across_two_documents(mixed: Ledger) -> None:
    context = build_context(mixed)
    found = corroborated(mixed, context)
    assert found == _naive_corroborated(mixed, _naive_pairs(mixed, context))
    # 5 in the east and 5 in the north agree across documents; 7 agrees with nothing
    assert {f"{EAST}mixed-a", f"{EAST}mixed-b", f"{EAST}mixed-d"} <= found
    assert f"{EAST}mixed-c" not in found


def test_a_group_that_agrees_within_one_document_corroborates_nothing(ledger: Ledger) -> None:
    count = ledger.claims[EAST + "dock-raid-detainees"].model_dump(mode="json")["value"]
    _copies(
        ledger,
        EAST + "dock-raid-detainees",
        [(f"{EAST}same-{n}", EAST.rstrip("/"), {**count, "quantity": 5}) for n in range(3)],
    )
    context = build_context(ledger)
    assert not {c for c in corroborated(ledger, context) if "/same-" in c}
    assert corroborated(ledger, context) == _naive_corroborated(
        ledger, _naive_pairs(ledger, context)
    )


def test_the_claims_of_a_value_type_are_in_id_order(ledger: Ledger) -> None:
    from claims_ledger.records.models import DateValue, QuantityValue

    context = build_context(ledger)
    assert context.ids == sorted(ledger.claims)
    for kinds in ((DateValue,), (QuantityValue,), (DateValue, QuantityValue), (object,)):
        expected = [c for c in sorted(ledger.claims) if isinstance(ledger.claims[c].value, kinds)]
        assert context.of_type(*kinds) == expected
    assert context.of_type(Outcome) == []


@pytest.mark.parametrize("root", [FIXTURE, Path(__file__).parent.parent])
def test_the_groups_are_those_of_the_comparison_keys(root: Path) -> None:
    """build_context finds each claim's key in its own pass: the keys of key_of, with the
    separator qualifiers a claim gives, lacks, or gives for a property nobody declared."""
    from claims_ledger.records.grouping import groups

    loaded = prepare(root)
    some = sorted(loaded.claims)[:6]
    edit(loaded, some[0], qualifiers={"occasion": "second"})
    edit(loaded, some[1], qualifiers={"occasion": "second", "other": "x"})
    edit(loaded, some[2], property="undeclared-property", qualifiers={"b": "1", "a": "2"})
    edit(loaded, some[3], property="undeclared-property", qualifiers={"a": "2", "b": "1"})
    assert build_context(loaded).groups == groups(loaded)
    assert list(build_context(loaded).groups) == list(groups(loaded))
