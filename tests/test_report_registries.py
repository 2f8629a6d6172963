"""The finding-type and output-format registries: a new check with its own finding type, and
a new format, are added through the registries alone and show up in `claims report`."""

from __future__ import annotations

import ast
import json
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from claims_ledger import consistency, reporters
from claims_ledger.cli import main
from claims_ledger.consistency import CHECKS, FINDING_TYPES, Context, Discrepancy, FindingType
from claims_ledger.consistency.base import stable_id
from claims_ledger.errors import RegistryError
from claims_ledger.findings import Finding
from claims_ledger.loading import Ledger
from claims_ledger.models import QuantityValue
from claims_ledger.report import Report
from claims_ledger.reporters import FORMATS, Reporter

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report"
AFFECTED = "claims/south-review/harbour-raid-affected.yaml"
PARITY = FindingType("parity", rank=0.5, style="green", label="PARITY", severity="notice")


def _parity(ledger: Ledger, context: Context) -> Iterator[Discrepancy]:
    """Two counts of one key in one unit that differ by exactly one."""
    for _, left, right, _ in context.pairs:
        a, b = ledger.claims[left].value, ledger.claims[right].value
        if not (isinstance(a, QuantityValue) and isinstance(b, QuantityValue)):
            continue
        if a.unit == b.unit and abs(a.quantity - b.quantity) == 1:
            yield Discrepancy(
                id=stable_id(PARITY.name, left, right),
                type=PARITY.name,
                key=ledger.claims[left].subject,
                explanation=f"{a.quantity} and {b.quantity} differ by one",
                claims=(left, right),
            )


def toy_check() -> ModuleType:
    """A check module as a contributor would write one, built here so no file is needed."""
    module = ModuleType(
        "claims_ledger.consistency.parity",
        "Parity: two counts of one key that differ by one.\n"
        "Failing: 12 people beside 13 people. Passing: 12 people beside 14 people.",
    )
    module.TYPES = (PARITY,)  # type: ignore[attr-defined]
    module.check = _parity  # type: ignore[attr-defined]
    return module


class TsvReporter(Reporter):
    """Tab-separated values: one line a finding."""

    name = "tsv"

    def render_findings(self, findings: Sequence[Finding], checked: int) -> str:
        return "".join(f"{f.file}\t{f.line}\t{f.code}\n" for f in findings)

    def render_report(self, report: Report, color: bool = False) -> str:
        return "".join(
            f"{e.finding.type}\t{e.finding.id}\t{' '.join(e.finding.claims)}\n"
            for e in report.entries
        )


@pytest.fixture
def registries() -> Iterator[None]:
    """The registries as they were, whatever the test added."""
    saved = dict(CHECKS), dict(FINDING_TYPES), dict(FORMATS)
    yield
    for registry, before in zip((CHECKS, FINDING_TYPES, FORMATS), saved, strict=True):
        registry.clear()
        registry.update(before)  # type: ignore[attr-defined]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """The report fixture with the harbour raid counted as 12 people and as 13."""
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    path = root / AFFECTED
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("quantity: 12", "quantity: 13").replace("household", "person"),
        encoding="utf-8",
    )
    return root


def report(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["report", "--root", str(root), *args], env={"GITHUB_ACTIONS": None}
    )


def test_a_toy_check_and_format_through_the_registries_alone(registries: None, ledger: Path):
    before = report(ledger, "--format", "json")
    assert "parity" not in json.loads(before.stdout)["summary"]["findings_per_type"]
    consistency.register(toy_check())
    reporters.register(TsvReporter)

    tsv = report(ledger, "--format", "tsv")
    assert tsv.exit_code == 0, tsv.output
    claims = "north-gazette/harbour-raid-affected south-review/harbour-raid-affected"
    assert f"parity\t{stable_id('parity', *claims.split())}\t{claims}\n" in tsv.stdout

    data = json.loads(report(ledger, "--format", "json").stdout)
    found = [f for f in data["findings"] if f["type"] == "parity"]
    assert [f["explanation"] for f in found] == ["12 and 13 differ by one"]
    assert data["summary"]["findings_per_type"]["parity"] == 1
    # rank 0.5: after the conflicts (0), before the timeline findings (1)
    types = [f["type"] for f in data["findings"]]
    assert types.index("parity") == types.count("conflict")

    text = report(ledger).stdout
    assert "PARITY  harbour-raid\n  12 and 13 differ by one" in text
    assert "1 parity" in text
    assert "### parity: harbour-raid" in report(ledger, "--format", "markdown").stdout
    assert "::notice file=" in report(ledger, "--format", "github", "--type", "parity").stdout
    only = json.loads(report(ledger, "--format", "json", "--type", "parity").stdout)
    assert [f["type"] for f in only["findings"]] == ["parity"]


def test_the_registries_are_restored(ledger: Path):
    assert "parity" not in FINDING_TYPES and "parity" not in CHECKS and "tsv" not in FORMATS
    result = report(ledger, "--format", "tsv")
    assert result.exit_code == 2 and "'tsv' is not one of" in result.output


def test_a_format_that_is_not_a_reporter_is_refused(registries: None):
    class Half(Reporter):
        name = "half"

        def render_findings(self, findings: Sequence[Finding], checked: int) -> str:
            return ""

    with pytest.raises(RegistryError, match="output format half does not implement render_report"):
        reporters.register(Half)

    class Plain:
        name = "plain"

    with pytest.raises(RegistryError, match=r"is not a subclass of .*Reporter"):
        reporters.register(Plain)  # type: ignore[arg-type]
    with pytest.raises(RegistryError, match="'text' is already registered"):
        reporters.register(type(FORMATS["text"]))
    assert "half" not in FORMATS and "plain" not in FORMATS


def test_a_check_that_breaks_the_contract_is_refused(registries: None):
    no_types = ModuleType("claims_ledger.consistency.untyped", "Untyped. Failing: -. Passing: -.")
    no_types.check = _parity  # type: ignore[attr-defined]
    with pytest.raises(RegistryError, match="untyped: TYPES must be a tuple of the FindingType"):
        consistency.register(no_types)  # type: ignore[arg-type]

    other = toy_check()
    other.__name__ = "claims_ledger.consistency.other"
    other.TYPES = (FindingType("conflict", rank=9),)  # type: ignore[attr-defined]
    with pytest.raises(RegistryError, match="'conflict' is already registered with other"):
        consistency.register(other)  # type: ignore[arg-type]
    with pytest.raises(RegistryError, match="'conflict' is already registered"):
        consistency.register(consistency.conflict)  # type: ignore[arg-type]
    with pytest.raises(RegistryError, match="severity 'fatal' is not one of"):
        FindingType("loud", rank=0, severity="fatal")


def test_a_finding_of_an_undeclared_type_is_an_error(registries: None, ledger: Path):
    liar = toy_check()
    liar.TYPES = (FindingType("even", rank=0),)  # type: ignore[attr-defined]
    consistency.register(liar)  # type: ignore[arg-type]
    result = report(ledger)
    assert isinstance(result.exception, RegistryError)
    assert "yielded a 'parity' finding, a type its TYPES does not declare" in str(result.exception)


@pytest.mark.parametrize("name", list(CHECKS))
def test_each_check_documents_a_failing_and_a_passing_example(name: str):
    doc = (CHECKS[name].__doc__ or "").lower()
    assert "failing" in doc and "passing" in doc


@pytest.mark.parametrize(
    "module", sorted(Path(reporters.__file__).parent.glob("*.py")), ids=lambda p: p.name
)
def test_no_reporter_tests_a_finding_type_by_name(module: Path):
    """No `type == "conflict"`, `in ("review", ...)` or `styles = {"spelling": ...}`: the
    wording and levels of a finding type are the registry's."""
    names = set(FINDING_TYPES)
    tree = ast.parse(module.read_text(encoding="utf-8"))
    named = [
        node.value
        for test in ast.walk(tree)
        if isinstance(test, ast.Compare | ast.Dict)
        for node in ast.walk(test)
        if isinstance(node, ast.Constant) and node.value in names
    ]
    assert not named


def test_the_built_in_types_keep_their_order():
    """The summary counts in registration order; the report sorts by rank."""
    assert list(FINDING_TYPES) == [
        "conflict",
        "review",
        "spelling",
        "arithmetic",
        "timeline",
        "leader",
    ]
    ranks = {name: kind.rank for name, kind in FINDING_TYPES.items()}
    assert sorted(ranks, key=ranks.__getitem__) == [
        "conflict",
        "timeline",
        "arithmetic",
        "leader",
        "review",
        "spelling",
    ]
    assert [name for name, kind in FINDING_TYPES.items() if kind.strict] == ["conflict"]
