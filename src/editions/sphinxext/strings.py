"""The extension's own strings, translated through ``locale/<lang>/LC_MESSAGES/editions.po``."""

from __future__ import annotations

from sphinx.locale import get_translator

CATALOG = "editions"


def N_(message: str) -> str:
    """Mark ``message`` for the catalog where it is translated later (``gettext(message)``),
    so that the English can also be compared with what is shown."""
    return message


def gettext(message: str) -> str:
    """Lookup in the project's catalog ``locale/<lang>/LC_MESSAGES/editions.po``."""
    return get_translator(CATALOG).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware lookup in the project's catalog ``locale/<lang>/LC_MESSAGES/editions.po``."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


def untranslated(message: str) -> bool:
    """Whether the edition's catalog gives ``message`` no translation of its own: the page
    then shows the source's words, which must carry the source's language."""
    return gettext(message) == message
