"""The evidence adapter: today's strings and the coming mappings read alike; only http(s)
addresses become links."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from claims_ledger.publishing.evidence import evidence_of, read_evidence, web_address


def test_a_claim_string_and_a_claim_mapping_read_alike():
    assert read_evidence("claim:doc/slug").claim == "doc/slug"
    item = read_evidence({"claim": "doc/slug", "stance": "supports"})
    assert (item.kind, item.claim, item.stance) == ("claim", "doc/slug", "supports")


def test_an_external_source_mapping_keeps_every_field():
    item = read_evidence(
        {
            "url": "https://example.org/a",
            "title": "A",
            "publisher": "P",
            "published": "2024-02-13",
            "consulted": "2026-12-05",
            "excerpt": "five years",
            "language": "ru",
            "translation": "пять лет",
            "stance": "contradicts",
            "archived": "https://web.archive.org/web/2024/https://example.org/a",
        }
    )
    assert item.kind == "source"
    assert item.link == "https://example.org/a"
    assert item.archived_link.startswith("https://web.archive.org/")
    assert (item.language, item.translation, item.stance) == ("ru", "пять лет", "contradicts")


def test_a_model_with_attributes_reads_as_its_mapping():
    stance = SimpleNamespace(value="supports")  # an enum member
    model = SimpleNamespace(url="http://example.org", title="T", stance=stance, claim=None)
    item = read_evidence(model)
    assert (item.kind, item.link, item.stance) == ("source", "http://example.org", "supports")


def test_entries_of_either_shape():
    entry = {"evidence": ["claim:a/b", {"url": "https://x.example/", "title": "X"}]}
    assert [e.kind for e in evidence_of(entry)] == ["claim", "source"]
    assert evidence_of(SimpleNamespace(evidence=[])) == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "https:/no-host",
        "http://exa mple.org\n",
        "",
        None,
    ],
)
def test_only_http_and_https_addresses_are_links(url):
    assert web_address(url) is None
    if url:
        item = read_evidence(url) if isinstance(url, str) else None
        assert item is None or item.link is None


def test_http_and_https_addresses_are_links():
    assert web_address("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d"
    assert web_address("HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG"
    assert read_evidence("https://example.org").kind == "source"
    assert read_evidence({"url": "javascript:alert(1)", "title": "t"}).link is None
