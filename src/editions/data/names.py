"""The organisations' names in each language: a catalog of their own, keyed by identifier.

Design. Names do not pass through the document catalog (``index.po``): there an entry is
keyed by its English text, so msgmerge's fuzzy matching fills a new organisation with its
nearest neighbour's name, and a changed English spelling loses its translation. Sphinx's
``Locale`` transform looks messages up without context, so msgctxt cannot help there.
Instead each language has ``locale/<lang>/LC_MESSAGES/signatories.po``:

- one entry per organisation, ``msgctxt "signatory:<id>"`` (the ``id`` of
  ``docs/signatories.yaml``), the English label as msgid, and an extracted comment with the
  naming rule, so Poedit and Weblate show what it is;
- ``make update-po`` merges it with :func:`merged`, never with msgmerge: entries are matched
  by identifier only. A new organisation arrives empty; a changed English spelling of the
  same organisation keeps its translation, marked fuzzy with the previous spelling
  (``#| msgid``); nothing is ever borrowed from another organisation;
- the ``{signatories}`` directive reads it (:func:`read`) and makes the names plain text
  nodes that Sphinx does not translate (nor parse as MyST): a name is shown as written;
- a name not translated yet (or fuzzy) is shown as the organisation writes it, marked with
  the language it is written in (the data file's ``language``, by default the source
  language) unless that is the edition's, as is a name kept as written (translation equal
  to the English): a Polish name in the Polish edition is not marked at all. A
  translation in words of another language (an organisation's own name, kept letter for
  letter) is marked with it by a translator comment ``# language: uk``, so that screen
  readers pronounce it in that language; a legal form of the edition's language in front
  of it (one of ``legal_forms``: ГА in «ГА «Вектор прав людини»») is not.
  Names do not count towards an edition's progress: a new signatory never blocks
  publication;
- :func:`problems` refuses a translation that is blank, or equal or confusable with another
  organisation's name; the build's preflight and the directive both apply it.

"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from editions.data.datafile import is_blank
from editions.data.signatories import Signatory, normalise
from editions.project import Project

DOMAIN = "signatories"
CONTEXT = "signatory:"
COMMENT = (
    "Organisation name: write it as the organisation itself writes it in this language; "
    "keep it as written when it has none."
)


_DIRECTIVE = re.compile(r"^(?:```|:::)\{signatories\}\s+(\S+)", re.MULTILINE)


def signatory_files(project: Project) -> list[Path]:
    """The data files named by ``{signatories}`` directives in the sources."""
    found = []
    for source in sorted(project.docs.rglob("*.md")):
        for match in _DIRECTIVE.finditer(source.read_text(encoding="utf-8")):
            found.append((source.parent / match.group(1)).resolve())
    return found


def catalog(project: Project, language: str) -> Path:
    return project.locale / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def context(entry: Signatory) -> str:
    return CONTEXT + entry.id


def template(entries: Iterable[Signatory]) -> polib.POFile:
    """The names' message template: one entry per organisation, in the data file's order."""
    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {  # msgfmt --check wants every field; msginit fills in the placeholders
        "Project-Id-Version": "editions",
        "Report-Msgid-Bugs-To": "",
        # msginit --no-translator dates a new catalog with this; merging ignores it.
        "POT-Creation-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for entry in entries:
        pot.append(polib.POEntry(msgctxt=context(entry), msgid=entry.label, msgstr="",
                                 comment=COMMENT))  # fmt: skip
    return pot


def merged(po: polib.POFile, pot: polib.POFile) -> polib.POFile:
    """``po`` brought up to date with ``pot``, matching entries by identifier only."""
    old = {e.msgctxt: e for e in po if e.obsolete}
    old |= {e.msgctxt: e for e in po if not e.obsolete}  # a live entry wins over an obsolete one
    result = polib.POFile(wrapwidth=79)
    result.header, result.metadata = po.header, dict(po.metadata)
    result.metadata_is_fuzzy = po.metadata_is_fuzzy
    wanted = set()
    for new in pot:
        wanted.add(new.msgctxt)
        result.append(_carried(new, old.get(new.msgctxt)))
    for entry in po:  # gone from the source: kept as obsolete if translated, like msgmerge
        if entry.msgctxt not in wanted and entry.msgstr:
            entry.obsolete = True
            result.append(entry)
    return result


def _carried(new: polib.POEntry, old: polib.POEntry | None) -> polib.POEntry:
    entry = polib.POEntry(msgctxt=new.msgctxt, msgid=new.msgid, msgstr="", comment=new.comment)
    if old is None:
        return entry
    entry.tcomment = old.tcomment
    if not old.msgstr:
        return entry
    entry.msgstr = old.msgstr
    entry.flags = [f for f in old.flags if f != "fuzzy"]
    if old.fuzzy or old.msgid != new.msgid:
        entry.flags.append("fuzzy")
        # The English the translation was made for: kept across several changes.
        entry.previous_msgid = old.previous_msgid if old.fuzzy and old.previous_msgid \
            else old.msgid  # fmt: skip
    return entry


def _formatting(char: str) -> bool:
    """Bidi controls, zero-width and other format characters: no name in these languages
    needs one, and a bidi override shows another name than the one compared."""
    return unicodedata.category(char) == "Cf"


@dataclass(frozen=True)
class Translation:
    text: str
    line: int
    language: str | None = None  # set by a translator comment ``language: <code>``


_LANGUAGE_COMMENT = re.compile(r"^language:\s*(\S*)\s*$", re.MULTILINE)
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def _language(entry: polib.POEntry) -> str | None:
    found = _LANGUAGE_COMMENT.search(entry.tcomment or "")
    return found.group(1) if found else None


def read(po: Path) -> dict[str, Translation]:
    """The translations a build uses, by identifier: not empty, not fuzzy, not obsolete."""
    return {
        e.msgctxt[len(CONTEXT) :]: Translation(e.msgstr, e.linenum or 1, _language(e))
        for e in polib.pofile(str(po))
        if e.msgctxt and e.msgctxt.startswith(CONTEXT) and e.msgstr and not e.fuzzy
        and not e.obsolete
    }  # fmt: skip


@dataclass(frozen=True)
class Shown:
    """A name as an edition shows it; ``language`` is set when it is not the edition's. ``lead``
    is the legal form of the edition's language it starts with, if any, and the space after
    it: in the edition's language, outside ``language``'s mark."""

    entry: Signatory
    text: str
    language: str | None
    lead: str = ""


def shown(
    entries: Sequence[Signatory], translations: dict[str, Translation], source_language: str,
    language: str, legal_forms: Sequence[str] = (),
) -> list[Shown]:  # fmt: skip
    """Each organisation's name in ``language``: its translation, or as it writes it.
    ``legal_forms``: the abbreviations ``language`` writes before a name (ГА, ОО)."""
    result = []
    for entry in entries:
        found = translations.get(entry.id)
        if language == source_language or found is None or found.text == entry.label:
            # As written (the source edition, not yet translated, or kept): in its language.
            written = entry.language or source_language
            result.append(Shown(entry, entry.label, written if written != language else None))
        else:
            marked = found.language if found.language != language else None
            lead = _legal_form(found.text, legal_forms) if marked else ""
            result.append(Shown(entry, found.text, marked, lead))
    return result


def _legal_form(text: str, forms: Sequence[str]) -> str:
    """The legal form (one of ``forms``) ``text`` starts with, and the space after it."""
    for form in forms:
        if text.startswith(form) and text[len(form) : len(form) + 1].isspace():
            return text[: len(form) + 1]
    return ""


def problems(
    entries: Sequence[Signatory], translations: dict[str, Translation],
    legal_forms: Sequence[str] = (),
) -> list[tuple[int, str]]:  # fmt: skip
    """(line, message) for each translation that hides a name or takes another's, with or
    without one of ``legal_forms`` (the edition's, as :func:`shown` takes them) before it."""
    found = []
    names = _names(entries, translations, legal_forms)
    for entry in entries:
        mine = translations.get(entry.id)
        if mine is None:
            continue
        if is_blank(mine.text):
            message = (
                f"the name of '{entry.id}' is blank or invisible: write the organisation's "
                "name, or leave msgstr empty to show it as written"
            )
            found.append((mine.line, message))
            continue
        if mine.language is not None and not _LANGUAGE_CODE.fullmatch(mine.language):
            message = (
                f"the name of '{entry.id}' is marked 'language: {mine.language}': write a "
                "language code such as de, pl or pt-BR"
            )
            found.append((mine.line, message))
            continue
        key = normalise(mine.text)
        kept = key == normalise(entry.label)  # as the organisation writes it
        formatting = sorted({f"U+{ord(c):04X}" for c in mine.text if _formatting(c)})
        keys = dict.fromkeys([key, normalise(_bare(mine.text, legal_forms))])
        other = next((o for k in keys for o in names.get(k, ()) if o is not entry), None)
        if not kept and other:
            message = (
                f"the name of '{entry.id}' is the same as, or looks like, the name of "
                f"'{other.id}' ({other.label}): each organisation keeps its own name"
            )
            found.append((mine.line, message))
        elif formatting:
            message = (
                f"the name of '{entry.id}' holds invisible formatting characters "
                f"({', '.join(formatting)}: they can reorder or hide what is shown): remove them"
            )
            found.append((mine.line, message))
    return found


def _bare(text: str, legal_forms: Sequence[str]) -> str:
    """``text`` without the legal form it starts with, if any."""
    return text[len(_legal_form(text, legal_forms)) :]


def _names(
    entries: Sequence[Signatory], translations: dict[str, Translation],
    legal_forms: Sequence[str],
) -> dict[str, list[Signatory]]:  # fmt: skip
    """The organisations each name passes for, by its normalised form, in the data's order:
    its whole label, its name alone, its abbreviation alone and its translation. Made once,
    so that checking n names costs n look-ups, not n × n comparisons."""
    found: dict[str, list[Signatory]] = {}
    for entry in entries:
        theirs = translations.get(entry.id)
        candidates = [entry.label, entry.name, *filter(None, [entry.abbreviation])]
        candidates += [theirs.text, _bare(theirs.text, legal_forms)] if theirs else []
        for key in dict.fromkeys(map(normalise, candidates)):
            found.setdefault(key, []).append(entry)
    return found
