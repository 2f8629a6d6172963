"""The `claims` command line: thin wrappers that call the library and print what it returns.

Only this module knows click. Exit codes: 0 clean, 1 findings, 2 usage or unreadable input.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import LedgerError
from .listing import claim_row, select_claims
from .loading import find_root, select
from .models import Status
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
    checked = len(only) if only is not None else len(ledger.claim_file) + _failed_claims(findings)
    click.echo(FORMATS[auto_format(fmt)].render_findings(findings, checked), nl=False)
    sys.exit(1 if any(f.severity.value == "error" for f in findings) else 0)


def _failed_claims(findings: list[Any]) -> int:
    return len({f.file for f in findings if f.file.startswith("claims/")} - {"claims/entities.yaml", "claims/properties.yaml"})


@main.command("list")
@click.option("--document", help="Only claims from this document id.")
@click.option("--status", type=click.Choice([s.value for s in Status]), help="Only this status.")
@click.option("--subject", help="Only claims about this entity id.")
@click.option("--property", "prop", help="Only claims with this property id.")
@click.option("--tag", help="Only claims with this tag.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
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
        click.echo(f"{row['id']}  [{row['status']}]  {where}\n    {ledger.claims[row['id']].statement}")
    click.echo(f"{len(rows)} claim(s)")


@main.command("report")
@root_option
@clean_errors
def report_command(root: Path | None) -> None:
    """Summarise the ledger: claims per document and per status.

    \b
    Example:
      claims report
    """
    ledger = prepare(_root(root))
    by_document = Counter(c.source.document for c in ledger.claims.values())
    by_status = Counter(c.status.value for c in ledger.claims.values())
    click.echo(f"{len(ledger.claims)} claims in {len(ledger.documents)} documents")
    click.echo("\nClaims per document:")
    for doc_id in ledger.documents:
        click.echo(f"  {doc_id:<28} {by_document.get(doc_id, 0):>5}")
    click.echo("\nClaims per status:")
    for status in Status:
        click.echo(f"  {status.value:<28} {by_status.get(status.value, 0):>5}")


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
