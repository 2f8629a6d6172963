"""At 80 columns the report and the list table never break an id, a path or an address in
the middle: a line is at most 80 characters unless it is one word too long to fit."""

from __future__ import annotations

from claims_ledger.checking.validation import prepare
from helpers import REPO, invoke


def too_long(text: str) -> list[str]:
    """Lines over 80 columns that are more than one unbreakable word."""
    return [line for line in text.splitlines() if len(line) > 80 and " " in line.strip()]


def test_the_list_table_keeps_every_id_whole() -> None:
    result = invoke("list", "--format", "table", "--root", REPO, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert too_long(result.stdout) == []
    starts = {line.split(" ")[0] for line in lines}
    ledger = prepare(REPO)
    assert set(ledger.claims) <= starts  # each id whole at the start of its line
    # the near miss: a fold of an id would leave its tail on a line of its own
    assert not any(line.startswith("-") for line in lines)


def test_the_report_keeps_ids_paths_and_addresses_whole() -> None:
    result = invoke("report", "--root", REPO, "--format", "text", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert too_long(result.stdout) == []
    words = set(result.stdout.split())
    ledger = prepare(REPO)
    for entry_id in ("spartak-no-one-safe/sapozhnikov-joined-circle-2019",):
        assert entry_id in words
        assert f"claims/{entry_id}.yaml" in words
    shown = [
        item.url
        for claim in ledger.claims.values()
        for review in claim.review
        if review.status.value == "refuted"
        for item in review.evidence
        if getattr(item, "url", None) and item.stance.value == "contradicts"
    ]
    assert shown  # the refuted claims' sources are listed, each address whole
    for url in shown:
        assert url in words, url


def test_the_summary_never_breaks_untriaged_conflicts() -> None:
    result = invoke("report", "--root", REPO, "--format", "text", env={"COLUMNS": "80"})
    summary = result.stdout.split("\nSummary\n", 1)[1]
    lines = summary.splitlines()
    assert any(line.strip().endswith("untriaged conflict(s)") for line in lines)
    # the near miss: the phrase split over two lines
    assert not any(line.strip() == "conflict(s)" or line.endswith(" untriaged") for line in lines)


def test_the_summary_folds_finding_counts_between_counts() -> None:
    result = invoke("report", "--root", REPO, "--format", "text", env={"COLUMNS": "80"})
    summary = result.stdout.split("\nSummary\n", 1)[1]
    lines = summary.splitlines()
    end = next(i for i, line in enumerate(lines) if "claims in" in line)
    ledger_types = [line.strip() for line in lines[:end]]
    assert ledger_types[0].startswith("findings:") and len(ledger_types) >= 1
    # every count keeps its number and its kind on one line
    for line in ledger_types:
        words = line.removeprefix("findings:").replace(",", "").split()
        assert len(words) % 2 == 0 and all(w.isdigit() for w in words[::2]), line
