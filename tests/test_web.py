"""The web editions in a real browser (Debian's Chromium, driven by Playwright) on localhost."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import polib
import pytest

from conftest import LANGUAGES, PROJECT, ROOT, TRANSLATIONS

playwright_api = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "_build" / "test-artifacts"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
PAGES = ["index", "search"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(built):
    handler = functools.partial(Quiet, directory=str(built / "_build/site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: run `make test` as root or `apt-get install chromium`")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "file:", "data:"))
            or outside.append(r.url))  # fmt: skip
    yield page
    context.close()
    assert not outside, f"the page loaded from elsewhere: {outside}"


def ui_translation(language: str, english: str) -> str:
    po = polib.pofile(str(PROJECT.locale / language / "LC_MESSAGES" / "sphinx.po"))
    return po.find(english).msgstr


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_leads_to_the_same_page_in_every_other_edition(server, page, language):
    for pagename in PAGES:
        for other in LANGUAGES:
            if other == language:
                continue
            page.goto(f"{server}/{language}/{pagename}.html")
            current = page.locator("nav.edition-switcher [aria-current=page]")
            assert current.get_attribute("lang") == language
            page.locator(f'nav.edition-switcher a[hreflang="{other}"]').click()
            page.wait_for_load_state()
            assert page.url == f"{server}/{other}/{pagename}.html"
            assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_link_serves_this_editions_pdf(server, page, language):
    page.goto(f"{server}/{language}/index.html")
    href = page.locator("nav.edition-switcher li.pdf a").get_attribute("href")
    response = page.request.get(f"{server}/{language}/{href}")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.url.endswith(f"/{language}/statement-{language}.pdf")


def test_switcher_works_from_disk(built, page):
    page.goto((built / "_build/site/uk/index.html").as_uri())
    page.locator('nav.edition-switcher a[hreflang="be"]').click()
    page.wait_for_load_state()
    assert page.url.endswith("/be/index.html")
    assert page.locator("html").get_attribute("lang") == "be"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_page_chrome_speaks_the_editions_language(server, page, language):
    page.goto(f"{server}/{language}/index.html")
    assert page.locator("a.skip-to-content").inner_text().strip() == ui_translation(
        language, "Skip to content"
    )
    assert page.locator("input.sidebar-search").get_attribute("placeholder") == ui_translation(
        language, "Search"
    )
    toggle = page.locator("button.theme-toggle").first.get_attribute("aria-label")
    assert toggle == ui_translation(language, "Toggle Light / Dark / Auto color theme")
    footer = page.locator("footer .left-details").inner_text()
    assert ui_translation(language, "Last updated on %(last_updated)s").split("%")[0] in footer
    assert "Made with" not in footer and "Last updated" not in footer


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("pagename", PAGES)
def test_no_accessibility_violations_and_no_sideways_scrolling(
    server, browser, language, width, pagename
):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    page.goto(f"{server}/{language}/{pagename}.html")
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{language}-{pagename}-{width}.png", full_page=True)
    results = Axe().run(page)
    violations = [(v["id"], len(v["nodes"])) for v in results.response["violations"]]
    scroll = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert violations == []
    assert scroll <= 0, f"{scroll}px of horizontal scrolling"


@pytest.mark.parametrize(
    ("language", "date"),
    # CLDR's long form; the narrow no-break space keeps the year and its abbreviation together.
    [("en", "November 26, 2025"), ("uk", "26 листопада 2025\u202fр."),
     ("be", "26 лістапада 2025\u202fг."), ("ru", "26 ноября 2025\u202fг.")],
)  # fmt: skip
def test_last_updated_is_the_sources_date_in_the_languages_form(server, page, language, date):
    page.goto(f"{server}/{language}/index.html")
    assert date in page.locator("footer .last-updated").inner_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_head_links_and_share_preview_are_in_the_pages_language(built, translate, language):
    from bs4 import BeautifulSoup

    head = BeautifulSoup((built / f"_build/site/{language}/index.html").read_text(), "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in head.select("link[rel=alternate]")}
    assert alternates == {
        **{code: f"../{code}/index.html" for code in LANGUAGES},
        "x-default": f"../{PROJECT.source_language}/index.html",
    }
    assert head.select_one("link[rel=canonical]")["href"] == "index.html"

    def meta(key: str) -> list[str]:
        return [m["content"] for m in head.select(f'meta[property="{key}"], meta[name="{key}"]')]

    locales = {"en": "en_US", "uk": "uk_UA", "be": "be_BY", "ru": "ru_RU"}
    assert meta("og:locale") == [locales[language]]
    assert sorted(meta("og:locale:alternate")) == sorted(
        v for k, v in locales.items() if k != language
    )
    source = (PROJECT.docs / "index.md").read_text().splitlines()
    title = translate(language, next(line[2:] for line in source if line.startswith("# ")))
    assert meta("og:title") == [title] and meta("twitter:title") == [title]
    # The description collapses whitespace: compare without the no-break spaces.
    first_paragraph = " ".join(head.select_one("article p").get_text().split())
    description = meta("og:description")[0]
    assert description.rstrip(" …") in first_paragraph and len(description) <= 202
    assert meta("twitter:description") == [description] and meta("twitter:card") == ["summary"]
