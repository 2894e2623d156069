"""Quality checks on translation catalogs (``make check-po``).

Each problem is one ``file:line: message``. The checks, in the spirit of the Python
documentation translations' ``make verifs``:

- syntax, header and format strings: ``msgfmt --check``;
- header: ``Language`` matches the folder, ``Plural-Forms`` agrees with CLDR, UTF-8, not fuzzy;
- no fuzzy entries;
- MyST/Sphinx markup kept: roles, links and their targets, inline code, emphasis,
  placeholders; and none added — raw HTML, directives or new link targets in a
  translation are rejected, so a translation cannot inject markup;
- numbers kept (digit grouping may differ: 20,000 = 20 000);
- spelling of Cyrillic words with Hunspell and the project's word list
  ``locale/<lang>/wordlist.txt`` (names kept in Latin letters are not checked).
"""

from __future__ import annotations

import gettext
import re
import subprocess
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from editions.project import Project
from editions.typography import typography_problems

HUNSPELL = {"uk": "uk_UA", "ru": "ru_RU", "be": "be_BY"}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# -- markup -----------------------------------------------------------------------------
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
_CODE = re.compile(r"``?([^`]+)``?")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_URL = re.compile(r"(?<![(<])\bhttps?://[^\s)>\]]+")
_HTML = re.compile(r"</?[A-Za-z!][^>]*>")
_PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfr]|%[sdfr]|\{\{[^}]*\}\}")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]:?")
_BLOCK = re.compile(r"^\s*(```|:::|\{[\w:-]+\}|\.\. \w)", re.MULTILINE)
_TARGET = re.compile(r"<([^<>]+)>$")


def markup(text: str) -> Counter[str]:
    """The markup of a MyST string, as countable tokens (translatable text left out)."""
    text = _ESCAPE.sub("", text)  # an escaped character is text, not markup
    found: Counter[str] = Counter()
    for name, content in _ROLE.findall(text):
        target = _TARGET.search(content)
        found[f"role {{{name}}}" + (f" → {target.group(1)}" if target else "")] += 1
    text = _ROLE.sub(" ", text)
    for tokens, pattern, label in (
        (_AUTOLINK.findall(text), _AUTOLINK, "link"),
        (_LINK.findall(text), _LINK, "link"),
        (_URL.findall(text), _URL, "link"),
        (_PLACEHOLDER.findall(text), _PLACEHOLDER, "placeholder"),
        (_FOOTNOTE.findall(text), _FOOTNOTE, "footnote"),
        (_CODE.findall(text), _CODE, "code"),
        (_HTML.findall(text), _HTML, "raw HTML"),
        (_BLOCK.findall(text), _BLOCK, "block markup"),
    ):
        for token in tokens:
            found[f"{label} {token}"] += 1
        text = pattern.sub(" ", text)
    strong = text.count("**") + text.count("__")
    if strong:
        found["strong emphasis (**)"] = strong
    emphasis = len(re.findall(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])", text.replace("**", "")))
    if emphasis:
        found["emphasis (*)"] = emphasis
    return found


def markup_problems(source: str, translation: str) -> list[str]:
    wanted, got = markup(source), markup(translation)
    missing = [f"markup missing from the translation: {t}" for t in (wanted - got)]
    added = [f"markup not in the source: {t}" for t in (got - wanted)]
    return missing + added


# -- numbers ----------------------------------------------------------------------------
_GROUPING = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009 .](?=\d{3}(?!\d))")


def numbers(text: str) -> Counter[str]:
    """The numbers of a text's words (digits in link targets and footnote labels are markup)."""
    for markup_pattern in (_LINK, _AUTOLINK, _URL, _FOOTNOTE):
        text = markup_pattern.sub(" ", text)
    return Counter(re.findall(r"\d+", _GROUPING.sub("", text)))


def number_problems(source: str, translation: str) -> list[str]:
    wanted, got = numbers(source), numbers(translation)
    problems = [f"number missing from the translation: {n}" for n in sorted(wanted - got)]
    problems += [f"number not in the source: {n}" for n in sorted(got - wanted)]
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
    if "charset=utf-8" not in meta.get("Content-Type", "").lower().replace(" ", ""):
        problems.append("header Content-Type must say charset=UTF-8")
    if catalog.metadata_is_fuzzy:
        problems.append("the header is marked fuzzy: fill it in and remove the flag")
    return problems + plural_problems(meta.get("Plural-Forms"), language)


# -- spelling ---------------------------------------------------------------------------
_WORD = re.compile(r"[\w’'-]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def words(text: str) -> list[str]:
    text = _URL.sub(" ", _CODE.sub(" ", _ROLE.sub(" ", text)))
    return [w.strip("-’'") for w in _WORD.findall(text) if _CYRILLIC.search(w)]


def misspelled(project: Project, language: str, texts: Iterable[str]) -> set[str]:
    dictionary = HUNSPELL.get(language)
    if dictionary is None:
        return set()
    wordlist = project.locale / language / "wordlist.txt"
    command = ["hunspell", "-d", dictionary, "-l", "-i", "utf-8"]
    if wordlist.exists():
        command += ["-p", str(wordlist)]
    text = "\n".join(" ".join(words(t)) for t in texts)
    out = subprocess.run(command, input=text, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


# -- a catalog ------------------------------------------------------------------------
def msgfmt_problems(project: Project, po: Path) -> tuple[bool, list[Problem]]:
    """``msgfmt --check``: whether the catalog compiles, and what it reported."""
    proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True,
                          text=True)  # fmt: skip
    problems = []
    for line in proc.stderr.splitlines():
        match = re.match(rf"{re.escape(str(po))}:(\d+):\s*(.*)", line)
        if match:
            problems.append(Problem(project.relative(po), int(match.group(1)), match.group(2)))
    if proc.returncode != 0 and not problems:
        problems.append(Problem(project.relative(po), 1, proc.stderr.strip() or "msgfmt failed"))
    return proc.returncode == 0, problems


def check_catalog(project: Project, po: Path, spelling: bool = True) -> list[Problem]:
    language = po.parent.parent.name
    compiles, problems = msgfmt_problems(project, po)
    if not compiles:
        return problems
    relative_path = project.relative(po)

    catalog = polib.pofile(str(po))
    problems += [Problem(relative_path, 1, m) for m in header_problems(catalog, language)]
    entries = [e for e in catalog if not e.obsolete]
    for entry in entries:
        if entry.fuzzy:
            problems.append(
                Problem(
                    relative_path, entry.linenum, "fuzzy entry: review it, then remove the flag"
                )
            )
        for source, translation in _pairs(entry):
            if not translation:
                continue
            for message in markup_problems(source, translation) + number_problems(
                source, translation
            ):
                problems.append(Problem(relative_path, entry.linenum, message))
            for message in typography_problems(language, translation, source):
                problems.append(Problem(relative_path, entry.linenum, message))
    if spelling:
        translations = [s for e in entries for s in (e.msgstr, *e.msgstr_plural.values()) if s]
        unknown = misspelled(project, language, translations)
        for entry in entries:
            for word in sorted({w for s in (entry.msgstr, *entry.msgstr_plural.values())
                                for w in words(s) if w in unknown}):  # fmt: skip
                problems.append(Problem(relative_path, entry.linenum,
                                        f"unknown word '{word}' (if it is right, add it to "
                                        f"locale/{language}/wordlist.txt)"))  # fmt: skip
    return problems


def markup_check(project: Project, po: Path) -> list[Problem]:
    """Only the markup comparison: what the build refuses, so no translation injects markup."""
    problems = []
    for entry in polib.pofile(str(po)):
        if entry.obsolete or entry.fuzzy:
            continue  # neither is used in a build
        for source, translation in _pairs(entry):
            if translation:
                problems += [Problem(project.relative(po), entry.linenum, m)
                             for m in markup_problems(source, translation)]  # fmt: skip
    return problems


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) for an entry, one per plural form."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [(entry.msgid_plural, s) for s in entry.msgstr_plural.values()]


def changed_catalogs(project: Project) -> set[Path]:
    """Catalogs that differ from the last commit (edited or new)."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=project.root, capture_output=True, text=True)
        return out.stdout.split("\n") if out.returncode == 0 else []

    names = git("diff", "--name-only", "HEAD", "--", "locale")
    names += git("ls-files", "--others", "--exclude-standard", "--", "locale")
    return {(project.root / n).resolve() for n in names if n.endswith(".po")}
