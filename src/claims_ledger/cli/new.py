"""`claims new`: a claim written from a quote, asking in a terminal what the options left out."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..authoring.value_input import VALUE_OPTIONS, value_option_help
from ..authoring.value_input import option as value_option
from ..errors import LedgerError
from .common import F, clean_errors, resolve_root, root_option, stdin_is_terminal

if TYPE_CHECKING:
    from ..authoring.new import Ask, Draft, NewClaim, Question
    from ..records.loading import Ledger


def ask_in_terminal(question: Question) -> str:
    """Ask one question of `claims new` on the terminal, re-asking until the answer is valid."""
    shown = [c for c in question.choices if c[0] in question.suggested] or list(question.choices)
    if question.choices:
        click.echo(f"{question.prompt}:")
        for answer, meaning in shown[:20]:
            click.echo(f"  {answer:<28} {meaning}")
        if len(question.choices) > min(len(shown), 20):
            click.echo(f"  (type ? to list all {len(question.choices)})")

    def convert(text: str) -> str:
        text = text.strip()
        if text == "?" and question.choices:
            for answer, meaning in question.choices:
                click.echo(f"  {answer:<28} {meaning}")
            raise click.BadParameter("choose one of the above")
        if not text and question.optional:
            return ""
        if not text:
            raise click.BadParameter("an answer is needed here (Ctrl-C stops without writing)")
        problem = question.check(text)
        if problem:
            raise click.BadParameter(problem)
        return text

    default = (
        question.default if question.default is not None else ("" if question.optional else None)
    )
    answer: str = click.prompt(
        question.prompt, default=default, value_proc=convert, show_default=bool(question.default)
    )
    return answer


def value_options(command: F) -> F:
    """--date, --quantity, --unit ... --entity: one option a part of a typed value."""
    helps = value_option_help()  # each from its value type
    for name in reversed(VALUE_OPTIONS):
        command = click.option(value_option(name), f"value_{name}", help=helps[name])(command)
    return command


@click.command("new")
@click.argument("document", required=False)
@click.argument("quote", required=False)
@click.option("--statement", "-s", help="The claim in one sentence, in your words.")
@click.option("--subject", help="Entity id the claim is about (from claims/entities.yaml).")
@click.option("--property", "prop", help="Property id (from claims/properties.yaml).")
@click.option("--object", "obj", help="Entity id of the object, if the property has one.")
@click.option(
    "--qualifier",
    "qualifiers",
    multiple=True,
    metavar="NAME=VALUE",
    help="A separator qualifier the property declares (repeatable).",
)
@value_options
@click.option("--attributed-to", help="Whom the document cites for the claim.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--note", help="How the value was read (an inferred year, say).")
@click.option("--slug", help="File name, without .yaml (default: from the statement).")
@click.option(
    "--occurrence",
    type=click.IntRange(min=1),
    help="Which occurrence of a quote found more than once (1, 2 ...).",
)
@click.option("--no-input", is_flag=True, help="Never ask; name what is missing and exit 2.")
@root_option
@clean_errors
def new_command(
    document: str | None,
    quote: str | None,
    statement: str | None,
    subject: str | None,
    prop: str | None,
    obj: str | None,
    qualifiers: tuple[str, ...],
    attributed_to: str | None,
    tags: tuple[str, ...],
    note: str | None,
    slug: str | None,
    occurrence: int | None,
    no_input: bool,
    root: Path | None,
    **value_parts: str | None,
) -> None:
    """Add a claim: find the quote in the document and write claims/<document>/<slug>.yaml.

    DOCUMENT is a document id from seeds/documents.yaml; QUOTE is copied from its text,
    character for character. What the command line leaves out is asked in a terminal;
    otherwise (in scripts, in CI) the command asks nothing and names what is missing.
    When the quote occurs more than once, --occurrence picks one and a prefix or suffix
    from the text around it is added to the record. An existing file is never overwritten.

    \b
    Examples:
      claims new petrov-repression "more than 900 political prisoners"
      claims new petrov-repression "more than 900 political prisoners" \\
        --statement "Circles close to Amnesty International count over 900 political prisoners." \\
        --subject russia --property count --qualifier of=political-prisoners \\
        --qualifier "as_of=2024?" --quantity 900 --unit person --bound more-than \\
        --attributed-to "circles close to Amnesty International" --slug amnesty-count
    The first asks the rest in a terminal. On the bundled ledger the second records a fact
    that petrov-repression/political-prisoners-more-than-900 already holds: `claims show
    petrov-repression/amnesty-count` then lists both, agreeing.
    Exit status: 0 written, 1 the quote is not in the document, 2 missing or invalid input.
    """
    from ..authoring.new import Draft, load_for_authoring  # deferred: start-up time
    from ..authoring.new import write as write_claim  # deferred: start-up time

    ledger_root = resolve_root(root)
    draft = Draft(
        document=document,
        quote=quote,
        statement=statement,
        subject=subject,
        property=prop,
        object=obj,
        qualifiers=_parse_qualifiers(qualifiers),
        value={k.removeprefix("value_"): v for k, v in value_parts.items() if v is not None},
        attributed_to=attributed_to,
        tags=tags,
        note=note,
        slug=slug,
        occurrence=occurrence,
    )
    ask = None if no_input or not stdin_is_terminal() else ask_in_terminal
    ledger = load_for_authoring(ledger_root)
    new = _plan(ledger, draft, ask)
    _refuse_a_repeat(ledger_root, ledger, new, ask)
    write_claim(ledger_root, new)
    _say_written(new)


def _parse_qualifiers(qualifiers: tuple[str, ...]) -> dict[str, str]:
    """Each --qualifier NAME=VALUE, by name."""
    parsed = {}
    for item in qualifiers:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise LedgerError(f"--qualifier {item!r}: write it as NAME=VALUE")
        parsed[name.strip()] = value.strip()
    return parsed


def _plan(ledger: Ledger, draft: Draft, ask: Ask | None) -> NewClaim:
    """The new claim; a quote off only by quote marks or spaces is offered the document's own
    text in a terminal, and a quote not in the document exits 1."""
    from ..authoring.new import plan as plan_claim  # deferred: start-up time
    from ..authoring.quoting import QuoteNotFound  # deferred: start-up time

    try:
        return plan_claim(ledger, draft, ask, dt.date.today())
    except QuoteNotFound as error:
        if ask is None or error.seed_text is None:
            click.echo(f"claims: {error}", err=True)
            sys.exit(1)
        click.echo(
            "claims: the quote differs from the document only in quote marks or spaces; "
            f"the document has:\n  {error.seed_text}",
            err=True,
        )
        if not click.confirm("Use the document's text?", default=True, err=True):
            click.echo(f"claims: {error}", err=True)
            sys.exit(1)
        draft.quote = error.seed_text
        return plan_claim(ledger, draft, ask, dt.date.today())


def _refuse_a_repeat(root: Path, ledger: Ledger, new: NewClaim, ask: Ask | None) -> None:
    """Warn of each claim the new one repeats; in a terminal, exit 2 unless told to write."""
    from ..authoring.new import repeated  # deferred: start-up time

    for other, rel in repeated(root, ledger, new):
        click.echo(
            f"claims: warning: this claim repeats {other} ({rel}): the same subject, "
            "property, object, value and passage; claims validate will report it as "
            "duplicate-claim",
            err=True,
        )
        if ask is not None and not click.confirm("Write it anyway?", default=False, err=True):
            click.echo("nothing was written", err=True)
            sys.exit(2)


def _say_written(new: NewClaim) -> None:
    """Where the claim was written, where its quote was found, and what to run next."""
    click.echo(f"wrote {new.rel}")
    where = f"{new.seed_file}:{new.anchor.line}:{new.anchor.column}"
    added = (
        " (the quote occurs more than once: a prefix/suffix was added)"
        if new.selectors_added
        else ""
    )
    click.echo(f"  quote found at {where}{added}")
    click.echo(f"  next: claims validate {new.rel} && claims show {new.rel}")
