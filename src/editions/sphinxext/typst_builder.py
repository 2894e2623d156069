"""Sphinx builder ``typst``: each edition as a tagged PDF/UA-1 file, typeset by Typst.

The root document's (translated) doctree becomes JSON data that ``typst/statement.typ``
reads with ``json(...)``: text reaches Typst as strings, never as markup, so nothing in a
translation can run as Typst code. A construct the serialiser does not know is an error at
its line, naming it and what to do, and no PDF is made rather than one that drops it.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import typst
from docutils import nodes
from sphinx.builders import Builder
from sphinx.errors import SphinxError
from sphinx.locale import get_translator
from sphinx.util import logging

from editions import project
from editions.data import fonts
from editions.data.languages import direction, native_name
from editions.project import pdf_file_name
from editions.sphinxext import strings
from editions.sphinxext.hyphenation import NAME_CLASS
from editions.sphinxext.integrity import hard_break
from editions.sphinxext.notices import statement_origin
from editions.sphinxext.web import description, edition_url, language_path, long_date

# The web page's label for its language switcher (the theme's catalog, sphinx.po), reused.
EDITIONS_LABEL = "Languages of this statement"
TEMPLATE = Path(__file__).parent / "typst" / "statement.typ"
logger = logging.getLogger(__name__)
Run = dict[str, Any]
Block = dict[str, Any]
# Nodes that carry nothing to typeset: link targets (labels) and comments.
SKIPPED = (nodes.target, nodes.comment)
# What Typst reads (``image``); an image in another format is refused, naming it.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
# How MyST's ordered-list styles number (docutils' ``enumtype``), as Typst numbering patterns.
NUMBERING = {"arabic": "1", "loweralpha": "a", "upperalpha": "A", "lowerroman": "i",
             "upperroman": "I"}  # fmt: skip
# Constructs outside the project's Markdown, named as an author knows them, with what to do.
OUTSIDE = {
    "literal_block": "a code block: write it as a paragraph with `inline code`",
    "math": "math: write it in words or as `inline code`",
    "math_block": "math: write it in words or as `inline code`",
    "admonition": "an admonition: write it as a block quote",
    "figure": "a figure directive: write the image as ![alternative text](file)",
    "raw": "raw output: write it in Markdown",
}


class TypstError(SphinxError):
    """A ``SphinxError``: Sphinx names its category, and the pipeline's processes report it as
    the edition's failure (:func:`editions.pipeline.worker.run_sphinx`), not as a bug."""

    category = "Typst error"


class Refused(project.Refused):
    """A node the PDF cannot typeset: ``what`` names the construct and what to do. Its own
    class: the serialiser catches it to record the node (the location Sphinx reports) and go
    on, so that the builder reports every such node at once."""

    def __init__(self, node: nodes.Node, what: str) -> None:
        super().__init__(what)
        self.node, self.what = node, what


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
    """Doctree → blocks and inline runs (plain data for the template).

    A construct it cannot typeset is recorded in ``refused`` (its node, what to do), every one
    of them, and left out; the builder then reports them and makes no PDF. Images are read
    only from ``srcdir``: ``images`` maps the names the data give them to their files.
    """

    def __init__(self, untranslated_as: str | None, srcdir: Path | None = None) -> None:
        self.untranslated_as = untranslated_as
        self.srcdir = srcdir
        self.refused: list[Refused] = []
        self.images: dict[str, Path] = {}
        self.noted: set[str] = set()  # footnotes already typeset at a reference

    def runs(self, node: nodes.Node, style: Run | None = None) -> list[Run]:
        try:
            return self._runs(node, dict(style or {}))
        except Refused as refused:
            self.refused.append(refused)
            return []

    def _runs(self, node: nodes.Node, style: Run) -> list[Run]:
        if isinstance(node, nodes.Text):
            # A line end inside a paragraph is a space, as in the HTML (a hard break is a node).
            return [{**style, "text": str(node).replace("\n", " ")}]
        if isinstance(node, SKIPPED):
            return []
        if not isinstance(node, nodes.Element):
            raise unknown(node)
        if hard_break(node):  # written once for each writer: the HTML one breaks the line
            return [{"break": True}] if node["format"] == "html" else []
        if isinstance(node, nodes.footnote_reference):
            return [self.note(node)]
        if isinstance(node, nodes.image):
            return [{**style, **self.image(node)}]
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
        elif NAME_CLASS in node["classes"]:
            style["name"] = True  # never hyphenated
        lang = language_of(node, self.untranslated_as)
        if lang:
            style["lang"], style["dir"] = lang, direction(lang)
        return self.children_runs(node, style)

    def children_runs(self, node: nodes.Element, style: Run) -> list[Run]:
        return [run for child in node.children for run in self.runs(child, style)]

    def note(self, ref: nodes.footnote_reference) -> Run:
        """A footnote, typeset at its first reference (Typst's ``footnote``), with the
        number the web page gives it; a later reference repeats the number."""
        root: nodes.Node = ref  # not ``ref.document``: a translated node's is its message's
        while root.parent is not None:
            root = root.parent
        ids = root.ids if isinstance(root, nodes.document) else {}
        footnote = ids.get(ref.get("refid", ""))
        if not isinstance(footnote, nodes.footnote):
            raise Refused(ref, f"the footnote reference {ref.astext()} has no footnote")
        label = ref.astext()
        if footnote["ids"][0] in self.noted:
            return {"note-again": label}
        self.noted.add(footnote["ids"][0])
        body = [c for c in footnote.children if not isinstance(c, nodes.label)]
        return {"note": label, "blocks": [b for c in body for b in self.block(c, 0)]}

    def image(self, node: nodes.image) -> Run:
        """An image file of the sources, under a name of ours (Typst reads nothing else)."""
        uri = str(node.get("uri", ""))
        path = (self.srcdir / uri).resolve() if self.srcdir and "://" not in uri else None
        if path is None or self.srcdir is None or not path.is_relative_to(self.srcdir.resolve()):
            raise Refused(node, f"the image {uri} is not a file beside the text: copy it there")
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            formats = ", ".join(s.removeprefix(".") for s in IMAGE_SUFFIXES)
            raise Refused(node, f"the image {uri} is not a {formats} file")
        name = f"image-{len(self.images) + 1}{path.suffix.lower()}"
        self.images[name] = path
        return {"image": name, "alt": str(node.get("alt", ""))}

    def blocks(self, node: nodes.Element, depth: int = 0) -> list[Block]:
        found: list[Block] = []
        for child in node.children:
            try:
                found += self.block(child, depth)
            except Refused as refused:
                self.refused.append(refused)
        return found

    def block(self, node: nodes.Node, depth: int) -> list[Block]:
        found = self._block(node, depth)
        return [self.directed(node, block) for block in found]

    def directed(self, node: nodes.Node, block: Block) -> Block:
        """A passage shown in the source language (a fallback) takes that language's direction
        too: English in an Arabic edition reads left to right. A name kept in another script
        does not: it stays in its line, where the bidirectional algorithm orders it."""
        fallback = isinstance(node, nodes.Element) and "untranslated" in node.get("classes", [])
        # A whole block in the source language: a passage or an interface string the
        # edition's catalog lacks.
        fallback = fallback or block.get("lang") == self.untranslated_as
        if fallback and self.untranslated_as and block.get("lang"):
            return {**block, "dir": direction(block["lang"])}
        return block

    def _block(self, node: nodes.Node, depth: int) -> list[Block]:
        if isinstance(node, (*SKIPPED, nodes.footnote)):
            return []  # a footnote is typeset at its reference
        if isinstance(node, nodes.section):
            return [{"kind": "section", "level": depth + 1, "blocks": self.blocks(node, depth + 1)}]
        if not isinstance(node, nodes.Element):
            raise unknown(node)
        lang = language_of(node, self.untranslated_as)
        if isinstance(node, nodes.title):
            return [{"kind": "heading", "level": depth, "runs": self.runs_of(node), "lang": lang}]
        if isinstance(node, nodes.paragraph):
            if len(node.children) == 1 and isinstance(node[0], nodes.image):
                return [{"kind": "figure", **self.image(node[0]), "lang": lang}]
            role = "count" if "signatories-count" in node["classes"] else None
            return [{"kind": "paragraph", "runs": self.runs_of(node), "lang": lang, "role": role}]
        if isinstance(node, nodes.bullet_list):
            items = [self.item(item) for item in node.children]
            signatories = "signatories" in node["classes"]
            return [{"kind": "list", "items": items, "signatories": signatories, "lang": lang}]
        if isinstance(node, nodes.enumerated_list):
            numbering = NUMBERING[node.get("enumtype", "arabic")] + node.get("suffix", ".")
            items = [self.item(item) for item in node.children]
            return [{"kind": "enum", "items": items, "start": int(node.get("start", 1)),
                     "numbering": numbering, "lang": lang}]  # fmt: skip
        if isinstance(node, nodes.block_quote):
            said = [c for c in node.children if not isinstance(c, nodes.attribution)]
            # The attribution in its own language and direction (an English fallback's).
            by = [self.directed(c, {"runs": self.runs_of(c), "lang": self.language(c)})
                  for c in node.children if isinstance(c, nodes.attribution)]  # fmt: skip
            body = [b for c in said for b in self.block(c, depth)]
            return [{"kind": "quote", "blocks": body, "attribution": by[0] if by else None,
                     "lang": lang}]  # fmt: skip
        if isinstance(node, nodes.transition):
            return [{"kind": "rule"}]
        if isinstance(node, nodes.table):
            return [self.table(node, lang)]
        if isinstance(node, nodes.container) and "translation-incomplete" in node["classes"]:
            return [{"kind": "notice", "blocks": self.blocks(node, depth), "lang": lang}]
        raise unknown(node)

    def language(self, node: nodes.Element) -> str | None:
        return language_of(node, self.untranslated_as)

    def runs_of(self, node: nodes.Element) -> list[Run]:
        return self.children_runs(node, {})

    def item(self, node: nodes.Node) -> Block:
        if not isinstance(node, nodes.list_item):
            raise unknown(node)
        lang = language_of(node, self.untranslated_as)
        if all(isinstance(child, nodes.inline | nodes.Text) for child in node.children):
            # An item of inline text (an organisation's name): one paragraph.
            para = {"kind": "paragraph", "runs": self.runs_of(node), "lang": None, "role": None}
            return self.directed(node, {"blocks": [para], "lang": lang})
        return self.directed(node, {"blocks": self.blocks(node), "lang": lang})

    def table(self, node: nodes.table, lang: str | None) -> Block:
        """A table of one group: its header rows (repeated on each page) and body rows."""
        groups = [c for c in node.children if isinstance(c, nodes.tgroup)]
        if len(groups) != 1 or any(isinstance(c, nodes.title) for c in node.children):
            raise Refused(node, "a table with a title or several groups: write it as one table")
        [group] = groups
        rows: dict[str, list[list[Block]]] = {"thead": [], "tbody": []}
        for part in group.children:
            if isinstance(part, nodes.thead | nodes.tbody):
                rows[part.tagname] += [self.row(row) for row in part.children]
        return {"kind": "table", "columns": int(group["cols"]), "header": rows["thead"],
                "rows": rows["tbody"], "lang": lang}  # fmt: skip

    def row(self, row: nodes.Node) -> list[Block]:
        if not isinstance(row, nodes.row):
            raise unknown(row)
        cells = []
        for entry in row.children:
            if not isinstance(entry, nodes.entry):
                raise unknown(entry)
            align = next((c.removeprefix("text-") for c in entry["classes"]
                          if c in ("text-left", "text-center", "text-right")), None)  # fmt: skip
            cells.append({"blocks": self.blocks(entry), "align": align,
                          "colspan": entry.get("morecols", 0) + 1,
                          "rowspan": entry.get("morerows", 0) + 1})  # fmt: skip
        return cells


def unknown(node: nodes.Node) -> Refused:
    name = type(node).__name__
    admonition = isinstance(node, nodes.Admonition)
    what = (
        OUTSIDE["admonition" if admonition else name]
        if admonition or name in OUTSIDE
        else f"a '{name}' node: write it with the constructs of the statement's Markdown"
    )
    return Refused(node, what)


def typeset(data: dict[str, Any], target: Path, images: Mapping[str, Path] | None = None) -> None:
    """Typeset ``data`` with the template into ``target``, a PDF/A-2a and PDF/UA-1 file.

    Typst reads nothing but the template, the data and the ``images`` (name in the data →
    file): its root is a directory holding only copies of the template and the images.
    Its fonts are the editions' faces and no other (:mod:`editions.data.fonts`): a character none
    of them has stops the export (PDF/A allows no missing glyph) instead of falling back.

    The layout tightens a little (leading, paragraph spacing) only where that keeps the
    text's last paragraph on one page and the last page from holding a line or two
    (:func:`loose_ends`); if tightening does not help, the PDF is set as it was.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {**data, "fonts": fonts.FAMILIES, "blocks": mark_last_paragraph(data["blocks"])}
    with tempfile.TemporaryDirectory(prefix="typst-") as root, fonts.font_folder() as faces:
        for name, path in (images or {}).items():
            shutil.copyfile(path, Path(root, name))
        template = shutil.copyfile(TEMPLATE, Path(root, TEMPLATE.name))
        only = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=False, font_paths=[faces]
        )

        def compiler(tighten: int) -> typst.Compiler:
            text = json.dumps({**data, "tighten": tighten}, ensure_ascii=False)
            return typst.Compiler(template, root=root, font_paths=only,
                                  sys_inputs={"data": text})  # fmt: skip

        try:
            chosen = next((c for t in TIGHTENING if not loose_ends(c := compiler(t))), None)
            pdf = (chosen or compiler(0)).compile(
                pdf_standards=["a-2a", "ua-1"], timestamp=int(epoch) if epoch else None
            )
        except typst.TypstError as exc:
            raise TypstError(f"{TEMPLATE.name}: {exc.message}\n{exc.diagnostic}") from None
    assert isinstance(pdf, bytes)
    target.write_bytes(pdf)


# The template's steps of tightening, tried in order (``tighten`` in statement.typ).
TIGHTENING = (0, 1, 2)


def loose_ends(compiler: typst.Compiler) -> list[str]:
    """What the layout leaves loose that tightening may fix (from the template's ``<layout>``
    marks): the text's last paragraph split across two pages, a last page that holds no more
    than two lines. Not the latter after a list of names too long for a page: where its
    columns break decides what is left for the last page, and each try is a layout of every
    page (three, for nothing, with 1,000 names)."""
    try:
        marks = json.loads(compiler.query("<layout>", field="value", format="json"))
    except RuntimeError:  # an error in the document: the export says where
        return []
    found = []
    pages = {mark["last"]: mark["page"] for mark in marks if "last" in mark}
    if pages and pages["start"] != pages["end"]:
        found.append("the last paragraph is split")
    end = next(mark for mark in marks if "end" in mark)
    flowing = any("flowing" in mark for mark in marks)
    if end["end"] > 1 and end["y"] < 3 * end["line"] and not flowing:
        found.append("the last page holds a line or two")
    return found


def sample(blocks: list[Block], size: int = 3000) -> str:
    """The start of the text's paragraphs, as one string."""
    found: list[str] = []
    for block in blocks:
        if block["kind"] == "section":
            found.append(sample(block["blocks"], size))
        elif block["kind"] == "paragraph" and block.get("role") is None:
            found.append("".join(run.get("text", "") for run in block["runs"]))
        if sum(map(len, found)) >= size:
            break
    return " ".join(filter(None, found))[:size]


def mark_last_paragraph(blocks: list[Block]) -> list[Block]:
    """``blocks`` with the text's last paragraph marked ``last``: the last one before the
    signatory list's section (or the document's end)."""
    order: list[Block] = []

    def walk(found: list[Block]) -> bool:
        for block in found:
            if block["kind"] == "list" and block.get("signatories"):
                return True
            if block["kind"] == "paragraph" and block.get("role") is None:
                order.append(block)
            if block["kind"] == "section" and walk(block["blocks"]):
                return True
        return False

    walk(blocks)
    if order:
        order[-1]["last"] = True
    return blocks


def shown(message: str, language: str, source: str, context: str = "", **values: str) -> Run:
    """A string of the web page's catalog (``sphinx.po``) as the PDF shows it, ``% values``,
    as runs: where the catalog lacks it, in the source's language and direction, each value
    (in the edition's language) then a run of its own, isolated against it."""
    translator = get_translator("sphinx")
    text = translator.pgettext(context, message) if context else translator.gettext(message)
    lang = strings.shown_in(text, language, source, message)
    marks = {"lang": language, "dir": direction(language)} if lang != language else {}
    runs = [{"text": piece, **(marks if value else {})}
            for piece, value in strings.pieces(text, values)]  # fmt: skip
    return {"runs": runs, **({"lang": lang, "dir": direction(lang)} if lang != language else {})}


# A label and its value on one line: "Commit:" never ends a line with the id on the next.
KEPT_WITH_VALUE = ":\u00a0"


def provenance_line(origin: dict[str, str], language: str, source: str) -> list[Run]:
    """The PDF's footer line: text version, the date the text last changed, the commit;
    in the edition's language, with the web page's translations (:func:`shown`)."""
    if not origin:
        return []

    def said(text: str) -> Run:
        return {"runs": [{"text": text}]}

    def labelled(label: Run, value: Run, worded: bool) -> list[Run]:
        """``label: value``: a label the catalog lacks is one run with its colon and value, so
        that a right-to-left line does not set the colon before it. ``worded``: the value is a
        string of the catalog (else a tag or a commit, of no language)."""
        if "lang" not in label:
            return [label, said(KEPT_WITH_VALUE), value]
        marks = {key: value[key] for key in ("lang", "dir") if key in value}
        if worded and not marks:
            marks = {"lang": language, "dir": direction(language)}
        runs = [{**marks, **run} for run in value["runs"]]
        return [{**label, "runs": [*label["runs"], {"text": KEPT_WITH_VALUE}, *runs]}]

    released = origin["version"] != "unreleased"
    date = long_date(datetime.date.fromisoformat(origin["date"]), language)
    version = said(origin["version"]) if released else shown("unreleased", language, source)
    line = [
        *labelled(shown("Text version", language, source), version, not released),
        said(" · "),
        shown("Last updated on %(last_updated)s", language, source, last_updated=date),
    ]  # fmt: skip
    if origin.get("commit"):
        commit = shown("Commit", language, source, "version control")
        line += [said(" · "), *labelled(commit, said(origin["commit"]), False)]
        if origin.get("dirty"):
            line += [said(" ("), shown("uncommitted changes", language, source), said(")")]
    return line


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
        return pdf_file_name(self.config.editions_pdf_name, language)

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        if docname != self.config.root_doc:
            return
        serialiser = self.serialiser()
        data = self.edition_data(doctree, serialiser)
        for refused in serialiser.refused:
            logger.error(
                "the PDF cannot typeset %s. The edition is not built: the language's "
                "previous HTML and PDF stay published together", refused.what,
                location=refused.node,
            )  # fmt: skip
        if not serialiser.refused:
            typeset(data, Path(self.outdir) / self.pdf_name(data["language"]), serialiser.images)

    def serialiser(self) -> Serialiser:
        language, source = self.config.language, self.config.editions_source_language
        return Serialiser(source if language != source else None, Path(self.srcdir))

    def edition_data(
        self, doctree: nodes.document, serialiser: Serialiser | None = None
    ) -> dict[str, Any]:
        language, source = self.config.language, self.config.editions_source_language
        blocks = (serialiser or self.serialiser()).blocks(doctree)
        title = self.env.titles[self.config.root_doc].astext()
        metadata = {k: v for k, v in self.config.editions_metadata.items() if v}
        if "place" in metadata:  # given in the source language, translated in editions.po
            metadata["place"] = strings.gettext(metadata["place"])
        date = metadata.get("date")
        origin = statement_origin(self.config.editions_metadata, language, source)
        return {
            "language": language,
            "dir": direction(language),
            # What the column's width is measured on: 66 of these characters a line.
            "sample": sample(blocks),
            "title": title,
            "subject": description(self.env, doctree),
            "metadata": metadata,
            "date": long_date(datetime.date.fromisoformat(date), language) if date else None,
            "url": self.edition_url(language),
            "editions_label": shown(EDITIONS_LABEL, language, source),
            "editions": [
                {
                    "code": code,
                    "name": native_name(code),
                    "url": self.pdf_url(code),
                    "dir": direction(code),
                }
                for code in self.config.editions_languages
                if code != language
            ],
            "blocks": blocks,
            # Which text is the original and where it was published (as the web masthead).
            "origin": {
                **dataclasses.asdict(origin),  # an untranslated note keeps its direction
                "note_dir": direction(origin.note_language or language),
                "label_dir": direction(origin.label_language or language),
            }
            if origin
            else None,
            "provenance": provenance_line(self.config.editions_provenance, language, source),
            "keywords": provenance_keywords(self.config.editions_provenance),
        }

    def edition_url(self, language: str) -> str | None:
        return edition_url(self.config, language) or None

    def pdf_url(self, code: str) -> str:
        """Another edition's PDF: absolute when the site's address is known, else beside ours."""
        folder = language_path(self.config, code)
        if self.config.editions_pdf_url:
            return str(self.config.editions_pdf_url.format(language=folder))
        base = edition_url(self.config, code) or f"../{folder}/"
        return base + self.pdf_name(code)

    def finish(self) -> None:
        pass
