"""Sphinx extension: the signatory list and per-language settings for every edition.

- ``{signatories}`` directive: renders a signatory data file as a count line and a list
  whose names come from the names catalog ``signatories.po``, keyed by each organisation's
  identifier (see :mod:`editions.names`), not from the document catalog.
- A transform sorts that list by the edition's collation *after* translation.
- The ``typst`` builder (``editions.typst_builder``): each edition as a tagged PDF.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, ClassVar

import polib
from babel.dates import format_date
from babel.numbers import format_decimal
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translator
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import CatalogRepository, docname_to_domain
from sphinx.util.nodes import extract_messages
from sphinx.writers.html5 import HTML5Translator

from editions import integrity, names, private, signatories, web
from editions.catalogs import compile_catalog
from editions.project import load as load_project
from editions.provenance import provenance
from editions.typst_builder import TypstBuilder

CATALOG = "editions"


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
        source = self.config.editions_source_language
        shown = names.shown(entries, self._translations(entries), source,
                            self.config.language or source)  # fmt: skip

        items = nodes.bullet_list(
            classes=["signatories"], order=self.options.get("order", "collation")
        )
        for name in shown:
            # Plain text, outside the document catalog: never parsed, never translated again.
            text: nodes.Node = nodes.Text(name.text)
            if name.language:  # shown as the organisation writes it, in another language
                text = nodes.inline(name.text, name.text, classes=[f"language-{name.language}"])
            para = nodes.paragraph("", "", text, translatable=False)
            self.set_source_info(para)
            item = nodes.list_item("", para)
            # Kept for the list's CSV and JSON files (editions.web).
            entry = name.entry
            item["signatory-id"], item["signatory-name"] = entry.id, entry.name
            item["signatory-abbreviation"] = entry.abbreviation
            items += item
        # The count line counts what is shown, never anything else.
        count = len(items.children)
        assert count == len(entries) == len({n.entry.id for n in shown})
        number = format_decimal(count, locale=self.config.language or "en")
        text = ngettext(
            "Signed by %(count)s organisation", "Signed by %(count)s organisations", count
        ) % {"count": number}
        # Translated here with plurals (our catalog), so kept out of the document catalog.
        summary = nodes.paragraph(text, text, classes=["signatories-count"], translatable=False)
        return [summary, items]

    def _translations(self, entries: list[signatories.Signatory]) -> dict[str, names.Translation]:
        """The edition's names catalog, refused whole if a name hides or takes another's."""
        found: dict[str, names.Translation] = {}
        language = self.config.language or ""
        for locale_dir in self.config.locale_dirs:
            po = Path(self.env.srcdir, locale_dir, language, "LC_MESSAGES", f"{names.DOMAIN}.po")
            if not po.is_file():
                continue
            self.env.note_dependency(str(po))
            try:
                translations = names.read(po)
            except (OSError, ValueError) as exc:
                raise self.error(f"{po}:1: cannot read the catalog: {exc}") from None
            problems = names.problems(entries, translations)
            if problems:  # defence in depth: the preflight refuses this before any build
                line, message = problems[0]
                raise self.error(f"{po}:{line}: {message}")
            found = translations | found  # the first locale directory wins, as in gettext
        return found


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
    """A translation identical to its source is a translation.

    Sphinx marks such nodes untranslated (sphinx-doc/sphinx#11546). Organisations' names no
    longer pass through the document catalog (editions.names); this is for other strings.
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


def set_provenance(app: Sphinx, config: Config) -> None:
    """A plain ``sphinx-build`` (Read the Docs) learns the text's version, date and commit
    from git here, as the pipeline does (``make`` passes them as ``editions_provenance``)."""
    if not config.editions_provenance:
        project = load_project(Path(app.confdir))
        config.editions_provenance = provenance(project, config.language or "en")


def disable_search(app: Sphinx) -> None:
    """One page needs no search: no search page, no search index."""
    if hasattr(app.builder, "search"):
        app.builder.search = False


def load_catalog(app: Sphinx) -> None:
    """Compile the edition's catalogs from their content, and register the extension's own.

    Sphinx would recompile a ``.mo`` only when it is older than its ``.po``; compiling here
    first means what is built is what the ``.po`` says, whatever the files' times.
    """
    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    for catalog in repo.catalogs:
        compile_catalog(Path(catalog.po_path))
    for locale_dir in repo.locale_dirs:
        remove_orphans(Path(locale_dir, app.config.language or "", "LC_MESSAGES"))
        app.add_message_catalog(CATALOG, locale_dir)


def remove_orphans(folder: Path) -> None:
    """Compiled catalogs whose ``.po`` is gone: gettext would still load them, so an old
    translation (or an unchecked one) would be published where a clean build has none."""
    for compiled in (*folder.rglob("*.mo"), *folder.rglob("*.js")):
        if not compiled.with_suffix(".po").is_file():
            compiled.unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("editions_pdf_name", "statement", "env", str)
    app.add_config_value("editions_languages", [], "html", list)
    app.add_config_value("editions_source_language", "en", "env", str)
    # The PDF's URL when it is not published beside the page (Read the Docs), with {language}.
    app.add_config_value("editions_pdf_url", "", "html", str)
    # Where the build finds the PDF to give its size and checksum ({language} allowed);
    # "" means beside the page, in the HTML output folder.
    app.add_config_value("editions_pdf_path", "", "html", str)
    # Facts about the statement (docs/statement.yaml): issuer, place, date, ... ("" when unknown).
    app.add_config_value("editions_metadata", {}, "env", dict)
    # A preview (Read the Docs' pull-request build): the page alone, linking no other edition.
    app.add_config_value("editions_preview", False, "html", bool)
    # The text's version, date and commit (editions.provenance); computed when left empty.
    app.add_config_value("editions_provenance", {}, "env", dict)
    app.add_builder(TypstBuilder)
    app.add_directive("signatories", SignatoriesDirective)
    app.add_transform(SortSignatories)
    # A translated doctree keeps its source's structure (checked around Sphinx's Locale).
    app.add_transform(integrity.RecordStructure)
    app.add_transform(integrity.CheckStructure)
    app.add_transform(CountKeptNamesAsTranslated)
    app.connect("doctree-read", add_incomplete_banner)
    app.connect("html-page-context", web.add_page_context)
    app.connect("doctree-resolved", add_masthead_facts)
    app.connect("builder-inited", disable_search)
    app.connect("config-inited", set_provenance)
    app.set_translator("html", StatementTranslator)
    app.add_html_theme("statement", str(Path(__file__).parent / "theme" / "statement"))
    load_catalog(app)
    private.cache_myst_document_settings()
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
