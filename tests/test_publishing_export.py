"""claims export: each format read back and held against the loaded ledger."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.comparing.report import build_report
from claims_ledger.publishing.export import CSV_COLUMNS, spreadsheet_safe
from helpers import BROKEN, REPO, build_ledger, invoke

DISPUTED = "petrov-repression/ufa-sapozhnikov-joined-spring-2020"
CITED = "spartak-no-one-safe/sapozhnikov-joined-circle-2019"
BASE = "https://example.org/ledger/"


@pytest.fixture(scope="module")
def ledger():
    return prepare(REPO)


def export(tmp_path: Path, fmt: str, *extra: str, root: Path = REPO) -> Path:
    out = tmp_path / f"ledger.{fmt}"
    result = invoke("export", "--format", fmt, out, "--root", root, *extra)
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left
    return out


def test_jsonl_is_one_claim_a_line(tmp_path: Path, ledger):
    lines = export(tmp_path, "jsonl", "--base-url", BASE).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == sorted(ledger.claims)
    record = next(r for r in records if r["id"] == DISPUTED)
    assert record["value"] == {"date": "2020-21"}
    assert (record["value_type"], record["value_text"]) == ("date", "spring 2020")
    assert record["status"] == "disputed"
    assert record["anchor"]["line"] == ledger.anchors[DISPUTED].line
    assert record["review"][-1]["evidence"][0]["kind"] == "claim"
    assert record["review"][-1]["evidence"][0]["claim"] == CITED
    assert record["page"] == BASE + f"claims/{DISPUTED}.html"


def test_csv_is_a_row_a_claim_with_a_byte_order_mark(tmp_path: Path, ledger):
    data = export(tmp_path, "csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == sorted(ledger.claims)
    row = next(r for r in rows if r["id"] == DISPUTED)
    assert row["value_text"] == "spring 2020"
    assert row["quote"] == "Sergei Sapozhnikov, who joined the circle in the spring of 2020"
    claim = ledger.claims[DISPUTED]
    assert (row["status"], row["reviewed"], row["reviews"]) == (
        "disputed",
        str(claim.review[-1].date),
        str(len(claim.review)),
    )


def test_csv_cells_a_spreadsheet_would_run_are_quoted(tmp_path: Path):
    root = build_ledger(tmp_path / "ledger")
    path = root / "claims/courier-ferry/company-employees.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "statement: The Saltvik ferry company employs about 40 people.",
        'statement: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"',
    )
    text = text.replace("attributed_to: null", 'attributed_to: "@SUM(1+1)"')
    path.write_text(text + 'note: "-2+3"\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    rows = list(
        csv.DictReader(
            io.StringIO(export(out, "csv", root=root).read_text(encoding="utf-8-sig"), newline="")
        )
    )
    row = next(r for r in rows if r["id"] == "courier-ferry/company-employees")
    assert row["statement"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["attributed_to"] == "'@SUM(1+1)"
    assert row["note"] == "'-2+3"
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(cell: str, safe: str):
    assert spreadsheet_safe(cell) == safe


def test_sqlite_has_the_ledger_with_foreign_keys_and_full_text_search(tmp_path: Path, ledger):
    db = sqlite3.connect(export(tmp_path, "sqlite"))
    db.execute("PRAGMA foreign_keys = ON")
    count = lambda table: db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: E731
    assert count("claims") == len(ledger.claims)
    assert count("documents") == len(ledger.documents)
    assert count("entities") == len(ledger.entities)
    assert count("reviews") == sum(len(c.review) for c in ledger.claims.values())
    assert count("findings") == len(build_report(ledger).entries)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    row = db.execute(
        "select value_text, status, document, line from claims where id = ?", (DISPUTED,)
    ).fetchone()
    assert row == ("spring 2020", "disputed", "petrov-repression", ledger.anchors[DISPUTED].line)
    cited = db.execute(
        "select e.cited_claim, e.kind from evidence e join reviews r on e.review = r.id "
        "where r.claim = ?",
        (DISPUTED,),
    ).fetchall()
    # every item of its review's evidence, in order; the claims it cites are among them
    expected = [
        (getattr(item, "claim", None), "claim" if hasattr(item, "claim") else "source")
        for entry in ledger.claims[DISPUTED].review
        for item in entry.evidence
    ]
    assert sorted(cited, key=str) == sorted(expected, key=str)
    assert (CITED, "claim") in cited
    found = db.execute(
        "select claims.id from claims join claims_fts on claims.rowid = claims_fts.rowid "
        "where claims_fts match ? order by claims.id",
        ('"joined the circle in the spring of 2020"',),
    ).fetchall()
    assert (DISPUTED,) in found
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "insert into claims (id, document, statement, subject, property, quote, status) "
            "values ('x/y', 'no-such-document', 's', 'sergei-sapozhnikov', 'joined', 'q', 'unverified')"
        )
    sides = db.execute(
        "select count(*) from finding_claims f join claims c on f.claim = c.id"
    ).fetchone()[0]
    assert sides == count("finding_claims") > 0


def test_claimreview_is_a_graph_of_the_verdicts(tmp_path: Path, ledger):
    data = json.loads(export(tmp_path, "claimreview", "--base-url", BASE).read_text())
    assert data["@context"] == "https://schema.org"
    verdicts = sorted(c.id for c in ledger.claims.values() if c.status.value != "unverified")
    assert [r["url"] for r in data["@graph"]] == [BASE + f"claims/{c}.html" for c in verdicts]
    for review in data["@graph"]:
        assert review["@type"] == "ClaimReview"
        for key in ("claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished"):
            assert key in review


def test_export_refuses_a_directory(tmp_path: Path):
    result = invoke("export", "--format", "csv", tmp_path, "--root", REPO)
    assert result.exit_code == 2


@pytest.mark.parametrize("broken", ["unknown-claim", "unknown-entity"])
def test_sqlite_holds_what_loaded_even_when_references_are_broken(tmp_path: Path, broken: str):
    root = build_ledger(tmp_path / "ledger", BROKEN / broken)
    out = tmp_path / "out"
    out.mkdir()
    result = invoke("export", "--format", "sqlite", out / "ledger.db", "--root", root)
    assert result.exit_code == 0, result.output  # a reference is validate's to check
    db = sqlite3.connect(out / "ledger.db")
    assert db.execute("select count(*) from claims").fetchone()[0] == len(prepare(root).claims)
