"""The `claims` command line: thin wrappers that call the library and print what it returns.

Only this module knows click. Exit codes: 0 clean, 1 findings, 2 usage or unreadable input.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .coverage import measure, render_text
from .errors import LedgerError
from .listing import claim_row, select_claims
from .loading import find_root, select
from .models import Status
from .report import FINDING_TYPES, build_report
from .reporters import FORMATS, auto_format
from .schemas import stale_files, write_all
from .validation import prepare, validate

F = TypeVar("F", bound=Callable[..., Any])


def clean_errors(command: F) -> F:
    """Library errors become one line on stderr and exit 2, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except LedgerError as error:
            click.echo(f"claims: error: {error}", err=True)
            sys.exit(2)
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _root(option: Path | None) -> Path:
    if option is not None:
        if not (option / "seeds" / "documents.yaml").is_file():
            raise LedgerError(f"{option}: not a ledger (no seeds/documents.yaml there)")
        return option.resolve()
    return find_root(Path.cwd())


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="The ledger's top directory (default: found from the current directory upwards).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="claims")
def main() -> None:
    """A fact-checking claims ledger: validate claims, anchor quotes, report discrepancies.

    \b
    Examples:
      claims validate                  check the whole ledger
      claims report                    the discrepancy summary
      claims list --document petrov-repression
    """


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="Output format (default: github inside GitHub Actions, else text).",
)
@root_option
@clean_errors
def validate_command(paths: tuple[Path, ...], fmt: str | None, root: Path | None) -> None:
    """Check records, references, values and quotes; list every problem as file:line:col.

    With PATHS (claim files or directories), only those claim files are checked, against
    the whole ledger's documents, entities and properties.

    \b
    Examples:
      claims validate
      claims validate claims/petrov-repression
      claims validate --format json > findings.json
    Exit status: 0 no problems, 1 problems found, 2 the ledger cannot be read.
    """
    ledger_root = _root(root)
    only = select(ledger_root, paths) if paths else None
    ledger, findings = validate(ledger_root, only)
    click.echo(FORMATS[auto_format(fmt)].render_findings(findings, ledger.claim_files), nl=False)
    sys.exit(1 if any(f.severity.value == "error" for f in findings) else 0)


@main.command("list")
@click.option("--document", help="Only claims from this document id.")
@click.option("--status", type=click.Choice([s.value for s in Status]), help="Only this status.")
@click.option("--subject", help="Only claims about this entity id.")
@click.option("--property", "prop", help="Only claims with this property id.")
@click.option("--tag", help="Only claims with this tag.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
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
    """
    ledger = prepare(_root(root))
    ids = select_claims(ledger, document, status, subject, prop, tag)
    rows = [claim_row(ledger, claim_id) for claim_id in ids]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        where = f"{row['file']}:{row['line']}" if row["line"] else row["record"]
        click.echo(
            f"{row['id']}  [{row['status']}]  {where}\n    {ledger.claims[row['id']].statement}"
        )
    click.echo(f"{len(rows)} claim(s)")


@main.command("report")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="Output format (default: github inside GitHub Actions, else text).",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(FINDING_TYPES),
    help="Only findings of this type (repeatable).",
)
@click.option("--document", help="Only findings with a side in this document id.")
@click.option("--subject", help="Only findings with a side about this entity id.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when a conflict has a side still unverified, or two verified sides.",
)
@root_option
@clean_errors
def report_command(
    fmt: str | None,
    types: tuple[str, ...],
    document: str | None,
    subject: str | None,
    strict: bool,
    root: Path | None,
) -> None:
    """Report every discrepancy between claims: conflict, review, spelling, arithmetic, timeline.

    Compatible values ("2017" and "November 2017") are corroboration, not discrepancies.
    A conflict is triaged in the ledger, not by a flag: mark a side disputed or refuted with
    a review entry that says why.

    \b
    Examples:
      claims report
      claims report --type conflict --subject sergei-sapozhnikov
      claims report --format markdown >> "$GITHUB_STEP_SUMMARY"
      claims report --strict          in CI: fail on untriaged conflicts
    Exit status: 0; with --strict, 1 when a conflict is untriaged or has two verified sides
    (or the ledger has load problems); 2 the ledger cannot be read or a filter names nothing.
    """
    ledger = prepare(_root(root))
    report = build_report(ledger, types, document, subject)
    chosen = auto_format(fmt)
    # no-color.org: NO_COLOR set to anything but the empty string turns colour off.
    color = chosen == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    click.echo(FORMATS[chosen].render_report(report, color=color), nl=False)
    if strict:
        failures = report.strict_failures()
        for entry in failures:
            why = (
                "is untriaged: mark a side disputed or refuted with a review entry"
                if entry.untriaged
                else "has two verified sides: two conflicting claims cannot both be verified; "
                "dispute or refute one with a review entry"
            )
            click.echo(
                f"claims: strict: {entry.finding.type} {entry.finding.id} ({entry.finding.key}) "
                + why,
                err=True,
            )
        if ledger.findings or failures:
            if ledger.findings:
                click.echo(
                    f"claims: strict: the ledger has {len(ledger.findings)} load problem(s): "
                    "run claims validate",
                    err=True,
                )
            sys.exit(1)


@main.command("schemas")
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
    directory = _root(root) / "schemas"
    if check:
        stale = stale_files(directory)
        for name in stale:
            click.echo(f"schemas/{name}: stale: run `claims schemas` and commit the result")
        sys.exit(1 if stale else 0)
    for path in write_all(directory):
        click.echo(f"wrote {path.relative_to(directory.parent)}")


@main.command("coverage")
@click.option("--document", help="Only this document id.")
@click.option(
    "--min",
    "minimum",
    type=click.FloatRange(0, 100),
    help="Exit 1 when a document's coverage, or the total, is below this percentage.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@root_option
@clean_errors
def coverage_command(
    document: str | None, minimum: float | None, fmt: str, root: Path | None
) -> None:
    """Is every checkable fact in the ledger? Count each document's numbers, dates and number
    words, and whether a claim's quote covers each, a waiver excuses it, or it is missing.

    Waivers live in seeds/coverage-waivers.yaml (see schemas/waivers.schema.json). Sentences
    that name someone but hold no claim are shown as hints, never counted. The JSON shape is
    documented in docs/json.md.

    \b
    Examples:
      claims coverage
      claims coverage --document petrov-repression
      claims coverage --min 90 --format json > coverage.json
    Exit status: 0 ok, 1 coverage below --min or a stale waiver, 2 the ledger cannot be read.
    """
    report = measure(_root(root), document, minimum)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)
    sys.exit(report.exit_code())
