"""What each HTML page says about its edition: switcher, alternates, share previews, downloads.

Published layout: ``<lang>/index.html`` with the edition's PDF beside it, ``<lang>`` the
language's URL path (``pt-BR``, :func:`editions.project.url_path`). Links between editions are
relative (``../<lang>/index.html``), so a build works from disk and on any server;
when ``html_baseurl`` is set in ``conf.py`` (``https://example.org/`` or a template with
``{language}``, e.g. ``https://example.org/{language}/latest/`` on Read the Docs), canonical,
hreflang, ``og:url`` and ``og:image`` are absolute URLs made from it.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.units import format_unit
from docutils import nodes
from jinja2 import Environment
from jinja2.ext import extract_from_ast
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translator

from editions.data import changes, signatories
from editions.data.languages import direction, native_name
from editions.gate.typography import bind_numbers
from editions.project import bcp47, edition_address, pdf_file_name, site_address, url_path
from editions.sphinxext import cards, strings

CARD = "social-card.png"
THEME = Path(__file__).parent / "theme" / "statement"


def base_url(config: Config) -> str:
    """``html_baseurl``: the site's address or a template with ``{language}``; "" if unknown."""
    return str(config.html_baseurl or "")


def language_path(config: Config, language: str) -> str:
    """The language's segment of the site's URLs (``pt-BR``; on Read the Docs ``pt-br``)."""
    return url_path(language, read_the_docs=config.editions_read_the_docs)


def edition_url(config: Config, language: str) -> str:
    """The absolute URL of an edition's folder ("" when no base URL is set)."""
    return edition_address(base_url(config), language, config.editions_read_the_docs)


def page_url(app: Sphinx, pagename: str, language: str) -> str:
    """The URL of ``pagename`` in an edition: absolute with a base URL, else relative."""
    base = edition_url(app.config, language)
    if base:
        return f"{base}{pagename}.html"
    folder = language_path(app.config, language)
    return "../" * (pagename.count("/") + 1) + f"{folder}/{pagename}.html"


def canonical(app: Sphinx, pagename: str) -> str:
    language = app.config.language
    base = edition_url(app.config, language)
    return f"{base}{pagename}.html" if base else f"{pagename.rpartition('/')[2]}.html"


def pdf_file(app: Sphinx) -> Path:
    """Where the build finds this edition's PDF (to measure it): ``editions_pdf_path``, or
    ``<outdir>/<pdf-name>-<lang>.pdf``, the place it is published beside the page."""
    language = app.config.language
    configured = app.config.editions_pdf_path
    if configured:
        return Path(configured.format(language=language))
    return Path(os.path.join(app.outdir, pdf_file_name(app.config.editions_pdf_name, language)))


def pdf_link(app: Sphinx, pagename: str) -> dict[str, str]:
    """The PDF's URL, and its size and SHA-256 when the file is there."""
    language = app.config.language
    template = app.config.editions_pdf_url
    name = pdf_file_name(app.config.editions_pdf_name, language)
    url = (template.format(language=language_path(app.config, language)) if template
           else "../" * pagename.count("/") + name)  # fmt: skip
    link = {"url": url, "size": "", "sha256": ""}
    path = pdf_file(app)
    if path.is_file():
        data = path.read_bytes()
        link["size"] = file_size(len(data), language)
        link["sha256"] = hashlib.sha256(data).hexdigest()
    return link


def file_size(size: int, language: str) -> str:
    """``245 kB`` / ``1,2 МБ``: CLDR's unit in the edition's language (decimal units), the
    number kept with its unit."""
    if size < 1_000_000:
        shown = format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short",
                            locale=language)  # fmt: skip
    else:
        shown = format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short",
                            locale=language)  # fmt: skip
    return bind_numbers(shown)


def og_locale(language: str) -> str:
    """``uk`` → ``uk_UA``: the territory CLDR considers likely for the language."""
    likely = get_global("likely_subtags").get(language, language)
    locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


_SPACES = re.compile(r"[ \t\r\n]+")
# Paragraphs a page adds about its text, before it: not the statement's words.
ABOUT_THE_TEXT = ("translation-incomplete", "statement-meta", "statement-origin", "edition-pdf")


def description(env: BuildEnvironment, doctree: nodes.document | None, limit: int = 200) -> str:
    """The statement's first paragraph, shortened on a word boundary, for share previews."""
    if doctree is None:
        doctree = env.get_doctree(env.config.root_doc)
    for para in doctree.findall(nodes.paragraph):
        classes = para.get("classes", []) + para.parent.get("classes", [])
        if set(ABOUT_THE_TEXT) & set(classes):
            continue
        # Line breaks and runs of spaces collapse; no-break spaces stay (they are typography).
        text = _SPACES.sub(" ", para.astext()).strip()
        if len(text) <= limit:
            return text
        # Cut at a plain space (never inside a number and its word); the ellipsis follows
        # the last word with no space, as in print.
        return text[:limit].rsplit(" ", 1)[0].rstrip(",;:–—") + "…"
    return ""


def ext_gettext(message: str) -> str:
    """Lookup in the extension's catalog ``editions.po``."""
    return get_translator("editions").gettext(message)


def text_date(app: Sphinx) -> datetime.date:
    """The date the text last changed (``editions_provenance``), else the sources' date."""
    date = app.config.editions_provenance.get("date", "")
    return datetime.date.fromisoformat(date) if date else build_date()


def build_date() -> datetime.date:
    """The date of the sources (``SOURCE_DATE_EPOCH``, the last commit), not of the build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()


def site_title(app: Sphinx) -> str:
    title = app.env.titles.get(app.config.root_doc)
    return title.astext() if title is not None else str(app.config.project)


def linked_languages(app: Sphinx) -> list[str]:
    """The editions a page links to: all of them, or its own only in a preview (a pull-request
    build publishes one language, so links to the others would 404)."""
    language = app.config.language
    if app.config.editions_preview:
        return [language]
    return list(app.config.editions_languages or [language])


def add_pdf_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The PDF's link, with its size, just before the statement's first paragraph (the list
    of downloads is at the page's end); on paper, its address whenever it is known."""
    if app.builder.format != "html" or docname != app.config.root_doc:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or app.config.editions_preview:  # a preview has no PDF
        return
    pdf = pdf_link(app, docname)
    message = "The statement as PDF"  # the theme's string
    label, language = get_translator("sphinx").gettext(message), app.config.language
    shown = strings.shown_in(label, language, app.config.editions_source_language, message)
    para = nodes.paragraph(classes=["edition-pdf"], translatable=False)
    marks = strings.marked(shown, language)
    para += nodes.reference(label, label, refuri=pdf["url"], classes=marks)
    if pdf["size"]:
        para += nodes.inline(pdf["size"], pdf["size"], classes=["file-size"])
    base = edition_url(app.config, app.config.language)
    address = pdf["url"] if "://" in pdf["url"] else base + pdf["url"] if base else ""
    if address:
        para += nodes.inline(address, address, classes=["print-only", "pdf-address"])
    first = next((i for i, child in enumerate(section.children)
                  if isinstance(child, nodes.paragraph | nodes.bullet_list | nodes.section)
                  and not set(ABOUT_THE_TEXT) & set(child["classes"])), len(section))  # fmt: skip
    section.insert(first, para)


@functools.cache
def theme_strings() -> frozenset[str]:
    """Every string of the theme's templates, as written there: in the source language, which
    a page shows where the edition's catalog lacks the string."""
    found: set[str] = set()
    for template in THEME.glob("*.html"):
        parsed = Environment().parse(template.read_text("utf-8"))
        for _, function, message in extract_from_ast(parsed):
            said = message if isinstance(message, tuple) else (message,)
            if function in ("pgettext", "npgettext"):
                said = said[1:]  # after the context
            found.update(m for m in said if m)
    return frozenset(found)


def in_language(text: str, shown: str, language: str, **values: str) -> Markup:
    """``text % values``, escaped: shown in ``shown``, another language than the page's
    (``language``), it carries its ``lang`` (and ``dir``, which isolates it, in the other
    direction), and each value, in the page's language, carries that one."""

    said = Markup("").join(
        _span(Markup.escape(piece), language, shown) if value and shown != language
        else Markup.escape(piece)
        for piece, value in strings.pieces(text, values)
    )  # fmt: skip
    return said if shown == language else _span(said, shown, language)


def _span(content: Markup, lang: str, around: str) -> Markup:
    """``content`` marked as ``lang`` within text in ``around`` (isolated when the two run in
    other directions)."""
    turned = direction(lang) != direction(around)
    attributes = Markup(' lang="{}"').format(bcp47(lang))
    attributes += Markup(' dir="{}"').format(direction(lang)) if turned else ""
    return Markup("<span{}>{}</span>").format(attributes, content)


def add_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    language = app.config.language
    languages = linked_languages(app)
    context["editions"] = [
        {
            "code": code,
            "lang": bcp47(code),  # HTML's lang and hreflang (decision record 0002)
            "name": native_name(code),
            "url": page_url(app, pagename, code),
            "current": code == language,
        }
        for code in languages
    ] if not app.config.editions_preview else []  # fmt: skip
    # A preview has no PDF to link to.
    context["edition_pdf"] = None if app.config.editions_preview else pdf_link(app, pagename)
    context["edition_data_files"] = []
    if pagename == app.config.root_doc and doctree is not None:
        context["edition_data_files"] = write_signatory_files(app, doctree)
    context.update(provenance_context(app, doctree, language))
    context.update(theme_marks(app))
    context["docstitle"] = site_title(app)
    context["pageurl"] = None  # our canonical link below replaces Sphinx's
    absolute = canonical(app, pagename)
    context["edition_page_url"] = absolute if base_url(app.config) else ""
    # docutils adds a second viewport tag; the theme's layout has one.
    docutils_tags = context.get("metatags", "").splitlines(keepends=True)
    kept = "".join(tag for tag in docutils_tags if 'name="viewport"' not in tag)
    context["metatags"] = kept + head_tags(app, pagename, doctree)


def theme_marks(app: Sphinx) -> dict[str, Callable[..., Markup]]:
    """The theme's functions for what its lookups return (``marked(_("…"))``): a string shown
    as the templates write it (:func:`theme_strings`), which the edition's catalog lacks, is
    in the source language and marked with it."""
    language: str = app.config.language
    source: str = app.config.editions_source_language

    def shown_in(shown: str) -> str:
        return source if language != source and shown in theme_strings() else language

    def marked(shown: str, **values: str) -> Markup:
        """A string in the element's content, with its values, as :func:`in_language`."""
        return in_language(shown, shown_in(shown), language, **values)

    def aria_label(shown: str) -> Markup:
        """The ``aria-label`` of an element whose own text all carries its language: no
        ``span`` can hold an attribute, so the element takes the string's ``lang`` (not its
        ``dir``, which would lay out the element's content in the other direction)."""
        lang = shown_in(shown)
        marks = Markup(' lang="{}"').format(bcp47(lang)) if lang != language else ""
        return Markup('aria-label="{}"{}').format(shown, marks)

    def labelled(shown: str, value: str) -> Markup:
        """``shown: value``, a label and its value (the template's own markup): a label in
        another language than the page's is one run with its colon and value, so that a
        right-to-left line does not set the colon before the label."""
        text = Markup("{}: {}").format(shown, Markup(value))
        lang = shown_in(shown)
        return text if lang == language else _span(text, lang, language)

    return {"marked": marked, "aria_label": aria_label, "labelled": labelled}


def provenance_context(
    app: Sphinx, doctree: nodes.document | None, language: str
) -> dict[str, Any]:
    """The text's version and date, and its recorded changes, dated in ``language``."""
    shown = {str(r["id"]): str(r["name"]) for r in signatories.shown(doctree)} if doctree else {}
    source = app.config.editions_source_language
    recorded = changes.load(Path(app.srcdir) / changes.FILE)
    return {
        "last_updated": long_date(text_date(app), language),
        "edition_provenance": dict(app.config.editions_provenance),
        "edition_changes": [
            {
                "date": c["date"],
                "text": text,
                "date_label": long_date(datetime.date.fromisoformat(c["date"]), language),
            }
            for c, text in changes_said(recorded, shown, language, source)
        ],
        "edition_no_changes": ext_marked(changes.no_changes, language, source),
    }


def changes_said(
    recorded: list[changes.Change], names: dict[str, str], language: str, source: str
) -> list[tuple[dict[str, Any], Markup]]:
    """Each change with its sentence in the edition, marked as :func:`in_language`: in the
    source language where ``editions.po`` lacks it."""
    said = changes.shown(recorded, names, ext_gettext)
    english = changes.shown(recorded, names, str)
    return [
        (c, in_language(c["sentence"], strings.shown_in(c["sentence"], language, source,
                                                        e["sentence"]), language, **c["values"]))
        for c, e in zip(said, english, strict=True)
    ]  # fmt: skip


def ext_marked(say: Callable[[Callable[[str], str]], str], language: str, source: str) -> Markup:
    """What ``say(gettext)`` says in the edition, marked as :func:`in_language`: in the source
    language where ``editions.po`` lacks it (``say(str)`` is the source's words)."""
    shown = say(ext_gettext)
    return in_language(shown, strings.shown_in(shown, language, source, say(str)), language)


def long_date(date: datetime.date, language: str) -> str:
    """CLDR's long form of a date in ``language`` (``26 листопада 2025 р.``), the day kept
    with its month."""
    return bind_numbers(str(format_date(date, format="long", locale=language)))


def head_tags(app: Sphinx, pagename: str, doctree: nodes.document | None) -> str:
    """Canonical, alternates, Open Graph and Twitter card tags, every value escaped."""
    return "\n".join(link_tags(app, pagename) + share_tags(app, pagename, doctree)) + "\n"


def link_tags(app: Sphinx, pagename: str) -> list[str]:
    """The canonical address and the page in each other language."""
    languages = linked_languages(app)
    tags = [f'<link rel="canonical" href="{escape(canonical(app, pagename))}">']
    tags += [
        f'<link rel="alternate" hreflang="{escape(bcp47(code))}" '
        f'href="{escape(page_url(app, pagename, code))}">'
        for code in languages
    ]
    if not app.config.editions_preview:  # the site's root page, where a reader chooses
        tags.append(f'<link rel="alternate" hreflang="x-default" href="{escape(root_url(app))}">')
    return tags


def root_url(app: Sphinx) -> str:
    """The site's root page, the editions' chooser: the base URL's part before the language,
    or relative to this edition's folder."""
    base = base_url(app.config)
    return site_address(base) if base else "../index.html"


def share_tags(app: Sphinx, pagename: str, doctree: nodes.document | None) -> list[str]:
    """Open Graph and Twitter card tags: what a shared link shows."""
    language = app.config.language
    page = app.env.titles.get(pagename)
    title = page.astext() if page is not None else site_title(app)
    summary = description(app.env, doctree)
    signers = byline(app, doctree)
    card = card_url(app, pagename, signers)
    alt = f"{title} — {signers}" if signers else title
    meta = {
        "og:type": "article",
        "og:title": title,
        "og:description": summary,
        "og:site_name": site_title(app),
        "og:locale": og_locale(language),
        "og:url": canonical(app, pagename) if base_url(app.config) else "",
        "og:image": card,
        "og:image:type": "image/png" if card else "",
        "og:image:width": str(cards.WIDTH) if card else "",
        "og:image:height": str(cards.HEIGHT) if card else "",
        "og:image:alt": alt if card else "",
    }
    tags = [
        f'<meta property="{key}" content="{escape(value)}">' for key, value in meta.items() if value
    ]
    tags += [
        f'<meta property="og:locale:alternate" content="{og_locale(code)}">'
        for code in linked_languages(app)
        if code != language
    ]
    twitter = {
        "twitter:card": "summary_large_image" if card else "summary",
        "twitter:title": title,
        "twitter:description": summary,
        "twitter:image": card,
        "twitter:image:alt": alt if card else "",
        "description": summary,
    }
    return tags + [
        f'<meta name="{key}" content="{escape(value)}">' for key, value in twitter.items() if value
    ]


def byline(app: Sphinx, doctree: nodes.document | None) -> str:
    """Who signs, as the page says it: the issuer (``docs/statement.yaml``) and the first
    signatory list's count line."""
    counts = [p.astext() for p in (doctree.findall(nodes.paragraph) if doctree else ())
              if "signatories-count" in p["classes"]]  # fmt: skip
    issuer = app.config.editions_metadata.get("issuer", "")
    return " · ".join(part for part in (issuer, *counts[:1]) if part)


def card_url(app: Sphinx, pagename: str, signers: str = "") -> str:
    """The share image of this edition, rendered once per build beside the root page."""
    path = Path(app.outdir) / CARD
    if pagename == app.config.root_doc or not path.exists():
        language = app.config.language
        cards.render(site_title(app), language, path, tuple(app.config.editions_languages),
                     signers)  # fmt: skip
    base = edition_url(app.config, app.config.language)
    return base + CARD if base else "../" * pagename.count("/") + CARD


def write_signatory_files(app: Sphinx, doctree: nodes.document) -> list[dict[str, str]]:
    """The signatory list as this edition shows it, as CSV and JSON beside the page."""
    language = app.config.language
    rows = signatories.shown(doctree)
    if not rows:
        return []
    files = []
    for kind, mime in (("csv", "text/csv"), ("json", "application/json")):
        name = f"signatories-{url_path(language)}.{kind}"
        path = Path(app.outdir) / name
        signatories.write_table(rows, path, kind, language=language, title=site_title(app))
        size = file_size(path.stat().st_size, language)
        files.append({"kind": kind, "type": mime, "url": name, "size": size})
    return files
