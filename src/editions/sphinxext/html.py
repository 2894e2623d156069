"""The HTML writer's adjustments for a one-page statement."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from editions.data.languages import direction
from editions.project import bcp47


class StatementTranslator(HTML5Translator):
    """Sections as ``<div class="section">``: an ``<h1>`` inside ``<section>`` is not a page's
    top-level heading for many screen readers (the Nu HTML Checker warns about it).

    A passage shown in the source language (an incomplete translation's fallback) carries
    that language; a passage or run in a language written in the other direction than the
    text around it carries its ``dir`` too, which isolates it (English in an Arabic page, an
    Arabic date in an English sentence of that page)."""

    def starttag(
        self, node: nodes.Element, tagname: str, suffix: str = "\n", empty: bool = False,
        **attributes: Any,
    ) -> str:  # fmt: skip
        language = _marked(node)
        if language is None and self._fallback(node):
            language = self.config.editions_source_language
            attributes.setdefault("lang", bcp47(language))
        around = next(filter(None, map(self._language, _ancestors(node))), self.config.language)
        if language and direction(language) != direction(around):
            attributes.setdefault("dir", direction(language))
        return super().starttag(node, tagname, suffix, empty, **attributes)

    def _fallback(self, node: nodes.Node) -> bool:
        """Whether the node is a passage shown untranslated, in the source language."""
        classes: list[str] = node.get("classes", []) if isinstance(node, nodes.Element) else []
        return (
            "untranslated" in classes
            and self.config.language != self.config.editions_source_language
        )

    def _language(self, node: nodes.Node) -> str | None:
        source = self.config.editions_source_language
        return _marked(node) or (source if self._fallback(node) else None)

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1
        self.body.append(self.starttag(node, "div", CLASS="section"))

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1
        self.body.append("</div>\n")


def _marked(node: nodes.Node) -> str | None:
    """The language a node is marked with (class ``language-*``)."""
    classes: list[str] = node.get("classes", []) if isinstance(node, nodes.Element) else []
    return next((c.removeprefix("language-") for c in classes if c.startswith("language-")), None)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def disable_search(app: Sphinx) -> None:
    """One page needs no search: no search page, no search index."""
    if hasattr(app.builder, "search"):
        app.builder.search = False


THEME_STATIC = Path(__file__).parent / "theme" / "statement" / "static"


def remove_unused_files(app: Sphinx, exception: BaseException | None) -> None:
    """Sphinx writes files this page never loads: the basic theme's scripts, stylesheet and
    images, Pygments' stylesheet, an inventory for cross-references (``objects.inv``) and an
    empty ``_sources``. They are removed, so the site publishes only what its pages use (our
    theme's files and the project's own ``html_static_path``). Sphinx writes them again on
    each build, so an incremental build is not disturbed (``.buildinfo`` stays for it, and
    is left out of the site when the editions are published)."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    sources = [THEME_STATIC] + [Path(app.confdir, path) for path in app.config.html_static_path]
    kept = {f.relative_to(d) for d in sources if d.is_dir() for f in d.rglob("*") if f.is_file()}
    static = out / "_static"
    for path in sorted(static.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path.relative_to(static) not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    (out / "objects.inv").unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # kept if not empty
        (out / "_sources").rmdir()


def add_direction(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """The page's direction from CLDR (``rtl`` for Arabic, Hebrew, Persian), for ``dir``."""
    context["edition_dir"] = direction(app.config.language or "en")
