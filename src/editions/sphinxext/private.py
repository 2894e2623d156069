"""Every use of a private or undocumented API of Sphinx or MyST-Parser, in one place.

Each is checked against the versions pinned in pyproject.toml; a newer release that changes
one of them fails here, with the reason, instead of somewhere else.
"""

from __future__ import annotations

import copy
from importlib import metadata
from typing import Any

from sphinx import locale

CHECKED = {"sphinx": "9.0.4", "myst-parser": "5.2.0"}
for _name, _version in CHECKED.items():
    if metadata.version(_name) != _version:  # pragma: no cover - guards an upgrade
        raise ImportError(
            f"editions.sphinxext.private was checked against {_name} {_version}, not "
            f"{metadata.version(_name)}: review each use below, then update CHECKED"
        )


def reset_translators() -> None:
    """Forget the message catalogs loaded by earlier Sphinx apps in this process.

    ``sphinx.locale.init`` adds a new language's catalogs as *fallbacks* of those already
    loaded under the same name, so a process building uk then be would show Ukrainian UI
    strings in the Belarusian edition. Sphinx's own test suite clears ``translators`` the
    same way between apps; there is no public API for it.
    """
    locale.translators.clear()


def cache_myst_document_settings(*_event: object) -> None:
    """Parse docutils' default settings once, not once per translated paragraph.

    MyST's renderer makes a throwaway document for every string it renders, even when it is
    given the document to render into (``options.get("document", make_document())`` in
    ``myst_parser/mdit_to_docutils/base.py`` evaluates its default eagerly), and each one
    parses docutils' option definitions anew: 1.3 ms, which is most of the translation time
    of a long statement (900 paragraphs: 1.3 s per edition). The settings never differ, so
    each call gets a copy of the first. Remove when MyST-Parser builds the document lazily.
    """
    from myst_parser.mdit_to_docutils import base

    # MyST imports the name from docutils; the patch replaces MyST's own reference to it.
    original = base.get_default_settings  # type: ignore[attr-defined]  # not re-exported
    if getattr(original, "cached", False):
        return
    settings: dict[tuple[Any, ...], Any] = {}

    def cached(*components: Any) -> Any:
        if components not in settings:
            settings[components] = original(*components)
        return copy.copy(settings[components])

    cached.cached = True  # type: ignore[attr-defined]  # a marker on the function object
    base.get_default_settings = cached  # type: ignore[attr-defined]  # not re-exported
