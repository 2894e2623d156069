"""How far a language's catalogs translate the current source: one definition of progress.

Used by ``make status``, the status page, ``make check-publish`` and the extension's reader
notice alike. Reads catalogs with polib; no tools, no Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib

from editions import names

EXTENSION_DOMAIN = "editions"  # the catalog of the Sphinx extension's own strings
UI_DOMAIN = "sphinx"  # Sphinx's catalog name: ours adds to and overrides Sphinx's own

# A translator comment ``# keep: <reason>`` marks a translation deliberately identical to its
# source (a name, a URL). A comment, not a flag: msgmerge drops flags it does not know, while
# translator comments survive every merge and every editor (Poedit, Weblate).
KEEP = "keep:"


def is_kept(entry: polib.POEntry) -> bool:
    """Whether the catalog marks ``entry`` as intentionally kept as the source has it."""
    return any(line.strip().lower().startswith(KEEP) for line in entry.tcomment.splitlines())


def is_copy(entry: polib.POEntry) -> bool:
    """A translation identical to its source and not marked kept: the English, pasted.

    Sphinx (since 7.2) counts it as translated; this project counts it as untranslated.
    """
    if is_kept(entry):
        return False
    if entry.msgid_plural:
        sources = (entry.msgid, entry.msgid_plural)
        found = [s for s in entry.msgstr_plural.values() if s]
        return bool(found) and all(s in sources for s in found)
    return bool(entry.msgstr) and entry.msgstr == entry.msgid


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
    (a name not translated yet is shown as written: see :mod:`editions.names`).
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


def state(entry: polib.POEntry | None) -> str | None:
    """Why ``entry`` does not translate its source string (None: it does)."""
    if entry is None:
        return NOT_MERGED
    if entry.fuzzy:
        return "fuzzy"
    if not entry.translated():
        return "untranslated"
    return COPY if is_copy(entry) else None


def assess(
    language: str, sources: dict[str, list[Message]], found: dict[str, polib.POFile]
) -> Progress:
    """Progress of ``language``: each domain's source strings against its catalog."""
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
            why = state(entry)
            if why is None:
                translated += 1
            else:
                missing.append(Missing(domain, (entry and entry.linenum) or 0, why, msgid))
    return Progress(language, translated, tuple(missing))
