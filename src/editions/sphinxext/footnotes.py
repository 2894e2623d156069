"""Each footnote right after the block that first refers to it.

MyST collects the footnotes at the end of the document (behind a thematic break): on the
page, below the signatory list, far from their text. Placed after the paragraph, list, quote
or table that refers to them, they are read where they belong on the web page; the PDF sets
them at the foot of the page of that reference.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.transforms.references import Footnotes
from sphinx.transforms import SphinxTransform


class PlaceFootnotes(SphinxTransform):
    # After docutils numbers the footnotes and MyST collects them (Footnotes + 3).
    default_priority = Footnotes.default_priority + 10

    def apply(self, **kwargs: Any) -> None:
        for transition in list(self.document.findall(nodes.transition)):
            if "footnotes" in transition["classes"]:  # MyST's break before collected footnotes
                transition.parent.remove(transition)
        placed: dict[int, nodes.Element] = {}  # a block → the last footnote placed after it
        for ref in list(self.document.findall(nodes.footnote_reference)):
            footnote = self.document.ids.get(ref.get("refid", ""))
            if not isinstance(footnote, nodes.footnote) or id(footnote) in placed:
                continue
            block = _block_of(ref)
            if block is None or footnote in block.findall(nodes.footnote):
                continue  # a reference inside a footnote stays with that footnote
            after = placed.get(id(block), block)
            footnote.parent.remove(footnote)
            after.parent.insert(after.parent.index(after) + 1, footnote)
            placed[id(block)] = placed[id(footnote)] = footnote


def _block_of(node: nodes.Element) -> nodes.Element | None:
    """The outermost block holding ``node`` within its section (``None`` if there is none)."""
    while node.parent is not None and not isinstance(node.parent, nodes.section | nodes.document):
        node = node.parent
    return node if node.parent is not None else None
