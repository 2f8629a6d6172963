"""Generate a realistic synthetic ledger: seeds, manifest, vocabulary and N claim files.

The ledger is what a newsroom's would look like after months of work: M documents (three
articles to a seed file, each with its title and "First published at" line), claims whose
quotes really occur in their document, facts reported by several documents (some agreeing,
some less precise, a share in conflict), reviews that cite other claims, and a share of
broken claim files, each broken in one known way. `expected-findings.json` at the ledger's
top lists every broken file with the finding code it must produce, so a run can be checked.

    python benchmarks/generate.py --claims 10000 --out benchmarks/out/10k
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FIRST_NAMES = [
    "Ivan",
    "Anna",
    "Sergei",
    "Olga",
    "Dmitry",
    "Elena",
    "Pavel",
    "Irina",
    "Mikhail",
    "Natalia",
    "Alexei",
    "Tatiana",
    "Nikolai",
    "Svetlana",
    "Andrei",
    "Maria",
    "Viktor",
    "Yulia",
    "Oleg",
    "Daria",
    "Boris",
    "Ksenia",
    "Grigory",
    "Vera",
    "Leonid",
    "Polina",
    "Kirill",
    "Alina",
    "Roman",
    "Sofia",
    "Stanislav",
    "Galina",
    "Artem",
    "Lidia",
    "Yegor",
    "Marina",
    "Fyodor",
    "Zoya",
    "Timur",
    "Inna",
]
LAST_NAMES = [
    "Petrov",
    "Sokolov",
    "Volkov",
    "Morozov",
    "Lebedev",
    "Kozlov",
    "Novikov",
    "Orlov",
    "Zaitsev",
    "Pavlov",
    "Semenov",
    "Golubev",
    "Vinogradov",
    "Bogdanov",
    "Vorobyov",
    "Fedorov",
    "Mikhailov",
    "Belyaev",
    "Tarasov",
    "Belov",
    "Komarov",
    "Kiselev",
    "Makarov",
    "Andreev",
    "Kovalev",
    "Ilyin",
    "Gusev",
    "Titov",
    "Kuzmin",
    "Kudryavtsev",
    "Baranov",
    "Kulikov",
    "Alekseev",
    "Stepanov",
    "Yakovlev",
    "Sorokin",
    "Sergeev",
    "Romanov",
    "Zakharov",
    "Borisov",
]
SYLLABLES = [
    "ka",
    "ra",
    "vo",
    "len",
    "gor",
    "mir",
    "ob",
    "us",
    "tin",
    "dar",
    "vel",
    "ost",
    "zar",
    "nev",
    "pol",
    "bel",
    "yar",
    "kur",
    "lug",
]
ORG_WORDS = [
    "Workers",
    "Union",
    "Circle",
    "League",
    "Committee",
    "Front",
    "Movement",
    "Collective",
    "Assembly",
    "Council",
    "Initiative",
    "Network",
    "Alliance",
    "Society",
    "Group",
]
ORG_ADJECTIVES = [
    "Northern",
    "Free",
    "Independent",
    "United",
    "Socialist",
    "Democratic",
    "Popular",
    "Revolutionary",
    "Left",
    "Radical",
    "Student",
    "Labour",
    "Federal",
    "Regional",
]
CHARGES = (
    "preparation for a violent seizure of power",
    "participation in a terrorist organisation",
    "repeated violation of the rules of public assembly",
    "spreading false information about the armed forces",
    "calls to extremist activity",
    "vandalism motivated by political hatred",
    "organising an extremist community",
)
ROLES = ("coordinator", "deputy chairman", "press secretary", "treasurer", "founder", "lawyer")
PUBLISHERS = ("OVD-Info", "Mediazona", "Rabkor", "Novaya Gazeta", "Meduza", "Kommersant")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
FILLER = (
    "The court did not respond to a request for comment.",
    "Lawyers for the defendants said they would appeal.",
    "Human rights groups have called the case fabricated.",
    "The hearing was closed to the press.",
    "Relatives were not allowed to attend.",
    "Several witnesses later withdrew their testimony.",
    "The investigation lasted more than a year.",
    "Supporters gathered outside the courthouse.",
)

PROPERTIES = (
    ("born", "was born", "When the subject was born.", "date", "single", ()),
    ("joined", "joined", "When the subject joined the object.", "date", "single", ()),
    ("detained", "was detained", "When the subject was detained.", "date", "single", ("occasion",)),
    ("detained-in", "was detained in", "Where the subject was detained.", "entity", "single", ()),
    ("sentenced-on", "was sentenced on", "When the subject was sentenced.", "date", "single", ()),
    ("prison-term", "was sentenced to", "The custodial sentence.", "duration", "single", ()),
    ("fine", "was fined", "A fine imposed on the subject.", "money", "single", ()),
    ("age", "was aged", "The subject's age at a date.", "age", "single", ()),
    ("count", "numbered", "How many of what qualifier 'of' names.", "quantity", "single", ("of",)),
    ("share", "made up", "A share of what qualifier 'of' names.", "percentage", "single", ("of",)),
    ("charged-with", "was charged with", "A charge against the subject.", "text", "many", ()),
    ("role", "held the role", "A position the subject held in the object.", "text", "many", ()),
)

# Ways a claim file is broken, with the one finding code each must produce.
BREAKS = (
    "yaml-syntax",
    "yaml-duplicate-key",
    "schema-missing",
    "schema-type",
    "schema-unknown-key",
    "unknown-entity",
    "unknown-property",
    "quote-not-found",
    "id-path-mismatch",
    "invalid-value",
    "missing-evidence",
    "status-mismatch",
    "unknown-claim",
)
CODE_OF_BREAK = {name: name.split("-")[0] if name.startswith("schema") else name for name in BREAKS}


def slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's form is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Fact:
    """One thing in the world, reported by one or more documents."""

    subject: Entity
    prop: str
    obj: Entity | None
    qualifiers: dict[str, str]
    value: dict[str, object]


@dataclass
class Claim:
    id: str
    document: str
    fact: Fact
    value: dict[str, object]
    statement: str
    quote: str
    prefix: str | None = None
    status: str = "unverified"
    reviews: list[dict[str, object]] = field(default_factory=list)
    attributed_to: str | None = None
    tags: list[str] = field(default_factory=list)
    broken: str | None = None


SINGLE = {name for name, *_, cardinality, _ in PROPERTIES if cardinality == "single"}


class World:
    """Entities and the truth about them, drawn from one seeded random source.

    The world is coherent: each person has one birth year, every dated event of theirs
    comes at least sixteen years after it, an age is what that birth year gives, and a
    single-valued fact (one key: subject, property, object, qualifiers) has one true value,
    however often it is drawn. The only contradictions in a generated ledger are the
    re-reports made to conflict on purpose.
    """

    def __init__(self, rng: random.Random, claims: int) -> None:
        self.rng = rng
        self.people = self._people(max(40, claims // 12))
        self.places = self._named("place", max(8, claims // 400), self._place_name)
        self.orgs = self._named("organisation", max(8, claims // 300), self._org_name)
        self.cases = [
            Entity(f"{place.id}-case", "event", f"the {place.name} case") for place in self.places
        ]
        self.birth = {person.id: rng.randint(1945, 1985) for person in self.people}
        self.truth: dict[tuple[object, ...], Fact] = {}

    def _people(self, count: int) -> list[Entity]:
        """Names from the lists, then (past about 30,000 people, where the lists run out)
        with surnames made of syllables; the 100,000-claim ledger needs none of those."""
        seen: set[str] = set()
        people = []
        misses = 0
        while len(people) < count:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            if misses > 100:  # the lists have run out: from here on, made-up surnames
                last = self._place_name().removesuffix("sk") + "ov"
            name = f"{first} {last}"
            if name in seen:
                name = f"{first} {self.rng.choice(FIRST_NAMES)[0]}. {last}"
            if name in seen:
                misses += 1
                continue
            misses = misses if misses > 100 else 0
            seen.add(name)
            people.append(Entity(slug(name), "person", name, [last]))
        return people

    def _place_name(self) -> str:
        parts = self.rng.randint(2, 3)
        return "".join(self.rng.choice(SYLLABLES) for _ in range(parts)).capitalize() + "sk"

    def _org_name(self) -> str:
        return f"{self.rng.choice(ORG_ADJECTIVES)} {self.rng.choice(ORG_WORDS)}"

    def _named(self, kind: str, count: int, make: Callable[[], str]) -> list[Entity]:
        found: dict[str, Entity] = {}
        while len(found) < count:
            name = make()
            if kind == "organisation" and name in {e.name for e in found.values()}:
                name = f"{name} of {self._place_name()}"
            found.setdefault(slug(name), Entity(slug(name), kind, name))
        return list(found.values())

    def entities(self) -> list[Entity]:
        return [*self.people, *self.places, *self.orgs, *self.cases]

    def fact(self) -> Fact:
        """A fact drawn at random: for a key drawn before, the same fact again."""
        drawn = self._draw()
        if drawn.prop not in SINGLE:
            return drawn
        key = (
            drawn.subject.id,
            drawn.prop,
            drawn.obj.id if drawn.obj else None,
            tuple(sorted(drawn.qualifiers.items())),
        )
        return self.truth.setdefault(key, drawn)

    def _draw(self) -> Fact:
        rng = self.rng
        person = rng.choice(self.people)
        prop = rng.choice(PROPERTIES)[0]
        born = self.birth[person.id]
        year = rng.randint(max(1995, born + 16), 2024)
        if prop == "born":
            return Fact(person, prop, None, {}, {"date": f"{born}"})
        if prop == "joined":
            month = rng.randint(1, 12)
            return Fact(person, prop, rng.choice(self.orgs), {}, {"date": f"{year}-{month:02d}"})
        if prop == "detained":
            day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            occasion = rng.choice(("first-arrest", "second-arrest"))
            return Fact(person, prop, rng.choice(self.cases), {"occasion": occasion}, {"date": day})
        if prop == "detained-in":
            return Fact(person, prop, None, {}, {"entity": rng.choice(self.places).id})
        if prop == "sentenced-on":
            day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            return Fact(person, prop, rng.choice(self.cases), {}, {"date": day})
        if prop == "prison-term":
            value = {"duration": f"P{rng.randint(1, 20)}Y{rng.randint(0, 11)}M"}
            return Fact(person, prop, rng.choice(self.cases), {}, value)
        if prop == "fine":
            value = {"money": rng.randint(1, 900) * 1000, "currency": "RUB"}
            return Fact(person, prop, rng.choice(self.cases), {}, value)
        if prop == "age":  # before or after the birthday in that year
            value = {"age": year - born - rng.randint(0, 1), "as_of": str(year)}
            return Fact(person, prop, None, {}, value)
        if prop == "count":
            place = rng.choice(self.places)
            value = {"quantity": rng.randint(10, 5000), "unit": "person", "bound": "more-than"}
            return Fact(place, prop, None, {"of": "detentions"}, value)
        if prop == "share":
            org = rng.choice(self.orgs)
            return Fact(org, prop, None, {"of": "women"}, {"percentage": rng.randint(5, 95)})
        if prop == "charged-with":
            return Fact(person, prop, rng.choice(self.cases), {}, {"text": rng.choice(CHARGES)})
        return Fact(person, prop, rng.choice(self.orgs), {}, {"text": rng.choice(ROLES)})


def date_words(date: str) -> str:
    parts = date.split("-")
    if len(parts) == 1:
        return f"in {parts[0]}"
    month = int(parts[1])
    if month in SEASONS:
        return f"in the {SEASONS[month]} of {parts[0]}"
    if len(parts) == 2:
        return f"in {MONTHS[month - 1]} {parts[0]}"
    return f"on {int(parts[2])} {MONTHS[month - 1]} {parts[0]}"


def sentence(fact: Fact, value: dict[str, object], names: dict[str, str]) -> str:
    """The words a document uses for the fact; the claim quotes all of them."""
    who = fact.subject.name
    what = fact.obj.name if fact.obj else ""
    if "date" in value:
        when = date_words(str(value["date"]))
        verb = {
            "born": "was born",
            "joined": f"joined the {what}",
            "detained": f"was detained in {what}"
            + (
                " for the second time" if fact.qualifiers.get("occasion") == "second-arrest" else ""
            ),
            "sentenced-on": f"was sentenced in {what}",
        }[fact.prop]
        return f"{who} {verb} {when}"
    if "entity" in value:
        return f"{who} was detained in {names[str(value['entity'])]}"
    if "duration" in value:
        years, months = str(value["duration"])[1:-1].split("Y")
        return f"{who} was sentenced to {years} years and {months} months in {what}"
    if "money" in value:
        return f"{who} was fined {value['money']:,} roubles in {what}"
    if "age" in value:
        return f"{who} was {value['age']} years old in {value['as_of']}"
    if "quantity" in value:
        bound = "more than" if value.get("bound") == "more-than" else "about"
        return f"{bound} {value['quantity']:,} people were detained in {who}"
    if "percentage" in value:
        return f"women made up {value['percentage']} percent of the {who}"
    if fact.prop == "charged-with":
        return f"{who} was charged with {value['text']} in {what}"
    return f"{who} served as {value['text']} of the {what}"


def variant(rng: random.Random, fact: Fact, conflict: bool) -> dict[str, object]:
    """The value another document gives: the same, less precise, or (conflict) different."""
    value = dict(fact.value)
    if "date" in value:
        date = str(value["date"])
        if conflict:
            year = int(date[:4]) + rng.choice((-2, -1, 1, 2))
            return {"date": f"{year}{date[4:]}"}
        return {"date": date[:4]} if rng.random() < 0.3 else value
    if not conflict:
        return value
    for number in ("quantity", "money", "percentage", "age"):
        if number in value:
            old = int(value[number])  # type: ignore[call-overload]
            value[number] = old + max(1, old // 5) * rng.choice((-1, 1))
            if number == "percentage":
                value[number] = min(100, max(0, int(value[number])))  # type: ignore[call-overload]
            return value
    if "duration" in value:
        years, months = str(value["duration"])[1:-1].split("Y")
        return {"duration": f"P{int(years) + rng.randint(1, 4)}Y{months}M"}
    if "entity" in value:
        return value
    return value


@dataclass
class Document:
    id: str
    title: str
    publisher: str
    author: str
    lines: list[str] = field(default_factory=list)


def build(claims: int, documents: int, seed: int, conflicts: float, broken: float) -> tuple:
    """The world, the documents and the claims, before anything is written."""
    rng = random.Random(seed)
    world = World(rng, claims)
    names = {e.id: e.name for e in world.entities()}
    docs = [
        Document(
            f"report-{number:05d}",
            f"{rng.choice(('Inside', 'Behind', 'After'))} {rng.choice(world.cases).name}",
            rng.choice(PUBLISHERS),
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        )
        for number in range(documents)
    ]
    made: list[Claim] = []
    used: set[tuple[str, str]] = set()  # (document, sentence): a quote is unique in its document
    slugs: dict[str, int] = {}
    while len(made) < claims:
        fact = world.fact()
        reports = min(claims - len(made), rng.choice((1, 1, 2, 2, 3, 4)))
        first: Claim | None = None
        for doc in rng.sample(docs, min(reports, len(docs))):
            conflict = first is not None and rng.random() < conflicts
            value = fact.value if first is None else variant(rng, fact, conflict)
            words = sentence(fact, value, names)
            if (doc.id, words) in used:
                continue
            used.add((doc.id, words))
            base = slug(f"{fact.subject.id}-{fact.prop}")[:80]
            count = slugs.get(f"{doc.id}/{base}", 0) + 1
            slugs[f"{doc.id}/{base}"] = count
            text = words[0].upper() + words[1:]
            claim = Claim(
                f"{doc.id}/{base}-{count}",
                doc.id,
                fact,
                value,
                text + ".",
                text,
                attributed_to=rng.choice((None, None, None, "OVD-Info", "the prosecutor's office")),
                tags=[fact.prop] + (["conflict"] if conflict else []),
            )
            _write_sentence(rng, doc, claim)
            _review(rng, claim, first, conflict)
            made.append(claim)
            first = first or claim
    _unique_quotes(docs, made)
    _break_some(rng, made, broken)
    return world, docs, made


def _unique_quotes(docs: list[Document], claims: list[Claim]) -> None:
    """Where a quote also occurs inside another sentence, quote its whole line instead."""
    texts = {doc.id: "\n".join(doc.lines) for doc in docs}
    for claim in claims:
        text = texts[claim.document]
        if text.count(claim.quote) != (2 if claim.prefix else 1):
            line = next(x for x in text.split("\n") if x.startswith(claim.quote + ", "))
            claim.quote, claim.prefix = line, None


def _write_sentence(rng: random.Random, doc: Document, claim: Claim) -> None:
    """Put the claim's words into the document, sometimes twice (then a prefix tells them apart)."""
    doc.lines.append(f"{claim.quote}, {rng.choice(PUBLISHERS)} reported. {rng.choice(FILLER)}")
    if rng.random() < 0.03:
        doc.lines.append(f"As noted above, {claim.quote}.")
        claim.prefix = "As noted above, "


def _review(rng: random.Random, claim: Claim, first: Claim | None, conflict: bool) -> None:
    recorded = {"date": "2026-10-01", "status": "unverified", "note": "Recorded from the text."}
    claim.reviews.append({**recorded, "evidence": []})
    if first is None:
        return
    if conflict and rng.random() < 0.5:
        note = f"{first.document} gives another value."
        entry = {"date": "2026-10-12", "status": "disputed", "note": note}
        claim.reviews.append({**entry, "evidence": [_cites(first, "contradicts")]})
        claim.status = "disputed"
    elif not conflict and rng.random() < 0.3:
        entry = {"date": "2026-10-15", "status": "verified", "note": "Two documents agree."}
        source = {
            "url": f"https://archive.example/{claim.id}",
            "title": f"Records of {claim.document}",
            "publisher": "Example Archive",
            "published": quoted("2026"),
            "consulted": quoted("2026-10-15"),
            "excerpt": quoted(claim.quote),
            "stance": "supports",
        }
        claim.reviews.append({**entry, "evidence": [source, _cites(first, "supports")]})
        claim.status = "verified"


def _cites(other: Claim, stance: str) -> dict[str, str]:
    return {"claim": other.id, "stance": stance}


def _break_some(rng: random.Random, claims: list[Claim], share: float) -> None:
    """Break a share of the claims, none of which another claim cites as evidence."""
    cited = {
        item["claim"]
        for claim in claims
        for review in claim.reviews
        for item in review["evidence"]  # type: ignore[union-attr]
        if "claim" in item
    }
    candidates = [c for c in claims if c.id not in cited]
    count = min(len(candidates), round(len(claims) * share))
    for number, claim in enumerate(rng.sample(candidates, count)):
        kind = BREAKS[number % len(BREAKS)]
        if kind == "invalid-value" and not {"date", "money", "age"} & set(claim.value):
            kind = "status-mismatch"  # no unparseable form of this value type passes the schema
        claim.broken = kind


def value_lines(value: dict[str, object]) -> list[str]:
    out = ["value:"]
    for key, item in value.items():
        text = quoted(item) if isinstance(item, str) and key in ("date", "as_of") else item
        out.append(f"  {key}: {text}")
    return out


def claim_text(claim: Claim, ids: set[str]) -> str:
    """The claim file, ~30 lines, in the form `claims fmt` writes, or broken as asked."""
    broken = claim.broken
    fact = claim.fact
    claim_id = claim.id
    if broken == "id-path-mismatch":
        claim_id = f"{claim.document}/mismatched-{claim.id.split('/')[1]}"
    value = dict(claim.value)
    if broken == "invalid-value":
        if "date" in value:
            value["date"] = "spring 2020"
        elif "money" in value:
            value["currency"] = "XYZ"
        else:
            value["as_of"] = "sometime"
    quote = claim.quote
    if broken == "quote-not-found":
        quote = quote.replace(" was ", " had been ", 1) if " was " in quote else quote + " indeed"
    lines = [
        "# yaml-language-server: $schema=../../schemas/claim.schema.json",
        f"id: {claim_id}",
        f"statement: {claim.statement}",
        f"subject: {fact.subject.id + 'x' if broken == 'unknown-entity' else fact.subject.id}",
        f"property: {fact.prop + '-of' if broken == 'unknown-property' else fact.prop}",
        f"object: {fact.obj.id if fact.obj else 'null'}",
    ]
    if broken == "yaml-syntax":
        lines[2] = f'statement: "{claim.statement}'
    if broken == "schema-missing":
        del lines[2]
    if broken == "schema-unknown-key":
        lines.append("sourced_from: the wire")
    if fact.qualifiers:
        lines.append("qualifiers:")
        lines.extend(f"  {k}: {v}" for k, v in fact.qualifiers.items())
    vlines = value_lines(value)
    if broken == "schema-type":
        vlines = ["value:", f"  date: {str(value.get('date', '2019'))[:4]}"]
    lines.extend(vlines)
    lines += ["source:", f"  document: {claim.document}", f"  quote: {quoted(quote)}"]
    if claim.prefix:
        lines.append(f"  prefix: {quoted(claim.prefix)}")
    attributed = quoted(claim.attributed_to) if claim.attributed_to else "null"
    status = claim.status
    reviews = [dict(r) for r in claim.reviews]
    if broken == "missing-evidence":
        status = "verified"
        reviews = reviews[:1]
        reviews.append(
            {"date": "2026-10-20", "status": "verified", "note": "Checked.", "evidence": []}
        )
    if broken == "status-mismatch":
        status = "disputed" if status != "disputed" else "unverified"
    if broken == "unknown-claim":
        missing = f"{claim.document}/no-such-claim-{len(ids)}"
        reviews.append(
            {
                "date": "2026-10-20",
                "status": status,
                "note": "See the other report.",
                "evidence": [{"claim": missing, "stance": "context"}],
            }
        )
    lines += [f"attributed_to: {attributed}", f"status: {status}", "review:"]
    for review in reviews:
        lines += [
            f'  - date: "{review["date"]}"',
            f"    status: {review['status']}",
            f"    note: {review['note']}",
        ]
        evidence = review["evidence"]
        if evidence:
            lines.append("    evidence:")
            for item in evidence:  # type: ignore[union-attr]
                for number, (key, text) in enumerate(item.items()):
                    lines.append(f"      {'- ' if number == 0 else '  '}{key}: {text}")
        else:
            lines.append("    evidence: []")
    if broken == "yaml-duplicate-key":
        lines.append(f"status: {status}")
    lines += ["note: null", "tags:"]
    lines.extend(f"  - {tag}" for tag in claim.tags)
    return "\n".join(lines) + "\n"


def write(out: Path, world: World, docs: list[Document], claims: list[Claim]) -> dict[str, str]:
    """Write the ledger under `out`; return {claim file: expected finding code}."""
    if out.exists():
        shutil.rmtree(out)
    (out / "seeds").mkdir(parents=True)
    (out / "claims").mkdir()
    manifest = [
        "# yaml-language-server: $schema=../schemas/documents.schema.json",
        "documents:",
    ]
    for start in range(0, len(docs), 3):
        name = f"seed-{start // 3:05d}.txt"
        text_lines: list[str] = []
        spans = []
        for doc in docs[start : start + 3]:
            first = len(text_lines) + 1
            text_lines += [doc.title, f"First published at {doc.publisher}", ""]
            text_lines += doc.lines or ["This article states no fact the ledger records."]
            text_lines.append("")
            spans.append((doc, first, len(text_lines)))
        data = ("\n".join(text_lines) + "\n").encode("utf-8")
        (out / "seeds" / name).write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        for doc, first, last in spans:
            manifest += [
                f"  - id: {doc.id}",
                f"    file: {name}",
                f"    lines: {{first: {first}, last: {last}}}",
                f"    title: {quoted(doc.title)}",
                f"    author: {quoted(doc.author)}",
                f"    publisher: {quoted(doc.publisher)}",
                "    first_published: null",
                f"    sha256: {digest}",
            ]
    (out / "seeds" / "documents.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    entities = ["entities:"]
    for entity in world.entities():
        entities += [
            f"  - id: {entity.id}",
            f"    type: {entity.type}",
            f"    name: {quoted(entity.name)}",
            f"    aliases: [{', '.join(quoted(a) for a in entity.aliases)}]",
        ]
    (out / "claims" / "entities.yaml").write_text("\n".join(entities) + "\n", encoding="utf-8")
    props = ["properties:"]
    for pid, label, description, value_type, cardinality, qualifiers in PROPERTIES:
        props += [
            f"  - id: {pid}",
            f"    label: {label}",
            f"    description: {quoted(description)}",
            f"    value_type: {value_type}",
            f"    cardinality: {cardinality}",
            f"    qualifiers: [{', '.join(qualifiers)}]",
        ]
    (out / "claims" / "properties.yaml").write_text("\n".join(props) + "\n", encoding="utf-8")
    ids = {c.id for c in claims}
    expected: dict[str, str] = {}
    made_dirs: set[str] = set()
    for claim in claims:
        if claim.document not in made_dirs:
            (out / "claims" / claim.document).mkdir()
            made_dirs.add(claim.document)
        rel = f"claims/{claim.id}.yaml"
        (out / rel).write_text(claim_text(claim, ids), encoding="utf-8")
        if claim.broken:
            expected[rel] = CODE_OF_BREAK[claim.broken]
    (out / "expected-findings.json").write_text(
        json.dumps(expected, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return expected


def generate(
    out: Path,
    claims: int,
    documents: int | None = None,
    seed: int = 1,
    conflicts: float = 0.05,
    broken: float = 0.002,
) -> dict[str, str]:
    """Write a ledger of `claims` claims over `documents` documents; return the broken files."""
    if claims < 1:
        raise ValueError("claims must be at least 1")
    documents = documents or max(3, claims // 50)
    world, docs, made = build(claims, documents, seed, conflicts, broken)
    return write(out, world, docs, made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, required=True, help="number of claim files")
    parser.add_argument("--documents", type=int, help="number of documents (default claims/50)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--conflicts", type=float, default=0.05, help="share of re-reports in conflict"
    )
    parser.add_argument("--broken", type=float, default=0.002, help="share of broken claim files")
    parser.add_argument("--out", type=Path, required=True, help="directory to (re)create")
    args = parser.parse_args()
    expected = generate(
        args.out, args.claims, args.documents, args.seed, args.conflicts, args.broken
    )
    print(f"wrote {args.claims} claims to {args.out} ({len(expected)} broken)")


if __name__ == "__main__":
    main()
