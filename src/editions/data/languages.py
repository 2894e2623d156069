"""Adding a language: one registration in ``pyproject.toml``, catalogs with a finished header."""

from __future__ import annotations

import functools
import json
import re
import shutil
import tomllib
from collections.abc import Callable

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from editions.data import fonts
from editions.project import LanguageError, Project, language_code, normalise


def validate(code: str) -> Locale:
    """The CLDR locale for a language the editions can be made in (a code the settings
    accept, :func:`editions.project.language_code`, in a script one of the editions' installed
    faces covers, :mod:`editions.data.fonts`); a clear error otherwise."""
    code = language_code(code)
    locale = Locale.parse(code)
    script = script_of(code)
    if not script:
        return locale
    face = fonts.face_for(script)
    if face is None:
        package = fonts.OTHER_PACKAGES.get(script)
        covered = ", ".join(fonts.FAMILIES)
        where = f"; its Noto face is in Debian's {package}" if package else ""
        raise LanguageError(
            f"{locale.english_name} is written in the {script} script, which none of the "
            f"editions' typefaces covers ({covered}){where}"
        )
    if not all(path.is_file() for path in face.files()):
        raise LanguageError(
            f"{locale.english_name} needs the typeface {face.family}, which is not installed: "
            f"sudo apt-get install {fonts.PACKAGE} (make installs it when run as root)"
        )
    return locale


def script_of(code: str) -> str:
    """The ISO 15924 script ``code`` is written in: its own (``sr_Latn``), else CLDR's likely
    one (``uk``: Cyrl); "" when CLDR knows none."""
    locale = Locale.parse(code)
    return locale.script or parse_locale(get_global("likely_subtags").get(code, code))[2] or ""


def register(project: Project, code: str) -> None:
    """Add ``code`` to ``languages`` and ``drafts`` in ``pyproject.toml``, keeping its layout."""
    path = project.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    text = _append(text, "languages", code)
    text = _append(text, "drafts", code)
    path.write_text(text, encoding="utf-8")


def _append(toml: str, key: str, code: str) -> str:
    return _edit(toml, key, lambda codes: [*codes, code])


def _edit(toml: str, key: str, change: Callable[[list[str]], list[str]]) -> str:
    """``pyproject.toml`` with ``key = [...]`` of ``[tool.editions]`` changed: its one line
    rewritten, the rest of the file as it was; read back to check it says what was meant."""
    table = re.search(r"^\[tool\.editions\][ \t]*$(.*?)(?=^\[|\Z)", toml, re.M | re.S)
    lines = list(re.finditer(rf"^{key}[ \t]*=[ \t]*\[[^\]\n]*\][ \t]*(#.*)?$",
                             table.group(1), re.M)) if table else []  # fmt: skip
    editions = tomllib.loads(toml).get("tool", {}).get("editions", {})
    if len(lines) != 1:
        raise LanguageError(f"pyproject.toml: write '{key} = [...]' on one line of "
                            "[tool.editions], so that the command can edit it")  # fmt: skip
    wanted = change(list(editions.get(key, [])))
    match, start = lines[0], table.start(1) if table else 0
    comment = f"  {match.group(1)}" if match.group(1) else ""
    line = f"{key} = [{', '.join(json.dumps(code) for code in wanted)}]{comment}"
    edited = toml[: start + match.start()] + line + toml[start + match.end() :]
    if tomllib.loads(edited)["tool"]["editions"].get(key) != wanted:
        raise LanguageError(f"pyproject.toml: could not edit '{key}'; edit it by hand")
    return edited


def remove(project: Project, code: str) -> str:
    """Take ``code`` out of ``languages`` and ``drafts`` in ``pyproject.toml`` and delete its
    catalogs (``locale/<code>/``); the source language cannot be removed."""
    code = normalise(code)
    if code == project.source_language:
        raise LanguageError(f"'{code}' is the source language: it cannot be removed")
    if code not in project.languages:
        raise LanguageError(f"'{code}' is not one of the project's languages "
                            f"({', '.join(project.languages)})")  # fmt: skip
    path = project.root / "pyproject.toml"
    text = _without(path.read_text(encoding="utf-8"), "languages", code)
    if code in project.drafts:
        text = _without(text, "drafts", code)
    # Only once pyproject.toml's new text is known right are the catalogs deleted.
    catalogs = project.locale / code  # a parsed code: a folder name, never a path
    if catalogs.is_dir():
        shutil.rmtree(catalogs)
    path.write_text(text, encoding="utf-8")
    return code


def _without(toml: str, key: str, code: str) -> str:
    return _edit(toml, key, lambda codes: [c for c in codes if c != code])


@functools.cache
def native_name(code: str) -> str:
    """The language's name in itself, as a switcher shows it: Українська, English, Беларуская,
    ქართული (Georgian has no capitals in running text: its upper case, Mtavruli, is not a
    title case).

    CLDR's capitalisation at the start of a sentence (ICU's title-casing of the first word):
    each name stands first on its own, and CLDR's transform for UI lists is given for a few
    languages only (Українська, but беларуская, polski)."""
    import icu  # only names of languages need it

    locale = icu.Locale(code.replace("-", "_"))
    context = [icu.UDisplayContext.CAPITALIZATION_FOR_BEGINNING_OF_SENTENCE]
    return str(icu.LocaleDisplayNames.createInstance(locale, context).localeDisplayName(locale))


@functools.cache
def right_to_left(language: str) -> bool:
    """Whether CLDR writes ``language``'s script right to left (ar, he, fa: yes)."""
    try:
        return bool(Locale.parse(language.replace("-", "_")).character_order == "right-to-left")
    except (ValueError, UnknownLocaleError):
        return False


def direction(language: str) -> str:
    """``rtl`` or ``ltr``, as HTML's ``dir`` and the PDF template take it."""
    return "rtl" if right_to_left(language) else "ltr"
