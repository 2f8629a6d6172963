"""What every command shares: the ledger's root, clean errors, left-out files, progress.

Also the options several commands take, and the choices read from a registry (formats,
finding types) only when an option needs them, so that importing the CLI stays light.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import LedgerError
from ..records.layout import find_root

if TYPE_CHECKING:
    from ..findings import Finding
    from ..records.loading import Ledger

F = TypeVar("F", bound=Callable[..., Any])


class Names(click.Choice):  # type: ignore[type-arg]
    """A choice among a registry's names, read from it when they are first needed."""

    def __init__(self, names: Callable[[], Sequence[str]]) -> None:
        self._names = names
        self.case_sensitive = True

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return tuple(self._names())


def format_names() -> list[str]:
    from ..output.reporters import FORMATS  # deferred: start-up time

    return sorted(FORMATS)


def finding_types() -> tuple[str, ...]:
    from ..comparing.report import FINDING_TYPES  # deferred: start-up time

    return tuple(FINDING_TYPES)


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


def tell(notes: list[str]) -> None:
    """What the run has to say that is not a finding (the cache was not used), once each."""
    for note in dict.fromkeys(notes):
        click.echo(f"claims: note: {note}", err=True)


# Left-out files that could not be read at all: exit 2, as for any unreadable input.
UNREADABLE = {"unreadable", "file-too-large", "unsafe-path"}


def name_left_out(findings: list[Finding] | tuple[Finding, ...]) -> int:
    """Name on stderr each ledger file a command had to leave out, and give the exit code
    that calls for: 2 if one could not be read, 1 if one did not load, else 0."""
    for f in findings:
        click.echo(
            f"claims: {f.file}:{f.line}:{f.column}: {f.code} {f.message} "
            "(left out of this output: run claims validate)",
            err=True,
        )
    if not findings:
        return 0
    return 2 if any(f.code in UNREADABLE for f in findings) else 1


def placed_left_out(ledger: Ledger) -> int:
    from ..checking.validation import place  # deferred: start-up time

    return name_left_out(place(ledger, ledger.left_out))


def resolve_root(option: Path | None) -> Path:
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


format_option = click.option(
    "--format",
    "fmt",
    type=Names(format_names),
    default=None,
    help="Output format (default: github inside GitHub Actions, else text).",
)

jobs_option = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for reading claim files (default: 1 for a small ledger, else 2).",
)
no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    help="Read every claim file again instead of using .claims-cache/ (never used under CI).",
)


def use_cache(no_cache: bool) -> bool:
    """A cache committed to the repository must never hide a finding in CI: CI reads all."""
    return not no_cache and not os.environ.get("CI")


class ProgressBar:
    """A progress bar on stderr for long runs in a terminal; nothing in CI or when piped."""

    def __init__(self, label: str, least: int = 2000) -> None:
        self.label = label
        self.least = least
        self.bar: Any = None
        self.task: Any = None
        self.shown = sys.stderr.isatty() and not os.environ.get("CI")

    def __call__(self, done: int, total: int) -> None:
        if not self.shown or total < self.least:
            return
        if self.bar is None:
            from rich.console import Console  # deferred: start-up time
            from rich.progress import Progress  # deferred: start-up time

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def stdin_is_terminal() -> bool:
    """Whether a command may ask what its options left out (tests stand in for a terminal)."""
    return sys.stdin.isatty()
