"""The site's root: a page that sends a reader to their language's edition, and, when the
site's address is known, ``sitemap.xml`` and ``robots.txt``.

Published layout: ``<site>/<lang>/index.html`` for every edition. The pipeline calls
:func:`write_root` once the editions are in place.
"""

from __future__ import annotations

import contextlib
import json
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import quoteattr

from editions.languages import native_name

STYLE = """
:root { color-scheme: light dark; --paper: #fbfaf7; --ink: #1b1f24; --link: #1a4f8b; }
@media (prefers-color-scheme: dark) {
  :root { --paper: #16191d; --ink: #e9e6df; --link: #9cc3ee; }
}
html { background: var(--paper); color: var(--ink); }
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 38rem;
       margin: 0 auto; padding: 3rem 1.25rem; }
h1 { font-family: Georgia, "DejaVu Serif", serif; font-size: 1.5rem; line-height: 1.25; }
ul { list-style: none; padding: 0; } li { margin: 0 0 1rem; }
a { color: var(--link); font-weight: 600; } span { display: block; }
"""


def page(lang: str, title: str, body: str, *, style: str, head: str = "") -> str:
    """A page of the site's own, around the editions (this root page, the status page):
    ``title`` is text, ``head`` and ``body`` are HTML."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}<style>{style}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


# The first of the reader's languages that has an edition (matched on the primary subtag).
SCRIPT = """(function () {
  var codes = %s;
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (codes.indexOf(code) >= 0) { location.replace(code + "/index.html"); return; }
  }
})();"""


class _Title(HTMLParser):
    """The text of a page's first ``<title>``; parsing stops there (a page with 1,000
    signatories is long, its title is at the top)."""

    class Found(Exception):
        pass

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.text = False, ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = self.inside or tag == "title"

    def handle_data(self, data: str) -> None:
        self.text += data if self.inside else ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            raise self.Found


def edition_title(site: Path, language: str) -> str:
    """The title of the published edition (its ``<title>``), or its language's name."""
    page = site / language / "index.html"
    if page.is_file():
        parser = _Title()
        with contextlib.suppress(_Title.Found):
            parser.feed(page.read_text("utf-8"))
        if parser.text.strip():
            return parser.text.strip()
    return native_name(language)


def write_root(
    site: Path, languages: list[str], source_language: str, base_url: str = ""
) -> list[Path]:
    """Write ``index.html`` (and ``sitemap.xml``, ``robots.txt`` when ``base_url`` is set:
    ``https://example.org/``) into ``site``; return the files written."""
    titles = {code: edition_title(site, code) for code in languages}
    main = source_language if source_language in titles else languages[0]  # a partial build
    items = "\n".join(
        f'<li><a href="{code}/index.html" hreflang="{code}" lang="{code}">'
        f"{escape(native_name(code))}</a>"
        f'<span lang="{code}">{escape(titles[code])}</span></li>'
        for code in languages
    )
    head = [f'<meta name="description" content="{escape(titles[main])}">']
    if base_url:
        head.append(f'<link rel="canonical" href="{escape(site_address(base_url))}">')
    head += [
        f'<link rel="icon" href="{escape(main)}/_static/favicon.svg" type="image/svg+xml">',
        '<meta name="color-scheme" content="light dark">',
    ]
    script = SCRIPT % json.dumps(languages).replace("<", "\\u003c")
    body = f"<main>\n<h1>{escape(titles[main])}</h1>\n<ul>\n{items}\n</ul>\n</main>\n"
    html = page(
        main,
        titles[main],
        body + f"<script>{script}</script>",
        style=STYLE,
        head="".join(line + "\n" for line in head),
    )
    written = [site / "index.html"]
    written[0].write_text(html, encoding="utf-8")
    if base_url:
        written += write_sitemap(site, languages, source_language, base_url)
    return written


def edition_address(base_url: str, language: str) -> str:
    base = base_url if "{language}" in base_url else base_url.rstrip("/") + "/{language}/"
    return base.format(language=language).rstrip("/") + "/index.html"


def site_address(base_url: str) -> str:
    """The site's root URL: the part of the base URL before the language."""
    return base_url.split("{language}")[0].rstrip("/") + "/"


def write_sitemap(site: Path, languages: list[str], source: str, base_url: str) -> list[Path]:
    """``sitemap.xml`` (every edition with its ``xhtml:link`` alternates) and ``robots.txt``."""
    alternate = [
        f'    <xhtml:link rel="alternate" hreflang="{code}" '
        f"href={quoteattr(edition_address(base_url, code))}/>"
        for code in languages
    ]
    alternate.append(
        f'    <xhtml:link rel="alternate" hreflang="x-default" '
        f"href={quoteattr(edition_address(base_url, source))}/>"
    )
    urls = [
        "  <url>\n    <loc>" + escape(edition_address(base_url, code)) + "</loc>\n"
        + "\n".join(alternate) + "\n  </url>"
        for code in languages
    ]  # fmt: skip
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"\n'
        '        xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(urls) + "\n</urlset>\n"
    )
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {site_address(base_url)}sitemap.xml\n"
    (site / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    (site / "robots.txt").write_text(robots, encoding="utf-8")
    return [site / "sitemap.xml", site / "robots.txt"]
