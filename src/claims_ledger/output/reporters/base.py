"""The contract of an output format, and the registry that holds it to it.

A format is a Reporter subclass with a `name`: it renders the findings of `claims validate`
and the report of `claims report`. `--format` offers exactly the registered names; the
registration lines themselves are in reporters/__init__.py.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from ...errors import RegistryError
from ...findings import Finding

if TYPE_CHECKING:  # the report's types are loaded by a report, not by validate
    from ...comparing.report_entries import Report


class Reporter(ABC):
    """One output format. Findings and the report arrive sorted; a reporter only words them,
    reading each finding type's wording and level from the finding-type registry."""

    name: ClassVar[str]
    can_color: ClassVar[bool] = False  # render_report may colour a terminal (asked on a tty)

    @abstractmethod
    def render_findings(self, findings: Sequence[Finding], checked: int) -> str:
        """The problems `claims validate` found in `checked` claim files."""

    @abstractmethod
    def render_report(self, report: Report, color: bool = False) -> str:
        """The discrepancy report of `claims report`."""


FORMATS: dict[str, Reporter] = {}  # by name, in registration order


def register(reporter: type[Reporter]) -> None:
    """Add an output format, refusing one that does not implement Reporter."""
    if not (isinstance(reporter, type) and issubclass(reporter, Reporter)):
        raise RegistryError(
            f"output format {reporter!r} is not a subclass of claims_ledger.output.reporters.base."
            "Reporter: a format implements render_findings and render_report"
        )
    name = getattr(reporter, "name", None)
    if not (isinstance(name, str) and name):
        raise RegistryError(f"output format {reporter.__name__}: no `name` (what --format takes)")
    if inspect.isabstract(reporter):
        missing = ", ".join(sorted(reporter.__abstractmethods__))
        raise RegistryError(f"output format {name} does not implement {missing}")
    if name in FORMATS:
        raise RegistryError(f"output format {name!r} is already registered")
    FORMATS[name] = reporter()
