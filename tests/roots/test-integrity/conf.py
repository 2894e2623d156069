"""A tiny project: the MyST settings of the editions, and only the doctree check."""

from editions.gate.markup import MYST_DISABLE_SYNTAX, MYST_EXTENSIONS

extensions = ["myst_parser", "editions.sphinxext.integrity"]
source_suffix = {".md": "markdown"}
locale_dirs = ["locale"]
gettext_compact = False
myst_disable_syntax = list(MYST_DISABLE_SYNTAX)
myst_enable_extensions = list(MYST_EXTENSIONS)
