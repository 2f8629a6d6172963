"""The `claims` command line: thin wrappers that call the library and print what it returns.

Only this module knows click. Exit codes: 0 clean, 1 findings, 2 usage or unreadable input.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

# Only what the options themselves name is imported here; each command imports what it
# runs, so that `claims validate` does not load the authoring, showing or coverage code,
# and the names of formats and finding types are read from their registries only when an
# option needs them (the reporters and the report load rich and the consistency checks).
from . import __version__
from .authoring.value_input import VALUE_OPTIONS, value_option_help
from .authoring.value_input import option as value_option
from .errors import LedgerError
from .records.loading import find_root
from .records.models import Status

if TYPE_CHECKING:
    from .authoring.new import Question
    from .findings import Finding
    from .records.loading import Ledger

F = TypeVar("F", bound=Callable[..., Any])


class _Names(click.Choice):  # type: ignore[type-arg]
    """A choice among a registry's names, read from it when they are first needed."""

    def __init__(self, names: Callable[[], Sequence[str]]) -> None:
        self._names = names
        self.case_sensitive = True

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return tuple(self._names())


def _format_names() -> list[str]:
    from .output.reporters import FORMATS  # deferred: start-up time

    return sorted(FORMATS)


def _finding_types() -> tuple[str, ...]:
    from .comparing.report import FINDING_TYPES  # deferred: start-up time

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


def _tell(notes: list[str]) -> None:
    """What the run has to say that is not a finding (the cache was not used), once each."""
    for note in dict.fromkeys(notes):
        click.echo(f"claims: note: {note}", err=True)


# Left-out files that could not be read at all: exit 2, as for any unreadable input.
_UNREADABLE = {"unreadable", "file-too-large", "unsafe-path"}


def _left_out(findings: list[Finding] | tuple[Finding, ...]) -> int:
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
    return 2 if any(f.code in _UNREADABLE for f in findings) else 1


def _placed_left_out(ledger: Ledger) -> int:
    from .checking.validation import place  # deferred: start-up time

    return _left_out(place(ledger, ledger.left_out))


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


format_option = click.option(
    "--format",
    "fmt",
    type=_Names(_format_names),
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


def _use_cache(no_cache: bool) -> bool:
    """A cache committed to the repository must never hide a finding in CI: CI reads all."""
    return not no_cache and not os.environ.get("CI")


class _ProgressBar:
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

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@main.command("validate")
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
    from .checking.validation import validate, validate_all  # deferred: start-up time
    from .records.loading import select  # deferred: start-up time

    ledger_root = _root(root)
    only = select(ledger_root, paths) if paths else None
    if only is not None:
        ledger, findings = validate(ledger_root, only)
    else:
        with _ProgressBar("validating") as progress:
            ledger, findings = validate_all(ledger_root, jobs, _use_cache(no_cache), progress)
    _tell(ledger.notes)
    from .output.reporters import FORMATS, auto_format  # deferred: start-up time

    click.echo(FORMATS[auto_format(fmt)].render_findings(findings, ledger.claim_files), nl=False)
    sys.exit(1 if any(f.severity.value == "error" for f in findings) else 0)


@main.command("list")
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
    from .checking.validation import prepare  # deferred: start-up time
    from .output.showing import claims_table  # deferred: start-up time
    from .records.listing import check_filters, claim_row, select_claims  # deferred: start-up time

    ledger = prepare(_root(root))
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
    sys.exit(_placed_left_out(ledger))


@main.command("search")
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
    from .checking.validation import prepare  # deferred: start-up time
    from .output.searching import search  # deferred: start-up time

    ledger = prepare(_root(root))
    hits = search(ledger, text)
    for hit in hits:
        click.echo(f"{hit.id}  {hit.file}:{hit.line}  {hit.field}: {hit.text}")
    click.echo(f"{len(hits)} match(es) for {text!r}", err=not hits)
    sys.exit(0 if hits else 1)


@main.command("report")
@format_option
@click.option(
    "--type",
    "types",
    multiple=True,
    type=_Names(_finding_types),
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
    from .checking.validation import prepare  # deferred: start-up time
    from .comparing.report import build_report  # deferred: start-up time
    from .output.reporters import FORMATS, auto_format  # deferred: start-up time

    with _ProgressBar("loading") as progress:
        ledger = prepare(_root(root), jobs=jobs, use_cache=_use_cache(no_cache), progress=progress)
    _tell(ledger.notes)
    report = build_report(ledger, types, document, subject)
    chosen = auto_format(fmt)
    # no-color.org: NO_COLOR set to anything but the empty string turns colour off.
    color = FORMATS[chosen].can_color and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    click.echo(FORMATS[chosen].render_report(report, color=color), nl=False)
    for problem in report.problems:
        click.echo(
            f"{problem.file}:{problem.line}:{problem.column}: {problem.code} {problem.message}",
            err=True,
        )
    left_out = _placed_left_out(ledger)
    if strict:
        failures = report.strict_failures()
        for entry in failures:
            click.echo(
                f"claims: strict: {entry.finding.type} {entry.finding.id} ({entry.finding.key}) "
                f"{entry.to_do}",
                err=True,
            )
        if ledger.findings or failures:
            if ledger.findings:
                click.echo(
                    f"claims: strict: the ledger has {len(ledger.findings)} load problem(s): "
                    "run claims validate",
                    err=True,
                )
            sys.exit(max(left_out, 1))
    if report.problems:
        sys.exit(max(left_out, 1))
    sys.exit(left_out)


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
    from .records.schemas import stale_files, write_all  # deferred: start-up time

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
    from .coverage.measure import measure  # deferred: start-up time
    from .coverage.text import render_text  # deferred: start-up time

    report = measure(_root(root), document, minimum)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)
    sys.exit(max(_left_out(report.left_out), report.exit_code()))


def _ask_in_terminal(question: Question) -> str:
    """Ask one question of `claims new` on the terminal, re-asking until the answer is valid."""
    shown = [c for c in question.choices if c[0] in question.suggested] or list(question.choices)
    if question.choices:
        click.echo(f"{question.prompt}:")
        for answer, meaning in shown[:20]:
            click.echo(f"  {answer:<28} {meaning}")
        if len(question.choices) > min(len(shown), 20):
            click.echo(f"  (type ? to list all {len(question.choices)})")

    def convert(text: str) -> str:
        text = text.strip()
        if text == "?" and question.choices:
            for answer, meaning in question.choices:
                click.echo(f"  {answer:<28} {meaning}")
            raise click.BadParameter("choose one of the above")
        if not text and question.optional:
            return ""
        if not text:
            raise click.BadParameter("an answer is needed here (Ctrl-C stops without writing)")
        problem = question.check(text)
        if problem:
            raise click.BadParameter(problem)
        return text

    default = (
        question.default if question.default is not None else ("" if question.optional else None)
    )
    answer: str = click.prompt(
        question.prompt, default=default, value_proc=convert, show_default=bool(question.default)
    )
    return answer


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _value_options(command: F) -> F:
    """--date, --quantity, --unit ... --entity: one option a part of a typed value."""
    helps = value_option_help()  # each from its value type
    for name in reversed(VALUE_OPTIONS):
        command = click.option(value_option(name), f"value_{name}", help=helps[name])(command)
    return command


@main.command("new")
@click.argument("document", required=False)
@click.argument("quote", required=False)
@click.option("--statement", "-s", help="The claim in one sentence, in your words.")
@click.option("--subject", help="Entity id the claim is about (from claims/entities.yaml).")
@click.option("--property", "prop", help="Property id (from claims/properties.yaml).")
@click.option("--object", "obj", help="Entity id of the object, if the property has one.")
@click.option(
    "--qualifier",
    "qualifiers",
    multiple=True,
    metavar="NAME=VALUE",
    help="A separator qualifier the property declares (repeatable).",
)
@_value_options
@click.option("--attributed-to", help="Whom the document cites for the claim.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--note", help="How the value was read (an inferred year, say).")
@click.option("--slug", help="File name, without .yaml (default: from the statement).")
@click.option(
    "--occurrence",
    type=click.IntRange(min=1),
    help="Which occurrence of a quote found more than once (1, 2 ...).",
)
@click.option("--no-input", is_flag=True, help="Never ask; name what is missing and exit 2.")
@root_option
@clean_errors
def new_command(
    document: str | None,
    quote: str | None,
    statement: str | None,
    subject: str | None,
    prop: str | None,
    obj: str | None,
    qualifiers: tuple[str, ...],
    attributed_to: str | None,
    tags: tuple[str, ...],
    note: str | None,
    slug: str | None,
    occurrence: int | None,
    no_input: bool,
    root: Path | None,
    **value_parts: str | None,
) -> None:
    """Add a claim: find the quote in the document and write claims/<document>/<slug>.yaml.

    DOCUMENT is a document id from seeds/documents.yaml; QUOTE is copied from its text,
    character for character. What the command line leaves out is asked in a terminal;
    otherwise (in scripts, in CI) the command asks nothing and names what is missing.
    When the quote occurs more than once, --occurrence picks one and a prefix or suffix
    from the text around it is added to the record. An existing file is never overwritten.

    \b
    Examples:
      claims new petrov-repression "more than 900 political prisoners"
      claims new petrov-repression "more than 900 political prisoners" \\
        --statement "Circles close to Amnesty International count over 900 political prisoners." \\
        --subject russia --property count --qualifier of=political-prisoners \\
        --qualifier "as_of=2024?" --quantity 900 --unit person --bound more-than \\
        --attributed-to "circles close to Amnesty International" --slug amnesty-count
    The first asks the rest in a terminal. On the bundled ledger the second records a fact
    that petrov-repression/political-prisoners-more-than-900 already holds: `claims show
    petrov-repression/amnesty-count` then lists both, agreeing.
    Exit status: 0 written, 1 the quote is not in the document, 2 missing or invalid input.
    """
    from .authoring.new import Draft, load_for_authoring, repeated  # deferred: start-up time
    from .authoring.new import plan as plan_claim  # deferred: start-up time
    from .authoring.new import write as write_claim  # deferred: start-up time
    from .authoring.quoting import QuoteNotFound  # deferred: start-up time

    ledger_root = _root(root)
    parsed = {}
    for item in qualifiers:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise LedgerError(f"--qualifier {item!r}: write it as NAME=VALUE")
        parsed[name.strip()] = value.strip()
    draft = Draft(
        document=document,
        quote=quote,
        statement=statement,
        subject=subject,
        property=prop,
        object=obj,
        qualifiers=parsed,
        value={k.removeprefix("value_"): v for k, v in value_parts.items() if v is not None},
        attributed_to=attributed_to,
        tags=tags,
        note=note,
        slug=slug,
        occurrence=occurrence,
    )
    ask = None if no_input or not _stdin_is_terminal() else _ask_in_terminal
    ledger = load_for_authoring(ledger_root)
    try:
        new = plan_claim(ledger, draft, ask, dt.date.today())
    except QuoteNotFound as error:
        if ask is None or error.seed_text is None:
            click.echo(f"claims: {error}", err=True)
            sys.exit(1)
        click.echo(
            "claims: the quote differs from the document only in quote marks or spaces; "
            f"the document has:\n  {error.seed_text}",
            err=True,
        )
        if not click.confirm("Use the document's text?", default=True, err=True):
            click.echo(f"claims: {error}", err=True)
            sys.exit(1)
        draft.quote = error.seed_text
        new = plan_claim(ledger, draft, ask, dt.date.today())
    for other, rel in repeated(ledger_root, ledger, new):
        click.echo(
            f"claims: warning: this claim repeats {other} ({rel}): the same subject, "
            "property, object, value and passage; claims validate will report it as "
            "duplicate-claim",
            err=True,
        )
        if ask is not None and not click.confirm("Write it anyway?", default=False, err=True):
            click.echo("nothing was written", err=True)
            sys.exit(2)
    write_claim(ledger_root, new)
    click.echo(f"wrote {new.rel}")
    where = f"{new.seed_file}:{new.anchor.line}:{new.anchor.column}"
    added = (
        " (the quote occurs more than once: a prefix/suffix was added)"
        if new.selectors_added
        else ""
    )
    click.echo(f"  quote found at {where}{added}")
    click.echo(f"  next: claims validate {new.rel} && claims show {new.rel}")


@main.command("fmt")
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
    from .authoring.formatting import (  # deferred: start-up time
        format_files,
        ledger_files,
        remove_leftovers,
    )

    started = time.time()
    ledger_root = _root(root)
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


@main.command("review")
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
    from .authoring.reviewing import (  # deferred: start-up time
        PROMPTS,
        Fields,
        Refused,
        entry_of,
        history,
        load_claim,
        locate_claim,
        missing,
        read_entry,
    )
    from .authoring.reviewing import review as review_claim  # deferred: start-up time
    from .authoring.reviewing import write as write_review  # deferred: start-up time

    ledger_root = _root(root)
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
        if len(searched_where) != len(searched_query):
            raise LedgerError("give one --searched-query for each --searched-where")
        fields = Fields(
            status=Status(status),
            claims=claims,
            searched=list(zip(searched_where, searched_query, strict=True)),
            **given,
        )
        needed = missing(fields)
        if needed and not _stdin_is_terminal():
            names = ", ".join("--" + name.replace("_", "-") for name in needed)
            raise LedgerError(
                f"a {status} review needs {names}: give them as options (nothing was written)"
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
        entry = entry_of(fields, today)
    try:
        reviewed = review_claim(ledger_root, claim_id, rel, entry)
    except Refused as refused:
        for f in refused.findings:
            click.echo(f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}", err=True)
        click.echo(f"claims: {rel} was left as it was", err=True)
        sys.exit(1)
    write_review(ledger_root, reviewed)
    click.echo(f"reviewed {rel}: status {reviewed.claim.status.value}")
    click.echo(f"  next: claims validate {rel} && claims report --strict")


@main.command("show")
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

    from .checking.validation import prepare  # deferred: start-up time
    from .output.showing import claim_view, render_plain, render_rich  # deferred: start-up time

    ledger = prepare(_root(root))
    left_out = _placed_left_out(ledger)  # named first: the claim asked for may be among them
    view = claim_view(ledger, claim)
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        Console(highlight=False).print(render_rich(view))
    else:
        click.echo(render_plain(view), nl=False)
    sys.exit(left_out)


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


@main.command("site")
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
    from .checking.validation import prepare  # deferred: start-up time
    from .publishing.site import (  # deferred: start-up time
        SiteOptions,
        build_site_from,
        normalise_base_url,
    )

    options = SiteOptions(normalise_base_url(base_url) if base_url else None, publisher_name)
    ledger_root = _root(root)

    def load() -> Ledger:
        with _ProgressBar("loading") as progress:
            return prepare(
                ledger_root, jobs=jobs, use_cache=_use_cache(no_cache), progress=progress
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


@main.command("export")
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
    from .checking.validation import prepare  # deferred: start-up time
    from .publishing.export import export  # deferred: start-up time
    from .publishing.site import SiteOptions, normalise_base_url  # deferred: start-up time

    options = SiteOptions(normalise_base_url(base_url) if base_url else None, publisher_name)
    with _ProgressBar("loading") as progress:
        ledger = prepare(_root(root), jobs=jobs, use_cache=_use_cache(no_cache), progress=progress)
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
