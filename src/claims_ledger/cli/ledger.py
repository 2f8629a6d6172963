"""The commands that read and check the ledger: validate, list, search, show, schemas."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click

from ..records.models import Status
from .common import (
    ProgressBar,
    clean_errors,
    format_option,
    jobs_option,
    no_cache_option,
    placed_left_out,
    resolve_root,
    root_option,
    tell,
    use_cache,
)


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option
@jobs_option
@no_cache_option
@root_option
@clean_errors
def validate_command(
    paths: tuple[Path, ...], fmt: str | None, jobs: int | None, no_cache: bool, root: Path | None
) -> None:
    """Check records, references, values and quotes; list every problem as file:line:col.

    With PATHS (claim files or directories), only those claim files are checked, against
    the whole ledger's documents, entities and properties.

    \b
    Examples:
      claims validate
      claims validate claims/petrov-repression
      claims validate --format json > findings.json
      claims validate --jobs 2 --no-cache
    Exit status: 0 no problems, 1 problems found, 2 the ledger cannot be read.
    """
    from ..checking.validation import validate, validate_all  # deferred: start-up time
    from ..records.loading import select  # deferred: start-up time

    ledger_root = resolve_root(root)
    only = select(ledger_root, paths) if paths else None
    if only is not None:
        ledger, findings = validate(ledger_root, only)
    else:
        with ProgressBar("validating") as progress:
            ledger, findings = validate_all(ledger_root, jobs, use_cache(no_cache), progress)
    tell(ledger.notes)
    from ..output.reporters import FORMATS, auto_format  # deferred: start-up time

    click.echo(FORMATS[auto_format(fmt)].render_findings(findings, ledger.claim_files), nl=False)
    sys.exit(1 if any(f.severity.value == "error" for f in findings) else 0)


@click.command("list")
@click.option("--document", help="Only claims from this document id.")
@click.option("--status", type=click.Choice([s.value for s in Status]), help="Only this status.")
@click.option("--subject", help="Only claims about this entity id.")
@click.option("--property", "prop", help="Only claims with this property id.")
@click.option("--tag", help="Only claims with this tag.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "table"]),
    default="text",
    show_default=True,
    help="table: a readable table (80 columns unless the terminal is wider or narrower).",
)
@root_option
@clean_errors
def list_command(
    document: str | None,
    status: str | None,
    subject: str | None,
    prop: str | None,
    tag: str | None,
    fmt: str,
    root: Path | None,
) -> None:
    """List claims, one a line, or as a JSON array (its shape is documented in docs/json.md).

    \b
    Examples:
      claims list --document petrov-repression --status unverified
      claims list --subject sergei-sapozhnikov --format json
    Exit status: 0 listed; 1 a claim file did not load and 2 one could not be read (each
    named on stderr: its claims are not listed).
    """
    from ..checking.validation import prepare  # deferred: start-up time
    from ..output.showing import claims_table  # deferred: start-up time
    from ..records.listing import check_filters, claim_row, select_claims  # deferred: start-up time

    ledger = prepare(resolve_root(root))
    check_filters(ledger, document=document, subject=subject, prop=prop)
    ids = select_claims(ledger, document, status, subject, prop, tag)
    rows = [claim_row(ledger, claim_id) for claim_id in ids]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "table":
        terminal = sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if terminal else 80
        color = terminal and not os.environ.get("NO_COLOR")
        click.echo(claims_table(ledger, ids, width=width, color=color), nl=False)
    else:
        for row in rows:
            where = f"{row['file']}:{row['line']}" if row["line"] else row["record"]
            statement = ledger.claims[row["id"]].statement
            click.echo(f"{row['id']}  [{row['status']}]  {where}\n    {statement}")
        click.echo(f"{len(rows)} claim(s)")
    sys.exit(placed_left_out(ledger))


@click.command("search")
@click.argument("text")
@root_option
@clean_errors
def search_command(text: str, root: Path | None) -> None:
    """Find TEXT in claim statements, quotes and entity names and aliases.

    Letter case and runs of spaces do not count. Each hit is one line: the claim or entity
    id, where it is (a quote at its seed's file:line, a statement at its record's line, a
    name in claims/entities.yaml) and the text that matched.

    \b
    Examples:
      claims search Sapozhnikov
      claims search "spring of 2020"
      claims search prigogine
    Exit status: 0 found; 1 nothing found; 2 the ledger cannot be read.
    """
    from ..checking.validation import prepare  # deferred: start-up time
    from ..output.searching import search  # deferred: start-up time

    ledger = prepare(resolve_root(root))
    hits = search(ledger, text)
    for hit in hits:
        click.echo(f"{hit.id}  {hit.file}:{hit.line}  {hit.field}: {hit.text}")
    click.echo(f"{len(hits)} match(es) for {text!r}", err=not hits)
    sys.exit(0 if hits else 1)


@click.command("show")
@click.argument("claim")
@root_option
@clean_errors
def show_command(claim: str, root: Path | None) -> None:
    """Show a claim: its record, the sentence its quote comes from, and every other claim on
    the same key (subject, property, object, separator qualifiers) with how its value compares.

    On a terminal the quote is highlighted; otherwise (or with NO_COLOR set) it is marked » «.

    \b
    Examples:
      claims show spartak-no-one-safe/sapozhnikov-joined-circle-2019
      claims show claims/spartak-no-one-safe/sapozhnikov-joined-circle-2019.yaml
    Exit status: 0 shown, 1 another claim file did not load, 2 no such claim or a ledger file
    cannot be read (named on stderr).
    """
    from rich.console import Console  # deferred: start-up time

    from ..checking.validation import prepare  # deferred: start-up time
    from ..output.showing import claim_view, render_plain, render_rich  # deferred: start-up time

    ledger = prepare(resolve_root(root))
    left_out = placed_left_out(ledger)  # named first: the claim asked for may be among them
    view = claim_view(ledger, claim)
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        Console(highlight=False).print(render_rich(view))
    else:
        click.echo(render_plain(view), nl=False)
    sys.exit(left_out)


@click.command("schemas")
@click.option("--check", is_flag=True, help="Exit 1 if a committed schema is stale; write nothing.")
@root_option
@clean_errors
def schemas_command(check: bool, root: Path | None) -> None:
    """Write schemas/*.json from the models (the one source of truth), or --check them.

    \b
    Examples:
      claims schemas            regenerate schemas/
      claims schemas --check    fail when schemas/ differs from the models
    """
    from ..records.schemas import stale_files, write_all  # deferred: start-up time

    directory = resolve_root(root) / "schemas"
    if check:
        stale = stale_files(directory)
        for name in stale:
            click.echo(f"schemas/{name}: stale: run `claims schemas` and commit the result")
        sys.exit(1 if stale else 0)
    for path in write_all(directory):
        click.echo(f"wrote {path.relative_to(directory.parent)}")
