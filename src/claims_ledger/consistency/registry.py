"""The registry of consistency checks and of the finding types they declare.

A check is a module with a docstring (its user documentation: what it finds, with a failing
and a passing example), `TYPES` (the FindingType of every finding it yields) and
`check(ledger, context)` yielding Discrepancy objects. The report, every reporter and the
CLI read a finding type's order, wording, severity and --strict rule from here, never by
testing its name. The registration lines themselves are in consistency/__init__.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from ..errors import RegistryError
from ..loading import Ledger
from .base import Context, Discrepancy

SEVERITIES = ("error", "warning", "notice")  # GitHub's annotation levels


@dataclass(frozen=True, slots=True)
class FindingType:
    """How the report orders, words and judges one type of finding."""

    name: str
    rank: float  # place in the report: lower first (a new type may take 1.5 between 1 and 2)
    style: str = "bold"  # rich style of its heading in text
    label: str = ""  # its heading in text (default: the name in capitals)
    heading: str = ""  # its heading in markdown (default: the name)
    severity: str = "warning"  # its GitHub annotation level, unless --strict fails on it
    strict: bool = False  # `claims report --strict` fails on its open findings
    # Settled, acknowledged or open by the review statuses of its sides (an unverified side
    # leaves it untriaged), and counted in the summary's conflicts.
    judged: bool = False
    merge: bool = False  # its pairs on one key, from every check, are merged into one finding
    acknowledged_by: str | None = None  # a detail that acknowledges it; open without it

    def __post_init__(self) -> None:
        if not self.name or not self.name.isidentifier():
            raise RegistryError(
                f"finding type {self.name!r}: a name is one word (letters, digits, _)"
            )
        if self.severity not in SEVERITIES:
            raise RegistryError(
                f"finding type {self.name}: severity {self.severity!r} is not one of "
                + ", ".join(SEVERITIES)
            )
        object.__setattr__(self, "label", self.label or self.name.upper())
        object.__setattr__(self, "heading", self.heading or self.name)


class Check(Protocol):
    """What a check module provides (a module satisfies it by its top-level names)."""

    __name__: str
    TYPES: tuple[FindingType, ...]

    def check(self, ledger: Ledger, context: Context) -> Iterable[Discrepancy]: ...


CHECKS: dict[str, Check] = {}  # by the module's last name, in registration order
FINDING_TYPES: dict[str, FindingType] = {}  # in the order the summary counts them


def register(check: Check) -> None:
    """Add a check and the finding types it declares, refusing one that breaks the contract.

    Two checks may yield one type (ages and conflict both find conflicts): the second imports
    the first's FindingType, and a different object of the same name is refused.
    """
    name = getattr(check, "__name__", repr(check)).rpartition(".")[2]
    if name in CHECKS:
        raise RegistryError(f"consistency check {name!r} is already registered")
    if not callable(getattr(check, "check", None)):
        raise RegistryError(f"consistency check {name}: no check(ledger, context) function")
    if not (check.__doc__ or "").strip():
        raise RegistryError(f"consistency check {name}: its docstring is its documentation")
    types = getattr(check, "TYPES", None)
    if not (isinstance(types, tuple) and types and all(isinstance(t, FindingType) for t in types)):
        raise RegistryError(
            f"consistency check {name}: TYPES must be a tuple of the FindingType of every "
            "finding it yields"
        )
    for kind in types:
        known = FINDING_TYPES.get(kind.name)
        if known is not None and known is not kind:
            raise RegistryError(
                f"consistency check {name}: finding type {kind.name!r} is already registered "
                "with other settings; import that FindingType instead of declaring another"
            )
    CHECKS[name] = check
    for kind in types:
        FINDING_TYPES.setdefault(kind.name, kind)


def finding_type(name: str) -> FindingType:
    """The registered type of a finding, or a clear error for a type nobody declared."""
    try:
        return FINDING_TYPES[name]
    except KeyError:
        raise RegistryError(f"finding type {name!r} is not registered") from None


def run_checks(ledger: Ledger, context: Context) -> list[Discrepancy]:
    """Every registered check's findings, each of a type its check declares."""
    found: list[Discrepancy] = []
    for name, check in CHECKS.items():
        declared = {kind.name for kind in check.TYPES}
        for item in check.check(ledger, context):
            if item.type not in declared:
                raise RegistryError(
                    f"consistency check {name} yielded a {item.type!r} finding, a type its "
                    "TYPES does not declare"
                )
            found.append(item)
    return found
