"""The `claims` group: every command, and --version."""

from __future__ import annotations

import click

from .coverage import coverage_command
from .fmt import fmt_command
from .ledger import list_command, schemas_command, search_command, show_command, validate_command
from .new import new_command
from .publishing import export_command, site_command
from .report import report_command
from .review import review_command


def show_version(context: click.Context, _: click.Parameter, asked: bool) -> None:
    """--version: the version is looked up only when asked for (see the package's top)."""
    if not asked or context.resilient_parsing:
        return
    from .. import __version__  # deferred: start-up time

    click.echo(f"claims, version {__version__}")
    context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=show_version,
    help="Show the version and exit.",
)
def main() -> None:
    """A fact-checking claims ledger: validate claims, anchor quotes, report discrepancies.

    \b
    Examples:
      claims validate                  check the whole ledger
      claims report                    the discrepancy summary
      claims list --document petrov-repression
    """


for command in (
    validate_command,
    list_command,
    search_command,
    report_command,
    schemas_command,
    coverage_command,
    new_command,
    fmt_command,
    review_command,
    show_command,
    site_command,
    export_command,
):
    main.add_command(command)
