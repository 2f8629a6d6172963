"""What checking one claim file costs against each ledger's vocabulary, in one process.

    python benchmarks/per_file.py benchmarks/out/ledger-100000 /path/to/ledger-1000000

For each ledger: its vocabulary and seeds loaded, then the per-file checks a worker runs
(`examine_each`, without the cache's digests and records) over the same number of claim
files, taken a directory at a time from across the ledger, in several passes; it prints the
time a file of each pass. The first pass reads the files, later ones find them in memory. Two
ledgers generated alike at two sizes tell how much of the growth from one to the other is a
file's own checking, against the larger vocabulary, rather than the run around it.

With --stages, the same passes also say what each stage of a file cost: the functions the
workers call for it (reading, parsing, the schema, the model, anchoring, the fingerprint, the
checks) are timed where they are called, and the rest of the pass is "the rest" (batching,
the outcomes). Timing a call costs about half a microsecond, counted in its stage: a pass
with its stages timed takes 3 to 4 µs a file longer than one without.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from claims_ledger.checking import parallel
from claims_ledger.checking.parallel import ExamineContext, examine_each
from claims_ledger.records import loading
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


# Each stage: the module whose name for the function the workers call is replaced while
# timing, and that name. The model is what building records takes beyond parsing and the
# schema (loading.load_texts around both).
STAGES = (
    ("read", parallel, "read_own_text"),
    ("parse", loading, "parse"),
    ("schema", loading, "schema_passes"),
    ("load", parallel, "load_texts"),
    ("anchor", parallel, "anchor_of"),
    ("fingerprint", parallel, "fingerprint"),
    ("checks", parallel, "claim_findings"),
)


@contextlib.contextmanager
def timed_stages(spent: Counter[str]) -> Iterator[None]:
    """Each stage's function timed where the workers call it, its seconds added to `spent`."""

    def timer(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        clock = time.perf_counter

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += clock() - started

        return timed

    originals = [(module, name, getattr(module, name)) for _, module, name in STAGES]
    try:
        for stage, module, name in STAGES:
            setattr(module, name, timer(stage, getattr(module, name)))
        yield
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def stage_times(spent: Counter[str], total: float, files: int) -> dict[str, float]:
    """Microseconds a file of each stage, the model apart from the parsing and the schema,
    and the rest of the pass."""
    each = {stage: spent[stage] / files * 1e6 for stage, _, _ in STAGES}
    model = each.pop("load") - each["parse"] - each["schema"]
    ordered = {"read": each["read"], "parse": each["parse"], "schema": each["schema"]}
    ordered["model"] = model  # (in the order a file goes through them)
    ordered.update((stage, took) for stage, took in each.items() if stage not in ordered)
    ordered["rest"] = total / files * 1e6 - sum(ordered.values())
    return ordered


def per_file(
    root: Path, files: int, passes: int, stages: list[dict[str, float]] | None = None
) -> list[float]:
    """Microseconds a file of each pass of `examine_each` over the sample (with `stages`,
    each pass's stages are timed too, and appended to it)."""
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
            spent: Counter[str] = Counter()
            with timed_stages(spent) if stages is not None else contextlib.nullcontext():
                started = time.perf_counter()
                for _ in examine_each(rels, context):
                    pass
                took = time.perf_counter() - started
            times.append(took / len(rels) * 1e6)
            if stages is not None:
                stages.append(stage_times(spent, took, len(rels)))
    finally:
        gc.enable()
        gc.unfreeze()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledgers", nargs="+", type=Path, help="generated ledgers")
    parser.add_argument("--files", type=int, default=10_000, help="claim files a ledger")
    parser.add_argument("--passes", type=int, default=6, help="passes over them")
    parser.add_argument("--stages", action="store_true", help="time each stage too")
    args = parser.parse_args()
    for root in args.ledgers:
        stages: list[dict[str, float]] | None = [] if args.stages else None
        times = per_file(root.resolve(), args.files, args.passes, stages)
        shown = ", ".join(f"{t:.1f}" for t in times)
        print(f"{root.name}: µs a file, each pass: {shown} (fastest {min(times):.1f})", flush=True)
        if stages:  # the fastest pass's stages, each with its range over the passes
            fastest = stages[times.index(min(times))]
            for stage, took in fastest.items():
                low = min(each[stage] for each in stages)
                high = max(each[stage] for each in stages)
                print(f"  {stage:<12} {took:6.1f} µs  ({low:.1f} to {high:.1f})", flush=True)


if __name__ == "__main__":
    main()
