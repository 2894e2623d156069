"""Sphinx extension: the signatory list and per-language settings for every edition.

- ``{signatories}`` directive: renders a signatory data file as a count line and a list
  whose names pass through the document's gettext catalog like any other paragraph.
- A transform sorts that list by the edition's collation *after* translation.
- ``config-inited``: PDF file name, metadata and main language of each edition, including
  languages docutils does not know (Belarusian), since ``-D language=..`` is applied after
  ``conf.py`` has run.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any, ClassVar

import polib
from babel.dates import format_date
from babel.numbers import format_decimal
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.writers.latex2e import Babel
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import __, get_translator
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import CatalogRepository, docname_to_domain
from sphinx.util.nodes import extract_messages
from sphinx.writers.html5 import HTML5Translator

from editions import signatories, web
from editions.catalogs import UI_DOMAIN, compile_catalog
from editions.languages import polyglossia_name

CATALOG = "editions"
# Polyglossia names of languages docutils does not know by their code.
LATEX_LANGUAGES = {"be": "belarusian"}


def gettext(message: str) -> str:
    """Lookup in the project's catalog ``locale/<lang>/LC_MESSAGES/editions.po``."""
    return get_translator(CATALOG).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware lookup in the project's catalog ``locale/<lang>/LC_MESSAGES/editions.po``."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


class SignatoriesDirective(SphinxDirective):
    """``{signatories} path.yaml`` with ``:order: collation`` (default) or ``:order: file``."""

    required_arguments = 1
    option_spec: ClassVar = {"order": lambda arg: directives.choice(arg, ("collation", "file"))}

    def run(self) -> list[nodes.Node]:
        relpath, abspath = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relpath)
        try:
            entries = signatories.load(Path(abspath))
        except signatories.SignatoryError as exc:
            raise self.error(str(exc)) from None

        count = len(entries)
        number = format_decimal(count, locale=self.config.language or "en")
        text = ngettext(
            "Signed by %(count)s organisation", "Signed by %(count)s organisations", count
        ) % {"count": number}
        # Translated here with plurals (our catalog), so kept out of the document catalog.
        summary = nodes.paragraph(text, text, classes=["signatories-count"], translatable=False)

        names = nodes.bullet_list(
            classes=["signatories"], order=self.options.get("order", "collation")
        )
        for entry in entries:
            para = nodes.paragraph(entry.msgid, entry.label)
            self.set_source_info(para)
            # Kept for the list's CSV and JSON files (editions.web).
            item = nodes.list_item("", para)
            item["signatory-name"], item["signatory-abbreviation"] = entry.name, entry.abbreviation
            names += item
        return [summary, names]


class SortSignatories(SphinxTransform):
    """Sort signatory lists by the edition's collation, once names are translated."""

    default_priority = 21  # sphinx.transforms.i18n.Locale runs at 20

    def apply(self, **kwargs: Any) -> None:
        key = None
        for node in self.document.findall(nodes.bullet_list):
            if "signatories" in node["classes"] and node.get("order") == "collation":
                key = key or signatories.collation_key(self.config.language or "en")
                node.children.sort(key=lambda item: key(item.astext()))


class CountKeptNamesAsTranslated(SphinxTransform):
    """A translation identical to its source (a name kept as written) is a translation.

    Sphinx marks such nodes untranslated (sphinx-doc/sphinx#11546), which would make every
    edition that keeps an organisation's Latin name look incomplete.
    """

    default_priority = 24  # after Locale (20), before Sphinx counts progress (25)

    def apply(self, **kwargs: Any) -> None:
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        kept: set[str] = set()
        for locale_dir in self.config.locale_dirs:
            po = Path(
                self.env.srcdir, locale_dir, self.config.language, "LC_MESSAGES", f"{domain}.po"
            )
            if po.exists():
                kept |= {
                    e.msgid
                    for e in polib.pofile(str(po))
                    if e.msgstr == e.msgid and not e.fuzzy and not e.obsolete
                }
        for node, message in extract_messages(self.document):
            if node.get("translated") is False and message in kept:
                node["translated"] = True


def add_incomplete_banner(app: Sphinx, doctree: nodes.document) -> None:
    """Say so, in the edition's language, at the top of a page with untranslated passages."""
    progress = doctree.get("translation_progress")
    if not progress or progress["translated"] >= progress["total"]:
        return
    text = gettext(
        "This translation is incomplete: some passages are shown in English, the language of "
        "the original."
    )
    banner = nodes.container(
        "", nodes.paragraph(text, text, translatable=False), classes=["translation-incomplete"]
    )
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, banner)  # after the title


def configure_edition(app: Sphinx, config: Config) -> None:
    """Settings that depend on the edition's language, known only now."""
    language = config.language or "en"
    config.latex_documents = [
        (config.root_doc, f"{config.editions_pdf_name}-{language}.tex", "", "", "howto")
    ]
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + f"\n\\hypersetup{{pdflang={language}}}\n"
    name = None
    if language not in Babel.language_codes:
        name = polyglossia_name(language, config.editions_latex_languages)
    if name:
        # Sphinx would fall back to \setmainlanguage{english}; the 'babel' key wins over it.
        elements["polyglossia"] = ""
        elements["babel"] = f"\\usepackage{{polyglossia}}\n\\setmainlanguage{{{name}}}"
        _silence_unknown_babel_language(language)
    config.latex_elements = elements


def _silence_unknown_babel_language(language: str) -> None:
    """Drop Sphinx's "no Babel option known" warning for a language handled above.

    The warning has no type, so ``suppress_warnings`` cannot reach it, and it would fail
    strict (``-W``) builds although the PDF is set up correctly.
    """
    if language in _SILENCED:
        return  # a process that builds several editions sets the filter once
    _SILENCED.add(language)
    message = __("no Babel option known for language %r")

    def keep(record: logging.LogRecord) -> bool:
        return not (record.msg == message and record.args == (language,))

    for name in ("sphinx.sphinx.builders.latex", "sphinx.sphinx.writers.latex"):
        logging.getLogger(name).addFilter(keep)


_SILENCED: set[str] = set()


def add_masthead_facts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Issuer, place and date under the title of the web edition, each only when known."""
    if app.builder.format != "html" or docname != app.config.root_doc:
        return
    facts = statement_facts(app.config.editions_metadata, app.config.language or "en")
    section = next(iter(doctree.findall(nodes.section)), None)
    if not facts or section is None:
        return
    para = nodes.paragraph(classes=["statement-meta"])
    for i, fact in enumerate(facts):
        if i:
            para += nodes.inline(" · ", " · ", classes=["separator"])
        para += nodes.inline(fact, fact)
    section.insert(1, para)


def statement_facts(metadata: dict[str, str], language: str) -> list[str]:
    """The non-empty facts of ``docs/statement.yaml`` as the edition shows them."""
    facts = [metadata.get("issuer", ""), gettext(p) if (p := metadata.get("place", "")) else ""]
    if date := metadata.get("date", ""):
        facts.append(format_date(datetime.date.fromisoformat(date), "long", locale=language))
    return [fact for fact in facts if fact]


class StatementTranslator(HTML5Translator):
    """Sections as ``<div class="section">``: an ``<h1>`` inside ``<section>`` is not a page's
    top-level heading for many screen readers (the Nu HTML Checker warns about it)."""

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1
        self.body.append(self.starttag(node, "div", CLASS="section"))

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1
        self.body.append("</div>\n")


def disable_search(app: Sphinx) -> None:
    """One page needs no search: no search page, no search index."""
    if hasattr(app.builder, "search"):
        app.builder.search = False


def load_catalog(app: Sphinx) -> None:
    """Compile (if outdated) our catalogs, and register the one of the extension's strings.

    ``make`` has compiled them already; this is for a plain ``sphinx-build`` (Read the Docs).
    """
    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    for catalog in repo.catalogs:
        if catalog.domain in (CATALOG, UI_DOMAIN):
            compile_catalog(Path(catalog.po_path))
    for locale_dir in repo.locale_dirs:
        app.add_message_catalog(CATALOG, locale_dir)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("editions_pdf_name", "statement", "env", str)
    app.add_config_value("editions_latex_languages", LATEX_LANGUAGES, "env", dict)
    app.add_config_value("editions_languages", [], "html", list)
    app.add_config_value("editions_source_language", "en", "env", str)
    # The PDF's URL when it is not published beside the page (Read the Docs), with {language}.
    app.add_config_value("editions_pdf_url", "", "html", str)
    # Where the build finds the PDF to give its size and checksum ({language} allowed);
    # "" means beside the page, in the HTML output folder.
    app.add_config_value("editions_pdf_path", "", "html", str)
    # Facts about the statement (docs/statement.yaml): issuer, place, date, ... ("" when unknown).
    app.add_config_value("editions_metadata", {}, "env", dict)
    app.add_directive("signatories", SignatoriesDirective)
    app.add_transform(SortSignatories)
    app.add_transform(CountKeptNamesAsTranslated)
    app.connect("doctree-read", add_incomplete_banner)
    app.connect("config-inited", configure_edition)
    app.connect("html-page-context", web.add_page_context)
    app.connect("doctree-resolved", add_masthead_facts)
    app.connect("builder-inited", disable_search)
    app.set_translator("html", StatementTranslator)
    app.add_html_theme("statement", str(Path(__file__).parent / "theme" / "statement"))
    load_catalog(app)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
