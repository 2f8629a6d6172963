"""Every command against every hostile case, as CI would run them on a stranger's pull
request: each case is laid into a fresh copy of the small fixture ledger, and every command
runs as a subprocess with a time limit.

Each must fail cleanly (exit 1 or 2, no traceback) with a finding that names the file, and
a line where there is a file; nothing outside the copy is read or written (a sentinel
directory beside it stays byte for byte the same, and its secret never shows in output), and
nothing from the data runs. The cache cases are not the data's fault: there each command
must give the answer of a clean ledger and say once that the cache was not used.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import BROKEN, FERRY, build_ledger

SECRET = "SENTINEL-SECRET-7f3a"
CLAIM = "courier-ferry/company-founded"
COMMANDS: list[tuple[str, ...]] = [
    ("validate",),
    ("validate", "--format", "json"),
    ("list",),
    ("report",),
    ("report", "--strict"),
    ("coverage",),
    ("show", CLAIM),
    ("fmt", "--check"),
    ("fmt",),  # last: it may write
]
TIMEOUT = 60


def claims(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    return subprocess.run(
        [sys.executable, "-c", "from claims_ledger.cli import main; main()", *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@dataclass(frozen=True)
class Case:
    lay: Callable[[Path, Path], None]  # (ledger, sentinel)
    file: str  # the file a finding must name
    cache: bool = False  # a cache case: the clean answer, and one note
    noted: tuple[tuple[str, ...], ...] = ()  # the commands that say the cache was not used
    fmt_fixes: bool = False  # valid YAML in another form: fmt names the file and rewrites it


def put(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def move_out(root: Path, sentinel: Path, name: str) -> None:
    shutil.move(root / name, sentinel / name)
    (root / name).symlink_to(sentinel / name, target_is_directory=True)


def fifo(root: Path, _: Path) -> None:
    os.mkfifo(root / FERRY / "pipe.yaml")


def linked_claims(root: Path, sentinel: Path) -> None:
    move_out(root, sentinel, "claims")
    (sentinel / "claims" / "secret.txt").write_text(SECRET)
    with (sentinel / "claims" / "courier-ferry" / "company-founded.yaml").open("a") as out:
        out.write(f"note: {SECRET}\n\n")  # fmt would change it, validate would flag it


def linked_seeds(root: Path, sentinel: Path) -> None:
    move_out(root, sentinel, "seeds")
    with (sentinel / "seeds" / "documents.yaml").open("a") as out:
        out.write(f"# {SECRET}\n\n\n")


def passwd(root: Path, _: Path) -> None:
    (root / "claims" / "x").mkdir()
    (root / "claims" / "x" / "y.yaml").symlink_to("/etc/passwd")


def linked_claim(root: Path, sentinel: Path) -> None:
    (sentinel / "outside.yaml").write_text(f"id: courier-ferry/outside\nstatement: {SECRET}\n")
    (root / FERRY / "outside.yaml").symlink_to(sentinel / "outside.yaml")


def alias_bomb(root: Path, _: Path) -> None:
    shutil.copytree(BROKEN / "yaml-alias-limit", root, dirs_exist_ok=True)


def unsafe_tag(root: Path, _: Path) -> None:
    text = (root / FERRY / "company-founded.yaml").read_text()
    text = text.replace("id: courier-ferry/company-founded", "id: courier-ferry/tagged")
    text = text.replace("value:", 'value: !!python/object/apply:os.system ["touch PWNED"]\nold:')
    put(root, f"{FERRY}/tagged.yaml", text.encode())


def too_large(root: Path, _: Path) -> None:
    put(root, f"{FERRY}/big.yaml", b"id: courier-ferry/big\n" + b"# padding\n" * 200_000)


def latin1(root: Path, _: Path) -> None:
    put(root, f"{FERRY}/latin1.yaml", b"id: courier-ferry/latin1\nstatement: M\xe4rta\n")


def bom(root: Path, _: Path) -> None:
    put(root, f"{FERRY}/bom.yaml", "\ufeffid: courier-ferry/bom\nstatment: x\n".encode())


def crlf(root: Path, _: Path) -> None:
    put(root, f"{FERRY}/crlf.yaml", b"id: courier-ferry/crlf\r\n\r\nstatment: x\r\n")


def comment_overlap(root: Path, _: Path) -> None:
    put(root, f"{FERRY}/zz.yaml", b"statement:  # a\n  # b\n  text\n\n")


def linked_cache(root: Path, sentinel: Path) -> None:
    (sentinel / "cache").mkdir()
    (root / ".claims-cache").symlink_to(sentinel / "cache", target_is_directory=True)


def damaged_cache(root: Path, _: Path) -> None:
    assert claims(root, "report").returncode == 0
    (store,) = (root / ".claims-cache").glob("*.sqlite3")
    with sqlite3.connect(store) as db:
        db.execute("UPDATE outcomes SET record = 'not JSON', row = 'not JSON'")
        db.execute("UPDATE reports SET out = 'not the report'")  # its seal fails: rows are read
    db.close()


CASES = {
    "fifo": Case(fifo, f"{FERRY}/pipe.yaml"),
    "linked-claims-dir": Case(linked_claims, "claims"),
    "linked-seeds-dir": Case(linked_seeds, "seeds/documents.yaml"),
    "claim-linked-to-etc-passwd": Case(passwd, "claims/x/y.yaml"),
    "claim-linked-outside": Case(linked_claim, f"{FERRY}/outside.yaml"),
    "alias-bomb": Case(alias_bomb, f"{FERRY}/laughs.yaml"),
    "unsafe-tag": Case(unsafe_tag, f"{FERRY}/tagged.yaml"),
    "2-mb-file": Case(too_large, f"{FERRY}/big.yaml"),
    "latin-1": Case(latin1, f"{FERRY}/latin1.yaml"),
    "bom": Case(bom, f"{FERRY}/bom.yaml", fmt_fixes=True),
    "crlf": Case(crlf, f"{FERRY}/crlf.yaml", fmt_fixes=True),
    "comment-between-key-and-value": Case(comment_overlap, f"{FERRY}/zz.yaml"),
    "linked-cache-dir": Case(
        linked_cache, ".claims-cache", True, tuple(COMMANDS[:2] + COMMANDS[3:5])
    ),
    # only a report reads the stored rows and records (validate does not need them), when the
    # report it kept cannot be used; it says so, and the cache it rebuilds serves the next one
    "damaged-cache": Case(damaged_cache, ".claims-cache", True, (("report",),)),
}


def snapshot(directory: Path) -> dict[str, bytes | str]:
    """Every entry below directory: a file's bytes, a link's target, a directory's name."""
    found: dict[str, bytes | str] = {}
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory).as_posix()
        if path.is_symlink():
            found[rel] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[rel] = path.read_bytes()
        else:
            found[rel] = "dir"
    return found


@dataclass
class Run:
    clean: dict[tuple[str, ...], subprocess.CompletedProcess[str]]
    results: dict[tuple[str, ...], subprocess.CompletedProcess[str]]
    sentinel_before: dict[str, bytes | str]
    sentinel_after: dict[str, bytes | str]
    root: Path
    sentinel: Path


def run_case(base: Path, name: str) -> Run:
    case = CASES[name]
    sentinel = base / name / "sentinel"
    sentinel.mkdir(parents=True)
    (sentinel / "secret.txt").write_text(SECRET)
    root = build_ledger(base / name / "ledger")
    clean = {}
    if case.cache:
        pristine = build_ledger(base / name / "pristine")
        claims(pristine, "fmt")
        clean = {args: claims(pristine, *args) for args in COMMANDS}
    claims(root, "fmt")  # the fixture in canonical form: what fmt then says is the case's
    case.lay(root, sentinel)
    before = snapshot(sentinel)
    results = {args: claims(root, *args) for args in COMMANDS}
    return Run(clean, results, before, snapshot(sentinel), root, sentinel)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every case run once, the cases side by side (each case's commands in order)."""
    base = tmp_path_factory.mktemp("corpus")
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(run_case, base, name) for name in CASES}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_command_fails_cleanly_and_stays_inside(runs: dict[str, Run], name: str) -> None:
    case, run = CASES[name], runs[name]
    assert run.sentinel_after == run.sentinel_before, "something outside the ledger changed"
    for args, result in run.results.items():
        output = result.stdout + result.stderr
        where = f"claims {' '.join(args)}: exit {result.returncode}\n{output}"
        assert "Traceback" not in output, where
        assert SECRET not in output, where
        assert "root:x:0:0" not in output, where  # /etc/passwd
        if case.cache:
            clean = run.clean[args]
            assert (result.returncode, result.stdout) == (clean.returncode, clean.stdout), where
            noted = 1 if args in case.noted else 0
            assert result.stderr.count("claims: note: ") == noted, where
            continue
        if case.fmt_fixes and args[0] == "fmt":
            said = "would reformat" if "--check" in args else "reformatted"
            assert result.returncode == (1 if "--check" in args else 0), where
            assert f"{said} {case.file}\n" in result.stdout, where
            continue
        assert result.returncode in (1, 2), where
        if args == ("validate", "--format", "json"):
            assert f'"file": "{case.file}"' in result.stdout, where
        else:  # file:line:col, the line a number from 1
            assert re.search(rf"(^|\s){re.escape(case.file)}:[1-9]\d*:\d+:", output, re.M), where
    for place in (run.root, run.root.parent, run.sentinel, Path.cwd()):
        assert not (place / "PWNED").exists()
