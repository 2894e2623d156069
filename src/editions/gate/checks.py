"""Quality checks on translation catalogs (``make check-po``).

Each problem is one ``file:line: message``. The checks, in the spirit of the Python
documentation translations' ``make verifs``:

- syntax, header and format strings: ``msgfmt --check``;
- header: ``Language`` matches the folder, ``Plural-Forms`` agrees with CLDR, UTF-8, not fuzzy;
- no fuzzy entries;
- no translation identical to its English source (pasted English) unless it is kept: a
  translator comment ``# keep: <reason>``, or its msgid in the language's keep list
  ``locale/<lang>/keep.yaml`` (names excepted: see names.py); a kept string is the English,
  so the edition's typography is not asked of it; a keep list names only strings the
  catalogs have;
- the file is UTF-8 and its header says so;
- markup kept, compared as MyST parses it (``editions.gate.markup``): blocks, directives, roles,
  links and their targets in the source's order, titles, images, reference definitions, inline
  code, emphasis; none added, so a translation cannot inject markup. UI strings are plain
  text with their placeholders;
- numbers kept (digit grouping may differ: 20,000 = 20 000);
- numbers written as words kept, with ICU's spell-out rules (advisory:
  :mod:`editions.gate.numerals`);
- no bidi control, and right-to-left marks only in right-to-left languages;
- at most ``KEPT_SHARE`` of a language's entries kept as the English, no passage of more than
  ``KEPT_WORDS`` words;
- translate-toolkit's pofilter checks chosen in :mod:`editions.gate.quality` (final and initial
  punctuation, URLs, escapes), and words mixing scripts, each foreign letter named;
- spelling with Hunspell (every language with a dictionary installed) and the project's word
  list ``locale/<lang>/wordlist.txt``; only words in the language's own script (names kept in
  Latin letters in a Cyrillic text are not checked);
- organisations' names (``signatories.po``): none blank or invisible, none equal or
  confusable with another organisation's (the same check stops the build).

The build and ``check-publish`` refuse what :func:`gate_problems` finds (syntax, header,
markup, numbers, invisible controls); ``check-publish`` also what :func:`kept_problems` finds.
"""

from __future__ import annotations

import codecs
import email.message
import gettext
import itertools
import re
import subprocess
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from editions.data import names, signatories
from editions.data.datafile import BIDI_CONTROLS, named
from editions.data.languages import right_to_left
from editions.data.progress import (
    EXTENSION_DOMAIN,
    KEEP_LIST,
    UI_DOMAIN,
    KeepList,
    is_copy,
    is_kept,
    keep_list,
    listed_as,
)  # fmt: skip
from editions.gate import markup, numerals, quality
from editions.gate.typography import rules, typography_problems
from editions.project import Problem, Project, Refused

UI_DOMAINS = (UI_DOMAIN, EXTENSION_DOMAIN)  # the page around the statement: plain text
COPY_MESSAGE = (
    "the translation is the English text: translate it, or, if it must stay as it is, "
    "add a translator comment '# keep: <reason>' above the entry (or ask a maintainer to "
    "list it in the language's keep.yaml)"
)


# -- numbers ----------------------------------------------------------------------------
_GROUPING = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009 .](?=\d{3}(?!\d))")


def numbers(text: str) -> Counter[str]:
    """The numbers of a MyST string's words (digits in link targets and labels are markup)."""
    return Counter(re.findall(r"\d+", _GROUPING.sub("", markup.text(text))))


def number_problems(source: str, translation: str) -> list[str]:
    wanted, got = numbers(source), numbers(translation)
    problems = [f"number missing from the translation: {n}" for n in sorted(wanted - got)]
    problems += [f"number not in the source: {n}" for n in sorted(got - wanted)]
    return problems


# -- invisible controls -----------------------------------------------------------------
# Marks that right-to-left scripts need between runs of digits, Latin and their own letters:
# LEFT-TO-RIGHT MARK, RIGHT-TO-LEFT MARK, ARABIC LETTER MARK. ZWNJ and ZWJ (U+200C, U+200D),
# which Persian, Indic scripts and emoji need, are never refused.
RTL_MARKS = frozenset("\u200e\u200f\u061c")


def control_problems(language: str, translation: str) -> list[str]:
    """Bidi controls anywhere, and right-to-left marks outside right-to-left languages."""
    found = dict.fromkeys(c for c in translation if c in BIDI_CONTROLS)
    problems = [f"invisible control {named(c)}: it reorders what readers see (numbers too) "
                "while every check reads the text unchanged: remove it" for c in found]  # fmt: skip
    if not right_to_left(language):
        marks = dict.fromkeys(c for c in translation if c in RTL_MARKS)
        problems += [f"invisible mark {named(c)}: only right-to-left scripts need it, not "
                     f"'{language}': remove it" for c in marks]  # fmt: skip
    return problems


# -- header -----------------------------------------------------------------------------
def plural_problems(header: str | None, language: str) -> list[str]:
    expected = get_plural(language)
    if not header:
        return [f"no Plural-Forms header (CLDR: {expected.plural_forms})"]
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$", header)
    if not match:
        return [f"unreadable Plural-Forms: {header}"]
    nplurals, expression = int(match.group(1)), match.group(2)
    try:
        ours, cldr = gettext.c2py(expression), gettext.c2py(expected.plural_expr)
    except (ValueError, SyntaxError):
        return [f"unreadable plural expression: {expression}"]
    if nplurals != expected.num_plurals or any(ours(n) != cldr(n) for n in range(1000)):
        return [f"Plural-Forms disagrees with CLDR for '{language}': use {expected.plural_forms}"]
    return []


def header_problems(catalog: polib.POFile, language: str) -> list[str]:
    meta = catalog.metadata
    problems = []
    if meta.get("Language") != language:
        problems.append(f"header Language is '{meta.get('Language')}', expected '{language}'")
    if catalog.metadata_is_fuzzy:
        problems.append("the header is marked fuzzy: fill it in and remove the flag")
    return problems + plural_problems(meta.get("Plural-Forms"), language)


# -- a catalog ------------------------------------------------------------------------
def encoding_problems(project: Project, po: Path) -> list[Problem]:
    """A catalog must be UTF-8 and say so; checked before any tool reads it."""
    data = po.read_bytes()
    where = project.relative(po)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        return [Problem(where, 1, "the file is UTF-16 (or binary): save it as UTF-8")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [Problem(where, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): "
                        "save the file as UTF-8 with charset=UTF-8 in its header")]  # fmt: skip
    # Python's text files (polib, so the gate) end a line there; Babel (the build) does not:
    # a line the gate reads as a comment would be published as part of a translation.
    if (carriage := re.search(r"\r(?!\n)", text)) is not None:
        line = text.count("\n", 0, carriage.start()) + 1
        message = ("a carriage return without a line feed: tools read its lines differently: "
                   "save the file with LF (or CRLF) line endings")  # fmt: skip
        return [Problem(where, line, message)]
    lines = text.splitlines()
    if not text.strip():
        return [Problem(where, 1, "the catalog is empty: restore it from git, or delete it "
                        "and run `make update-po` to start it again, untranslated")]  # fmt: skip
    line = next((n for n, t in enumerate(lines, 1) if t.startswith('"Content-Type:')), 1)
    content_type = email.message.Message()
    content_type["Content-Type"] = lines[line - 1].strip('"').partition(":")[2].replace("\\n", "")
    charset = content_type.get_content_charset() or ""
    try:
        utf8 = codecs.lookup(charset).name == "utf-8"
    except LookupError:
        utf8 = False
    if not utf8:
        wanted = '"Content-Type: text/plain; charset=UTF-8"'
        message = f"the header declares charset {charset or 'none'}: catalogs must say {wanted}"
        return [Problem(where, line, message)]
    return []


def msgfmt_problems(project: Project, po: Path) -> tuple[bool, list[Problem]]:
    """``msgfmt --check``: whether the catalog compiles, and what it reported."""
    proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True,
                          text=True, errors="replace")  # fmt: skip
    problems = []
    for line in proc.stderr.splitlines():
        match = re.match(rf"{re.escape(str(po))}:(\d+):\s*(.*)", line)
        if match:
            problems.append(Problem(project.relative(po), int(match.group(1)), match.group(2)))
    if proc.returncode != 0 and not problems:
        problems.append(Problem(project.relative(po), 1, proc.stderr.strip() or "msgfmt failed"))
    return proc.returncode == 0, problems


def readable(project: Project, po: Path) -> tuple[polib.POFile | None, list[Problem]]:
    """The catalog if it is UTF-8 and compiles; otherwise what is wrong, by line."""
    problems = encoding_problems(project, po)
    if problems:
        return None, problems
    compiles, problems = msgfmt_problems(project, po)
    if not compiles:
        return None, problems
    try:
        return polib.pofile(str(po), encoding="utf-8"), problems
    except (OSError, ValueError) as exc:  # polib's own syntax errors, if msgfmt let one through
        return None, [*problems, Problem(project.relative(po), 1, str(exc))]


def markup_problems(po: Path, source: str, translation: str) -> list[str]:
    """Document strings keep their MyST markup; UI strings are plain text
    (``editions.gate.markup``)."""
    if po.stem in UI_DOMAINS:
        return markup.ui_problems(source, translation)
    return markup.problems(source, translation)


def catalog_files(project: Project, languages: Iterable[str]) -> list[Path]:
    return [
        po
        for language in languages
        for po in sorted((project.locale / language / "LC_MESSAGES").glob("*.po"))
    ]


def check_catalogs(
    project: Project, languages: list[str], changed: bool = False, spelling: bool = True
) -> tuple[list[Path], list[Problem]]:
    """The catalogs of ``languages`` (only those changed since the last commit, with
    ``changed``) and their problems, by file. Hunspell reads each language's dictionary once,
    for all its catalogs."""
    files = catalog_files(project, languages)
    if changed:
        touched = changed_catalogs(project)
        files = [po for po in files if po.resolve() in touched]
    problems: list[Problem] = []
    for folder, group in itertools.groupby(files, key=lambda po: po.parent.parent):
        listed, problems_listed = keep_problems(project, folder.name)
        problems += problems_listed
        checked = {po: _checked(project, po, listed) for po in group}
        entries = {po: found for po, (_, found) in checked.items()}
        spelled = spelling_problems(project, entries) if spelling else []
        for po, (own, _) in checked.items():
            problems += own + [p for p in spelled if p.path == project.relative(po)]
        problems += kept_problems(project, folder.name)
    return files, problems


def _checked(
    project: Project, po: Path, listed: KeepList
) -> tuple[list[Problem], list[polib.POEntry]]:
    """A catalog's problems but spelling, and the entries to spell-check."""
    language = po.parent.parent.name
    catalog, problems = readable(project, po)
    if catalog is None:
        return problems, []
    relative_path = project.relative(po)
    problems += [Problem(relative_path, 1, m) for m in header_problems(catalog, language)]
    if po.stem == names.DOMAIN:
        problems += name_problems(project, po)
    entries = [e for e in catalog if not e.obsolete]
    found = [(e, m) for e in entries
             for m in entry_problems(po, language, e, listed, project.source_language)]  # fmt: skip
    return problems + [Problem(relative_path, line_of(e), m) for e, m in found], entries


def line_of(entry: polib.POEntry) -> int:
    """The entry's line; polib numbers every entry it reads, so 0 is never shown."""
    return entry.linenum or 0


def entry_problems(
    po: Path, language: str, entry: polib.POEntry, listed: KeepList, source_language: str = "en"
) -> list[str]:
    """What is wrong with one entry of a catalog: fuzzy, an English copy, its markup, numbers
    (in digits, then in words too), typography (not asked of a kept string: it is the English)
    and content; ``listed``: the language's keep list."""
    problems = ["fuzzy entry: review it, then remove the flag"] if entry.fuzzy else []
    if po.stem != names.DOMAIN and not entry.fuzzy and is_copy(entry, listed):
        problems.append(COPY_MESSAGE)
    kept = is_kept(entry, listed)
    for source, translation in _pairs(entry):
        if translation:
            problems += blocking_problems(po, language, source, translation)
            if not (kept and translation in (entry.msgid, entry.msgid_plural)):
                problems += typography_problems(language, translation, source)
            problems += numerals.problems(source_language, language, source, translation)
            problems += content_problems(po, language, source, translation)
    return problems


# -- kept entries ----------------------------------------------------------------------
# A kept entry ('# keep:' or keep.yaml) stays as the English has it: a name, a title, a short
# quotation. An edition kept as the English beyond these would pass for translated.
KEPT_SHARE = 0.10  # of an edition's entries (organisations' names apart)
KEPT_WORDS = 5  # more words kept as the English in the statement: a whole passage


def kept_problems(project: Project, language: str) -> list[Problem]:
    """Entries kept as the English beyond what a translation keeps: more than ``KEPT_SHARE``
    of the edition's entries, or a passage of the statement of more than ``KEPT_WORDS``
    words. ``check-publish`` refuses the edition until they are translated or reviewed."""
    entries = [(po, e) for po in catalog_files(project, [language]) if po.stem != names.DOMAIN
               for e in _entries(po)]  # fmt: skip
    try:
        listed = keep_list(project.locale / language)
    except Refused:
        listed = {}  # malformed: keep_problems names it
    kept = [(po, e) for po, e in entries if is_kept(e, listed) and _english(e)]
    review = "translate it, or ask a maintainer to review why it stays in English"
    problems = [
        Problem(project.relative(po), line_of(e), f"{words} words of the statement kept as the "
                f"English ('# keep:' or keep.yaml), more than {KEPT_WORDS}: {review}")
        for po, e in kept if po.stem not in UI_DOMAINS
        and (words := len(markup.text(e.msgid).split())) > KEPT_WORDS
    ]  # fmt: skip
    if len(kept) > KEPT_SHARE * len(entries):
        po, first = kept[0]
        problems.insert(0, Problem(project.relative(po), line_of(first), f"{len(kept)} of "
                        f"{len(entries)} entries of '{language}' are kept as the English "
                        f"('# keep:' or keep.yaml), more than {KEPT_SHARE:.0%}: translate them, "
                        "or ask a maintainer to review why they stay in English"))  # fmt: skip
    return problems


def keep_problems(
    project: Project, language: str, stale: bool = True
) -> tuple[KeepList, list[Problem]]:
    """The language's keep list (``locale/<lang>/keep.yaml``), and what is wrong with it: not
    readable, or (with ``stale``) a listed string none of the language's catalogs has (the
    English changed: list the new string, or remove the line)."""
    path = project.locale / language / KEEP_LIST
    try:
        listed = keep_list(path.parent)
    except Refused as exc:
        return {}, [project.located(exc.problem)]
    if not stale:
        return listed, []
    known = {listed_as(e.msgid) for po in catalog_files(project, [language]) for e in _entries(po)}
    return listed, [
        Problem(project.relative(path), line, "listed as kept, but no catalog of "
                f"'{language}' has this string (the English changed?): update or remove it")
        for msgid, line in listed.items() if msgid not in known
    ]  # fmt: skip


def _entries(po: Path) -> list[polib.POEntry]:
    try:
        return [e for e in polib.pofile(str(po), encoding="utf-8") if not e.obsolete]
    except (OSError, ValueError):
        return []  # unreadable: readable() names the problem


def _english(entry: polib.POEntry) -> bool:
    """Whether the entry's translation is its English."""
    found = _translations(entry)
    return bool(found) and all(s in (entry.msgid, entry.msgid_plural) for s in found)


def spelling_problems(project: Project, catalogs: dict[Path, list[polib.POEntry]]) -> list[Problem]:
    """Each entry's words that the dictionary and the project's word list lack, for catalogs
    of one language (checked in one run of Hunspell)."""
    if not catalogs:
        return []
    language = next(iter(catalogs)).parent.parent.name
    wordlist = project.locale / language / "wordlist.txt"
    texts = [s for entries in catalogs.values() for e in entries for s in _translations(e)]
    unknown = quality.misspelled(language, texts, wordlist)
    return [Problem(project.relative(po), line_of(entry), f"unknown word '{word}' (if it is "
                    f"right, add it to locale/{language}/wordlist.txt)")
            for po, entries in catalogs.items()
            for entry in entries
            for word in sorted({w for s in _translations(entry)
                                for w in quality.words(s, language) if w in unknown})]  # fmt: skip


def _translations(entry: polib.POEntry) -> list[str]:
    return [s for s in (entry.msgstr, *entry.msgstr_plural.values()) if s]


def content_problems(po: Path, language: str, source: str, translation: str) -> list[str]:
    """translate-toolkit's checks (not on names: their quotes and punctuation are the
    organisations' own) and words mixing scripts."""
    found = [] if po.stem == names.DOMAIN else quality.pofilter_problems(language, source,
                                                                        translation)  # fmt: skip
    return found + quality.mixed_script_problems(translation)


def name_problems(project: Project, po: Path) -> list[Problem]:
    try:
        entries = [e for f in names.signatory_files(project) for e in signatories.load(f)]
    except Refused as exc:
        return [project.located(exc.problem)]
    forms = rules(po.parent.parent.name).before_names
    found = names.problems(entries, names.read(po), forms)
    return [Problem(project.relative(po), line, message) for line, message in found]


def blocking_problems(po: Path, language: str, source: str, translation: str) -> list[str]:
    """What changes a translation's meaning or safety: its markup and links, its numbers, an
    invisible control. The gate refuses it; ``check-po`` reports it with the rest."""
    return (markup_problems(po, source, translation) + number_problems(source, translation)
            + control_problems(language, translation))  # fmt: skip


def gate_problems(project: Project, po: Path) -> list[Problem]:
    """What the build and ``check-publish`` refuse in a catalog: not UTF-8, not compiling, a
    header for another language, fuzzy or with a plural rule other than CLDR's, or an entry
    the build uses with :func:`blocking_problems`."""
    catalog, problems = readable(project, po)
    if catalog is None:
        return problems
    language, where = po.parent.parent.name, project.relative(po)
    problems += [Problem(where, 1, m) for m in header_problems(catalog, language)]
    for entry in catalog:
        if entry.obsolete or entry.fuzzy:
            continue  # neither is used in a build
        for source, translation in _pairs(entry):
            found = blocking_problems(po, language, source, translation) if translation else []
            problems += [Problem(where, line_of(entry), m) for m in found]
    return problems


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) for an entry, one per plural form."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [(entry.msgid_plural, s) for s in entry.msgstr_plural.values()]


def changed_catalogs(project: Project) -> set[Path]:
    """Catalogs that differ from the last commit (edited or new), and every catalog of a
    language whose keep list does."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=project.root, capture_output=True, text=True)
        return out.stdout.split("\n") if out.returncode == 0 else []

    names = git("diff", "--name-only", "HEAD", "--", "locale")
    names += git("ls-files", "--others", "--exclude-standard", "--", "locale")
    found = {(project.root / n).resolve() for n in names if n.endswith(".po")}
    for listed in (project.root / n for n in names if n.endswith(f"/{KEEP_LIST}")):
        found |= {po.resolve() for po in (listed.parent / "LC_MESSAGES").glob("*.po")}
    return found
