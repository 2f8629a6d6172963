"""The commands that publish the ledger: the static website and the exports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import (
    ProgressBar,
    clean_errors,
    jobs_option,
    no_cache_option,
    resolve_root,
    root_option,
    use_cache,
)

if TYPE_CHECKING:
    from ..records.loading import Ledger

base_url_option = click.option(
    "--base-url",
    metavar="URL",
    help="Where the site is served, e.g. https://example.org/ledger/ (needed for the "
    "ClaimReview url fields).",
)
publisher_name_option = click.option(
    "--publisher-name",
    default="claims-ledger",
    show_default=True,
    help="The organisation named as the author of the reviews.",
)


@click.command("site")
@click.argument("out", type=click.Path(path_type=Path))
@base_url_option
@publisher_name_option
@click.option(
    "--force", is_flag=True, help="Write into a non-empty directory `claims site` did not make."
)
@jobs_option
@no_cache_option
@root_option
@clean_errors
def site_command(
    out: Path,
    base_url: str | None,
    publisher_name: str,
    force: bool,
    jobs: int | None,
    no_cache: bool,
    root: Path | None,
) -> None:
    """Write the ledger as a static website into OUT: no server, no script needed to read it.

    A page per document (its text, every claim's passage marked by status and linked), per
    claim (with ClaimReview JSON-LD when it has a verdict) and per finding of the report.
    OUT is replaced whole when `claims site` wrote it; see docs/site.md.

    \b
    Examples:
      claims site _site && python3 -m webbrowser _site/index.html
      claims site _site --base-url https://example.org/ledger/ --publisher-name "Desk"
    Exit status: 0 written, 1 written but the ledger has load problems, 2 not written.
    """
    from ..checking.validation import prepare  # deferred: start-up time
    from ..publishing.options import SiteOptions, normalise_base_url  # deferred: start-up time
    from ..publishing.site import build_site_from  # deferred: start-up time

    options = SiteOptions(normalise_base_url(base_url) if base_url else None, publisher_name)
    ledger_root = resolve_root(root)

    def load() -> Ledger:
        with ProgressBar("loading") as progress:
            return prepare(
                ledger_root,
                jobs=jobs,
                use_cache=use_cache(no_cache),
                progress=progress,
                rows=True,  # the plan reads a few fields a claim; each page reads its record
            )

    result, ledger = build_site_from(load, out, options, force=force, jobs=jobs)
    for note in result.notes:
        click.echo(f"claims: note: {note}", err=True)
    click.echo(
        f"wrote {result.pages} page(s) to {out} ({result.claim_reviews} with ClaimReview JSON-LD)"
    )
    if ledger.findings:
        click.echo(
            f"claims: the ledger has {len(ledger.findings)} load problem(s): the site shows "
            "only what loaded; run claims validate",
            err=True,
        )
        sys.exit(1)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["claimreview", "csv", "sqlite", "jsonl"]),
    required=True,
    help="claimreview: JSON-LD; csv: a row a claim; sqlite: for datasette; jsonl: a claim a line.",
)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@base_url_option
@publisher_name_option
@jobs_option
@no_cache_option
@root_option
@clean_errors
def export_command(
    fmt: str,
    out: Path,
    base_url: str | None,
    publisher_name: str,
    jobs: int | None,
    no_cache: bool,
    root: Path | None,
) -> None:
    """Export the ledger to the file OUT, for other tools. Shapes: docs/exports.md.

    \b
    Examples:
      claims export --format sqlite ledger.db && datasette ledger.db
      claims export --format csv claims.csv
      claims export --format jsonl claims.jsonl
      claims export --format claimreview reviews.jsonld --base-url https://example.org/ledger/
    Exit status: 0 written, 1 written but the ledger has load problems, 2 not written.
    """
    from ..checking.validation import prepare  # deferred: start-up time
    from ..publishing.export import export  # deferred: start-up time
    from ..publishing.options import SiteOptions, normalise_base_url  # deferred: start-up time

    options = SiteOptions(normalise_base_url(base_url) if base_url else None, publisher_name)
    with ProgressBar("loading") as progress:
        ledger = prepare(
            resolve_root(root), jobs=jobs, use_cache=use_cache(no_cache), progress=progress
        )
    count = export(ledger, fmt, out, options)
    if fmt == "claimreview" and options.base_url is None:
        click.echo("claims: note: no --base-url: the ClaimReview objects have no url", err=True)
    click.echo(f"wrote {count} {'review' if fmt == 'claimreview' else 'claim'}(s) to {out}")
    if ledger.findings:
        click.echo(
            f"claims: the ledger has {len(ledger.findings)} load problem(s): the export holds "
            "only what loaded; run claims validate",
            err=True,
        )
        sys.exit(1)
