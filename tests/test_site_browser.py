"""The built site in a real browser: headless Chromium (Debian's, driven by its chromedriver)
opens the pages from disk and checks what a reader meets: every claim marked and linked,
links that lead somewhere, JSON-LD that parses, no console errors, no sideways scrolling
on a phone, and a hostile ledger that runs nothing.

Nothing is downloaded: the browser and driver are the system's, and Selenium Manager is
kept offline. Screenshots go to the test's temporary directory, and to $CLAIMS_ARTIFACTS
when it is set.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims_ledger.checking.validation import prepare
from claims_ledger.publishing.data import claim_path, document_path, finding_path
from helpers import FIXTURES, REPO, build_ledger, invoke

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MISSING = "chromium/chromedriver not installed: apt-get install chromium chromium-driver"
BASE = "https://example.org/ledger/"

if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
    pytest.skip(MISSING, allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    saved = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1200,900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        if saved is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = saved


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    result = invoke("site", out, "--root", REPO, "--base-url", BASE)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def ledger():
    return prepare(REPO)


def open_page(browser, path: Path) -> None:
    """Open a page and wait for it to load (at most 10 s): on a busy machine, get() has
    come back while the page was still "interactive"."""
    browser.get(path.resolve().as_uri())
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )


def severe_console_messages(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def phone(browser, on: bool) -> None:
    if on:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True},
        )
    else:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def save_screenshot(browser, name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole page as a PNG, in the tests' directory and in $CLAIMS_ARTIFACTS if set."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    width = browser.execute_script("return window.innerWidth")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": min(height, 4000), "deviceScaleFactor": 1, "mobile": False},
    )
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.png"
    assert browser.save_screenshot(str(path))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    wanted = os.environ.get("CLAIMS_ARTIFACTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(wanted) / path.name)
    return path


def test_every_claim_is_marked_and_linked_on_its_document_page(driver, bundled, ledger):
    for doc_id in ledger.documents:
        open_page(driver, bundled / document_path(doc_id))
        pins = driver.execute_script(
            "const found = {};"
            "for (const a of document.querySelectorAll('a.pin[data-claim]'))"
            "  found[a.dataset.claim] = [a.href, a.textContent, a.offsetWidth > 0];"
            "return found;"
        )
        expected = {c for c in ledger.claims if ledger.claims[c].source.document == doc_id}
        assert set(pins) == expected
        for claim_id in expected:
            href, text, shown = pins[claim_id]
            assert href == (bundled / claim_path(claim_id)).resolve().as_uri()
            assert shown, claim_id
            assert ledger.claims[claim_id].status.value in text  # the status in words too
            marked = driver.execute_script(
                "return Array.from(document.querySelectorAll('a.passage'))"
                ".filter(a => a.dataset.claims.split(' ').includes(arguments[0]))"
                ".map(a => a.textContent).join('');",
                claim_id,
            )
            assert marked == ledger.claims[claim_id].source.quote
        assert severe_console_messages(driver) == []


def _pages_to_visit(site: Path, ledger) -> list[Path]:
    verdicts = [c for c, claim in ledger.claims.items() if claim.status.value != "unverified"]
    return [
        site / "index.html",
        *(site / document_path(d) for d in ledger.documents),
        *sorted((site / "findings").glob("*.html")),
        *(site / claim_path(c) for c in verdicts),
        site / claim_path(sorted(ledger.claims)[0]),
    ]


def test_links_resolve_and_the_console_stays_clean(driver, bundled, ledger):
    for page in _pages_to_visit(bundled, ledger):
        open_page(driver, page)
        hrefs = driver.execute_script(
            "return Array.from(document.querySelectorAll('a[href], link[href]')).map(a => a.href)"
        )
        for href in hrefs:
            if href.startswith(("http://", "https://")):
                continue
            assert href.startswith("file://"), href
            target = Path(href.removeprefix("file://").split("#", 1)[0])
            assert target.is_file(), (page, href)
        assert severe_console_messages(driver) == [], page


def test_json_ld_parses_with_the_required_fields(driver, bundled, ledger):
    verdicts = [c for c, claim in ledger.claims.items() if claim.status.value != "unverified"]
    assert verdicts
    for claim_id in verdicts:
        open_page(driver, bundled / claim_path(claim_id))
        data = driver.execute_script(
            "return Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'))"
            ".map(s => JSON.parse(s.textContent))"
        )
        assert len(data) == 1
        review = data[0]
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == ledger.claims[claim_id].statement
        assert review["url"] == BASE + claim_path(claim_id)
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["appearance"]["@type"] == "CreativeWork"
        assert review["itemReviewed"]["author"]["name"]
        assert review["author"]["@type"] == "Organization"
        assert review["datePublished"] == ledger.claims[claim_id].review[-1].date
        rating = review["reviewRating"]
        for key in ("alternateName", "ratingValue", "bestRating", "worstRating"):
            assert key in rating


def test_no_page_scrolls_sideways_on_a_phone(driver, bundled, ledger):
    phone(driver, True)
    try:
        for page in _pages_to_visit(bundled, ledger):
            open_page(driver, page)
            width, inner = driver.execute_script(
                "return [document.scrollingElement.scrollWidth, window.innerWidth]"
            )
            assert inner == 375
            assert width <= inner, page
    finally:
        phone(driver, False)


def test_screenshots_of_the_index_a_document_and_a_conflict(driver, bundled, tmp_path_factory):
    conflict = sorted((bundled / "findings").glob("conflict-*.html"))[0]
    for name, page in (
        ("index", bundled / "index.html"),
        ("document", bundled / document_path("petrov-repression")),
        ("conflict", conflict),
    ):
        open_page(driver, page)
        shot = save_screenshot(driver, name, tmp_path_factory)
        assert shot.stat().st_size > 10_000
    phone(driver, True)
    try:
        open_page(driver, bundled / document_path("notowar-statement"))
        save_screenshot(driver, "document-phone", tmp_path_factory)
    finally:
        phone(driver, False)


# --- a hostile ledger runs nothing


def _pwned(browser) -> str:
    try:
        browser.switch_to.alert.dismiss()
        return "an alert opened"
    except NoAlertPresentException:
        pass
    return browser.execute_script("return typeof window.__pwned")


def test_the_sentinel_notices_a_script_that_runs(driver, tmp_path: Path):
    """The check below could pass by accident if scripts never ran: here one does."""
    control = tmp_path / "control.html"
    control.write_text(
        "<!DOCTYPE html><title>x</title><script>window.__pwned = 'control'</script>",
        encoding="utf-8",
    )
    open_page(driver, control)
    assert _pwned(driver) == "string"


def test_nothing_a_hostile_ledger_holds_runs_or_becomes_a_link(driver, tmp_path: Path):
    root = build_ledger(tmp_path / "ledger", FIXTURES / "site-hostile")
    out = tmp_path / "site"
    assert invoke("site", out, "--root", root).exit_code == 0
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        open_page(driver, page)
        assert _pwned(driver) == "undefined", page
        found = driver.execute_script(
            "return {"
            " hrefs: Array.from(document.querySelectorAll('[href]')).map(e => e.getAttribute('href')),"
            " images: document.images.length,"
            " scripts: Array.from(document.scripts).map(s => s.type),"
            " handlers: Array.from(document.querySelectorAll('*')).flatMap("
            "   e => Array.from(e.attributes).map(a => a.name)).filter(n => n.startsWith('on'))"
            "}"
        )
        assert found["images"] == 0, page
        assert set(found["scripts"]) <= {"application/ld+json"}, page
        assert found["handlers"] == [], page
        for href in found["hrefs"]:
            assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), href
        assert severe_console_messages(driver) == [], page
    open_page(driver, out / claim_path("payload-bulletin/ferry-founded"))
    shown = driver.find_element("css selector", "ul.evidence").text
    assert "javascript:window.__pwned='evidence';alert(1)" in shown  # shown as text, not a link
    assert "data:text/html," in shown
    open_page(driver, out / finding_path(sorted(p.stem for p in (out / "findings").iterdir())[0]))
    assert (
        "<script>window.__pwned='statement';alert(1)</script>"
        in driver.find_element("css selector", "main").text
    )
