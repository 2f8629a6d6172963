"""Sentence waivers, seeds/sentence-waivers/<document>.yaml: sentences that state no fact.

`claims coverage` accounts for every sentence of a document: a claim's quote lies in it, or a
waiver says why it states nothing to check, with a reason from a fixed list (see
`WaiverReason`). The list is short on purpose: "opinion" or "rhetoric" must be a judgement a
reader can audit, and a fact that only repeats another sentence's fact names the claim that
records it. A waiver finds its sentence by a quote, exactly as a claim's source does, so when
the text no longer holds the quote the waiver is reported instead of waiving something else.

```yaml
# yaml-language-server: $schema=../../schemas/sentence-waivers.schema.json
document: lantern-strike
waivers:
  - quote: "Who will pay for the harbour now?"
    reason: question
    note: the author's question to the reader
  - quote: "The strike began in March."
    reason: restatement
    claim: lantern-strike/strike-began
    note: repeats the start date the opening sentence gives
```
"""

from __future__ import annotations

import os
import stat
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
from ..records.waiver_model import SentenceWaiver, SentenceWaivers, WaiverReason

if TYPE_CHECKING:
    from ..records.loading import Ledger

WAIVERS_DIR = "seeds/sentence-waivers"
REASONS = tuple(reason.value for reason in WaiverReason)

# Every code a sentence waiver file can produce, with what it means. Stable: tools match on them.
CODES: dict[str, str] = {
    "sentence-waiver-file": "a file in seeds/sentence-waivers/ is not named <document-id>.yaml",
    "sentence-waiver-document": "a waiver file's document is not the one its name gives",
    "sentence-waiver-quote-not-found": "a waiver's quote no longer occurs in its document",
    "sentence-waiver-quote-ambiguous": "a waiver's quote occurs more than once in its document",
    "sentence-waiver-spans-sentences": "a waiver's quote runs over more than one sentence",
    "sentence-waiver-claim": "a restatement names no claim, an unknown one, or another reason "
    "names a claim",
    "sentence-waiver-redundant": "a waiver for a sentence that a claim's quote already covers",
}


@dataclass(frozen=True, slots=True)
class PlacedSentenceWaiver:
    """A waiver whose quote was found: where its file is, its number there, and its anchor."""

    file: str
    number: int
    waiver: SentenceWaiver
    anchor: Anchor


@dataclass(frozen=True, slots=True)
class SentenceWaiverFiles:
    """The files that loaded (by document), their texts (to place findings), and problems."""

    files: dict[str, tuple[str, SentenceWaivers]]  # document -> (file, waivers)
    texts: dict[str, str]
    findings: tuple[Finding, ...] = ()


def load_sentence_waivers(root: Path) -> SentenceWaiverFiles:
    """Read every <document>.yaml in seeds/sentence-waivers/; a file that fails is a finding."""
    folder = root / WAIVERS_DIR
    files: dict[str, tuple[str, SentenceWaivers]] = {}
    texts: dict[str, str] = {}
    found: list[Finding] = []
    if folder.is_symlink():
        message = "the folder is a symbolic link: commit the folder itself"
        return SentenceWaiverFiles({}, {}, (Finding("unsafe-path", message, WAIVERS_DIR, 1, 1),))
    if not folder.is_dir():
        return SentenceWaiverFiles({}, {})
    with os.scandir(folder) as entries:
        listed = sorted(entries, key=lambda entry: entry.name)
    for entry in listed:
        name = f"{WAIVERS_DIR}/{entry.name}"
        if entry.is_symlink():
            message = "the file is a symbolic link: commit the file itself"
            found.append(Finding("unsafe-path", message, name, 1, 1))
            continue
        if not entry.name.endswith(".yaml") or not stat.S_ISREG(entry.stat().st_mode):
            message = "only <document-id>.yaml files belong here: move or remove this one"
            found.append(Finding("sentence-waiver-file", message, name, 1, 1))
            continue
        loaded, text, problems = _load_one(Path(entry.path), name)
        found.extend(problems)
        if text is not None:
            texts[name] = text
        if loaded is None:
            continue
        stem = entry.name.removesuffix(".yaml")
        if loaded.document != stem:
            message = (
                f"the file is named for {stem!r} but says document: {loaded.document!r}: "
                "rename the file or fix the document id"
            )
            found.append(Finding("sentence-waiver-document", message, name, pointer=("document",)))
            continue
        files[loaded.document] = (name, loaded)
    return SentenceWaiverFiles(files, texts, tuple(found))


def _load_one(path: Path, name: str) -> tuple[SentenceWaivers | None, str | None, list[Finding]]:
    read = read_text(path)
    if read.problem is not None:
        return None, None, [read.problem.finding(name)]
    text = read.text or ""
    try:
        data = parse(text)
    except YamlProblem as problem:
        return None, text, [problem.finding(name)]
    found = schema_findings("sentence-waivers", data, name)
    if found:
        return None, text, found
    try:
        return SentenceWaivers.model_validate(data), text, []
    except ValidationError as error:  # the schema and the model disagree: still a finding
        return None, text, list(model_findings(error, name))


def finding(code: str, message: str, file: str, number: int, key: str) -> Finding:
    """A finding about the waiver at `number` of `file`, pointing at one of its keys."""
    severity = Severity.warning if code == "sentence-waiver-redundant" else Severity.error
    return Finding(code, message, file, severity=severity, pointer=("waivers", number, key))


def place_sentence_waivers(
    ledger: Ledger, loaded: SentenceWaiverFiles, documents: set[str]
) -> tuple[list[PlacedSentenceWaiver], list[Finding]]:
    """Anchor each waiver of the chosen documents; check the claim a restatement names."""
    placed: list[PlacedSentenceWaiver] = []
    found: list[Finding] = []
    for document, (file, waivers) in loaded.files.items():
        if document not in ledger.documents:
            message = f"no document {document!r} in seeds/documents.yaml: rename or remove the file"
            found.append(Finding("sentence-waiver-document", message, file, pointer=("document",)))
            continue
        if document not in documents or document not in ledger.spans:
            continue
        seed = ledger.seeds[ledger.documents[document].file]
        for number, waiver in enumerate(waivers.waivers):
            problem = _claim_problem(ledger, waiver)
            if problem:
                found.append(finding("sentence-waiver-claim", problem, file, number, "claim"))
            result = anchor(
                seed, ledger.spans[document], waiver.quote, waiver.prefix, waiver.suffix
            )
            if isinstance(result, Anchor):
                placed.append(PlacedSentenceWaiver(file, number, waiver, result))
                continue
            stale = result.code == "quote-not-found"
            message = (
                f"{'stale waiver: ' if stale else ''}in document {document}, {result.message}; "
                "fix the quote, or remove the waiver if the sentence is gone"
            )
            found.append(finding(f"sentence-waiver-{result.code}", message, file, number, "quote"))
    return placed, found


def _claim_problem(ledger: Ledger, waiver: SentenceWaiver) -> str | None:
    restates = waiver.reason is WaiverReason.restatement
    if restates and waiver.claim is None:
        return "a restatement names the claim it repeats: add claim: <document>/<slug>"
    if not restates and waiver.claim is not None:
        return f"only a restatement names a claim, this waiver's reason is {waiver.reason.value}"
    if waiver.claim is not None and waiver.claim not in ledger.claims:
        return f"no claim {waiver.claim!r} in the ledger: name the claim that records the fact"
    return None
