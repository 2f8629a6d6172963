"""claims site: every claim marked and linked, every link resolving, JSON-LD, escaping of a
hostile ledger, and where the site may be written. (In a real browser: test_site_browser.py.)"""

from __future__ import annotations

import html
import json
import shlex
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.comparing.report import build_report
from claims_ledger.errors import LedgerError
from claims_ledger.publishing import pages as site_pages
from claims_ledger.publishing.claimreview import script_json
from claims_ledger.publishing.data import claim_path, document_path, finding_path
from claims_ledger.publishing.evidence import evidence_of
from claims_ledger.publishing.lines import text_html
from claims_ledger.publishing.options import MARKER, SiteOptions
from claims_ledger.publishing.pages import Site, _page, _page_keys, rendered
from claims_ledger.publishing.plan import Plan
from claims_ledger.publishing.site import _remove_tree, _write_file, build_site, build_site_from
from claims_ledger.reading.anchoring import Anchor
from claims_ledger.records.compact import row_of
from helpers import FIXTURES, REPO, VALID, build_ledger, generated, invoke
from sitepages import broken_links, json_ld, pages_of, read_page

HOSTILE_SITE = FIXTURES / "site-hostile"
BASE = "https://example.org/ledger/"
DISPUTED = "petrov-repression/ufa-sapozhnikov-joined-spring-2020"
UNVERIFIED = (
    "petrov-repression/ivan-petrov-pseudonym"  # the article's byline: nothing to check it by
)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled ledger's site, built once, with a base URL."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    result = invoke("site", out, "--root", REPO, "--base-url", BASE, "--publisher-name", "Desk")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = build_ledger(tmp_path_factory.mktemp("hostile") / "ledger", HOSTILE_SITE)
    out = root.parent / "site"
    result = invoke("site", out, "--root", root)
    assert result.exit_code == 0, result.output
    return root, out


def test_every_claim_of_every_document_is_marked_and_linked(bundled: Path):
    ledger = prepare(REPO)
    for doc_id in ledger.documents:
        page = read_page(bundled / document_path(doc_id))
        ids = [c for c in ledger.claims if ledger.claims[c].source.document == doc_id]
        assert ids
        for claim_id in ids:
            found = ledger.anchors[claim_id]
            assert isinstance(found, Anchor)
            assert page.pins[claim_id] == "../" + claim_path(claim_id)
            # the marked runs that carry the claim spell its passage, in order
            text = "".join(t for claims, _, t in page.passages if claim_id in claims)
            assert text == ledger.claims[claim_id].source.quote, claim_id


def test_every_link_of_every_page_resolves(bundled: Path):
    pages = pages_of(bundled)
    ledger = prepare(REPO)
    assert len(pages) == 1 + len(ledger.documents) + len(ledger.claims) + len(
        list((bundled / "findings").iterdir())
    )
    assert broken_links(bundled, pages) == []


def test_the_index_counts_statuses_discrepancies_and_what_is_left(bundled: Path):
    text = (bundled / "index.html").read_text(encoding="utf-8")
    ledger = prepare(REPO)
    entries = build_report(ledger).entries
    # the Sapozhnikov conflicts are acknowledged, not settled: every side is disputed
    conflicts = [e for e in entries if e.finding.type == "conflict"]
    assert conflicts and all(e.standing == "acknowledged" for e in conflicts)
    # open: the conflicts, and any other finding with a side nobody has reviewed yet
    still_open = [
        e
        for e in entries
        if e.finding.type == "conflict" or any(s.status == "unverified" for s in e.sides)
    ]
    open_part, settled_part = text.split('id="settled-title"', 1)
    assert f"Open discrepancies ({len(still_open)})" in open_part
    for entry in still_open:
        assert finding_path(entry.finding.id) in open_part
        assert finding_path(entry.finding.id) not in settled_part
    assert f"Settled discrepancies ({len(entries) - len(still_open)})" in settled_part
    unverified = sum(1 for c in ledger.claims.values() if c.status.value == "unverified")
    assert f"{unverified} of {len(ledger.claims)} claims" in text


def test_a_claim_page_has_value_passage_reviews_and_the_other_claims(bundled: Path):
    path = bundled / claim_path(DISPUTED)
    text = path.read_text(encoding="utf-8")
    assert "spring 2020" in text  # the value in words
    assert (
        '<mark class="quote">Sergei Sapozhnikov, who joined the circle in the spring of 2020</mark>'
        in text
    )
    assert "Ivan Petrov" in text  # said by the document's author
    page = read_page(path)
    assert "../../claims/spartak-no-one-safe/sapozhnikov-joined-circle-2019.html" in page.links
    assert "conflict" in text and "compatible" in text


def test_json_ld_of_a_verdict_has_what_search_engines_require(bundled: Path):
    (data,) = json_ld(read_page(bundled / claim_path(DISPUTED)))
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"].startswith("Sergei Sapozhnikov joined")
    assert data["url"] == BASE + claim_path(DISPUTED)
    assert data["author"] == {"@type": "Organization", "name": "Desk"}
    assert data["datePublished"] == str(prepare(REPO).claims[DISPUTED].review[-1].date)
    rating = data["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == ("Disputed", 3)
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"].startswith("Ivan Petrov")
    assert item["appearance"]["name"] == "Repression of Russian left activists"
    assert item["appearance"]["publisher"]["name"] == "Against The Current"


def test_an_unverified_claim_has_no_json_ld(bundled: Path):
    ledger = prepare(REPO)
    assert ledger.claims[UNVERIFIED].status.value == "unverified"
    page = read_page(bundled / claim_path(UNVERIFIED))
    assert json_ld(page) == []


def test_without_a_base_url_there_are_no_url_fields_and_stderr_says_so(tmp_path: Path):
    result = invoke("site", tmp_path / "site", "--root", VALID, "--no-cache")
    assert result.exit_code == 0
    assert "no --base-url" in result.stderr
    for page in pages_of(tmp_path / "site").values():
        for data in json_ld(page):
            assert "url" not in data


def test_json_for_a_script_element_cannot_close_it():
    text = script_json({"a": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & -->"}


def test_overlapping_passages_each_keep_their_mark_and_link(hostile: tuple[Path, Path]):
    root, out = hostile
    ledger = prepare(root)
    page = read_page(out / document_path("payload-bulletin"))
    first, second = "payload-bulletin/ferry-founded", "payload-bulletin/pier-request"
    assert ledger.anchors[first].end > ledger.anchors[second].start  # they do overlap
    for claim_id in (first, second):
        assert page.pins[claim_id] == "../" + claim_path(claim_id)
        text = "".join(t for claims, _, t in page.passages if claim_id in claims)
        assert text == ledger.claims[claim_id].source.quote
    assert any(set(claims) == {first, second} for claims, _, _ in page.passages)


def test_a_hostile_ledger_puts_no_markup_and_no_unsafe_link_on_any_page(hostile):
    _, out = hostile
    pages = pages_of(out)
    assert broken_links(out, pages) == []
    every = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "window.__pwned" in every  # the payloads are shown, as text
    for page in pages.values():
        assert [kind for kind, _ in page.scripts] in ([], ["application/ld+json"])
        for tag, name, value in page.attributes:
            assert not name.startswith("on"), (page.path, tag, name)
            assert tag != "img", page.path
            if name in ("href", "src"):
                assert not (value or "").lower().startswith(("javascript:", "data:")), value
    claim_page = read_page(out / claim_path("payload-bulletin/ferry-founded"))
    (data,) = json_ld(claim_page)
    assert "window.__pwned='statement'" in data["claimReviewed"]  # the statement, as data
    # the one address that carries a payload is an https address, kept whole as an attribute
    for link in claim_page.links:
        if "pwned" in link or "alert" in link:
            assert link.startswith("https://example.org/a?b="), link


# --- where the site may be written


def test_a_non_empty_folder_not_made_by_claims_site_is_refused_unless_forced(tmp_path: Path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    refused = invoke("site", out, "--root", VALID, "--no-cache")
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    forced = invoke("site", out, "--root", VALID, "--force")
    assert forced.exit_code == 0
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "index.html").is_file()
    assert not (out / MARKER).exists()  # still not ours: the next build needs --force again
    assert invoke("site", out, "--root", VALID, "--no-cache").exit_code == 2


def test_a_rebuild_replaces_the_site_whole(tmp_path: Path):
    root = build_ledger(tmp_path / "ledger")
    out = tmp_path / "site"
    assert invoke("site", out, "--root", root).exit_code == 0
    gone = out / claim_path("council-minutes/pier-request")
    assert gone.is_file() and (out / MARKER).is_file()
    (root / "claims/council-minutes/pier-request.yaml").unlink()
    assert invoke("site", out, "--root", root).exit_code == 0
    assert not gone.exists()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [MARKER]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("where", ["ledger", "claims", "seeds/x", "a-file"])
def test_the_ledger_its_records_and_files_are_refused(tmp_path: Path, where: str):
    root = build_ledger(tmp_path / "ledger")
    (root / "a-file").write_text("x")
    out = root if where == "ledger" else root / where
    result = invoke("site", out, "--root", root, "--force")
    assert result.exit_code == 2
    assert not (root / "index.html").exists() and not (root / "claims" / "index.html").exists()


def test_a_symbolic_link_out_of_the_ledger_is_refused(tmp_path: Path):
    root = build_ledger(tmp_path / "ledger")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "_site").symlink_to(elsewhere)
    result = invoke("site", root / "_site", "--root", root)
    assert result.exit_code == 2
    assert "outside the ledger" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_symbolic_link_inside_the_ledger_is_followed(tmp_path: Path):
    root = build_ledger(tmp_path / "ledger")
    (root / "build").mkdir()
    (root / "_site").symlink_to(root / "build")
    assert invoke("site", root / "_site", "--root", root).exit_code == 0
    assert (root / "_site").is_symlink() and (root / "build" / "index.html").is_file()


def test_the_library_writes_nothing_outside_out(tmp_path: Path):
    before = set(tmp_path.iterdir())
    result = build_site(prepare(VALID), tmp_path / "out", SiteOptions())
    assert set(tmp_path.iterdir()) - before == {tmp_path / "out"}
    assert result.pages == len(list((tmp_path / "out").rglob("*.html")))


def test_the_readme_line_builds_the_site(tmp_path: Path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (line,) = [ln.strip() for ln in readme.splitlines() if ln.strip().startswith("claims site ")]
    command = shlex.split(line.split("&&", 1)[0])
    assert line.split("&&", 1)[1].strip().startswith("python3 -m webbrowser")
    for part in ("seeds", "claims"):
        shutil.copytree(REPO / part, tmp_path / part)
    claims = Path(sys.executable).parent / "claims"
    done = subprocess.run([str(claims), *command[1:]], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / command[-1] / "index.html").is_file()


def _files(top: Path) -> dict[str, bytes]:
    return {p.relative_to(top).as_posix(): p.read_bytes() for p in top.rglob("*") if p.is_file()}


def test_the_site_built_from_rows_is_the_site_built_from_every_record(tmp_path: Path):
    """The CLI's way (the claims loaded as compact rows in a process that ends, each page
    reading its claim's record again, pages written by two workers) makes the same bytes
    as one process holding every record."""
    root = generated(tmp_path / "ledger", 2000)
    options = SiteOptions(BASE, "Desk")
    whole = build_site(prepare(root), tmp_path / "whole", options, jobs=1)
    streamed, ledger = build_site_from(
        lambda: prepare(root, jobs=2, rows=True), tmp_path / "streamed", options, jobs=2
    )
    assert not ledger.claims and ledger.findings
    assert (streamed.pages, streamed.claim_reviews) == (whole.pages, whole.claim_reviews)
    assert _files(tmp_path / "streamed") == _files(tmp_path / "whole")


def test_a_claim_file_changed_after_loading_is_not_shown_as_it_was(tmp_path: Path):
    root = build_ledger(tmp_path / "ledger")
    ledger = prepare(root)
    plan = Plan.of(ledger)
    claim_id = sorted(ledger.claims)[0]
    without = replace(ledger, claims={})
    site = Site(without, SiteOptions(), plan)
    assert site.record(claim_id) == ledger.claims[claim_id]
    path = root / "claims" / f"{claim_id}.yaml"
    path.write_text(path.read_text().replace("status: ", "status: x", 1), encoding="utf-8")
    with pytest.raises(LedgerError, match="changed while the site was written"):
        site.record(claim_id)


def test_records_read_together_are_each_claims_and_a_changed_one_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Claims' records read again together (a stage at a time) are each the one its file
    held when loaded, in the order asked for; one file changed among them stops the build
    with its own name, whether its row changed or, its row the same, it no longer loads."""
    root = build_ledger(tmp_path / "ledger")
    ledger = prepare(root)
    ids = sorted(ledger.claims)[::-1]
    site = Site(replace(ledger, claims={}), SiteOptions(), Plan.of(ledger))
    assert site.records(ids) == [ledger.claims[claim_id] for claim_id in ids]
    assert site.records([]) == []
    monkeypatch.setattr(site_pages, "CLAIMS_TOGETHER", 3)
    keys = _page_keys(site)
    together = [page for batch in rendered(site, keys) for page in batch]
    assert together == [_page(site, kind, what) for kind, what in keys]
    for change in (("status: ", "status: x"), ("statement: ", "sourced_from: x\nstatement: ")):
        path = root / "claims" / f"{ids[2]}.yaml"
        kept = path.read_text()
        path.write_text(kept.replace(*change, 1), encoding="utf-8")
        with pytest.raises(LedgerError, match=f"{ids[2]}.yaml: changed while the site"):
            site.records(ids)
        path.write_text(kept, encoding="utf-8")


def test_a_ledger_of_compact_rows_has_each_page_read_its_claims_record(tmp_path: Path):
    root = build_ledger(tmp_path / "ledger")
    ledger = prepare(root)
    claim_id = sorted(ledger.claims)[0]
    rows = replace(ledger, claims={c: row_of(m) for c, m in ledger.claims.items()})
    site = Site(rows, SiteOptions())
    assert site.record(claim_id) == ledger.claims[claim_id]
    pages = dict(site.pages())  # every page renders from the rows and the records read again
    assert claim_path(claim_id) in pages and ledger.claims[claim_id].statement in html.unescape(
        pages[claim_path(claim_id)]
    )
    assert pages == dict(Site(ledger, SiteOptions()).pages())


def test_a_page_file_holds_exactly_its_bytes_even_over_a_longer_one(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_bytes(b"x" * 100_000)
    text = "<p>caf\u00e9 \u2713</p>\n" * 20_000  # larger than one write may take
    _write_file(str(page), text.encode("utf-8"))
    assert page.read_text(encoding="utf-8") == text
    _write_file(str(page), b"")
    assert page.read_bytes() == b""


def test_a_page_makes_its_folder_and_never_replaces_a_file_in_its_way(tmp_path: Path):
    """The first page written into a folder makes it (the writers make the site's folders
    as they go); a file where a folder should be stays as it was, and the write fails."""
    page = tmp_path / "claims" / "report-1" / "page.html"
    _write_file(str(page), b"first")
    _write_file(str(page.with_name("other.html")), b"second")
    assert page.read_bytes() == b"first"
    assert page.with_name("other.html").read_bytes() == b"second"
    (tmp_path / "findings").write_bytes(b"a file")
    with pytest.raises((FileExistsError, NotADirectoryError)):
        _write_file(str(tmp_path / "findings" / "1.html"), b"x")
    assert (tmp_path / "findings").read_bytes() == b"a file"


def test_an_old_site_goes_whole_and_nothing_its_links_lead_to(tmp_path: Path):
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "keep.html").write_text("keep")
    old = tmp_path / "old"
    for folder in ("claims/doc-a", "claims/doc-b/nested", "documents", "static"):
        (old / folder).mkdir(parents=True)
        (old / folder / "page.html").write_text("old")
    (old / "index.html").write_text("old")
    (old / "claims" / "linked").symlink_to(outside)  # a link where a folder of pages was
    (old / "claims" / "doc-a" / "file-link.html").symlink_to(outside / "deep" / "keep.html")
    (old / "documents-link").symlink_to(outside / "deep")
    _remove_tree(old)
    assert not old.exists()
    assert (outside / "deep" / "keep.html").read_text() == "keep"


def test_an_empty_old_site_goes_too(tmp_path: Path):
    (tmp_path / "old").mkdir()
    _remove_tree(tmp_path / "old")
    assert not (tmp_path / "old").exists()


# What the claim page's template made of its table of related claims, before the rows were
# made in Python: the rows must stay what it made, every value escaped.
_RELATED_LOOP = """{% for r in related %}
    <tr><td data-label="compared"><strong class="outcome o-{{ r.outcome }}">{{ r.outcome }}</strong><br><span class="meta">{{ r.explanation }}</span></td><td data-label="claim"><a href="{{ root }}{{ r.href }}">{{ r.statement }}</a><br><span class="meta">{{ r.document }}</span></td><td data-label="value">{{ r.value }}</td><td data-label="status">{{ STATUS[r.status] }}</td></tr>
{% endfor %}"""


def test_the_rows_of_related_claims_are_the_templates_own_and_escaped(hostile):
    root, _ = hostile
    ledger = prepare(root)
    site = Site(ledger, SiteOptions())
    loop = site.env.from_string(_RELATED_LOOP)
    shown = 0
    for claim_id in sorted(ledger.claims):
        related = [
            {**site._claim_link(c.other), "outcome": c.outcome, "explanation": c.explanation}
            for c in site.compared.of(claim_id)
        ]
        made = site._related(claim_id, "../../")
        assert made + "\n" * bool(related) == loop.render(related=related, root="../../")
        shown += len(related)
        if "<script>" in "".join(r["statement"] for r in related):
            assert "<script>" not in made and "&lt;script&gt;" in made
            shown += 1000
    assert shown > 1000  # a hostile statement among the related claims


# What the document page's template made of its text and its table of claims, before they
# were made in Python: they must stay what it made, every value escaped.
_TEXT_LOOP = """{% for line in lines %}
<p id="L{{ line.number }}"><a class="ln" href="#L{{ line.number }}" aria-label="line {{ line.number }}">{{ line.number }}</a>
{%- for seg in line.segments -%}
{%- for pin in seg.pins -%}
<a class="pin s-{{ pin.status }}" id="c-{{ pin.claim.split('/', 1)[1] }}" data-claim="{{ pin.claim }}" href="{{ root }}{{ pin.href }}" title="{{ pin.status }}: {{ pin.statement }}"><span aria-hidden="true">{{ SYMBOLS[pin.status] }}{{ pin.number }}</span><span class="vh">claim {{ pin.number }}, {{ pin.status }}: {{ pin.statement }}</span></a>
{%- endfor -%}
{%- if seg.href -%}
<a class="passage s-{{ seg.status }}{% if seg.claims|length > 1 %} overlap{% endif %}" href="{{ root }}{{ seg.href }}" data-claims="{{ seg.claims|join(' ') }}"><mark>{{ seg.text }}</mark></a>
{%- else -%}
{{ seg.text }}
{%- endif -%}
{%- endfor -%}
</p>
{% endfor %}"""
_TABLE_LOOP = """{% for r in rows %}
    <tr><td data-label="#">{{ r.number }}</td><td data-label="status">{{ STATUS[r.claim.status.value] }}</td><td data-label="claim"><a href="{{ root }}{{ r.href }}">{{ r.claim.statement }}</a></td><td data-label="value">{{ r.value }}</td><td data-label="line">{% if r.line %}<a href="#L{{ r.line }}">{{ r.line }}</a>{% else %}passage not found{% endif %}</td></tr>
{% endfor %}"""


@pytest.mark.parametrize("which", ["hostile", "bundled"])
def test_a_documents_text_and_table_are_the_templates_own_and_escaped(hostile, which):
    root = hostile[0] if which == "hostile" else REPO
    ledger = prepare(root)
    site = Site(ledger, SiteOptions())
    text_loop, table_loop = site.env.from_string(_TEXT_LOOP), site.env.from_string(_TABLE_LOOP)
    pins = overlaps = 0
    for doc_id in ledger.documents:
        lines, rows = site.laid_out(doc_id)
        assert text_html(lines, "../") == text_loop.render(lines=lines, root="../")
        assert site.claim_rows(rows, "../") == table_loop.render(rows=rows, root="../")
        segments = [segment for line in lines for segment in line.segments]
        pins += sum(len(segment.pins) for segment in segments)
        overlaps += sum(len(segment.claims) > 1 for segment in segments)
        if which == "hostile":
            statements = "".join(row["claim"].statement for row in rows)
            made = text_html(lines, "../") + site.claim_rows(rows, "../")
            assert "<script>" not in made
            if "<script>" in statements:
                assert "&lt;script&gt;" in made
                pins += 1000
    assert pins > (1000 if which == "hostile" else 600) and overlaps  # (hostile, and overlapping)


# What the claim page's template made of its review history, before it was made in Python:
# it must stay what it made, every value escaped.
_HISTORY = """{% if reviews %}
<ol class="reviews">
{% for r in reviews %}
  <li>
    <p><time datetime="{{ r.entry.date }}">{{ r.entry.date }}</time> {{ STATUS[r.entry.status.value] }}{% if r.by %} by {{ r.by }}{% endif %}</p>
    <p>{{ r.entry.note }}</p>
    {% if r.evidence %}
    <ul class="evidence">
    {% for e in r.evidence %}
      {% set item = e.item %}
      <li>
      {% if item.kind == "claim" %}
        {% if item.stance %}<span class="stance">{{ item.stance }}</span> {% endif %}claim:
        {% if e.cited.href %}<a href="{{ root }}{{ e.cited.href }}">{{ e.cited.statement }}</a> ({{ STATUS[e.cited.status] }}, {{ e.cited.document }}){% else %}<code>{{ item.claim }}</code> (no such claim in the ledger){% endif %}
      {% elif item.kind == "source" %}
        {% if item.stance %}<span class="stance">{{ item.stance }}</span> {% endif %}
        {% if item.link %}<a href="{{ item.link }}" rel="nofollow noopener noreferrer">{{ item.title or item.url }}</a>{% else %}{{ item.title or "" }} <code class="unlinked">{{ item.url }}</code> <span class="meta">(not an http or https address: not linked)</span>{% endif %}
        {% if item.publisher %} · {{ item.publisher }}{% endif %}{% if item.published %} · published {{ item.published }}{% endif %}{% if item.consulted %} · consulted {{ item.consulted }}{% endif %}
        {% if item.archived %} · {% if item.archived_link %}<a href="{{ item.archived_link }}" rel="nofollow noopener noreferrer">archived copy</a>{% else %}archived copy <code class="unlinked">{{ item.archived }}</code> (not linked){% endif %}{% endif %}
        {% if item.excerpt %}<blockquote class="excerpt"{% if item.language %} lang="{{ item.language }}"{% endif %}>{{ item.excerpt }}</blockquote>{% endif %}
        {% if item.translation %}<p class="translation">Translation: {{ item.translation }}</p>{% endif %}
      {% else %}
        <code class="unlinked">{{ item.text }}</code> <span class="meta">(not a web address or a claim: not linked)</span>
      {% endif %}
      </li>
    {% endfor %}
    </ul>
    {% endif %}
  </li>
{% endfor %}
</ol>
{% else %}
<p>No review entries yet.</p>
{% endif %}
"""


@pytest.mark.parametrize("which", ["hostile", "bundled"])
def test_a_claims_review_history_is_the_templates_own_and_escaped(hostile, which):
    root = hostile[0] if which == "hostile" else REPO
    ledger = prepare(root)
    site = Site(ledger, SiteOptions())
    loop = site.env.from_string(_HISTORY)
    kinds: set[str] = set()
    for claim_id in sorted(ledger.claims):
        claim = ledger.claims[claim_id]
        reviews = [
            {
                "entry": entry,
                "by": getattr(entry, "by", None),
                "evidence": [
                    {"item": item, "cited": site._claim_link(item.claim) if item.claim else None}
                    for item in evidence_of(entry)
                ],
            }
            for entry in claim.review
        ]
        made = site.history(claim.review, "../../")
        assert made == loop.render(reviews=reviews, root="../../")
        kinds.update(e["item"].kind for r in reviews for e in r["evidence"])
        if which == "hostile" and "<script>" in str(claim.review):
            assert "<script>" not in made and "&lt;script&gt;" in made
            kinds.add("hostile")
    # evidence that is neither a claim nor a web address: shown as written, never linked
    entry = next(e for c in ledger.claims.values() for e in c.review)
    odd = entry.model_copy(update={"evidence": ["the minutes, <b>page 4</b>", "ftp://x/<i>"]})
    reviews = [{"entry": odd, "by": getattr(odd, "by", None), "evidence": []}]
    reviews[0]["evidence"] = [{"item": item, "cited": None} for item in evidence_of(odd)]
    made = site.history([odd], "../")
    assert made == loop.render(reviews=reviews, root="../")
    assert "&lt;b&gt;page 4&lt;/b&gt;" in made and "<i>" not in made
    kinds.update(e["item"].kind for e in reviews[0]["evidence"])
    expected = {"claim", "source", "text", "hostile"} if which == "hostile" else {"claim", "source"}
    assert expected <= kinds
