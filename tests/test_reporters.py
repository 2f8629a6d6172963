"""Reporters: the JSON report, built a finding at a time, is the document json.dumps writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.comparing.report import build_report
from claims_ledger.output.reporters import json_format

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("types", [(), ("conflict",), ("no-such-type",)])
def test_the_json_report_is_exactly_the_dumped_document(types: tuple[str, ...]) -> None:
    report = build_report(prepare(FIXTURES / "report"), types)
    expected = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    assert json_format.render_report(report) == expected
    assert json.loads(json_format.render_report(report)) == report.as_dict()
