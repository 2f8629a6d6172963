"""What every consistency check shares: the Discrepancy object and the per-run context."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ...records.grouping import Key, groups
from ...records.loading import Ledger
from ...records.models import Claim
from ...records.values import Interval
from ..comparison import Comparison, Outcome, compare, interval_of


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A finding of the report: its type, the key in words, why, and the claims on each side.

    `id` is stable: it depends only on the type and the claims involved (or, for spelling,
    the entity), so a finding keeps its id across runs and machines.
    """

    id: str
    type: str
    key: str
    explanation: str
    claims: tuple[str, ...]
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def merged(found: list[Discrepancy], kind: str = "conflict") -> list[Discrepancy]:
    """One finding a disagreement: the pairwise findings of `kind` on one key, joined into
    their connected components. Three accounts of one date that cannot all be true are one
    conflict with three sides, not three pairs a reviewer must settle one by one.

    Each merged finding keeps the pairs that disagree in `details["pairs"]` (which sides
    cannot be true together), and its id is the stable id of all its claims: a finding of
    two claims keeps the id it had as a pair.
    """
    same: dict[str, list[Discrepancy]] = {}
    rest = []
    for item in found:
        if item.type == kind and len(item.claims) == 2:
            same.setdefault(item.key, []).append(item)
        else:
            rest.append(item)
    for key, pairs in same.items():
        for members in _components(pairs):
            claims = tuple(sorted({c for pair in members for c in pair.claims}))
            listed = sorted(members, key=lambda pair: sorted(pair.claims))
            explanations = list(dict.fromkeys(pair.explanation for pair in listed))
            rest.append(
                Discrepancy(
                    id=stable_id(kind, *claims),
                    type=kind,
                    key=key,
                    explanation="; ".join(explanations),
                    claims=claims,
                    details={
                        **listed[0].details,
                        "pairs": [
                            {"claims": sorted(pair.claims), "explanation": pair.explanation}
                            for pair in listed
                        ],
                    },
                )
            )
    return rest


def _components(pairs: list[Discrepancy]) -> list[list[Discrepancy]]:
    """The pairs grouped by the connected components of the claims they join."""
    parent: dict[str, str] = {}

    def root(claim: str) -> str:
        while parent.setdefault(claim, claim) != claim:
            parent[claim] = parent[parent[claim]]
            claim = parent[claim]
        return claim

    for pair in pairs:
        parent[root(pair.claims[0])] = root(pair.claims[1])
    found: dict[str, list[Discrepancy]] = {}
    for pair in pairs:
        found.setdefault(root(pair.claims[0]), []).append(pair)
    return list(found.values())


def stable_id(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join((kind, *sorted(parts))).encode()).hexdigest()
    return f"{kind}-{digest[:10]}"


@dataclass
class Context:
    """Comparisons made once per run and shared by every check and the summary."""

    groups: dict[Key, list[str]]
    pairs: list[tuple[Key, str, str, Comparison]]


def containment(ledger: Ledger) -> dict[str, frozenset[str]]:
    """Every entity each entity lies inside, following `within` transitively."""
    found: dict[str, frozenset[str]] = {}
    for entity_id in ledger.entities:
        seen: set[str] = set()
        stack = list(ledger.entities[entity_id].within)
        while stack:
            outer = stack.pop()
            if outer in seen or outer == entity_id:
                continue
            seen.add(outer)
            if outer in ledger.entities:
                stack.extend(ledger.entities[outer].within)
        found[entity_id] = frozenset(seen)
    return found


def build_context(ledger: Ledger) -> Context:
    """Group the claims by key and compare each pair within a group, once."""
    grouped = groups(ledger)
    within = containment(ledger)
    # A comparison reads the two values alone (and `within`): claims with equal values
    # compare alike, whatever their key. Each distinct value is numbered (a pair of numbers
    # hashes faster than two values), its range found once and each pair of distinct values
    # compared once in the whole ledger (a fact reported by many documents is mostly one
    # value said many times, and a ledger's dates and counts repeat across facts too).
    number: dict[tuple[object, ...], int] = {}
    value_of: dict[str, int] = {}
    ranges: dict[int, Interval | None] = {}
    done: dict[tuple[int, int], Comparison] = {}

    def interval(claim: Claim) -> Interval | None:
        at = value_of[claim.id]
        if at not in ranges:
            ranges[at] = interval_of(claim)
        return ranges[at]

    claims = ledger.claims
    pairs = []
    for key, ids in grouped.items():
        for claim_id in ids:
            value_of[claim_id] = number.setdefault(_signature(claims[claim_id].value), len(number))
        for index, left in enumerate(ids):
            for right in ids[index + 1 :]:
                both = (value_of[left], value_of[right])
                result = done.get(both)
                if result is None:
                    result = compare(claims[left], claims[right], within, interval)
                    done[both] = result
                pairs.append((key, left, right, result))
    return Context(grouped, pairs)


def _signature(value: BaseModel) -> tuple[object, ...]:
    """A value's type and fields: equal for values that compare (and are worded) alike.
    (Each field's type too: 5 and 5.0 are equal, but not written alike.)"""
    return (type(value), *((type(item), item) for item in value.__dict__.values()))


def corroborated(ledger: Ledger, context: Context) -> set[str]:
    """Claims that another document states compatibly: the meaning of "corroborated"."""
    found: set[str] = set()
    claims = ledger.claims
    agreeing = (Outcome.agree, Outcome.compatible)
    for _, left, right, result in context.pairs:
        if (
            result.outcome in agreeing
            and claims[left].source.document != claims[right].source.document
        ):
            found.add(left)
            found.add(right)
    return found
