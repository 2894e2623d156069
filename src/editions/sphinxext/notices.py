"""What a page says about itself: the incomplete-translation notice, the masthead's facts.

Progress is :func:`editions.data.progress.assess`'s, as ``make status`` counts it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
from babel import Locale
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from editions.data import progress, statement
from editions.data.provenance import origins
from editions.project import Refused
from editions.project import load as load_project
from editions.sphinxext import integrity, strings, web
from editions.sphinxext.directive import name_node
from editions.sphinxext.integrity import HARD_BREAK
from editions.sphinxext.strings import N_, gettext

logger = logging.getLogger(__name__)


class CountCopiesAsUntranslated(SphinxTransform):
    """A translation identical to its source is not a translation.

    Sphinx (since 7.2, sphinx-doc/sphinx#11546) marks such a node translated: English pasted
    into a catalog would then pass for done. Unless the entry is kept (``# keep: <reason>``
    in the catalog, or listed in the language's ``keep.yaml``: see
    :func:`editions.data.progress.is_kept`), the node is marked untranslated here, before Sphinx
    counts progress.

    Every passage a translation shows in the source language (untranslated, pasted or kept;
    a whole document without a catalog, which Sphinx leaves unmarked) is then marked with
    it (``lang`` in the HTML, ``/Lang`` in the PDF), so that a screen reader reads it so.
    """

    default_priority = 24  # after Locale (20), before Sphinx counts progress (25)

    def apply(self, **kwargs: Any) -> None:
        source = self.config.editions_source_language
        if self.config.language == source:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        copies: set[str] = set()
        kept: set[str] = set()
        listed = keep_lists(self.env, self.config.language)
        for locale_dir in self.config.editions_catalogs:
            po = Path(
                self.env.srcdir, locale_dir, self.config.language, "LC_MESSAGES", f"{domain}.po"
            )
            if po.exists():
                entries = [e for e in polib.pofile(str(po)) if not e.fuzzy and not e.obsolete]
                copies |= {e.msgid for e in entries if progress.is_copy(e, listed)}
                kept |= {e.msgid for e in entries
                         if e.msgstr == e.msgid and progress.is_kept(e, listed)}  # fmt: skip
        for node, message in extract_messages(self.document):
            if isinstance(node, nodes.image):
                continue  # below
            if node.get("translated") and message in copies:
                node["translated"] = False
            if not node.get("translated") or message in kept:
                node["classes"].append(strings.language_class(source))
        # Sphinx translates an image's alt text but leaves the image marked untranslated: it
        # is translated when its alt no longer reads as the source's (not copied, not kept).
        for image in self.document.findall(nodes.image):
            image["translated"] = image.get("alt") != image.get(_SOURCE_ALT)
            if not image["translated"]:
                image["classes"].append(strings.language_class(source))


def keep_lists(env: BuildEnvironment, language: str) -> progress.KeepList:
    """The language's keep lists (``<locale_dir>/<language>/keep.yaml``), noted as inputs of
    the document being read; a malformed one is reported and read as empty (the build's
    checks refuse it before Sphinx starts)."""
    listed: dict[str, int] = {}
    for locale_dir in env.config.editions_catalogs:
        folder = Path(env.srcdir, locale_dir, language)
        if (folder / progress.KEEP_LIST).is_file():
            env.note_dependency(str(folder / progress.KEEP_LIST))
        try:
            listed |= progress.keep_list(folder)
        except Refused as exc:
            logger.warning(str(exc))
    return listed


class RecordSourceMessages(SphinxTransform):
    """Just before translation: the document's source strings, as the template lists them."""

    default_priority = integrity.LOCALE_PRIORITY - 1

    def apply(self, **kwargs: Any) -> None:
        messages = [message for _node, message in extract_messages(self.document)]
        setattr(self.document, _SOURCE, messages)
        for image in self.document.findall(nodes.image):
            image[_SOURCE_ALT] = image.get("alt")


_SOURCE = "editions_source_messages"  # kept on the document until doctree-read
_SOURCE_ALT = "editions_source_alt"  # an image's alt text before translation


def edition_progress(app: Sphinx, domain: str, messages: list[str]) -> progress.Progress:
    """The edition's progress by :func:`editions.data.progress.assess`, as `make status` counts:
    this document's strings, and the page's own strings (editions.po, sphinx.po)."""
    language = app.config.language
    found: dict[str, polib.POFile] = {}
    for locale_dir in reversed(app.config.editions_catalogs):  # the first directory wins
        folder = Path(app.srcdir, locale_dir, language, "LC_MESSAGES")
        found |= {po.stem: polib.pofile(str(po)) for po in sorted(folder.glob("*.po"))}
    sources: dict[str, list[progress.Message]] = {domain: [(None, m) for m in messages]}
    for ui in (progress.EXTENSION_DOMAIN, progress.UI_DOMAIN):
        if ui in found:
            sources[ui] = [(e.msgctxt, e.msgid) for e in found[ui] if not e.obsolete]
    return progress.assess(language, sources, found, keep_lists(app.env, language))


def add_incomplete_banner(app: Sphinx, doctree: nodes.document) -> None:
    """Say so, in the edition's language, at the top of a page with untranslated passages."""
    messages: list[str] | None = getattr(doctree, _SOURCE, None)
    if messages is None:
        return
    delattr(doctree, _SOURCE)  # not to be pickled with the doctree
    if app.config.language == app.config.editions_source_language:
        return
    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    if not edition_progress(app, domain, messages).missing:
        return
    # Translators: a notice under the title of an edition that lacks some translations
    # (web page and PDF); the passages not translated yet are shown in English.
    message = N_(
        "This translation is incomplete: some passages are shown in English, the language of "
        "the original."
    )
    text = gettext(message)
    said = nodes.paragraph(text, text, translatable=False, classes=_in_source(app, message))
    banner = nodes.container("", said, classes=["translation-incomplete"])
    banner += behind_the_original(app, app.env.docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, banner)  # after the title


def _in_source(app: Sphinx, message: str) -> list[str]:
    """The class that marks an interface string shown in the source language because the
    edition's catalog lacks it (the page's ``lang``, the PDF's, the direction in Arabic)."""
    untranslated = strings.untranslated(message)
    return [strings.language_class(app.config.editions_source_language)] if untranslated else []


# Translators: after the notice of an incomplete translation; %(date)s is a date in the
# edition's language ("26 November 2025").
CHANGED = N_("The original was last changed on %(date)s.")
# Translators: a link to the web page of the original (after that date, if known).
READ_ORIGINAL = N_("Read the current original")


def behind_the_original(app: Sphinx, docname: str) -> nodes.paragraph:
    """The date of the English text this edition lags behind (when the provenance names
    it: one given by hand may not), and a link to it; each in the language it is shown in,
    the date in the edition's (isolated in an English sentence of an Arabic edition)."""
    language, source = app.config.language, app.config.editions_source_language
    said: list[nodes.Node] = []
    label = gettext(READ_ORIGINAL)
    around = strings.shown_in(label, language, source, READ_ORIGINAL)
    if original := app.config.editions_provenance.get("original"):
        date = web.long_date(datetime.date.fromisoformat(original), language)
        text = gettext(CHANGED)
        around = strings.shown_in(text, language, source, CHANGED)
        if date.endswith("."):  # "… 2025 р." ends the sentence: one full stop, not two
            text = text.replace("%(date)s.", "%(date)s")
        said += [*strings.filled(text, {"date": date}, language, around), nodes.Text(" ")]
    shown = strings.shown_in(label, language, source, READ_ORIGINAL)
    link = nodes.reference(label, label, refuri=web.page_url(app, docname, source),
                           classes=strings.marked(shown, around))  # fmt: skip
    return nodes.paragraph("", "", *said, link, translatable=False,
                           classes=strings.marked(around, language))  # fmt: skip


def add_masthead_facts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under the title of the web edition: issuer, place and date, each only when known; then
    which text is the original (in a translation) and where it was published."""
    if app.builder.format != "html" or docname != app.config.root_doc:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    language = app.config.language
    paragraphs = []
    source = app.config.editions_source_language
    metadata = app.config.editions_metadata
    issuer = metadata.get("issuer", "")
    if facts := statement_facts(metadata, language):
        para = nodes.paragraph(classes=["statement-meta"])
        for i, fact in enumerate(facts):
            if i:
                para += nodes.inline(" · ", " · ", classes=["separator"])
            # The issuer is a name, as it writes it: in the source language, as a name not
            # translated is (editions.data.names). A place the catalog lacks is in the source's.
            shown = strings.shown_in(fact, language, source, metadata.get("place", ""))
            para += (name_node(fact, source, source, marked=language != source)
                     if i == 0 and issuer else
                     nodes.inline(fact, fact, classes=strings.marked(shown, language)))  # fmt: skip
        paragraphs.append(para)
    found = statement_origin(metadata, language, source)
    if found is not None:
        para = nodes.paragraph(classes=["statement-origin"])
        if found.note:
            around = found.note_language or language
            note = strings.filled(gettext(ORIGINAL_LANGUAGE), {"language": found.name},
                                  language, around)  # fmt: skip
            classes = ["original-language", *strings.marked(around, language)]
            para += nodes.inline("", "", *note, classes=classes)
        if found.note and found.url:
            # A note the catalog lacks is a line of its own, as in the PDF.
            para += (
                nodes.raw("", HARD_BREAK["html"], format="html")
                if found.note_language
                else nodes.Text(" ")
            )
        if found.url:
            link = nodes.reference(found.site, found.site, refuri=found.url)
            classes = strings.marked(found.label_language or language, language)
            para += nodes.inline("", "", nodes.Text(f"{found.label}: "), link,
                                 classes=["original-publication", *classes])  # fmt: skip
        paragraphs.append(para)
    section[1:1] = paragraphs


def add_colophon(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At the end of the statement, in the page and the PDF: its licence and whom to
    contact, each only when ``docs/statement.yaml`` gives it, each a link where it has one."""
    if docname != app.config.root_doc:
        return
    metadata = app.config.editions_metadata
    parts: list[nodes.Node] = []
    if licence := metadata.get("licence", ""):
        # Translators: at the end of the statement, before the licence of its text (a name
        # such as CC BY 4.0, linked).
        label = N_("Licence")
        parts.append(_fact(app, label, licence, metadata.get("licence-url", "")))
    if contact := metadata.get("contact", ""):
        # Translators: at the end of the statement, before an e-mail or web address to write to.
        label = N_("Contact")
        parts.append(_fact(app, label, contact, statement.contact_link(contact)))
    if not parts:
        return
    para = nodes.paragraph(classes=["statement-colophon"], translatable=False)
    for i, part in enumerate(parts):
        if i:
            para += nodes.inline(" · ", " · ", classes=["separator"])
        para += part
    sections = list(doctree.findall(nodes.section))
    (sections[0] if sections else doctree).append(para)


def _fact(app: Sphinx, message: str, value: str, link: str) -> nodes.inline:
    """``Label: value``, in the language its label is shown in."""
    label, language = gettext(message), app.config.language
    shown = strings.shown_in(label, language, app.config.editions_source_language, message)
    said: nodes.Node = nodes.reference(value, value, refuri=link) if link else nodes.Text(value)
    return nodes.inline("", "", nodes.Text(f"{label}: "), said,
                        classes=strings.marked(shown, language))  # fmt: skip


def statement_facts(metadata: dict[str, str], language: str) -> list[str]:
    """The non-empty facts of ``docs/statement.yaml`` as the edition shows them."""
    facts = [metadata.get("issuer", ""), gettext(p) if (p := metadata.get("place", "")) else ""]
    if date := metadata.get("date", ""):
        facts.append(web.long_date(datetime.date.fromisoformat(date), language))
    return [fact for fact in facts if fact]


@dataclass(frozen=True)
class Origin:
    """What an edition says of the original: ``note`` (which language prevails; empty in the
    original's own language) and the original publication (empty when not known)."""

    note: str
    label: str
    site: str
    url: str
    note_language: str = ""  # the source's, when the catalog lacks the note (English shown)
    name: str = ""  # the original's language, named in the edition's
    label_language: str = ""  # the source's, when the catalog lacks the label


# Translators: under the title of a translation, after the statement's facts (issuer, place,
# date); %(language)s is the original's language, named in the edition's language.
ORIGINAL_LANGUAGE = N_(
    "Original language: %(language)s. In case of discrepancy, the original prevails."
)
# Translators: before the name of the site that first published the statement, a link.
ORIGINAL_PUBLICATION = N_("Original publication")


def statement_origin(metadata: dict[str, str], language: str, source: str) -> Origin | None:
    """The edition's sentence on its original and the original publication, if any."""
    original = metadata.get("original-language") or source
    note, note_language, name = "", "", ""
    if language != original:
        name = str(Locale.parse(original.replace("-", "_")).get_display_name(
            Locale.parse(language.replace("-", "_"))
        ))  # fmt: skip
        note = gettext(ORIGINAL_LANGUAGE) % {"language": name}
        note_language = source if strings.untranslated(ORIGINAL_LANGUAGE) else ""
    url = metadata.get("original-publication", "")
    if not note and not url:
        return None
    label = gettext(ORIGINAL_PUBLICATION) if url else ""
    label_language = source if url and strings.untranslated(ORIGINAL_PUBLICATION) else ""
    site = statement.site_name(url) if url else ""
    return Origin(note, label, site, url, note_language, name, label_language)


def set_provenance(app: Sphinx, config: Config) -> None:
    """A plain ``sphinx-build`` (Read the Docs) learns the text's version, date and commit
    from git here, as the pipeline does (``make`` passes them as ``editions_provenance``)."""
    if not config.editions_provenance:
        project = load_project(Path(app.confdir))
        config.editions_provenance = origins(project, [config.language])[config.language].facts
