"""Translations are untrusted input: compare their markup with the source's by parsing both.

A translated document string is parsed by the same MyST parser Sphinx uses for the edition,
so anything it could turn into markup — a fence of any kind (a directive such as
``{include}`` or ``{eval-rst}``), a role, a link, an image, a reference definition, a
footnote — shows up as a token. The translation must have the same tokens as its source;
only the text between them may differ, and inline markup may move within its paragraph.

UI strings (the page around the statement, the extension's messages) are plain text: the
templates insert them as they are, so a translation may add no markup character at all.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from babel.messages.catalog import PYTHON_FORMAT
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.util.nodes import split_explicit_title

# The project's MyST settings (conf.py reads them from here, so the gate parses as Sphinx does).
# Raw HTML is never rendered, so neither the sources nor a translation can inject it.
MYST_DISABLE_SYNTAX = ("html_block", "html_inline")
MYST_EXTENSIONS: tuple[str, ...] = ("attrs_block",)


@dataclass(frozen=True)
class Item:
    """One piece of markup: ``label`` is what a translator is told, ``exact`` what is compared."""

    label: str
    exact: str = ""


@dataclass
class Structure:
    """The markup of a string: its blocks in order, each inline's markup, and the rest."""

    blocks: list[Item] = field(default_factory=list)
    inlines: list[Counter[Item]] = field(default_factory=list)
    other: Counter[Item] = field(default_factory=Counter)
    text: list[str] = field(default_factory=list)

    def items(self) -> Counter[Item]:
        found = Counter(self.blocks) + self.other
        for inline in self.inlines:
            found += inline
        return found


@functools.cache
def parser(html: bool = False) -> MarkdownIt:
    """MyST's own parser with the project's settings (``html``: also recognise raw HTML)."""
    disabled = [] if html else list(MYST_DISABLE_SYNTAX)
    config = MdParserConfig(disable_syntax=disabled, enable_extensions=set(MYST_EXTENSIONS))
    return create_md_parser(config, RendererHTML)


# -- the structure of a MyST string ---------------------------------------------------------
_BLOCK_NAMES = {
    "paragraph_open": "paragraph",
    "bullet_list_open": "bulleted list",
    "ordered_list_open": "numbered list",
    "list_item_open": "list item",
    "blockquote_open": "block quote",
    "table_open": "table",
    "thead_open": "table header",
    "tbody_open": "table body",
    "tr_open": "table row",
    "th_open": "table header cell",
    "td_open": "table cell",
    "hr": "horizontal rule",
    "myst_block_break": "block break (+++)",
    "myst_line_comment": "comment (%)",
    "front_matter": "front matter (---)",
}
# A line break is no markup to compare: Sphinx joins a paragraph's lines into one message, so
# the source's never holds one, and a translation may break its lines where it needs to.
_SKIPPED = {"text", "softbreak", "hardbreak", "inline"}
_CLOSING = "_close"


# Each string is checked several times (its markup, numbers, links; each language's
# catalogs repeat the source's): parsed once per process. The result is shared: read only.
@functools.cache
def structure(text: str) -> Structure:
    """The markup of ``text`` as MyST parses it for this project."""
    env: dict[str, Any] = {}
    found = Structure()
    for token in parser().parse(text, env):
        if token.type == "inline":
            found.inlines.append(Counter(_inline_items(token.children or [], (), found.text)))
        elif not token.type.endswith(_CLOSING):
            found.blocks.append(_block_item(token))
    for name, definition in sorted(env.get("references", {}).items()):
        label = f"reference definition [{name}]: {definition.get('href', '')}"
        found.other[Item(label, definition.get("title", ""))] += 1
    for token in _flatten(parser(html=True).parse(text, {})):
        if token.type in ("html_inline", "html_block"):
            found.other[Item(f"raw HTML {token.content.strip()}")] += 1
    return found


def raw_html(text: str) -> list[tuple[int, str]]:
    """Each piece of raw HTML in ``text`` (a Markdown file), with the line of its block: the
    project's MyST shows it as text, never as markup."""
    found = []
    for token in parser(html=True).parse(text, {}):
        pieces = [token] if token.type == "html_block" else [
            child for child in token.children or [] if child.type == "html_inline"]  # fmt: skip
        found += [(token.map[0] + 1 if token.map else 1, piece.content.strip())
                  for piece in pieces]  # fmt: skip
    return found


def _flatten(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _flatten(token.children or [])


def _block_item(token: Token) -> Item:
    if token.type in ("fence", "code_block"):
        info = token.info.strip()
        if info.startswith("{"):
            return Item(f"directive {info}", token.content)
        fence = f"code block {token.markup}{info}".rstrip()
        return Item(fence, token.content)
    if token.type == "heading_open":
        return Item(f"heading {token.markup}", _attributes(token))
    if token.type == "myst_target":
        return Item(f"target ({token.content})=")
    if token.type.startswith("footnote"):
        return Item(f"footnote [^{token.meta.get('label', '')}]", token.type)
    name = _BLOCK_NAMES.get(token.type, token.type.removesuffix("_open").replace("_", " "))
    # A comment or front matter is compared whole: front matter changes how MyST parses.
    # So are attributes: a list's start number, a column's alignment, a quote's attribution.
    return Item(name, f"{token.markup}\n{token.content}{_attributes(token)}")


def _attributes(token: Token) -> str:
    return "".join(f"\n{name}={value}" for name, value in sorted(token.attrs.items()))


def _inline_items(
    tokens: Sequence[Token], within: tuple[str, ...], text: list[str]
) -> Iterator[Item]:
    """Each inline markup item, labelled with the markup it is nested in."""
    stack = list(within)
    for token in tokens:
        if token.type == "text":
            text.append(token.content)
        if token.type in _SKIPPED:
            continue
        if token.type.endswith(_CLOSING):
            stack.pop()
            continue
        label = _inline_label(token)
        yield Item(" > ".join([*stack, label]), token.markup)
        if token.type == "image":  # its alternative text may itself hold markup
            yield from _inline_items(token.children or [], (*stack, label), text)
        if token.nesting == 1:
            stack.append(label)


def _inline_label(token: Token) -> str:
    if token.type == "link_open":
        kind = "autolink" if token.info == "auto" else "link"
        return f"{kind} → {token.attrs.get('href', '')}"
    if token.type == "image":
        return f"image → {token.attrs.get('src', '')}"
    if token.type == "myst_role":
        has_title, _title, target = split_explicit_title(token.content)
        return f"role {{{token.meta.get('name', '')}}} → {target if has_title else token.content}"
    if token.type == "code_inline":
        return f"inline code {token.markup}{token.content}{token.markup}"
    if token.type == "footnote_ref":
        return f"footnote reference [^{token.meta.get('label', '')}]"
    names = {"em_open": "emphasis", "strong_open": "strong emphasis", "hardbreak": "line break"}
    return names.get(token.type, token.type.removesuffix("_open").replace("_", " "))


# -- comparing a translation with its source ------------------------------------------------
def problems(source: str, translation: str) -> list[str]:
    """What a translation adds to, or drops from, its source's markup (empty: same markup)."""
    wanted, got = structure(source), structure(translation)
    missing, added = wanted.items() - got.items(), got.items() - wanted.items()
    changed = {i.label for i in missing} & {i.label for i in added}
    found = [f"markup changed from the source: {label}" for label in sorted(changed)]
    found += [f"markup missing from the translation: {i.label}" for i in _sorted(missing)
              if i.label not in changed]  # fmt: skip
    found += [f"markup not in the source: {i.label}" for i in _sorted(added)
              if i.label not in changed]  # fmt: skip
    if not found and (wanted.blocks != got.blocks or wanted.inlines != got.inlines):
        found.append("markup in another order or nesting than in the source")
    # An emphasis mark or backtick left unpaired is text to MyST: shown as typed.
    shown, theirs = "".join(got.text), "".join(wanted.text)
    found += [f"markup character {char} not in the source: unpaired, it is shown as typed"
              for char in STRAY if shown.count(char) > theirs.count(char)]  # fmt: skip
    return found + link_problems(source, translation)


STRAY = ("*", "_", "`")


# -- which text carries which target ----------------------------------------------------------
@dataclass(frozen=True)
class Link:
    """A link, an image or a role with a target, as a reader meets it."""

    target: str
    title: str  # a link's or an image's title (the tooltip); "" when it has none
    text: str  # what the reader clicks (a link's text, an image's alternative text)

    def __str__(self) -> str:
        return f'"{self.text}" → {self.target}'


@functools.cache  # as structure()
def links(text: str) -> tuple[Link, ...]:
    """The links of a MyST string in reading order."""
    found: list[Link] = []
    for token in parser().parse(text, {}):
        if token.type == "inline":
            found += _links(token.children or [])
    return tuple(found)


def _links(tokens: Sequence[Token]) -> list[Link]:
    found: list[Link] = []
    open_link: tuple[str, str, list[str]] | None = None
    for token in tokens:
        if token.type == "link_open":
            href, title = token.attrs.get("href", ""), token.attrs.get("title", "")
            open_link = (str(href), str(title), [])
        elif token.type == "link_close" and open_link:
            href, title, words = open_link
            found.append(Link(href, title, "".join(words).strip()))
            open_link = None
        elif token.type == "image":
            src, title = token.attrs.get("src", ""), token.attrs.get("title", "")
            found.append(Link(str(src), str(title), token.content))
        elif token.type == "myst_role":
            has_title, title, target = split_explicit_title(token.content)
            role = f"{{{token.meta.get('name', '')}}}"
            found.append(Link(f"{role} {target}", "", title if has_title else token.content))
        if open_link and token.type in ("text", "code_inline", "image"):
            open_link[2].append(token.content)
    return found


def link_problems(source: str, translation: str) -> list[str]:
    """Links that keep their targets but not their order, or a title that moved.

    Targets are compared in reading order: a translation that exchanges the targets of two
    link texts has the same targets as its source, and only their order tells it. A
    translation whose word order moves one link past another is refused alike (the two
    cannot be told apart): its links must come in the source's order.
    """
    wanted, got = links(source), links(translation)
    if Counter(w.target for w in wanted) != Counter(g.target for g in got):
        return []  # a target added or missing: problems() names it
    moved = [i for i, (w, g) in enumerate(zip(wanted, got, strict=True)) if w.target != g.target]
    if len(moved) == 2 and got[moved[0]].target == wanted[moved[1]].target:
        first, second = (got[i] for i in moved)
        return [f'links exchange their targets: "{first.text}" now points to {first.target}, '
                f'"{second.text}" to {second.target}']  # fmt: skip
    if moved:
        i = moved[0]
        return [f"links in another order than in the source: {got[i]} where the source's "
                f"link {i + 1} points to {wanted[i].target}: keep the order of links"]  # fmt: skip
    titles = {w.title: w for w in wanted if w.title}
    problems = []
    for w, g in zip(wanted, got, strict=True):
        if g.title and g.title != w.title and g.title in titles:
            problems.append(f'link title moved: {g} has the title "{g.title}" of the source\'s '
                            f"link to {titles[g.title].target}")  # fmt: skip
        elif g.title and not w.title:
            problems.append(f'link title not in the source: {g} has the title "{g.title}"')
        elif w.title and not g.title:
            problems.append(f'link title missing from the translation: {g} (the source\'s: '
                            f'"{w.title}")')  # fmt: skip
    return problems


def _sorted(items: Counter[Item]) -> list[Item]:
    return sorted(items.elements(), key=lambda i: (i.label, i.exact))


def text(source: str) -> str:
    """The words of a MyST string, without its markup (link targets, code, roles)."""
    return " ".join(structure(source).text)


def plain(source: str) -> str:
    """What a reader sees of a MyST string: its paragraphs' text, line breaks and code."""
    paragraphs = []
    for token in parser().parse(source, {}):
        if token.type == "inline":
            shown = [t.content if t.type in _SHOWN else "\n" for t in token.children or []
                     if t.type in _SHOWN or t.type in _BREAKS]  # fmt: skip
            paragraphs.append("".join(shown))
    return "\n\n".join(paragraphs)


_SHOWN = {"text", "code_inline", "image"}  # an image shows its alternative text
_BREAKS = {"softbreak", "hardbreak"}


# -- UI strings: plain text ---------------------------------------------------------------
MARKUP_CHARACTERS = ("<", ">", "&", '"', "'", "`", "{{", "{%")


class _Tags(HTMLParser):
    """The tags, character references and entities of an HTML string, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(f"<{tag} {attrs}>")

    def handle_endtag(self, tag: str) -> None:
        self.found.append(f"</{tag}>")

    def handle_charref(self, name: str) -> None:
        self.found.append(f"&#{name};")

    def handle_entityref(self, name: str) -> None:
        self.found.append(f"&{name};")


def _tags(text: str) -> list[str]:
    tags = _Tags()
    tags.feed(text)
    tags.close()
    return tags.found


def ui_problems(source: str, translation: str) -> list[str]:
    """A UI translation keeps its source's HTML and placeholders and adds no markup character."""
    found = [
        f"character {char} not in the source (the page would read it as markup)"
        for char in MARKUP_CHARACTERS
        if translation.count(char) > source.count(char)
    ]
    if not found and _tags(source) != _tags(translation):
        found.append("HTML differs from the source: keep its tags and attributes exactly")
    wanted, got = _placeholders(source), _placeholders(translation)
    found += [f"placeholder missing from the translation: {p}" for p in sorted(wanted - got)]
    found += [f"placeholder not in the source: {p}" for p in sorted(got - wanted)]
    return found


def _placeholders(text: str) -> Counter[str]:
    return Counter(match.group(0) for match in PYTHON_FORMAT.finditer(text))
