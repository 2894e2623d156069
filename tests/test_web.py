"""The web editions in a real browser (Debian's Chromium, driven by Playwright) on localhost.

The editions are served in the published layout: ``<lang>/index.html`` with the PDF beside it
and the root page choosing the language.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import itertools
import json
import os
import re
import shutil
import struct
import threading
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import polib
import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize
from pytest import FixtureRequest, TempPathFactory

from conftest import (
    LANGUAGES,
    PROJECT,
    PUBLISHED,
    ROOT,
    TRANSLATIONS,
    build_editions,
    copy_repository,
    one,
    shared,
)
from editions.data.languages import native_name
from editions.data.signatories import Signatory
from editions.sphinxext import cards

playwright_api = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "_build" / "test-artifacts"
# Screenshots of every page tested, to look at (`SCREENSHOTS=1 make test`): half a second each.
SCREENSHOTS = bool(os.environ.get("SCREENSHOTS"))


def screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


DESKTOP: ViewportSize = {"width": 1280, "height": 900}
WIDTHS: dict[str, ViewportSize] = {"desktop": DESKTOP, "phone": {"width": 390, "height": 844}}
Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")
BASE = "https://statement.example/"


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    """The published release of the session's build."""
    return built / "_build/site"


@pytest.fixture(scope="module")
def based(tmp_path_factory: TempPathFactory) -> Path:
    """The editions built with a base URL and the statement's facts filled in with examples."""
    return shared(tmp_path_factory, "based", _based)


def _based(folder: Path) -> Path:
    root = copy_repository(folder)
    settings = root / "pyproject.toml"
    settings.write_text(settings.read_text().replace('base-url = ""', f'base-url = "{BASE}"'))
    (root / "docs/statement.yaml").write_text(
        "issuer: Example Coalition\nplace: Example Town\ndate: 2000-01-02\n"
        "original-language: en\nlicence:\ncontact:\n"
    )
    proc = build_editions(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "_build/site"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
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


def local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "file:", "data:"))


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """``new_page(**options)``: a tab of a browser context of its own (a locale, scripts off),
    that may load only locally."""
    contexts: list[BrowserContext] = []
    outside: list[str] = []

    def make(**options: Any) -> Page:
        context = browser.new_context(viewport=DESKTOP, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: None if local(r.url) else outside.append(r.url))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not outside, f"the page loaded from elsewhere: {outside}"


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """The module's one tab, and what it loaded from elsewhere. A new tab costs Chromium a
    renderer process (0.4 s of CPU), loading a page 0.1 s."""
    context = browser.new_context(viewport=DESKTOP)
    outside: list[str] = []
    context.on("request", lambda r: None if local(r.url) else outside.append(r.url))
    yield context.new_page(), outside
    context.close()


@pytest.fixture
def page(tab: tuple[Page, list[str]]) -> Iterator[Page]:
    """The module's tab as a new one: blank, desktop size, screen media, light scheme; it
    may load only locally. (The pages keep nothing in storage or cookies.)"""
    page, outside = tab
    page.goto("about:blank")
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="screen", color_scheme="light")
    yield page
    loaded, outside[:] = list(outside), []
    assert not loaded, f"the page loaded from elsewhere: {loaded}"


@functools.cache
def ui_catalog(language: str) -> dict[str, str]:
    po = polib.pofile(str(PROJECT.locale / language / "LC_MESSAGES" / "sphinx.po"))
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.fuzzy}


def ui_translation(language: str, english: str) -> str:
    return ui_catalog(language).get(english, english) if language in TRANSLATIONS else english


def soup(path: Path) -> BeautifulSoup:
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


# -- The page: what it has and has not --------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_page_no_search_no_sidebar_no_anchors_one_stylesheet(site: Path, language: str) -> None:
    folder = site / language
    assert not (folder / "search.html").exists() and not (folder / "searchindex.js").exists()
    page = soup(folder / "index.html")
    assert "¶" not in page.get_text() and not page.select("a.headerlink")
    assert not page.select(".sphinxsidebar, .toctree-wrapper, nav.contents, [role=search]")
    assert [link["href"] for link in page.select("link[rel=stylesheet]")] == [
        "_static/statement.css"
    ]
    assert len(page.select("meta[name=viewport]")) == 1
    # One top-level heading, not nested in sectioning elements (the Nu checker's advice).
    assert [h.name for h in page.select("h1")] == ["h1"]
    assert page.select("h1")[0].find_parent(["section", "article", "aside", "nav"]) is None
    assert one(page, "link[rel=icon]")["href"] == "_static/favicon.svg"
    assert page.select("script[src]") == []


class SelfClosed(HTMLParser):
    """The elements written ``<meta ... />``: in HTML the slash means nothing, and the Nu HTML
    Checker notes each one."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(f"{tag} at line {self.getpos()[0]}")


def test_no_element_is_written_as_xhtml(site: Path) -> None:
    for path in sorted(site.rglob("*.html")):
        parser = SelfClosed()
        parser.feed(path.read_text("utf-8"))
        assert parser.found == [], path.relative_to(site)


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_links_every_other_edition_under_its_own_name(site: Path, language: str) -> None:
    switcher = one(soup(site / language / "index.html"), "nav.edition-switcher")
    current = one(switcher, "[aria-current=page]")
    assert current["lang"] == language and current.get_text(strip=True) == native_name(language)
    links = {str(a["hreflang"]): a for a in switcher.select("a[hreflang]")}
    assert sorted(links) == sorted(code for code in LANGUAGES if code != language)
    for code, link in links.items():
        assert link["lang"] == code and link.get_text(strip=True) == native_name(code)
        target = (site / language / str(link["href"])).resolve()
        assert target == (site / code / "index.html").resolve()


def test_switcher_leads_through_every_edition_in_the_browser(server: str, page: Page) -> None:
    """A reader clicks from each edition to the next and comes back to the first."""
    page.goto(f"{server}/{LANGUAGES[0]}/index.html")
    for other in [*LANGUAGES[1:], LANGUAGES[0]]:
        page.locator(f'nav.edition-switcher a[hreflang="{other}"]').click()
        page.wait_for_load_state()
        assert page.url == f"{server}/{other}/index.html"
        assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_text_is_set_in_the_self_hosted_noto_serif(
    server: str, new_page: Callable[..., Page], language: str
) -> None:
    """Chromium loads the edition's own WOFF2 subsets (nothing from elsewhere: the fixture
    checks it) and sets the statement in Noto Serif, not a fallback. A tab of its own: the
    module's tab has the fonts in its cache, and a cached font is no response."""
    page = new_page()
    fonts: list[str] = []
    page.on("response", lambda r: fonts.append(r.url) if r.request.resource_type == "font"
            and r.ok else None)  # fmt: skip
    page.goto(f"{server}/{language}/index.html")
    page.evaluate("document.fonts.ready.then(() => true)")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert "Noto Serif" in {family.strip('"') for family in loaded}
    # The statement's first paragraph of its own text.
    paragraph = page.locator(".statement .section > p:is(:not([class]), .translated)").first
    assert paragraph.evaluate("p => getComputedStyle(p).fontFamily").startswith('"Noto Serif"')
    text = paragraph.inner_text() + page.inner_text(".statement h1")
    assert page.evaluate("t => document.fonts.check('1em \"Noto Serif\"', t)", text)
    assert fonts and all(url.startswith(f"{server}/{language}/_static/fonts/")
                         and url.endswith(".woff2") for url in fonts)  # fmt: skip
    if os.environ.get("SCREENSHOTS"):
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"fonts-{language}-{width}")


class Slow(Quiet):
    """A phone's network: the stylesheet arrives after half a second, each face after 0.2 s."""

    def do_GET(self) -> None:
        time.sleep(0.5 if self.path.endswith(".css") else 0.2 if ".woff2" in self.path else 0)
        super().do_GET()


@pytest.mark.parametrize("language", ["sr", "en"])
def test_the_text_does_not_move_when_its_faces_arrive(
    site: Path, new_page: Callable[..., Page], language: str
) -> None:
    """The page asks for its faces itself, before the stylesheet names them: they are there
    when the page is first drawn, so no line moves when they replace a fallback (Lighthouse
    measured a layout shift of 0.16 on a phone when they came after the stylesheet)."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Slow, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = new_page()
        page.set_viewport_size(WIDTHS["phone"])
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{language}/index.html")
        shift = page.evaluate(
            """() => document.fonts.ready.then(() => new Promise(done => {
                 let total = 0;
                 new PerformanceObserver(list => list.getEntries().forEach(e => total += e.value))
                   .observe({type: "layout-shift", buffered: true});
                 setTimeout(() => done(total), 300);
               }))"""
        )
    finally:
        httpd.shutdown()
    assert shift == 0


@pytest.mark.parametrize("language", ["sr", "en"])
def test_every_part_of_the_page_is_set_in_the_pdfs_typeface(
    server: str, page: Page, language: str
) -> None:
    """Masthead, notes, downloads, changes and footer too: the PDF sets everything in its
    Noto faces (decision record 0003). Only the checksum, 64 hexadecimal digits, is in a
    fixed-width face, and the PDF has none."""
    page.goto(f"{server}/{language}/index.html")
    fonts = page.evaluate(
        """() => [...document.body.querySelectorAll("*")]
             .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
             .filter(e => !e.closest(".checksum code"))
             .map(e => [e.className || e.tagName, getComputedStyle(e).fontFamily])"""
    )
    assert len(fonts) > 20
    assert [(part, family) for part, family in fonts
            if not family.startswith('"Noto Serif"')] == []  # fmt: skip


def test_switcher_works_from_disk(site: Path, page: Page) -> None:
    page.goto((site / "sr/index.html").as_uri())
    page.locator('nav.edition-switcher a[hreflang="de"]').click()
    page.wait_for_load_state()
    assert page.url.endswith("/de/index.html")
    assert page.locator("html").get_attribute("lang") == "de"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_link_serves_this_editions_pdf_from_beside_the_page(
    server: str, page: Page, language: str
) -> None:
    page.goto(f"{server}/{language}/index.html")
    href = page.locator(".downloads li.pdf a").get_attribute("href")
    assert href == f"statement-{language}.pdf"
    response = page.request.get(urljoin(page.url, href))
    assert response.ok and response.headers["content-type"] == "application/pdf"


@pytest.mark.parametrize("language", LANGUAGES)
def test_signatory_files_list_the_page_names_in_the_page_order(
    site: Path, signatories: list[Signatory], language: str
) -> None:
    page = soup(site / language / "index.html")
    # The page's line breaks collapsed, its no-break spaces kept (the files keep them too).
    shown = [re.sub(r"[ \t\r\n]+", " ", li.get_text()).strip()
             for li in page.select("ul.signatories > li")]  # fmt: skip
    data = json.loads((site / language / f"signatories-{language}.json").read_text("utf-8"))
    assert [row["name"] for row in data["signatories"]] == shown
    assert data["count"] == len(signatories) and data["language"] == language
    written = {s.name: s.abbreviation for s in signatories}
    assert {r["name_as_written"]: r["abbreviation"] for r in data["signatories"]} == written
    import csv

    with open(site / language / f"signatories-{language}.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [row["name"] for row in rows] == shown
    links = [a["href"] for a in page.select(".downloads a")]
    assert links == [
        f"statement-{language}.pdf",
        *(f"signatories-{language}.{k}" for k in ["csv", "json"]),
    ]


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_page_chrome_speaks_the_editions_language(server: str, page: Page, language: str) -> None:
    page.goto(f"{server}/{language}/index.html")
    t = functools.partial(ui_translation, language)
    assert page.locator("a.skip-link").inner_text() == t("Skip to content")
    assert page.locator(".kicker").inner_text().casefold() == t("Statement").casefold()
    switcher = page.locator("nav.edition-switcher").get_attribute("aria-label")
    assert switcher == t("Languages of this statement")
    assert page.locator("#downloads-title").inner_text() == t("Download")
    assert page.locator(".downloads li.pdf a").inner_text() == t("The statement as PDF")
    footer = page.locator("footer .last-updated").inner_text()
    assert t("Last updated on %(last_updated)s").split("%")[0] in footer


@pytest.mark.parametrize("language", PUBLISHED)
def test_every_control_is_named_in_the_pages_language(
    server: str, page: Page, language: str
) -> None:
    """Each link or control has a name: a string of the edition's catalog, an organisation,
    (marked with its own ``lang``) another edition's name, or a site's address shown as
    itself (the original publication: "example.org"). A link in the statement's own text is
    named by that text, translated with it."""
    page.goto(f"{server}/{language}/index.html")
    po = polib.pofile(str(PROJECT.locale / TRANSLATIONS[0] / "LC_MESSAGES" / "sphinx.po"))
    known = {ui_translation(language, entry.msgid) for entry in po}
    controls = page.locator("a, button, input, select, textarea, summary").evaluate_all(
        "es => es.filter(e => !e.closest('.statement p, .statement li, .statement blockquote'))"
        ".map(e => [(e.getAttribute('aria-label') || e.innerText).trim(), e.lang,"
        " e.hostname || ''])"
    )
    assert controls
    for i, (name, own_lang, host) in enumerate(controls):
        assert name, f"control {i} has no name"
        if own_lang and own_lang != language:
            assert name == native_name(own_lang)
        elif (host and name == host.removeprefix("www.")) or name.isdigit():
            continue  # an address shown as itself, or a footnote's number (its back-link)
        else:
            assert name in known, f"{name!r} is not a string of the {language} catalog"


# -- Accessibility, layout, print --------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_accessibility_violations_and_no_sideways_scrolling(
    server: str, page: Page, language: str
) -> None:
    """axe in each colour scheme at each width, on one page whose viewport and scheme change
    (media queries apply at once; loading the page again would only repeat the work). Every
    rule runs at each width and in each scheme; the colour rules, which are the scheme's,
    in all four modes."""
    page.goto(f"{server}/{language}/index.html")  # waits for the load event: no script runs
    for (width, size), scheme in itertools.product(WIDTHS.items(), SCHEMES):
        page.set_viewport_size(size)
        page.emulate_media(color_scheme=scheme)
        mode = f"{language}-{width}-{scheme}"
        screenshot(page, mode)
        every_rule = (width, scheme) in (("desktop", "light"), ("phone", "dark"))
        # Nodes listed for violations only (each rule passed is still named, with one node).
        options: dict[str, Any] = {"resultTypes": ["violations"]}
        if not every_rule:
            options["runOnly"] = ["color-contrast", "link-in-text-block"]
        results = Axe().run(page, options=options).response
        violations = [(v["id"], len(v["nodes"])) for v in results["violations"]]
        assert violations == [], mode
        # Contrast was measured, not skipped (text on the page's colours: 4.5:1 at least).
        assert "color-contrast" in {rule["id"] for rule in results["passes"]}, mode
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), mode
    page.set_viewport_size({"width": 320, "height": 640})  # the narrowest phone WCAG names
    excess = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert excess <= 0, f"{excess}px of horizontal scrolling at 320 pixels"


@pytest.mark.parametrize("language", ["sr", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_focusable_element_is_visible_when_focused(
    server: str, page: Page, language: str, width: str
) -> None:
    page.set_viewport_size(WIDTHS[width])
    page.goto(f"{server}/{language}/index.html")
    total = page.locator("a[href], button, input, select, textarea, [tabindex]").count()
    assert total >= 7  # skip link, three other editions, three downloads
    for step in range(total):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect(),
                           s = getComputedStyle(e);
                 return {name: e.textContent.trim(), w: r.width, h: r.height, x: r.left,
                         y: r.top, right: r.right, bottom: r.bottom, vw: innerWidth,
                         vh: innerHeight, outline: s.outlineStyle,
                         width: parseFloat(s.outlineWidth)}; }"""
        )
        where = f"Tab {step + 1} ({state['name']!r})"
        assert state["w"] > 0 and state["h"] > 0, where
        assert state["x"] >= 0 and state["y"] >= 0, where
        assert state["right"] <= state["vw"] and state["bottom"] <= state["vh"], where
        assert state["outline"] != "none" and state["width"] >= 2, where


@pytest.mark.parametrize("language", LANGUAGES)
def test_printed_page_hides_the_switcher_and_shows_the_address(
    server: str, page: Page, language: str
) -> None:
    page.goto(f"{server}/{language}/index.html")
    page.emulate_media(media="print")
    assert not page.locator("nav.edition-switcher").is_visible()
    assert not page.locator("a.skip-link").is_visible()
    assert not page.locator(".downloads").is_visible()
    address = page.locator(".print-address")
    assert address.is_visible()
    assert page.url in address.inner_text()
    assert page.locator(".statement .edition-pdf a").is_visible()  # the PDF, before the text
    screenshot(page, f"{language}-print")


def test_printed_page_shows_an_address_only_when_one_is_known(
    based: Path, site: Path, new_page: Callable[..., Page]
) -> None:
    """With the site's address, the page and its PDF are printed with theirs; without it and
    without scripts (a page that cannot ask the browser), no empty "address" line."""
    page = new_page(java_script_enabled=False)
    page.emulate_media(media="print")
    page.goto((based / "sr/index.html").as_uri())
    assert page.locator(".print-address").inner_text().endswith(f"{BASE}sr/index.html")
    pdf = page.locator(".edition-pdf .pdf-address").inner_text()
    assert pdf.endswith(f"{BASE}sr/statement-sr.pdf")
    page.goto((site / "sr/index.html").as_uri())
    assert not page.locator(".print-address").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_are_never_hyphenated(based: Path, page: Page, language: str) -> None:
    """Each letter of the signatories' names and of the issuer's is in an element that the
    browser may not hyphenate (decision record 0004); the statement's text may be."""
    page.goto((based / language / "index.html").as_uri())
    styles = page.evaluate(
        """() => {
          const style = node => getComputedStyle(node.parentElement).hyphens;
          const texts = root => { const walk = document.createTreeWalker(root, 4), found = [];
                                  while (walk.nextNode()) found.push(walk.currentNode);
                                  return found; };
          const names = [...document.querySelectorAll("ul.signatories, .statement-meta")];
          return {names: names.flatMap(texts).filter(t => t.data.trim()).map(style),
                  text: style(document.querySelector(".statement p:last-of-type").firstChild)};
        }"""
    )
    assert styles["names"] and set(styles["names"]) == {"manual"}
    assert styles["text"] == "auto"


@pytest.mark.parametrize(
    ("language", "date"),
    # CLDR's long form in each language; a no-break space keeps the day and its month together.
    [("en", "November 26, 2025"), ("de", "26.\u00a0November 2025"),
     ("pl", "26\u00a0listopada 2025"), ("sr", "26.\u00a0новембар 2025.")],
)  # fmt: skip
def test_last_updated_is_the_sources_date_in_the_languages_form(
    server: str, page: Page, language: str, date: str
) -> None:
    page.goto(f"{server}/{language}/index.html")
    assert date in page.locator("footer .last-updated").inner_text()


# -- The root page -----------------------------------------------------------------------


@pytest.mark.parametrize("preferred", ["de-AT", "pl", "uk"])
def test_root_page_is_a_chooser_in_every_language_that_leads_nowhere_by_itself(
    site: Path, server: str, new_page: Callable[..., Page], preferred: str
) -> None:
    page = new_page(locale=preferred)
    page.goto(f"{server}/index.html")
    page.wait_for_load_state()
    assert page.url == f"{server}/index.html" and page.locator("script").count() == 0
    # Each edition: its language's name in itself and its title, both in that language.
    items = page.locator("main li")
    assert [items.nth(i).get_attribute("lang") for i in range(items.count())] == list(LANGUAGES)
    for code in LANGUAGES:
        title = one(soup(site / code / "index.html"), "title").get_text()
        assert items.nth(LANGUAGES.index(code)).locator("span").inner_text() == title
    # The heading says "Statement" in every edition's language (each word once).
    kickers = {code: one(soup(site / code / "index.html"), ".kicker").get_text()
               for code in LANGUAGES}  # fmt: skip
    words = page.locator("h1 [lang]")
    said = {words.nth(i).inner_text(): str(words.nth(i).get_attribute("lang"))
            for i in range(words.count())}  # fmt: skip
    assert set(said) == set(kickers.values())
    assert all(kickers[code] == word for word, code in said.items())


def test_root_page_lists_every_edition_without_javascript(
    server: str, new_page: Callable[..., Page]
) -> None:
    page = new_page(java_script_enabled=False, locale="uk")
    page.goto(f"{server}/index.html")
    links = page.locator("main a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        f"{code}/index.html" for code in LANGUAGES
    ]
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        native_name(code) for code in LANGUAGES
    ]
    # axe is a script: it checks the same page in a browser that runs scripts, kept in place.
    checked = new_page(locale="de")
    checked.goto(f"{server}/index.html")
    assert Axe().run(checked).response["violations"] == []


def test_search_engines_leave_the_status_page_out(site: Path) -> None:
    assert one(soup(site / "status.html"), 'meta[name="robots"]')["content"] == "noindex"


def test_every_page_names_its_icon_and_says_what_it_is(site: Path) -> None:
    """Without an icon a browser asks for /favicon.ico, a 404 in its console (Lighthouse's best
    practices); a description is what a search result or a shared link shows."""
    for path in sorted(site.rglob("*.html")):
        page = soup(path)
        assert (path.parent / str(one(page, "link[rel=icon]")["href"])).is_file(), path
        assert str(one(page, "meta[name=description]")["content"]).strip(), path


def test_the_site_publishes_only_what_its_pages_use(site: Path) -> None:
    """Every file of an edition is loaded or linked by a page of the site (no scripts, images
    or inventories Sphinx writes for features a one-page statement does not have)."""
    used = set()
    for page in site.rglob("*.html"):
        html = soup(page)
        urls = [str(tag.get("href") or tag.get("src") or tag.get("content")) for tag in
                html.select("[href], [src], meta[property='og:image']")]  # fmt: skip
        used |= {(page.parent / url).resolve() for url in urls if not urlsplit(url).scheme}
    # What the stylesheets load (the faces), and the faces' licence beside them.
    for css in site.rglob("*.css"):
        urls = re.findall(r'url\("([^"]+)"\)', css.read_text("utf-8"))
        used |= {(css.parent / url).resolve() for url in urls if not urlsplit(url).scheme}
        used |= {(css.parent / "fonts/OFL.txt").resolve()} if urls else set()
    for code in LANGUAGES:
        published = {path.resolve() for path in (site / code).rglob("*")}
        unused = sorted(str(p.relative_to(site.resolve())) for p in published - used
                        if p.is_file() or not any(p.iterdir()))  # fmt: skip
        assert unused == [], code


def test_status_page_fits_a_phone_and_has_no_accessibility_violations(
    server: str, page: Page
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{server}/status.html")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # its table scrolls
    assert Axe().run(page).response["violations"] == []


# -- Head, share previews, sitemap -------------------------------------------------------


def meta(head: Tag, key: str) -> list[str]:
    return [str(m["content"]) for m in head.select(f'meta[property="{key}"], meta[name="{key}"]')]


@pytest.mark.parametrize("language", PUBLISHED)
def test_head_links_and_share_preview_are_in_the_pages_language(
    site: Path, translate: Callable[[str, str], str], language: str
) -> None:
    head = soup(site / language / "index.html")
    alternates = {link["hreflang"]: link["href"] for link in head.select("link[rel=alternate]")}
    assert alternates == {
        **{code: f"../{code}/index.html" for code in LANGUAGES},
        "x-default": "../index.html",  # the root page, where a reader chooses
    }
    assert one(head, "link[rel=canonical]")["href"] == "index.html"
    # Open Graph's form (language_TERRITORY), known for these; a language added has its own.
    known = {"en": "en_US", "de": "de_DE", "pl": "pl_PL", "sr": "sr_RS"}
    [own] = meta(head, "og:locale")
    others = meta(head, "og:locale:alternate")
    assert own.split("_")[0] == language.split("_")[0] and own == known.get(language, own)
    assert len(set(others)) == len(LANGUAGES) - 1 and own not in others
    assert {known[c] for c in known if c in LANGUAGES and c != language} <= set(others)
    source = (PROJECT.docs / "index.md").read_text().splitlines()
    title = translate(language, next(line[2:] for line in source if line.startswith("# ")))
    assert meta(head, "og:title") == [title] and meta(head, "twitter:title") == [title]
    signers = one(head, "p.signatories-count").get_text()  # who signs, as the page says it
    assert meta(head, "og:image:alt") == [f"{title} — {signers}"]
    text = ".statement .section > p:not(.statement-meta, .statement-origin, .edition-pdf)"
    first_paragraph = " ".join(one(head, text).get_text().split())
    description = meta(head, "og:description")[0]
    words = " ".join(description.rstrip(" …").split())  # no-break spaces read as spaces
    assert words in first_paragraph and len(description) <= 202
    assert meta(head, "twitter:card") == ["summary_large_image"]
    card = (site / language / meta(head, "og:image")[0]).read_bytes()
    assert card[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", card[16:24]) == (1200, 630)


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_a_base_url_every_address_in_the_head_is_absolute(based: Path, language: str) -> None:
    head = soup(based / language / "index.html")
    url = f"{BASE}{language}/index.html"
    assert one(head, "link[rel=canonical]")["href"] == url
    assert meta(head, "og:url") == [url]
    assert meta(head, "og:image") == [f"{BASE}{language}/social-card.png"]
    alternates = {link["hreflang"]: link["href"] for link in head.select("link[rel=alternate]")}
    assert alternates == {
        **{code: f"{BASE}{code}/index.html" for code in LANGUAGES},
        "x-default": BASE,
    }
    assert one(head, ".print-address .page-url").get_text() == url


def test_sitemap_lists_every_edition_with_its_alternates(based: Path) -> None:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(based / "sitemap.xml")
    urls = tree.getroot().findall("s:url", ns)
    assert [u.findtext("s:loc", namespaces=ns) for u in urls] == [
        f"{BASE}{code}/index.html" for code in LANGUAGES
    ]
    for url in urls:
        links = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        assert links == {
            **{code: f"{BASE}{code}/index.html" for code in LANGUAGES},
            "x-default": BASE,
        }
    assert f"Sitemap: {BASE}sitemap.xml" in (based / "robots.txt").read_text()


def test_no_sitemap_without_a_base_url(site: Path) -> None:
    assert not (site / "sitemap.xml").exists() and not (site / "robots.txt").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_size_and_checksum_are_the_files(site: Path, language: str) -> None:
    page = soup(site / language / "index.html")
    data = (site / language / f"statement-{language}.pdf").read_bytes()
    assert one(page, ".downloads .checksum code").get_text() == hashlib.sha256(data).hexdigest()
    assert one(page, ".downloads li.pdf .file-size").get_text().strip()


@pytest.mark.parametrize(
    ("language", "date"), [("en", "January 2, 2000"), ("sr", "2.\u00a0јануар 2000.")]
)
def test_masthead_shows_the_statements_facts_when_given(
    based: Path, site: Path, language: str, date: str
) -> None:
    facts = one(soup(based / language / "index.html"), "h1 + .statement-meta").get_text()
    assert "Example Coalition" in facts and "Example Town" in facts and date in facts
    assert soup(site / language / "index.html").select(".statement-meta") == []


def test_share_card_takes_the_title_as_data(tmp_path: Path) -> None:
    title = 'A title with #set text(red) and $x$ and ] and "quotes"'
    png = cards.render(title, "uk", tmp_path / "card.png", ("uk", "en")).read_bytes()
    assert struct.unpack(">II", png[16:24]) == (cards.WIDTH, cards.HEIGHT)


@pytest.mark.parametrize("folder", ["site", "based"])
def test_no_page_loads_a_script_or_stylesheet_from_another_host(
    request: FixtureRequest, folder: str
) -> None:
    """Deployable on any static host as is: nothing is fetched from a third party, with or
    without a base URL (an absolute address may only be the site's own)."""
    root = request.getfixturevalue(folder)
    pages = sorted(root.rglob("*.html"))
    assert len(pages) >= len(LANGUAGES) + 1
    for path in pages:
        html = soup(path)
        urls = [s["src"] for s in html.find_all("script", src=True)]
        urls += [link["href"] for link in html.find_all("link", rel="stylesheet")]
        urls += [link["href"] for link in html.find_all("link", rel="preload")]
        foreign = [u for u in map(str, urls) if urlsplit(u).scheme or u.startswith("//")]
        assert foreign == [], f"{path.relative_to(root)} loads {foreign}"
    for css in root.rglob("*.css"):
        assert "url(http" not in css.read_text().replace(" ", ""), css
