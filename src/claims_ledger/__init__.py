"""claims-ledger: a fact-checking claims ledger kept as data in a git repository.

The folders are the stages data flows through, in this order; a module imports only from its
own stage and the stages before it (tests/test_layering.py holds the code to that, and
docs/architecture.md says more):

    errors, findings, hints, collector  shared by every stage: exceptions, findings,
                                        did-you-mean hints, pausing the cyclic collector
    reading/     a file's text: YAML read safely with places, quotes anchored, sentences
    records/     the records: models, value types, schemas, a ledger and its seeds loaded
    checking/    each claim's checks and the validation engine, its workers and cache
    comparing/   claims on one key compared, the consistency checks, the report
    output/      the report in each format, `claims show`, `claims search`
    publishing/  the static website and the exports
    authoring/   writing records: `claims new`, `claims fmt`, `claims review`
    coverage/    every sentence, number and date accounted for
    cli/         the command line, the only package that knows click
"""

# The stage folders in the order data flows through them; tests/test_layering.py reads it.
STAGES = (
    "reading",
    "records",
    "checking",
    "comparing",
    "output",
    "publishing",
    "authoring",
    "coverage",
)


def __getattr__(name: str) -> str:
    """`__version__`, looked up when first asked for: reading the installed package's
    metadata costs every command some tens of milliseconds at start-up."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version  # deferred: start-up time

    try:
        found = version("claims-ledger")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
