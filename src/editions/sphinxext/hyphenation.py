"""Names are never hyphenated; every other word hyphenates by its language's patterns.

Decision record 0004. Signatory names are whole by their list (``ul.signatories``). Personal
names in the running text come from ``docs/names.yaml`` (:mod:`editions.data.namelist`): once the
document is translated, each occurrence of a form listed for the edition's language (or for
the source language, which an untranslated passage is in) becomes an inline node of class
``NAME_CLASS``, which the HTML theme sets ``hyphens: manual`` and the PDF ``hyphenate: false``.
The source strings, and so the catalogs, never change.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from editions.data.namelist import pattern

NAME_CLASS = "name"
# Text that is not prose, or is already whole.
_SKIPPED = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.target,
            nodes.image)  # fmt: skip


class MarkNames(SphinxTransform):
    """Wrap each listed name of the translated document in ``inline.name``."""

    default_priority = 960  # after every translation transform (Sphinx's classes: 950)

    def apply(self, **kwargs: Any) -> None:
        listed = self.config.editions_names
        languages = (self.config.language, self.config.editions_source_language)
        found = pattern(form for code in dict.fromkeys(languages)
                        for name in listed.get(code, ()) for form in name)  # fmt: skip
        if found is None:
            return
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or _protected(parent):
                continue
            value, start = str(text), 0
            pieces: list[nodes.Node] = []
            for match in found.finditer(value):
                pieces.append(nodes.Text(value[start : match.start()]))
                pieces.append(nodes.inline(match.group(), match.group(), classes=[NAME_CLASS]))
                start = match.end()
            if pieces:
                pieces.append(nodes.Text(value[start:]))
                parent.replace(text, [p for p in pieces if p.astext()])


def _protected(node: nodes.Element) -> bool:
    """Inside code, raw output, a name already marked or the signatory list."""
    current: nodes.Element | None = node
    while current is not None:
        if isinstance(current, _SKIPPED) or NAME_CLASS in current.get("classes", ()):
            return True
        if isinstance(current, nodes.bullet_list) and "signatories" in current["classes"]:
            return True
        current = current.parent
    return False
