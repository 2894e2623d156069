"""The HTML writer's adjustments for a one-page statement."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class StatementTranslator(HTML5Translator):
    """Sections as ``<div class="section">``: an ``<h1>`` inside ``<section>`` is not a page's
    top-level heading for many screen readers (the Nu HTML Checker warns about it)."""

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1
        self.body.append(self.starttag(node, "div", CLASS="section"))

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1
        self.body.append("</div>\n")


def disable_search(app: Sphinx) -> None:
    """One page needs no search: no search page, no search index."""
    if hasattr(app.builder, "search"):
        app.builder.search = False
