"""The site's root: a page in every edition's language from which a reader chooses theirs,
and, when the site's address is known, ``sitemap.xml`` and ``robots.txt``.

Published layout: ``<site>/<lang>/index.html`` for every edition, ``<lang>`` the language's
URL path (``pt-BR``, :func:`editions.project.url_path`). The pipeline calls :func:`write_root`
once the editions are in place.
"""

from __future__ import annotations

import contextlib
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import quoteattr

from editions.data.languages import native_name
from editions.project import bcp47, edition_address, site_address, url_path

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
a { color: var(--link); font-weight: 600; } li span { display: block; }
"""


def page(lang: str, title: str, body: str, *, style: str, head: str = "") -> str:
    """A page of the site's own, around the editions (this root page, the status page):
    ``title`` is text, ``head`` and ``body`` are HTML."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(bcp47(lang))}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{head}<style>{style}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


class _Heading(HTMLParser):
    """An edition page's ``<title>`` and its masthead's kicker (the word "Statement" in its
    language); parsing stops at the kicker (a page with 1,000 signatories is long, these are
    at its top)."""

    class Found(Exception):
        pass

    def __init__(self) -> None:
        super().__init__()
        self.inside = ""
        self.found = {"title": "", "kicker": ""}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.found["title"]:
            self.inside = "title"
        elif ("class", "kicker") in attrs:
            self.inside = "kicker"

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[self.inside] += data

    def handle_endtag(self, tag: str) -> None:
        if self.inside == "kicker":
            raise self.Found
        self.inside = ""


def edition_heading(site: Path, language: str) -> tuple[str, str]:
    """The published edition's title and kicker, each in its language; its language's name
    for what is not found."""
    page = site / url_path(language) / "index.html"
    parser = _Heading()
    if page.is_file():
        with contextlib.suppress(_Heading.Found):
            parser.feed(page.read_text("utf-8"))
    title, kicker = (" ".join(parser.found[key].split()) for key in ("title", "kicker"))
    return title or native_name(language), kicker or native_name(language)


def main_edition(languages: list[str], source_language: str) -> str:
    """The edition the site's own pages take their language or icon from: the source's, or
    the first one in a build of some languages only."""
    return source_language if source_language in languages else languages[0]


def icon_link(languages: list[str], source_language: str) -> str:
    """The site's icon, an edition's (the root has none of its own): without one, a browser
    asks for ``/favicon.ico`` and logs the 404 in its console."""
    href = f"{url_path(main_edition(languages, source_language))}/_static/favicon.svg"
    return f'<link rel="icon" href="{escape(href)}" type="image/svg+xml">'


def write_root(
    site: Path, languages: list[str], source_language: str, base_url: str = ""
) -> list[Path]:
    """Write ``index.html`` (and ``sitemap.xml``, ``robots.txt`` when ``base_url`` is set:
    ``https://example.org/``) into ``site``; return the files written.

    The page is the editions' chooser in all their languages, and leads nowhere by itself:
    each edition's name in itself with its title, the heading in every language."""
    headings = {code: edition_heading(site, code) for code in languages}
    main = main_edition(languages, source_language)
    items = "\n".join(
        f'<li lang="{bcp47(code)}"><a href="{url_path(code)}/index.html" hreflang="{bcp47(code)}">'
        f"{escape(native_name(code))}</a><span>{escape(headings[code][0])}</span></li>"
        for code in languages
    )
    kickers: dict[str, str] = {}  # each word once (uk and be: «Заява»), in the editions' order
    for code, (_, kicker) in headings.items():
        kickers.setdefault(kicker, code)
    heading = '<span class="separator" aria-hidden="true"> · </span>'.join(
        f'<span lang="{bcp47(code)}">{escape(kicker)}</span>' for kicker, code in kickers.items()
    )
    titles = " · ".join(title for title, _ in headings.values())
    head = [f'<meta name="description" content="{escape(titles)}">']
    if base_url:
        head.append(f'<link rel="canonical" href="{escape(site_address(base_url))}">')
    head += [
        icon_link(languages, source_language),
        '<meta name="color-scheme" content="light dark">',
    ]
    body = f"<main>\n<h1>{heading}</h1>\n<ul>\n{items}\n</ul>\n</main>"
    html = page(
        main, " · ".join(kickers), body, style=STYLE, head="".join(line + "\n" for line in head)
    )
    written = [site / "index.html"]
    written[0].write_text(html, encoding="utf-8")
    if base_url:
        written += write_sitemap(site, languages, base_url)
    return written


def write_sitemap(site: Path, languages: list[str], base_url: str) -> list[Path]:
    """``sitemap.xml`` (every edition with its ``xhtml:link`` alternates) and ``robots.txt``."""
    alternate = [
        f'    <xhtml:link rel="alternate" hreflang="{bcp47(code)}" '
        f"href={quoteattr(edition_address(base_url, code) + 'index.html')}/>"
        for code in languages
    ]
    alternate.append(  # the chooser, for a reader of none of the editions' languages
        f'    <xhtml:link rel="alternate" hreflang="x-default" '
        f"href={quoteattr(site_address(base_url))}/>"
    )
    urls = [
        "  <url>\n    <loc>" + escape(edition_address(base_url, code)) + "index.html</loc>\n"
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
