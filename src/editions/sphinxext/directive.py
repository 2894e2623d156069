"""The ``{signatories}`` directive, and the transform that sorts its list after translation.

Names come from the names catalog ``signatories.po``, keyed by each organisation's identifier
(:mod:`editions.data.names`), not from the document catalog: they are plain text, never parsed.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path
from typing import Any, ClassVar

from babel.numbers import format_decimal
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from editions.data import names, signatories
from editions.gate.typography import rules
from editions.project import Refused
from editions.sphinxext import strings
from editions.sphinxext.strings import ngettext

# The count line's English, as ngettext gives it where the catalog lacks it.
COUNT_LINE = ("Signed by %(count)s organisation", "Signed by %(count)s organisations")


class SignatoriesDirective(SphinxDirective):
    """``{signatories} path.yaml`` with ``:order: collation`` (default) or ``:order: file``."""

    required_arguments = 1
    option_spec: ClassVar = {"order": lambda arg: directives.choice(arg, ("collation", "file"))}

    def run(self) -> list[nodes.Node]:
        relpath, abspath = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relpath)
        try:
            entries = signatories.load(Path(abspath))
        except Refused as exc:
            raise self.error(str(exc)) from None
        source = self.config.editions_source_language
        legal_forms = rules(self.config.language).before_names
        shown = names.shown(entries, self._translations(entries), source,
                            self.config.language, legal_forms)  # fmt: skip

        items = nodes.bullet_list(
            classes=["signatories"], order=self.options.get("order", "collation")
        )
        for name in shown:
            # Plain text, outside the document catalog: never parsed, never translated again.
            # An inline node, not a paragraph: Sphinx's message scans skip inline nodes at once,
            # but log a dump of every paragraph they skip (sphinx.util.nodes.is_translatable),
            # which cost a statement with 1,000 signatories a quarter of a second per edition.
            # Shown as the organisation writes it, in another language: marked with it.
            text = name_node(name.text, name.language or self.config.language, source,
                             marked=name.language is not None, lead=len(name.lead))  # fmt: skip
            self.set_source_info(text)
            item = nodes.list_item("", text)
            # Kept for the list's CSV and JSON files (editions.sphinxext.web).
            entry = name.entry
            item["signatory-id"], item["signatory-name"] = entry.id, entry.name
            item["signatory-abbreviation"] = entry.abbreviation
            items += item
        # The count line counts what is shown, never anything else.
        count = len(items.children)
        assert count == len(entries) == len({n.entry.id for n in shown})
        number = format_decimal(count, locale=self.config.language)
        # Translators: the line above the list of signatory organisations (web page and
        # PDF); %(count)s is their number, written as the edition's language writes numbers.
        line = ngettext(
            "Signed by %(count)s organisation", "Signed by %(count)s organisations", count
        )
        language, source = self.config.language, self.config.editions_source_language
        # Where the catalog lacks the line, its English is marked so, and its number with the
        # edition's language.
        line_in = strings.shown_in(line, language, source, *COUNT_LINE)
        said = strings.filled(line, {"count": number}, language, line_in)  # a no-break space
        # Translated here with plurals (our catalog), so kept out of the document catalog.
        classes = ["signatories-count", *strings.marked(line_in, language)]
        summary = nodes.paragraph("", "", *said, classes=classes, translatable=False)
        return [summary, items]

    def _translations(self, entries: list[signatories.Signatory]) -> dict[str, names.Translation]:
        """The edition's names catalog, refused whole if a name hides or takes another's."""
        found: dict[str, names.Translation] = {}
        language = self.config.language
        for locale_dir in self.config.editions_catalogs:
            po = Path(self.env.srcdir, locale_dir, language, "LC_MESSAGES", f"{names.DOMAIN}.po")
            if not po.is_file():
                continue
            self.env.note_dependency(str(po))
            try:
                translations = names.read(po)
            except (OSError, ValueError) as exc:
                raise self.error(f"{po}:1: cannot read the catalog: {exc}") from None
            problems = names.problems(entries, translations, rules(language).before_names)
            if problems:  # defence in depth: the preflight refuses this before any build
                line, message = problems[0]
                raise self.error(f"{po}:{line}: {message}")
            found = translations | found  # the first locale directory wins, as in gettext
        return found


def name_node(
    text: str, language: str, source: str, *, marked: bool, lead: int = 0
) -> nodes.inline:
    """An organisation's name in ``language`` (``marked``: another than the edition's), never
    hyphenated (class ``name``, decision record 0004). Its words in the source language's
    script, not its own («Восток SOS», «Центр прав людини ZMINA»), are marked with the source
    language, so that screen readers and the PDF do not read them as ``language``. Its first
    ``lead`` characters (a legal form, ГА in «ГА «Вектор прав людини»») are in the edition's
    language: left out of the mark."""
    # Marked in BCP 47 (pt-BR), as HTML's lang wants it (decision record 0002).
    own = [strings.language_class(language)] if marked else []
    node = nodes.inline(text, "", classes=["name", *([] if lead else own)])
    body, rest = node, text[lead:]
    if lead:
        node += nodes.Text(text[:lead])
        body = nodes.inline(rest, "", classes=own)
        node += body
    foreign = foreign_runs(rest, language, source)
    # A word with a hyphen is one unit («Восток-SOS»): a narrow line never leaves «SOS»» alone.
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+-\S+", rest)]
    cuts = sorted({0, len(rest), *(i for run in (*foreign, *words) for i in run)})
    for begin, end in itertools.pairwise(cuts):
        piece: nodes.Node = nodes.Text(rest[begin:end])
        if any(a <= begin and end <= b for a, b in foreign):
            piece = nodes.inline(rest[begin:end], rest[begin:end],
                                 classes=[strings.language_class(source)])  # fmt: skip
        word = next(((a, b) for a, b in words if a <= begin and end <= b), None)
        if word is not None and word[0] == begin:
            unbroken = nodes.inline(rest[word[0] : word[1]], "", classes=["unbroken"])
            body += unbroken
        (body if word is None else unbroken).append(piece)
    return node


def foreign_runs(text: str, language: str, source: str) -> list[tuple[int, int]]:
    """The runs of ``text`` written in ``source``'s script where ``language`` has another:
    from a letter of that script to the last one with nothing but spaces, digits and
    punctuation between (``HealthRight International``, not the «» around ``SOS``)."""
    import icu  # only names need the scripts

    theirs = _script(source)
    if _script(language) == theirs:
        return []

    def kind(char: str) -> str:
        """t: a letter of the source's script; o: another letter; n: neither (spaces,
        digits, punctuation)."""
        if not char.isalpha():
            return "n"
        return "t" if icu.Script.getScript(ord(char)).getShortName() == theirs else "o"

    return [run.span() for run in re.finditer(r"t(?:n*t)*", "".join(map(kind, text)))]


@functools.cache
def _script(language: str) -> str:
    """The script ``language`` is written in: ``Cyrl`` for uk, ``Latn`` for en (CLDR)."""
    import icu

    return str(icu.Locale.addLikelySubtags(icu.Locale(language.replace("-", "_"))).getScript())


class SortSignatories(SphinxTransform):
    """Sort signatory lists by the edition's collation, once names are translated."""

    default_priority = 21  # sphinx.transforms.i18n.Locale runs at 20

    def apply(self, **kwargs: Any) -> None:
        key = None
        for node in self.document.findall(nodes.bullet_list):
            if "signatories" in node["classes"] and node.get("order") == "collation":
                key = key or signatories.collation_key(self.config.language)
                node.children.sort(key=lambda item: key(item.astext()))
