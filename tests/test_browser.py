"""The public pages in a real browser: Debian's Chromium driven by Playwright.

Skipped, saying so, when Chromium is not installed (``apt-get install
chromium``); .ci/run installs it.
"""

import datetime as dt
import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import make_actor, make_article, make_claim

CHROMIUM = os.environ.get("TRACKER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "timeline.png"

pytestmark = [
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def data(transactional_db, seed_extraction):
    """The seed article and 120 generated claims by one busy actor."""
    from tracker.ingest import store

    store(seed_extraction)
    busy = make_actor("Busy Spokesperson", description="ministry spokesperson")
    article = make_article(title="A long-running story")
    for i in range(120):
        make_claim(
            article=article,
            speaker=busy,
            text=f"Statement number {i} about the talks.",
            stated_on=dt.date(2023, 11, 1) + dt.timedelta(days=i % 90),
        )
    return busy


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database calls are made before and after, never during, a request.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, data):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def query(page) -> dict:
    return parse_qs(urlparse(page.url).query)


def pick_and_apply(page, words: str) -> list[str]:
    """Type ``words`` in the picker's search box, press Enter, apply the
    filters: the speakers the filtered timeline shows."""
    search = page.get_by_label("Find actors by name")
    search.fill(words)
    search.press("Enter")
    # Enter may ask the server first: apply once the picker says it chose.
    page.locator(".picker__status", has_text="chosen").wait_for()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    return page.locator(".entry__who a").all_inner_texts()


def test_filtering_by_actor_through_the_picker(page, live_server):
    page.goto(live_server.url + "/")
    speakers = pick_and_apply(page, "Bide")
    assert query(page)["actor"] == ["joe-biden"]
    assert speakers and set(speakers) == {"Joe Biden"}


def test_the_picker_finds_an_actor_the_page_does_not_list(page, live_server, monkeypatch):
    from tracker import picker

    monkeypatch.setattr(picker, "LISTED", 1)  # only the busy spokesperson
    page.goto(live_server.url + "/")
    assert page.locator("#id_actor option").count() == 1
    speakers = pick_and_apply(page, "Blinken")
    assert query(page)["actor"] == ["antony-blinken"]
    assert speakers and set(speakers) == {"Antony Blinken"}


def test_the_picker_works_without_javascript(browser, live_server, data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator(".picker__search").count() == 0
    page.select_option("#id_actor", ["benjamin-netanyahu"])
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert query(page)["actor"] == ["benjamin-netanyahu"]
    context.close()


def test_removing_a_chip_removes_that_filter_only(page, live_server):
    page.goto(live_server.url + "/?actor=joe-biden&kind=reported")
    page.get_by_role("link", name="Remove filter Kind: reported").click()
    page.wait_for_load_state()
    assert query(page) == {"actor": ["joe-biden"]}


def test_paging_keeps_the_filters(page, live_server, data):
    page.goto(f"{live_server.url}/?actor={data.slug}&order=newest")
    assert "120 entries" in page.locator(".count").inner_text()
    page.get_by_role("link", name="Next page →").click()
    page.wait_for_load_state()
    assert set(query(page)) == {"actor", "order", "after"}
    assert query(page)["actor"] == [data.slug] and query(page)["order"] == ["newest"]
    assert page.locator(".entry").count() == 50
    page.get_by_role("link", name="Next page →").click()
    page.wait_for_load_state()
    assert page.locator(".entry").count() == 20
    assert page.get_by_role("link", name="Next page →").count() == 0


def test_an_entry_leads_to_its_highlighted_sentence(page, live_server):
    page.goto(live_server.url + "/?kind=quote")
    link = page.locator(".entry--quote .entry__source a").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    anchor = href.split("#")[1]
    assert page.url.endswith("#" + anchor)
    highlighted = page.locator(f"#{anchor} + mark")
    assert highlighted.is_visible()
    assert highlighted.evaluate(
        "el => { const top = el.getBoundingClientRect().top;"
        " return top >= 0 && top < window.innerHeight; }"
    )


def test_it_reads_at_360_pixels_without_sideways_scrolling(browser, live_server, data):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in ["/", "/figures/", "/actors/antony-blinken/", "/articles/1/"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
    context.close()


def test_no_request_goes_to_another_host(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ["/", "/figures/", "/actors/antony-blinken/", "/articles/1/"]:
        page.goto(live_server.url + path)
    hosts = {urlparse(url).netloc for url in requested}
    assert hosts == {urlparse(live_server.url).netloc}


def test_the_keyboard_reaches_the_content_with_visible_focus(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_screenshot_of_the_timeline_for_the_readme(page, live_server):
    page.set_viewport_size({"width": 1000, "height": 1400})
    page.goto(
        live_server.url
        + "/?date_after=2023-10-01&date_before=2024-02-29"
        + "&actor=antony-blinken&actor=joe-biden&actor=hamas"
    )
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
