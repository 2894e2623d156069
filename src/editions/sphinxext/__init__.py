"""Sphinx extension: every edition of a statement from one source and its catalogs.

It imports only Sphinx, docutils, MyST and the project's data modules (signatories, names,
progress, statement facts); the authoring tools (catalog merging, checks) and the build
pipeline are apart. ``setup()`` only registers:

- ``{signatories}`` (:mod:`.directive`): the signatory list, names from ``signatories.po``;
- transforms: the list sorted after translation, the translated doctree checked against its
  source (:mod:`.integrity`), copies of the English counted as untranslated (:mod:`.notices`),
  each footnote after the text that refers to it (:mod:`.footnotes`), personal names marked
  so that they are never hyphenated (:mod:`.hyphenation`);
- the ``typst`` builder (:mod:`.typst_builder`): each edition as a tagged PDF;
- the ``statement`` HTML theme, its page context (:mod:`.web`), writer (:mod:`.html`) and
  faces, subset to each edition's characters (:mod:`.webfonts`);
- catalogs compiled from their content when the configuration is known (:mod:`.mo`);
- Sphinx's settings derived from the project's (:mod:`.settings`), so ``conf.py`` is one line.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from editions import __version__
from editions.sphinxext import (
    directive,
    footnotes,
    gate,
    html,
    hyphenation,
    integrity,
    mo,
    notices,
    private,
    settings,
    web,
    webfonts,
)
from editions.sphinxext.typst_builder import TypstBuilder


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    app.add_config_value("editions_pdf_name", "statement", "env", str)
    app.add_config_value("editions_languages", [], "html", list)
    app.add_config_value("editions_source_language", "en", "env", str)
    # The PDF's URL when it is not published beside the page (Read the Docs), with {language}.
    app.add_config_value("editions_pdf_url", "", "html", str)
    # Read the Docs serves each language at its project's code, in lower case (/pt-br/).
    app.add_config_value("editions_read_the_docs", False, "html", bool)
    # Where the build finds the PDF to give its size and checksum ({language} allowed);
    # "" means beside the page, in the HTML output folder.
    app.add_config_value("editions_pdf_path", "", "html", str)
    # Facts about the statement (docs/statement.yaml): issuer, place, date, ... ("" when unknown).
    app.add_config_value("editions_metadata", {}, "env", dict)
    # Personal names in the text, by language (docs/names.yaml): never hyphenated.
    app.add_config_value("editions_names", {}, "env", dict)
    # A preview (Read the Docs' pull-request build): the page alone, linking no other edition.
    app.add_config_value("editions_preview", False, "html", bool)
    # The text's version, date and commit (editions.data.provenance); computed when left empty.
    app.add_config_value("editions_provenance", {}, "env", dict)
    # The catalogs' folders as written (set from locale_dirs, which becomes the build folder's
    # compiled copy: editions.sphinxext.mo): keep lists, and messages that name a catalog.
    app.add_config_value("editions_catalogs", [], "env", list)
    app.add_builder(TypstBuilder)
    app.add_directive("signatories", directive.SignatoriesDirective)
    app.add_transform(directive.SortSignatories)
    # A translated doctree keeps its source's structure (checked around Sphinx's Locale).
    app.add_transform(integrity.RecordStructure)
    app.add_transform(integrity.CheckStructure)
    app.add_transform(notices.CountCopiesAsUntranslated)
    app.add_transform(footnotes.PlaceFootnotes)
    app.add_transform(hyphenation.MarkNames)
    app.add_transform(notices.RecordSourceMessages)
    # First: the project's settings, which the other handlers read.
    app.connect("config-inited", settings.apply, priority=100)
    app.connect("config-inited", mo.load_catalogs)
    app.connect("config-inited", private.cache_myst_document_settings)
    app.connect("config-inited", private.reuse_myst_parser)
    app.connect("config-inited", notices.set_provenance)
    app.connect("doctree-read", notices.add_incomplete_banner)
    app.connect("doctree-resolved", notices.add_masthead_facts)
    app.connect("doctree-resolved", notices.add_colophon)
    app.connect("doctree-resolved", web.add_pdf_link)
    # Where the web fonts' subsets are kept between builds, by content ("": none).
    app.add_config_value("editions_font_cache", webfonts.default_cache(), "", str)
    # Set by the pipeline, which runs the gate on the input before it starts Sphinx.
    app.add_config_value("editions_gated", False, "", bool)
    app.connect("builder-inited", gate.refuse_bad_input)
    app.connect("builder-inited", html.disable_search)
    app.connect("build-finished", html.remove_unused_files)
    # After it: the page's faces, subset to its characters, in _static/fonts/.
    app.connect("build-finished", webfonts.write_fonts, priority=600)
    app.connect("html-page-context", web.add_page_context)
    app.connect("html-page-context", html.add_direction)
    app.connect("html-page-context", webfonts.add_preloads)
    app.set_translator("html", html.StatementTranslator)
    app.add_html_theme("statement", str(Path(__file__).parent / "theme" / "statement"))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
