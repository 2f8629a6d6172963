"""How the YAML reader's time grows on hostile text, beside PyYAML's C loader on the same text.

    python benchmarks/growth.py            # every case, 500 and 4,000 repeats
    python benchmarks/growth.py --factor 16

A pull request can hold any text, so a reader that is quadratic on some shape of input is a
way to stall CI: an unclosed `[a` followed by 100,000 spaces once took 50 s. Each case is an
opening, a filler repeated n times and a closing; eight times the filler should take about
eight times as long, a quadratic reader sixty-four. This measures, it does not judge a
machine: tests/test_hostile_reader.py reads every case (at the larger size) for its finding,
without timing it. A ratio over three times the factor is marked.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable

import yaml

from claims_ledger.reading.yamlparse import parse
from claims_ledger.reading.yamlproblem import YamlProblem

# (opening, filler, closing): the shapes that were, or could be, super-linear.
CASES: tuple[tuple[str, str, str], ...] = (
    ("tags: [a", " ", ""),
    ("lines: {first: a", " ", ""),
    ("a: {first: 1, last: b", " ", ""),
    ("a: [b, c", " ", ""),
    ("a: '", "x", ""),
    ('a: "', "x", ""),
    ("a: [", "b, ", ""),
    ("a: {", "b: 1, ", ""),
    ("a: ", "x ", "\n"),
    ("a: b", " ", "#"),
    ("", "- ", "x\n"),
    ("", "[", ""),
    ("a:\n", "  # c\n", ""),
    ("a: |\n", "  x\n", ""),
    ("", "k: v\n", ""),
    ("a: ", "9", "\n"),
)


def text_of(case: tuple[str, str, str], repeats: int) -> str:
    opening, filler, closing = case
    return opening + filler * repeats + closing


def ours(text: str) -> None:
    with contextlib.suppress(YamlProblem):
        parse(text)


def pyyaml(text: str) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with contextlib.suppress(yaml.YAMLError):
        yaml.load(text, Loader=loader)  # a safe loader, chosen above


def best_time(read: Callable[[str], None], text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        read(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=500, help="repeats of the filler")
    parser.add_argument("--factor", type=int, default=8, help="the larger size over the smaller")
    args = parser.parse_args()
    large = args.small * args.factor
    print(f"{'case':<34} {'ours ms':>9} {'ratio':>7} {'PyYAML ms':>10} {'ratio':>7}")
    marked = 0
    for case in CASES:
        row = [repr(text_of(case, 1))[:34].ljust(34)]
        for read in (ours, pyyaml):
            small_t = best_time(read, text_of(case, args.small))
            large_t = best_time(read, text_of(case, large))
            ratio = large_t / max(small_t, 1e-6)
            flag = "!" if ratio > 3 * args.factor else " "
            marked += read is ours and flag == "!"
            row.append(f"{large_t * 1000:9.2f} {ratio:6.1f}{flag}")
        print(" ".join(row))
    print(
        f"ratio: time at {large:,} repeats over time at {args.small:,}; "
        f"linear is about {args.factor}, quadratic {args.factor**2}; "
        f"! marks over {3 * args.factor}"
    )
    return 1 if marked else 0


if __name__ == "__main__":
    raise SystemExit(main())
