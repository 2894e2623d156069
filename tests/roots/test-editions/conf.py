"""A tiny edition: the project's MyST settings and the whole ``editions.sphinxext``."""

from editions.markup import MYST_DISABLE_SYNTAX, MYST_EXTENSIONS

project = "A small statement"
extensions = ["myst_parser", "editions.sphinxext"]
source_suffix = {".md": "markdown"}
smartquotes = False
locale_dirs = ["locale"]
gettext_compact = False
translation_progress_classes = True
myst_disable_syntax = list(MYST_DISABLE_SYNTAX)
myst_enable_extensions = list(MYST_EXTENSIONS)
editions_languages = ["en", "uk", "ru"]
editions_source_language = "en"
# Given, so that no build asks git (the test root is no repository).
editions_provenance = {"version": "v1.0", "date": "2025-11-26", "commit": "0123abc"}
html_theme = "statement"
html_permalinks = False
# Pages beside the statement, for what differs per document (banner, count lines).
suppress_warnings = ["toc.not_included"]
