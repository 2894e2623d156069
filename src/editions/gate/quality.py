"""Further catalog checks (``make check-po``): translate-toolkit's, mixed scripts, spelling.

- translate-toolkit's ``pofilter`` checks, those that raise no false alarm on this project's
  catalogs: final and initial punctuation, URLs, escapes, new lines and tabs. Spaces, quotes
  and the apostrophe are the language-aware rules of :mod:`editions.gate.typography`; numbers and
  markup are compared by :mod:`editions.gate.checks` and :mod:`editions.gate.markup`.
  Left out on purpose: ``doublequoting`` (a name in «…» against the English without quotes),
  ``brackets`` (an interface label may explain itself in parentheses), ``puncspacing``.
- a word mixing scripts (a Latin "a" inside a Cyrillic word), named letter by letter, with
  ICU's Unicode script property;
- spelling with Hunspell, for every language with a dictionary installed (Debian's package
  for it: :mod:`editions.data.dictionaries`), and a notice naming what to install, or that Debian
  has none.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import icu
from babel.core import get_global, parse_locale
from babel.messages.catalog import PYTHON_FORMAT
from translate.filters import checks as pofilter

from editions.data.dictionaries import HUNSPELL_DIR, debian_package
from editions.data.dictionaries import installed as dictionary
from editions.gate import markup
from editions.gate.typography import prose

POFILTER_CHECKS = ("endpunc", "startpunc", "urls", "escapes", "newlines", "tabs")
_ON_TEXT = {"endpunc", "startpunc", "urls"}  # run on the words a reader sees, not the markup
_WORD = re.compile(r"\w+(?:[’'ʼ]\w+)*")
_NEUTRAL = {"Zyyy", "Zinh", "Zzzz"}  # Common, Inherited, Unknown: digits, marks, signs


def pofilter_problems(language: str, source: str, translation: str) -> list[str]:
    """The chosen pofilter checks, each failure as ``pofilter <check>: <what>``."""
    checker = pofilter.StandardChecker(
        checkerconfig=pofilter.CheckerConfig(targetlanguage=language)
    )
    # The English types an ellipsis as three dots; the translation may use the sign.
    source, translation = source.replace("...", "…"), translation.replace("...", "…")
    # Punctuation and URLs as a reader sees them: a link's target is markup, compared where
    # it is (editions.gate.markup), and word order may move a link to the start or the end.
    shown = markup.plain(source), markup.plain(translation)
    found = []
    for name in POFILTER_CHECKS:
        pair = shown if name in _ON_TEXT else (source, translation)
        try:
            getattr(checker, name)(*pair)
        except pofilter.FilterFailure as failure:
            found.append(f"pofilter {name}: {failure}{_detail(name, *pair)}")
    return found


def _detail(name: str, source: str, translation: str) -> str:
    if name == "endpunc":
        return f" (the English ends with {source.rstrip()[-1:]!r}, the translation with " \
            f"{translation.rstrip()[-1:]!r})"  # fmt: skip
    return ""


def script(char: str) -> str:
    """ICU's four-letter script code of ``char`` (Latn, Cyrl, Zyyy for common signs...)."""
    return str(icu.Script.getScript(ord(char)).getShortName())


def script_name(char: str) -> str:
    """ICU's English name of the script of ``char``: Latin, Cyrillic..."""
    return str(icu.Script.getScript(ord(char)).getName()).replace("_", " ")


def mixed_script_problems(text: str) -> list[str]:
    """Words whose letters come from more than one script, each foreign letter named."""
    problems = []
    for word in dict.fromkeys(_WORD.findall(markup.text(text))):
        scripts = Counter(s for s in map(script, word) if s not in _NEUTRAL)
        if len(scripts) < 2:
            continue
        main = scripts.most_common(1)[0][0]
        letters = ", ".join(
            f"'{c}' (U+{ord(c):04X}) is {script_name(c)}"
            for c in dict.fromkeys(word)
            if script(c) not in _NEUTRAL | {main}
        )
        main_name = script_name(next(c for c in word if script(c) == main))
        problems.append(f"'{word}': {letters} in a {main_name} word")
    return problems


# -- spelling ---------------------------------------------------------------------------------
def writing_script(language: str) -> str:
    """The script a language is usually written in (CLDR's likely subtags): Cyrl for uk."""
    likely = get_global("likely_subtags").get(language.replace("-", "_"), language)
    return parse_locale(likely)[2] or "Latn"


def spelling_notice(language: str) -> str | None:
    """What to say when ``language`` cannot be spell-checked here."""
    if dictionary(language) is not None:
        return None
    package = debian_package(language)
    if package is None:
        return (
            f"{language}: no Hunspell dictionary in {HUNSPELL_DIR}, and Debian has none for this "
            "language: its catalogs are not spell-checked"
        )
    return (
        f"{language}: no Hunspell dictionary in {HUNSPELL_DIR}: spelling not checked "
        f"(run make as root, or: sudo apt-get install {package})"
    )


def words(text: str, language: str) -> list[str]:
    """The words to spell-check: those in the language's own script (a name kept in Latin
    letters in a Cyrillic text is not checked)."""
    wanted = writing_script(language)
    text = PYTHON_FORMAT.sub(" ", text)  # %(name)s: the program's, not the language's
    found = _WORD.findall(prose(markup.text(text)))
    return [w for w in found if all(script(c) in _NEUTRAL | {wanted} for c in w)
            and any(script(c) == wanted for c in w)]  # fmt: skip


def misspelled(language: str, texts: Iterable[str], wordlist: Path | None) -> set[str]:
    """Words Hunspell does not know (nothing when there is no dictionary)."""
    name = dictionary(language)
    if name is None:
        return set()
    command = ["hunspell", "-d", str(HUNSPELL_DIR / name), "-l", "-i", "utf-8"]
    if wordlist is not None and wordlist.exists():
        command += ["-p", str(wordlist)]
    text = "\n".join(" ".join(words(t, language)) for t in texts)
    out = subprocess.run(command, input=text, capture_output=True, text=True, check=True)
    return set(out.stdout.split())
