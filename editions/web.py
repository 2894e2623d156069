"""What each HTML page says about its edition: switcher, alternates, share previews, dates.

Links between editions are relative on a local build (``_build/site/<lang>/<page>.html`` next to
each other, each PDF beside its edition's page): they work from disk and on any server; on
Read the Docs they are absolute, made from ``READTHEDOCS_CANONICAL_URL`` (``conf.py`` turns it
into ``editions_url_template``, e.g. ``https://example.org/{language}/latest/``).
"""

from __future__ import annotations

import datetime
import os
from html import escape
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from docutils import nodes
from sphinx.application import Sphinx

from editions.languages import native_name


def page_url(app: Sphinx, pagename: str, language: str) -> str:
    """The URL of ``pagename`` in another edition, seen from this page."""
    template = app.config.editions_url_template
    if template:
        return template.format(language=language) + f"{pagename}.html"
    return "../" * (pagename.count("/") + 1) + f"{language}/{pagename}.html"


def pdf_url(app: Sphinx, pagename: str, language: str) -> str:
    template = app.config.editions_url_template
    if template:
        # https://host/<lang>/<version>/ → https://host/_/downloads/<lang>/<version>/pdf/
        base, _, version = template.rstrip("/").rpartition("/{language}/")
        return f"{base}/_/downloads/{language}/{version}/pdf/"
    # The PDF is published beside the edition's root page.
    return "../" * pagename.count("/") + f"{app.config.editions_pdf_name}-{language}.pdf"


def og_locale(language: str) -> str:
    """``uk`` → ``uk_UA``: the territory CLDR considers likely for the language."""
    likely = get_global("likely_subtags").get(language, language)
    locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def description(app: Sphinx, doctree: nodes.document | None, limit: int = 200) -> str:
    """The statement's first paragraph, shortened on a word boundary, for share previews."""
    if doctree is None:
        doctree = app.env.get_doctree(app.config.root_doc)
    for para in doctree.findall(nodes.paragraph):
        if "translation-incomplete" in para.parent.get("classes", []):
            continue
        text = " ".join(para.astext().split())
        if len(text) <= limit:
            return text
        return text[:limit].rsplit(" ", 1)[0] + " …"
    return ""


def build_date() -> datetime.date:
    """The date of the sources (``SOURCE_DATE_EPOCH``, the last commit), not of the build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()


def add_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    language = app.config.language or "en"
    languages = app.config.editions_languages or [language]
    context["editions"] = [
        {
            "code": code,
            "name": native_name(code),
            "url": page_url(app, pagename, code),
            "current": code == language,
        }
        for code in languages
    ]
    context["edition_pdf_url"] = pdf_url(app, pagename, language)
    context["last_updated"] = format_date(build_date(), format="long", locale=language)

    title = app.env.titles.get(app.config.root_doc)
    site_title = title.astext() if title is not None else app.config.project
    context["docstitle"] = site_title
    page = app.env.titles.get(pagename)
    page_title = page.astext() if page is not None else site_title
    summary = description(app, doctree)

    tags = [f'<link rel="canonical" href="{escape(canonical(app, pagename))}">']
    tags += [
        f'<link rel="alternate" hreflang="{code}" href="{escape(page_url(app, pagename, code))}">'
        for code in languages
    ]
    default = app.config.editions_source_language
    default_url = escape(page_url(app, pagename, default))
    tags.append(f'<link rel="alternate" hreflang="x-default" href="{default_url}">')
    meta = {
        "og:type": "article",
        "og:title": page_title,
        "og:description": summary,
        "og:site_name": site_title,
        "og:locale": og_locale(language),
    }
    tags += [
        f'<meta property="{key}" content="{escape(value)}">' for key, value in meta.items() if value
    ]
    tags += [
        f'<meta property="og:locale:alternate" content="{og_locale(code)}">'
        for code in languages
        if code != language
    ]
    if app.config.editions_url_template:
        tags.append(f'<meta property="og:url" content="{escape(canonical(app, pagename))}">')
    tags += [
        '<meta name="twitter:card" content="summary">',
        f'<meta name="twitter:title" content="{escape(page_title)}">',
        f'<meta name="twitter:description" content="{escape(summary)}">',
        f'<meta name="description" content="{escape(summary)}">',
    ]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def canonical(app: Sphinx, pagename: str) -> str:
    template = app.config.editions_url_template
    language = app.config.language or "en"
    if template:
        return template.format(language=language) + f"{pagename}.html"
    return f"{pagename.rpartition('/')[2]}.html"
