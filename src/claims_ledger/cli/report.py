"""`claims report`: every discrepancy between claims, and the exit code it calls for."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import (
    Names,
    ProgressBar,
    clean_errors,
    finding_types,
    format_option,
    jobs_option,
    no_cache_option,
    placed_left_out,
    resolve_root,
    root_option,
    tell,
    use_cache,
)

if TYPE_CHECKING:
    from ..checking.storedreport import Printed
    from ..records.loading import Ledger


@click.command("report")
@format_option
@click.option(
    "--type",
    "types",
    multiple=True,
    type=Names(finding_types),
    help="Only findings of this type (repeatable).",
)
@click.option("--document", help="Only findings with a side in this document id.")
@click.option("--subject", help="Only findings with a side about this entity id.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when a conflict is neither settled (a side refuted by evidence) nor "
    "acknowledged (every side disputed, each citing the others).",
)
@jobs_option
@no_cache_option
@root_option
@clean_errors
def report_command(
    fmt: str | None,
    types: tuple[str, ...],
    document: str | None,
    subject: str | None,
    strict: bool,
    jobs: int | None,
    no_cache: bool,
    root: Path | None,
) -> None:
    """Report every discrepancy between claims: conflict, review, spelling, arithmetic,
    timeline, leader.

    Compatible values ("2017" and "November 2017") are corroboration, not discrepancies.
    A conflict is settled in the ledger, not by a flag (`claims review`): it is settled when
    a side is refuted by evidence, acknowledged (still open) when every side is disputed and
    cites the others, and open otherwise. Refuted claims are listed by document with the
    source that shows them wrong; the summary says what most needs checking next.

    \b
    Examples:
      claims report
      claims report --type conflict --subject sergei-sapozhnikov
      claims report --format markdown >> "$GITHUB_STEP_SUMMARY"
      claims report --strict          in CI: fail on conflicts neither settled nor acknowledged
    Exit status: 0; 1 when two conflicting claims are both verified (conflict-both-verified,
    printed as file:line:col on stderr), or with --strict when a conflict is neither settled
    nor acknowledged (or the ledger has load problems); 1 also when a claim file did not
    load, 2 when one could not be read (each named on stderr: its claims are left out); 2 the
    ledger cannot be read or a filter names nothing.
    """
    from ..checking.storedreport import StoredReport  # deferred: start-up time
    from ..checking.validation import prepare  # deferred: start-up time
    from ..output.reporters import FORMATS, auto_format  # deferred: start-up time

    chosen = auto_format(fmt)
    # no-color.org: NO_COLOR set to anything but the empty string turns colour off.
    color = FORMATS[chosen].can_color and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    # a report in colour is not kept: how it is coloured depends on the terminal
    kept = not color and _covered(FORMATS[chosen])
    stored = StoredReport(chosen, types, document, subject) if kept else None
    with ProgressBar("loading") as progress:
        ledger = prepare(
            resolve_root(root),
            jobs=jobs,
            use_cache=use_cache(no_cache),
            progress=progress,
            rows=True,  # the report reads a few fields a claim: not its models
            stored=stored,
        )
    tell(ledger.notes)
    printed = stored.printed if stored is not None else None
    if printed is None:
        printed = _printed(ledger, chosen, color, types, document, subject)
        if stored is not None:
            stored.keep(printed)
    elif stored is not None and stored.stale:  # found by its files: kept under the new count
        stored.keep(printed)
    click.echo(printed.out, nl=False)
    for line in printed.problems:
        click.echo(line, err=True)
    left_out = placed_left_out(ledger)
    if strict and _strict_fails(ledger, printed.strict):
        sys.exit(max(left_out, 1))
    if printed.problems:
        sys.exit(max(left_out, 1))
    sys.exit(left_out)


def _covered(reporter: object) -> bool:
    """Whether the report is made only by code the cache's key covers (the build is this
    package's files): every consistency check and the format are modules of those files, none
    registered at run time from elsewhere, which could change the report under the same key."""
    from ..comparing.consistency import CHECKS  # deferred: start-up time

    package = Path(__file__).resolve().parents[1]
    made_by = [*CHECKS.values(), sys.modules.get(type(reporter).__module__)]
    for module in made_by:
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not Path(file).resolve().is_relative_to(package):
            return False
    return True


def _printed(
    ledger: Ledger,
    chosen: str,
    color: bool,
    types: tuple[str, ...],
    document: str | None,
    subject: str | None,
) -> Printed:
    """The report built and rendered in its format: its text, each conflict-both-verified
    as a line for stderr, and each conflict --strict fails on as one."""
    from ..checking.storedreport import Printed  # deferred: start-up time
    from ..comparing.report import build_report  # deferred: start-up time
    from ..output.reporters import FORMATS  # deferred: start-up time

    report = build_report(ledger, types, document, subject)
    problems = tuple(
        f"{problem.file}:{problem.line}:{problem.column}: {problem.code} {problem.message}"
        for problem in report.problems
    )
    strict = tuple(
        f"claims: strict: {entry.finding.type} {entry.finding.id} ({entry.finding.key}) "
        f"{entry.to_do}"
        for entry in report.strict_failures()
    )
    return Printed(FORMATS[chosen].render_report(report, color=color), problems, strict)


def _strict_fails(ledger: Ledger, failures: tuple[str, ...]) -> bool:
    """Whether --strict fails the run: a conflict neither settled nor acknowledged (each
    line of `failures` names one), or a load problem; each is named on stderr."""
    for line in failures:
        click.echo(line, err=True)
    if ledger.findings:
        click.echo(
            f"claims: strict: the ledger has {len(ledger.findings)} load problem(s): "
            "run claims validate",
            err=True,
        )
    return bool(ledger.findings or failures)
