"""The checks a ledger repository runs: its pre-commit hooks and its GitHub workflow."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / ".pre-commit-hooks.yaml"
WORKFLOW = REPO / ".github/workflows/ledger.yml"
CONTRIBUTING = REPO / "CONTRIBUTING.md"

# A change to any of these can break claim files nobody touched (an entity deleted that
# claims use, a property renamed, a document's text or manifest edited, a waiver removed).
LEDGER_FILES = (
    "claims/entities.yaml",
    "claims/properties.yaml",
    "claims/petrov-repression/arrest-date.yaml",
    "seeds/documents.yaml",
    "seeds/000_x.txt",
    "seeds/coverage-waivers.yaml",
)
NOT_LEDGER_FILES = ("README.md", "docs/claims/x.yaml", "claims.yaml", "src/claims/x.py")

COMMANDS = (
    "claims validate",
    "claims fmt --check",
    "claims report --strict",
    "claims report --format markdown",
    "claims coverage --min 100",
)

FULL_SHA = re.compile(r"@[0-9a-f]{40}$")
EXACT_TAG = re.compile(r"@v\d+\.\d+\.\d+$")


def _hooks() -> list[dict[str, Any]]:
    return yaml.safe_load(HOOKS.read_text(encoding="utf-8"))


def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true
    return workflow.get("on", workflow.get(True)) or {}


@pytest.mark.parametrize("hook", _hooks(), ids=lambda hook: hook["id"])
def test_every_hook_runs_on_any_change_to_the_ledger(hook: dict[str, Any]) -> None:
    files = re.compile(hook["files"])
    for rel in LEDGER_FILES:
        assert files.search(rel), (hook["id"], rel)
    for rel in NOT_LEDGER_FILES:
        assert not files.search(rel), (hook["id"], rel)
    # the whole ledger is checked, not only the files changed
    assert hook["pass_filenames"] is False
    assert "exclude" not in hook and "types" not in hook


def test_every_job_has_a_time_limit() -> None:
    jobs = _workflow()["jobs"]
    assert jobs
    for name, job in jobs.items():
        assert isinstance(job.get("timeout-minutes"), int), name


def test_every_action_is_pinned() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    used = re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", text, flags=re.MULTILINE)
    assert used
    for action, comment in used:
        assert "@" in action, action
        assert not re.search(r"@(main|master|HEAD|latest)$", action), action
        if FULL_SHA.search(action):
            assert re.search(r"#\s*v\d+(\.\d+)*", comment), action  # the release, for people
        else:
            assert EXACT_TAG.search(action), action


def test_the_workflow_is_reusable_and_installs_a_pinned_claims_ledger() -> None:
    workflow = _workflow()
    call = _triggers(workflow)["workflow_call"]
    inputs = call["inputs"]
    assert inputs["claims-ledger-ref"]["required"] is True
    assert inputs["claims-ledger-repository"]["required"] is True
    assert inputs["python-version"]["type"] == "string"
    # this repository's own pull requests still run it on the bundled ledger
    assert "pull_request" in _triggers(workflow)
    job = workflow["jobs"]["ledger"]
    assert job["env"]["CLAIMS_LEDGER_VERSION"] == "${{ inputs.claims-ledger-ref }}"
    install = next(step["run"] for step in job["steps"] if step.get("id") == "install")
    # from git at the named ref, never an unpinned `pip install claims-ledger`
    assert "git+$SERVER_URL/$CLAIMS_LEDGER_REPOSITORY@$CLAIMS_LEDGER_VERSION" in install
    assert not re.search(r"pip install\s+claims-ledger\b", install)
    python = next(
        step["with"]["python-version"]
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/setup-python@")
    )
    assert "inputs.python-version" in python


def test_the_workflow_runs_every_check() -> None:
    runs = [step.get("run", "") for job in _workflow()["jobs"].values() for step in job["steps"]]
    for command in COMMANDS:
        assert any(run.startswith(command) for run in runs), command
    summary = next(run for run in runs if run.startswith("claims report --format markdown"))
    assert summary.endswith('>> "$GITHUB_STEP_SUMMARY"')


def _yaml_blocks_of_section(title: str) -> list[Any]:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end != -1 else len(text)]
    blocks = re.findall(r"^```yaml\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)
    return [yaml.safe_load(block) for block in blocks]


def test_contributing_shows_a_separate_ledger_calling_the_workflow_and_the_hooks() -> None:
    workflow, pre_commit = _yaml_blocks_of_section("A ledger in its own repository")

    (job,) = workflow["jobs"].values()
    owner, ref = re.fullmatch(
        r"(.+)/claims-ledger/\.github/workflows/ledger\.yml@(.+)", job["uses"]
    ).groups()
    inputs = _triggers(_workflow())["workflow_call"]["inputs"]
    assert set(job["with"]) <= set(inputs)
    required = {name for name, spec in inputs.items() if spec.get("required")}
    assert required <= set(job["with"])
    assert job["with"]["claims-ledger-ref"] == ref
    assert job["with"]["claims-ledger-repository"] == f"{owner}/claims-ledger"
    assert "pull_request" in _triggers(workflow)

    (repo,) = pre_commit["repos"]
    assert repo["repo"].endswith(f"{owner}/claims-ledger")
    assert repo["rev"] == ref
    assert [hook["id"] for hook in repo["hooks"]] == [hook["id"] for hook in _hooks()]
