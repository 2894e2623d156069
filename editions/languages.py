"""Adding a language: one registration in ``pyproject.toml``, catalogs with a finished header."""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError

from editions.project import Project


class LanguageError(ValueError):
    pass


def validate(code: str) -> Locale:
    """The CLDR locale for a language code such as ``pl`` or ``kk``; a clear error otherwise."""
    if not re.fullmatch(r"[a-z]{2,3}", code or ""):
        raise LanguageError(f"'{code}' is not a language code (two or three letters, e.g. 'pl')")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise LanguageError(f"unknown language code '{code}' (not in CLDR)") from None


def register(project: Project, code: str) -> None:
    """Add ``code`` to ``languages`` and ``drafts`` in ``pyproject.toml``, keeping its layout."""
    if code in project.languages:
        raise LanguageError(f"'{code}' is already one of the project's languages")
    path = project.root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    text = _append(text, "languages", code)
    text = _append(text, "drafts", code)
    path.write_text(text, encoding="utf-8")


def _append(toml: str, key: str, code: str) -> str:
    pattern = re.compile(rf"^({key} = \[)(.*?)(\])$", re.MULTILINE)
    match = pattern.search(toml)
    if match is None:
        raise LanguageError(f"no '{key} = [...]' line in [tool.editions] of pyproject.toml")
    items = [i for i in match.group(2).split(", ") if i]
    return pattern.sub(
        lambda m: m.group(1) + ", ".join([*items, f'"{code}"']) + m.group(3), toml, count=1
    )


def latex_support(code: str, latex_languages: dict[str, str]) -> str | None:
    """A warning when the PDF would not hyphenate in the new language, else ``None``."""
    from docutils.writers.latex2e import Babel  # only here: docutils is slow to import

    if code in Babel.language_codes or code in latex_languages:
        return None
    return (
        f"LaTeX does not know '{code}' by that code: add its polyglossia name to "
        "editions_latex_languages in conf.py for hyphenation in the PDF"
    )


def native_name(code: str) -> str:
    """The language's name in itself, as a switcher shows it: Українська, English, Беларуская."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
