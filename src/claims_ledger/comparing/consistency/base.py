"""What every consistency check shares: the Discrepancy object and the per-run context."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...records.compact import ClaimRow
from ...records.grouping import Key, comparison_key, separators, value_key
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


class Pairs:
    """Every pair of claims of each group, with its comparison, read as they are asked for.

    A group of n claims has n(n-1)/2 pairs: 346,000 at 100,000 claims, of some 12,000
    distinct pairs of values. Each group keeps the number of each claim's value, and the
    comparisons are kept once a pair of values; iterating gives (key, left, right, result)
    in the groups' order and each group's id order, as a list of them would.
    """

    __slots__ = ("_count", "_done", "_groups")

    def __init__(
        self,
        groups: list[tuple[Key, list[str], list[int], frozenset[Outcome], list[str]]],
        done: dict[tuple[int, int], Comparison],
    ) -> None:
        # key, ids, each id's value number, the outcomes among its pairs, each id's document
        self._groups = groups
        self._done = done  # by the two value numbers, in the order the pair gives them
        self._count = sum(len(group[1]) * (len(group[1]) - 1) // 2 for group in groups)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[Key, str, str, Comparison]]:
        return self.having()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pairs) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def having(self, *outcomes: Outcome) -> Iterator[tuple[Key, str, str, Comparison]]:
        """The pairs in order (only those of these outcomes, when any is given); a group
        none of whose pairs has one is passed over without reading its pairs."""
        done = self._done
        for key, ids, numbers, found, _ in self._groups:
            if outcomes and found.isdisjoint(outcomes):
                continue
            for index, left in enumerate(ids):
                first = numbers[index]
                for at in range(index + 1, len(ids)):
                    result = done[first, numbers[at]]
                    if not outcomes or result.outcome in outcomes:
                        yield key, left, ids[at], result

    def by_group(
        self,
    ) -> Iterator[tuple[list[str], list[int], frozenset[Outcome], list[str]]]:
        """Each group's ids, their value numbers, the outcomes among its pairs and the
        document of each claim."""
        for _, ids, numbers, found, documents in self._groups:
            yield ids, numbers, found, documents

    def result(self, left: int, right: int) -> Comparison:
        """The comparison of a pair by the value numbers `by_group` gives, in its order."""
        return self._done[left, right]


@dataclass
class Context:
    """Comparisons made once per run and shared by every check and the summary, with what
    several checks would otherwise each find again: the claim ids in order, and by type of
    value."""

    groups: dict[Key, list[str]]
    pairs: Pairs
    ids: list[str] = field(compare=False)  # every claim id, sorted
    typed: dict[type, list[str]] = field(compare=False, repr=False)  # sorted ids by value type

    def of_type(self, *kinds: type) -> list[str]:
        """The ids, sorted, of the claims whose value is an instance of one of these types."""
        found = [ids for kind, ids in self.typed.items() if issubclass(kind, kinds)]
        if len(found) == 1:
            return list(found[0])  # a copy: the context's own lists are shared by every check
        return sorted(claim_id for ids in found for claim_id in ids)


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
    """Group the claims by key and compare each pair within a group, once.

    One pass over the claims finds each one's key (as records.grouping.key_of does), the
    number of its value and its document; the checks and the summary then read the groups.
    """
    claims = ledger.claims
    ids = sorted(claims)
    typed: dict[type, list[str]] = {}
    by_key: dict[Key, list[tuple[str, int, str]]] = {}
    declared = separators(ledger.properties)
    # A comparison reads the two values alone (and `within`): claims with equal values
    # compare alike, whatever their key. Each distinct value is numbered (a pair of numbers
    # hashes faster than two values), its range found once and each pair of distinct values
    # compared once in the whole ledger (a fact reported by many documents is mostly one
    # value said many times, and a ledger's dates and counts repeat across facts too).
    # A row a worker loaded comes with its key and its value's key, made there in parallel.
    number: dict[tuple[object, ...], int] = {}
    first: dict[int, Claim] = {}  # a claim of each value number
    for claim_id in ids:
        claim = claims[claim_id]
        value = claim.value
        kind = type(value)
        same = typed.get(kind)
        if same is None:
            typed[kind] = [claim_id]
        else:
            same.append(claim_id)
        if claim.__class__ is ClaimRow and claim.key is not None:
            key, signature = claim.key, claim.value_key
        else:
            key, signature = comparison_key(claim, declared), value_key(value)
        at = number.get(signature)
        if at is None:
            at = number[signature] = len(number)
            first[at] = claim
        members = by_key.get(key)
        if members is None:
            by_key[key] = [(claim_id, at, claim.source.document)]
        else:
            members.append((claim_id, at, claim.source.document))
    within = containment(ledger)
    ranges: dict[int, Interval | None] = {}
    done: dict[tuple[int, int], Comparison] = {}
    value_of = {claim.id: at for at, claim in first.items()}

    def interval(claim: Claim) -> Interval | None:
        at = value_of[claim.id]
        if at not in ranges:
            ranges[at] = interval_of(claim)
        return ranges[at]

    grouped: dict[Key, list[str]] = {}
    made = []
    for key, members in by_key.items():
        if len(members) < 2:
            continue
        unzipped = tuple(zip(*members, strict=True))
        members_ids, numbers = list(unzipped[0]), list(unzipped[1])
        if len(members) == 2:
            both = {(numbers[0], numbers[1])}
        elif len(set(numbers)) == 1:
            both = {(numbers[0], numbers[0])}
        else:
            both = {(a, b) for index, a in enumerate(numbers) for b in numbers[index + 1 :]}
        for pair in both:
            if pair not in done:
                done[pair] = compare(first[pair[0]], first[pair[1]], within, interval)
        outcomes = frozenset([done[pair].outcome for pair in both])
        grouped[key] = members_ids
        made.append((key, members_ids, numbers, outcomes, list(unzipped[2])))
    return Context(grouped, Pairs(made, done), ids, typed)


def corroborated(ledger: Ledger, context: Context) -> set[str]:
    """Claims that another document states compatibly: the meaning of "corroborated"."""
    found: set[str] = set()
    agreeing = frozenset((Outcome.agree, Outcome.compatible))
    result = context.pairs.result
    for ids, numbers, outcomes, documents in context.pairs.by_group():
        if outcomes.isdisjoint(agreeing) or len(set(documents)) == 1:
            continue
        if outcomes <= agreeing:  # every pair agrees: each claim has one in another document
            found.update(ids)
            continue
        for index, left in enumerate(ids):
            document, number = documents[index], numbers[index]
            for at in range(index + 1, len(ids)):
                if documents[at] != document and result(number, numbers[at]).outcome in agreeing:
                    found.add(left)
                    found.add(ids[at])
    return found
