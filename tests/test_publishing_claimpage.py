"""A claim's page, made in Python (publishing/claimpage.py), is the page its template made:
every page of the hostile and the bundled ledger, with and without a base URL, and claims
changed to reach every part of the page; every value from the ledger escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.publishing.claimreview import RATINGS, claim_review, script_json
from claims_ledger.publishing.data import claim_author, claim_path, document_path
from claims_ledger.publishing.options import SiteOptions
from claims_ledger.publishing.pages import Site
from claims_ledger.publishing.plan import _passage
from claims_ledger.reading.anchoring import Anchor
from claims_ledger.records.models import Claim
from helpers import FIXTURES, REPO, build_ledger

# What made a claim's page before it was made in Python: each page must stay what it made.
_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ claim.statement }}{% endblock %}
{% block head %}
{% if jsonld %}<script type="application/ld+json">
{{ jsonld|safe }}
</script>{% endif %}
{% endblock %}
{% block main %}
<nav class="crumbs" aria-label="Breadcrumb"><a href="{{ root }}index.html">Ledger</a> › {% if doc_href %}<a href="{{ root }}{{ doc_href }}">{{ doc.title or claim.source.document }}</a>{% else %}{{ claim.source.document }}{% endif %} › claim</nav>
<p class="verdict s-{{ claim.status.value }}">{{ STATUS[claim.status.value] }} <span class="meaning">{{ MEANINGS[claim.status.value] }}</span>{% if rating %} · rated “{{ rating[0] }}”{% endif %}</p>
<h1>{{ claim.statement }}</h1>

<dl class="facts">
  <dt>Value</dt><dd><strong>{{ value }}</strong> <span class="meta">({{ value_type }})</span></dd>
  <dt>Subject</dt><dd>{{ names.get(claim.subject, claim.subject) }} <code>{{ claim.subject }}</code></dd>
  <dt>Property</dt><dd>{{ prop.label if prop else claim.property }} <code>{{ claim.property }}</code></dd>
  {% if claim.object %}<dt>Object</dt><dd>{{ names.get(claim.object, claim.object) }} <code>{{ claim.object }}</code></dd>{% endif %}
  {% if claim.qualifiers %}<dt>Qualifiers</dt><dd>{% for k, v in claim.qualifiers.items() %}{{ k }} = {{ v }}{% if not loop.last %}; {% endif %}{% endfor %}</dd>{% endif %}
  <dt>Said by</dt><dd>{% if author %}{{ author }}{% if not attributed %} <span class="meta">(the document's author)</span>{% else %} <span class="meta">(as the document attributes it)</span>{% endif %}{% else %}not stated{% endif %}</dd>
  <dt>Document</dt><dd>{% if doc_href %}<a href="{{ root }}{{ doc_href }}{% if line %}#{{ anchor_id }}{% endif %}">{{ doc.title or claim.source.document }}</a>{% else %}{{ claim.source.document }}{% endif %}{% if line %}, line {{ line }}{% endif %}</dd>
  {% if part_of %}<dt>Part of</dt><dd>{% if part_of.href %}<a href="{{ root }}{{ part_of.href }}">{{ part_of.statement }}</a>{% else %}{{ part_of.id }}{% endif %}</dd>{% endif %}
  {% if claim.note %}<dt>Note</dt><dd>{{ claim.note }}</dd>{% endif %}
  {% if claim.tags %}<dt>Tags</dt><dd>{{ claim.tags|join(", ") }}</dd>{% endif %}
  <dt>Record</dt><dd><code>{{ record }}</code></dd>
</dl>

<h2>The passage</h2>
{% if passage %}
{{ show_passage(passage) }}
<p class="meta">{{ passage.file }}, line {{ passage.line }}, column {{ passage.column }}</p>
{% else %}
<blockquote class="context"><mark class="quote">{{ claim.source.quote }}</mark></blockquote>
<p class="meta">The quote was not found in the document's text: run <code>claims validate</code>.</p>
{% endif %}

<h2>Review history</h2>
{{ history }}
<h2>Other claims on the same fact</h2>
{% if related %}
<div class="scroll">
<table class="related cards">
  <thead><tr><th scope="col">Compared</th><th scope="col">Claim</th><th scope="col">Value</th><th scope="col">Status</th></tr></thead>
  <tbody>
{{ related }}
  </tbody>
</table>
</div>
{% else %}
<p>No other claim in the ledger is on this fact ({{ claim.subject }} · {{ claim.property }}{% if claim.object %} · {{ claim.object }}{% endif %}).</p>
{% endif %}

{% if findings %}
<h2>Findings of the report</h2>
{{ finding_list(findings, root) }}
{% endif %}
{% endblock %}
"""

HOSTILE_OPTIONS = SiteOptions("https://example.org/<b>&\"'/", 'De<s>k & "co"')


def _templated(site: Site, claim: Claim, template: Any) -> str:
    """The page as the template made it, from what Site.claim gave it then."""
    ledger, claim_id = site.ledger, claim.id
    document = ledger.documents.get(claim.source.document)
    prop = ledger.properties.get(claim.property)
    rel = claim_path(claim_id)
    root = "../" * rel.count("/")
    review = claim_review(ledger, claim, site.options.publisher_name, site.url(rel))
    found = ledger.anchors.get(claim_id)
    return template.render(
        root=root,
        canonical=site.url(rel),
        publisher=site.options.publisher_name,
        claim=claim,
        doc=document,
        doc_href=document_path(claim.source.document) if document else None,
        anchor_id=f"c-{claim_id.split('/', 1)[1]}",
        line=found.line if isinstance(found, Anchor) else None,
        prop=prop,
        names=site.names,
        value=site.rows[claim_id].value,
        value_type=type(claim.value).__name__.removesuffix("Value").lower(),
        author=claim_author(ledger, claim),
        attributed=claim.attributed_to is not None,
        passage=_passage(ledger, claim_id, claim.source.document),
        history=site.history(claim.review, root),
        related=site._related(claim_id, root),
        part_of=site._claim_link(claim.part_of) if claim.part_of else None,
        findings=[site._entry(e) for e in site.findings_of.get(claim_id, [])],
        jsonld=script_json(review) if review is not None else None,
        rating=RATINGS.get(claim.status),
        record=f"claims/{claim_id}.yaml",
    )


# Each optional part of a claim's page, by a mark only it puts there.
_PARTS = {
    "object": "<dt>Object</dt>",
    "qualifiers": "<dt>Qualifiers</dt>",
    "part of": "<dt>Part of</dt>",
    "note": "<dt>Note</dt>",
    "tags": "<dt>Tags</dt>",
    "attributed": "(as the document attributes it)",
    "author": "(the document's author)",
    "no author": "<dd>not stated</dd>",
    "passage": '<blockquote class="context">',
    "no passage": "The quote was not found",
    "related": '<table class="related cards">',
    "no related": "No other claim in the ledger is on this fact",
    "findings": "<h2>Findings of the report</h2>",
    "json-ld": "application/ld+json",
    "rated": "rated “",
    "canonical": 'rel="canonical"',
}


def _parts(page: str) -> set[str]:
    """Which optional parts of the page a page shows."""
    return {name for name, mark in _PARTS.items() if mark in page}


def _changed(site: Site, claim: Claim) -> list[Claim]:
    """The claim with the parts of its page that the ledgers leave out, hostile values in
    each: an object, qualifiers, a part_of found and not, an unknown document."""
    other = next(i for i in sorted(site.rows) if i != claim.id)
    hostile = "<script>alert(1)</script> & \"'"
    return [
        claim.model_copy(
            update={
                "object": claim.subject,
                "qualifiers": {"in": hostile, "by<": "x"},
                "part_of": other,
                "note": hostile,
                "tags": ["a<b>", "c&d"],
                "attributed_to": None,
            }
        ),
        claim.model_copy(update={"part_of": "nowhere/<i>missing</i>", "object": hostile}),
        claim.model_copy(
            update={"source": claim.source.model_copy(update={"document": "no-such<doc>"})}
        ),
    ]


def _compare(root: Path, changed: bool) -> set[str]:
    ledger = prepare(root)
    seen: set[str] = set()
    for options in (SiteOptions(), HOSTILE_OPTIONS):
        site = Site(ledger, options)
        template = site.env.from_string(_TEMPLATE)
        for claim_id in sorted(ledger.claims):
            claim = ledger.claims[claim_id]
            for shown in [claim, *(_changed(site, claim) if changed else [])]:
                ledger.claims[claim_id] = shown  # the page reads the ledger's record
                try:
                    made = site.claim(claim_id)
                finally:
                    ledger.claims[claim_id] = claim
                assert made == _templated(site, shown, template), claim_id
                assert "<script>alert" not in made and "<b>&" not in made
                seen |= _parts(made)
    return seen


def test_every_claim_page_of_the_hostile_ledger_is_the_templates(tmp_path: Path):
    root = build_ledger(tmp_path / "ledger", FIXTURES / "site-hostile")
    seen = _compare(root, changed=True)
    assert seen == set(_PARTS)  # every part of the page, with hostile values in it


def test_every_claim_page_of_the_bundled_ledger_is_the_templates():
    seen = _compare(REPO, changed=False)
    assert {"findings", "related", "json-ld", "passage", "attributed", "author"} <= seen


def test_the_frame_is_base_htmls_for_every_way_to_the_root():
    site = Site(prepare(REPO), HOSTILE_OPTIONS)
    frame: Any = site.env.from_string(
        '{% extends "base.html" %}{% block title %}{{ "T<" }}{% endblock %}'
        "{% block head %}H{% endblock %}{% block main %}M{% endblock %}"
    )
    for root in ("", "../", "../../"):
        made = site.frame.page(root, "T&lt;", "https://x/&amp;", "H", "M")
        assert made == frame.render(
            root=root, canonical="https://x/&", publisher=site.options.publisher_name
        )
    assert "De&lt;s&gt;k &amp; &#34;co&#34;" in made


@pytest.mark.parametrize("base_url", [None, "https://example.org/ledger/"])
def test_without_a_canonical_address_the_frame_has_no_link(base_url: str | None):
    site = Site(prepare(REPO), SiteOptions(base_url))
    made = site.frame.page("../", "t", None if base_url is None else base_url + "x", "", "")
    assert ('rel="canonical"' in made) == (base_url is not None)
