"""The coverage waiver file, seeds/coverage-waivers.yaml: signals that state no fact to claim.

`claims coverage` counts every number, date and number word in a document; some of them are
not facts (a footnote marker such as "Soviets.1", a figure inside a name such as "19th
Congress" that a claim about the congress already holds). A waiver names one such signal
exactly as the seed has it, with a quote around it that anchors it the way a claim's source
quote does, so the waiver follows the text: when the quote stops occurring, the waiver is
reported as stale instead of silently waiving something else.

```yaml
# yaml-language-server: $schema=../schemas/waivers.schema.json
waivers:
  - document: kagarlitsky-interview
    signal: "1"
    quote: "to the Soviets.1 But"
    reason: footnote marker, not a fact
```

Its model is in waiver_model.py, registered with the other kinds in kinds.py so that its JSON
Schema is generated and checked with the others. A waiver file that does not load is a finding, and the run goes on
without waivers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from ..findings import Finding, Severity
from ..reading.anchoring import Anchor, anchor
from ..reading.textfile import read_text
from ..reading.yamlparse import parse
from ..reading.yamlproblem import YamlProblem
from ..records.schemas import model_findings, schema_findings
from ..records.waiver_model import Waiver, Waivers

if TYPE_CHECKING:
    from ..reading.signals import Signal
    from ..records.loading import Ledger
    from .items import SignalCoverage

WAIVERS_FILE = "seeds/coverage-waivers.yaml"

# Every code a waiver file can produce, with what it means. Stable: tools match on them.
CODES: dict[str, str] = {
    "waiver-unknown-document": "a waiver names a document the manifest does not list",
    "waiver-quote-not-found": "a waiver's quote no longer occurs in its document: it is stale",
    "waiver-quote-ambiguous": "a waiver's quote occurs more than once in its document",
    "waiver-signal-not-in-quote": "a waiver's signal is not part of its own quote",
    "waiver-no-signal": "a waiver's quote holds no signal with the waiver's text",
    "waiver-redundant": "a waiver for a signal that claims already cover",
}


@dataclass(frozen=True, slots=True)
class WaiverFile:
    """The waivers that loaded, the file's text (to place findings), and its problems."""

    waivers: tuple[Waiver, ...] = ()
    text: str | None = None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class PlacedWaiver:
    """A waiver whose quote was found: `number` is its place in the file's list."""

    number: int
    waiver: Waiver
    anchor: Anchor


def load_waivers(root: Path) -> WaiverFile:
    """Read seeds/coverage-waivers.yaml if it exists; a file that fails yields findings."""
    path = root / WAIVERS_FILE
    if path.is_symlink():
        message = "the file is a symbolic link: commit the file itself"
        return WaiverFile(findings=(Finding("unsafe-path", message, WAIVERS_FILE, 1, 1),))
    if not path.exists():
        return WaiverFile()
    read = read_text(path)
    if read.problem is not None:
        return WaiverFile(findings=(read.problem.finding(WAIVERS_FILE),))
    text = read.text or ""
    try:
        data = parse(text)
    except YamlProblem as problem:
        return WaiverFile(text=text, findings=(problem.finding(WAIVERS_FILE),))
    found = schema_findings("waivers", data, WAIVERS_FILE)
    if found:
        return WaiverFile(text=text, findings=tuple(found))
    try:
        return WaiverFile(tuple(Waivers.model_validate(data).waivers), text)
    except ValidationError as error:  # the schema and the model disagree: still a finding
        return WaiverFile(text=text, findings=model_findings(error, WAIVERS_FILE))


def finding(code: str, message: str, number: int, key: str) -> Finding:
    """A finding about the waiver at `number`, pointing at one of its keys."""
    severity = Severity.warning if code == "waiver-redundant" else Severity.error
    return Finding(code, message, WAIVERS_FILE, severity=severity, pointer=("waivers", number, key))


def place_waivers(
    ledger: Ledger, waivers: Iterable[Waiver], documents: set[str]
) -> tuple[list[PlacedWaiver], list[Finding]]:
    """Anchor each waiver of the chosen documents to its passage, as a claim's quote is."""
    placed: list[PlacedWaiver] = []
    found: list[Finding] = []
    for number, waiver in enumerate(waivers):
        name = waiver.document
        if name not in ledger.documents:
            message = f"no document {name!r} in seeds/documents.yaml: name one of its ids"
            found.append(finding("waiver-unknown-document", message, number, "document"))
            continue
        if name not in documents or name not in ledger.spans:
            continue
        if waiver.signal not in waiver.quote:
            message = (
                f"the signal {waiver.signal!r} is not part of the quote {waiver.quote!r}: "
                "quote the signal with the text around it"
            )
            found.append(finding("waiver-signal-not-in-quote", message, number, "signal"))
            continue
        seed = ledger.seeds[ledger.documents[name].file]
        result = anchor(seed, ledger.spans[name], waiver.quote, waiver.prefix, waiver.suffix)
        if isinstance(result, Anchor):
            placed.append(PlacedWaiver(number, waiver, result))
            continue
        stale = result.code == "quote-not-found"
        message = (
            f"{'stale waiver: ' if stale else ''}in document {name}, {result.message}; "
            "fix the quote, or remove the waiver if the signal is gone"
        )
        found.append(finding(f"waiver-{result.code}", message, number, "quote"))
    return placed, found


def waives(placed: PlacedWaiver, signal: Signal, any_text: bool = False) -> bool:
    """Whether the waiver's quote holds the signal (and names its text, unless any_text)."""
    inside = placed.anchor.start <= signal.start and signal.end <= placed.anchor.end
    return inside and (any_text or signal.text == placed.waiver.signal)


def waiver_findings(items: list[SignalCoverage], waivers: list[PlacedWaiver]) -> list[Finding]:
    """A waiver must waive a signal; one whose signals claims already cover is not needed."""
    found = []
    for placed in waivers:
        name = placed.waiver.signal
        matched = [item for item in items if waives(placed, item.signal)]
        if not matched:
            held = [item.signal.text for item in items if waives(placed, item.signal, True)]
            holds = f"it holds {', '.join(map(repr, held))}" if held else "it holds none"
            message = f"the quote holds no signal {name!r} ({holds}): fix or remove the waiver"
            found.append(finding("waiver-no-signal", message, placed.number, "signal"))
        elif all(item.status == "covered" for item in matched):
            by = ", ".join(sorted({claim for item in matched for claim in item.claims}))
            message = f"{name!r} is already covered by {by}: remove the waiver"
            found.append(finding("waiver-redundant", message, placed.number, "signal"))
    return found
