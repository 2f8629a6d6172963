"""Adding a claim: the quote is found, the record is checked, and no file is ever overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims_ledger.authoring.formatting import format_text, schema_ref
from claims_ledger.authoring.new import (
    Draft,
    MissingInput,
    Question,
    load_for_authoring,
    plan,
    slug_of,
    write,
)
from claims_ledger.authoring.quoting import QuoteNotFound
from claims_ledger.checking.validation import validate
from claims_ledger.errors import LedgerError
from claims_ledger.reading.yamlparse import parse
from workflow_draft import TODAY, WORKFLOW, members

FOUNDED = "cooperative was founded in 1974"  # twice in orchard-at-fifty: lines 4 and 6


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(WORKFLOW, tmp_path / "ledger"))


def test_a_complete_draft_becomes_a_canonical_record_that_validates(root: Path) -> None:
    new = plan(load_for_authoring(root), members(), None, TODAY)
    assert new.rel == "claims/orchard-at-fifty/brenna-orchard-cooperative-has-more-than-320.yaml"
    assert (new.anchor.line, new.anchor.column) == (4, 102)
    data = parse(new.text)
    assert data["value"] == {"quantity": 320, "unit": "person", "bound": "more-than"}
    assert data["status"] == "unverified"
    assert data["review"] == [
        {
            "date": "2026-11-25",
            "status": "unverified",
            "note": "Recorded from the text.",
            "evidence": [],
        }
    ]
    assert "prefix" not in data["source"] and "suffix" not in data["source"]
    assert format_text(new.text, "claim", schema_ref(new.rel, "claim")) == new.text
    write(root, new)
    _, findings = validate(root)
    assert findings == []


def test_an_ambiguous_quote_gets_the_selector_of_the_chosen_occurrence(root: Path) -> None:
    ledger = load_for_authoring(root)
    draft = members(quote=FOUNDED, property="founded", value={"date": "1974"})
    draft.occurrence = 2
    new = plan(ledger, draft, None, TODAY)
    assert new.anchor.line == 6
    # "...she said the cooperative was founded in 1974": "the " is found before it alone.
    assert parse(new.text)["source"] == {
        "document": "orchard-at-fifty",
        "quote": FOUNDED,
        "prefix": "the ",
    }
    draft.occurrence = 1
    first = plan(ledger, draft, None, TODAY)
    assert first.anchor.line == 4
    assert parse(first.text)["source"]["prefix"] == "orchard "


def test_an_ambiguous_quote_without_a_choice_lists_its_lines(root: Path) -> None:
    draft = members(quote=FOUNDED, property="founded", value={"date": "1974"})
    with pytest.raises(MissingInput) as error:
        plan(load_for_authoring(root), draft, None, TODAY)
    message = str(error.value)
    assert message.startswith("--occurrence is missing: give it on the command line")
    assert "(lines 4, 6)" in message
    assert "--occurrence 2: line 6:" in message


def test_a_quote_not_in_the_document_names_the_nearest_passage(root: Path) -> None:
    with pytest.raises(QuoteNotFound) as error:
        plan(load_for_authoring(root), members(quote="more then 320 members"), None, TODAY)
    assert "seeds/orchard.txt:4: 'more than 320 members'" in str(error.value)


@pytest.mark.parametrize(
    "quote", ['"We had one press and no roof,"', "\u00abWe had one  press and no roof,\u00bb"]
)
def test_straight_quotes_for_curly_ones_name_the_seeds_exact_text(root: Path, quote: str) -> None:
    with pytest.raises(QuoteNotFound) as error:
        plan(load_for_authoring(root), members(quote=quote), None, TODAY)
    own = "\u201cWe had one press and no roof,\u201d"
    assert error.value.seed_text == own
    assert str(error.value).endswith(
        "only quote marks or spaces differ from seeds/orchard.txt:6:91: copy the seed's "
        f"exact text:\n  {own}"
    )


def test_a_quote_that_differs_in_more_than_quote_marks_and_spaces_gets_no_seed_text(
    root: Path,
) -> None:
    with pytest.raises(QuoteNotFound) as error:
        plan(
            load_for_authoring(root), members(quote='"We had one press and no roof."'), None, TODAY
        )
    assert error.value.seed_text is None
    assert "copy the seed's exact text" not in str(error.value)


def test_a_quote_from_the_other_document_is_not_found_in_this_one(root: Path) -> None:
    # "The charter in the town archive is dated 1975" is in letter-vell, not the article.
    draft = members(quote="The charter in the town archive is dated 1975")
    with pytest.raises(QuoteNotFound):
        plan(load_for_authoring(root), draft, None, TODAY)


def test_without_a_terminal_every_missing_option_is_named(root: Path) -> None:
    draft = Draft(document="orchard-at-fifty", quote="more than 320 members", property="members")
    with pytest.raises(MissingInput) as error:
        plan(load_for_authoring(root), draft, None, TODAY)
    assert str(error.value).startswith(
        "--statement, --subject, --quantity and --unit are missing: give them"
    )


def test_without_a_property_the_value_is_named_as_depending_on_it(root: Path) -> None:
    draft = Draft(document="orchard-at-fifty", quote="more than 320 members")
    with pytest.raises(MissingInput) as error:
        plan(load_for_authoring(root), draft, None, TODAY)
    first = str(error.value).splitlines()[0]
    assert first.startswith(
        "--statement, --property, --subject and a value option (which one depends on "
        "--property) are missing"
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"value": {"date": "2019"}},
            "property members takes a quantity value: --date does not apply",
        ),
        ({"subject": "brenna-orchard"}, "--subject: 'brenna-orchard' is not an entity"),
        ({"property": "member"}, "(did you mean members?)"),
        ({"document": "orchard"}, "--document: 'orchard' is not a document"),
        ({"value": {"quantity": "many", "unit": "person"}}, "'many' is not a number"),
        (
            {"value": {"quantity": "320", "unit": "person", "bound": "over"}},
            "--bound: bound is one of",
        ),
        ({"tags": ("Wages",)}, "--tag 'Wages'"),
        ({"slug": "Members 320"}, "--slug 'Members 320'"),
        ({"qualifiers": {"role": "picker"}}, "--qualifier role: property members declares no such"),
    ],
)
def test_invalid_input_is_refused_with_what_to_do(
    root: Path, changes: dict[str, object], expected: str
) -> None:
    with pytest.raises(LedgerError) as error:
        plan(load_for_authoring(root), members(**changes), None, TODAY)
    assert expected in str(error.value)


def test_values_are_read_as_people_write_them(root: Path) -> None:
    ledger = load_for_authoring(root)
    wage = members(
        quote="Pressers earn 16 euros an hour",
        property="hourly-wage",
        qualifiers={"role": "presser"},
        value={"money": "16", "currency": "eur"},
    )
    data = parse(plan(ledger, wage, None, TODAY).text)
    assert data["value"] == {"money": 16, "currency": "EUR"}
    assert data["qualifiers"] == {"role": "presser"}
    with pytest.raises(LedgerError, match="'XYZ' is not an ISO 4217"):
        plan(
            ledger,
            members(**{**wage.__dict__, "value": {"money": "16", "currency": "XYZ"}}),
            None,
            TODAY,
        )
    counted = members(value={"quantity": "1,040", "unit": "person"})
    assert parse(plan(ledger, counted, None, TODAY).text)["value"] == {
        "quantity": 1040,
        "unit": "person",
    }
    spring = members(quote=FOUNDED, property="founded", value={"date": "spring 1974"}, occurrence=1)
    with pytest.raises(
        LedgerError, match="--date: 'spring 1974' is not an EDTF date: write '1974-21'"
    ):
        plan(ledger, spring, None, TODAY)
    march = members(quote=FOUNDED, property="founded", value={"date": "March 1974"}, occurrence=1)
    with pytest.raises(
        LedgerError, match="--date: 'March 1974' is not an EDTF date: write '1974-03'"
    ):
        plan(ledger, march, None, TODAY)


def test_answers_fill_in_what_the_command_line_left_out(root: Path) -> None:
    asked: list[Question] = []
    answers = {
        "statement": "Ilse Maranta was 78.",
        "property": "age",
        "subject": "ilse-maranta",
        "object": "",
        "age": "78",
        "as_of": "",
        "bound": "",
        "attributed_to": "",
        "slug": "maranta-aged-78",
    }

    def ask(question: Question) -> str:
        asked.append(question)
        return answers[question.name]

    draft = Draft(document="orchard-at-fifty", quote="Ilse Maranta, aged 78")
    new = plan(load_for_authoring(root), draft, ask, TODAY)
    assert [q.name for q in asked] == list(answers)
    subject = next(q for q in asked if q.name == "subject")
    # Named in the quote: Ilse Maranta; not named: Tomas Vell, who wrote the letter.
    assert "ilse-maranta" in subject.suggested and "tomas-vell" not in subject.suggested
    assert subject.check("tomas-vell") is None and subject.check("tomas") is not None
    assert new.rel == "claims/orchard-at-fifty/maranta-aged-78.yaml"
    assert parse(new.text)["value"] == {"age": 78}


def test_slugs_come_from_the_statement() -> None:
    assert slug_of("The Brenna orchard cooperative has more than 320 members.") == (
        "brenna-orchard-cooperative-has-more-than-320"
    )
    assert slug_of("Märta Lindqvist's café opened.") == "marta-lindqvist-s-cafe-opened"
    assert slug_of("«»") == "claim"
    # Cut at 50 characters, and never on a word that leaves the name hanging ("...-in").
    assert slug_of("Sergei Sapozhnikov joined the Ufa Marxist circle in the spring of 2020.") == (
        "sergei-sapozhnikov-joined-ufa-marxist-circle"
    )


def test_a_new_document_directory_is_created(root: Path) -> None:
    draft = members(
        document="letter-vell",
        quote="fewer than 300 members",
        statement="The cooperative has fewer than 300 members.",
        value={"quantity": "300", "unit": "person", "bound": "fewer-than"},
    )
    shutil.rmtree(root / "claims/letter-vell")
    new = plan(load_for_authoring(root), draft, None, TODAY)
    assert write(root, new).is_file()


def test_an_edited_seed_is_refused(root: Path) -> None:
    seed = root / "seeds/orchard.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("320", "330"), encoding="utf-8")
    with pytest.raises(LedgerError, match="differs from the sha256"):
        plan(load_for_authoring(root), members(quote="more than 330 members"), None, TODAY)


def test_on_a_terminal_a_quote_is_asked_and_checked_against_the_text(root: Path) -> None:
    questions: dict[str, Question] = {}
    answers = {
        "quote": "Pressers earn 16 euros an hour",
        "statement": "Pressers earn 16 euros an hour.",
        "property": "hourly-wage",
        "subject": "brenna-orchard-cooperative",
        "object": "",
        "qualifier role=": "presser",
        "money": "16",
        "currency": "EUR",
        "bound": "",
        "attributed_to": "",
        "slug": "pickers-wage",  # taken: the check refuses it
    }

    def ask(question: Question) -> str:
        questions[question.name] = question
        return answers[question.name]

    draft = Draft(document="orchard-at-fifty")
    with pytest.raises(LedgerError, match=r"pickers-wage\.yaml already exists"):
        plan(load_for_authoring(root), draft, ask, TODAY)
    quote = questions["quote"]
    assert quote.check("Pressers earn 16 euros an hour") is None
    assert "seeds/orchard.txt:5: 'Pressers earn 16 euros an hour'" in str(
        quote.check("Pressers earn 16 euro an hour")
    )
    answers["slug"] = "pressers-wage-again"
    new = plan(load_for_authoring(root), draft, ask, TODAY)
    assert parse(new.text)["qualifiers"] == {"role": "presser"}
