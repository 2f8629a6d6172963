"""The engine's modules import one another without cycles, and at the top of the module.

An import placed inside a function hides a cycle from Python but not from the reader; one
deferred to keep start-up fast is allowed when its line says so (`# deferred: ...`). Imports
under TYPE_CHECKING count too: a type one module needs from another is a dependency.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "claims_ledger"
DEFERRED = "# deferred:"


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> set[str]:
    """The package's modules an import statement loads (a name imported from a package may
    itself be a module)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = module if is_package else module.rpartition(".")[0]
        if node.level:
            parts = base.split(".")
            base = ".".join(parts[: len(parts) - (node.level - 1)])
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        names = [source] + [f"{source}.{alias.name}" for alias in node.names]
    return {name for name in names if name in MODULES and name != module}


def _inside_functions(tree: ast.Module) -> set[int]:
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for below in ast.walk(node):
                if isinstance(below, (ast.Import, ast.ImportFrom)):
                    inner.add(id(below))
    return inner


def _scan() -> tuple[dict[str, set[str]], list[str]]:
    """Every module's imports of the package's modules, and the undeclared function-level ones."""
    graph: dict[str, set[str]] = {}
    undeclared: list[str] = []
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        inner = _inside_functions(tree)
        graph[module] = set()
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            graph[module] |= _targets(node, module, path.name == "__init__.py")
            end = node.end_lineno or node.lineno
            said = any(DEFERRED in lines[at - 1] for at in range(node.lineno, end + 1))
            if id(node) in inner and not said:
                undeclared.append(f"{module}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return graph, undeclared


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_scan_sees_the_package() -> None:
    graph, _ = _scan()
    assert "claims_ledger.checking.validation" in graph
    assert "claims_ledger.records.loading" in graph["claims_ledger.checking.validation"]


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycle() -> None:
    graph, _ = _scan()
    assert _cycles(graph) == []


def test_imports_inside_functions_say_why() -> None:
    _, undeclared = _scan()
    assert undeclared == [], "an import inside a function needs a '# deferred: why' comment"


def test_importing_the_cli_loads_no_heavy_stage() -> None:
    """`claims --help` and every command start without the report's or the reporters' code:
    each command imports what it runs."""
    heavy = (
        "rich",
        "edtf",
        "claims_ledger.comparing.consistency",
        "claims_ledger.comparing.comparison",
    )
    code = (
        "import sys, claims_ledger.cli; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} "
        f"or m.startswith({heavy[2:]!r})))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


# What every stage may use: the modules at the package's top, which belong to no stage.
SHARED = {"claims_ledger", "claims_ledger.errors", "claims_ledger.findings"}
SHARED |= {"claims_ledger.hints", "claims_ledger.collector"}


def _rank(module: str) -> int:
    """A module's place in the data flow: shared modules first, the cli/ package last."""
    from claims_ledger import STAGES

    if module in SHARED:
        return -1
    if module == "claims_ledger.cli" or module.startswith("claims_ledger.cli."):
        return len(STAGES)
    stage = module.split(".")[1]
    assert stage in STAGES, f"{module} lies in no stage folder: add it to one of {STAGES}"
    return STAGES.index(stage)


def test_no_stage_imports_a_later_stage() -> None:
    graph, _ = _scan()
    backwards = [
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if _rank(target) > _rank(module)
    ]
    assert backwards == []


def test_every_stage_is_a_folder_the_map_and_the_architecture_page_name() -> None:
    from claims_ledger import STAGES
    from claims_ledger import __doc__ as package_map

    architecture = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    folders = sorted(
        p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file() and p.name != "cli"
    )
    assert folders == sorted(STAGES)
    for stage in STAGES:
        assert f"    {stage}/ " in (package_map or ""), stage
        assert f"`{stage}/`" in architecture, stage
