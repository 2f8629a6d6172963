"""What `claims new` was given and how a missing answer is got: asked, or named as missing.

Every answer is checked where it is given, so a contributor hears of an unknown entity or a
malformed value at once; without a terminal nothing waits for input and the missing options
are gathered into one MissingInput that names them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import LedgerError
from ..records.layout import ENTITIES
from ..records.loading import Ledger
from .value_input import option, unknown_name, value_checks

ARGUMENTS = {"document": "DOCUMENT", "quote": "QUOTE"}  # given as arguments, not options


class MissingInput(LedgerError):
    """Options the command line left out, when there is no terminal to ask them in."""


def _accept(_: str) -> str | None:
    return None


@dataclass(frozen=True)
class Question:
    """One thing to ask: `name` is the command-line option that would have answered it."""

    name: str
    prompt: str
    choices: tuple[tuple[str, str], ...] = ()  # (answer, what it means)
    suggested: tuple[str, ...] = ()  # the choices worth showing first
    default: str | None = None
    optional: bool = False
    check: Callable[[str], str | None] = _accept  # why an answer is refused, or None


Ask = Callable[[Question], str]


@dataclass
class Draft:
    """What the command line gave; None is "not given"."""

    document: str | None = None
    quote: str | None = None
    statement: str | None = None
    subject: str | None = None
    property: str | None = None
    object: str | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)
    value: dict[str, str] = field(default_factory=dict)  # model field name -> text given
    attributed_to: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None
    slug: str | None = None
    occurrence: int | None = None


class Form:
    """Fills a Draft in: from the command line, from answers, or by naming what is missing."""

    def __init__(self, ledger: Ledger, draft: Draft, ask: Ask | None) -> None:
        self.ledger = ledger
        self.draft = draft
        self.ask = ask
        self.missing: list[str] = []
        self.notes: list[str] = []  # what helps to fill in the missing options
        self.checks = value_checks(ledger)
        self.quote: str | None = None
        self.said = ""  # the quote and statement, to suggest the entities they name

    def get(self, question: Question, given: str | None) -> str | None:
        if given is not None and given.strip() != "":
            given = given.strip()
            problem = question.check(given)
            if problem:
                raise LedgerError(f"{option(question.name)}: {problem}")
            return given
        if self.ask is None:
            if not question.optional:
                self.missing.append(ARGUMENTS.get(question.name, option(question.name)))
            return None
        answer = self.ask(question).strip()
        if not answer:
            if question.optional:
                return None
            raise LedgerError(f"{question.prompt}: an answer is needed")
        problem = question.check(answer)
        if problem:  # the asker should have asked again; never write what fails its check
            raise LedgerError(f"{question.prompt}: {problem}")
        return answer

    def entity(self, name: str, prompt: str, optional: bool = False) -> Question:
        entities = self.ledger.entities
        choices = tuple((e.id, f"{e.name} ({e.type.value})") for e in entities.values())
        said = self.said.lower()
        suggested = tuple(
            e.id
            for e in entities.values()
            if any(
                re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", said)
                for n in (e.name, *e.aliases)
            )
        )

        def check(text: str) -> str | None:
            return None if text in entities else unknown_name("entity", text, entities, ENTITIES)

        return Question(name, prompt, choices, suggested, optional=optional, check=check)


def missing_sentence(names: list[str]) -> str:
    """What is missing as a sentence: "--occurrence is missing: give it ...", and for several
    "--statement, --subject and --unit are missing: give them ..."."""
    one = len(names) == 1
    listed = names[0] if one else f"{', '.join(names[:-1])} and {names[-1]}"
    return (
        f"{listed} {'is' if one else 'are'} missing: give {'it' if one else 'them'} on the "
        "command line (claims new --help shows each option), or run claims new in a "
        "terminal to be asked"
    )
