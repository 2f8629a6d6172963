"""`claims coverage`: every sentence and number of each document accounted for."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .common import clean_errors, name_left_out, resolve_root, root_option


@click.command("coverage")
@click.option("--document", help="Only this document id.")
@click.option(
    "--min",
    "minimum",
    type=click.FloatRange(0, 100),
    help="Exit 1 when a document's sentences or numbers, or the total, are accounted for "
    "below this percentage.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@root_option
@clean_errors
def coverage_command(
    document: str | None, minimum: float | None, fmt: str, root: Path | None
) -> None:
    """Is every checkable fact in the ledger? Account for every sentence of each document:
    a claim's quote lies in it, or a sentence waiver says why it states no fact, or it is
    missing. Every number, date and number word is accounted for too: a claim's quote holds
    it, a waiver excuses it, or it is missing.

    Sentence waivers live in seeds/sentence-waivers/<document>.yaml, with a reason from a fixed
    list (schemas/sentence-waivers.schema.json); number waivers in seeds/coverage-waivers.yaml
    (schemas/waivers.schema.json). --min holds for sentences and numbers alike. The text output
    ends with hints, never counted: each sentence that needs a claim, with its seed file:line.
    The JSON shape is documented in docs/json.md.

    \b
    Examples:
      claims coverage
      claims coverage --document petrov-repression
      claims coverage --min 90 --format json > coverage.json
    Exit status: 0 ok, 1 coverage below --min, a stale waiver or a claim file that did not
    load, 2 the ledger or one of its files cannot be read (named on stderr).
    """
    from ..coverage.measure import measure  # deferred: start-up time
    from ..coverage.text import render_text  # deferred: start-up time

    report = measure(resolve_root(root), document, minimum)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)
    sys.exit(max(name_left_out(report.left_out), report.exit_code()))
