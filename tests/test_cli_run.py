"""The console script's quick exit: the same output and exit status as main, or Python's
own ending when a quick one could cut something short."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from claims_ledger import cli
from claims_ledger.cli import commands
from helpers import BROKEN, build_ledger, invoke

SCRIPT = "import sys; from claims_ledger.cli import run; sys.argv[0] = 'claims'; run()"


def script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The console script's entry, run as pip's wrapper runs it, output to pipes."""
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("list", "--format", "json"), 0),
        (("report", "--format", "markdown", "--no-cache"), 0),
        (("validate", "--format", "json", "--no-cache"), 1),
        (("show", "no-such-claim"), 2),
    ],
)
def test_output_and_status_are_mains(tmp_path: Path, args: tuple[str, ...], status: int) -> None:
    root = build_ledger(
        tmp_path / "ledger", *((BROKEN / "quote-not-found",) if status == 1 else ())
    )
    done = script(*args, "--root", root)
    expected = invoke(*args, "--root", root)
    assert done.returncode == expected.exit_code == status
    assert done.stdout == expected.stdout
    assert done.stderr == expected.stderr
    assert done.stdout or done.stderr


def test_a_usage_error_exits_2_with_clicks_message() -> None:
    done = script("no-such-command")
    assert done.returncode == 2
    assert "No such command 'no-such-command'" in done.stderr


def test_not_alone_while_another_thread_runs() -> None:
    assert cli._alone()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not cli._alone()
    finally:
        release.set()
        other.join()
    assert cli._alone()


def test_an_output_that_cannot_be_flushed_ends_as_python_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Closed:  # a pipe whose reader has gone (claims report | head)
        def flush(self) -> None:
            raise BrokenPipeError

    def main() -> None:
        raise SystemExit(1)

    monkeypatch.setattr(commands, "main", main)
    monkeypatch.setattr(sys, "stdout", Closed())
    with pytest.raises(SystemExit) as ended:
        cli.run()
    assert ended.value.code == 1
