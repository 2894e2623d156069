"""Sphinx builder ``typst``: each edition as a tagged PDF/UA-1 file, typeset by Typst.

The root document's (translated) doctree becomes JSON data that ``typst/statement.typ``
reads with ``json(...)``: text reaches Typst as strings, never as markup, so nothing in a
translation can run as Typst code. A node kind the serialiser does not know stops the
build, naming it, rather than being dropped from the PDF.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import tempfile
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import typst
from babel.dates import format_date
from docutils import nodes
from sphinx.builders import Builder
from sphinx.errors import SphinxError
from sphinx.locale import get_translator

from editions.languages import native_name
from editions.sphinxext.notices import statement_origin
from editions.sphinxext.web import description, edition_url

# The web page's label for its language switcher (the theme's catalog, sphinx.po), reused.
EDITIONS_LABEL = "Languages of this statement"
TEMPLATE = Path(__file__).parent / "typst" / "statement.typ"
Run = dict[str, Any]
Block = dict[str, Any]
# Nodes that carry nothing to typeset: link targets (labels) and comments.
SKIPPED = (nodes.target, nodes.comment)


class TypstError(SphinxError):
    category = "Typst error"


def language_of(node: nodes.Element, untranslated_as: str | None) -> str | None:
    """The language a node's text is in, when another than the edition's (else ``None``)."""
    cls: str
    for cls in node.get("classes", []):
        if cls.startswith("language-"):
            return str(cls.removeprefix("language-"))
    if untranslated_as and "untranslated" in node.get("classes", []):
        return untranslated_as  # a passage shown in the source language (a fallback)
    return None


class Serialiser:
    """Doctree → blocks and inline runs (plain data for the template)."""

    def __init__(self, untranslated_as: str | None) -> None:
        self.untranslated_as = untranslated_as

    def runs(self, node: nodes.Node, style: Run | None = None) -> list[Run]:
        style = dict(style or {})
        if isinstance(node, nodes.Text):
            return [{**style, "text": str(node)}]
        if isinstance(node, SKIPPED):
            return []
        if not isinstance(node, nodes.Element):
            raise unknown(node)
        if isinstance(node, nodes.emphasis):
            style["emph"] = True
        elif isinstance(node, nodes.strong):
            style["strong"] = True
        elif isinstance(node, nodes.literal):
            style["code"] = True
        elif isinstance(node, nodes.reference):
            if "refuri" not in node:
                return self.children_runs(node, style)  # an internal cross-reference: its text
            style["link"] = node["refuri"]
        elif not isinstance(node, nodes.inline):
            raise unknown(node)
        lang = language_of(node, self.untranslated_as)
        if lang:
            style["lang"] = lang
        return self.children_runs(node, style)

    def children_runs(self, node: nodes.Element, style: Run) -> list[Run]:
        return [run for child in node.children for run in self.runs(child, style)]

    def blocks(self, node: nodes.Element, depth: int = 0) -> list[Block]:
        found: list[Block] = []
        for child in node.children:
            found += self.block(child, depth)
        return found

    def block(self, node: nodes.Node, depth: int) -> list[Block]:
        if isinstance(node, SKIPPED):
            return []
        if isinstance(node, nodes.section):
            return [{"kind": "section", "level": depth + 1, "blocks": self.blocks(node, depth + 1)}]
        if not isinstance(node, nodes.Element):
            raise unknown(node)
        lang = language_of(node, self.untranslated_as)
        if isinstance(node, nodes.title):
            return [{"kind": "heading", "level": depth, "runs": self.runs_of(node), "lang": lang}]
        if isinstance(node, nodes.paragraph):
            role = "count" if "signatories-count" in node["classes"] else None
            return [{"kind": "paragraph", "runs": self.runs_of(node), "lang": lang, "role": role}]
        if isinstance(node, nodes.bullet_list):
            items = [self.item(item) for item in node.children]
            signatories = "signatories" in node["classes"]
            return [{"kind": "list", "items": items, "signatories": signatories, "lang": lang}]
        if isinstance(node, nodes.container) and "translation-incomplete" in node["classes"]:
            return [{"kind": "notice", "blocks": self.blocks(node, depth), "lang": lang}]
        raise unknown(node)

    def runs_of(self, node: nodes.Element) -> list[Run]:
        return self.children_runs(node, {})

    def item(self, node: nodes.Node) -> Block:
        if not isinstance(node, nodes.list_item):
            raise unknown(node)
        lang = language_of(node, self.untranslated_as)
        if all(isinstance(child, nodes.inline | nodes.Text) for child in node.children):
            # An item of inline text (an organisation's name): one paragraph.
            para = {"kind": "paragraph", "runs": self.runs_of(node), "lang": None, "role": None}
            return {"blocks": [para], "lang": lang}
        return {"blocks": self.blocks(node), "lang": lang}


def unknown(node: nodes.Node) -> TypstError:
    where = f" ({node.source}:{node.line})" if getattr(node, "line", None) else ""
    return TypstError(f"the PDF builder cannot typeset a '{type(node).__name__}' node{where}")


def typeset(data: dict[str, Any], target: Path) -> None:
    """Typeset ``data`` with the template into ``target``, a PDF/UA-1 file.

    Typst reads nothing but the template (passed as bytes) and the data: its root is an
    empty directory, and its fonts are those embedded in the typst package.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="typst-") as root:
        try:
            compiler = typst.Compiler(
                root=root,
                ignore_system_fonts=True,
                sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            )
            pdf = compiler.compile(
                TEMPLATE.read_bytes(),
                pdf_standards=["ua-1"],
                timestamp=int(epoch) if epoch else None,
            )
        except typst.TypstError as exc:
            raise TypstError(f"{TEMPLATE.name}: {exc.message}\n{exc.diagnostic}") from None
    assert isinstance(pdf, bytes)
    target.write_bytes(pdf)


def provenance_line(origin: dict[str, str], language: str) -> str:
    """The PDF's footer line: text version, the date the text last changed, the commit;
    in the edition's language, with the web page's translations (``sphinx.po``)."""
    if not origin:
        return ""
    _ = get_translator("sphinx").gettext
    version = origin["version"] if origin["version"] != "unreleased" else _("unreleased")
    date = format_date(datetime.date.fromisoformat(origin["date"]), "long", locale=language)
    parts = [f"{_('Text version')}: {version}", _("Last updated on %(last_updated)s") % {
        "last_updated": date}]  # fmt: skip
    if origin.get("commit"):
        dirty = f" ({_('uncommitted changes')})" if origin.get("dirty") else ""
        parts.append(f"{_('Commit')}: {origin['commit']}{dirty}")
    return " · ".join(parts)


def provenance_keywords(origin: dict[str, str]) -> list[str]:
    """The same facts for the PDF's metadata (Keywords), in English, for programs."""
    if not origin:
        return []
    found = [f"text version {origin['version']}", f"text date {origin['date']}"]
    if origin.get("commit"):
        found.append(
            f"commit {origin['commit']}" + (" with uncommitted changes" * bool(origin.get("dirty")))
        )
    return found


class TypstBuilder(Builder):
    name = "typst"
    format = "pdf"
    epilog = "The PDF is in %(outdir)s."

    def init(self) -> None:
        pass

    def get_outdated_docs(self) -> set[str]:
        return {self.config.root_doc}

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        pass

    def pdf_name(self, language: str) -> str:
        return f"{self.config.editions_pdf_name}-{language}.pdf"

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        if docname != self.config.root_doc:
            return
        data = self.edition_data(doctree)
        typeset(data, Path(self.outdir) / self.pdf_name(data["language"]))

    def edition_data(self, doctree: nodes.document) -> dict[str, Any]:
        language = self.config.language
        source = self.config.editions_source_language
        serialiser = Serialiser(source if language != source else None)
        blocks = serialiser.blocks(doctree)
        title = self.env.titles[self.config.root_doc].astext()
        metadata = {k: v for k, v in self.config.editions_metadata.items() if v}
        date = metadata.get("date")
        origin = statement_origin(self.config.editions_metadata, language, source)
        return {
            "language": language,
            "title": title,
            "subject": description(self.env, doctree),
            "metadata": metadata,
            "date": format_date(datetime.date.fromisoformat(date), "long", locale=language)
            if date
            else None,
            "url": self.edition_url(language),
            "editions_label": get_translator("sphinx").gettext(EDITIONS_LABEL),
            "editions": [
                {"code": code, "name": native_name(code), "url": self.pdf_url(code)}
                for code in self.config.editions_languages
                if code != language
            ],
            "blocks": blocks,
            # Which text is the original and where it was published (as the web masthead).
            "origin": dataclasses.asdict(origin) if origin else None,
            "provenance": provenance_line(self.config.editions_provenance, language),
            "keywords": provenance_keywords(self.config.editions_provenance),
        }

    def edition_url(self, language: str) -> str | None:
        return edition_url(self.config, language) or None

    def pdf_url(self, code: str) -> str:
        """Another edition's PDF: absolute when the site's address is known, else beside ours."""
        if self.config.editions_pdf_url:
            return str(self.config.editions_pdf_url.format(language=code))
        base = edition_url(self.config, code)
        return f"{base}{self.pdf_name(code)}" if base else f"../{code}/{self.pdf_name(code)}"

    def finish(self) -> None:
        pass
