"""The one pass over every claim file of a run, in path order, whether the file was read
or the cache answers for it: what is settled across claims (duplicate ids, duplicate
claims, the claims a file names) from what each file left, without its record."""

from __future__ import annotations

from array import array

from ..findings import Finding
from ..records.loading import Ledger
from .checks.duplicates import duplicates
from .listings import KeptFiles, Listing
from .outcomes import FileOutcome, Kept


class FilePass:
    """The one pass over every claim file, in path order: its claim id (duplicate ids), its
    fingerprint (duplicate claims), and what must be settled against every claim id."""

    def __init__(self, ledger: Ledger, findings: list[Finding], lean: bool = False) -> None:
        self.ledger = ledger
        self.lean = lean  # keep only the ids a file names, when no cache holds its outcome
        self.findings = findings  # those of files that did not load
        self.unloaded: list[tuple[str, tuple[Finding, ...]]] = []  # each such file's, by file
        self.later: list[tuple[str, FileOutcome | None, list[str]]] = []  # settled at the end
        # fingerprint -> the claim id of its first file (lean: of those repeated, once settled)
        self.first: dict[str | bytes, str] = {}
        # (file, claim id, fingerprint) repeating an earlier one
        self.again: list[tuple[str, str, str | bytes]] = []
        # Lean, `first` and `again` are complete once `settle` has run. Until then each
        # fingerprint of 16 bytes is held in one bytearray, its claim id in a list, and its
        # place among them under its first byte: 28 bytes a claim, where a dict of them held
        # 97 (the bytes object, its entry, its share of the table), 65 MB at a million.
        self._keys = bytearray()
        self._ids: list[str] = []
        self._by_byte = [array("I") for _ in range(256)] if lean else []
        self._odd: list[tuple[int, str, str, str | bytes]] = []  # (place, ...) of other keys

    def every(self, rels: list[str], found: dict[str, FileOutcome], kept: KeptFiles) -> None:
        """Each file in path order: read in this run (found), or kept by the cache; a
        directory kept whole and none of it read is taken at once (see `whole`)."""
        read = {rel.rpartition("/")[0] for rel in found}  # directories with a file read
        where = kept.where
        for start, stop, block in kept.runs(rels):
            if block and rels[start].rpartition("/")[0] not in read and self.whole(*block):
                continue
            for rel in rels[start:stop]:
                outcome = found.get(rel)
                if outcome is None:  # kept unread: a file with findings of its own was read
                    self.kept(rel, *where(rel))
                else:
                    self.found(outcome, kept.get(rel))

    def whole(self, listing: Listing, paths: list[str]) -> bool:
        """A directory's files all kept by the cache, taken at once, as `kept` would take
        each in turn; False (and nothing taken) when one of them needs `kept` itself: an id
        or fingerprint seen before, or a file without either (a tenth of a warm run's time
        at 100,000 claims went to one call a file)."""
        ids, keys, claim_file, first = listing.ids, listing.keys, self.ledger.claim_file, self.first
        count = len(paths)
        if (
            self.lean
            or None in ids
            or None in keys
            or len(set(ids)) != count
            or len(set(keys)) != count
        ):
            return False
        if not claim_file.keys().isdisjoint(ids) or not first.keys().isdisjoint(keys):
            return False
        claim_file.update(zip(ids, paths, strict=True))  # type: ignore[arg-type]
        first.update(zip(keys, ids, strict=True))  # type: ignore[arg-type]
        for at in sorted(listing.extra):
            self.later.append((paths[at], None, listing.extra[at][1]))
        return True

    def kept(self, rel: str, listing: Listing, at: int) -> None:
        """A file the cache answers for, unread: the file at this index of this listing."""
        claim_id, claim_file = listing.ids[at], self.ledger.claim_file
        if claim_id in claim_file:
            self.ledger.duplicates.append((claim_id, claim_file[claim_id], rel, ("id",)))  # type: ignore[arg-type]
            return
        claim_file[claim_id] = rel  # type: ignore[index]
        more = listing.extra.get(at)
        if more is not None:
            self.later.append((rel, None, more[1]))
        self._fingerprint(rel, claim_id, listing.keys[at])  # type: ignore[arg-type]

    def found(self, outcome: FileOutcome, item: Kept | None = None) -> None:
        """A file read in this run, or whose outcome (with findings) the cache gave: then
        `item` is what the cache keeps of it, its fingerprint among it."""
        rel, claim_id, claim_file = outcome.rel, outcome.claim_id, self.ledger.claim_file
        if claim_id is None:
            self.findings.extend(outcome.findings)
            self.unloaded.append((rel, outcome.findings))
            return
        if claim_id in claim_file:
            self.ledger.duplicates.append((claim_id, claim_file[claim_id], rel, ("id",)))
            return
        claim_file[claim_id] = rel
        if outcome.findings or outcome.loose:
            if self.lean and not outcome.findings and not any(i.needs for i in outcome.loose):
                # only the ids it names: if one is missing, the file is examined again (a
                # tenth of a large ledger's files name others: 100 MB at a million, held as
                # outcomes)
                self.later.append((rel, None, [item.target for item in outcome.loose]))
            else:
                self.later.append((rel, outcome, []))
        key = outcome.key
        if key is None and item is not None:
            key = item.key
        self._fingerprint(rel, claim_id, key)

    def _fingerprint(self, rel: str, claim_id: str, key: str | None) -> None:
        if key is None:
            return
        held: str | bytes = key  # (with the cache, the cache's listing holds this string)
        if self.lean:  # held here alone: its 16 bytes, not 32 hex digits (32 MB at a million
            try:  # claims); told hex by trying, not by a regex a file
                held = bytes.fromhex(key)
            except ValueError:
                held = key
            place = len(self._ids)
            self._ids.append(claim_id)
            if len(held) == 16 and type(held) is bytes:
                self._by_byte[held[0]].append(place)
                self._keys += held
                return
            self._keys += bytes(16)  # (its place kept; found repeated here, not in `settle`)
            if self.first.setdefault(held, claim_id) != claim_id:
                self._odd.append((place, rel, claim_id, held))
            return
        if self.first.setdefault(held, claim_id) != claim_id:
            self.again.append((rel, claim_id, held))

    def settle(self) -> None:
        """Complete `first` and `again` once every file is in, when lean: the fingerprints
        under each first byte compared among themselves, in the order they came (a dict of
        some thousands at a time), each repeat named with the claim of its first."""
        if not self.lean or not self._ids:
            return
        keys, ids, claim_file = memoryview(self._keys), self._ids, self.ledger.claim_file
        repeats = list(self._odd)
        for places in self._by_byte:
            seen: dict[bytes, int] = {}
            for place in places:
                key = keys[place * 16 : place * 16 + 16].tobytes()
                earlier = seen.setdefault(key, place)
                if earlier != place:
                    self.first.setdefault(key, ids[earlier])
                    claim_id = ids[place]
                    repeats.append((place, claim_file[claim_id], claim_id, key))
        keys.release()
        repeats.sort(key=lambda repeat: repeat[0])
        self.again = [(rel, claim_id, key) for _, rel, claim_id, key in repeats]
        self._keys, self._ids, self._by_byte, self._odd = bytearray(), [], [], []


def duplicate_claims(
    ledger: Ledger, first: dict[str | bytes, str], again: list[tuple[str, str, str | bytes]]
) -> list[Finding]:
    """duplicate-claim over the whole ledger, from each file's fingerprint (the records
    themselves are not loaded): the files repeating an earlier fingerprint, found in the
    one pass over the files, beside the first file of each (not every file, to sort)."""
    if not again:
        return []
    claim_file = ledger.claim_file
    files = {(claim_file[first[key]], first[key], key) for _, _, key in again}
    return list(duplicates([*files, *again], ledger.root))
