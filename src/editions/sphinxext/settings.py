"""Sphinx's settings for an edition, derived from the project's own (``[tool.editions]`` in
``pyproject.toml``, found from Sphinx's configuration folder), so that a project's ``conf.py``
needs only the extension: ``make``, a stock ``sphinx-build`` and Read the Docs build alike
(decision record 0001). A setting that ``conf.py`` or ``-D`` gives another value keeps it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from editions.data import namelist, statement
from editions.gate.markup import MYST_DISABLE_SYNTAX, MYST_EXTENSIONS
from editions.project import Refused, load

# What every edition wants of Sphinx and MyST, whatever the project.
DEFAULTS: dict[str, Any] = {
    "exclude_patterns": ["project/**", "**/README.md"],  # the team's notes are not published
    "source_suffix": {".md": "markdown"},
    # Quotes and dashes are typed as each language writes them; a name is shown as written.
    "smartquotes": False,
    # Raw HTML is never rendered: neither the sources nor a translation can inject it. The
    # catalog gate (editions.gate.markup) parses translations with these same settings.
    "myst_disable_syntax": list(MYST_DISABLE_SYNTAX),
    "myst_enable_extensions": list(MYST_EXTENSIONS),
    "myst_heading_anchors": 0,
    "gettext_compact": False,  # one catalog per document
    "gettext_uuid": False,
    "gettext_location": False,  # no "#:" lines: they churn diffs and say little
    "gettext_last_translator": "",
    "gettext_additional_targets": [],
    "translation_progress_classes": True,
    "html_theme": "statement",
    "html_permalinks": False,  # the statement is read, not cross-referenced
    "html_show_sourcelink": False,
    "html_show_copyright": False,  # a statement names no copyright holder
    "html_copy_source": False,
    "html_use_index": False,
    "html_domain_indices": False,
    "html_last_updated_fmt": "",  # the date is formatted by Babel (editions.sphinxext.web)
}


def apply(app: Sphinx, config: Config) -> None:
    """``config-inited``: the project's settings, then Sphinx's and Read the Docs'."""
    try:
        project = load(Path(app.confdir))
    except Refused as exc:
        raise ConfigError(str(exc)) from None
    for name, value in DEFAULTS.items():
        _default(config, name, value)
    _default(config, "language", project.source_language)
    if config.language not in project.languages:  # e.g. -D language=pl before add-language
        known = ", ".join(project.languages)
        raise ConfigError(f"language '{config.language}' is not one of the project's languages "
                          f"({known}): add it with make add-language CODE=...")  # fmt: skip
    # Sphinx writes `project` into catalogs' headers and objects.inv: an identifier, not the
    # statement's title (which is the document's first heading, in each language).
    _default(config, "project", project.pdf_name)
    # Where the catalogs are; they are compiled into the build folder (editions.sphinxext.mo).
    _default(config, "locale_dirs", [str(project.locale)])
    _default(config, "html_baseurl", project.base_url)
    config.editions_languages = list(project.languages)
    config.editions_source_language = project.source_language
    config.editions_pdf_name = project.pdf_name
    try:
        config.editions_metadata = statement.load(project.docs / "statement.yaml")
        # Beside the sources (docs/ in a project; a test root's own folder).
        config.editions_names = namelist.load(Path(app.srcdir) / namelist.FILE)
    except Refused as exc:
        raise ConfigError(str(project.located(exc.problem))) from None
    read_the_docs(config)


def read_the_docs(config: Config) -> None:
    """On Read the Docs every language is a translation project served at
    ``/<lang>/<version>/``, and its PDF at ``/_/downloads/<lang>/<version>/pdf/``. A pull-request
    build ("external" version) publishes one page in the parent's language: no PDF, no other
    language, so the theme links neither (they would 404)."""
    canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    language = os.environ.get("READTHEDOCS_LANGUAGE", "")
    if canonical and language and f"/{language}/" in canonical:
        config.html_baseurl = canonical.replace(f"/{language}/", "/{language}/", 1)
        host, _, version = canonical.partition(f"/{language}/")
        config.editions_pdf_url = f"{host}/_/downloads/{{language}}/{version.rstrip('/')}/pdf/"
        config.editions_read_the_docs = True
    config.editions_preview = os.environ.get("READTHEDOCS_VERSION_TYPE", "") == "external"


def _default(config: Config, name: str, value: object) -> None:
    """Set ``name`` unless ``conf.py`` or ``-D`` gave it a value other than Sphinx's default."""
    if name in config.overrides or config[name] != config.values[name].default:
        return
    setattr(config, name, value)
