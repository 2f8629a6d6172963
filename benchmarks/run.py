"""Time `claims validate`, `claims report`, `claims site`, `claims export --format sqlite` and
check-jsonschema on generated ledgers.

    python benchmarks/run.py --sizes 1k,10k,100k

Every tool runs as a child process tree on the same files; the table gives its wall time,
the peak memory of its whole process tree (the sum of every live process's proportional set
size, PSS, sampled every 20 ms from /proc: private pages count whole, a page shared by n
processes counts 1/n in each, so pages forked workers share with their parent count once)
and the ratio of check-jsonschema's time to its own. check-jsonschema runs at its best: its
C-accelerated YAML loader (ruamel.yaml.clib), Python regexes, and the files split over two
processes at once, each given as many files as one command line holds.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent


def size_of(text: str) -> int:
    text = text.strip().lower()
    for suffix, factor in (("k", 1000), ("m", 1_000_000)):
        if text.endswith(suffix):
            return int(float(text[:-1]) * factor)
    return int(text)


@dataclass
class Run:
    label: str
    wall: float  # the median of walls
    peak_mib: float  # the largest of the runs' peaks
    code: int
    walls: list[float] = field(default_factory=list)  # each run's, in order


def repeated(
    times: int,
    label: str,
    lanes: list[list[list[str]]],
    cwd: Path,
    out: Path | None = None,
    before: Callable[[int], None] | None = None,
    after: Callable[[int], None] | None = None,
) -> Run:
    """`measure` run `times` times, `before(i)` and `after(i)` around each (untimed): the
    median wall, the largest peak and exit status. A margin of a second between two rows
    is within one run's noise on a small shared machine; the median of several is not."""
    runs = []
    for at in range(times):
        if before is not None:
            before(at)
        runs.append(measure(label, lanes, cwd, out))
        if after is not None:
            after(at)
    return combined(label, runs)


def combined(label: str, runs: list[Run]) -> Run:
    """One row of several runs: the median wall, the largest peak and exit status."""
    walls = [run.wall for run in runs]
    return Run(
        label,
        statistics.median(walls),
        max(run.peak_mib for run in runs),
        max(run.code for run in runs),
        walls,
    )


def _memory(pid: int) -> int:
    """The proportional set size of a process (PSS, from /proc/PID/smaps_rollup): its
    private pages, and each page it shares divided by the number of processes sharing it,
    so that pages a forked worker shares with its parent count once over the tree, not once
    a process. Where the kernel has no smaps_rollup, the resident set size (RSS)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _tree_rss(pids: list[int]) -> int:
    """Memory of these processes and all their descendants (see _memory), from /proc."""
    total = 0
    stack = list(pids)
    seen: set[int] = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            total += _memory(pid)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(label: str, lanes: list[list[list[str]]], cwd: Path, out: Path | None = None) -> Run:
    """Run each lane's commands one after another, the lanes at once; time the whole."""
    peak = 0
    live: list[int] = []
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(list(live)))
            time.sleep(0.02)

    codes: list[int] = []

    def lane(commands: list[list[str]]) -> None:
        for command in commands:
            sink = open(out, "w") if out else subprocess.DEVNULL  # noqa: SIM115
            try:
                child = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.DEVNULL)
                live.append(child.pid)
                codes.append(child.wait())
                live.remove(child.pid)
            finally:
                if out:
                    sink.close()  # type: ignore[union-attr]

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    threads = [threading.Thread(target=lane, args=(commands,)) for commands in lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return Run(label, wall, peak / 2**20, max(codes) if codes else 0)


def claim_paths(ledger: Path) -> list[str]:
    paths = []
    for directory, _, names in os.walk(ledger / "claims"):
        rel = Path(directory).relative_to(ledger).as_posix()
        paths += [f"{rel}/{n}" for n in names if n.endswith(".yaml") and rel != "claims"]
    return sorted(paths)


def check_jsonschema_lanes(paths: list[str]) -> list[list[list[str]]]:
    """Two lanes of check-jsonschema commands, each command as long as the system allows."""
    base = [
        str(BIN / "check-jsonschema"),
        "--schemafile",
        str(REPO / "schemas" / "claim.schema.json"),
        "--regex-variant",
        "python",
    ]
    budget = os.sysconf("SC_ARG_MAX") // 2 - sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    lanes: list[list[list[str]]] = []
    for half in (paths[: len(paths) // 2], paths[len(paths) // 2 :]):
        commands: list[list[str]] = []
        current: list[str] = []
        used = 0
        for path in half:
            if current and used + len(path) + 9 > budget:
                commands.append(base + current)
                current, used = [], 0
            current.append(path)
            used += len(path) + 9  # the string, its pointer and its terminator
        if current:
            commands.append(base + current)
        lanes.append(commands)
    return lanes


def drop_caches() -> str | None:
    """Empty the page cache (root only); None when done, else why not."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as handle:
            handle.write("3\n")
        return None
    except OSError as error:
        return f"cannot drop the page cache ({error.strerror})"


def cold_copy(ledger: Path) -> Path:
    """Where fresh_copy puts the ledger's copy."""
    return ledger.with_name(ledger.name + "-cold")


def fresh_copy(ledger: Path) -> Path:
    """A copy of the ledger whose files' pages are asked out of the page cache."""
    copy = cold_copy(ledger)
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(ledger, copy, ignore=shutil.ignore_patterns(".claims-cache"))
    os.sync()
    for directory, _, names in os.walk(copy):
        for name in names:
            fd = os.open(os.path.join(directory, name), os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
    return copy


def findings_match(ledger: Path, output: Path) -> str:
    expected = json.loads((ledger / "expected-findings.json").read_text())
    got: dict[str, list[str]] = {}
    for finding in json.loads(output.read_text()):
        got.setdefault(finding["file"], []).append(finding["code"])
    wrong = {f for f in set(got) | set(expected) if got.get(f) != [expected.get(f)]}
    return "as expected" if not wrong else f"{len(wrong)} file(s) differ, e.g. {sorted(wrong)[0]}"


def report_supported() -> bool:
    help_text = subprocess.run(
        [str(BIN / "claims"), "report", "--help"], capture_output=True, text=True
    ).stdout
    return "--format" in help_text and "json" in help_text


def commands_supported() -> set[str]:
    """The `claims` commands this install has (site and export came later)."""
    help_text = subprocess.run(
        [str(BIN / "claims"), "--help"], capture_output=True, text=True
    ).stdout
    listed = help_text.split("Commands:", 1)[-1].splitlines()
    return {line.split()[0] for line in listed if line.startswith("  ") and line.strip()}


def generator_digest() -> str:
    """The generator's own source: a ledger written by another version is written again."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(b"generate.py\0" + (HERE / "generate.py").read_bytes())
    return digest.hexdigest()


ROWS = ("check-jsonschema", "validate", "report", "site", "export")


class Table(list):  # type: ignore[type-arg]
    """The runs of one size, each printed as its row as soon as it is measured (a run at a
    million claims takes half an hour), its ratio against check-jsonschema's run at the same
    page-cache state, which is measured before it."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def append(self, run: Run) -> None:
        super().append(run)
        baseline = {r.label.split(", ")[1]: r.wall for r in self if "check-jsonschema" in r.label}
        temperature = run.label.rsplit(", ", 1)[-1]
        versus = baseline.get("cold" if temperature == "cold" else "warm", 0)
        compared = run.label.startswith(("validate", "report"))
        ratio = f"{versus / run.wall:.1f}" if versus and compared else ""
        spread = f"{min(run.walls):.2f}-{max(run.walls):.2f}" if len(run.walls) > 1 else ""
        print(
            f"{self.size:>8}  {run.label:<28} {run.wall:>8.2f} {run.peak_mib:>9.0f} "
            f"{ratio:>7} {run.code:>4}  {spread}",
            flush=True,
        )


def _remove_site(site: Path) -> None:
    """Delete an old site and write the deletion to disk (see bench)."""
    shutil.rmtree(site)
    os.sync()


def bench(
    size: int,
    out: Path,
    cold: bool,
    notes: list[str],
    rows: frozenset[str] = frozenset(ROWS),
    repeat: int = 1,
) -> list[Run]:
    ledger = out / f"ledger-{size}"
    stamp = ledger / "generated.json"
    params = {"claims": size, "seed": 1, "generator": generator_digest()}
    if not stamp.is_file() or json.loads(stamp.read_text()) != params:
        generate(ledger, size)
        stamp.write_text(json.dumps(params))
    paths = claim_paths(ledger)
    claims = [str(BIN / "claims")]
    findings = out / f"findings-{size}.json"
    validate = [*claims, "validate", "--format", "json"]
    runs = Table(size)

    def warm(_: int = 0) -> None:
        """Read every claim file, right before a warm run: a kernel that reclaims idle
        pages early (as DAMON does) may have dropped them since the last run."""
        for path in paths:
            (ledger / path).read_bytes()

    def uncached(_: int = 0) -> None:
        shutil.rmtree(ledger / ".claims-cache", ignore_errors=True)
        warm()

    seen: dict[str, set[str]] = {}

    def check_findings(what: str) -> Callable[[int], None]:
        def check(_: int) -> None:
            seen.setdefault(what, set()).add(findings_match(ledger, findings))

        return check

    def tell_findings(what: str) -> None:
        told = seen.pop(what, {"not run"})
        notes.append(f"{size} claims: {what} {', '.join(sorted(told))}")

    shutil.rmtree(ledger / ".claims-cache", ignore_errors=True)
    sites = [out / f"site-{size}"] + [out / f"site-{size}-{at}" for at in range(2, repeat + 1)]
    if "site" in rows:
        # The site is timed as a first build, and the old one is deleted now, minutes before
        # it: ext4 without a journal gives a new file no inode freed in the last minute (six
        # while the inode's table is not yet written back) and checks each one it passes
        # over. Deleted right before the build, the 100,000 old pages made it 53 to 60 s (24
        # to 33 s in the kernel), against 47 s (12 s) where none had been. Each repeat
        # writes a folder of its own, for the same reason.
        # (With `--rows site` alone, nothing runs between this and the build.)
        for site in [*out.glob(f"site-{size}"), *out.glob(f"site-{size}-*")]:
            if site.is_dir():
                _remove_site(site)
    if "check-jsonschema" in rows:
        runs.append(
            repeated(
                repeat, "check-jsonschema, warm", check_jsonschema_lanes(paths), ledger, None, warm
            )
        )
    if "validate" in rows:
        check = check_findings("validate findings")
        runs.append(
            repeated(
                repeat,
                "validate --no-cache, warm",
                [[[*validate, "--no-cache"]]],
                ledger,
                findings,
                warm,
                check,
            )
        )
        runs.append(
            repeated(
                repeat, "validate, cache filled", [[validate]], ledger, findings, uncached, check
            )
        )
        runs.append(
            repeated(repeat, "validate, cache warm", [[validate]], ledger, findings, warm, check)
        )
        tell_findings("validate findings")
        edited = ledger / paths[len(paths) // 2]
        original = edited.read_bytes()

        def edit(at: int) -> None:
            if at:  # the cache holds the edit of the last repeat: settle it on the original
                subprocess.run(validate, cwd=ledger, stdout=subprocess.DEVNULL, check=False)
            edited.write_bytes(original + b"# edited\n")
            warm()

        def restore(at: int) -> None:
            edited.write_bytes(original)
            check_findings("after the edit, findings")(at)

        try:
            runs.append(
                repeated(
                    repeat, "validate, 1 file edited", [[validate]], ledger, findings, edit, restore
                )
            )
        finally:
            edited.write_bytes(original)
        tell_findings("after the edit, findings")
    if "report" in rows and report_supported():
        report = [*claims, "report", "--format", "json"]
        written: set[bytes] = set()
        shutil.rmtree(ledger / ".claims-cache", ignore_errors=True)
        for label, command, before, kind in (
            ("report --no-cache, warm", [*report, "--no-cache"], warm, "no-cache"),
            ("report, cache filled", report, uncached, "filled"),
            ("report, cache warm", report, warm, "warm"),
        ):
            output = out / f"report-{size}-{kind}.json"

            def keep(_: int, output: Path = output) -> None:
                written.add(output.read_bytes())

            runs.append(repeated(repeat, label, [[command]], ledger, output, before, keep))
        notes.append(
            f"{size} claims: the report with the cache filled and warm is "
            f"{'byte-identical to' if len(written) == 1 else 'DIFFERENT from'} the report "
            "without it" + (" in every run" if repeat > 1 else "")
        )
    commands = commands_supported()
    if "site" in rows and "site" in commands:
        label = "site --no-cache, warm"
        each = [  # each repeat its own folder (see above)
            repeated(1, label, [[[*claims, "site", str(site), "--no-cache"]]], ledger, None, warm)
            for site in sites
        ]
        runs.append(combined(label, each))
        pages = {sum(1 for _ in site.rglob("*.html")) for site in sites if site.is_dir()}
        notes.append(f"{size} claims: site wrote {', '.join(map(str, sorted(pages)))} pages")
    if "export" in rows and "export" in commands:
        database = out / f"ledger-{size}.db"
        export = [*claims, "export", "--format", "sqlite", str(database), "--no-cache"]
        runs.append(
            repeated(repeat, "export sqlite --no-cache, warm", [[export]], ledger, None, warm)
        )
        if database.is_file():
            notes.append(f"{size} claims: ledger.db is {database.stat().st_size / 2**20:.0f} MiB")
    if cold and {"check-jsonschema", "validate"} <= rows:
        refused = drop_caches()
        if refused:
            notes.append(
                f"{refused}: 'cold' is a fresh copy of the ledger whose pages were asked out "
                "of the page cache (fsync, then posix_fadvise DONTNEED on every file)"
            )

        def chill(_: int) -> None:
            if refused:
                fresh_copy(ledger)  # (the same path each time, made again)
            else:
                drop_caches()

        for label, lanes, output in (
            ("check-jsonschema, cold", check_jsonschema_lanes(paths), None),
            ("validate --no-cache, cold", [[[*validate, "--no-cache"]]], findings),
        ):
            # a fresh copy, when the cache cannot be dropped, is at a path of its own
            target = cold_copy(ledger) if refused else ledger
            check = check_findings("cold validate findings") if output else None
            runs.append(repeated(repeat, label, lanes, target, output, chill, check))
        if "cold validate findings" in seen:
            tell_findings("cold validate findings")
        if refused:
            shutil.rmtree(cold_copy(ledger), ignore_errors=True)
    return runs


def compile_package() -> None:
    """Compile our modules before timing them, as `pip install` does for check-jsonschema's:
    an editable install run with PYTHONDONTWRITEBYTECODE set would compile them on every run
    (about 0.1 s of each)."""
    import compileall

    import claims_ledger

    compileall.compile_dir(Path(claims_ledger.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k", help="claim counts, e.g. 1k,10k,100k")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where ledgers go")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold page-cache runs")
    parser.add_argument(
        "--rows",
        default=",".join(ROWS),
        help=f"which rows to run, e.g. check-jsonschema,site,export (default: all of {', '.join(ROWS)})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run each row N times and give the median (and the range of the N)",
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat: at least 1")
    rows = frozenset(r.strip() for r in args.rows.split(",") if r.strip())
    if rows - set(ROWS):
        parser.error(
            f"--rows: unknown {', '.join(sorted(rows - set(ROWS)))}; one of {', '.join(ROWS)}"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    compile_package()
    import ruamel.yaml

    clib = "with" if getattr(ruamel.yaml, "__with_libyaml__", False) else "WITHOUT"
    notes = [f"check-jsonschema runs {clib} ruamel.yaml.clib (its C YAML loader)"]
    print(
        f"{'claims':>8}  {'run':<28} {'wall s':>8} {'peak MiB':>9} {'x cjs':>7} {'exit':>4}"
        + ("  range s" if args.repeat > 1 else ""),
        flush=True,
    )
    validated: list[tuple[int, float]] = []  # each size and its validate --no-cache wall
    for size in (size_of(s) for s in args.sizes.split(",")):
        runs = bench(
            size, args.out, not args.no_cold, notes, rows, args.repeat
        )  # (each row printed)
        for run in runs:
            if run.label == "validate --no-cache, warm":
                validated.append((size, run.wall))
        walls = {run.label: run.wall for run in runs}
        for report, validate in (
            ("report --no-cache, warm", "validate --no-cache, warm"),
            ("report, cache warm", "validate, cache warm"),
        ):
            if report in walls and validate in walls:
                extra = walls[report] - walls[validate]
                notes.append(f"{size} claims: {report} takes {extra:+.2f} s over {validate}")
    for size, wall in validated:
        print(f"validate --no-cache, warm: {wall / size * 1e6:.0f} us a claim at {size} claims")
    for (small, small_wall), (large, large_wall) in itertools.pairwise(validated):
        # linear growth keeps the time a claim: the wall grows as the claims do
        print(
            f"validate --no-cache, warm: {large / small:g} times the claims took "
            f"{large_wall / small_wall:.1f} times as long"
        )
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
