"""Adding a language: one registration in ``pyproject.toml``, catalogs with a finished header."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from editions.project import Project


class LanguageError(ValueError):
    pass


# Scripts the PDF's typeface covers: Libertinus Serif, embedded in the typst package (checked
# by rendering each script with font fallback off). Typst sets Hebrew right to left from the
# language; Arabic, CJK, Indic and other scripts have no covering font, so they are refused.
PDF_SCRIPTS = {"Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek", "Hebr": "Hebrew"}


# gettext modifiers that name a script (``sr@latin``), as BCP 47 script subtags.
_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl"}
_CODE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?"
                   r"(?:@([a-z]+))?")  # fmt: skip


@dataclass(frozen=True)
class Tag:
    """One language in every form the tools want; ``gettext`` is the project's own form
    (``locale/<gettext>/``, ``pyproject.toml``, Sphinx's ``-D language=``)."""

    language: str
    script: str = ""
    region: str = ""

    @property
    def gettext(self) -> str:  # also Sphinx's and Babel's: sr_Latn, pt_BR
        return "_".join(filter(None, (self.language, self.script, self.region)))

    @property
    def bcp47(self) -> str:  # HTML lang: sr-Latn, pt-BR
        return "-".join(filter(None, (self.language, self.script, self.region)))

    @property
    def rtd(self) -> str:  # Read the Docs' project language: sr-latn, pt-br
        return self.bcp47.lower()


def parse(code: str) -> Tag:
    """``sr-Latn``, ``sr_Latn``, ``sr@latin``, ``pt-BR``, ``pt_BR``, ``pt-br`` → one Tag."""
    match = _CODE.fullmatch(code or "")
    if match is None:
        raise LanguageError(
            f"'{code}' is not a language code (e.g. 'pl', 'pt-BR', 'sr-Latn' or 'sr@latin')"
        )
    language, script, region, modifier = match.groups()
    if modifier:
        if modifier not in _MODIFIERS or script:
            raise LanguageError(f"'{code}': unknown modifier '@{modifier}' (use e.g. sr-Latn)")
        script = _MODIFIERS[modifier]
    return Tag(language.lower(), (script or "").title(), (region or "").upper())


def normalise(code: str) -> str:
    """The project's form of a language code (``pt-br`` → ``pt_BR``)."""
    return parse(code).gettext


def validate(code: str) -> Locale:
    """The CLDR locale for a language the editions can be made in; a clear error otherwise."""
    code = normalise(code)
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise LanguageError(f"unknown language code '{code}' (not in CLDR)") from None
    script = locale.script or parse_locale(get_global("likely_subtags").get(code, code))[2]
    if script and script not in PDF_SCRIPTS:
        supported = ", ".join(PDF_SCRIPTS.values())
        raise LanguageError(
            f"{locale.english_name} is written in the {script} script; the PDF editions' typeface "
            f"covers {supported} only"
        )
    return locale


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
    return _edit(toml, key, lambda items: [*items, f'"{code}"'])


def _edit(toml: str, key: str, change: Callable[[list[str]], list[str]]) -> str:
    """``key = [...]`` of ``[tool.editions]`` with its items changed, the file's layout kept."""
    pattern = re.compile(rf"^({key} = \[)(.*?)(\])$", re.MULTILINE)
    match = pattern.search(toml)
    if match is None:
        raise LanguageError(f"no '{key} = [...]' line in [tool.editions] of pyproject.toml")
    items = change([i for i in match.group(2).split(", ") if i])
    return pattern.sub(lambda m: m.group(1) + ", ".join(items) + m.group(3), toml, count=1)


def remove(project: Project, code: str) -> None:
    """Take ``code`` out of ``languages`` and ``drafts`` in ``pyproject.toml`` and delete its
    catalogs (``locale/<code>/``); the source language cannot be removed."""
    code = normalise(code)
    if code == project.source_language:
        raise LanguageError(f"'{code}' is the source language: it cannot be removed")
    if code not in project.languages:
        raise LanguageError(f"'{code}' is not one of the project's languages "
                            f"({', '.join(project.languages)})")  # fmt: skip
    path = project.root / "pyproject.toml"
    text = _without(_without(path.read_text(encoding="utf-8"), "languages", code), "drafts", code)
    catalogs = project.locale / code  # a parsed code: a folder name, never a path
    if catalogs.is_dir():
        shutil.rmtree(catalogs)
    path.write_text(text, encoding="utf-8")


def _without(toml: str, key: str, code: str) -> str:
    return _edit(toml, key, lambda items: [i for i in items if i != f'"{code}"'])


def native_name(code: str) -> str:
    """The language's name in itself, as a switcher shows it: Українська, English, Беларуская."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def sphinx_code(code: str) -> str:
    """A language code as Read the Docs passes it (``READTHEDOCS_LANGUAGE``: lower case with
    a dash, ``pt-br``) as Sphinx's ``language`` expects it (``pt_BR``); ``uk`` stays ``uk``."""
    language, _, region = code.partition("-")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()
