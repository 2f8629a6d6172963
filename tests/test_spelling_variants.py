"""Spelling: names that differ only in case or punctuation are a minor finding; a spelling
recorded as a known variant (an alias with a note) is acknowledged, not open; each spelling
is listed with every place it occurs."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from claims_ledger.loading import Ledger
from claims_ledger.models import Entity
from claims_ledger.publishing.data import finding_path
from claims_ledger.report import build_report
from claims_ledger.reporters import FORMATS
from claims_ledger.validation import prepare
from helpers import invoke

FIXTURE = Path(__file__).parent / "fixtures" / "report"


@pytest.fixture
def ledger() -> Ledger:
    loaded = prepare(FIXTURE)
    assert not loaded.findings
    return loaded


def set_aliases(ledger: Ledger, entity_id: str, aliases: list[Any]) -> None:
    data = ledger.entities[entity_id].model_dump(mode="json")
    data["aliases"] = aliases
    ledger.entities[entity_id] = Entity.model_validate(data)


def spellings(ledger: Ledger) -> dict[str, Any]:
    return {e.finding.key: e for e in build_report(ledger, ("spelling",)).entries}


def test_a_name_in_another_letter_case_is_a_minor_spelling(ledger: Ledger) -> None:
    # the bulletin's headline writes "The Harbour Case"; its text "the harbour case"
    set_aliases(ledger, "harbour-case", ["Harbour Case", "harbour case", "Harbour"])
    found = spellings(ledger)
    entry = found["Harbour case (harbour-case): Harbour Case / harbour case"]
    assert entry.finding.details["minor"] is True
    assert entry.standing == "open"
    assert entry.finding.details["places"] == [
        {
            "spelling": "Harbour Case",
            "occurrences": [{"document": "east-bulletin", "file": "seeds/bulletin.txt", "line": 1}],
        },
        {
            "spelling": "harbour case",
            "occurrences": [
                {"document": "east-bulletin", "file": "seeds/bulletin.txt", "line": 6},
                {"document": "east-bulletin", "file": "seeds/bulletin.txt", "line": 9},
            ],
        },
    ]
    # the short form "Harbour" is not another spelling, and Sergei / Sergey is not minor
    assert not any("Harbour /" in key or "/ Harbour\n" in key for key in found)
    sergei = found["Sergei Sapozhnikov (sergei-sapozhnikov): Sergei / Sergey"]
    assert sergei.finding.details["minor"] is False
    text = FORMATS["text"].render_report(build_report(ledger, ("spelling",)))
    assert "SPELLING (minor)  Harbour case" in text
    assert "'harbour case': east-bulletin lines 6, 9" in text


def test_quotation_marks_around_a_name_are_not_another_spelling(ledger: Ledger) -> None:
    set_aliases(ledger, "harbour-case", ["“Harbour Case”", "Harbour Case"])
    assert not [key for key in spellings(ledger) if key.startswith("Harbour case")]


def test_a_spelling_recorded_as_a_known_variant_is_acknowledged(ledger: Ledger) -> None:
    key = "Sergei Sapozhnikov (sergei-sapozhnikov): Sergei / Sergey"
    assert spellings(ledger)[key].standing == "open"
    note = "The South Review's transliteration."
    set_aliases(
        ledger,
        "sergei-sapozhnikov",
        [{"name": "Sergey Sapozhnikov", "note": note}, "Sapozhnikov"],
    )
    entry = spellings(ledger)[key]
    assert entry.standing == "acknowledged"
    assert entry.finding.details["notes"] == {"Sergey Sapozhnikov": note}
    # an acknowledged or open spelling never fails --strict, nor counts as a conflict
    report = build_report(ledger)
    assert all(e.finding.type == "conflict" for e in report.strict_failures())
    assert report.summary["conflicts"]["acknowledged"] == 0


def test_the_known_variant_form_validates_formats_and_reports(tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    entities = root / "claims" / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    original = text
    plain = "    aliases: [Sergey Sapozhnikov, Sapozhnikov]\n"
    assert plain in text
    entities.write_text(
        text.replace(
            plain,
            "    aliases:\n"
            "      - name: Sergey Sapozhnikov\n"
            "        note: The South Review's transliteration.\n"
            "      - Sapozhnikov\n",
        ),
        encoding="utf-8",
    )
    assert invoke("validate", "--root", root, "--no-cache").exit_code == 0
    # fmt keeps the mapping, name first, and is then content with it
    assert invoke("fmt", "--root", root).exit_code == 0
    assert "note: The South Review's transliteration." in entities.read_text(encoding="utf-8")
    assert invoke("fmt", "--check", "--root", root).exit_code == 0
    text = entities.read_text(encoding="utf-8")
    result = invoke("report", "--root", root, "--format", "json", "--type", "spelling")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["standing"] == "acknowledged"
    # a note without its name is a schema error
    entities.write_text(original.replace(plain, "    aliases:\n      - note: why\n"), "utf-8")
    result = invoke("validate", "--root", root, "--no-cache")
    assert result.exit_code == 1 and "schema" in result.stdout


def test_the_bundled_minor_spellings() -> None:
    report = build_report(prepare(Path(__file__).resolve().parent.parent), ("spelling",))
    minor = {e.finding.details["entity"] for e in report.entries if e.finding.details["minor"]}
    assert "ovd-info" in minor  # "OVD-Info" and "OVD-info" in the Spartak article
    assert "sergei-sapozhnikov" not in minor


def test_markdown_lists_every_place_of_each_spelling_beside_the_claims(ledger: Ledger) -> None:
    text = FORMATS["markdown"].render_report(build_report(ledger, ("spelling",)))
    assert "| value | claim | status | passage | record | quote |" in text  # the claims
    assert "| Sergei | north-gazette | 4 |" in text  # and where each spelling stands
    assert "| Sergey | south-review | 14 |" in text


NOTE = "The South Review's transliteration."


def known_variant_ledger(tmp_path: Path) -> Path:
    """A copy of the fixture whose "Sergey Sapozhnikov" is a known variant with a note."""
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".claims-cache"))
    entities = root / "claims" / "entities.yaml"
    plain = "    aliases: [Sergey Sapozhnikov, Sapozhnikov]\n"
    text = entities.read_text(encoding="utf-8")
    assert plain in text
    known = f"    aliases:\n      - name: Sergey Sapozhnikov\n        note: {NOTE}\n      - Sapozhnikov\n"
    entities.write_text(text.replace(plain, known), encoding="utf-8")
    return root


def test_the_site_says_an_acknowledged_spelling_is_a_recorded_variant(tmp_path: Path) -> None:
    root = known_variant_ledger(tmp_path)
    (entry,) = build_report(prepare(root), ("spelling",)).entries
    assert entry.standing == "acknowledged"
    out = tmp_path / "site"
    assert invoke("site", out, "--root", root).exit_code == 0
    page = (out / finding_path(entry.finding.id)).read_text(encoding="utf-8")
    # not the words of an acknowledged conflict: no side of a spelling is disputed
    assert "every side disputed" not in page
    assert "recorded variant" in page
    assert "Sergey Sapozhnikov" in page and "South Review&#39;s transliteration" in page


def test_the_sqlite_export_keeps_an_alias_s_note(tmp_path: Path) -> None:
    root = known_variant_ledger(tmp_path)
    out = tmp_path / "ledger.db"
    assert invoke("export", "--format", "sqlite", out, "--root", root).exit_code == 0
    db = sqlite3.connect(out)
    aliases, notes = db.execute(
        "select aliases, alias_notes from entities where id = 'sergei-sapozhnikov'"
    ).fetchone()
    # every alias still a string, as every reader of names sees it; the note beside it
    assert json.loads(aliases) == ["Sergey Sapozhnikov", "Sapozhnikov"]
    assert json.loads(notes) == {"Sergey Sapozhnikov": NOTE}
    plain = db.execute("select alias_notes from entities where id = 'pavel-orlov'").fetchone()
    assert json.loads(plain[0]) == {}
