"""What checking one claim file costs against each ledger's vocabulary, in one process.

    python benchmarks/per_file.py benchmarks/out/ledger-100000 /path/to/ledger-1000000

For each ledger: its vocabulary and seeds loaded, then the per-file checks a worker runs
(`examine_each`, without the cache's digests and records) over the same number of claim
files, taken a directory at a time from across the ledger, in several passes; it prints the
time a file of each pass. The first pass reads the files, later ones find them in memory. Two
ledgers generated alike at two sizes tell how much of the growth from one to the other is a
file's own checking, against the larger vocabulary, rather than the run around it.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path

from claims_ledger.checking.parallel import ExamineContext, examine_each
from claims_ledger.records.loading import load_vocabulary, shared_ids
from claims_ledger.records.seeds import load_seeds


def sample(root: Path, files: int) -> list[str]:
    """`files` claim files, a directory's files at a time, from directories spread evenly."""
    claims = root / "claims"
    folders = sorted(d for d in os.listdir(claims) if (claims / d).is_dir())
    rels: list[str] = []
    step = max(1, len(folders) // max(1, files // 50))
    for folder in folders[::step]:
        rels += [f"claims/{folder}/{name}" for name in sorted(os.listdir(claims / folder))]
        if len(rels) >= files:
            break
    return rels[:files]


def per_file(root: Path, files: int, passes: int) -> list[float]:
    """Microseconds a file of each pass of `examine_each` over the sample."""
    vocabulary = load_vocabulary(root)
    list(load_seeds(vocabulary))
    shared_ids(vocabulary)
    rels = sample(root, files)
    context = ExamineContext(vocabulary, records=False, digests=False)
    gc.collect()
    gc.freeze()
    gc.disable()  # as in a worker: the caller gathers with the collector paused
    times = []
    try:
        for _ in range(passes):
            started = time.perf_counter()
            for _ in examine_each(rels, context):
                pass
            times.append((time.perf_counter() - started) / len(rels) * 1e6)
    finally:
        gc.enable()
        gc.unfreeze()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledgers", nargs="+", type=Path, help="generated ledgers")
    parser.add_argument("--files", type=int, default=10_000, help="claim files a ledger")
    parser.add_argument("--passes", type=int, default=6, help="passes over them")
    args = parser.parse_args()
    for root in args.ledgers:
        times = per_file(root.resolve(), args.files, args.passes)
        shown = ", ".join(f"{t:.1f}" for t in times)
        print(f"{root.name}: µs a file, each pass: {shown} (fastest {min(times):.1f})", flush=True)


if __name__ == "__main__":
    main()
