"""Sphinx configuration for every edition of the statement.

Build with this directory as the configuration directory and ``docs/`` as the source:
``sphinx-build -c . -D language=uk docs _build/...`` (``make`` does this for every edition).
The language comes from ``-D language=<code>``; everything that depends on it is set by
the ``editions.sphinxext`` extension once it is known.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))  # the project's extension, also when not installed

from editions.markup import MYST_DISABLE_SYNTAX, MYST_EXTENSIONS  # noqa: E402
from editions.project import load  # noqa: E402

PROJECT = load(ROOT)

# -- General ------------------------------------------------------------------
project = "Civil society demands that Ukrainian authorities stop economic cooperation with Belarus"
author = ""
copyright = ""
release = version = ""
language = PROJECT.source_language
root_doc = "index"
extensions = ["myst_parser", "editions.sphinxext"]
exclude_patterns = ["project/**", "**/README.md"]
source_suffix = {".md": "markdown"}
# Quotes and dashes are typed as each language writes them; a name is shown as written.
smartquotes = False

# MyST: raw HTML is never rendered, so neither the sources nor a translation can inject it.
# Set in editions.markup, whose pre-build check parses translations exactly as Sphinx will.
myst_disable_syntax = list(MYST_DISABLE_SYNTAX)
myst_enable_extensions = list(MYST_EXTENSIONS)
myst_heading_anchors = 0

# -- Translations ---------------------------------------------------------------
locale_dirs = [str(PROJECT.locale)]
gettext_compact = False  # one catalog per document
gettext_uuid = False
gettext_location = False  # no "#:" lines: they churn diffs and say little for two files
gettext_last_translator = ""
gettext_additional_targets: list[str] = []
translation_progress_classes = True

# -- Editions -------------------------------------------------------------------
editions_languages = list(PROJECT.languages)
editions_source_language = PROJECT.source_language
editions_pdf_name = PROJECT.pdf_name
editions_metadata = PROJECT.metadata()
# The text's version, date and commit: `make` passes them; left empty, the extension computes
# them from git for the edition's language (editions.provenance), e.g. on Read the Docs.
editions_provenance: dict[str, str] = {}
# Absolute canonical, hreflang, og:url and og:image, a sitemap and robots.txt need the site's
# address: html_baseurl = "https://example.org/" (editions at /<lang>/), or a template with
# {language}. Without it, links between editions stay relative (from disk, any server).
html_baseurl = ""
# On Read the Docs every language is a translation project served at /<lang>/<version>/, and
# its PDF at /_/downloads/<lang>/<version>/pdf/.
_canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
_rtd_language = os.environ.get("READTHEDOCS_LANGUAGE", "")
if _canonical and _rtd_language and f"/{_rtd_language}/" in _canonical:
    html_baseurl = _canonical.replace(f"/{_rtd_language}/", "/{language}/", 1)
    _host, _, _version = _canonical.partition(f"/{_rtd_language}/")
    editions_pdf_url = f"{_host}/_/downloads/{{language}}/{_version.rstrip('/')}/pdf/"
# A pull-request build ("external" version) publishes this one page only, in the parent's
# language: no PDF, no other language. The theme then links neither (they would 404).
editions_preview = os.environ.get("READTHEDOCS_VERSION_TYPE", "") == "external"

# -- HTML -----------------------------------------------------------------------
html_theme = "statement"  # editions/theme/statement, registered by the extension
html_title = project
html_permalinks = False  # no ¶ anchors: the statement is read, not cross-referenced
html_show_sourcelink = False
html_show_copyright = False  # the statement names no copyright holder
html_copy_source = False
html_use_index = False
html_domain_indices = False
html_last_updated_fmt = ""  # the date itself is formatted by Babel (editions.sphinxext.web)

# -- PDF --------------------------------------------------------------------------
# The `typst` builder (editions.sphinxext.typst_builder) typesets the PDF from the doctree with the
# template editions/typst/statement.typ; it needs no settings here.
