"""The extension's own strings, translated through ``locale/<lang>/LC_MESSAGES/editions.po``."""

from __future__ import annotations

import re
from collections.abc import Mapping

from docutils import nodes
from sphinx.locale import get_translator

from editions.gate.typography import bind_numbers
from editions.project import bcp47

CATALOG = "editions"
# A catalog string's placeholder, %(name)s: Python's formatting, which the checks verify.
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


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


def shown_in(shown: str, language: str, source: str, *english: str) -> str:
    """The language of ``shown``, a catalog's string for ``english`` (its forms, a plural's
    two): the edition's, or the source's where the catalog lacks it and shows the English."""
    return source if language != source and shown in english else language


def language_class(language: str) -> str:
    """The class that marks a node as in ``language``, in BCP 47 (``language-pt-BR``): the
    page's ``lang`` and the PDF's read it as it is (decision record 0002)."""
    return f"language-{bcp47(language)}"


def marked(language: str, around: str) -> list[str]:
    """The class that marks a string shown in ``language`` inside text in ``around`` (none
    when they are one): the page's ``lang`` (and ``dir``, which isolates a run in the other
    direction), the PDF's."""
    return [] if language == around else [language_class(language)]


def pieces(text: str, values: Mapping[str, str]) -> list[tuple[str, bool]]:
    """``text % values`` as its pieces, each with whether it is a value: a sentence shown in
    another language than its values marks them apart."""
    parts = _PLACEHOLDER.split(text)
    return [(values[part], True) if i % 2 else (part.replace("%%", "%"), False)
            for i, part in enumerate(parts) if i % 2 or part]  # fmt: skip


def filled(text: str, values: Mapping[str, str], language: str, around: str) -> list[nodes.Node]:
    """``text % values`` as nodes, spaced as :func:`editions.gate.typography.bind_numbers` spaces
    what the code writes. Each value is in the edition's ``language``; in a sentence shown in
    another (``around``: the source's, the catalog lacking it) it is marked with its own, so
    that an Arabic date stays one run in an English sentence."""
    parts = _PLACEHOLDER.split(text)
    pieces = [values[part] if i % 2 else part.replace("%%", "%") for i, part in enumerate(parts)]
    whole, start = bind_numbers("".join(pieces)), 0  # one space for one: each piece keeps its place
    if language == around:
        return [nodes.Text(whole)]
    found: list[nodes.Node] = []
    for i, piece in enumerate(pieces):
        part, start = whole[start : start + len(piece)], start + len(piece)
        if i % 2:
            found.append(nodes.inline(part, part, classes=marked(language, around)))
        elif part:
            found.append(nodes.Text(part))
    return found
