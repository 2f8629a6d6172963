"""What accounts for one signal or one sentence of a document: the items coverage counts.

Apart from coverage.py, which measures them, so that the waiver modules can judge their
waivers against them without importing the measuring.
"""

from __future__ import annotations

from dataclasses import dataclass

from .signals import Sentence, Signal


@dataclass(frozen=True, slots=True)
class SignalCoverage:
    """One signal and what accounts for it: the claims that quote it, or a waiver's reason."""

    signal: Signal
    line: int
    column: int
    sentence: Sentence
    status: str  # covered | waived | missing
    claims: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class SentenceCoverage:
    """One sentence and what accounts for it: the claims whose quotes lie in it, or a waiver."""

    sentence: Sentence
    line: int
    column: int
    status: str  # covered | waived | missing
    claims: tuple[str, ...] = ()
    reason: str | None = None  # a WaiverReason value
    waiver: str | None = None  # the waiver file
