"""`claims fmt`: ledger files rewritten in their one canonical form."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import clean_errors, resolve_root, root_option

if TYPE_CHECKING:
    from ..findings import Finding


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Only list the files that would change; exit 1 if any.")
@root_option
@clean_errors
def fmt_command(paths: tuple[Path, ...], check: bool, root: Path | None) -> None:
    """Rewrite ledger files in their one canonical form, keeping every comment and value.

    Key order as in docs/ledger-format.md, the schema line first, two-space indentation,
    block style, dates, EDTF strings and durations double-quoted. With no PATHS: every claim,
    claims/entities.yaml, claims/properties.yaml and seeds/documents.yaml. A file that does not
    parse is reported and left untouched; each write is atomic.

    \b
    Examples:
      claims fmt                            format the whole ledger
      claims fmt claims/petrov-repression   one document's claims
      claims fmt --check                    in CI: list what is not formatted
    Exit status: 0 done (or nothing to do), 1 with --check when a file would change,
    2 a file could not be read or formatted.
    """
    from ..authoring.formatting import (  # deferred: start-up time
        format_files,
        ledger_files,
        remove_leftovers,
    )

    started = time.time()
    ledger_root = resolve_root(root)
    refused: list[Finding] = []
    rels = ledger_files(ledger_root, paths, refused)
    if not check:
        for rel in remove_leftovers(ledger_root, rels, started):
            click.echo(f"removed {rel}, left by an interrupted fmt", err=True)
    results = format_files(ledger_root, rels, check=check)
    changed = [r.rel for r in results if r.changed]
    problems = refused + [r.problem for r in results if r.problem is not None]
    for rel in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {rel}")
    for p in problems:
        click.echo(f"{p.file}:{p.line}:{p.column}: {p.code} {p.message} (left untouched)", err=True)
    verb = "would be reformatted" if check else "reformatted"
    click.echo(
        f"{len(changed)} file(s) {verb}, {sum(not r.changed and not r.problem for r in results)}"
        " unchanged" + (f", {len(problems)} left untouched" if problems else ""),
        err=True,
    )
    sys.exit(2 if problems else 1 if check and changed else 0)
