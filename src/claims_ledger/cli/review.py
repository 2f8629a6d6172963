"""`claims review`: a verdict on a claim recorded with its evidence, or its history shown."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import LedgerError
from ..records.models import Status
from .common import clean_errors, resolve_root, root_option, stdin_is_terminal

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap


@click.command("review")
@click.argument("claim")
@click.option(
    "--status",
    type=click.Choice([s.value for s in Status]),
    help="The verdict; without it, the claim's review history is printed.",
)
@click.option("--note", help="What the sources show, and whose account it is.")
@click.option("--by", help="Who reviewed (a name or a team).")
@click.option("--url", help="Address of the source read (http or https).")
@click.option("--title", help="The source's headline.")
@click.option("--publisher", help="Who published the source.")
@click.option("--published", help='The EDTF date the source gives for itself, e.g. "2024-02-13".')
@click.option("--consulted", help="The day the source was read (default: today).")
@click.option("--excerpt", help="At most 60 words of the source, copied character for character.")
@click.option("--language", default="en", show_default=True, help="ISO 639-1 code of the excerpt.")
@click.option("--translation", help="The excerpt in English, when --language is not en.")
@click.option(
    "--stance",
    type=click.Choice(["supports", "contradicts", "context"]),
    help="Which way the evidence points (default: supports for verified, contradicts for "
    "refuted and disputed, else context).",
)
@click.option("--archived", help="Address of an archived copy of the source.")
@click.option(
    "--claim",
    "claims",
    multiple=True,
    metavar="ID",
    help="Another claim of the ledger as evidence, with --stance (repeatable).",
)
@click.option("--searched-where", multiple=True, help="Where you searched (repeatable).")
@click.option(
    "--searched-query",
    multiple=True,
    help="What you searched for there (one for each --searched-where).",
)
@click.option(
    "--entry",
    "entry_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read a whole review entry from this YAML file (its date defaults to today).",
)
@root_option
@clean_errors
def review_command(
    claim: str,
    status: str | None,
    entry_file: Path | None,
    root: Path | None,
    searched_where: tuple[str, ...],
    searched_query: tuple[str, ...],
    claims: tuple[str, ...],
    **given: Any,
) -> None:
    """Record a verdict on a claim: a dated review entry, its evidence, and the new status.

    The entry is appended to the claim's file (comments kept) and `status:` set to match;
    the claim must then pass every check `claims validate` makes, or nothing is written.
    A verdict needs its evidence: verified a source that supports it (--url, --title,
    --publisher, --excerpt), refuted a source that contradicts it or a verified --claim,
    unverifiable where you searched (--searched-where, --searched-query). What is missing
    is asked in a terminal; in a script the command asks nothing and names it (exit 2).
    With no --status, the claim's review history is printed.

    \b
    Examples:
      claims review spartak-no-one-safe/sapozhnikov-joined-circle-2019
      claims review petrov-repression/ufa-sapozhnikov-joined-spring-2020 \\
        --status disputed --note "Spartak dates it to 2019; nothing settles it." \\
        --claim spartak-no-one-safe/sapozhnikov-joined-circle-2019
      claims review kagarlitsky-interview/andromeda-1957 --status unverifiable \\
        --note "No edition found." --searched-where "library catalogue" \\
        --searched-query "Andromeda Yefremov 1957"
      claims review kagarlitsky-interview/andromeda-1957 --entry verdict.yaml
    Exit status: 0 written (or history shown), 1 the claim would have findings (they are
    listed; nothing is written), 2 no such claim, missing or unreadable input.
    """
    from ..authoring.reviewing import (  # deferred: start-up time
        history,
        load_claim,
        locate_claim,
        read_entry,
    )

    ledger_root = resolve_root(root)
    claim_id, rel = locate_claim(ledger_root, claim)
    today = dt.date.today()
    if status is None and entry_file is None:
        given_options = [name for name, value in given.items() if value not in (None, "en")]
        if given_options or claims or searched_where:
            raise LedgerError("--status is needed to record a review (or --entry FILE)")
        click.echo("\n".join(history(load_claim(ledger_root, rel))))
        return
    if entry_file is not None:
        if status is not None:
            raise LedgerError("--entry FILE holds the whole entry: give no --status with it")
        entry = read_entry(entry_file, today)
    else:
        assert status is not None  # one of --status and --entry was given
        searched = _searched(searched_where, searched_query)
        entry = _entry_from_options(Status(status), claims, searched, given, today)
    _review(ledger_root, claim_id, rel, entry)


def _searched(where: tuple[str, ...], query: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each --searched-where with its --searched-query."""
    if len(where) != len(query):
        raise LedgerError("give one --searched-query for each --searched-where")
    return list(zip(where, query, strict=True))


def _entry_from_options(
    status: Status,
    claims: tuple[str, ...],
    searched: list[tuple[str, str]],
    given: dict[str, Any],
    today: dt.date,
) -> CommentedMap:
    """The entry the options make; what they leave out is asked in a terminal, else named."""
    from ..authoring.reviewing import PROMPTS, Fields, entry_of, missing  # deferred: start-up time

    fields = Fields(status=status, claims=claims, searched=searched, **given)
    needed = missing(fields)
    if needed and not stdin_is_terminal():
        names = ", ".join("--" + name.replace("_", "-") for name in needed)
        raise LedgerError(
            f"a {status.value} review needs {names}: give them as options (nothing was written)"
        )
    for name in needed:
        if name in ("searched_where", "searched_query"):
            if not fields.searched:
                fields.searched = [
                    (
                        click.prompt(PROMPTS["searched_where"]),
                        click.prompt(PROMPTS["searched_query"]),
                    )
                ]
            continue
        setattr(fields, name, click.prompt(PROMPTS[name]))
    return entry_of(fields, today)


def _review(root: Path, claim_id: str, rel: str, entry: CommentedMap) -> None:
    """Write the entry when the claim would pass every check; else list why and exit 1."""
    from ..authoring.reviewing import Refused  # deferred: start-up time
    from ..authoring.reviewing import review as review_claim  # deferred: start-up time
    from ..authoring.reviewing import write as write_review  # deferred: start-up time

    try:
        reviewed = review_claim(root, claim_id, rel, entry)
    except Refused as refused:
        for f in refused.findings:
            click.echo(f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}", err=True)
        click.echo(f"claims: {rel} was left as it was", err=True)
        sys.exit(1)
    write_review(root, reviewed)
    click.echo(f"reviewed {rel}: status {reviewed.claim.status.value}")
    click.echo(f"  next: claims validate {rel} && claims report --strict")
