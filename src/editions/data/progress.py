"""How far a language's catalogs translate the current source: one definition of progress.

Used by ``make status``, the status page, ``make check-publish`` and the extension's reader
notice alike. Reads catalogs with polib; no tools, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import polib
import yaml

from editions.data import names
from editions.data.datafile import compose, line_of, mapping, text
from editions.project import KEEP_LIST as KEEP_LIST  # re-exported: the keep list is progress's
from editions.project import Problem, Refused

EXTENSION_DOMAIN = "editions"  # the catalog of the Sphinx extension's own strings
UI_DOMAIN = "sphinx"  # Sphinx's catalog name: ours adds to and overrides Sphinx's own

# A translation deliberately identical to its source (a name, a URL, a quotation) is "kept",
# in either of two ways, read by the one function :func:`is_kept`:
# - a translator comment ``# keep: <reason>`` above the entry (Poedit, text editors). A
#   comment, not a flag: msgmerge drops flags it does not know, while translator comments
#   survive every merge;
# - the language's keep list, ``locale/<lang>/keep.yaml``, reviewed by maintainers, for
#   platforms that keep explanations in their own database (Weblate): one ``- msgid: ...``
#   with its ``reason: ...`` per string. Runs of spaces and line breaks in a listed msgid
#   count as one space, so a paragraph may be written over several lines.
KEEP = "keep:"
KeepList = Mapping[str, int]  # a listed msgid, its spaces collapsed: its line in the file
_KEYS = {"msgid", "reason"}


def listed_as(msgid: str) -> str:
    """A msgid as the keep list matches it: runs of spaces and line breaks as one space."""
    return " ".join(msgid.split())


def keep_list(folder: Path) -> KeepList:
    """The keep list of the language whose folder (``locale/<lang>``) is ``folder``: empty
    when there is none. A malformed one raises ``Refused`` at its ``file:line``."""
    path = folder / KEEP_LIST
    if not path.is_file():
        return {}
    root = compose(path)
    if root is None:
        return {}
    if not isinstance(root, yaml.SequenceNode):
        raise Refused(Problem(path, line_of(root), "expected a list of kept strings "
                              "('- msgid: ...')"))  # fmt: skip
    found: dict[str, int] = {}
    for item in root.value:
        nodes = mapping(path, item, _KEYS, "each kept string")
        for key in sorted(_KEYS - nodes.keys()):
            raise Refused(Problem(path, line_of(item), f"missing '{key}'"))
        msgid = listed_as(text(path, nodes["msgid"], "msgid"))
        text(path, nodes["reason"], "reason")
        if msgid in found:
            first = found[msgid]
            raise Refused(Problem(path, line_of(item), f"listed twice (first on line {first})"))
        found[msgid] = line_of(item)
    return found


def is_kept(entry: polib.POEntry, listed: Collection[str]) -> bool:
    """Whether ``entry`` is kept as the source has it: marked by a translator comment
    ``# keep:``, or its msgid in the language's keep list ``listed`` (:func:`keep_list`)."""
    return (
        any(line.strip().lower().startswith(KEEP) for line in entry.tcomment.splitlines())
        or listed_as(entry.msgid) in listed
    )


def is_copy(entry: polib.POEntry, listed: Collection[str]) -> bool:
    """A translation identical to its source and not kept (:func:`is_kept`): the English,
    pasted.

    Sphinx (since 7.2) counts it as translated; this project counts it as untranslated.
    """
    if is_kept(entry, listed) or _wordless(entry.msgid):
        return False
    if entry.msgid_plural:
        sources = (entry.msgid, entry.msgid_plural)
        found = [s for s in entry.msgstr_plural.values() if s]
        return bool(found) and all(s in sources for s in found)
    return bool(entry.msgstr) and entry.msgstr == entry.msgid


def _wordless(text: str) -> bool:
    """No word to translate (a table's ``21``, ``2022``): the same in every edition, so the
    same text is no copy. Not with a decimal or grouping mark, nor a percent or per mille
    sign, which languages write apart (8,1; 50 %; %50)."""
    return not any(c.isalpha() for c in text) and not set(".,%‰") & set(text)


# -- progress: one definition, used by `make status`, the status page, the reader notice
# and `make check-publish` --------------------------------------------------------------
Message = tuple[str | None, str]  # (msgctxt, msgid) of a source string
NOT_MERGED = "not merged"  # in the current source, not in the catalog yet (make update-po)
COPY = "English copy"  # identical to its source, not marked kept


@dataclass(frozen=True)
class Missing:
    """A source string an edition does not have in its language yet, and where."""

    domain: str
    line: int  # in the catalog; 0 when the catalog does not have it yet
    state: str  # "untranslated", "fuzzy", COPY or NOT_MERGED
    text: str  # the English

    def words(self, count: int = 8) -> str:
        """The first words of the English, as a translator finds the entry."""
        found = self.text.split()
        return " ".join(found[:count]) + (" …" if len(found) > count else "")

    def where(self) -> str:
        return f"{self.domain}.po:{self.line}" if self.line else f"{self.domain}.po (not yet)"


@dataclass(frozen=True)
class Progress:
    """Strings of the current source in a language: translated, or missing (and why).

    A fuzzy entry, an empty one, English pasted as a translation and a string the catalog
    does not have yet all count as not translated. Organisations' names are not counted
    (a name not translated yet is shown as written: see :mod:`editions.data.names`).
    """

    language: str
    translated: int
    missing: tuple[Missing, ...] = ()

    @property
    def fuzzy(self) -> int:
        return sum(1 for m in self.missing if m.state == "fuzzy")

    @property
    def untranslated(self) -> int:
        return len(self.missing) - self.fuzzy

    @property
    def not_merged(self) -> int:
        return sum(1 for m in self.missing if m.state == NOT_MERGED)

    @property
    def total(self) -> int:
        return self.translated + len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def state(entry: polib.POEntry | None, listed: Collection[str]) -> str | None:
    """Why ``entry`` does not translate its source string (None: it does); ``listed``: the
    language's keep list."""
    if entry is None:
        return NOT_MERGED
    if entry.fuzzy:
        return "fuzzy"
    if not entry.translated():
        return "untranslated"
    return COPY if is_copy(entry, listed) else None


def assess(
    language: str,
    sources: dict[str, list[Message]],
    found: dict[str, polib.POFile],
    listed: Collection[str],
) -> Progress:
    """Progress of ``language``: each domain's source strings against its catalog, with the
    language's keep list ``listed``."""
    translated, missing = 0, []
    for domain, messages in sources.items():
        if domain == names.DOMAIN:
            continue
        po = found.get(domain)
        entries: dict[Message, polib.POEntry] = (
            {(e.msgctxt, e.msgid): e for e in po if not e.obsolete} if po else {}
        )
        for context, msgid in messages:
            entry = entries.get((context, msgid))
            why = state(entry, listed)
            if why is None:
                translated += 1
            else:
                missing.append(Missing(domain, (entry and entry.linenum) or 0, why, msgid))
    return Progress(language, translated, tuple(missing))
