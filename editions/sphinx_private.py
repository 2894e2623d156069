"""Every use of a private or undocumented API of Sphinx, in one place.

Each is checked against the Sphinx version pinned in pyproject.toml (9.0.4); a newer Sphinx
that changes one of them fails here, with the reason, instead of somewhere else.
"""

from __future__ import annotations

import sphinx
from sphinx import locale

CHECKED = (9, 0)
if sphinx.version_info[:2] != CHECKED:  # pragma: no cover - guards an upgrade
    raise ImportError(
        f"editions.sphinx_private was checked against Sphinx {CHECKED}, not {sphinx.__version__}:"
        " review each use below, then update CHECKED"
    )


def reset_translators() -> None:
    """Forget the message catalogs loaded by earlier Sphinx apps in this process.

    ``sphinx.locale.init`` adds a new language's catalogs as *fallbacks* of those already
    loaded under the same name, so a process building uk then be would show Ukrainian UI
    strings in the Belarusian edition. Sphinx's own test suite clears ``translators`` the
    same way between apps; there is no public API for it.
    """
    locale.translators.clear()
